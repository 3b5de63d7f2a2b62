// The evaluation set run through a language model (any OpenAI-compatible Chat Completions server):
// each command is sent with AIRA's system prompt and every registered tool (name, description, input
// schema), and the model's first step is scored the way score.ts scores the offline model: the tool
// it calls (tool accuracy), that call's input against the expected fields and the tool's own schema
// (argument accuracy), and, for commands that should get a question, a refusal or help, that it
// answered in words without calling a tool. Tools are not executed: this measures understanding, not
// the store. Opt-in (bench/aira-llm-eval.ts): a model costs money and time.
import { generateText, tool, type LanguageModel, type ModelMessage, type ToolSet } from "ai";
import { allTools } from "../../tools";
import { airaInstructions } from "../instructions";
import { evalSet, inputSchema, matchesSubset, type Category, type EvalCommand } from "./score";

export interface ModelEvalResult {
  id: string;
  category: Category;
  passed: boolean;
  toolCorrect?: boolean;
  argumentsCorrect?: boolean;
  /** The first tool call, or the reply's text when there was none. */
  got: { tool: string; input: unknown } | { text: string };
  problems: string[];
}

interface Tally {
  total: number;
  correct: number;
  accuracy: number;
}

export interface ModelEvalReport {
  total: number;
  passed: number;
  accuracy: number;
  toolChoice: Tally;
  arguments: Tally;
  /** Commands that should get words (a question, a refusal, help) and got words, not a tool call. */
  answeredInWords: Tally;
  errors: number;
  results: ModelEvalResult[];
}

/** Every registered tool as the model sees it in the app (no execute: the first step's calls are the answer). */
export function evalTools(): ToolSet {
  const tools: ToolSet = {};
  for (const definition of allTools)
    tools[definition.name] = tool({ description: definition.description, inputSchema: definition.input });
  return tools;
}

async function firstStep(model: LanguageModel, tools: ToolSet, messages: ModelMessage[], system: string) {
  const result = await generateText({ model, instructions: system, messages, tools, maxRetries: 1 });
  const call = result.toolCalls[0];
  return { call, text: result.text, messages: result.response.messages };
}

async function scoreOne(
  command: EvalCommand,
  model: LanguageModel,
  tools: ToolSet,
  system: string,
): Promise<ModelEvalResult> {
  const problems: string[] = [];
  const expect = command.expect;
  let messages: ModelMessage[] = [{ role: "user", content: command.text }];
  let step = await firstStep(model, tools, messages, system);
  if (command.followUp !== undefined) {
    if (step.call) problems.push(`first turn called ${step.call.toolName}, not a clarifying question`);
    // A tool call without its result cannot be sent back; the follow-up then reads as a second message.
    messages = [...messages, ...(step.call ? [] : step.messages), { role: "user", content: command.followUp }];
    step = await firstStep(model, tools, messages, system);
  }
  const got = step.call ? { tool: step.call.toolName, input: step.call.input } : { text: step.text };
  let toolCorrect: boolean | undefined;
  let argumentsCorrect: boolean | undefined;
  if (expect.kind === "tool") {
    toolCorrect = step.call?.toolName === expect.tool;
    if (!step.call) problems.push(`expected tool ${expect.tool}, got words: ${step.text.slice(0, 120)}`);
    else if (!toolCorrect) problems.push(`expected tool ${expect.tool}, got ${step.call.toolName}`);
    argumentsCorrect = false;
    if (toolCorrect && step.call) {
      const parsed = inputSchema(step.call.toolName)?.safeParse(step.call.input);
      if (!parsed?.success) problems.push("input fails the tool's schema");
      if (!matchesSubset(expect.input ?? {}, step.call.input))
        problems.push(`input ${JSON.stringify(step.call.input)} does not match ${JSON.stringify(expect.input)}`);
      argumentsCorrect = problems.length === 0;
    }
  } else if (step.call) problems.push(`expected ${expect.kind} in words, got tool ${step.call.toolName}`);
  return {
    id: command.id,
    category: expect.kind,
    passed: problems.length === 0,
    toolCorrect,
    argumentsCorrect,
    got,
    problems,
  };
}

const tally = (results: ModelEvalResult[], ok: (r: ModelEvalResult) => boolean): Tally => {
  const correct = results.filter(ok).length;
  return { total: results.length, correct, accuracy: results.length ? correct / results.length : 1 };
};

/**
 * Scores `model` on `commands` (default: the whole evaluation set), `concurrency` commands at a
 * time. A command whose request fails counts as failed, with the error as its problem.
 */
export async function scoreModel(options: {
  model: LanguageModel;
  commands?: EvalCommand[];
  concurrency?: number;
  shop?: string;
  onResult?: (result: ModelEvalResult, done: number) => void;
}): Promise<ModelEvalReport> {
  const commands = options.commands ?? evalSet.commands;
  const tools = evalTools();
  const system = airaInstructions({
    shop: options.shop ?? "royal-equips-dev.myshopify.com",
    today: new Date(evalSet.now),
  });
  const results: ModelEvalResult[] = new Array(commands.length);
  let next = 0;
  let done = 0;
  let errors = 0;
  const worker = async () => {
    for (let i = next++; i < commands.length; i = next++) {
      try {
        results[i] = await scoreOne(commands[i], options.model, tools, system);
      } catch (error) {
        errors++;
        results[i] = {
          id: commands[i].id,
          category: commands[i].expect.kind,
          passed: false,
          ...(commands[i].expect.kind === "tool" ? { toolCorrect: false, argumentsCorrect: false } : {}),
          got: { text: "" },
          problems: [`request failed: ${error instanceof Error ? error.message : String(error)}`],
        };
      }
      options.onResult?.(results[i], ++done);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  const toolResults = results.filter((r) => r.category === "tool");
  const passed = results.filter((r) => r.passed).length;
  return {
    total: results.length,
    passed,
    accuracy: results.length ? passed / results.length : 1,
    toolChoice: tally(toolResults, (r) => Boolean(r.toolCorrect)),
    arguments: tally(toolResults, (r) => Boolean(r.argumentsCorrect)),
    answeredInWords: tally(
      results.filter((r) => r.category !== "tool"),
      (r) => r.passed,
    ),
    errors,
    results,
  };
}
