// The tool registry: lookup, input validation with messages that say what to send instead,
// output validation (a mismatch is our bug and throws), and an audit record of every call.
import { z } from "zod";
import { actorLabel, type ToolContext } from "./context";
import { fail, type ToolResult } from "./result";
import type { AnyTool } from "./tool";
import { audit, queueAudit, type AuditEntry } from "./audit";
import { storedAnswer } from "../results/serve";
import { sharedAnswer } from "./shared-reads";
import { inSpan } from "../infra/tracing";

export interface ToolRegistry {
  list(): AnyTool[];
  get(name: string): AnyTool | undefined;
  /** Validates, runs and audits one call. Unknown tools and bad input come back as failures. */
  call(ctx: ToolContext, name: string, rawInput: unknown): Promise<ToolResult<unknown>>;
  /**
   * The typed call for our own code (pages, jobs, tests): takes the tool's definition, not its name,
   * and returns its output type. Same validation and audit as `call`.
   */
  run<T extends AnyTool>(ctx: ToolContext, tool: T, input: ToolInput<T>): Promise<ToolResult<ToolOutput<T>>>;
}

/** What a caller may send a tool (defaults still optional). */
export type ToolInput<T extends AnyTool> = z.input<T["input"]>;
/** What a tool returns on success, after its output schema has been checked. */
export type ToolOutput<T extends AnyTool> = z.output<T["output"]>;

export function createRegistry(tools: AnyTool[]): ToolRegistry {
  const byName = new Map<string, AnyTool>();
  for (const tool of tools) {
    if (byName.has(tool.name)) throw new Error(`Duplicate tool name ${tool.name}`);
    byName.set(tool.name, tool);
  }
  const registry: ToolRegistry = {
    list: () => [...byName.values()],
    get: (name) => byName.get(name),
    async run(ctx, tool, input) {
      if (byName.get(tool.name) !== tool) throw new Error(`Tool ${tool.name} is not in this registry`);
      // Sound: `call` checks the data against this tool's output schema before returning it.
      return (await registry.call(ctx, tool.name, input)) as ToolResult<ToolOutput<typeof tool>>;
    },
    call(ctx, name, rawInput) {
      // One span per tool call, whichever surface made it (page, AIRA, MCP, job): ADR 0024.
      return inSpan(`tool ${name}`, { "tool.name": name, "shopify.shop": ctx.shop }, async (span) => {
        const result = await callTool(ctx, name, rawInput);
        span.setAttribute("tool.outcome", result.ok ? "ok" : result.code);
        return result;
      });
    },
  };
  const callTool = async (ctx: ToolContext, name: string, rawInput: unknown): Promise<ToolResult<unknown>> => {
    {
      const tool = byName.get(name);
      if (!tool) return fail("not_found", `No tool named "${name}".`, `Use one of: ${[...byName.keys()].join(", ")}`);
      const started = Date.now();
      const unstorable = unstorableTextPath(rawInput);
      if (unstorable !== null) {
        const result = fail(
          "invalid_input",
          `${unstorable || "input"}: text must not contain NUL characters or unpaired surrogates.`,
          "Remove the control characters and send the text again.",
        );
        await auditCall(ctx, {
          action: `tool.${name}`,
          input: rawInput,
          result,
          outcome: "error",
          read: tool.annotations.readOnly,
        });
        return result;
      }
      const parsed = tool.input.safeParse(rawInput ?? {});
      if (!parsed.success) {
        const result = fail(
          "invalid_input",
          describeIssues(parsed.error),
          `Send an object matching: ${inputShape(tool)}`,
        );
        await auditCall(ctx, {
          action: `tool.${name}`,
          input: rawInput,
          result,
          outcome: "error",
          read: tool.annotations.readOnly,
        });
        return result;
      }
      const compute = async () => {
        const computed = await tool.handler(ctx, parsed.data);
        if (computed.ok) {
          const checked = tool.output.safeParse(computed.data);
          if (!checked.success)
            throw new Error(
              `Tool ${name} returned data that does not match its output schema: ${describeIssues(checked.error)}`,
            );
        }
        return computed;
      };
      // Heavy analysis answers from its stored result in requests and is computed in the worker (ADR 0015).
      const stored = storedFor(tool, ctx);
      const result = stored
        ? await storedAnswer(ctx, { ...tool, stored }, parsed.data, compute)
        : tool.sharedUntil && ctx.sharedReads
          ? await sharedAnswer(ctx, tool, parsed.data, compute)
          : await compute();
      if (worthAuditing(tool, ctx, result))
        await auditCall(ctx, {
          action: `tool.${name}`,
          input: parsed.data,
          result: summarise(result),
          outcome: result.ok ? "ok" : "error",
          ms: Date.now() - started,
          read: tool.annotations.readOnly,
        });
      ctx.logger.debug(
        { tool: name, actor: actorLabel(ctx.actor), ok: result.ok, ms: Date.now() - started },
        "tool call",
      );
      return result;
    }
  };
  return registry;
}

/** A read's row is queued where the context says so (/mcp); every other row is written before the answer. */
async function auditCall(ctx: ToolContext, entry: AuditEntry) {
  if (entry.read && ctx.auditReads) queueAudit(ctx, entry, ctx.auditReads.queueMs);
  else await audit(ctx, entry);
}

/** The path of the first string holding a NUL or an unpaired surrogate (text no database stores alike), else null. */
function unstorableTextPath(value: unknown, path = ""): string | null {
  if (typeof value === "string") return value.includes("\u0000") || !value.isWellFormed() ? path : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = unstorableTextPath(item, `${path}${path ? "." : ""}${i}`);
      if (found !== null) return found;
    }
  } else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const found = unstorableTextPath(item, `${path}${path ? "." : ""}${key}`);
      if (found !== null) return found;
    }
  }
  return null;
}

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join(".") : "input"}: ${issue.message}`)
    .join("; ");
}

/** A compact, model-readable description of the expected input (from its JSON Schema). */
export function inputShape(tool: AnyTool): string {
  const schema = z.toJSONSchema(tool.input, { unrepresentable: "any", io: "input" }) as {
    properties?: Record<string, { type?: string; description?: string }>;
    required?: string[];
  };
  const fields = Object.entries(schema.properties ?? {}).map(
    ([key, value]) => `${key}${schema.required?.includes(key) ? "" : "?"}: ${value.type ?? "value"}`,
  );
  return `{ ${fields.join(", ")} }`;
}

/**
 * Whether this call answers from a stored result: a tool stored for pages only (ADR 0049) does in
 * the merchant's requests and is stored by the worker; elsewhere (AIRA, MCP) it computes in place.
 */
function storedFor(tool: AnyTool, ctx: ToolContext): { freshForMs: number } | undefined {
  const stored = tool.stored;
  if (!stored?.pagesOnly) return stored;
  return ctx.actor.kind === "merchant" || ctx.results?.mode === "compute" ? stored : undefined;
}

/**
 * Every call is audited except the merchant's own pages reading: a page view is not an event, and a
 * write per view would cost every read (big-store throughput). Their failures are still audited,
 * and so is every read by AIRA, MCP clients and agents.
 */
function worthAuditing(tool: AnyTool, ctx: ToolContext, result: ToolResult<unknown>): boolean {
  if (!tool.annotations.readOnly || ctx.actor.kind !== "merchant") return true;
  return !result.ok && result.code !== "pending";
}

// Audit rows keep what the tool decided, not megabytes of tables.
function summarise(result: ToolResult<unknown>) {
  const text = JSON.stringify(result);
  return text.length <= 4_000 ? result : { ok: result.ok, truncated: true, preview: text.slice(0, 4_000) };
}
