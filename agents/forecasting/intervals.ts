// Prediction intervals and forecast-error variances.
//
// Per-step variance comes from the model's psi weights (exact for the linear ETS class,
// Hyndman et al. 2008 §6.1; an approximation for Croston/SBA/TSB):
//   v_j = stepScale_j² · (1 + Σ_{i=1}^{j-1} psi_i²)
// σ² pools in-sample one-step errors of the final fit with the out-of-sample holdout errors of
// the same model (each standardised by its own v_k), so an over-optimistic in-sample fit is
// corrected by what the holdout actually saw. The interval *shape* is the empirical quantile of
// the standardised one-step errors (keeps the skew of count data) — scaled by σ·sqrt(v_j).
import { normalQuantile, sortedQuantile } from "./stats";
import type { ErrorModel, PredictionInterval } from "./types";

export function varianceFactors(psi: ArrayLike<number>, stepScale: ArrayLike<number>, h: number): Float64Array {
  const out = new Float64Array(h);
  let acc = 1;
  for (let j = 1; j <= h; j++) {
    if (j > 1) acc += psi[j - 2] * psi[j - 2];
    out[j - 1] = stepScale[j - 1] * stepScale[j - 1] * acc;
  }
  return out;
}

/**
 * Standard deviation of the sum of the first `days` forecast errors (e.g. lead-time demand).
 * Errors of successive days share shocks, so this is larger than sqrt(Σ sd²) for trend and
 * level models: coefficient of shock k in the sum = Σ_{j=k}^{days} stepScale_j · psi_{j-k} (psi_0 = 1).
 */
export function cumulativeSd(model: ErrorModel, days: number): number {
  if (days <= 0) return 0;
  if (days > model.stepScale.length)
    throw new RangeError(`cumulativeSd: the forecast covers ${model.stepScale.length} days, asked for ${days}`);
  let variance = 0;
  for (let k = 1; k <= days; k++) {
    let coef = 0;
    for (let j = k; j <= days; j++) coef += model.stepScale[j - 1] * (j === k ? 1 : model.psi[j - k - 1]);
    variance += coef * coef;
  }
  return model.sigma * Math.sqrt(variance);
}

export interface IntervalInputs {
  point: ArrayLike<number>;
  /** σ·sqrt(v_j) per step. */
  sd: ArrayLike<number>;
  /** Sorted one-step errors divided by their own sd (empty → normal quantiles). */
  standardisedErrors: Float64Array;
  levels: number[];
}

/** Quantile of the standardised error distribution; normal when too few errors to trust tails. */
function errorQuantile(sortedStd: Float64Array, p: number): number {
  const needed = Math.ceil(2 / Math.min(p, 1 - p)); // at least ~2 errors beyond the quantile
  return sortedStd.length >= needed ? sortedQuantile(sortedStd, p) : normalQuantile(p);
}

export function buildIntervals({ point, sd, standardisedErrors, levels }: IntervalInputs): PredictionInterval[] {
  return levels.map((level) => {
    const tail = (1 - level / 100) / 2;
    const qLo = errorQuantile(standardisedErrors, tail);
    const qHi = errorQuantile(standardisedErrors, 1 - tail);
    const lower: number[] = [];
    const upper: number[] = [];
    for (let j = 0; j < point.length; j++) {
      const lo = Math.max(0, point[j] + qLo * sd[j]);
      lower.push(lo);
      upper.push(Math.max(lo, point[j], point[j] + qHi * sd[j]));
    }
    return { level, lower, upper };
  });
}

/** Symmetric normal intervals (used for aggregates, where sums make errors close to normal). */
export function normalIntervals(
  point: ArrayLike<number>,
  sd: ArrayLike<number>,
  levels: number[],
): PredictionInterval[] {
  return buildIntervals({ point, sd, standardisedErrors: new Float64Array(0), levels });
}

/**
 * Count bound for a negative binomial (or Poisson) Y with this mean and variance: the k whose
 * P(Y <= k) is nearest to p (`below`: whose P(Y < k) is nearest to p). Whole-number days make the
 * usual "smallest k with P(Y <= k) >= p" cover far more than asked (a slow mover's 80 % band would
 * cover 95 %), so the nearest bound is taken: coverage is then close to nominal on average.
 */
export function countBound(mean: number, variance: number, p: number, below: boolean): number {
  if (!(mean > 0)) return 0;
  const overdispersed = variance > mean * 1.0001;
  // NB(r, q): mean = r(1−q)/q, variance = mean + mean²/r.
  const r = overdispersed ? (mean * mean) / (variance - mean) : Infinity;
  const q = overdispersed ? r / (r + mean) : 1;
  let pmf = overdispersed ? Math.exp(r * Math.log(q)) : Math.exp(-mean);
  if (!(pmf > 1e-300)) {
    // Far from zero the count is close to normal (and the recursion would start from an underflow).
    return Math.max(0, Math.round(mean + normalQuantile(p) * Math.sqrt(Math.max(variance, mean))));
  }
  // cdfBefore = P(Y <= k − 1), cdf = P(Y <= k)
  let k = 0,
    cdfBefore = 0,
    cdf = pmf;
  const cap = Math.ceil(mean + 50 * Math.sqrt(Math.max(variance, mean)) + 50);
  const value = (): number => (below ? cdfBefore : cdf);
  while (k < cap) {
    const nextPmf = pmf * (overdispersed ? ((k + r) / (k + 1)) * (1 - q) : mean / (k + 1));
    const nextValue = below ? cdf : cdf + nextPmf;
    if (Math.abs(nextValue - p) >= Math.abs(value() - p)) break; // |value − p| falls, then rises
    k++;
    pmf = nextPmf;
    cdfBefore = cdf;
    cdf += nextPmf;
  }
  return k;
}

/**
 * Intervals from the demand distribution for slow movers: a day's demand is a small whole number,
 * so a symmetric band around 0.3 units says little. Bounds are count quantiles with the forecast
 * as mean and sd² as variance (negative binomial when over-dispersed, else Poisson); the upper
 * bound is never below the point forecast.
 */
export function countIntervals(
  point: ArrayLike<number>,
  sd: ArrayLike<number>,
  levels: number[],
): PredictionInterval[] {
  return levels.map((level) => {
    const tail = (1 - level / 100) / 2;
    const lower: number[] = [];
    const upper: number[] = [];
    for (let j = 0; j < point.length; j++) {
      const variance = sd[j] * sd[j];
      lower.push(Math.min(point[j], countBound(point[j], variance, tail, true)));
      upper.push(Math.max(point[j], countBound(point[j], variance, 1 - tail, false)));
    }
    return { level, lower, upper };
  });
}
