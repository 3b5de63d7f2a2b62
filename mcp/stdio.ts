// The MCP server over stdio, for one merchant's own machine (Claude Desktop, Cursor start it):
//   ROYAL_MCP_TOKEN=rq_... node --import tsx mcp/stdio.ts     a token created in the app (its shop, scope, auto-approve)
//   node --import tsx mcp/stdio.ts --shop my-store.myshopify.com [--write]
//       no token: whoever can start this process can already read the database, so it acts for that
//       shop directly (read-only unless --write; never auto-approve; audited as mcp:stdio).
// It reads the app's environment through the same validated configuration (config/env.server.ts).
// stdout carries the protocol: logs go to stderr.
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { destination, pino, type Logger } from "pino";
import { createAgents } from "../agents/agents";
import type { Actor, AgentRunner } from "../agents/core/context";
import { createAgentRegistry } from "../agents/runtime/agents";
import { createRuntime, type AgentRuntime } from "../agents/runtime/queues";
import { createDb } from "../agents/db/client";
import { EnvError, parseEnv, tokenCipherFor } from "../config/env.server";
import type { TokenCipher } from "../agents/infra/token-crypto";
import { adminClientFor, appCredentials, type AppCredentials } from "../agents/shopify/local";
import {
  authFailureGuard,
  callLimiter,
  failureKeys,
  createLimiter,
  DEFAULT_CALL_LIMIT,
  tokenActor,
  verifyToken,
} from "./auth";
import { mcpToolContext } from "./context";
import { createMcpServer } from "./server";

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

export interface StdioConfig {
  token?: string;
  shop?: string;
  write: boolean;
  databaseUrl: string;
  /** Opens the Shopify tokens the database stores. */
  tokenCipher: TokenCipher;
  local: { emulatorUrl: string; emulatorAccessToken: string; shop: string } | null;
  logLevel: string;
  /** Where agent runs are queued for the worker (run_agent); connected on the first run. */
  redisUrl: string;
  /** Refreshes expiring offline tokens (a real shop with SHOPIFY_API_KEY and SHOPIFY_API_SECRET set). */
  app?: AppCredentials;
}

export class UsageError extends Error {}

/** Reads the command line and environment; a UsageError says what to pass instead. */
export function stdioConfig(argv: string[], env: Record<string, string | undefined>): StdioConfig {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { shop: { type: "string" }, write: { type: "boolean", default: false } },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError(
      `${(error as Error).message}. Usage: ROYAL_MCP_TOKEN=rq_... mcp/stdio.ts, or mcp/stdio.ts --shop <name>.myshopify.com [--write]`,
    );
  }
  const token = env.ROYAL_MCP_TOKEN?.trim() || undefined;
  if (!token && !values.shop)
    throw new UsageError(
      "Set ROYAL_MCP_TOKEN to an access token from the app (Settings > MCP clients), or pass --shop <name>.myshopify.com.",
    );
  if (token && values.shop)
    throw new UsageError("Pass either ROYAL_MCP_TOKEN or --shop, not both: a token already names its shop.");
  if (token && values.write) throw new UsageError("--write is for --shop; a token's scope is set in the app.");
  if (values.shop && !SHOP_DOMAIN.test(values.shop))
    throw new UsageError(`--shop must be a <name>.myshopify.com domain, not "${values.shop}".`);
  // The same validated configuration as the web app and the worker: a bad or missing variable is
  // named here, before anything connects.
  const config = parseEnv(env);
  return {
    token,
    shop: values.shop,
    write: values.write ?? false,
    databaseUrl: config.DATABASE_URL,
    tokenCipher: tokenCipherFor(config),
    local: config.localMode
      ? { emulatorUrl: config.EMULATOR_URL, emulatorAccessToken: config.EMULATOR_ACCESS_TOKEN, shop: config.LOCAL_SHOP }
      : null,
    logLevel: config.LOG_LEVEL,
    redisUrl: config.REDIS_URL,
    app: appCredentials(config),
  };
}

export async function runStdio(config: StdioConfig) {
  const logger = pino({ level: config.logLevel, base: { service: "royal-equips-mcp-stdio" } }, destination(2));
  const db = createDb(config.databaseUrl, { tokenCipher: config.tokenCipher });
  let shop: string;
  let actor: Actor;
  if (config.token) {
    const verified = await verifyToken(db, config.token);
    if (!verified.ok) {
      await authFailureGuard({ db }).record(failureKeys("stdio", verified), verified);
      await db.$disconnect();
      throw new UsageError(`ROYAL_MCP_TOKEN: ${verified.message}`);
    }
    shop = verified.auth.shop;
    actor = tokenActor(verified.auth);
  } else {
    shop = config.shop!;
    actor = { kind: "mcp", id: "stdio", scope: config.write ? "write" : "read", autoApprove: false };
  }
  const limiter = callLimiter(createLimiter({ ...DEFAULT_CALL_LIMIT, keyPrefix: "mcp-calls" }));
  const adminFor = (s: string) => adminClientFor(db, s, config.local, { logger }, config.app);
  // run_agent queues the run for the app's worker through Redis, exactly as the web app does, and
  // follows it in the database (ADR 0022). Redis is connected on the first run only: a client that
  // never starts agents works without it, and one that does gets "Redis unavailable" at once.
  let runtime: AgentRuntime | undefined;
  const runner: AgentRunner = {
    enqueue: (request) =>
      (runtime ??= createRuntime({
        redisUrl: config.redisUrl,
        db,
        logger,
        agents: createAgentRegistry(createAgents({ adminFor: async (s) => adminFor(s) })),
      })).enqueue(request),
  };
  // Heavy analysis is still worked out here: a stdio client must not wait on a worker that may not run.
  const deps = { db, logger, adminFor, runner, storedResults: "compute" as const };
  // A fresh context per call (its clock), always for the same shop and actor.
  const server = createMcpServer(() => mcpToolContext(deps, shop, actor), { limiter });
  const transport = new StdioServerTransport();
  transport.onclose = () => {
    void runtime?.close();
    void db.$disconnect();
  };
  await server.connect(transport);
  answerUnreadableLines(transport, logger);
  logger.info({ shop, actor: `${actor.kind}:${actor.id}`, scope: actor.scope }, "MCP server on stdio");
}

/**
 * The SDK drops a stdin line that is not JSON (or not JSON-RPC) with no answer, so a client waits
 * for ever. JSON-RPC 2.0 answers it: -32700 (parse error) or -32600 (invalid request), id null.
 */
function answerUnreadableLines(transport: StdioServerTransport, logger: Logger) {
  const sdkOnError = transport.onerror;
  transport.onerror = (error) => {
    sdkOnError?.(error);
    const code = error instanceof SyntaxError ? -32700 : error.name === "ZodError" ? -32600 : null;
    if (code === null) return;
    logger.warn({ code }, "unreadable MCP message on stdin");
    const message =
      code === -32700
        ? "Parse error: each line must be one JSON-RPC 2.0 message."
        : "Invalid Request: not a JSON-RPC 2.0 request, notification or response.";
    // JSON-RPC's id is null when the request's could not be read; the SDK's message type has no null id.
    void transport.send({ jsonrpc: "2.0", id: null, error: { code, message } } as unknown as JSONRPCMessage);
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    await runStdio(stdioConfig(process.argv.slice(2), process.env));
  } catch (error) {
    const usage = error instanceof UsageError || error instanceof EnvError;
    console.error(usage ? error.message : error);
    process.exit(usage ? 2 : 1);
  }
}
