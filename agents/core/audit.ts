// The audit log: every tool call and store change, with who, what and the outcome.
import type { Prisma } from "@prisma/client";
import type { Logger } from "pino";
import { jsonValue } from "../db/json";
import type { Db } from "../db/client";
import { createBatcher, type Batcher } from "../runtime/batch";
import { actorLabel, type ToolContext } from "./context";

export interface AuditEntry {
  action: string;
  input?: unknown;
  result?: unknown;
  outcome: "ok" | "error" | "denied";
  ms?: number;
  /** A read-only tool call: kept apart from changes, sign-ins and runs (the Security page hides reads by default). */
  read?: boolean;
}

type AuditRow = Prisma.AuditLogCreateManyInput;
type AuditWriter = Pick<Db, "auditLog">;

// Every MCP and AIRA call writes a row, so under concurrent calls the rows of one tick share one
// INSERT (the natural batching of agents/runtime/batch.ts: an idle caller is written at once).
// The caller still waits for its own row: nothing is acknowledged before it is stored.
// Each row's outcome: null when stored, else the error its caller gets.
const batchers = new WeakMap<object, Batcher<AuditRow, { error: unknown } | null>>();

function batcherFor(db: AuditWriter) {
  let batcher = batchers.get(db);
  if (!batcher) {
    batcher = createBatcher<AuditRow, { error: unknown } | null>(async (rows) => {
      if (rows.length > 1) {
        try {
          await db.auditLog.createMany({ data: rows });
          return rows.map(() => null);
        } catch {
          // One row the database refuses must not cost the others theirs: each is written alone.
        }
      }
      const results = await Promise.allSettled(rows.map((data) => db.auditLog.create({ data })));
      return results.map((r) => (r.status === "rejected" ? { error: r.reason } : null));
    });
    batchers.set(db, batcher);
  }
  return batcher;
}

const rowOf = (ctx: Pick<ToolContext, "shop" | "actor">, entry: AuditEntry): AuditRow => ({
  shop: ctx.shop,
  actor: actorLabel(ctx.actor),
  action: entry.action,
  input: jsonValue(entry.input),
  result: jsonValue(entry.ms === undefined ? entry.result : { ms: entry.ms, value: entry.result }),
  outcome: entry.outcome,
  read: entry.read ?? false,
});

export async function audit(ctx: Pick<ToolContext, "db" | "shop" | "actor">, entry: AuditEntry) {
  const refused = await batcherFor(ctx.db).add(rowOf(ctx, entry));
  if (refused) throw refused.error;
}

// ---------- queued rows of reads (ADR 0046) ----------
//
// A read answered over /mcp does not wait for its audit row (issue #19: no per-request writes for
// reads): the row is queued and written with the others of the next QUEUED_AUDIT_MS, in one
// INSERT, or at once when QUEUED_AUDIT_MAX rows wait. Every row is still written: the web process
// calls flushQueuedAudits() on SIGTERM/SIGINT before it disconnects (server/shutdown.ts). A crash
// (SIGKILL, power) loses at most the last QUEUED_AUDIT_MS of read rows; changes, refusals and
// sign-ins are never queued.

/** How long a queued row may wait for others before it is written (the default of /mcp). */
export const QUEUED_AUDIT_MS = 50;
/** Rows that are written at once, without waiting for the rest of the window. */
const QUEUED_AUDIT_MAX = 200;

interface Queued {
  row: AuditRow;
  logger?: Pick<Logger, "error">;
}
interface AuditQueue {
  items: Queued[];
  timer: NodeJS.Timeout | null;
  /** The writes started and not yet finished. */
  writing: Set<Promise<void>>;
}

// On globalThis: the server's shutdown and /mcp may load separate copies of this module (bundles).
const QUEUES = Symbol.for("royal-equips.auditQueues");
const queues: Map<AuditWriter, AuditQueue> = ((globalThis as { [QUEUES]?: Map<AuditWriter, AuditQueue> })[QUEUES] ??=
  new Map());

async function writeQueued(db: AuditWriter, items: Queued[]) {
  try {
    await db.auditLog.createMany({ data: items.map((item) => item.row) });
    return;
  } catch {
    // One row the database refuses must not cost the others theirs: each is written alone.
  }
  const results = await Promise.allSettled(items.map((item) => db.auditLog.create({ data: item.row })));
  results.forEach((result, i) => {
    if (result.status === "rejected")
      items[i].logger?.error({ err: result.reason, action: items[i].row.action }, "audit row of a read not stored");
  });
}

function writeQueue(db: AuditWriter, queue: AuditQueue): Promise<void> {
  if (queue.timer) clearTimeout(queue.timer);
  queue.timer = null;
  const items = queue.items.splice(0);
  if (items.length === 0) return Promise.resolve();
  const write = writeQueued(db, items).finally(() => {
    queue.writing.delete(write);
    // A database no longer written to is forgotten (tests make many).
    if (queue.items.length === 0 && queue.writing.size === 0 && !queue.timer) queues.delete(db);
  });
  queue.writing.add(write);
  return write;
}

/**
 * Queues the audit row of a read-only call, to be written within `queueMs` with the rows of other
 * calls; the caller does not wait for it. `createdAt` is the call's, not the write's.
 */
export function queueAudit(
  ctx: Pick<ToolContext, "db" | "shop" | "actor"> & { logger?: Pick<Logger, "error"> },
  entry: AuditEntry,
  queueMs = QUEUED_AUDIT_MS,
) {
  let queue = queues.get(ctx.db);
  if (!queue) {
    queue = { items: [], timer: null, writing: new Set() };
    queues.set(ctx.db, queue);
  }
  queue.items.push({ row: { ...rowOf(ctx, entry), createdAt: new Date() }, logger: ctx.logger });
  const q = queue;
  if (q.items.length >= QUEUED_AUDIT_MAX) void writeQueue(ctx.db, q);
  else q.timer ??= setTimeout(() => void writeQueue(ctx.db, q), queueMs);
}

/** Writes every queued audit row now and waits for every write under way (shutdown, tests). */
export async function flushQueuedAudits(): Promise<void> {
  await Promise.all(
    [...queues].map(async ([db, queue]) => {
      await writeQueue(db, queue);
      await Promise.all([...queue.writing]);
    }),
  );
}
