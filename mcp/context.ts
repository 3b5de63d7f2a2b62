// The tool context of an MCP client: built for the verified token's shop and nothing else, so a
// token of one shop can never reach another shop's data (no request field names a shop).
import type { Logger } from "pino";
import type { AgentRunner, Actor, ToolContext } from "../agents/core/context";
import type { Db } from "../agents/db/client";
import type { StoreArea } from "../agents/runtime/event-types";
import type { AdminClient } from "../agents/shopify/admin-client";

export interface McpContextDeps {
  db: Db;
  logger: Logger;
  /** The shop's Admin API client (the emulator in local mode, the offline session otherwise). */
  adminFor(shop: string): AdminClient | Promise<AdminClient>;
  runner?: AgentRunner;
  /**
   * Heavy analysis (ADR 0015): "serve" answers from the worker's stored results (the default with a
   * runner), "compute" works it out in this process (the default without one; stdio, ADR 0022).
   */
  storedResults?: "serve" | "compute";
  /** How long a call waits for a heavy analysis never worked out for the shop before (default 20 s). */
  resultsWaitMs?: number;
  /** Tells the shop's open pages that a tool changed their data (a ticket), as the app's own calls do. */
  announce?: (shop: string, areas: StoreArea[]) => Promise<void>;
  now?: () => Date;
  /** Read calls' audit rows are queued, not awaited (ToolContext.auditReads; /mcp over HTTP). */
  auditReads?: { queueMs: number };
  /** Read tools share answers while the database is unchanged (ToolContext.sharedReads; /mcp over HTTP). */
  sharedReads?: boolean;
}

/**
 * Most tools read the synced mirror and never call Shopify: the Admin client (which may need a
 * session lookup) is built on the first GraphQL request only.
 */
export function lazyAdminClient(shop: string, build: () => AdminClient | Promise<AdminClient>): AdminClient {
  let client: Promise<AdminClient> | undefined;
  return {
    shop,
    async graphql(query, variables) {
      client ??= Promise.resolve().then(build);
      return (await client).graphql(query, variables);
    },
  };
}

// A child logger per caller, not per request: building one (pino's bindings) cost ~2 % of a
// call's CPU over /mcp. At most MAX_LOGGERS callers per logger; past it they are built afresh.
const MAX_LOGGERS = 1_000;
const loggers = new WeakMap<Logger, Map<string, Logger>>();
function callerLogger(base: Logger, shop: string, actor: Actor): Logger {
  const label = `${actor.kind}:${actor.id}`;
  let children = loggers.get(base);
  if (!children) loggers.set(base, (children = new Map()));
  const key = `${shop} ${label}`;
  let child = children.get(key);
  if (!child) {
    if (children.size >= MAX_LOGGERS) children.clear();
    child = base.child({ shop, actor: label });
    children.set(key, child);
  }
  return child;
}

export function mcpToolContext(deps: McpContextDeps, shop: string, actor: Actor): ToolContext {
  return {
    shop,
    db: deps.db,
    admin: lazyAdminClient(shop, () => deps.adminFor(shop)),
    logger: callerLogger(deps.logger, shop, actor),
    actor,
    runner: deps.runner,
    // With a job queue, heavy analysis answers from stored results computed by the worker (ADR 0015);
    // without one, or on stdio, it is computed in this process.
    results:
      (deps.storedResults ?? (deps.runner ? "serve" : "compute")) === "serve"
        ? { mode: "serve", waitMs: deps.resultsWaitMs ?? 20_000 }
        : undefined,
    storeChanged: deps.announce ? (areas) => deps.announce!(shop, areas) : undefined,
    ...(deps.auditReads ? { auditReads: deps.auditReads } : {}),
    ...(deps.sharedReads ? { sharedReads: true } : {}),
    now: deps.now ?? (() => new Date()),
  };
}
