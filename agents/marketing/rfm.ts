// RFM (recency, frequency, monetary) scoring and named segments from order history.
import { parseAsOf, summarizeCustomers, type CustomerOrder } from "./orders";
import { quintileScores } from "./stats";
import { DAY_MS } from "../core/time";

export type RfmSegment =
  | "New"
  | "Champions"
  | "Loyal"
  | "Potential loyalists"
  | "Need attention"
  | "About to sleep"
  | "Can't lose them"
  | "At risk"
  | "Hibernating"
  | "Lost";

export interface SegmentRule {
  segment: RfmSegment;
  /** Human-readable condition; R, F, M are 1..5 scores, FM = round((F + M) / 2), orders = purchase count. */
  condition: string;
  matches: (s: { r: number; f: number; m: number; fm: number; orders: number }) => boolean;
  meaning: string;
}

/**
 * Rules are checked top to bottom; the first match wins. Together they cover every (R, FM) pair, so every
 * customer gets exactly one segment. README.md reproduces this table.
 */
export const SEGMENT_RULES: readonly SegmentRule[] = [
  {
    segment: "New",
    condition: "R >= 4 and orders = 1",
    matches: (s) => s.r >= 4 && s.orders === 1,
    meaning: "first order was recent",
  },
  {
    segment: "Champions",
    condition: "R >= 4 and FM >= 4",
    matches: (s) => s.r >= 4 && s.fm >= 4,
    meaning: "bought recently, often, and spend the most",
  },
  {
    segment: "Loyal",
    condition: "R = 3 and FM >= 4",
    matches: (s) => s.r === 3 && s.fm >= 4,
    meaning: "frequent, high spenders whose last order is a little older",
  },
  {
    segment: "Potential loyalists",
    condition: "R >= 4 and FM <= 3",
    matches: (s) => s.r >= 4 && s.fm <= 3,
    meaning: "recent repeat buyers with average frequency/spend",
  },
  {
    segment: "Need attention",
    condition: "R = 3 and FM = 3",
    matches: (s) => s.r === 3 && s.fm === 3,
    meaning: "average on everything, starting to slip",
  },
  {
    segment: "About to sleep",
    condition: "R = 3 and FM <= 2",
    matches: (s) => s.r === 3 && s.fm <= 2,
    meaning: "low value and getting less recent",
  },
  {
    segment: "Can't lose them",
    condition: "R <= 2 and FM = 5",
    matches: (s) => s.r <= 2 && s.fm === 5,
    meaning: "were among the best customers, have not bought for a long time",
  },
  {
    segment: "At risk",
    condition: "R <= 2 and FM 3-4",
    matches: (s) => s.r <= 2 && (s.fm === 3 || s.fm === 4),
    meaning: "good customers who have not bought for a long time",
  },
  {
    segment: "Hibernating",
    condition: "R = 2 and FM <= 2",
    matches: (s) => s.r === 2 && s.fm <= 2,
    meaning: "low value, long since the last order",
  },
  {
    segment: "Lost",
    condition: "R = 1 and FM <= 2",
    matches: (s) => s.r === 1 && s.fm <= 2,
    meaning: "low value, longest since the last order",
  },
];

export interface RfmCustomer {
  customerId: string;
  recencyDays: number;
  orders: number;
  monetary: number;
  firstOrderAt: string;
  lastOrderAt: string;
  r: number;
  f: number;
  m: number;
  /** "RFM" digits, e.g. "545". */
  code: string;
  segment: RfmSegment;
}

export interface RfmSegmentSummary {
  segment: RfmSegment;
  customers: number;
  /** Net revenue (total - refunded) of these customers over the whole history given. */
  revenue: number;
  shareOfCustomers: number;
  shareOfRevenue: number;
}

export interface RfmResult {
  asOf: string;
  customers: RfmCustomer[];
  /** Every segment of SEGMENT_RULES, in rule order, including empty ones. */
  segments: RfmSegmentSummary[];
  ignoredAfterAsOf: number;
  ignoredFullyRefunded: number;
}

export function segmentFor(scores: { r: number; f: number; m: number; orders: number }): RfmSegment {
  const fm = Math.round((scores.f + scores.m) / 2);
  const rule = SEGMENT_RULES.find((candidate) => candidate.matches({ ...scores, fm }));
  if (!rule)
    throw new Error(`no RFM rule matches R=${scores.r} F=${scores.f} M=${scores.m}; scores must be integers 1..5`);
  return rule.segment;
}

/**
 * Scores each customer 1..5 on recency (days since last order; fewer days = higher score), frequency (orders) and
 * monetary (net revenue) by quintiles with shared scores for ties, then names segments by SEGMENT_RULES.
 */
export function computeRfm(orders: readonly CustomerOrder[], asOf: Date | string): RfmResult {
  const asOfDate = parseAsOf(asOf);
  const { customers, ignoredAfterAsOf, ignoredFullyRefunded } = summarizeCustomers(orders, asOfDate);
  const recencyDays = customers.map((c) => (asOfDate.getTime() - c.lastOrderAt.getTime()) / DAY_MS);
  // Negate recency so that the most recent buyers land in the top quintile.
  const r = quintileScores(recencyDays.map((d) => -d));
  const f = quintileScores(customers.map((c) => c.orders));
  const m = quintileScores(customers.map((c) => c.netRevenue));

  const scored: RfmCustomer[] = customers.map((c, i) => ({
    customerId: c.customerId,
    recencyDays: recencyDays[i],
    orders: c.orders,
    monetary: c.netRevenue,
    firstOrderAt: c.firstOrderAt.toISOString(),
    lastOrderAt: c.lastOrderAt.toISOString(),
    r: r[i],
    f: f[i],
    m: m[i],
    code: `${r[i]}${f[i]}${m[i]}`,
    segment: segmentFor({ r: r[i], f: f[i], m: m[i], orders: c.orders }),
  }));

  const totalRevenue = scored.reduce((s, c) => s + c.monetary, 0);
  const segments = SEGMENT_RULES.map(({ segment }) => {
    const members = scored.filter((c) => c.segment === segment);
    const revenue = members.reduce((s, c) => s + c.monetary, 0);
    return {
      segment,
      customers: members.length,
      revenue,
      shareOfCustomers: scored.length === 0 ? 0 : members.length / scored.length,
      shareOfRevenue: totalRevenue === 0 ? 0 : revenue / totalRevenue,
    };
  });
  return { asOf: asOfDate.toISOString(), customers: scored, segments, ignoredAfterAsOf, ignoredFullyRefunded };
}
