// Revenue anomaly alerts on a daily series: remove the weekly pattern and the trend, then flag robust outliers.
import { DAY_MS } from "../core/time";

export interface DailyRevenue {
  /** Calendar day "YYYY-MM-DD" (shop time zone, as the caller aggregated it). */
  date: string;
  revenue: number;
}

export interface AnomalyOptions {
  /** |robust z| above which a day is flagged (default 3.5, the usual cut-off for MAD-based z-scores). */
  threshold?: number;
  /** Odd window, in days, of the centred rolling median used as trend (default 15). */
  trendWindowDays?: number;
  /** Minimum series length (default 28 = four of each weekday). */
  minDays?: number;
  /** Treat absent days as zero revenue instead of rejecting the series (default false). */
  fillMissingWithZero?: boolean;
  /**
   * "multiplicative" (default): weekday effects are factors (Fri = 1.4 x trend) and residuals are relative, which
   * matches revenue whose weekly swing grows with the business. "additive": effects in currency, residuals in currency;
   * use it for sparse series with zero-revenue weeks, where factors are undefined. "auto": multiplicative when the
   * series allows it (no negative day, every 7-day median positive, some weekday effect), else additive: what a
   * scheduled check over any shop's sales needs (a small shop has weeks without a sale).
   */
  seasonality?: "multiplicative" | "additive" | "auto";
  /** Lower bound for the residual scale as a fraction of median daily revenue, so a nearly flat series does not flag cents (default 0.01). */
  minScaleFraction?: number;
}

export type Weekday = "Sun" | "Mon" | "Tue" | "Wed" | "Thu" | "Fri" | "Sat";
const WEEKDAYS: Weekday[] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

export interface DayAnalysis {
  date: string;
  weekday: Weekday;
  revenue: number;
  /** trend x weekday factor (multiplicative) or trend + weekday effect (additive). */
  expected: number;
  trend: number;
  weekdayEffect: number;
  /** (revenue - expected) / expected for multiplicative, revenue - expected for additive. */
  residual: number;
  z: number;
  anomaly: boolean;
}

export interface RevenueAlert {
  date: string;
  direction: "spike" | "drop";
  revenue: number;
  expected: number;
  /** revenue - expected. */
  deviation: number;
  /** deviation / expected; null when expected <= 0. */
  deviationPct: number | null;
  z: number;
}

export interface AnomalyOk {
  ok: true;
  threshold: number;
  seasonality: "multiplicative" | "additive";
  /** Weekday factors averaging 1 (multiplicative) or currency effects summing to 0 (additive). */
  weekdayEffects: Record<Weekday, number>;
  /** Robust residual scale: 1.4826 x MAD, the standard-deviation equivalent for normal noise (relative for multiplicative). */
  residualScale: number;
  days: DayAnalysis[];
  alerts: RevenueAlert[];
  filledMissingDays: string[];
}

export interface AnomalyInsufficient {
  ok: false;
  reason: "insufficient_data";
  message: string;
  daysProvided: number;
  daysRequired: number;
}

export type AnomalyResult = AnomalyOk | AnomalyInsufficient;

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of an empty list");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Centred rolling median; near the ends the window is truncated to the days that exist. With excludeSelf the day
 * itself is left out, so a day's baseline comes only from its neighbours: an anomaly cannot pull its own baseline,
 * and residuals are not artificially zero on the day that happens to be the window's median (which would shrink MAD).
 */
export function rollingMedian(values: readonly number[], window: number, excludeSelf = false): number[] {
  const half = window >> 1;
  return values.map((_, i) => {
    const from = Math.max(0, i - half);
    const to = Math.min(values.length, i + half + 1);
    return median(excludeSelf ? [...values.slice(from, i), ...values.slice(i + 1, to)] : values.slice(from, to));
  });
}

function parseDay(date: string, index: number): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = match ? Date.UTC(+match[1], +match[2] - 1, +match[3]) : NaN;
  if (!match || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== date) {
    throw new Error(`series[${index}].date must be a calendar day "YYYY-MM-DD"; got ${String(date)}`);
  }
  return t / DAY_MS;
}

/**
 * Flags days whose revenue departs from what the weekly pattern and the trend predict.
 * 1. A 7-day centred rolling median gives a first trend; the median per weekday of revenue / that trend (or
 *    revenue - trend, additive) gives the weekday effects, normalised to average 1 (or 0).
 * 2. The trend proper is a centred rolling median (trendWindowDays, the day itself left out) of the
 *    revenue with the weekday effect removed.
 * 3. Expected = trend x effect (or trend + effect). Residual = (revenue - expected) / expected (or revenue - expected).
 *    Robust z = (residual - median residual) / (1.4826 x MAD).
 * Medians everywhere so that the spikes being looked for do not distort the baseline.
 */
export function detectRevenueAnomalies(series: readonly DailyRevenue[], options: AnomalyOptions = {}): AnomalyResult {
  const {
    threshold = 3.5,
    trendWindowDays = 15,
    minDays = 28,
    fillMissingWithZero = false,
    minScaleFraction = 0.01,
  } = options;
  const requested = options.seasonality ?? "multiplicative";
  if (!Array.isArray(series)) throw new Error('series must be an array of { date: "YYYY-MM-DD", revenue }');
  if (!(threshold > 0)) throw new Error(`threshold must be > 0; got ${threshold}`);
  if (requested !== "multiplicative" && requested !== "additive" && requested !== "auto")
    throw new Error(`seasonality must be "multiplicative", "additive" or "auto"; got ${String(requested)}`);
  if (!(Number.isInteger(trendWindowDays) && trendWindowDays >= 7 && trendWindowDays % 2 === 1)) {
    throw new Error(`trendWindowDays must be an odd integer >= 7; got ${trendWindowDays}`);
  }
  if (!(Number.isInteger(minDays) && minDays >= 14))
    throw new Error(`minDays must be an integer >= 14 (two of each weekday); got ${minDays}`);

  const byDay = new Map<number, number>();
  series.forEach((point, i) => {
    const day = parseDay(point.date, i);
    if (!Number.isFinite(point.revenue))
      throw new Error(`series[${i}].revenue must be a finite number; got ${String(point.revenue)}`);
    if (requested === "multiplicative" && point.revenue < 0) {
      throw new Error(
        `series[${i}].revenue is negative (${point.revenue}); multiplicative seasonality needs revenue >= 0, pass seasonality: "additive" for net series that can go negative`,
      );
    }
    if (byDay.has(day)) throw new Error(`date ${point.date} appears more than once; send one total per day`);
    byDay.set(day, point.revenue);
  });
  const sortedDays = [...byDay.keys()].sort((a, b) => a - b);
  const filledMissingDays: string[] = [];
  if (sortedDays.length > 0) {
    for (let d = sortedDays[0]; d <= sortedDays[sortedDays.length - 1]; d++) {
      if (byDay.has(d)) continue;
      const date = new Date(d * DAY_MS).toISOString().slice(0, 10);
      if (!fillMissingWithZero) {
        throw new Error(
          `the series has no value for ${date}; send every day (0 for days without sales) or pass fillMissingWithZero: true`,
        );
      }
      filledMissingDays.push(date);
      byDay.set(d, 0);
    }
  }
  const days = [...byDay.keys()].sort((a, b) => a - b);
  if (days.length < minDays) {
    return {
      ok: false,
      reason: "insufficient_data",
      message: `Need at least ${minDays} consecutive days of revenue to separate the weekly pattern from anomalies; got ${days.length}.`,
      daysProvided: days.length,
      daysRequired: minDays,
    };
  }

  const revenue = days.map((d) => byDay.get(d)!);
  const weekdayIndex = days.map((d) => new Date(d * DAY_MS).getUTCDay());
  const roughTrend = rollingMedian(revenue, 7);
  const factorsDefined =
    revenue.every((y) => y >= 0) &&
    roughTrend.every((t) => t > 0) &&
    WEEKDAYS.some(
      (_, w) => median(revenue.map((y, i) => y / roughTrend[i]).filter((_, i) => weekdayIndex[i] === w)) > 0,
    );
  const seasonality = requested === "auto" ? (factorsDefined ? "multiplicative" : "additive") : requested;
  const multiplicative = seasonality === "multiplicative";

  if (multiplicative && roughTrend.some((t) => t <= 0)) {
    throw new Error(
      'multiplicative seasonality needs a positive 7-day median revenue throughout; pass seasonality: "additive" for sparse series',
    );
  }
  const rawEffects = WEEKDAYS.map((_, w) =>
    median(
      revenue
        .map((y, i) => (multiplicative ? y / roughTrend[i] : y - roughTrend[i]))
        .filter((_, i) => weekdayIndex[i] === w),
    ),
  );
  const effectMean = rawEffects.reduce((s, e) => s + e, 0) / 7;
  if (multiplicative && !(effectMean > 0))
    throw new Error('weekday factors are all zero; pass seasonality: "additive"');
  const effects = rawEffects.map((e) => (multiplicative ? e / effectMean : e - effectMean));
  const removeEffect = (y: number, i: number) => {
    const e = effects[weekdayIndex[i]];
    if (!multiplicative) return y - e;
    // A weekday that never sells has factor 0; its own value says nothing about the trend, so use the rough trend.
    return e > 0 ? y / e : roughTrend[i];
  };

  const trend = rollingMedian(revenue.map(removeEffect), trendWindowDays, true);
  const expected = revenue.map((_, i) =>
    multiplicative ? trend[i] * effects[weekdayIndex[i]] : trend[i] + effects[weekdayIndex[i]],
  );
  const residuals = revenue.map((y, i) => {
    if (!multiplicative) return y - expected[i];
    return expected[i] > 0 ? (y - expected[i]) / expected[i] : 0;
  });

  const center = median(residuals);
  const absDev = residuals.map((r) => Math.abs(r - center));
  let scale = 1.4826 * median(absDev);
  // MAD is zero when over half the residuals are identical; fall back to the mean absolute deviation (normal-consistent).
  if (scale === 0) scale = 1.2533 * (absDev.reduce((s, v) => s + v, 0) / absDev.length);
  // Relative residuals get a floor of minScaleFraction itself; currency residuals that fraction of median revenue.
  scale = Math.max(scale, multiplicative ? minScaleFraction : minScaleFraction * median(revenue.map(Math.abs)), 1e-9);

  const analysis: DayAnalysis[] = days.map((d, i) => {
    const z = (residuals[i] - center) / scale;
    return {
      date: new Date(d * DAY_MS).toISOString().slice(0, 10),
      weekday: WEEKDAYS[weekdayIndex[i]],
      revenue: revenue[i],
      expected: expected[i],
      trend: trend[i],
      weekdayEffect: effects[weekdayIndex[i]],
      residual: residuals[i],
      z,
      anomaly: Math.abs(z) > threshold,
    };
  });
  const alerts: RevenueAlert[] = analysis
    .filter((day) => day.anomaly)
    .map((day) => ({
      date: day.date,
      direction: day.z > 0 ? "spike" : "drop",
      revenue: day.revenue,
      expected: day.expected,
      deviation: day.revenue - day.expected,
      deviationPct: day.expected > 0 ? (day.revenue - day.expected) / day.expected : null,
      z: day.z,
    }));
  return {
    ok: true,
    seasonality,
    threshold,
    weekdayEffects: Object.fromEntries(WEEKDAYS.map((w, i) => [w, effects[i]])) as Record<Weekday, number>,
    residualScale: scale,
    days: analysis,
    alerts,
    filledMissingDays,
  };
}
