// The one path for every store change: propose (before and after stored, nothing touches the
// store) -> approve (by someone allowed to) -> apply (userErrors checked) -> audited -> revertible.
import { forgetCatalog } from "../data/catalog";
import type { Action } from "@prisma/client";
import { z } from "zod";
import { actorLabel, type Actor, type ToolContext } from "../core/context";
import { audit } from "../core/audit";
import { fail, ok, type ToolResult } from "../core/result";
import { ActionFailed } from "./kind";
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
  try {
    const result = await kind.apply(ctx, kind.values.parse(action.after));
    forgetCatalog(ctx.shop);
    const applied = await ctx.db.action.update({
      where: { id: actionId },
      data: { status: "applied", appliedAt: ctx.now(), result: (result ?? {}) as object },
    });
    await audit(ctx, {
      action: `action.apply.${action.kind}`,
      input: { actionId, autoApproved: Boolean(options.autoApproved) },
      result: { changes: kind.describe(action.before, action.after) },
      outcome: "ok",
    });
    return ok(toProposed(applied));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const failed = await ctx.db.action.update({ where: { id: actionId }, data: { status: "failed", error: message } });
    await audit(ctx, {
      action: `action.apply.${action.kind}`,
      input: { actionId },
      result: { error: message },
      outcome: "error",
    });
    if (error instanceof ActionFailed)
      return fail("shopify_error", message, "Nothing was changed by this action; adjust it and propose again.");
    ctx.logger.error({ err: error, actionId }, "applying an action failed");
    return fail(
      "shopify_error",
      `Applying failed: ${message}`,
      `Action ${failed.id} is marked failed; it can be proposed again.`,
    );
  }
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

/** Restores the before values of an applied action (the merchant's decision, like approval). */
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
  const kind = ACTION_KINDS[action.kind];
  try {
    const before = kind.values.parse(action.before);
    await (kind.revert ? kind.revert(ctx, before, action.result) : kind.apply(ctx, before, action.result));
    forgetCatalog(ctx.shop);
    const reverted = await ctx.db.action.update({
      where: { id: actionId },
      data: { status: "reverted", revertedAt: ctx.now() },
    });
    await audit(ctx, { action: `action.revert.${action.kind}`, input: { actionId }, outcome: "ok" });
    return ok(toProposed(reverted));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await ctx.db.action.update({
      where: { id: actionId },
      data: { status: "applied", error: `revert failed: ${message}` },
    });
    await audit(ctx, {
      action: `action.revert.${action.kind}`,
      input: { actionId },
      result: { error: message },
      outcome: "error",
    });
    return fail("shopify_error", `Reverting failed: ${message}`);
  }
}

async function notPending(ctx: ToolContext, actionId: string): Promise<ToolResult<ProposedAction>> {
  const action = await ctx.db.action.findFirst({ where: { id: actionId, shop: ctx.shop } });
  if (!action) return fail("not_found", `No action ${actionId} in this shop.`);
  return fail("conflict", `This action is already ${action.status}.`);
}
