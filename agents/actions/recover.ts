// Recovery of store changes a crash interrupted: an action left `approved` (its apply never
// finished) or `reverting` is settled by reading the store, so the action says what the store
// holds and revert works. The worker runs a pass at start-up and then periodically; an apply in
// progress keeps its row fresh (APPLY_HEARTBEAT_MS), so only abandoned ones are touched.
import type { Logger } from "pino";
import type { Db } from "../db/client";
import { audit } from "../core/audit";
import type { ToolContext } from "../core/context";
import type { AdminClient } from "../shopify/admin-client";
import { APPLY_HEARTBEAT_MS, checkStore, settleApply, settleRevert, type Outcome } from "./actions";

export interface RecoveryOptions {
  db: Db;
  logger: Logger;
  adminFor: (shop: string) => Promise<AdminClient>;
  /** An action untouched for this long is abandoned (default: four missed heartbeats, 60 s). */
  staleMs?: number;
  now?: () => Date;
  /** At most this many actions per pass (default 100). */
  limit?: number;
}

export interface RecoveryPass {
  /** Settled: the action id and the status it now has. */
  settled: { id: string; status: string }[];
  /** Still unknown (the store could not be asked); tried again next pass. */
  pending: string[];
}

export async function recoverActions(options: RecoveryOptions): Promise<RecoveryPass> {
  const { db, logger } = options;
  const now = options.now ?? (() => new Date());
  const staleMs = options.staleMs ?? APPLY_HEARTBEAT_MS * 4;
  const cutoff = new Date(now().getTime() - staleMs);
  const stuck = await db.action.findMany({
    where: { status: { in: ["approved", "reverting"] }, updatedAt: { lte: cutoff } },
    orderBy: { updatedAt: "asc" },
    take: options.limit ?? 100,
  });
  const pass: RecoveryPass = { settled: [], pending: [] };
  for (const action of stuck) {
    // Claim it (guarded on the row as read): two passes in two workers never settle one action twice.
    const claimed = await db.action.updateMany({
      where: { id: action.id, status: action.status, updatedAt: action.updatedAt },
      data: { updatedAt: now() },
    });
    if (claimed.count !== 1) continue;
    const ctx: ToolContext = {
      shop: action.shop,
      db,
      logger,
      actor: { kind: "system", id: "action-recovery" },
      now,
      admin: undefined as unknown as AdminClient,
    };
    let outcome: Outcome;
    try {
      ctx.admin = await options.adminFor(action.shop);
      const direction = action.status === "approved" ? "apply" : "revert";
      const checked = await checkStore(ctx, action, direction);
      outcome =
        checked.state === "not_applied"
          ? {
              state: "not_applied",
              error:
                direction === "apply"
                  ? "Interrupted before the change reached the store; nothing was changed. Propose it again if it is still wanted."
                  : "Interrupted before the revert reached the store; nothing was reverted",
            }
          : { ...checked, error: checked.error ?? "interrupted; settled from the store" };
    } catch (error) {
      outcome = { state: "unreachable", error: (error as Error).message };
    }
    const settled =
      action.status === "approved"
        ? // The change was made around its approval, not when this pass found it (sales outcomes are measured from it).
          await settleApply(ctx, action, outcome, action.decidedAt ?? now())
        : await settleRevert(ctx, action, outcome);
    if (outcome.state === "unreachable") {
      pass.pending.push(action.id);
      logger.warn(
        { actionId: action.id, err: outcome.error },
        "interrupted action: the store could not be checked yet",
      );
      continue;
    }
    pass.settled.push({ id: action.id, status: settled.status });
    await audit(ctx, {
      action: `action.recover.${action.kind}`,
      input: { actionId: action.id, was: action.status },
      result: { state: outcome.state, status: settled.status },
      outcome: "ok",
    });
    logger.info(
      { actionId: action.id, was: action.status, now: settled.status },
      "interrupted action settled from the store",
    );
  }
  return pass;
}
