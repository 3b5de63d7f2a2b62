// The audit log: every tool call and store change, with who, what and the outcome.
import type { Prisma } from "@prisma/client";
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

export async function audit(ctx: Pick<ToolContext, "db" | "shop" | "actor">, entry: AuditEntry) {
  const refused = await batcherFor(ctx.db).add({
    shop: ctx.shop,
    actor: actorLabel(ctx.actor),
    action: entry.action,
    input: jsonValue(entry.input),
    result: jsonValue(entry.ms === undefined ? entry.result : { ms: entry.ms, value: entry.result }),
    outcome: entry.outcome,
    read: entry.read ?? false,
  });
  if (refused) throw refused.error;
}
