// Weekly seasonal naive: tomorrow = the last observed (uncensored) day of the same weekday.
// It is both a candidate and the benchmark that scales every error (RMSSE).
import { ones, SEASON, type FittedModel, type ModelSpec, type SeriesData } from "./model";

/** Last uncensored value on each weekday slot (t mod 7) before `end`; NaN when none. */
function lastByWeekday(data: SeriesData, end: number): Float64Array {
  const last = new Float64Array(SEASON).fill(NaN);
  let found = 0;
  for (let t = end - 1; t >= 0 && found < SEASON; t--) {
    const k = t % SEASON;
    if (Number.isNaN(last[k]) && !(data.censored && data.censored[t])) {
      last[k] = data.y[t];
      found++;
    }
  }
  return last;
}

export function fitSeasonalNaive(data: SeriesData): FittedModel {
  const { y, censored, n } = data;
  const residuals = new Float64Array(n).fill(NaN);
  const last = new Float64Array(SEASON).fill(NaN);
  let sum = 0,
    count = 0;
  for (let t = 0; t < n; t++) {
    if (censored && censored[t]) continue;
    const k = t % SEASON;
    if (!Number.isNaN(last[k])) residuals[t] = y[t] - last[k];
    last[k] = y[t];
    sum += y[t];
    count++;
  }
  const fallback = count > 0 ? sum / count : 0;
  const finalLast = lastByWeekday(data, n);
  return {
    name: "seasonal_naive",
    params: {},
    residuals,
    forecast(h) {
      const out = new Float64Array(h);
      for (let j = 1; j <= h; j++) {
        const v = finalLast[(n + j - 1) % SEASON];
        out[j - 1] = Number.isNaN(v) ? fallback : v;
      }
      return out;
    },
    psi(h) {
      // e_{n+j} = ε_{n+j} + ε_{n+j-7} + …: a weight of 1 every full season back.
      const out = new Float64Array(Math.max(0, h - 1));
      for (let i = 1; i < h; i++) out[i - 1] = i % SEASON === 0 ? 1 : 0;
      return out;
    },
    stepScale: ones,
  };
}

/**
 * Mean squared in-sample seasonal-naive one-step error: the RMSSE denominator. Falls back to the
 * lag-1 naive error, then to the mean square of the series, when a series repeats itself exactly
 * (the scale is shared by all candidates of one series, so the fallback never changes the pick).
 */
export function seasonalNaiveScale(data: SeriesData, residuals?: Float64Array): number {
  const r = residuals ?? fitSeasonalNaive(data).residuals;
  let s = 0,
    c = 0;
  for (let t = 0; t < data.n; t++)
    if (!Number.isNaN(r[t])) {
      s += r[t] * r[t];
      c++;
    }
  if (c > 0 && s > 0) return s / c;
  s = 0;
  c = 0;
  let prev = NaN,
    sq = 0,
    cq = 0;
  for (let t = 0; t < data.n; t++) {
    if (data.censored && data.censored[t]) continue;
    const v = data.y[t];
    if (!Number.isNaN(prev)) {
      s += (v - prev) ** 2;
      c++;
    }
    prev = v;
    sq += v * v;
    cq++;
  }
  if (c > 0 && s > 0) return s / c;
  return cq > 0 && sq > 0 ? sq / cq : 1;
}

export const seasonalNaiveModel: ModelSpec = { name: "seasonal_naive", fit: (d) => fitSeasonalNaive(d) };
