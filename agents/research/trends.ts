// Rising and falling products from weekly sales velocity.
//
// Test: Mann–Kendall trend test on each product's weekly units (normal approximation with the tie-corrected
// variance and a continuity correction), slope: Sen's slope (median of pairwise slopes, units/week per week).
// Both are rank-based, so a single viral week or a big wholesale order does not make a trend.
// Caveat: Mann–Kendall assumes independent weeks; positively autocorrelated sales make p-values optimistic.
import { runSteps, type Steps } from "../core/pace";
import { twoSidedP } from "../pricing/stats";
import { DAY_MS, fromEpochDay } from "../core/time";

export interface SaleRecord {
  productId: string;
  /** "YYYY-MM-DD" or an ISO timestamp (the UTC calendar day is used). */
  date: string;
  units: number;
}

export interface TrendOptions {
  /** Significance level for rising / falling. Default 0.05. */
  alpha?: number;
  /** Analysis window (inclusive). Defaults to the first and last sale date. Only whole Monday–Sunday weeks inside it count. */
  from?: string;
  to?: string;
  /** Products need this many weeks to be classified. Default 8. */
  minWeeks?: number;
  /** Launch date per product: weeks before it are left out rather than counted as zero sales. */
  productStart?: Readonly<Record<string, string>>;
}

export type TrendClass = "rising" | "falling" | "flat" | "insufficient_data";

export interface ProductTrend {
  productId: string;
  classification: TrendClass;
  weeks: number;
  /** Monday of each week, "YYYY-MM-DD". */
  weekStarts: string[];
  weeklyUnits: number[];
  totalUnits: number;
  meanPerWeek: number;
  /** Mann–Kendall S, tie-corrected variance, z and two-sided p-value (null when insufficient data). */
  mannKendallS: number | null;
  varianceS: number | null;
  z: number | null;
  pValue: number | null;
  /** Kendall's tau-a = S / (n(n-1)/2). */
  kendallTau: number | null;
  /** Sen's slope in units/week per week. */
  senSlope: number | null;
  /** Sen's slope over mean weekly units: the relative change per week (0.05 = +5% of average velocity per week). */
  relativeSlope: number | null;
  /** Mean of the first and last min(4, weeks) weeks. */
  earlyMeanPerWeek: number;
  recentMeanPerWeek: number;
}

export interface TrendReport {
  method: "mann-kendall+sen";
  alpha: number;
  window: { from: string; to: string; weeks: number };
  rising: ProductTrend[];
  falling: ProductTrend[];
  /** Everything, rising first (by z descending), falling last. */
  products: ProductTrend[];
}

function dayOf(value: string, what: string): number {
  const ts = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (typeof value !== "string" || Number.isNaN(ts))
    throw new Error(`${what} must be "YYYY-MM-DD" or an ISO timestamp, got ${JSON.stringify(value)}`);
  return Math.floor(ts / DAY_MS);
}

/** Day number of the Monday on or after `day` (day 0 = 1970-01-01, a Thursday). */
const mondayOnOrAfter = (day: number) => day + ((7 - ((day + 3) % 7)) % 7);

/** Mann–Kendall S and its tie-corrected variance. */
export function mannKendall(series: readonly number[]): {
  s: number;
  variance: number;
  z: number;
  pValue: number;
  tau: number;
} {
  const n = series.length;
  if (n < 3) throw new Error(`mannKendall needs at least 3 points, got ${n}`);
  let s = 0;
  for (let i = 0; i < n - 1; i++) for (let j = i + 1; j < n; j++) s += Math.sign(series[j] - series[i]);
  const counts = new Map<number, number>();
  for (const x of series) counts.set(x, (counts.get(x) ?? 0) + 1);
  let tieTerm = 0;
  for (const t of counts.values()) if (t > 1) tieTerm += t * (t - 1) * (2 * t + 5);
  const variance = (n * (n - 1) * (2 * n + 5) - tieTerm) / 18;
  // Continuity correction: S moves in steps of 2.
  const z = variance > 0 ? (s - Math.sign(s)) / Math.sqrt(variance) : 0;
  return { s, variance, z, pValue: variance > 0 ? twoSidedP(z) : 1, tau: s / ((n * (n - 1)) / 2) };
}

/** Sen's slope: median of (x_j - x_i) / (j - i) over all pairs i < j. */
export function senSlope(series: readonly number[]): number {
  const slopes: number[] = [];
  for (let i = 0; i < series.length - 1; i++)
    for (let j = i + 1; j < series.length; j++) slopes.push((series[j] - series[i]) / (j - i));
  if (slopes.length === 0) throw new Error("senSlope needs at least 2 points");
  slopes.sort((a, b) => a - b);
  const m = slopes.length >> 1;
  return slopes.length % 2 ? slopes[m] : (slopes[m - 1] + slopes[m]) / 2;
}

export function analyzeTrends(sales: readonly SaleRecord[], options: TrendOptions = {}): TrendReport {
  return runSteps(analyzeTrendsSteps(sales, options));
}

/** Rows (or products) between the places the steps may let other work in. */
const STEP_EVERY = 2_000;

/**
 * analyzeTrends as steps (ADR 0035 addendum): the same arithmetic in the same order, yielding every
 * few thousand rows or products, so `runPaced` can give the event loop turns. A 100k-product store's
 * 1.2M product-days and Sen slopes ran 2.2 s in one go.
 */
export function* analyzeTrendsSteps(sales: readonly SaleRecord[], options: TrendOptions = {}): Steps<TrendReport> {
  if (!Array.isArray(sales)) throw new Error("analyzeTrends: expected an array of { productId, date, units }");
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) throw new Error(`alpha must be in (0, 1), got ${alpha}`);
  const minWeeks = Math.max(3, options.minWeeks ?? 8);
  const parsed: { productId: string; day: number; units: number }[] = [];
  for (let i = 0; i < sales.length; i++) {
    if (i % STEP_EVERY === STEP_EVERY - 1) yield;
    const r = sales[i];
    if (typeof r?.productId !== "string" || r.productId === "")
      throw new Error(`sales[${i}].productId must be a non-empty string`);
    if (typeof r.units !== "number" || !Number.isFinite(r.units) || r.units < 0)
      throw new Error(`sales[${i}].units must be a number >= 0, got ${JSON.stringify(r.units)}`);
    parsed.push({ productId: r.productId, day: dayOf(r.date, `sales[${i}].date`), units: r.units });
  }
  if (parsed.length === 0 && (!options.from || !options.to))
    throw new Error("analyzeTrends: no sales and no window; send sales records or both from and to");
  // Loops rather than Math.min(...spread): the spread overflows the call stack on large exports.
  const from = options.from ? dayOf(options.from, "from") : parsed.reduce((m, p) => Math.min(m, p.day), Infinity);
  const to = options.to ? dayOf(options.to, "to") : parsed.reduce((m, p) => Math.max(m, p.day), -Infinity);
  const firstWeek = mondayOnOrAfter(from);
  const weeks = Math.floor((to - firstWeek + 1) / 7);
  if (weeks < 1)
    throw new Error(`the window ${fromEpochDay(from)}..${fromEpochDay(to)} holds no whole Monday–Sunday week`);

  const byProduct = new Map<string, number[]>();
  let step = 0;
  for (const p of parsed) {
    if (++step % STEP_EVERY === 0) yield;
    if (!byProduct.has(p.productId)) byProduct.set(p.productId, new Array<number>(weeks).fill(0));
    const w = Math.floor((p.day - firstWeek) / 7);
    if (w >= 0 && w < weeks) byProduct.get(p.productId)![w] += p.units;
  }

  const products: ProductTrend[] = [];
  for (const [productId, allWeeks] of byProduct) {
    // A product's two O(weeks²) statistics weigh as much as a few dozen rows.
    if (++step % (STEP_EVERY / 10) === 0) yield;
    const start = options.productStart?.[productId];
    // A product launched mid-window starts at its first whole week.
    const skip = start ? Math.max(0, Math.ceil((dayOf(start, `productStart.${productId}`) - firstWeek) / 7)) : 0;
    const series = allWeeks.slice(skip);
    const weekStarts = series.map((_, i) => fromEpochDay(firstWeek + (skip + i) * 7));
    const total = series.reduce((s, v) => s + v, 0);
    const mean = series.length ? total / series.length : 0;
    const edge = Math.min(4, series.length);
    const early = edge ? series.slice(0, edge).reduce((s, v) => s + v, 0) / edge : 0;
    const recent = edge ? series.slice(-edge).reduce((s, v) => s + v, 0) / edge : 0;
    const base = {
      productId,
      weeks: series.length,
      weekStarts,
      weeklyUnits: series,
      totalUnits: total,
      meanPerWeek: mean,
      earlyMeanPerWeek: early,
      recentMeanPerWeek: recent,
    };
    if (series.length < minWeeks) {
      products.push({
        ...base,
        classification: "insufficient_data",
        mannKendallS: null,
        varianceS: null,
        z: null,
        pValue: null,
        kendallTau: null,
        senSlope: null,
        relativeSlope: null,
      });
      continue;
    }
    const mk = mannKendall(series);
    const slope = senSlope(series);
    // Direction from S (Sen's slope can be 0 for sparse, tie-heavy series even when S is significant).
    const classification: TrendClass = mk.pValue < alpha ? (mk.s > 0 ? "rising" : "falling") : "flat";
    products.push({
      ...base,
      classification,
      mannKendallS: mk.s,
      varianceS: mk.variance,
      z: mk.z,
      pValue: mk.pValue,
      kendallTau: mk.tau,
      senSlope: slope,
      relativeSlope: mean > 0 ? slope / mean : null,
    });
  }
  products.sort((a, b) => (b.z ?? 0) - (a.z ?? 0) || a.productId.localeCompare(b.productId));
  return {
    method: "mann-kendall+sen",
    alpha,
    window: { from: fromEpochDay(firstWeek), to: fromEpochDay(firstWeek + weeks * 7 - 1), weeks },
    rising: products.filter((p) => p.classification === "rising"),
    falling: products.filter((p) => p.classification === "falling").reverse(),
    products,
  };
}
