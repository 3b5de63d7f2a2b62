// The simple rules a merchant could apply by hand, as candidates: the engine must never do worse
// than the best of them on its own backtest, so they compete with every model (seasonal naive, the
// third rule, lives in seasonal-naive.ts because it also scales the errors).
//   last_value       tomorrow = the last observed day
//   recent_mean      every day = the mean of the last 28 observed days
//   weekday_profile  the recent mean × the series' own weekday shares (shrunk towards flat)
import { SEASON, type FittedModel, type ModelSpec, type SeriesData } from "./model";

/** Days in the recent mean: four whole weeks, so every weekday counts equally. */
export const RECENT_DAYS = 28;
/**
 * Weekday factors are (weekday total + k·mean) / ((weekday days + k)·mean): with few days they stay
 * near 1, so a handful of sales on one Tuesday does not make every Tuesday a big day.
 */
const WEEKDAY_SHRINK = 10;

const constant =
  (value: number) =>
  (h: number): Float64Array =>
    new Float64Array(h).fill(value);

const flatPsi =
  (weight: number) =>
  (h: number): Float64Array =>
    new Float64Array(Math.max(0, h - 1)).fill(weight);

const ones = (h: number): Float64Array => new Float64Array(h).fill(1);

function fitLastValue(data: SeriesData): FittedModel {
  const { y, censored, n } = data;
  const residuals = new Float64Array(n).fill(NaN);
  let last = NaN;
  for (let t = 0; t < n; t++) {
    if (censored && censored[t]) continue;
    if (!Number.isNaN(last)) residuals[t] = y[t] - last;
    last = y[t];
  }
  return {
    name: "last_value",
    params: {},
    residuals,
    forecast: constant(Number.isNaN(last) ? 0 : last),
    psi: flatPsi(1), // a random walk: every shock stays
    stepScale: ones,
  };
}

/**
 * Rolling mean of the last RECENT_DAYS observed days before each day, and the final one.
 * `factor(t)` multiplies the rate for day t (1 for recent_mean).
 */
function rollingMean(data: SeriesData, factor: (t: number) => number): { residuals: Float64Array; rate: number } {
  const { y, censored, n } = data;
  const residuals = new Float64Array(n).fill(NaN);
  const ring = new Float64Array(RECENT_DAYS);
  let count = 0,
    sum = 0;
  for (let t = 0; t < n; t++) {
    if (censored && censored[t]) continue;
    if (count >= SEASON) residuals[t] = y[t] - (sum / Math.min(count, RECENT_DAYS)) * factor(t);
    const slot = count % RECENT_DAYS;
    if (count >= RECENT_DAYS) sum -= ring[slot];
    ring[slot] = y[t];
    sum += y[t];
    count++;
  }
  return { residuals, rate: count > 0 ? sum / Math.min(count, RECENT_DAYS) : 0 };
}

function fitRecentMean(data: SeriesData): FittedModel {
  const { residuals, rate } = rollingMean(data, () => 1);
  return {
    name: "recent_mean",
    params: { days: RECENT_DAYS },
    residuals,
    forecast: constant(rate),
    psi: flatPsi(1 / RECENT_DAYS), // each day weighs 1/28 in the mean
    stepScale: ones,
  };
}

/** Multiplicative weekday factors (mean 1) from the whole observed history, shrunk towards 1. */
export function weekdayFactors(data: SeriesData): Float64Array {
  const { y, censored, n } = data;
  const sums = new Float64Array(SEASON);
  const counts = new Float64Array(SEASON);
  let total = 0,
    days = 0;
  for (let t = 0; t < n; t++) {
    if (censored && censored[t]) continue;
    sums[t % SEASON] += y[t];
    counts[t % SEASON]++;
    total += y[t];
    days++;
  }
  const factors = new Float64Array(SEASON).fill(1);
  const mean = days > 0 ? total / days : 0;
  if (mean <= 0) return factors;
  let norm = 0;
  for (let k = 0; k < SEASON; k++) {
    factors[k] = (sums[k] + WEEKDAY_SHRINK * mean) / ((counts[k] + WEEKDAY_SHRINK) * mean);
    norm += factors[k] / SEASON;
  }
  for (let k = 0; k < SEASON; k++) factors[k] /= norm;
  return factors;
}

function fitWeekdayProfile(data: SeriesData): FittedModel {
  const factors = weekdayFactors(data);
  // The recent window holds every weekday four times, so its mean is already the flat rate.
  const { residuals, rate } = rollingMean(data, (t) => factors[t % SEASON]);
  const n = data.n;
  return {
    name: "weekday_profile",
    params: { days: RECENT_DAYS },
    residuals,
    forecast(h) {
      const out = new Float64Array(h);
      for (let j = 0; j < h; j++) out[j] = rate * factors[(n + j) % SEASON];
      return out;
    },
    psi: flatPsi(1 / RECENT_DAYS),
    stepScale: ones,
  };
}

export const lastValueModel: ModelSpec = { name: "last_value", fit: (d) => fitLastValue(d) };
export const recentMeanModel: ModelSpec = { name: "recent_mean", fit: (d) => fitRecentMean(d) };
export const weekdayProfileModel: ModelSpec = { name: "weekday_profile", fit: (d) => fitWeekdayProfile(d) };
