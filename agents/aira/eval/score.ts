// Scores the offline model against the evaluation commands (commands.json) over the catalogue
// fixture (catalog.json): the expected kind, tool and input fields (a subset match; dates exact for
// the set's fixed `now`), and that every tool input passes the tool's schema.
import type { z } from "zod";
import { allTools } from "../../tools";
import type { CatalogEntry, UnderstandContext, Understanding } from "../offline/understand";
import { understand as defaultUnderstand } from "../offline/understand";
import catalogJson from "./catalog.json";
import commandsJson from "./commands.json";

export type Category = "tool" | "clarify" | "refuse" | "help";

export interface EvalCommand {
  id: string;
  text: string;
  /** An answer to the clarifying question `text` should get; scored on `text + " " + followUp`. */
  followUp?: string;
  tags?: string[];
  /** "holdout", "holdout2": batches written after the parser was tuned on the earlier ones, to measure how it generalises. */
  split?: string;
  expect: {
    kind: Category;
    tool?: string;
    input?: Record<string, unknown>;
    optionsInclude?: string[];
    /** Words the clarifying question itself must contain: a generic "I'm not sure" is not the question meant. */
    questionIncludes?: string[];
  };
}

export interface EvalResult {
  id: string;
  text: string;
  category: Category;
  tags: string[];
  split: string;
  passed: boolean;
  /** For tool commands: the right tool was chosen. */
  toolCorrect?: boolean;
  /** For tool commands: the right tool with the expected input fields, and the input passes the schema. */
  argumentsCorrect?: boolean;
  got: Understanding;
  problems: string[];
  micros: number;
}

interface Tally {
  total: number;
  correct: number;
  accuracy: number;
}
export interface EvalReport {
  total: number;
  passed: number;
  accuracy: number;
  categories: { toolChoice: Tally; arguments: Tally; clarify: Tally; refuse: Tally; help: Tally };
  /** Accuracy per batch: "dev" (the first), then each held-out batch in the order written. */
  splits: Record<string, Tally>;
  failures: EvalResult[];
  results: EvalResult[];
  microsPerCommand: number;
}

export const evalCatalog = catalogJson as CatalogEntry[];
export const evalSet = commandsJson as { now: string; agents: string[]; commands: EvalCommand[] };

export function evalContext(
  catalog: CatalogEntry[] = evalCatalog,
  intentModel?: UnderstandContext["intentModel"],
): UnderstandContext {
  return {
    now: new Date(evalSet.now),
    catalog,
    agents: evalSet.agents,
    ...(intentModel !== undefined ? { intentModel } : {}),
  };
}

/** The schema a tool's input must pass: the registered tool's own (none: the tool does not exist). */
export function inputSchema(tool: string): z.ZodType | undefined {
  return allTools.find((t) => t.name === tool)?.input;
}

/** Whether `actual` has every field of `expected` (recursively; arrays match element for element, in any order). */
export function matchesSubset(expected: unknown, actual: unknown): boolean {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return false;
    const used = new Set<number>();
    return expected.every((e) => {
      const i = actual.findIndex((a, j) => !used.has(j) && matchesSubset(e, a));
      if (i < 0) return false;
      used.add(i);
      return true;
    });
  }
  if (expected && typeof expected === "object") {
    if (!actual || typeof actual !== "object") return false;
    return Object.entries(expected).every(([k, v]) => matchesSubset(v, (actual as Record<string, unknown>)[k]));
  }
  if (typeof expected === "number" && typeof actual === "number") return Math.abs(expected - actual) < 1e-9;
  return expected === actual;
}

function scoreOne(command: EvalCommand, understand: typeof defaultUnderstand, context: UnderstandContext): EvalResult {
  const problems: string[] = [];
  const started = performance.now();
  let got: Understanding;
  if (command.followUp !== undefined) {
    const first = understand(command.text, context);
    if (first.kind !== "clarify")
      problems.push(
        `first turn was ${first.kind}${first.kind === "tool" ? ` ${first.tool}` : ""}, not a clarifying question`,
      );
    got = understand(`${command.text} ${command.followUp}`, context);
  } else got = understand(command.text, context);
  const micros = (performance.now() - started) * 1000;

  const expect = command.expect;
  let toolCorrect: boolean | undefined;
  let argumentsCorrect: boolean | undefined;
  if (got.kind !== expect.kind)
    problems.push(
      `expected ${expect.kind}, got ${got.kind}${got.kind === "tool" ? ` ${got.tool} ${JSON.stringify(got.input)}` : got.kind === "clarify" ? `: ${got.question}` : got.kind === "refuse" ? `: ${got.reason}` : ""}`,
    );
  if (expect.kind === "tool") {
    toolCorrect = got.kind === "tool" && got.tool === expect.tool;
    if (got.kind === "tool" && !toolCorrect) problems.push(`expected tool ${expect.tool}`);
    argumentsCorrect = false;
    if (got.kind === "tool" && toolCorrect) {
      const schema = inputSchema(got.tool);
      const parsed = schema?.safeParse(got.input);
      if (!schema) problems.push(`no schema known for ${got.tool}`);
      else if (!parsed!.success)
        problems.push(
          `input fails the schema: ${parsed!.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
        );
      const fieldsOk = matchesSubset(expect.input ?? {}, got.input);
      if (!fieldsOk) problems.push(`input ${JSON.stringify(got.input)} does not match ${JSON.stringify(expect.input)}`);
      argumentsCorrect = fieldsOk && Boolean(parsed?.success) && problems.length === 0;
    }
  }
  if (expect.optionsInclude && got.kind === "clarify") {
    for (const wanted of expect.optionsInclude)
      if (!got.options?.some((o) => o.toLowerCase().includes(wanted.toLowerCase())))
        problems.push(`options ${JSON.stringify(got.options ?? [])} lack "${wanted}"`);
  }
  if (expect.questionIncludes && got.kind === "clarify") {
    for (const wanted of expect.questionIncludes)
      if (!got.question.toLowerCase().includes(wanted.toLowerCase()))
        problems.push(`the question "${got.question}" does not mention "${wanted}"`);
  }
  return {
    id: command.id,
    text: command.followUp !== undefined ? `${command.text} ⟶ ${command.followUp}` : command.text,
    category: expect.kind,
    tags: command.tags ?? [],
    split: command.split ?? "dev",
    passed: problems.length === 0,
    toolCorrect,
    argumentsCorrect,
    got,
    problems,
    micros,
  };
}

const tally = (results: EvalResult[], ok: (r: EvalResult) => boolean): Tally => {
  const correct = results.filter(ok).length;
  return { total: results.length, correct, accuracy: results.length ? correct / results.length : 1 };
};

/** Runs every evaluation command and scores it. */
export function scoreEval(
  options: {
    understand?: typeof defaultUnderstand;
    catalog?: CatalogEntry[];
    commands?: EvalCommand[];
    /** The learned intent model to use (default: the one trained from commands.json; null: rules only). */
    intentModel?: UnderstandContext["intentModel"];
  } = {},
): EvalReport {
  const understand = options.understand ?? defaultUnderstand;
  const context = evalContext(options.catalog, options.intentModel);
  const results = (options.commands ?? evalSet.commands).map((c) => scoreOne(c, understand, context));
  const tools = results.filter((r) => r.category === "tool");
  const passed = results.filter((r) => r.passed).length;
  return {
    total: results.length,
    passed,
    accuracy: passed / results.length,
    categories: {
      toolChoice: tally(tools, (r) => Boolean(r.toolCorrect)),
      arguments: tally(tools, (r) => Boolean(r.argumentsCorrect)),
      clarify: tally(
        results.filter((r) => r.category === "clarify"),
        (r) => r.passed,
      ),
      refuse: tally(
        results.filter((r) => r.category === "refuse"),
        (r) => r.passed,
      ),
      help: tally(
        results.filter((r) => r.category === "help"),
        (r) => r.passed,
      ),
    },
    splits: Object.fromEntries(
      [...new Set(results.map((r) => r.split))].map((split) => [
        split,
        tally(
          results.filter((r) => r.split === split),
          (r) => r.passed,
        ),
      ]),
    ),
    failures: results.filter((r) => !r.passed),
    results,
    microsPerCommand: results.reduce((s, r) => s + r.micros, 0) / results.length,
  };
}
