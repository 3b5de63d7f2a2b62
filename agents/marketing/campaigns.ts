// Campaign proposals from RFM segments and product signals, and measured results of past discount-code campaigns.
import { parseAsOf, validateOrder } from "./orders";
import { SEGMENTS, type RfmResult, type RfmSegment, type RfmTable } from "./rfm";

export type CampaignKind = "win_back" | "vip" | "slow_mover" | "bundle";

/**
 * Expected-effect assumptions. Put the shop's own history here when it exists (see ratesFromResults);
 * the defaults are round placeholders, and every proposal repeats the values it used.
 */
export interface CampaignAssumption {
  /** Share of targeted customers expected to order with the code. */
  redemptionRate: number;
  /** Share of those orders that would NOT have happened without the campaign (the uplift). */
  incrementalShare: number;
}

export const DEFAULT_ASSUMPTIONS: Readonly<Record<CampaignKind, CampaignAssumption>> = {
  win_back: { redemptionRate: 0.03, incrementalShare: 0.7 },
  vip: { redemptionRate: 0.12, incrementalShare: 0.25 },
  slow_mover: { redemptionRate: 0.04, incrementalShare: 0.5 },
  bundle: { redemptionRate: 0.05, incrementalShare: 0.4 },
};

/** Suggested discount (percent off) per proposal type. */
export const DEFAULT_DISCOUNTS = {
  atRisk: 15,
  cantLoseThem: 20,
  hibernating: 20,
  vip: 10,
  deadStock: 30,
  slowStock: 15,
  bundle: 10,
} as const;
export type DiscountKey = keyof typeof DEFAULT_DISCOUNTS;

/** Segments treated as "active" audiences for product campaigns when no per-product purchase data is given. */
export const ACTIVE_SEGMENTS: readonly RfmSegment[] = [
  "Champions",
  "Loyal",
  "Potential loyalists",
  "New",
  "Need attention",
];

export interface SlowMover {
  productId: string;
  title?: string;
  stockStatus: "dead" | "slow";
}

export interface ProductPair {
  productA: string;
  productB: string;
  /** How often the two were bought together, for the rationale only. */
  timesBoughtTogether?: number;
}

export interface ProposalInput {
  /** Scored customers: computeRfm's result, or scoreRfm's table (what the tools pass). */
  rfm: RfmResult | RfmTable;
  slowMovers?: readonly SlowMover[];
  bundlePairs?: readonly ProductPair[];
  /** Who bought which product; when given, product campaigns target the relevant buyers instead of active segments. */
  purchases?: readonly { customerId: string; productId: string }[];
  discounts?: Partial<Record<DiscountKey, number>>;
  assumptions?: Partial<Record<CampaignKind, Partial<CampaignAssumption>>>;
}

export interface ExpectedEffect {
  redemptions: number;
  /** Revenue of the redeemed orders after the discount. */
  revenue: number;
  discountCost: number;
  /** incrementalShare x revenue - (1 - incrementalShare) x discountCost: new revenue minus discounts given away on orders that would have happened anyway. */
  netIncrementalRevenue: number;
}

export interface CampaignProposal {
  id: string;
  kind: CampaignKind;
  title: string;
  segments: RfmSegment[];
  productIds: string[];
  audienceSize: number;
  customerIds: string[];
  suggestedDiscountPct: number;
  /** Audience's historical average net order value, used as the pre-discount order value. */
  baselineOrderValue: number;
  expected: ExpectedEffect;
  assumptions: CampaignAssumption;
  /** The assumptions and targeting in one sentence, for a human reader. */
  assumptionText: string;
  rationale: string;
}

function checkPercent(value: number, name: string): number {
  if (!(value >= 0 && value < 100)) throw new Error(`${name} must be a percentage in [0, 100); got ${value}`);
  return value;
}

function checkRate(value: number, name: string): number {
  if (!(value >= 0 && value <= 1)) throw new Error(`${name} must be a fraction in [0, 1]; got ${value}`);
  return value;
}

export function expectedEffect(
  audienceSize: number,
  orderValue: number,
  discountPct: number,
  assumption: CampaignAssumption,
): ExpectedEffect {
  const redemptions = audienceSize * assumption.redemptionRate;
  const gross = redemptions * orderValue;
  const discountCost = (gross * discountPct) / 100;
  const revenue = gross - discountCost;
  return {
    redemptions,
    revenue,
    discountCost,
    netIncrementalRevenue: assumption.incrementalShare * revenue - (1 - assumption.incrementalShare) * discountCost,
  };
}

export function proposeCampaigns(input: ProposalInput): CampaignProposal[] {
  const rfm = input.rfm && "table" in input.rfm ? input.rfm.table : input.rfm;
  if (!rfm || !rfm.totals || !(rfm.segment instanceof Uint8Array))
    throw new Error("proposeCampaigns needs { rfm } from computeRfm(orders, asOf) or scoreRfm(totals)");
  const { customerIds, orders, netRevenue } = rfm.totals;
  const everyone = Array.from({ length: rfm.totals.size }, (_, i) => i);
  const segmentOf = (i: number) => SEGMENTS[rfm.segment[i]];
  /** Audience's historical average net order value: their net revenue over their orders. */
  const averageOrderValue = (audience: readonly number[]) => {
    let count = 0;
    let revenue = 0;
    for (const i of audience) count += orders[i];
    for (const i of audience) revenue += netRevenue[i];
    return count === 0 ? 0 : revenue / count;
  };
  const discounts: Record<DiscountKey, number> = { ...DEFAULT_DISCOUNTS };
  for (const [key, value] of Object.entries(input.discounts ?? {})) {
    if (!(key in DEFAULT_DISCOUNTS))
      throw new Error(`unknown discount key "${key}"; use one of ${Object.keys(DEFAULT_DISCOUNTS).join(", ")}`);
    discounts[key as DiscountKey] = checkPercent(value as number, `discounts.${key}`);
  }
  // Validate every override up front, not only those of campaigns that end up proposed.
  const assumptionsByKind = {} as Record<CampaignKind, CampaignAssumption>;
  for (const key of Object.keys(input.assumptions ?? {})) {
    if (!(key in DEFAULT_ASSUMPTIONS))
      throw new Error(
        `unknown campaign kind "${key}" in assumptions; use one of ${Object.keys(DEFAULT_ASSUMPTIONS).join(", ")}`,
      );
  }
  for (const kind of Object.keys(DEFAULT_ASSUMPTIONS) as CampaignKind[]) {
    const merged = { ...DEFAULT_ASSUMPTIONS[kind], ...input.assumptions?.[kind] };
    checkRate(merged.redemptionRate, `assumptions.${kind}.redemptionRate`);
    checkRate(merged.incrementalShare, `assumptions.${kind}.incrementalShare`);
    assumptionsByKind[kind] = merged;
  }
  const assumptionFor = (kind: CampaignKind): CampaignAssumption => assumptionsByKind[kind];
  const bySegment = (segments: readonly RfmSegment[]) => everyone.filter((i) => segments.includes(segmentOf(i)));

  const buyersOf = new Map<string, Set<string>>();
  for (const { customerId, productId } of input.purchases ?? []) {
    const set = buyersOf.get(productId) ?? new Set<string>();
    set.add(customerId);
    buyersOf.set(productId, set);
  }

  const proposals: CampaignProposal[] = [];
  const build = (p: {
    id: string;
    kind: CampaignKind;
    title: string;
    segments: RfmSegment[];
    productIds: string[];
    /** Positions of the targeted customers in the scored table. */
    audience: number[];
    discountPct: number;
    targeting: string;
    rationale: string;
  }) => {
    if (p.audience.length === 0) return;
    const assumptions = assumptionFor(p.kind);
    const baselineOrderValue = averageOrderValue(p.audience);
    proposals.push({
      id: p.id,
      kind: p.kind,
      title: p.title,
      segments: p.segments,
      productIds: p.productIds,
      audienceSize: p.audience.length,
      customerIds: p.audience.map((i) => customerIds[i]),
      suggestedDiscountPct: p.discountPct,
      baselineOrderValue,
      expected: expectedEffect(p.audience.length, baselineOrderValue, p.discountPct, assumptions),
      assumptions,
      assumptionText:
        `Assumes ${(assumptions.redemptionRate * 100).toFixed(1)}% of the ${p.audience.length} targeted customers redeem, ` +
        `at their historical average order value of ${baselineOrderValue.toFixed(2)} before the ${p.discountPct}% discount, ` +
        `and ${(assumptions.incrementalShare * 100).toFixed(0)}% of those orders would not have happened otherwise. ${p.targeting}`,
      rationale: p.rationale,
    });
  };

  const winBacks: [RfmSegment, DiscountKey, string][] = [
    [
      "Can't lose them",
      "cantLoseThem",
      "Former top customers gone quiet: a personal win-back offer is worth the larger discount.",
    ],
    ["At risk", "atRisk", "Good customers whose last order is long ago: remind them before they lapse for good."],
    ["Hibernating", "hibernating", "Low-value lapsed customers: only a strong offer is likely to move them."],
  ];
  for (const [segment, key, rationale] of winBacks) {
    build({
      id: `win-back-${segment.toLowerCase().replace(/[^a-z]+/g, "-")}`,
      kind: "win_back",
      title: `Win back: ${segment}`,
      segments: [segment],
      productIds: [],
      audience: bySegment([segment]),
      discountPct: discounts[key],
      targeting: `Targets every customer in the ${segment} segment.`,
      rationale,
    });
  }

  build({
    id: "vip-champions",
    kind: "vip",
    title: "VIP reward: Champions",
    segments: ["Champions"],
    productIds: [],
    audience: bySegment(["Champions"]),
    discountPct: discounts.vip,
    targeting: "Targets every customer in the Champions segment.",
    rationale:
      "Best customers: a modest exclusive offer or early access rewards loyalty; most of their orders would happen anyway, hence the low incremental share.",
  });

  const activeAudience = bySegment(ACTIVE_SEGMENTS);
  for (const status of ["dead", "slow"] as const) {
    const products = (input.slowMovers ?? []).filter((p) => p.stockStatus === status);
    if (products.length === 0) continue;
    const productIds = products.map((p) => p.productId);
    const buyers = new Set(productIds.flatMap((id) => [...(buyersOf.get(id) ?? [])]));
    // With purchase data, offer the stock to active customers who have not bought it yet; otherwise to all active ones.
    const audience = input.purchases ? activeAudience.filter((i) => !buyers.has(customerIds[i])) : activeAudience;
    build({
      id: `${status}-stock`,
      kind: "slow_mover",
      title: status === "dead" ? "Clear dead stock" : "Move slow stock",
      segments: [...ACTIVE_SEGMENTS],
      productIds,
      audience,
      discountPct: status === "dead" ? discounts.deadStock : discounts.slowStock,
      targeting: input.purchases
        ? `Targets active-segment customers (${ACTIVE_SEGMENTS.join(", ")}) who have not bought these products.`
        : `No per-product purchase data was given, so it targets all active-segment customers (${ACTIVE_SEGMENTS.join(", ")}).`,
      rationale: `${products.length} product(s) flagged as ${status} stock: ${products.map((p) => p.title ?? p.productId).join(", ")}.`,
    });
  }

  for (const pair of input.bundlePairs ?? []) {
    if (pair.productA === pair.productB)
      throw new Error(`bundle pair must name two different products; got ${pair.productA} twice`);
    const buyersA = buyersOf.get(pair.productA) ?? new Set<string>();
    const buyersB = buyersOf.get(pair.productB) ?? new Set<string>();
    // Customers who own exactly one half of the pair are the natural audience for completing the bundle.
    const audience = input.purchases
      ? everyone.filter((i) => buyersA.has(customerIds[i]) !== buyersB.has(customerIds[i]) && segmentOf(i) !== "Lost")
      : activeAudience;
    build({
      id: `bundle-${pair.productA}-${pair.productB}`,
      kind: "bundle",
      title: `Bundle ${pair.productA} + ${pair.productB}`,
      segments: input.purchases ? [...new Set(audience.map(segmentOf))] : [...ACTIVE_SEGMENTS],
      productIds: [pair.productA, pair.productB],
      audience,
      discountPct: discounts.bundle,
      targeting: input.purchases
        ? "Targets customers (except Lost) who bought exactly one of the two products."
        : `No per-product purchase data was given, so it targets all active-segment customers (${ACTIVE_SEGMENTS.join(", ")}).`,
      rationale:
        pair.timesBoughtTogether !== undefined
          ? `Bought together ${pair.timesBoughtTogether} times; a bundle price nudges single-item buyers to the pair.`
          : "Frequently bought together; a bundle price nudges single-item buyers to the pair.",
    });
  }
  return proposals;
}

export interface DiscountedOrder {
  orderId: string;
  customerId: string;
  createdAt: string;
  /** Order total after discounts. */
  total: number;
  refunded?: number;
  discountCodes?: string[];
  /** Total discount on the order (required on orders that carry a code). */
  discountAmount?: number;
}

export interface CampaignWindow {
  code: string;
  /** ISO start/end; orders outside are not counted. Both optional: default is all orders given. */
  startsAt?: string;
  endsAt?: string;
  /** Customers targeted, if known: enables redemptionRate in the result. */
  targetedCustomers?: number;
}

export interface CampaignResult {
  code: string;
  orders: number;
  customers: number;
  /** Net revenue (total - refunded) of the orders that used the code. */
  revenue: number;
  discountCost: number;
  aov: number;
  /** AOV of orders in the same window that used no discount code (null when there are none). */
  baselineAov: number | null;
  baselineOrders: number;
  /** (aov - baselineAov) / baselineAov; null without a baseline. */
  aovChange: number | null;
  /** Customers whose first order in the given history is a campaign order. */
  newCustomers: number;
  returningCustomers: number;
  targetedCustomers: number | null;
  /** customers / targetedCustomers when the target count was given. */
  redemptionRate: number | null;
}

/** A campaign's code and window, checked: the code upper-cased (codes match case-insensitively), times in ms. */
export function campaignWindow(campaign: CampaignWindow): { code: string; from: number; to: number } {
  const code = campaign.code.trim().toUpperCase();
  if (code.length === 0) throw new Error("every campaign needs a non-empty code");
  const from = campaign.startsAt ? parseAsOf(campaign.startsAt).getTime() : -Infinity;
  const to = campaign.endsAt ? parseAsOf(campaign.endsAt).getTime() : Infinity;
  if (from > to) throw new Error(`campaign ${campaign.code}: startsAt is after endsAt`);
  if (campaign.targetedCustomers !== undefined && !(campaign.targetedCustomers > 0)) {
    throw new Error(`campaign ${campaign.code}: targetedCustomers must be > 0 when given`);
  }
  return { code, from, to };
}

/** The sums a campaign's result is made of, over the orders in its window (from order rows or from SQL). */
export interface CampaignTotals {
  /** Orders that used the code. */
  orders: number;
  /** Distinct customers among them. */
  customers: number;
  /** Their net revenue (total - refunded). */
  revenue: number;
  discountCost: number;
  /** Customers whose first order in the whole history is their first order with the code. */
  newCustomers: number;
  /** Orders in the window without any code, and their net revenue. */
  baselineOrders: number;
  baselineRevenue: number;
}

/** A campaign's result from its totals. */
export function campaignResult(campaign: CampaignWindow, totals: CampaignTotals): CampaignResult {
  const aov = totals.orders === 0 ? 0 : totals.revenue / totals.orders;
  const baselineAov = totals.baselineOrders === 0 ? null : totals.baselineRevenue / totals.baselineOrders;
  return {
    code: campaign.code,
    orders: totals.orders,
    customers: totals.customers,
    revenue: totals.revenue,
    discountCost: totals.discountCost,
    aov,
    baselineAov,
    baselineOrders: totals.baselineOrders,
    aovChange:
      baselineAov === null || baselineAov === 0 || totals.orders === 0 ? null : (aov - baselineAov) / baselineAov,
    newCustomers: totals.newCustomers,
    returningCustomers: totals.customers - totals.newCustomers,
    targetedCustomers: campaign.targetedCustomers ?? null,
    redemptionRate: campaign.targetedCustomers === undefined ? null : totals.customers / campaign.targetedCustomers,
  };
}

/**
 * Measures each discount code from the orders that used it. Pass the full order history (not only the campaign
 * window): "new vs returning" looks for earlier orders of the same customer. Codes match case-insensitively,
 * as Shopify does. An order with several codes counts fully towards each of them.
 */
export function measureCampaigns(
  orders: readonly DiscountedOrder[],
  campaigns: readonly CampaignWindow[],
): CampaignResult[] {
  const parsed = orders.map((order, i) => {
    const { at, net } = validateOrder(order, i);
    const codes = (order.discountCodes ?? []).map((c) => c.trim().toUpperCase());
    if (codes.length > 0 && !(Number.isFinite(order.discountAmount) && (order.discountAmount as number) >= 0)) {
      throw new Error(
        `orders[${i}] (${order.orderId}) uses a discount code but has no discountAmount >= 0; send the order's total discounts`,
      );
    }
    return { order, at, net, codes };
  });
  const firstOrderAt = new Map<string, number>();
  for (const p of parsed) {
    const t = p.at.getTime();
    if (t < (firstOrderAt.get(p.order.customerId) ?? Infinity)) firstOrderAt.set(p.order.customerId, t);
  }

  return campaigns.map((campaign) => {
    const { code, from, to } = campaignWindow(campaign);
    const inWindow = parsed.filter((p) => p.at.getTime() >= from && p.at.getTime() <= to);
    const used = inWindow.filter((p) => p.codes.includes(code));
    const baseline = inWindow.filter((p) => p.codes.length === 0);
    const firstCampaignOrder = new Map<string, number>();
    for (const p of used) {
      const t = p.at.getTime();
      if (t < (firstCampaignOrder.get(p.order.customerId) ?? Infinity)) firstCampaignOrder.set(p.order.customerId, t);
    }
    let newCustomers = 0;
    for (const [customerId, t] of firstCampaignOrder) if (firstOrderAt.get(customerId) === t) newCustomers++;
    return campaignResult(campaign, {
      orders: used.length,
      customers: firstCampaignOrder.size,
      revenue: used.reduce((s, p) => s + p.net, 0),
      discountCost: used.reduce((s, p) => s + (p.order.discountAmount ?? 0), 0),
      newCustomers,
      baselineOrders: baseline.length,
      baselineRevenue: baseline.reduce((s, p) => s + p.net, 0),
    });
  });
}

/**
 * Turns measured results into redemption-rate assumptions for future proposals (incremental share cannot be
 * measured without a hold-out group, so it is left to the caller).
 */
export function redemptionRateFromResults(results: readonly CampaignResult[]): number | null {
  const measured = results.filter((r) => r.targetedCustomers !== null);
  if (measured.length === 0) return null;
  const redeemed = measured.reduce((s, r) => s + r.customers, 0);
  const targeted = measured.reduce((s, r) => s + (r.targetedCustomers as number), 0);
  return redeemed / targeted;
}
