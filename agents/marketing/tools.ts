// Marketing tools: RFM segments and customer lifetime value from order history, campaign proposals
// and results, discount codes and product copy through the approval path.
import { z } from "zod";
import { proposalOutput, proposalResult, proposeAction } from "../actions/actions";
import type { ToolContext } from "../core/context";
import { fail, ok } from "../core/result";
import { defineTool } from "../core/tool";
import { loadCatalog, salesEnd } from "../data/catalog";
import {
  DEFAULT_ASSUMPTIONS,
  measureCampaigns,
  proposeCampaigns,
  type CampaignKind,
  type CampaignWindow,
  type SlowMover,
} from "./campaigns";
import { computeClv } from "./clv";
import { cleanFacts, draftProductCopy, SEO_DESCRIPTION_MAX, SEO_TITLE_MAX, TITLE_MAX, type ProductFacts } from "./copy";
import { computeRfm } from "./rfm";
import { findBundles } from "../research/bundles";
import { findDeadStock } from "../research/deadstock";
import { AdminApiError, type ResultOf } from "../shopify/admin-client";
import { DAY_MS, HOUR_MS, isoDay } from "../core/time";

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
    const orders = await ctx.db.mirrorOrder.findMany({
      where: {
        shop: ctx.shop,
        customerId: { not: null },
        cancelledAt: null,
        createdAt: { gte: new Date(end.getTime() - input.days * DAY_MS) },
      },
      select: { customerId: true, createdAt: true, total: true, totalRefunded: true },
    });
    if (orders.length < 20)
      return fail(
        "insufficient_data",
        `Only ${orders.length} orders with a customer in the last ${input.days} days; segments need at least 20.`,
        "Choose more days or sync the store.",
      );
    const rfm = computeRfm(
      orders.map((o) => ({
        customerId: o.customerId!,
        createdAt: o.createdAt.toISOString(),
        total: o.total,
        refunded: o.totalRefunded,
      })),
      end,
    );
    const emails = new Map(
      (await ctx.db.mirrorCustomer.findMany({ where: { shop: ctx.shop }, select: { id: true, email: true } })).map(
        (c) => [c.id, c.email],
      ),
    );
    const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
    return ok({
      asOf: rfm.asOf,
      customers: rfm.customers.length,
      segments: rfm.segments.map((s) => ({
        segment: s.segment,
        customers: s.customers,
        revenue: round(s.revenue),
        shareOfCustomers: round(s.shareOfCustomers, 4),
        shareOfRevenue: round(s.shareOfRevenue, 4),
        examples: rfm.customers
          .filter((c) => c.segment === s.segment)
          .sort((a, b) => b.monetary - a.monetary)
          .slice(0, input.includeCustomers)
          .map((c) => ({
            customerId: c.customerId,
            email: emails.get(c.customerId) ?? null,
            orders: c.orders,
            spent: round(c.monetary),
            daysSinceLastOrder: c.recencyDays,
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
      summary: `Create discount code ${input.code}`,
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
    const orders = await ctx.db.mirrorOrder.findMany({
      where: { shop: ctx.shop, customerId: { not: null }, cancelledAt: null, createdAt: { lte: asOf } },
      select: { customerId: true, createdAt: true, total: true, totalRefunded: true },
    });
    const rows = orders.map((o) => ({
      customerId: o.customerId!,
      createdAt: o.createdAt.toISOString(),
      total: Math.max(0, o.total),
      refunded: Math.min(Math.max(0, o.totalRefunded), Math.max(0, o.total)),
    }));
    const clv = computeClv(rows, asOf, { horizonDays: CLV_HORIZON_DAYS });
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
    const spent = new Map<string, number>();
    for (const r of rows) spent.set(r.customerId, (spent.get(r.customerId) ?? 0) + r.total - r.refunded);
    const level = (risk: number) =>
      (risk >= CHURN_HIGH ? "high" : risk >= CHURN_MEDIUM ? "medium" : "low") as "low" | "medium" | "high";
    const top = [...clv.customers]
      .sort((a, b) => b.clv - a.clv || a.customerId.localeCompare(b.customerId))
      .slice(0, input.limit);
    const people = new Map(
      (
        await ctx.db.mirrorCustomer.findMany({
          where: { shop: ctx.shop, id: { in: top.map((c) => c.customerId) } },
          select: { id: true, email: true, firstName: true, lastName: true },
        })
      ).map((c) => [c.id, c]),
    );
    const churn = { high: 0, medium: 0, low: 0, expectedValueAtHighRisk: 0 };
    for (const c of clv.customers) {
      churn[level(c.churnRisk)]++;
      if (level(c.churnRisk) === "high") churn.expectedValueAtHighRisk += c.clv;
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
      customersScored: clv.customers.length,
      repeatCustomers: clv.customers.filter((c) => c.repeatPurchases > 0).length,
      totalExpectedValueNextYear: round2(clv.customers.reduce((s, c) => s + c.clv, 0)),
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
      customers: top.map((c) => {
        const person = people.get(c.customerId);
        const name = [person?.firstName, person?.lastName].filter(Boolean).join(" ");
        return {
          customerId: c.customerId,
          email: person?.email ?? null,
          name: name || null,
          purchaseDays: c.purchaseDays,
          spentSoFar: round2(spent.get(c.customerId) ?? 0),
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
    const orders = await ctx.db.mirrorOrder.findMany({
      where: { shop: ctx.shop, customerId: { not: null }, cancelledAt: null, createdAt: { gte: since, lte: end } },
      select: { id: true, customerId: true, createdAt: true, total: true, totalRefunded: true },
    });
    if (orders.length < 20)
      return fail(
        "insufficient_data",
        `Only ${orders.length} orders with a customer in the last ${CAMPAIGN_HISTORY_DAYS} days; campaigns need at least 20 to segment customers.`,
        "Sync the store, or wait for more orders.",
      );
    const rfm = computeRfm(
      orders.map((o) => ({
        customerId: o.customerId!,
        createdAt: o.createdAt.toISOString(),
        total: Math.max(0, o.total),
        refunded: Math.min(Math.max(0, o.totalRefunded), Math.max(0, o.total)),
      })),
      end,
    );
    const skipped: { kind: string; reason: string }[] = [];
    const titles = new Map<string, string>();

    const needsProducts = kinds.has("slow_mover") || kinds.has("bundle");
    const customerOf = new Map(orders.map((o) => [o.id, o.customerId!]));
    let lines: {
      orderId: string;
      productId: string | null;
      variantId: string | null;
      createdAt: Date;
      quantity: number;
    }[] = [];
    if (needsProducts) {
      const cancelled = new Set(
        (
          await ctx.db.mirrorOrder.findMany({
            where: { shop: ctx.shop, cancelledAt: { not: null } },
            select: { id: true },
          })
        ).map((o) => o.id),
      );
      lines = (
        await ctx.db.mirrorLineItem.findMany({
          where: { shop: ctx.shop, createdAt: { gte: since, lte: end }, productId: { not: null } },
          select: { orderId: true, productId: true, variantId: true, createdAt: true, quantity: true },
        })
      ).filter((l) => !cancelled.has(l.orderId));
    }
    const purchases = lines
      .filter((l) => customerOf.has(l.orderId))
      .map((l) => ({ customerId: customerOf.get(l.orderId)!, productId: l.productId! }));

    const slowMovers: SlowMover[] = [];
    if (kinds.has("slow_mover")) {
      const catalog = (await loadCatalog(ctx.db, ctx.shop)).filter((v) => v.onHand > 0);
      for (const v of catalog) titles.set(v.productId, v.productTitle);
      // A product launched less than 90 days ago is not dead just because it has not sold yet.
      const launched = new Map(
        (
          await ctx.db.mirrorProduct.findMany({
            where: { shop: ctx.shop, id: { in: [...new Set(catalog.map((v) => v.productId))] } },
            select: { id: true, createdAt: true },
          })
        ).map((p) => [p.id, p.createdAt.toISOString()]),
      );
      const report = findDeadStock(
        catalog.map((v) => ({
          id: v.variantId,
          onHand: v.onHand,
          unitCost: v.unitCost,
          price: v.price,
          createdAt: launched.get(v.productId) ?? null,
        })),
        lines
          .filter((l) => l.variantId)
          .map((l) => ({ id: l.variantId!, date: isoDay(l.createdAt), units: l.quantity })),
        { asOf: isoDay(end), noSalesDays: DEAD_AFTER_DAYS },
      );
      const byProduct = new Map<string, { dead: boolean; sold: number; onHand: number; value: number }>();
      const productOf = new Map(catalog.map((v) => [v.variantId, v]));
      for (const item of report.items) {
        const variant = productOf.get(item.id);
        if (!variant) continue;
        const p = byProduct.get(variant.productId) ?? { dead: true, sold: 0, onHand: 0, value: 0 };
        if (!item.isDead) p.dead = false;
        p.sold += item.unitsSoldInWindow;
        p.onHand += item.onHand;
        p.value += item.onHand * (variant.unitCost ?? variant.price);
        byProduct.set(variant.productId, p);
      }
      const ranked = [...byProduct.entries()].sort((a, b) => b[1].value - a[1].value);
      for (const [productId] of ranked.filter(([, p]) => p.dead).slice(0, 5))
        slowMovers.push({ productId, title: titles.get(productId), stockStatus: "dead" });
      for (const [productId] of ranked
        .filter(([, p]) => !p.dead && p.sold / (p.sold + p.onHand) < SLOW_SELL_THROUGH)
        .slice(0, 5))
        slowMovers.push({ productId, title: titles.get(productId), stockStatus: "slow" });
      if (slowMovers.length === 0)
        skipped.push({
          kind: "slow_mover",
          reason: `No product in stock is dead (no sale for ${DEAD_AFTER_DAYS} days) or slow (sold under ${SLOW_SELL_THROUGH * 100}% of sold + on hand in ${DEAD_AFTER_DAYS} days).`,
        });
    }

    const bundlePairs: { productA: string; productB: string; timesBoughtTogether: number }[] = [];
    if (kinds.has("bundle")) {
      const bundleSince = end.getTime() - BUNDLE_DAYS * DAY_MS;
      const baskets = new Map<string, Set<string>>();
      for (const l of lines)
        if (l.createdAt.getTime() >= bundleSince)
          baskets.set(l.orderId, (baskets.get(l.orderId) ?? new Set()).add(l.productId!));
      const report = findBundles(baskets.values(), { minCount: BUNDLE_MIN_ORDERS, minSupport: 0, limit: 3 });
      for (const pair of report.pairs.filter((p) => p.lift > 1))
        bundlePairs.push({ productA: pair.items[0], productB: pair.items[1], timesBoughtTogether: pair.count });
      if (bundlePairs.length === 0)
        skipped.push({
          kind: "bundle",
          reason: `No two products were bought together in at least ${BUNDLE_MIN_ORDERS} of the ${baskets.size} orders of the last ${BUNDLE_DAYS} days more often than chance (lift > 1).`,
        });
    }
    const missingTitles = [
      ...new Set([...slowMovers.map((s) => s.productId), ...bundlePairs.flatMap((p) => [p.productA, p.productB])]),
    ].filter((id) => !titles.has(id));
    for (const p of await ctx.db.mirrorProduct.findMany({
      where: { shop: ctx.shop, id: { in: missingTitles } },
      select: { id: true, title: true },
    }))
      titles.set(p.id, p.title);

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
      customersAnalysed: rfm.customers.length,
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
    const orders = await ctx.db.mirrorOrder.findMany({
      where: { shop: ctx.shop, cancelledAt: null },
      select: {
        id: true,
        customerId: true,
        createdAt: true,
        total: true,
        totalRefunded: true,
        totalDiscounts: true,
        discountCodes: true,
      },
    });
    const seen = new Map<string, { first: Date; last: Date; spelled: string }>();
    for (const o of orders) {
      for (const raw of o.discountCodes
        .split(",")
        .map((c) => c.trim())
        .filter(Boolean)) {
        const code = raw.toUpperCase();
        const s = seen.get(code);
        if (!s) seen.set(code, { first: o.createdAt, last: o.createdAt, spelled: raw });
        else {
          if (o.createdAt < s.first) s.first = o.createdAt;
          if (o.createdAt > s.last) s.last = o.createdAt;
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
    const usage = new Map<string, number>();
    for (const o of orders)
      for (const c of o.discountCodes
        .split(",")
        .map((x) => x.trim().toUpperCase())
        .filter(Boolean))
        usage.set(c, (usage.get(c) ?? 0) + 1);
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
        startsAt: s?.first.toISOString(),
        endsAt: s?.last.toISOString(),
        basis: "first to last order that used the code (its dates in Shopify are unknown)",
      };
    });
    const measured = measureCampaigns(
      orders.map((o) => ({
        orderId: o.id,
        // Guest orders still count as orders; each guest is their own customer.
        customerId: o.customerId ?? `guest:${o.id}`,
        createdAt: o.createdAt.toISOString(),
        total: Math.max(0, o.total),
        refunded: Math.min(Math.max(0, o.totalRefunded), Math.max(0, o.total)),
        discountCodes: o.discountCodes
          .split(",")
          .map((c) => c.trim())
          .filter(Boolean),
        discountAmount: Math.max(0, o.totalDiscounts),
      })),
      windows,
    );
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
