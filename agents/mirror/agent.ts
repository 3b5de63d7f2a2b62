// The store-sync agent: copies the store into the mirror every day (webhooks keep it current between runs).
import { z } from "zod";
import { DAY_MS } from "../core/time";
import { plural } from "../findings/words";
import type { Db } from "../db/client";
import type { AgentDeps } from "../ops/jobs";
import { defineAgent } from "../runtime/agents";
import { syncStore } from "./sync";
import type { MirrorTable } from "./tables";

export function storeSyncAgent(deps: AgentDeps) {
  return defineAgent({
    name: "store-sync",
    title: "Store sync",
    description:
      "Copies products, variants, inventory, orders, refunds and customers into the store mirror with bulk operations; webhooks keep it current between syncs.",
    capabilities: ["sync"],
    tools: [],
    schedule: {
      every: DAY_MS,
      // The local bootstrap (or an install's first sync) has just filled the mirror: the next sync is a day after it.
      lastDone: async (db, shop) =>
        (
          await db.syncRun.findFirst({
            where: { shop, status: "succeeded" },
            orderBy: { finishedAt: "desc" },
            select: { finishedAt: true },
          })
        )?.finishedAt ?? null,
    },
    attempts: 2,
    // A big store's sync (minutes of download and ingest) runs in the long lane, one at a time,
    // beside the slots every other shop's scheduled runs use (ADR 0042).
    longLane: { isLong: (db, shop) => isBigStore(db, shop), concurrency: 1 },
    input: z.object({ mode: z.enum(["bulk", "paged"]).default("bulk") }).strict(),
    async run(ctx, input) {
      const earlier = await syncAlreadyRunning(ctx.db, ctx.shop, ctx.runId);
      if (earlier)
        return {
          summary:
            "A sync of this store was already running; it copies the same store, so this one did not start another",
          joined: earlier,
        };
      const admin = await deps.adminFor(ctx.shop);
      const phases = 3;
      let done = 0;
      const result = await syncStore(
        { db: ctx.db, admin, shop: ctx.shop, logger: ctx.logger },
        (p) => {
          if (p.stage === "done") done++;
          // Best effort, not awaited: a failed progress write (SQLite busy past its timeout while
          // another process writes) must not become an unhandled rejection that ends the worker.
          ctx
            .progress(Math.min(99, Math.round((done / phases) * 100)), `${p.phase}: ${p.stage} (${p.rows} rows)`)
            .catch((error: Error) => ctx.logger.warn({ err: error.message }, "could not record sync progress"));
        },
        { mode: input.mode },
      );
      const n = (table: MirrorTable) => result.counts[table] ?? 0;
      return {
        summary: `Synced ${plural(n("mirrorProduct"), "product")}, ${plural(n("mirrorVariant"), "variant")} and ${plural(n("mirrorOrder"), "order")}`,
        rows: result.rows,
        counts: result.counts,
        durationMs: result.durationMs,
      };
    },
  });
}

/**
 * The store-sync run already syncing this shop, if one started before `runId` (ties broken by id):
 * two syncs of one shop at once write the same rows (on PostgreSQL: duplicate keys and deadlocks,
 * seen when a merchant's "Sync now" met the daily schedule), and the later one adds nothing the
 * running one does not copy. Exactly one of two runs that start together goes ahead: the earlier.
 */
export async function syncAlreadyRunning(db: Db, shop: string, runId: string): Promise<string | null> {
  const running = await db.agentRun.findMany({
    where: { shop, agent: "store-sync", status: "running" },
    select: { id: true, startedAt: true },
  });
  const mine = running.find((r) => r.id === runId);
  if (!mine?.startedAt) return null;
  const before = (r: { id: string; startedAt: Date | null }) =>
    r.id !== runId &&
    r.startedAt !== null &&
    (r.startedAt < mine.startedAt! || (r.startedAt.getTime() === mine.startedAt!.getTime() && r.id < runId));
  return running.find(before)?.id ?? null;
}

/**
 * Rows of a full sync from which it counts as long: about 15,000 orders with their line items and
 * customers, some 10 s of download and ingest on an idle core (bench/fairness.ts, 20,000 orders:
 * 74,000 rows).
 */
export const LONG_SYNC_ROWS = 50_000;

/**
 * Whether the shop's last full sync wrote LONG_SYNC_ROWS rows or more. A shop never synced counts
 * as small: its first sync is its install's, and a new merchant should not wait behind big stores.
 */
export async function isBigStore(db: Db, shop: string): Promise<boolean> {
  const last = await db.syncRun.findFirst({
    where: { shop, status: "succeeded" },
    orderBy: { finishedAt: "desc" },
    select: { rows: true },
  });
  return (last?.rows ?? 0) >= LONG_SYNC_ROWS;
}
