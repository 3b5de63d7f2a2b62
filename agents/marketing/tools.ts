// Marketing tools: RFM segments and customer lifetime value from order history, campaign proposals
// and results, discount codes and product copy through the approval path.
import { z } from "zod";
import { proposalOutput, proposalResult, proposeAction } from "../actions/actions";
import type { ToolContext } from "../core/context";
import { fail, ok } from "../core/result";
import { defineTool } from "../core/tool";
import { salesEnd } from "../data/catalog";
import {
  campaignResult,
  campaignWindow,
  DEFAULT_ASSUMPTIONS,
  proposeCampaigns,
  type CampaignKind,
  type CampaignWindow,
  type SlowMover,
} from "./campaigns";
import { clvCustomerAt, scoreClvPaced } from "./clv";
import { cleanFacts, draftProductCopy, SEO_DESCRIPTION_MAX, SEO_TITLE_MAX, TITLE_MAX, type ProductFacts } from "./copy";
import {
  bundleCounts,
  campaignTotals,
  countCustomerOrders,
  customerContacts,
  customerHistories,
  customerTotals,
  discountCodeCombinations,
  productBuyers,
  productStockMovement,
  productTitles,
} from "./queries";
import { scoreRfmPaced, SEGMENTS } from "./rfm";
import { AdminApiError, type ResultOf } from "../shopify/admin-client";
import { DAY_MS, epochDay, HOUR_MS, isoDay } from "../core/time";

export const getCustomerSegments = defineTool({
  name: "get_customer_segments",
  title: "Customer segments (RFM)",
  description:
    "Segments customers by recency, frequency and monetary value (quintile scores) into named segments (Champions, Loyal, At risk, Hibernating, Lost, ...) with each segment's size and revenue share, from the synced orders. Use for targeting win-back or VIP campaigns. Read-only.",
  capability: "marketing",
  input: z.object({
    days: z.number().int().min(30).max(1095).default(365).describe("Orders from the last N days"),
    includeCustomers: z.number().int().min(0).max(50).default(5).describe("Example customers to list per segment"),
  }),
  output: z.object({
    asOf: z.string(),
    customers: z.number(),
    segments: z.array(
      z.object({
        segment: z.string(),
        customers: z.number(),
        revenue: z.number(),
        shareOfCustomers: z.number(),
        shareOfRevenue: z.number(),
        examples: z.array(
          z.object({
            customerId: z.string(),
            email: z.string().nullable(),
            orders: z.number(),
            spent: z.number(),
            daysSinceLastOrder: z.number(),
          }),
        ),
      }),
    ),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true },
  changesStore: false,
  stored: { freshForMs: 6 * HOUR_MS },
  async handler(ctx, input) {
    const end = await salesEnd(ctx.db, ctx.shop, ctx.now());
    const window = { since: new Date(end.getTime() - input.days * DAY_MS), until: end };
    const orders = await countCustomerOrders(ctx.db, ctx.shop, window);
    if (orders < 20)
      return fail(
        "insufficient_data",
        `Only ${orders} orders with a customer in the last ${input.days} days; segments need at least 20.`,
        "Choose more days or sync the store.",
      );
    const rfm = await scoreRfmPaced(await customerTotals(ctx.db, ctx.shop, { ...window, asOf: end }));
    const { customerIds, orders: purchases, netRevenue } = rfm.totals;
    // Each segment's biggest spenders (ties: in customer order), in one pass over the customers.
    const examples = SEGMENTS.map(() => [] as number[]);
    if (input.includeCustomers > 0)
      for (let i = 0; i < rfm.totals.size; i++) {
        const top = examples[rfm.segment[i]];
        if (top.length === input.includeCustomers && netRevenue[i] <= netRevenue[top[top.length - 1]]) continue;
        let at = top.length;
        while (at > 0 && netRevenue[top[at - 1]] < netRevenue[i]) at--;
        top.splice(at, 0, i);
        if (top.length > input.includeCustomers) top.pop();
      }
    const people = await customerContacts(
      ctx.db,
      ctx.shop,
      examples.flat().map((i) => customerIds[i]),
    );
    const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
    return ok({
      asOf: rfm.asOf,
      customers: rfm.totals.size,
      segments: rfm.segments.map((s, k) => ({
        segment: s.segment,
        customers: s.customers,
        revenue: round(s.revenue),
        shareOfCustomers: round(s.shareOfCustomers, 4),
        shareOfRevenue: round(s.shareOfRevenue, 4),
        examples: examples[k].map((i) => ({
          customerId: customerIds[i],
          email: people.get(customerIds[i])?.email ?? null,
          orders: purchases[i],
          spent: round(netRevenue[i]),
          daysSinceLastOrder: rfm.recencyDays[i],
        })),
      })),
    });
  },
});

export const proposeDiscountCode = defineTool({
  name: "propose_discount_code",
  title: "Propose a discount code",
  description:
    "Proposes creating a discount code (a percentage or a fixed amount off the order) with start and end dates and a usage limit. It does NOT create it: it creates a pending change that the merchant approves in the app; an applied code can be reverted (deleted).",
  capability: "marketing",
  input: z
    .object({
      code: z
        .string()
        .regex(/^[A-Z0-9_-]{3,30}$/, "use 3-30 capital letters, digits, - or _")
        .describe("The code customers type, e.g. WINBACK15"),
      title: z.string().min(3).max(100).optional().describe("Internal title; default from the code"),
      percentOff: z.number().min(1).max(90).optional().describe("Percentage off, e.g. 15 for 15%"),
      amountOff: z.number().positive().max(10_000).optional().describe("Fixed amount off in the shop's currency"),
      startsAt: z.iso.datetime({ offset: true }).describe("ISO date-time the code starts"),
      endsAt: z.iso.datetime({ offset: true }).optional().describe("ISO date-time the code ends"),
      usageLimit: z.number().int().min(1).max(1_000_000).optional().describe("Total uses allowed"),
      oncePerCustomer: z.boolean().default(true).describe("Each customer may use it once"),
      audience: z
        .string()
        .trim()
        .min(2)
        .max(100)
        .optional()
        .describe(
          "Who the merchant means it for, in their words (e.g. 'VIP customers'). The code is NOT limited to them: anyone with the code can use it, and the approval card says so",
        ),
    })
    .refine((v) => (v.percentOff == null) !== (v.amountOff == null), {
      message: "give exactly one of percentOff or amountOff",
      path: ["percentOff"],
    })
    .refine((v) => !v.endsAt || Date.parse(v.endsAt) > Date.parse(v.startsAt), {
      message: "endsAt must be after startsAt",
      path: ["endsAt"],
    }),
  output: proposalOutput,
  annotations: { readOnly: false, destructive: false, idempotent: false },
  changesStore: true,
  async handler(ctx, input) {
    const proposed = await proposeAction(ctx, {
      kind: "discount.create",
      tool: "propose_discount_code",
      // A segment the merchant named is not dropped silently: the code works for anyone who has it.
      summary: input.audience
        ? `Create discount code ${input.code} for everyone: it is meant for ${input.audience}, but anyone who has the code can use it (limiting it to a customer segment is set in Shopify's discount settings), so share it only with them`
        : `Create discount code ${input.code}`,
      after: {
        exists: false,
        code: input.code,
        title: input.title ?? `${input.code} (Royal Equips)`,
        percentage: input.percentOff != null ? input.percentOff / 100 : null,
        amount: input.amountOff ?? null,
        startsAt: input.startsAt,
        endsAt: input.endsAt ?? null,
        usageLimit: input.usageLimit ?? null,
        appliesOncePerCustomer: input.oncePerCustomer,
      },
    });
    if (!proposed.ok)
      return proposed.code === "not_found" ? fail("conflict", proposed.message, "Choose another code.") : proposed;
    return ok(proposalResult(proposed.data));
  },
});

const round2 = (n: number) => Math.round(n * 100) / 100;
const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

async function shopCurrency(ctx: ToolContext): Promise<string | null> {
  const shop = await ctx.db.shop.findUnique({ where: { domain: ctx.shop }, select: { currencyCode: true } });
  if (shop?.currencyCode) return shop.currencyCode;
  const order = await ctx.db.mirrorOrder.findFirst({
    where: { shop: ctx.shop, currencyCode: { not: null } },
    orderBy: { createdAt: "desc" },
    select: { currencyCode: true },
  });
  return order?.currencyCode ?? null;
}

// ---------- customer lifetime value ----------

/** Churn-risk bands (1 - P(alive)) used to label customers; the number itself is always given. */
const CHURN_HIGH = 0.7;
const CHURN_MEDIUM = 0.4;
const CLV_HORIZON_DAYS = 365;

const clvCustomer = z.object({
  customerId: z.string(),
  email: z.string().nullable(),
  name: z.string().nullable(),
  purchaseDays: z.number().describe("Distinct days with an order (the model's unit of purchase)"),
  spentSoFar: z.number(),
  daysSinceLastOrder: z.number(),
  pAlive: z.number(),
  churnRisk: z.number(),
  churnRiskLevel: z.enum(["low", "medium", "high"]),
  expectedOrdersNextYear: z.number(),
  pOrderNextYear: z.number(),
  expectedOrderValue: z.number(),
  expectedValueNextYear: z.number(),
  expectedNextOrderDate: z.string().nullable(),
  medianNextOrderDate: z.string(),
});

export const getCustomerLifetimeValue = defineTool({
  name: "get_customer_lifetime_value",
  title: "Customer lifetime value",
  description:
    "Predicts each customer's value over the next 365 days from the order history (BG/NBD model for repeat purchases and P(alive), Gamma-Gamma for order value) and lists the top customers by expected value with their churn risk, expected orders, probability of ordering and expected next order date, plus the fitted model. With too little history it says so (status insufficient_data) instead of guessing. Read-only.",
  capability: "marketing",
  input: z.object({
    limit: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(20)
      .describe("How many customers to list, highest expected value first"),
  }),
  output: z.discriminatedUnion("status", [
    z.object({
      status: z.literal("ok"),
      asOf: z.string(),
      horizonDays: z.number(),
      currency: z.string().nullable(),
      basis: z.string(),
      customersScored: z.number(),
      repeatCustomers: z.number(),
      totalExpectedValueNextYear: z.number(),
      churn: z.object({ high: z.number(), medium: z.number(), low: z.number(), expectedValueAtHighRisk: z.number() }),
      model: z.object({
        bgNbd: z.object({
          r: z.number(),
          alpha: z.number(),
          a: z.number(),
          b: z.number(),
          logLikelihood: z.number(),
          converged: z.boolean(),
        }),
        gammaGamma: z.object({
          p: z.number(),
          q: z.number(),
          gamma: z.number(),
          customers: z.number(),
          populationMeanOrderValue: z.number(),
          frequencySpendCorrelation: z.number(),
          converged: z.boolean(),
        }),
      }),
      warnings: z.array(z.string()),
      customers: z.array(clvCustomer),
    }),
    z.object({
      status: z.literal("insufficient_data"),
      reason: z.enum(["too_little_data", "fit_failed"]),
      message: z.string(),
      customers: z.number(),
      repeatCustomers: z.number(),
      minCustomers: z.number(),
      minRepeatCustomers: z.number(),
      hint: z.string(),
    }),
  ]),
  annotations: { readOnly: true, destructive: false, idempotent: true },
  changesStore: false,
  stored: { freshForMs: 6 * HOUR_MS },
  async handler(ctx, input) {
    const asOf = await salesEnd(ctx.db, ctx.shop, ctx.now());
    const histories = await customerHistories(ctx.db, ctx.shop, { until: asOf, asOf });
    const clv = await scoreClvPaced(histories, { horizonDays: CLV_HORIZON_DAYS });
    if (!clv.ok) {
      return ok({
        status: "insufficient_data" as const,
        reason: clv.reason,
        message: clv.message,
        customers: clv.customers,
        repeatCustomers: clv.repeatCustomers,
        minCustomers: clv.minCustomers,
        minRepeatCustomers: clv.minRepeatCustomers,
        hint: "get_customer_segments (RFM) works with less history; lifetime value becomes available once more customers have ordered twice.",
      });
    }
    const level = (risk: number) =>
      (risk >= CHURN_HIGH ? "high" : risk >= CHURN_MEDIUM ? "medium" : "low") as "low" | "medium" | "high";
    const { customerIds } = histories;
    // Highest expected value first (ties: smaller customer id), kept to `limit` in one pass.
    const before = (i: number, j: number) =>
      clv.clv[i] > clv.clv[j] || (clv.clv[i] === clv.clv[j] && customerIds[i].localeCompare(customerIds[j]) < 0);
    const top: number[] = [];
    for (let i = 0; i < histories.size; i++) {
      if (top.length === input.limit && !before(i, top[top.length - 1])) continue;
      let at = top.length;
      while (at > 0 && before(i, top[at - 1])) at--;
      top.splice(at, 0, i);
      if (top.length > input.limit) top.pop();
    }
    const people = await customerContacts(
      ctx.db,
      ctx.shop,
      top.map((i) => customerIds[i]),
    );
    const churn = { high: 0, medium: 0, low: 0, expectedValueAtHighRisk: 0 };
    let repeatCustomers = 0;
    let totalValue = 0;
    for (let i = 0; i < histories.size; i++) {
      const risk = level(1 - clv.pAlive[i]);
      churn[risk]++;
      if (risk === "high") churn.expectedValueAtHighRisk += clv.clv[i];
      if (histories.purchaseDays[i] > 1) repeatCustomers++;
      totalValue += clv.clv[i];
    }
    const gg = clv.gammaGamma.params;
    return ok({
      status: "ok" as const,
      asOf: clv.asOf,
      horizonDays: clv.horizonDays,
      currency: await shopCurrency(ctx),
      basis:
        `Expected value = expected orders in the next ${CLV_HORIZON_DAYS} days x expected order value, in revenue (net of refunds, before costs, not discounted). ` +
        "Several orders on one day count as one purchase. churnRisk = 1 - P(alive); levels: high >= 0.7, medium >= 0.4. " +
        "The model treats a one-time buyer as not yet lapsed (P(alive) = 1): read their low pOrderNextYear instead.",
      customersScored: histories.size,
      repeatCustomers,
      totalExpectedValueNextYear: round2(totalValue),
      churn: { ...churn, expectedValueAtHighRisk: round2(churn.expectedValueAtHighRisk) },
      model: {
        bgNbd: { ...clv.bgNbd.params, logLikelihood: round2(clv.bgNbd.logLikelihood), converged: clv.bgNbd.converged },
        gammaGamma: {
          ...gg,
          customers: clv.gammaGamma.customers,
          populationMeanOrderValue: round2((gg.p * gg.gamma) / (gg.q - 1)),
          frequencySpendCorrelation: round4(clv.gammaGamma.frequencySpendCorrelation),
          converged: clv.gammaGamma.converged,
        },
      },
      warnings: clv.warnings,
      customers: top.map((i) => {
        const c = clvCustomerAt(clv, i);
        const person = people.get(c.customerId);
        const name = [person?.firstName, person?.lastName].filter(Boolean).join(" ");
        return {
          customerId: c.customerId,
          email: person?.email ?? null,
          name: name || null,
          purchaseDays: c.purchaseDays,
          spentSoFar: round2(histories.netRevenue[i]),
          daysSinceLastOrder: c.daysSinceLastOrder,
          pAlive: round4(c.pAlive),
          churnRisk: round4(c.churnRisk),
          churnRiskLevel: level(c.churnRisk),
          expectedOrdersNextYear: round4(c.expectedOrders),
          pOrderNextYear: round4(c.pOrderInHorizon),
          expectedOrderValue: round2(c.expectedOrderValue),
          expectedValueNextYear: round2(c.clv),
          expectedNextOrderDate: c.expectedNextOrderDate?.slice(0, 10) ?? null,
          medianNextOrderDate: c.medianNextOrderDate.slice(0, 10),
        };
      }),
    });
  },
});

// ---------- campaign proposals ----------

const CAMPAIGN_KINDS = ["win_back", "vip", "slow_mover", "bundle"] as const;
/** Window of history for segments, buyers and stock movement. */
const CAMPAIGN_HISTORY_DAYS = 365;
const DEAD_AFTER_DAYS = 90;
/** A product that sold less than this share of (sold + on hand) in the last 90 days is "slow". */
const SLOW_SELL_THROUGH = 0.2;
const BUNDLE_DAYS = 180;
const BUNDLE_MIN_ORDERS = 5;
/** Orders with more distinct products than this say little about affinity (research/bundles.ts's default). */
const BUNDLE_MAX_ITEMS = 50;

/** Code stems per proposal; a number (the discount) and the month follow, e.g. MISSYOU15-2611. */
const CODE_STEM: Record<string, string> = {
  "win-back-can-t-lose-them": "COMEBACK",
  "win-back-at-risk": "MISSYOU",
  "win-back-hibernating": "WAKEUP",
  "vip-champions": "VIP",
  "dead-stock": "CLEAR",
  "slow-stock": "MOVE",
};
const KIND_STEM: Record<CampaignKind, string> = {
  win_back: "WINBACK",
  vip: "VIP",
  slow_mover: "SALE",
  bundle: "BUNDLE",
};

export const proposeCampaignsTool = defineTool({
  name: "propose_campaigns",
  title: "Propose marketing campaigns",
  description:
    "Suggests campaigns from the shop's own data: win-back offers for lapsed good customers (RFM segments), a VIP reward for Champions, offers to move dead or slow stock, and bundles of products often bought together. Each comes with its audience size, suggested discount and code, the expected redemptions, revenue, discount cost and net incremental revenue, and the assumptions behind those numbers. Suggestions only: nothing is created or sent (propose_discount_code creates the code after approval).",
  capability: "marketing",
  input: z.object({
    kinds: z
      .array(z.enum(CAMPAIGN_KINDS))
      .min(1)
      .optional()
      .describe("Which kinds of campaign to consider; default all: win_back, vip, slow_mover, bundle"),
  }),
  output: z.object({
    asOf: z.string(),
    customersAnalysed: z.number(),
    currency: z.string().nullable(),
    proposals: z.array(
      z.object({
        id: z.string(),
        kind: z.string(),
        title: z.string(),
        segments: z.array(z.string()),
        products: z.array(z.object({ id: z.string(), title: z.string() })),
        audienceSize: z.number(),
        exampleCustomerIds: z.array(z.string()),
        suggestedDiscountPct: z.number(),
        suggestedCode: z.string(),
        baselineOrderValue: z.number(),
        expected: z.object({
          redemptions: z.number(),
          revenue: z.number(),
          discountCost: z.number(),
          netIncrementalRevenue: z.number(),
        }),
        assumptions: z.object({ redemptionRate: z.number(), incrementalShare: z.number() }),
        assumptionText: z.string(),
        rationale: z.string(),
      }),
    ),
    skipped: z.array(z.object({ kind: z.string(), reason: z.string() })),
    note: z.string(),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true },
  changesStore: false,
  stored: { freshForMs: 6 * HOUR_MS },
  async handler(ctx, input) {
    const kinds = new Set<CampaignKind>(input.kinds ?? CAMPAIGN_KINDS);
    const end = await salesEnd(ctx.db, ctx.shop, ctx.now());
    const since = new Date(end.getTime() - CAMPAIGN_HISTORY_DAYS * DAY_MS);
    const orders = await countCustomerOrders(ctx.db, ctx.shop, { since, until: end });
    if (orders < 20)
      return fail(
        "insufficient_data",
        `Only ${orders} orders with a customer in the last ${CAMPAIGN_HISTORY_DAYS} days; campaigns need at least 20 to segment customers.`,
        "Sync the store, or wait for more orders.",
      );
    const rfm = await scoreRfmPaced(await customerTotals(ctx.db, ctx.shop, { since, until: end, asOf: end }));
    const skipped: { kind: string; reason: string }[] = [];

    const slowMovers: SlowMover[] = [];
    if (kinds.has("slow_mover")) {
      // Sales since the start of the UTC day DEAD_AFTER_DAYS - 1 days before the last order's day.
      const windowStart = new Date((epochDay(end) - (DEAD_AFTER_DAYS - 1)) * DAY_MS);
      const ranked = (await productStockMovement(ctx.db, ctx.shop, { windowStart, until: end })).sort(
        (a, b) => b.value - a.value || (a.productId < b.productId ? -1 : 1),
      );
      for (const p of ranked.filter((p) => p.dead).slice(0, 5))
        slowMovers.push({ productId: p.productId, stockStatus: "dead" });
      for (const p of ranked.filter((p) => !p.dead && p.sold / (p.sold + p.onHand) < SLOW_SELL_THROUGH).slice(0, 5))
        slowMovers.push({ productId: p.productId, stockStatus: "slow" });
      if (slowMovers.length === 0)
        skipped.push({
          kind: "slow_mover",
          reason: `No product in stock is dead (no sale for ${DEAD_AFTER_DAYS} days) or slow (sold under ${SLOW_SELL_THROUGH * 100}% of sold + on hand in ${DEAD_AFTER_DAYS} days).`,
        });
    }

    const bundlePairs: { productA: string; productB: string; timesBoughtTogether: number }[] = [];
    if (kinds.has("bundle")) {
      const counts = await bundleCounts(
        ctx.db,
        ctx.shop,
        { from: new Date(end.getTime() - BUNDLE_DAYS * DAY_MS), until: end },
        { minCount: BUNDLE_MIN_ORDERS, maxItems: BUNDLE_MAX_ITEMS, limit: 3 },
      );
      const pairs = counts.pairs;
      for (const pair of pairs.filter((p) => p.lift > 1))
        bundlePairs.push({ productA: pair.productA, productB: pair.productB, timesBoughtTogether: pair.together });
      if (bundlePairs.length === 0)
        skipped.push({
          kind: "bundle",
          reason: `No two products were bought together in at least ${BUNDLE_MIN_ORDERS} of the ${counts.baskets} orders of the last ${BUNDLE_DAYS} days more often than chance (lift > 1).`,
        });
    }
    const productIds = [
      ...new Set([...slowMovers.map((s) => s.productId), ...bundlePairs.flatMap((p) => [p.productA, p.productB])]),
    ];
    // Who bought the products in question (only those: the audiences are their buyers or non-buyers).
    const purchases = productIds.length ? await productBuyers(ctx.db, ctx.shop, productIds, { since, until: end }) : [];
    const titles = await productTitles(ctx.db, ctx.shop, productIds);
    for (const s of slowMovers) s.title = titles.get(s.productId) ?? s.productId;

    const proposals = proposeCampaigns({ rfm, slowMovers, bundlePairs, purchases }).filter((p) => kinds.has(p.kind));
    for (const kind of kinds) {
      if (proposals.some((p) => p.kind === kind) || skipped.some((s) => s.kind === kind)) continue;
      skipped.push({
        kind,
        reason:
          kind === "win_back"
            ? "No customers are in the Can't lose them, At risk or Hibernating segments."
            : kind === "vip"
              ? "No customers are in the Champions segment."
              : "The audience for it is empty.",
      });
    }
    const stamp = isoDay(end).slice(2, 7).replace("-", "");
    const codes = new Set<string>();
    const codeFor = (p: (typeof proposals)[number]) => {
      const base = `${CODE_STEM[p.id] ?? KIND_STEM[p.kind]}${p.suggestedDiscountPct}-${stamp}`;
      let code = base;
      for (let n = 2; codes.has(code); n++) code = `${base}-${n}`;
      codes.add(code);
      return code;
    };
    return ok({
      asOf: rfm.asOf,
      customersAnalysed: rfm.totals.size,
      currency: await shopCurrency(ctx),
      proposals: proposals.map((p) => ({
        id: p.id,
        kind: p.kind,
        title: p.kind === "bundle" ? `Bundle ${p.productIds.map((id) => titles.get(id) ?? id).join(" + ")}` : p.title,
        segments: p.segments,
        products: p.productIds.map((id) => ({ id, title: titles.get(id) ?? id })),
        audienceSize: p.audienceSize,
        exampleCustomerIds: p.customerIds.slice(0, 5),
        suggestedDiscountPct: p.suggestedDiscountPct,
        suggestedCode: codeFor(p),
        baselineOrderValue: round2(p.baselineOrderValue),
        expected: {
          redemptions: Math.round(p.expected.redemptions * 10) / 10,
          revenue: round2(p.expected.revenue),
          discountCost: round2(p.expected.discountCost),
          netIncrementalRevenue: round2(p.expected.netIncrementalRevenue),
        },
        assumptions: p.assumptions,
        assumptionText: p.assumptionText,
        rationale: p.rationale,
      })),
      skipped,
      note:
        `Redemption rates / incremental shares are round placeholders (${Object.entries(DEFAULT_ASSUMPTIONS)
          .map(
            ([kind, a]) => `${kind} ${Math.round(a.redemptionRate * 100)}% / ${Math.round(a.incrementalShare * 100)}%`,
          )
          .join(", ")}), ` +
        "not measurements of this shop; get_campaign_results measures past codes. " +
        "Nothing was created: propose_discount_code with the suggested code puts a campaign up for approval.",
    });
  },
});

// ---------- campaign results ----------

const DISCOUNT_LOOKUP = /* GraphQL */ `#graphql
  query CampaignDiscountByCode($code: String!) {
    codeDiscountNodeByCode(code: $code) {
      id
      codeDiscount {
        __typename
        ... on DiscountCodeBasic { title status startsAt endsAt usageLimit asyncUsageCount }
        ... on DiscountCodeBxgy { title status startsAt endsAt usageLimit asyncUsageCount }
        ... on DiscountCodeFreeShipping { title status startsAt endsAt usageLimit asyncUsageCount }
      }
    }
  }
`;
type CodeDiscount = NonNullable<ResultOf<typeof DISCOUNT_LOOKUP>["codeDiscountNodeByCode"]>["codeDiscount"];
/** The fields DISCOUNT_LOOKUP asks for: every code discount type but an app discount (DiscountCodeApp) has them. */
type LiveDiscount = Partial<Omit<Extract<CodeDiscount, { __typename: "DiscountCodeBasic" }>, "__typename">>;
/** Shopify is asked about at most this many codes per call (one small query each). */
const MAX_CODES = 25;

export const getCampaignResults = defineTool({
  name: "get_campaign_results",
  title: "Campaign results",
  description:
    "Measures discount-code campaigns from the synced orders: for each code (those proposed through this app and any code seen on orders), the orders and customers that used it, net revenue, discount cost, average order value against orders without a code in the same window, new vs returning customers, and redemptions against the usage limit. Give a code for one campaign. Read-only.",
  capability: "marketing",
  input: z.object({
    code: z
      .string()
      .trim()
      .min(1)
      .max(255)
      .optional()
      .describe("One discount code to measure (case-insensitive); default every known code"),
  }),
  output: z.object({
    currency: z.string().nullable(),
    campaigns: z.array(
      z.object({
        code: z.string(),
        source: z.enum(["proposed here", "seen in orders", "both"]),
        actionId: z.string().nullable(),
        actionStatus: z.string().nullable(),
        shopifyStatus: z.string().nullable(),
        window: z.object({ from: z.string().nullable(), to: z.string().nullable(), basis: z.string() }),
        orders: z.number(),
        customers: z.number(),
        revenue: z.number(),
        discountCost: z.number(),
        averageOrderValue: z.number(),
        baselineAverageOrderValue: z.number().nullable(),
        aovChangePct: z.number().nullable(),
        newCustomers: z.number(),
        returningCustomers: z.number(),
        usageLimit: z.number().nullable(),
        redemptions: z.number(),
        usageOfLimit: z.number().nullable(),
        shopifyUsageCount: z.number().nullable(),
      }),
    ),
    notes: z.array(z.string()),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true },
  changesStore: false,
  stored: { freshForMs: HOUR_MS },
  async handler(ctx, input) {
    const wanted = input.code?.toUpperCase();
    const actions = await ctx.db.action.findMany({
      where: { shop: ctx.shop, kind: "discount.create" },
      orderBy: { createdAt: "desc" },
      select: { id: true, status: true, after: true },
    });
    const ours = new Map<
      string,
      { actionId: string; status: string; startsAt: string | null; endsAt: string | null; usageLimit: number | null }
    >();
    for (const a of actions) {
      const after = a.after as {
        code?: string;
        startsAt?: string;
        endsAt?: string | null;
        usageLimit?: number | null;
      } | null;
      const code = after?.code?.toUpperCase();
      // Newest first: a code proposed again after a denial keeps its latest proposal.
      if (code && !ours.has(code))
        ours.set(code, {
          actionId: a.id,
          status: a.status,
          startsAt: after?.startsAt ?? null,
          endsAt: after?.endsAt ?? null,
          usageLimit: after?.usageLimit ?? null,
        });
    }
    // The codes used on orders, from each distinct discountCodes value (a few hundred rows, not the
    // orders), earliest first use first; a code keeps the spelling of its first use.
    const splitCodes = (value: string) =>
      value
        .split(",")
        .map((c) => c.trim())
        .filter(Boolean);
    const combinations = (await discountCodeCombinations(ctx.db, ctx.shop)).sort((a, b) => a.first - b.first);
    const seen = new Map<string, { first: number; last: number; spelled: string }>();
    const usage = new Map<string, number>();
    const noCode: string[] = [];
    for (const combination of combinations) {
      const raws = splitCodes(combination.codes);
      if (raws.length === 0) noCode.push(combination.codes);
      for (const raw of raws) {
        const code = raw.toUpperCase();
        usage.set(code, (usage.get(code) ?? 0) + combination.orders);
        const s = seen.get(code);
        if (!s) seen.set(code, { first: combination.first, last: combination.last, spelled: raw });
        else {
          s.first = Math.min(s.first, combination.first);
          s.last = Math.max(s.last, combination.last);
        }
      }
    }
    let codes = [...new Set([...ours.keys(), ...seen.keys()])];
    if (wanted) {
      if (!codes.includes(wanted)) {
        const known = codes.slice(0, 20).join(", ");
        return fail(
          "not_found",
          `No campaign with code ${input.code}: it was not proposed here and no synced order used it.`,
          known ? `Known codes: ${known}.` : "No discount code has been used or proposed yet.",
        );
      }
      codes = [wanted];
    }
    const notes: string[] = [];
    // Most used first; codes proposed here but not used yet after them.
    codes.sort((a, b) => (usage.get(b) ?? 0) - (usage.get(a) ?? 0) || a.localeCompare(b));
    if (codes.length > MAX_CODES) {
      notes.push(
        `${codes.length} codes are known; the ${MAX_CODES} most used are measured. Ask for one code to see another.`,
      );
      codes = codes.slice(0, MAX_CODES);
    }
    const shopify = new Map<string, LiveDiscount | null>();
    for (const code of codes) {
      try {
        const data = await ctx.admin.graphql(DISCOUNT_LOOKUP, { code: seen.get(code)?.spelled ?? code });
        const found = data.codeDiscountNodeByCode?.codeDiscount;
        shopify.set(code, found ? ("startsAt" in found ? found : {}) : null);
      } catch (error) {
        if (!(error instanceof AdminApiError)) throw error;
        ctx.logger.warn({ err: error, code }, "discount lookup failed");
        notes.push(
          `Shopify could not be asked about ${code} (${error.message}); its window and usage limit come from the orders and proposals only.`,
        );
      }
    }
    const windows: (CampaignWindow & { basis: string })[] = codes.map((code) => {
      const action = ours.get(code);
      const live = shopify.get(code);
      if (action?.startsAt)
        return {
          code,
          startsAt: action.startsAt,
          endsAt: action.endsAt ?? undefined,
          basis: "the dates of the proposal made here",
        };
      if (live?.startsAt)
        return {
          code,
          startsAt: live.startsAt,
          endsAt: live.endsAt ?? undefined,
          basis: "the discount's dates in Shopify",
        };
      const s = seen.get(code);
      return {
        code,
        startsAt: s ? new Date(s.first).toISOString() : undefined,
        endsAt: s ? new Date(s.last).toISOString() : undefined,
        basis: "first to last order that used the code (its dates in Shopify are unknown)",
      };
    });
    // Orders are counted in SQL, per code over its window; guest orders count as orders, each guest
    // their own customer.
    const totals = await campaignTotals(
      ctx.db,
      ctx.shop,
      windows.map((w) => {
        const { code, from, to } = campaignWindow(w);
        return {
          combinations: combinations
            .filter((c) => splitCodes(c.codes).some((raw) => raw.toUpperCase() === code))
            .map((c) => c.codes),
          from,
          to,
        };
      }),
      noCode,
    );
    const measured = windows.map((w, i) => campaignResult(w, totals[i]));
    return ok({
      currency: await shopCurrency(ctx),
      campaigns: measured.map((m, i) => {
        const code = codes[i];
        const action = ours.get(code);
        const live = shopify.get(code);
        const usageLimit = action?.usageLimit ?? live?.usageLimit ?? null;
        return {
          code: seen.get(code)?.spelled ?? code,
          source: (action && seen.has(code) ? "both" : action ? "proposed here" : "seen in orders") as
            "both" | "proposed here" | "seen in orders",
          actionId: action?.actionId ?? null,
          actionStatus: action?.status ?? null,
          shopifyStatus: live?.status ?? null,
          window: {
            from: windows[i].startsAt?.slice(0, 10) ?? null,
            to: windows[i].endsAt?.slice(0, 10) ?? null,
            basis: windows[i].basis,
          },
          orders: m.orders,
          customers: m.customers,
          revenue: round2(m.revenue),
          discountCost: round2(m.discountCost),
          averageOrderValue: round2(m.aov),
          baselineAverageOrderValue: m.baselineAov == null ? null : round2(m.baselineAov),
          aovChangePct: m.aovChange == null ? null : round4(m.aovChange),
          newCustomers: m.newCustomers,
          returningCustomers: m.returningCustomers,
          usageLimit,
          redemptions: m.orders,
          usageOfLimit: usageLimit ? round4(m.orders / usageLimit) : null,
          shopifyUsageCount: live?.asyncUsageCount ?? null,
        };
      }),
      notes: [
        ...notes,
        "Revenue is net of refunds; the baseline is orders without any code in the same window. New customer = the campaign order was their first synced order; guest orders count as new customers.",
      ],
    });
  },
});

// ---------- product copy ----------

const copyFields = z.object({
  title: z.string(),
  descriptionHtml: z.string(),
  seoTitle: z.string(),
  seoDescription: z.string(),
});
const PRODUCT_TEXT = /* GraphQL */ `#graphql
  query CopyProductText($id: ID!) {
    product(id: $id) { title descriptionHtml seo { title description } options { name values } }
  }
`;
const numericId = (id: string) => id.trim().replace(/^gid:\/\/shopify\/Product\//, "");

export const draftProductCopyTool = defineTool({
  name: "draft_product_copy",
  title: "Draft product copy",
  description:
    "Drafts a product's title, description (HTML), SEO title (at most 60 characters) and SEO description (at most 160) from its facts: title, type, vendor, tags, options, price and best-selling variants. Uses the configured AI model when there is one, otherwise an offline template (and says so in draftedBy). Shows the current text next to the draft. Read-only: propose_product_copy puts a draft up for approval.",
  capability: "marketing",
  input: z
    .object({
      sku: z.string().trim().min(1).optional().describe("SKU of any variant of the product"),
      productId: z
        .string()
        .trim()
        .min(1)
        .optional()
        .describe("The product's id (numeric or gid://shopify/Product/...)"),
      tone: z.enum(["plain", "premium", "playful"]).default("plain").describe("Voice of the copy"),
    })
    .refine((v) => v.sku != null || v.productId != null, { message: "give a sku or a productId", path: ["productId"] }),
  output: z.object({
    productId: z.string(),
    tone: z.string(),
    draftedBy: z.string(),
    fieldSources: z.record(z.string(), z.string()),
    draft: copyFields,
    lengths: z.object({
      seoTitle: z.number(),
      seoDescription: z.number(),
      seoTitleMax: z.number(),
      seoDescriptionMax: z.number(),
    }),
    current: copyFields.extend({ seoTitle: z.string().nullable(), seoDescription: z.string().nullable() }).nullable(),
    factsUsed: z.object({
      title: z.string(),
      productType: z.string().nullable(),
      vendor: z.string().nullable(),
      tags: z.array(z.string()),
      options: z.array(z.object({ name: z.string(), values: z.array(z.string()) })),
      price: z.object({ min: z.number(), max: z.number(), currency: z.string().nullable() }),
      topVariants: z.array(z.object({ title: z.string(), unitsSold: z.number() })),
    }),
    warnings: z.array(z.string()),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true },
  changesStore: false,
  async handler(ctx, input) {
    let productId = input.productId ? numericId(input.productId) : null;
    if (input.sku) {
      const variant = await ctx.db.mirrorVariant.findFirst({
        where: { shop: ctx.shop, sku: input.sku },
        select: { productId: true },
      });
      if (!variant)
        return fail(
          "not_found",
          `No variant with SKU ${input.sku} is synced.`,
          "Check the SKU, or give the productId.",
        );
      if (productId && productId !== variant.productId)
        return fail(
          "invalid_input",
          `SKU ${input.sku} belongs to product ${variant.productId}, not ${productId}.`,
          "Give either the SKU or the productId, or a matching pair.",
        );
      productId = variant.productId;
    }
    const product = await ctx.db.mirrorProduct.findFirst({ where: { shop: ctx.shop, id: productId! } });
    if (!product) return fail("not_found", `No product ${productId} is synced.`, "Check the id, or sync the store.");
    const variants = await ctx.db.mirrorVariant.findMany({
      where: { shop: ctx.shop, productId: product.id },
      select: { id: true, title: true, price: true },
    });
    const end = await salesEnd(ctx.db, ctx.shop, ctx.now());
    const sold = await ctx.db.mirrorLineItem.groupBy({
      by: ["variantId"],
      where: { shop: ctx.shop, productId: product.id, createdAt: { gte: new Date(end.getTime() - 365 * DAY_MS) } },
      _sum: { quantity: true },
    });
    const titleOf = new Map(variants.map((v) => [v.id, v.title]));
    const topVariants = sold
      .filter((s) => s.variantId && titleOf.has(s.variantId))
      .map((s) => ({ title: titleOf.get(s.variantId!)!, unitsSold: s._sum.quantity ?? 0 }))
      .sort((a, b) => b.unitsSold - a.unitsSold || a.title.localeCompare(b.title));
    const warnings: string[] = [];
    let live: NonNullable<ResultOf<typeof PRODUCT_TEXT>["product"]> | null = null;
    try {
      live = (await ctx.admin.graphql(PRODUCT_TEXT, { id: `gid://shopify/Product/${product.id}` })).product ?? null;
      if (!live) warnings.push("Shopify no longer has this product; the draft uses the synced facts only.");
    } catch (error) {
      if (!(error instanceof AdminApiError)) throw error;
      ctx.logger.warn({ err: error, productId: product.id }, "reading the product's text failed");
      warnings.push(
        `The current text could not be read from Shopify (${error.message}); the draft uses the synced facts only.`,
      );
    }
    // Without Shopify's option names, variant titles ("Red / M") still give the values per position.
    const options =
      live?.options ??
      (() => {
        const columns: string[][] = [];
        for (const v of variants)
          v.title.split(" / ").forEach((value, i) => (columns[i] ??= []).includes(value) || columns[i].push(value));
        return columns.map((values, i) => ({ name: columns.length === 1 ? "Options" : `Option ${i + 1}`, values }));
      })();
    const prices = variants.map((v) => v.price);
    const facts: ProductFacts = {
      productId: product.id,
      title: product.title,
      productType: product.productType,
      vendor: product.vendor,
      tags: product.tags
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean),
      options,
      price: {
        min: prices.length ? Math.min(...prices) : 0,
        max: prices.length ? Math.max(...prices) : 0,
        currency: await shopCurrency(ctx),
      },
      topVariants,
      currentDescription: live?.descriptionHtml ?? null,
    };
    const draft = await draftProductCopy(facts, input.tone, ctx.copywriter);
    const used = cleanFacts(facts);
    return ok({
      productId: product.id,
      tone: input.tone,
      draftedBy: draft.draftedBy,
      fieldSources: draft.fieldSources,
      draft: {
        title: draft.title,
        descriptionHtml: draft.descriptionHtml,
        seoTitle: draft.seoTitle,
        seoDescription: draft.seoDescription,
      },
      lengths: {
        seoTitle: draft.seoTitle.length,
        seoDescription: draft.seoDescription.length,
        seoTitleMax: SEO_TITLE_MAX,
        seoDescriptionMax: SEO_DESCRIPTION_MAX,
      },
      current: live
        ? {
            title: live.title,
            descriptionHtml: live.descriptionHtml,
            seoTitle: live.seo.title ?? null,
            seoDescription: live.seo.description ?? null,
          }
        : null,
      factsUsed: {
        title: used.title,
        productType: used.productType,
        vendor: used.vendor,
        tags: used.tags,
        options: used.options,
        price: used.price,
        topVariants: used.topVariants,
      },
      warnings: [...warnings, ...draft.warnings],
    });
  },
});

/** Markup that must never reach a storefront through a proposal, whoever wrote it. */
const UNSAFE_HTML =
  /<\s*(script|iframe|object|embed|style|link|meta|base|form)\b|\son[a-z]+\s*=|javascript:|data:text\/html/i;

export const proposeProductCopy = defineTool({
  name: "propose_product_copy",
  title: "Propose new product copy",
  description:
    "Proposes changing a product's title, description (HTML), SEO title and/or SEO description, e.g. a draft from draft_product_copy. It does NOT change the product: it creates a pending change (current text -> new text) that the merchant approves in the app; an applied change can be reverted. Fields left out stay as they are.",
  capability: "marketing",
  input: z
    .object({
      productId: z.string().trim().min(1).describe("The product's id (numeric or gid://shopify/Product/...)"),
      title: z
        .string()
        .trim()
        .min(1)
        .max(TITLE_MAX)
        .refine((t) => !/[<>]/.test(t), "a title is plain text, without < or >")
        .optional()
        .describe("New product title"),
      descriptionHtml: z
        .string()
        .max(50_000)
        .refine(
          (h) => !UNSAFE_HTML.test(h),
          "the description may not contain scripts, frames, forms, styles, event handlers or javascript: links",
        )
        .optional()
        .describe("New description as HTML"),
      seoTitle: z
        .string()
        .trim()
        .min(1)
        .max(70)
        .optional()
        .describe("New SEO title; up to 60 characters shows in full in search results (70 at most)"),
      seoDescription: z
        .string()
        .trim()
        .min(1)
        .max(320)
        .optional()
        .describe("New SEO description; up to 160 characters shows in full (320 at most)"),
    })
    .refine((v) => v.title != null || v.descriptionHtml != null || v.seoTitle != null || v.seoDescription != null, {
      message: "give at least one of title, descriptionHtml, seoTitle, seoDescription",
      path: ["title"],
    }),
  output: proposalOutput,
  annotations: { readOnly: false, destructive: false, idempotent: false },
  changesStore: true,
  async handler(ctx, input) {
    const productId = numericId(input.productId);
    const product = await ctx.db.mirrorProduct.findFirst({
      where: { shop: ctx.shop, id: productId },
      select: { title: true },
    });
    if (!product)
      return fail(
        "not_found",
        `No product ${productId} is synced.`,
        "Check the id (draft_product_copy shows it), or sync the store.",
      );
    const fields = (["title", "descriptionHtml", "seoTitle", "seoDescription"] as const).filter(
      (f) => input[f] != null,
    );
    const proposed = await proposeAction(ctx, {
      kind: "product.update",
      tool: "propose_product_copy",
      summary: `Update ${fields.join(", ")} of "${product.title}"`,
      after: { productId, ...Object.fromEntries(fields.map((f) => [f, input[f]])) },
    });
    if (!proposed.ok) return proposed;
    return ok(proposalResult(proposed.data));
  },
});
