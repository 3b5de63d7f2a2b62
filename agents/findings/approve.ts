// Approving findings: a finding whose kind has a store change is proposed through the approval path
// (ADR 0007) — a price suggestion as propose_price_change, a risky order as propose_fulfillment_hold,
// a campaign as propose_discount_code (its code and discount, for two weeks from now) —
// and then marked approved with the proposal's id (ADR 0013). Nothing is applied here: the merchant
// approves the proposal itself on the AIRA page (or wherever pending changes are reviewed).
import type { ToolContext } from "../core/context";
import { inChunks } from "../db/chunk";
import { toolRegistry } from "../tools";
import { DAY_MS } from "../core/time";
import { proposeFulfillmentHold } from "../fulfillment/tools";
import { proposeDiscountCode } from "../marketing/tools";
import { proposePriceChange } from "../pricing/tools";
import { decideFindings, type FindingKind } from "./store";

/** The kinds that have a store change to propose. */
export const APPROVABLE_KINDS: readonly FindingKind[] = ["price_suggestion", "risky_order", "campaign_proposal"];

/** How long a campaign's code runs when approved from the worklist. */
export const CAMPAIGN_DAYS = 14;

export interface ApproveOutcome {
  /** Findings now approved, with the proposal each created. */
  approved: { id: string; title: string; actionId: string }[];
  /** Findings that could not be proposed, with why (in the merchant's words). */
  problems: { id: string; title: string; message: string }[];
}

export async function approveFindings(ctx: ToolContext, ids: string[]): Promise<ApproveOutcome> {
  const rows = await inChunks(ids, (chunk) =>
    ctx.db.finding.findMany({ where: { shop: ctx.shop, id: { in: chunk } } }),
  );
  const outcome: ApproveOutcome = { approved: [], problems: [] };
  for (const row of rows) {
    const problem = (message: string) => outcome.problems.push({ id: row.id, title: row.title, message });
    if (row.status === "approved") {
      problem("Already approved.");
      continue;
    }
    if (!APPROVABLE_KINDS.includes(row.kind as FindingKind)) {
      problem("There is no store change to approve for this item; dismiss or snooze it instead.");
      continue;
    }
    const data = (row.data ?? {}) as Record<string, unknown>;
    // One proposal per finding, so each can be approved, denied or reverted on its own.
    const now = ctx.now();
    const proposed =
      row.kind === "campaign_proposal"
        ? typeof data.suggestedCode === "string" && typeof data.suggestedDiscountPct === "number"
          ? await toolRegistry.run(ctx, proposeDiscountCode, {
              code: data.suggestedCode,
              title: (typeof data.name === "string" ? data.name : data.suggestedCode).slice(0, 100),
              percentOff: data.suggestedDiscountPct,
              startsAt: now.toISOString(),
              endsAt: new Date(now.getTime() + CAMPAIGN_DAYS * DAY_MS).toISOString(),
              oncePerCustomer: true,
            })
          : null
        : row.kind === "price_suggestion"
          ? typeof data.sku === "string" && typeof data.proposedPrice === "number"
            ? await toolRegistry.run(ctx, proposePriceChange, {
                changes: [{ sku: data.sku, price: data.proposedPrice }],
                reason: row.title,
              })
            : null
          : typeof data.order === "string"
            ? await toolRegistry.run(ctx, proposeFulfillmentHold, {
                orderName: data.order,
                hold: true,
                reason: "HIGH_RISK_OF_FRAUD",
                note: row.title.slice(0, 300),
              })
            : null;
    if (!proposed) {
      problem("This item lacks what a change needs (a SKU, an order or a code); run the agent again.");
      continue;
    }
    if (!proposed.ok) {
      problem(proposed.message);
      continue;
    }
    await decideFindings(ctx, [row.id], { decision: "approve", actionId: proposed.data.actionId });
    outcome.approved.push({ id: row.id, title: row.title, actionId: proposed.data.actionId });
  }
  return outcome;
}
