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
import { destination, pino } from "pino";
import type { Actor } from "../agents/core/context";
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
  const deps = { db, logger, adminFor: (s: string) => adminClientFor(db, s, config.local, { logger }, config.app) };
  // A fresh context per call (its clock), always for the same shop and actor.
  const server = createMcpServer(() => mcpToolContext(deps, shop, actor), { limiter });
  const transport = new StdioServerTransport();
  transport.onclose = () => void db.$disconnect();
  await server.connect(transport);
  logger.info({ shop, actor: `${actor.kind}:${actor.id}`, scope: actor.scope }, "MCP server on stdio");
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
