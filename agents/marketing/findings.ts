// What the marketing-campaigns agent records (ADR 0013): campaigns worth running now, each with its
// audience, code and expected effect, and how the codes already used did.
import { z } from "zod";
import type { ToolOutput } from "../core/registry";
import { findingKind } from "../findings/kind";
import type { FoundItem } from "../findings/store";
import { count, moneyText, plural } from "../findings/words";
import type { getCampaignResults, proposeCampaignsTool } from "./tools";

export const campaignProposal = findingKind(
  "campaign_proposal",
  z.object({
    campaign: z.string(),
    kind: z.string(),
    name: z.string(),
    audienceSize: z.number(),
    suggestedDiscountPct: z.number(),
    suggestedCode: z.string(),
    expectedRedemptions: z.number(),
    expectedRevenue: z.number(),
    expectedDiscountCost: z.number(),
    expectedNetRevenue: z.number(),
    rationale: z.string(),
    assumptions: z.string(),
  }),
);

export const campaignResult = findingKind(
  "campaign_result",
  z.object({
    code: z.string(),
    orders: z.number(),
    customers: z.number(),
    revenue: z.number(),
    discountCost: z.number(),
    averageOrderValue: z.number(),
    aovChangePct: z.number().nullable(),
    newCustomers: z.number(),
    from: z.string().nullable(),
    to: z.string().nullable(),
  }),
);

type Proposals = ToolOutput<typeof proposeCampaignsTool>["proposals"];
type Campaigns = ToolOutput<typeof getCampaignResults>["campaigns"];

export function proposalFindings(proposals: Proposals, currency: string | null): FoundItem[] {
  return proposals.map((p) =>
    campaignProposal.item(
      `campaign:${p.id}`,
      `${p.title} — ${p.suggestedDiscountPct}% off with ${p.suggestedCode} for ${plural(p.audienceSize, "customer")}; about ${moneyText(p.expected.netIncrementalRevenue, currency)} extra revenue after the discount`,
      {
        campaign: p.id,
        kind: p.kind,
        name: p.title,
        audienceSize: p.audienceSize,
        suggestedDiscountPct: p.suggestedDiscountPct,
        suggestedCode: p.suggestedCode,
        expectedRedemptions: p.expected.redemptions,
        expectedRevenue: p.expected.revenue,
        expectedDiscountCost: p.expected.discountCost,
        expectedNetRevenue: p.expected.netIncrementalRevenue,
        rationale: p.rationale,
        assumptions: p.assumptionText,
      },
      p.expected.netIncrementalRevenue,
    ),
  );
}

/** Codes that were used: each a line on how it did (unused codes are not news). */
export function resultFindings(campaigns: Campaigns, currency: string | null): FoundItem[] {
  return campaigns
    .filter((c) => c.orders > 0)
    .map((c) => {
      const aov =
        c.aovChangePct == null
          ? ""
          : `; orders ${Math.abs(Math.round(c.aovChangePct * 100))}% ${c.aovChangePct >= 0 ? "bigger" : "smaller"} than without a code`;
      return campaignResult.item(
        `code:${c.code.toUpperCase()}`,
        `${c.code}: ${plural(c.orders, "order")} from ${plural(c.customers, "customer")} (${count(c.newCustomers)} new), ${moneyText(c.revenue, currency)} revenue for ${moneyText(c.discountCost, currency)} of discounts${aov}`,
        {
          code: c.code,
          orders: c.orders,
          customers: c.customers,
          revenue: c.revenue,
          discountCost: c.discountCost,
          averageOrderValue: c.averageOrderValue,
          aovChangePct: c.aovChangePct,
          newCustomers: c.newCustomers,
          from: c.window.from,
          to: c.window.to,
        },
        c.revenue,
      );
    });
}

export function marketingSummary(proposals: Proposals, measured: number, currency: string | null): string {
  const net = proposals.reduce((sum, p) => sum + p.expected.netIncrementalRevenue, 0);
  const proposed =
    proposals.length === 0
      ? "No campaign worth proposing"
      : `${plural(proposals.length, "campaign")} proposed (about ${moneyText(net, currency)} extra revenue after discounts)`;
  return `${proposed}; ${plural(measured, "discount code")} measured`;
}
