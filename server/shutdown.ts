// The web process's graceful stop on SIGTERM/SIGINT: no new connections, the requests under way
// answered, then the audit rows still queued (reads over /mcp, ADR 0046) written, then the
// database and Redis closed. After `graceMs` the process exits anyway, still writing the queue first.
import type { Server } from "node:http";
import type { Logger } from "pino";
import { flushQueuedAudits } from "../agents/core/audit";

export interface ShutdownDeps {
  server: Pick<Server, "close">;
  logger: Pick<Logger, "info" | "error">;
  /** Closes the database, Redis...: after the last audit row. */
  disconnect: () => Promise<unknown>;
  graceMs?: number;
  exit?: (code: number) => void;
}

/** The handler for SIGTERM and SIGINT: the first signal starts the stop, later ones change nothing. */
export function gracefulShutdown(deps: ShutdownDeps): (signal: string) => void {
  const exit = deps.exit ?? ((code: number) => process.exit(code));
  let closing = false;
  let finishing: Promise<void> | null = null;
  const finish = () =>
    (finishing ??= flushQueuedAudits()
      .catch((error: unknown) => deps.logger.error({ err: error }, "queued audit rows not written"))
      .then(() => deps.disconnect())
      .catch(() => undefined)
      .then(() => exit(0)));
  return (signal) => {
    // Ctrl-C reaches every process of the group, and a cluster's primary passes signals on too.
    if (closing) return;
    closing = true;
    // The pid tells a cluster's processes apart (the log's base fields leave it out).
    deps.logger.info({ signal, pid: process.pid }, "shutting down");
    deps.server.close(() => void finish());
    setTimeout(() => {
      void finish();
      // A database that does not answer must not keep the process from stopping.
      setTimeout(() => exit(0), 5_000).unref();
    }, deps.graceMs ?? 10_000).unref();
  };
}
