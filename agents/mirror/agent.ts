// The store-sync agent: copies the store into the mirror every day (webhooks keep it current between runs).
import { z } from "zod";
import { DAY_MS } from "../core/time";
import { plural } from "../findings/words";
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
    input: z.object({ mode: z.enum(["bulk", "paged"]).default("bulk") }).strict(),
    async run(ctx, input) {
      const admin = await deps.adminFor(ctx.shop);
      const phases = 3;
      let done = 0;
      const result = await syncStore(
        { db: ctx.db, admin, shop: ctx.shop, logger: ctx.logger },
        (p) => {
          if (p.stage === "done") done++;
          void ctx.progress(Math.min(99, Math.round((done / phases) * 100)), `${p.phase}: ${p.stage} (${p.rows} rows)`);
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
