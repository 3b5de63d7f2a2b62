// The one path for every store change: propose (before and after stored, nothing touches the
// store) -> approve (by someone allowed to) -> apply (userErrors checked) -> audited -> revertible.
import { forgetCatalog } from "../data/catalog";
import type { Action } from "@prisma/client";
import { z } from "zod";
import { actorLabel, type Actor, type ToolContext } from "../core/context";
import { audit } from "../core/audit";
import { fail, ok, type ToolResult } from "../core/result";
import { ActionFailed, type Direction } from "./kind";
import { ACTION_KINDS } from "./kinds";

export interface ProposedAction {
  id: string;
  kind: string;
  status: string;
  summary: string;
  itemCount: number;
  changes: string[];
  before: unknown;
  after: unknown;
}

/** What a proposing tool returns: the pending change, as the merchant will be shown it. */
export const proposalOutput = z.object({
  actionId: z.string().describe("The proposed change; the merchant approves or denies it in the app"),
  status: z.string().describe("pending, or applied when an auto-approve token proposed it"),
  summary: z.string(),
  changes: z.array(z.string()).describe("What changes, before -> after, one line per item"),
});

export function proposalResult(proposal: ProposedAction): z.infer<typeof proposalOutput> {
  return { actionId: proposal.id, status: proposal.status, summary: proposal.summary, changes: proposal.changes };
}

export function toProposed(action: Action): ProposedAction {
  const kind = ACTION_KINDS[action.kind];
  return {
    id: action.id,
    kind: action.kind,
    status: action.status,
    summary: action.summary,
    itemCount: action.itemCount,
    changes: kind ? kind.describe(action.before, action.after) : [],
    before: action.before,
    after: action.after,
  };
}

/**
 * Records a proposed change with the store's current values as `before`. Nothing is applied.
 * An MCP write token with auto-approve has its proposal applied at once (the audit says so).
 */
export async function proposeAction(
  ctx: ToolContext,
  proposal: { kind: string; tool: string; summary: string; after: unknown },
): Promise<ToolResult<ProposedAction>> {
  const kind = ACTION_KINDS[proposal.kind];
  if (!kind) throw new Error(`Unknown action kind ${proposal.kind}`);
  if (ctx.actor.kind === "mcp" && ctx.actor.scope !== "write") {
    await audit(ctx, { action: `action.propose.${proposal.kind}`, input: proposal.after, outcome: "denied" });
    return fail(
      "forbidden",
      "This access token is read-only; it cannot propose store changes.",
      "Ask the merchant for a read+write token.",
    );
  }
  const after = kind.values.parse(proposal.after);
  let before: unknown;
  try {
    before = await kind.readCurrent(ctx, after);
  } catch (error) {
    if (error instanceof ActionFailed) return fail("not_found", error.message);
    throw error;
  }
  const changes = kind.describe(before, after);
  const action = await ctx.db.action.create({
    data: {
      shop: ctx.shop,
      kind: proposal.kind,
      tool: proposal.tool,
      summary: proposal.summary,
      before: before as object,
      after: after as object,
      itemCount: changes.length,
      proposedBy: actorLabel(ctx.actor),
    },
  });
  await audit(ctx, {
    action: `action.propose.${proposal.kind}`,
    input: { actionId: action.id, changes },
    outcome: "ok",
  });
  if (ctx.actor.kind === "mcp" && ctx.actor.autoApprove) {
    const applied = await approveAction(ctx, action.id, { autoApproved: true });
    if (!applied.ok) return applied;
  }
  const current = await ctx.db.action.findUniqueOrThrow({ where: { id: action.id } });
  return ok(toProposed(current));
}

/** Who may approve: the merchant (in the UI or in AIRA's approval card), or an auto-approve MCP token. */
export function mayApprove(actor: Actor, options: { autoApproved?: boolean } = {}): boolean {
  if (actor.kind === "merchant") return true;
  if (actor.kind === "mcp") return Boolean(options.autoApproved && actor.scope === "write" && actor.autoApprove);
  return false;
}

export async function approveAction(
  ctx: ToolContext,
  actionId: string,
  options: { autoApproved?: boolean } = {},
): Promise<ToolResult<ProposedAction>> {
  if (!mayApprove(ctx.actor, options)) {
    await audit(ctx, { action: "action.approve", input: { actionId }, outcome: "denied" });
    return fail(
      "forbidden",
      `${actorLabel(ctx.actor)} may not approve store changes; the merchant approves them in the app.`,
    );
  }
  // Claim the pending action atomically so that two approvals cannot both apply it.
  const claimed = await ctx.db.action.updateMany({
    where: { id: actionId, shop: ctx.shop, status: "pending" },
    data: {
      status: "approved",
      decidedBy: actorLabel(ctx.actor) + (options.autoApproved ? " (auto-approve)" : ""),
      decidedAt: ctx.now(),
    },
  });
  if (claimed.count !== 1) return notPending(ctx, actionId);
  const action = await ctx.db.action.findUniqueOrThrow({ where: { id: actionId } });
  const kind = ACTION_KINDS[action.kind];
  const changes = kind.describe(action.before, action.after);
  const outcome = await whileApplying(ctx, actionId, "approved", () => applyAndCheck(ctx, action, "apply"));
  const settled = await settleApply(ctx, action, outcome);
  await audit(ctx, {
    action: `action.apply.${action.kind}`,
    input: { actionId, autoApproved: Boolean(options.autoApproved) },
    result:
      outcome.state === "applied"
        ? { changes, ...(outcome.error ? { recovered: outcome.error } : {}) }
        : { state: outcome.state, error: outcome.error },
    outcome: outcome.state === "applied" || outcome.state === "partly" ? "ok" : "error",
  });
  if (outcome.state === "applied") return ok(toProposed(settled));
  if (outcome.state === "not_applied") {
    if (outcome.refused)
      return fail("shopify_error", outcome.error!, "Nothing was changed by this action; adjust it and propose again.");
    ctx.logger.error({ err: outcome.error, actionId }, "applying an action failed");
    return fail(
      "shopify_error",
      `Applying failed: ${outcome.error}`,
      "Nothing was changed in the store (checked); it can be proposed again.",
    );
  }
  if (outcome.state === "partly")
    return fail(
      "shopify_error",
      `Only part of this change reached the store: ${outcome.error}`,
      "Revert it to put back what changed, then propose it again.",
    );
  if (outcome.state === "unconfirmed")
    return fail(
      "shopify_error",
      `Could not confirm whether this change reached the store: ${outcome.error}`,
      "Check the items in Shopify's admin.",
    );
  return fail(
    "shopify_error",
    `The store did not answer whether this change went through (${outcome.error}).`,
    "It is checked again shortly; the action then shows the outcome.",
  );
}

/**
 * Records what an apply really did, from `approved` (guarded: only one writer settles an action).
 * Also used by the recovery pass (recover.ts) for applies a crash interrupted.
 */
export async function settleApply(
  ctx: ToolContext,
  action: Action,
  outcome: Outcome,
  appliedAt: Date = ctx.now(),
): Promise<Action> {
  if (outcome.state === "applied" || outcome.state === "partly") forgetCatalog(ctx.shop);
  const data =
    outcome.state === "applied"
      ? { status: "applied", appliedAt, result: (outcome.result ?? {}) as object, error: null }
      : outcome.state === "partly"
        ? {
            status: "applied",
            appliedAt,
            result: (outcome.result ?? {}) as object,
            error: `Only part of this change reached the store (${outcome.error}); revert puts back what changed.`,
          }
        : outcome.state === "not_applied"
          ? { status: "failed", error: outcome.error ?? "Nothing was changed." }
          : outcome.state === "unconfirmed"
            ? { status: "unconfirmed", error: `Could not confirm whether this reached the store: ${outcome.error}` }
            : { status: "approved", error: `Checking with the store whether this went through: ${outcome.error}` };
  await ctx.db.action.updateMany({ where: { id: action.id, status: "approved" }, data });
  return ctx.db.action.findUniqueOrThrow({ where: { id: action.id } });
}

export async function denyAction(
  ctx: ToolContext,
  actionId: string,
  note?: string,
): Promise<ToolResult<ProposedAction>> {
  const updated = await ctx.db.action.updateMany({
    where: { id: actionId, shop: ctx.shop, status: "pending" },
    data: { status: "denied", decidedBy: actorLabel(ctx.actor), decidedAt: ctx.now(), error: note ?? null },
  });
  if (updated.count !== 1) return notPending(ctx, actionId);
  await audit(ctx, { action: "action.deny", input: { actionId, note }, outcome: "ok" });
  return ok(toProposed(await ctx.db.action.findUniqueOrThrow({ where: { id: actionId } })));
}

/** Restores the before values of an applied action (the merchant's decision, like approval). A partly applied one too. */
export async function revertAction(ctx: ToolContext, actionId: string): Promise<ToolResult<ProposedAction>> {
  if (!mayApprove(ctx.actor)) {
    await audit(ctx, { action: "action.revert", input: { actionId }, outcome: "denied" });
    return fail("forbidden", `${actorLabel(ctx.actor)} may not revert store changes; the merchant does it in the app.`);
  }
  const claimed = await ctx.db.action.updateMany({
    where: { id: actionId, shop: ctx.shop, status: "applied" },
    data: { status: "reverting" },
  });
  if (claimed.count !== 1) {
    const action = await ctx.db.action.findFirst({ where: { id: actionId, shop: ctx.shop } });
    return action
      ? fail("conflict", `Only applied actions can be reverted; this one is ${action.status}.`)
      : fail("not_found", `No action ${actionId} in this shop.`);
  }
  const action = await ctx.db.action.findUniqueOrThrow({ where: { id: actionId } });
  const outcome = await whileApplying(ctx, actionId, "reverting", () => applyAndCheck(ctx, action, "revert"));
  const settled = await settleRevert(ctx, action, outcome);
  await audit(ctx, {
    action: `action.revert.${action.kind}`,
    input: { actionId },
    ...(outcome.state === "applied" ? {} : { result: { state: outcome.state, error: outcome.error } }),
    outcome: outcome.state === "applied" ? "ok" : "error",
  });
  if (outcome.state === "applied") return ok(toProposed(settled));
  if (outcome.state === "unreachable")
    return fail(
      "shopify_error",
      `The store did not answer whether the revert went through (${outcome.error}).`,
      "It is checked again shortly.",
    );
  return fail("shopify_error", `Reverting failed: ${outcome.error}`);
}

/** Records what a revert really did, from `reverting` (guarded). */
export async function settleRevert(ctx: ToolContext, action: Action, outcome: Outcome): Promise<Action> {
  if (outcome.state !== "not_applied" && outcome.state !== "unreachable") forgetCatalog(ctx.shop);
  const data =
    outcome.state === "applied"
      ? { status: "reverted", revertedAt: ctx.now(), error: null }
      : outcome.state === "not_applied"
        ? { status: "applied", error: `revert failed: ${outcome.error}` }
        : outcome.state === "partly"
          ? { status: "applied", error: `revert only partly done (${outcome.error}); revert again to finish it` }
          : outcome.state === "unconfirmed"
            ? {
                status: "unconfirmed",
                error: `Could not confirm whether the revert reached the store: ${outcome.error}`,
              }
            : {
                status: "reverting",
                error: `Checking with the store whether the revert went through: ${outcome.error}`,
              };
  await ctx.db.action.updateMany({ where: { id: action.id, status: "reverting" }, data });
  return ctx.db.action.findUniqueOrThrow({ where: { id: action.id } });
}

/**
 * Where a change ended: applied (or reverted); not_applied (checked: the store never got it);
 * partly; unconfirmed (the store holds neither side); unreachable (the store could not be asked:
 * the action stays approved / reverting and the recovery pass asks again).
 */
export interface Outcome {
  state: "applied" | "not_applied" | "partly" | "unconfirmed" | "unreachable";
  result?: unknown;
  error?: string;
  /** Shopify refused the change (userErrors) and the store confirms nothing changed. */
  refused?: boolean;
}

/** Sends at most this many times in all: only after the store confirms the previous try did not land. */
const MAX_SENDS = 3;

/**
 * Applies (or reverts) and, when that does not end cleanly, reads the store to learn what happened
 * instead of guessing: a lost response may hide a change that was made, a failure may come after
 * some of a change's mutations. A change is sent again only when the store shows it is not there
 * and the failure was transport (a userErrors refusal stays a refusal).
 */
export async function applyAndCheck(ctx: ToolContext, action: Action, direction: Direction): Promise<Outcome> {
  const kind = ACTION_KINDS[action.kind];
  const before = kind.values.parse(action.before);
  const after = kind.values.parse(action.after);
  for (let send = 1; ; send++) {
    let error: unknown;
    try {
      const result =
        direction === "apply"
          ? await kind.apply(ctx, after)
          : await (kind.revert ? kind.revert(ctx, before, action.result) : kind.apply(ctx, before, action.result));
      return { state: "applied", result: direction === "apply" ? result : undefined };
    } catch (caught) {
      error = caught;
    }
    const message = error instanceof Error ? error.message : String(error);
    const checked = await checkStore(ctx, action, direction);
    if (checked.state === "unreachable") return { state: "unreachable", error: `${message}; ${checked.error}` };
    if (checked.state === "applied") {
      ctx.logger.warn({ actionId: action.id, direction, err: message }, "the change was made although its call failed");
      return { state: "applied", result: checked.result, error: message };
    }
    if (checked.state === "not_applied") {
      if (!(error instanceof ActionFailed) && send < MAX_SENDS) continue; // checked: not there, safe to send again
      return { state: "not_applied", error: message, refused: error instanceof ActionFailed };
    }
    return { state: checked.state, error: message, result: checked.result };
  }
}

/** The store's answer for a change, or "unreachable" when it cannot be asked right now. */
export async function checkStore(
  ctx: ToolContext,
  action: Action,
  direction: Direction,
): Promise<{
  state: "applied" | "not_applied" | "partly" | "unconfirmed" | "unreachable";
  result?: unknown;
  error?: string;
}> {
  const kind = ACTION_KINDS[action.kind];
  try {
    const checked = await kind.check(
      ctx,
      { before: kind.values.parse(action.before), after: kind.values.parse(action.after), result: action.result },
      direction,
    );
    if (checked.state === "unknown")
      return { state: "unconfirmed", error: "the store holds neither the old nor the new values" };
    return { state: checked.state, result: checked.result };
  } catch (error) {
    // The item is gone (deleted meanwhile): the store can no longer tell.
    if (error instanceof ActionFailed) return { state: "unconfirmed", error: error.message };
    return { state: "unreachable", error: `the store could not be checked: ${(error as Error).message}` };
  }
}

/** How often an apply in progress says it is alive; the recovery pass leaves live ones alone. */
export const APPLY_HEARTBEAT_MS = 15_000;

/** Runs `work` while touching the action's row, so a crashed apply is told from a slow one by its age. */
async function whileApplying<T>(
  ctx: ToolContext,
  actionId: string,
  status: string,
  work: () => Promise<T>,
): Promise<T> {
  const timer = setInterval(() => {
    void ctx.db.action
      .updateMany({ where: { id: actionId, status }, data: { updatedAt: new Date() } })
      .catch(() => undefined);
  }, APPLY_HEARTBEAT_MS);
  timer.unref();
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

async function notPending(ctx: ToolContext, actionId: string): Promise<ToolResult<ProposedAction>> {
  const action = await ctx.db.action.findFirst({ where: { id: actionId, shop: ctx.shop } });
  if (!action) return fail("not_found", `No action ${actionId} in this shop.`);
  return fail("conflict", `This action is already ${action.status}.`);
}
