// RFM (recency, frequency, monetary) scoring and named segments from per-customer totals.
import { parseAsOf, summarizeCustomers, type CustomerOrder, type CustomerTotals } from "./orders";
import { quintileScoresSteps } from "./stats";
import { runPaced, runSteps, type Steps } from "../core/pace";
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

/**
 * Every customer's scores in columns (row i is totals.customerIds[i]): what the tools use, so a
 * store with a million customers is scored without an object per customer. rfmCustomerAt gives one row.
 */
export interface RfmTable {
  asOf: string;
  totals: CustomerTotals;
  /** Days (fractional) from the customer's last order to asOf. */
  recencyDays: Float64Array;
  r: Uint8Array;
  f: Uint8Array;
  m: Uint8Array;
  /** Index into SEGMENT_RULES (and SEGMENTS). */
  segment: Uint8Array;
  /** Every segment of SEGMENT_RULES, in rule order, including empty ones. */
  segments: RfmSegmentSummary[];
}

export interface RfmResult {
  asOf: string;
  customers: RfmCustomer[];
  /** Every segment of SEGMENT_RULES, in rule order, including empty ones. */
  segments: RfmSegmentSummary[];
  ignoredAfterAsOf: number;
  ignoredFullyRefunded: number;
  /** The same scores in columns (what proposeCampaigns reads). */
  table: RfmTable;
}

/** Segment names in rule order: RfmTable.segment indexes this. */
export const SEGMENTS: readonly RfmSegment[] = SEGMENT_RULES.map((rule) => rule.segment);

export function segmentFor(scores: { r: number; f: number; m: number; orders: number }): RfmSegment {
  const fm = Math.round((scores.f + scores.m) / 2);
  const rule = SEGMENT_RULES.find((candidate) => candidate.matches({ ...scores, fm }));
  if (!rule)
    throw new Error(`no RFM rule matches R=${scores.r} F=${scores.f} M=${scores.m}; scores must be integers 1..5`);
  return rule.segment;
}

/** segmentFor for every score combination, once: [r][f][m][single order ? 1 : 0] -> index into SEGMENTS. */
const SEGMENT_LOOKUP: Uint8Array = (() => {
  const table = new Uint8Array(6 * 6 * 6 * 2);
  for (let r = 1; r <= 5; r++)
    for (let f = 1; f <= 5; f++)
      for (let m = 1; m <= 5; m++)
        for (const single of [0, 1])
          table[((r * 6 + f) * 6 + m) * 2 + single] = SEGMENTS.indexOf(segmentFor({ r, f, m, orders: single ? 1 : 2 }));
  return table;
})();

/**
 * Scores each customer 1..5 on recency (days since last order; fewer days = higher score), frequency (orders) and
 * monetary (net revenue) by quintiles with shared scores for ties, then names segments by SEGMENT_RULES.
 */
export function scoreRfm(totals: CustomerTotals): RfmTable {
  return runSteps(scoreRfmSteps(totals));
}

/** scoreRfm paced (agents/core/pace.ts): the same table, without blocking the event loop for a million customers. */
export function scoreRfmPaced(totals: CustomerTotals): Promise<RfmTable> {
  return runPaced(scoreRfmSteps(totals));
}

function* scoreRfmSteps(totals: CustomerTotals): Steps<RfmTable> {
  const { size: n, asOf } = totals;
  const recencyDays = new Float64Array(n);
  for (let i = 0; i < n; i++) recencyDays[i] = (asOf.getTime() - totals.lastOrderAt[i]) / DAY_MS;
  // Negate recency so that the most recent buyers land in the top quintile.
  const r = yield* quintileScoresSteps(recencyDays.map((d) => -d));
  const f = yield* quintileScoresSteps(totals.orders);
  const m = yield* quintileScoresSteps(totals.netRevenue);
  const segment = new Uint8Array(n);
  for (let i = 0; i < n; i++)
    segment[i] = SEGMENT_LOOKUP[((r[i] * 6 + f[i]) * 6 + m[i]) * 2 + (totals.orders[i] === 1 ? 1 : 0)];
  yield;

  const counts = new Array<number>(SEGMENTS.length).fill(0);
  const revenues = new Array<number>(SEGMENTS.length).fill(0);
  let totalRevenue = 0;
  for (let i = 0; i < n; i++) {
    counts[segment[i]]++;
    revenues[segment[i]] += totals.netRevenue[i];
    totalRevenue += totals.netRevenue[i];
  }
  const segments = SEGMENTS.map((name, k) => ({
    segment: name,
    customers: counts[k],
    revenue: revenues[k],
    shareOfCustomers: n === 0 ? 0 : counts[k] / n,
    shareOfRevenue: totalRevenue === 0 ? 0 : revenues[k] / totalRevenue,
  }));
  return { asOf: asOf.toISOString(), totals, recencyDays, r, f, m, segment, segments };
}

/** One customer of a scored table as a plain object. */
export function rfmCustomerAt(table: RfmTable, i: number): RfmCustomer {
  const h = table.totals;
  return {
    customerId: h.customerIds[i],
    recencyDays: table.recencyDays[i],
    orders: h.orders[i],
    monetary: h.netRevenue[i],
    firstOrderAt: new Date(h.firstOrderAt[i]).toISOString(),
    lastOrderAt: new Date(h.lastOrderAt[i]).toISOString(),
    r: table.r[i],
    f: table.f[i],
    m: table.m[i],
    code: `${table.r[i]}${table.f[i]}${table.m[i]}`,
    segment: SEGMENTS[table.segment[i]],
  };
}

/** RFM from order rows (see scoreRfm), with every customer as an object. */
export function computeRfm(orders: readonly CustomerOrder[], asOf: Date | string): RfmResult {
  const summaries = summarizeCustomers(orders, parseAsOf(asOf));
  const table = scoreRfm(summaries);
  return {
    asOf: table.asOf,
    customers: Array.from({ length: summaries.size }, (_, i) => rfmCustomerAt(table, i)),
    segments: table.segments,
    ignoredAfterAsOf: summaries.ignoredAfterAsOf,
    ignoredFullyRefunded: summaries.ignoredFullyRefunded,
    table,
  };
}
