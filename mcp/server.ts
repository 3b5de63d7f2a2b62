// The MCP server: a thin adapter over the tool registry. Every tool in the registry is listed
// (JSON Schemas from its zod input and output, annotations mapped to MCP hints) and every call goes
// through registry.call(), so validation, audit and the approval path are the same as in the app.
//
// tools/list and tools/call are our own handlers on the SDK's Server rather than
// McpServer.registerTool: registerTool validates arguments itself before the handler runs (a bad
// call would never reach the registry, so it would not be audited and would miss the registry's
// "send this instead" hint), and it lists tools without pages. Resources and prompts use McpServer.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type CallToolResult,
  type ProgressToken,
  type ServerNotification,
  type ServerRequest,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import { z } from "zod";
import { audit } from "../agents/core/audit";
import type { ToolContext } from "../agents/core/context";
import type { ToolRegistry } from "../agents/core/registry";
import type { ToolFailure } from "../agents/core/result";
import type { AnyTool } from "../agents/core/tool";
import { toolRegistry } from "../agents/tools";
import type { CallLimiter } from "./auth";
import { summarise } from "./summary";

export const SERVER_INFO = { name: "royal-equips", title: "Royal Equips", version: "0.1.0" };
// Every tool on one page for clients that never ask for the next one (there are ~50 tools); the
// cursor still works for those that do.
export const DEFAULT_PAGE_SIZE = 100;
export const DEFAULT_TEXT_LIMIT = 20_000;

/**
 * Builds the context of one call: the shop and actor are fixed by whoever authenticated the client.
 * `extra` is the request's (the shared HTTP server reads the caller's context from it: mcp/multiplex.ts).
 */
export type ContextFactory = (extra?: { authInfo?: AuthInfo }) => ToolContext | Promise<ToolContext>;

export interface McpServerOptions {
  /** Default: every tool in agents/tools (the list grows; nothing here names a tool). */
  registry?: ToolRegistry;
  /** Tools per tools/list page. */
  pageSize?: number;
  /** Characters of the text rendering of a result (structuredContent is complete). */
  textLimit?: number;
  /** Per-token budget for tool calls; over it, calls come back as rate_limited errors. */
  limiter?: CallLimiter;
}

// ---------- tool descriptions (computed once per registry: tools/list is then a slice) ----------

const describedTools = new WeakMap<ToolRegistry, Tool[]>();

function jsonSchema(schema: z.ZodType, io: "input" | "output"): Record<string, unknown> {
  // draft-7, as the SDK's own zod conversion: clients validate structuredContent with Ajv.
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    target: "draft-7",
    io,
    unrepresentable: "any",
  }) as Record<string, unknown>;
  return rest;
}

/**
 * MCP wants object schemas; a tool whose output is not an object has it wrapped as { result }.
 * Asked on every call: remembered per tool (converting the schema cost ~2 % of a call's CPU).
 */
const wrapped = new WeakMap<AnyTool, boolean>();
function wrapsOutput(tool: AnyTool): boolean {
  let wraps = wrapped.get(tool);
  if (wraps === undefined) {
    wraps = jsonSchema(tool.output, "output").type !== "object";
    wrapped.set(tool, wraps);
  }
  return wraps;
}

export function describeTool(tool: AnyTool): Tool {
  const input = jsonSchema(tool.input, "input");
  if (input.type !== "object")
    throw new Error(`Tool ${tool.name}: its input must be a z.object to be offered over MCP`);
  const output = wrapsOutput(tool)
    ? { type: "object", properties: { result: jsonSchema(tool.output, "output") }, required: ["result"] }
    : jsonSchema(tool.output, "output");
  return {
    name: tool.name,
    title: tool.title,
    description: tool.changesStore
      ? `${tool.description}\n\nThis proposes a store change: it waits for the merchant's approval in the app (applied at once only for an auto-approve token).`
      : tool.description,
    inputSchema: input as Tool["inputSchema"],
    outputSchema: output as Tool["outputSchema"],
    annotations: {
      title: tool.title,
      readOnlyHint: tool.annotations.readOnly,
      destructiveHint: tool.annotations.destructive,
      idempotentHint: tool.annotations.idempotent,
      // The shop (through Shopify) is the only outside world our tools reach, and only store changes reach it.
      openWorldHint: tool.changesStore,
    },
    _meta: { "royal-equips/capability": tool.capability },
  };
}

function toolsOf(registry: ToolRegistry): Tool[] {
  let tools = describedTools.get(registry);
  if (!tools) {
    tools = registry.list().map(describeTool);
    describedTools.set(registry, tools);
  }
  return tools;
}

// Cursors are opaque to clients: the offset of the next page.
const encodeCursor = (offset: number) => Buffer.from(JSON.stringify({ o: offset })).toString("base64url");
function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  try {
    const { o } = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { o?: unknown };
    if (typeof o === "number" && Number.isInteger(o) && o >= 0) return o;
  } catch {
    // fall through to the error below
  }
  throw new McpError(
    ErrorCode.InvalidParams,
    "Invalid cursor: pass the nextCursor of the previous tools/list page, or none for the first page.",
  );
}

// ---------- results ----------

/** Text for models that read `content`: JSON, capped, saying when it was cut. */
export function renderText(value: unknown, limit = DEFAULT_TEXT_LIMIT): string {
  const text = JSON.stringify(value, null, 2) ?? "null";
  if (text.length <= limit) return text;
  return `${text.slice(0, limit)}\n… [truncated: showing ${limit} of ${text.length} characters; the complete result is in structuredContent. Ask for fewer items (limit) or the next page (cursor).]`;
}

export function failureResult(failure: Pick<ToolFailure, "code" | "message" | "hint">): CallToolResult {
  const text = `${failure.code}: ${failure.message}${failure.hint ? `\nWhat to do: ${failure.hint}` : ""}`;
  return { isError: true, content: [{ type: "text", text }], _meta: { "royal-equips/code": failure.code } };
}

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

// ---------- the server ----------

export function createMcpServer(context: ContextFactory, options: McpServerOptions = {}): McpServer {
  const registry = options.registry ?? toolRegistry;
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const textLimit = options.textLimit ?? DEFAULT_TEXT_LIMIT;
  const mcp = new McpServer(SERVER_INFO, {
    instructions:
      "Royal Equips: tools over one Shopify store's synced data (sales, inventory, pricing, marketing, fulfillment, finance). " +
      "Start with get_shop_overview. Tools that change the store only propose the change; the merchant approves it in the app. " +
      "Failures say what to send instead.",
    jsonSchemaValidator: sharedValidator,
  });
  const server = mcp.server;
  server.registerCapabilities({ tools: { listChanged: false } });

  const visibleTools = async (extra: CallExtra) => {
    const ctx = await context(extra);
    // A read token is not offered tools it may not call (it would be refused anyway).
    return ctx.actor.scope === "read"
      ? toolsOf(registry).filter((t) => t.annotations?.readOnlyHint)
      : toolsOf(registry);
  };

  server.setRequestHandler(ListToolsRequestSchema, async (request, extra) => {
    const tools = await visibleTools(extra);
    const offset = decodeCursor(request.params?.cursor);
    const page = tools.slice(offset, offset + pageSize);
    return {
      tools: page,
      ...(offset + pageSize < tools.length ? { nextCursor: encodeCursor(offset + pageSize) } : {}),
    };
  });

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const { name, arguments: args } = request.params;
    const tool = registry.get(name);
    const ctx = withProgress(await context(extra), request.params._meta?.progressToken, extra);
    if (!tool)
      return failureResult({
        code: "not_found",
        message: `No tool named "${name}".`,
        hint: "Call tools/list to see the tools this token may use.",
      });
    if (!tool.annotations.readOnly && ctx.actor.kind === "mcp" && ctx.actor.scope !== "write") {
      await audit(ctx, {
        action: `tool.${name}`,
        input: args,
        result: { reason: "read-only token" },
        outcome: "denied",
      });
      return failureResult({
        code: "forbidden",
        message: `${name} changes data, and this access token is read-only.`,
        hint: "Ask the merchant for a write token (Settings > MCP clients in the app).",
      });
    }
    if (options.limiter) {
      const decision = await options.limiter.consume(`${ctx.shop}:${ctx.actor.kind}:${ctx.actor.id}`);
      if (!decision.ok) {
        const seconds = Math.ceil(decision.retryAfterMs / 1000);
        await audit(ctx, {
          action: `tool.${name}`,
          input: args,
          result: { reason: "rate limited", retryAfterSeconds: seconds },
          outcome: "denied",
        });
        return failureResult({
          code: "rate_limited",
          message: "Too many tool calls with this access token.",
          hint: `Retry in ${seconds} s.`,
        });
      }
    }
    let result;
    try {
      result = await registry.call(ctx, name, args ?? {});
    } catch (error) {
      // A bug or an unreachable shop: logged and audited; the client gets a message it can relay.
      ctx.logger.error({ err: error, tool: name }, "MCP tool call failed");
      await audit(ctx, {
        action: `tool.${name}`,
        input: args,
        result: { error: errorMessage(error) },
        outcome: "error",
      }).catch(() => undefined);
      return failureResult({
        code: "shopify_error",
        message: `${name} failed: ${errorMessage(error)}`,
        hint: "This is on our side, not in your arguments; try again later, or tell the merchant.",
      });
    }
    if (!result.ok) return failureResult(result);
    const structured = wrapsOutput(tool) ? { result: result.data } : (result.data as Record<string, unknown>);
    // First a short summary in AIRA's words (what a person or a model reads first), then the JSON
    // for clients that read only text (the spec's backwards-compatible rendering of structuredContent).
    const content = [
      { type: "text" as const, text: await summarise(ctx, name, args ?? {}, result) },
      { type: "text" as const, text: renderText(structured, textLimit) },
    ];
    // A stored analysis (ADR 0015) says how current it is, so the client can tell the merchant.
    if (result.asOf)
      content.push({
        type: "text",
        text: `Worked out from the store's history at ${result.asOf}${result.refreshing ? "; a newer answer is being worked out" : ""}.`,
      });
    return {
      structuredContent: structured,
      content,
      ...(result.asOf ? { _meta: { asOf: result.asOf, refreshing: result.refreshing ?? false } } : {}),
    };
  });

  registerShopSummary(mcp, context, registry);
  registerWeeklyReview(mcp, registry);
  reportInvalidParams(server);
  return mcp;
}

// ---------- progress ----------

type CallExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/**
 * The call's context with the client's cancellation, and, when the client sent a progressToken,
 * a progress reporter: tools report percent done; MCP wants each notification's progress to grow,
 * so a step that does not is not sent.
 */
function withProgress(ctx: ToolContext, token: ProgressToken | undefined, extra: CallExtra): ToolContext {
  if (token === undefined) return { ...ctx, signal: extra.signal };
  let last = -Infinity;
  return {
    ...ctx,
    signal: extra.signal,
    async progress({ progress, total, message }) {
      if (!(progress > last) || extra.signal.aborted) return;
      last = progress;
      await extra
        .sendNotification({
          method: "notifications/progress",
          params: {
            progressToken: token,
            progress,
            ...(total !== undefined ? { total } : {}),
            ...(message ? { message } : {}),
          },
        })
        .catch((error: unknown) => ctx.logger.debug({ err: error }, "progress notification not sent"));
    },
  };
}

// ---------- protocol errors ----------

type RequestHandler = (request: unknown, extra: unknown) => Promise<unknown>;

/** "params.name: Invalid input: expected string, received number; ..." from a zod error (ZodError, or $ZodError from zod/v4 core and mini). */
function describeZodIssues(error: { issues: { path?: PropertyKey[]; message: string }[] }): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path?.length ? `${issue.path.map(String).join(".")}: ` : ""}${issue.message}`)
    .join("; ");
}

const isZodError = (error: unknown): error is { issues: { path?: PropertyKey[]; message: string }[] } =>
  error instanceof Error && /^\$?ZodError$/.test(error.name) && Array.isArray((error as { issues?: unknown }).issues);

/**
 * The SDK validates each request against the method's schema and reports a mismatch as -32603
 * (Internal error) with the whole validation dump as its message. JSON-RPC says -32602 (Invalid
 * params), and a client needs the fields that are wrong, not a dump: every registered handler is
 * wrapped to say so. (The handler map is private to the SDK; mcp/http.db.test.ts fails if it moves.)
 */
function reportInvalidParams(server: McpServer["server"]) {
  const handlers = (server as unknown as { _requestHandlers?: Map<string, RequestHandler> })._requestHandlers;
  if (!(handlers instanceof Map))
    throw new Error("The MCP SDK no longer keeps its request handlers in _requestHandlers");
  for (const [method, handler] of handlers) {
    handlers.set(method, async (request, extra) => {
      try {
        return await handler(request, extra);
      } catch (error) {
        if (!isZodError(error)) throw error;
        throw new McpError(ErrorCode.InvalidParams, `Invalid params for ${method}: ${describeZodIssues(error)}`);
      }
    });
  }
}

// Ajv compiles nothing until used; one instance serves every per-request server.
const sharedValidator = new AjvJsonSchemaValidator();

// ---------- resources and prompts ----------

function registerShopSummary(mcp: McpServer, context: ContextFactory, registry: ToolRegistry) {
  if (!registry.get("get_shop_overview")) return;
  mcp.registerResource(
    "shop-summary",
    "shop://summary",
    {
      title: "Shop summary",
      description: "The shop's synced data and its last 30 days of sales (get_shop_overview).",
      mimeType: "application/json",
    },
    async (uri, extra) => {
      const ctx = await context(extra);
      const result = await registry.call(ctx, "get_shop_overview", { days: 30 });
      if (!result.ok)
        throw new McpError(ErrorCode.InternalError, `${result.message}${result.hint ? ` ${result.hint}` : ""}`);
      return { contents: [{ uri: uri.href, mimeType: "application/json", text: renderText(result.data) }] };
    },
  );
}

// Built once: zod schemas cost more to build than the rest of a per-request server (ADR 0030).
const weeklyReviewArgs = {
  days: z
    .string()
    .regex(/^\d{1,3}$/, "a number of days, e.g. 7")
    .optional()
    .describe("Look-back window in days (default 7)"),
};

function registerWeeklyReview(mcp: McpServer, registry: ToolRegistry) {
  mcp.registerPrompt(
    "weekly-review",
    {
      title: "Weekly store review",
      description:
        "A review of the store's last week: sales, what needs attention, and the changes waiting for approval.",
      argsSchema: weeklyReviewArgs,
    },
    ({ days }) => {
      const window = Number(days ?? 7);
      const readTools = registry
        .list()
        .filter((t) => t.annotations.readOnly && t.name !== "get_shop_overview" && t.name !== "list_pending_actions");
      const lines = [
        `Review my Shopify store's last ${window} days.`,
        `1. Call get_shop_overview with days=${window}; if few orders are synced, say so before drawing conclusions.`,
        readTools.length
          ? `2. Use the analysis tools that fit what you see (${readTools.map((t) => t.name).join(", ")}).`
          : "2. Point out anything unusual in the figures.",
        "3. Call list_pending_actions and summarise what waits for my approval.",
        "Finish with at most five recommendations, each with the number behind it. Propose store changes only if I ask; they wait for my approval in the app.",
      ];
      return {
        description: `Weekly review over ${window} days`,
        messages: [{ role: "user", content: { type: "text", text: lines.join("\n") } }],
      };
    },
  );
}
