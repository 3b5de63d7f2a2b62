// Order fraud risk score (0-100): Shopify's own risk assessments plus our rules, each factor explained.

/** Shopify Admin API RiskAssessmentResult. */
export type ShopifyRiskLevel = "LOW" | "MEDIUM" | "HIGH" | "NONE" | "PENDING";

/** Shopify Admin API OrderRiskAssessment (order.risk.assessments[]). */
export interface ShopifyRiskAssessment {
  riskLevel: ShopifyRiskLevel;
  facts: { description: string; sentiment: "POSITIVE" | "NEUTRAL" | "NEGATIVE" }[];
  provider?: string | null;
}

export interface RiskAddress {
  countryCode?: string | null;
  zip?: string | null;
}

export interface RiskOrder {
  id: string;
  createdAt: string;
  customerId?: string | null;
  email?: string | null;
  totalPrice: number;
  /** Orders the customer placed before this one (0 for a first order or a guest checkout). */
  previousOrders: number;
  billingAddress?: RiskAddress | null;
  shippingAddress?: RiskAddress | null;
  lineItems: { sku: string; quantity: number }[];
  /** Shipping line titles, e.g. "Express (1-2 days)"; matched against thresholds.expeditedPattern. */
  shippingTitles?: string[];
  /** Set when the caller already knows whether shipping is expedited; overrides the title match. */
  expedited?: boolean;
  riskAssessments?: ShopifyRiskAssessment[];
}

export interface RiskContext {
  /** The shop's average order value, the yardstick for "high value". */
  shopAov: number;
  /** Typical (e.g. median) quantity per order line for each SKU. */
  typicalQuantityBySku?: Record<string, number>;
  /** The shop's orders of (at least) the last day, for velocity; the order itself may be included (matched by id). */
  recentOrders?: { id: string; createdAt: string; customerId?: string | null; email?: string | null }[];
}

/** Points a factor adds when it fires. */
export interface RiskWeights {
  shopifyHigh: number;
  shopifyMedium: number;
  /** Per NEGATIVE Shopify fact, for at most maxNegativeFacts facts. */
  shopifyNegativeFact: number;
  highValueFirstOrder: number;
  countryMismatch: number;
  zipMismatch: number;
  velocity: number;
  unusualQuantity: number;
  newCustomerExpedited: number;
  disposableEmail: number;
}

export interface RiskThresholds {
  maxNegativeFacts: number;
  /** A first order above this multiple of the shop AOV is "high value". */
  highValueMultiple: number;
  velocityWindowHours: number;
  /** Fires when the same customer or email placed at least this many OTHER orders within the window. */
  velocityOtherOrders: number;
  /** A line is unusual when quantity >= max(minUnusualQuantity, quantityMultiple x typical). */
  quantityMultiple: number;
  minUnusualQuantity: number;
  /** Score at or above which the order is "medium" and should be reviewed. */
  reviewAt: number;
  /** Score at or above which the order is "high" and fulfillment should be held. */
  holdAt: number;
  expeditedPattern: RegExp;
}

export const DEFAULT_RISK_WEIGHTS: Readonly<RiskWeights> = {
  shopifyHigh: 60,
  shopifyMedium: 25,
  shopifyNegativeFact: 3,
  highValueFirstOrder: 20,
  countryMismatch: 15,
  zipMismatch: 5,
  velocity: 15,
  unusualQuantity: 10,
  newCustomerExpedited: 10,
  disposableEmail: 15,
};

export const DEFAULT_RISK_THRESHOLDS: Readonly<RiskThresholds> = {
  maxNegativeFacts: 3,
  highValueMultiple: 3,
  velocityWindowHours: 24,
  velocityOtherOrders: 2,
  quantityMultiple: 5,
  minUnusualQuantity: 3,
  reviewAt: 30,
  holdAt: 60,
  expeditedPattern: /express|expedited|overnight|next[\s-]?day|priority|same[\s-]?day|1[\s-]?day|2[\s-]?day/i,
};

/** A small list of well-known throwaway-mailbox domains (subdomains match too); extend via options. */
export const DISPOSABLE_EMAIL_DOMAINS: readonly string[] = [
  "mailinator.com",
  "guerrillamail.com",
  "sharklasers.com",
  "10minutemail.com",
  "tempmail.com",
  "temp-mail.org",
  "yopmail.com",
  "trashmail.com",
  "getnada.com",
  "dispostable.com",
  "maildrop.cc",
  "throwawaymail.com",
  "fakeinbox.com",
  "emailondeck.com",
  "mohmal.com",
  "burnermail.io",
  "discard.email",
  "mintemail.com",
  "spamgourmet.com",
  "tempmailo.com",
];

export type RiskFactorId =
  | "shopify_risk_level"
  | "shopify_negative_facts"
  | "high_value_first_order"
  | "country_mismatch"
  | "zip_mismatch"
  | "velocity"
  | "unusual_quantity"
  | "new_customer_expedited"
  | "disposable_email";

export interface RiskFactor {
  id: RiskFactorId;
  fired: boolean;
  /** Points the rule awarded (its weight, or weight x facts). */
  points: number;
  /** Share of the final score; equals points unless the raw total exceeded 100 and was scaled down. Sums to score. */
  contribution: number;
  evidence: string;
}

export type RiskLevel = "low" | "medium" | "high";

export interface RiskScore {
  orderId: string;
  /** 0..100. */
  score: number;
  /** Sum of points before capping at 100. */
  rawPoints: number;
  level: RiskLevel;
  recommendation: { action: "fulfill" | "review" | "hold"; reason: string };
  factors: RiskFactor[];
}

export interface RiskOptions {
  weights?: Partial<RiskWeights>;
  thresholds?: Partial<RiskThresholds>;
  extraDisposableDomains?: string[];
}

const LEVEL_RANK: Record<ShopifyRiskLevel, number> = { NONE: 0, PENDING: 0, LOW: 1, MEDIUM: 2, HIGH: 3 };

function normalizeZip(zip: string, countryCode: string): string {
  const compact = zip.toUpperCase().replace(/[\s-]/g, "");
  // US ZIP+4 and plain ZIP are the same place for this purpose.
  return countryCode === "US" ? compact.slice(0, 5) : compact;
}

function validate(order: RiskOrder, context: RiskContext, weights: RiskWeights, thresholds: RiskThresholds): void {
  if (!order || typeof order.id !== "string" || order.id.length === 0)
    throw new Error("order.id must be a non-empty string");
  if (Number.isNaN(Date.parse(order.createdAt)))
    throw new Error(`order.createdAt must be an ISO 8601 timestamp; got ${String(order.createdAt)}`);
  if (!(Number.isFinite(order.totalPrice) && order.totalPrice >= 0))
    throw new Error(`order.totalPrice must be a number >= 0; got ${String(order.totalPrice)}`);
  if (!(Number.isInteger(order.previousOrders) && order.previousOrders >= 0)) {
    throw new Error(
      `order.previousOrders must be an integer >= 0 (orders before this one; 0 for first orders and guests); got ${String(order.previousOrders)}`,
    );
  }
  if (!Array.isArray(order.lineItems)) throw new Error("order.lineItems must be an array of { sku, quantity }");
  order.lineItems.forEach((line, i) => {
    if (!(Number.isInteger(line.quantity) && line.quantity > 0))
      throw new Error(`order.lineItems[${i}].quantity must be a positive integer`);
  });
  if (!(Number.isFinite(context.shopAov) && context.shopAov > 0)) {
    throw new Error(`context.shopAov must be the shop's average order value (> 0); got ${String(context.shopAov)}`);
  }
  for (const [key, value] of Object.entries(weights)) {
    if (!(Number.isFinite(value) && value >= 0))
      throw new Error(`weights.${key} must be a number >= 0; got ${String(value)}`);
  }
  if (!(thresholds.reviewAt <= thresholds.holdAt && thresholds.holdAt <= 100)) {
    throw new Error(
      `thresholds must satisfy reviewAt <= holdAt <= 100; got ${thresholds.reviewAt} and ${thresholds.holdAt}`,
    );
  }
}

export function scoreOrderRisk(order: RiskOrder, context: RiskContext, options: RiskOptions = {}): RiskScore {
  const weights: RiskWeights = { ...DEFAULT_RISK_WEIGHTS, ...options.weights };
  const thresholds: RiskThresholds = { ...DEFAULT_RISK_THRESHOLDS, ...options.thresholds };
  validate(order, context, weights, thresholds);
  const factors: Omit<RiskFactor, "contribution">[] = [];
  const add = (id: RiskFactorId, fired: boolean, points: number, evidence: string) =>
    factors.push({ id, fired, points: fired ? points : 0, evidence });
  const firstOrder = order.previousOrders === 0;

  // Shopify's assessments: the most severe level across providers counts once; negative facts add a little each.
  const assessments = order.riskAssessments ?? [];
  const worst = assessments.reduce<ShopifyRiskLevel>(
    (w, a) => (LEVEL_RANK[a.riskLevel] > LEVEL_RANK[w] ? a.riskLevel : w),
    "NONE",
  );
  const levelPoints = worst === "HIGH" ? weights.shopifyHigh : worst === "MEDIUM" ? weights.shopifyMedium : 0;
  add(
    "shopify_risk_level",
    levelPoints > 0,
    levelPoints,
    assessments.length === 0
      ? "no Shopify risk assessment supplied"
      : `Shopify risk level ${worst}${assessments.some((a) => a.riskLevel === "PENDING") ? " (some assessments pending)" : ""}`,
  );
  const negativeFacts = assessments.flatMap((a) =>
    a.facts.filter((f) => f.sentiment === "NEGATIVE").map((f) => f.description),
  );
  const countedFacts = Math.min(negativeFacts.length, thresholds.maxNegativeFacts);
  add(
    "shopify_negative_facts",
    countedFacts > 0,
    countedFacts * weights.shopifyNegativeFact,
    negativeFacts.length === 0 ? "no negative Shopify risk facts" : `negative facts: ${negativeFacts.join("; ")}`,
  );

  const valueRatio = order.totalPrice / context.shopAov;
  add(
    "high_value_first_order",
    firstOrder && valueRatio > thresholds.highValueMultiple,
    weights.highValueFirstOrder,
    `${firstOrder ? "first order" : `${order.previousOrders} previous orders`}; total ${order.totalPrice.toFixed(2)} is ${valueRatio.toFixed(1)}x the shop AOV ${context.shopAov.toFixed(2)} (threshold ${thresholds.highValueMultiple}x)`,
  );

  const billingCountry = order.billingAddress?.countryCode?.toUpperCase() || null;
  const shippingCountry = order.shippingAddress?.countryCode?.toUpperCase() || null;
  const countriesKnown = billingCountry !== null && shippingCountry !== null;
  add(
    "country_mismatch",
    countriesKnown && billingCountry !== shippingCountry,
    weights.countryMismatch,
    countriesKnown
      ? `billing country ${billingCountry}, shipping country ${shippingCountry}`
      : "billing or shipping country missing; not checked",
  );
  const billingZip = order.billingAddress?.zip || null;
  const shippingZip = order.shippingAddress?.zip || null;
  const zipsComparable =
    countriesKnown && billingCountry === shippingCountry && billingZip !== null && shippingZip !== null;
  add(
    "zip_mismatch",
    zipsComparable && normalizeZip(billingZip!, billingCountry!) !== normalizeZip(shippingZip!, billingCountry!),
    weights.zipMismatch,
    zipsComparable
      ? `billing zip ${billingZip}, shipping zip ${shippingZip}`
      : "zips not comparable (missing, or countries differ)",
  );

  const at = Date.parse(order.createdAt);
  const windowStart = at - thresholds.velocityWindowHours * 3_600_000;
  const email = order.email?.trim().toLowerCase() || null;
  const sameBuyer = (context.recentOrders ?? []).filter((o) => {
    if (o.id === order.id) return false;
    const t = Date.parse(o.createdAt);
    if (Number.isNaN(t))
      throw new Error(`context.recentOrders entry ${o.id} has an invalid createdAt; send ISO 8601 timestamps`);
    if (t < windowStart || t > at) return false;
    return (
      (!!order.customerId && o.customerId === order.customerId) || (!!email && o.email?.trim().toLowerCase() === email)
    );
  });
  add(
    "velocity",
    sameBuyer.length >= thresholds.velocityOtherOrders,
    weights.velocity,
    context.recentOrders === undefined
      ? "no recent orders supplied; velocity not checked"
      : `${sameBuyer.length} other orders by this customer/email in the previous ${thresholds.velocityWindowHours} h (threshold ${thresholds.velocityOtherOrders})${sameBuyer.length ? `: ${sameBuyer.map((o) => o.id).join(", ")}` : ""}`,
  );

  const typical = context.typicalQuantityBySku ?? {};
  const unusual = order.lineItems.filter((line) => {
    const usual = typical[line.sku];
    return (
      usual !== undefined &&
      usual > 0 &&
      line.quantity >= Math.max(thresholds.minUnusualQuantity, thresholds.quantityMultiple * usual)
    );
  });
  add(
    "unusual_quantity",
    unusual.length > 0,
    weights.unusualQuantity,
    unusual.length > 0
      ? unusual.map((l) => `${l.sku} x${l.quantity} (typical ${typical[l.sku]})`).join("; ")
      : "all quantities within the usual range (or SKU has no history)",
  );

  const titles = order.shippingTitles ?? [];
  const expedited = order.expedited ?? titles.some((t) => thresholds.expeditedPattern.test(t));
  add(
    "new_customer_expedited",
    firstOrder && expedited,
    weights.newCustomerExpedited,
    `${firstOrder ? "first order" : "returning customer"}, shipping ${expedited ? "expedited" : "standard"}${titles.length ? ` (${titles.join(", ")})` : ""}`,
  );

  const domain = email?.split("@")[1] ?? null;
  const disposableList = [
    ...DISPOSABLE_EMAIL_DOMAINS,
    ...(options.extraDisposableDomains ?? []).map((d) => d.toLowerCase()),
  ];
  const disposable = domain !== null && disposableList.some((d) => domain === d || domain.endsWith(`.${d}`));
  add(
    "disposable_email",
    disposable,
    weights.disposableEmail,
    domain === null ? "no email" : `email domain ${domain}${disposable ? " is a disposable-mail service" : ""}`,
  );

  const rawPoints = factors.reduce((s, f) => s + f.points, 0);
  // Scale down proportionally above 100 so the contributions still add up to the score.
  const scale = rawPoints > 100 ? 100 / rawPoints : 1;
  const scored: RiskFactor[] = factors.map((f) => ({ ...f, contribution: f.points * scale }));
  const score = scored.reduce((s, f) => s + f.contribution, 0);
  const level: RiskLevel = score >= thresholds.holdAt ? "high" : score >= thresholds.reviewAt ? "medium" : "low";
  const top = scored
    .filter((f) => f.fired)
    .sort((x, y) => y.contribution - x.contribution)
    .map((f) => f.id);
  const recommendation =
    level === "high"
      ? {
          action: "hold" as const,
          reason: `score ${score.toFixed(0)} >= ${thresholds.holdAt}: hold fulfillment and verify (${top.join(", ")})`,
        }
      : level === "medium"
        ? {
            action: "review" as const,
            reason: `score ${score.toFixed(0)} >= ${thresholds.reviewAt}: review before fulfilling (${top.join(", ")})`,
          }
        : {
            action: "fulfill" as const,
            reason: `score ${score.toFixed(0)} below ${thresholds.reviewAt}${top.length ? ` (minor: ${top.join(", ")})` : ""}`,
          };
  return { orderId: order.id, score, rawPoints, level, recommendation, factors: scored };
}
