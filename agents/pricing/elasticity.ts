// Per-variant constant price elasticity from the shop's own daily history.
//
// Model (Poisson GLM, log link), one per variant, stockout days removed:
//   log E[units_t] = a + e * log(price_t) + dow_t + b * trend_t
// fitted by iteratively reweighted least squares (IRLS). Poisson rather than OLS on log(units) because
// zero-unit days are real information (log(0) is undefined; dropping or padding them biases e).
// Standard errors are quasi-Poisson: the Fisher covariance scaled by the Pearson dispersion (floored at 1),
// so over-dispersed sales do not get falsely tight intervals.
// Each estimate is then shrunk toward a category / pooled prior (empirical Bayes, DerSimonian–Laird
// between-variant variance): posterior mean = precision-weighted average of data and prior.
import { cholesky, choleskyInverse, choleskySolve, zeros, type Matrix } from "./linalg";
import { runSteps, type Steps } from "../core/pace";
import { DAY_MS } from "../core/time";

export interface DailyObservation {
  /** Calendar day, "YYYY-MM-DD". One observation per day per variant. */
  date: string;
  /** Price the variant sold at that day (shop currency, > 0). */
  price: number;
  /** Units sold that day (>= 0). */
  units: number;
  /** false = out of stock that day: excluded, since zero sales then say nothing about price. */
  inStock?: boolean;
}

export interface VariantHistory {
  variantId: string;
  /** Category (product type) used to pool the prior. */
  category?: string;
  observations: readonly DailyObservation[];
}

export type Confidence = "high" | "medium" | "low" | "none";
export const CONFIDENCE_RANK: Record<Confidence, number> = { none: 0, low: 1, medium: 2, high: 3 };

export type FitStatus = "estimated" | "no_price_variation" | "no_sales" | "insufficient_data" | "fit_failed";

export interface RawElasticityFit {
  status: FitStatus;
  /** Why the status is what it is, in words a merchant can act on. */
  message: string;
  observationsUsed: number;
  stockoutDaysExcluded: number;
  distinctPriceLevels: number;
  /** Number of day-to-day price changes among in-stock days (sorted by date). */
  priceChanges: number;
  minPrice: number | null;
  maxPrice: number | null;
  /** Present only when status === "estimated". */
  estimate: number | null;
  se: number | null;
  /** Log demand growth per 365 days from the trend term (null when no trend term was fitted). */
  trendPerYear: number | null;
  /** Pearson dispersion (1 = Poisson); SEs are scaled by max(1, dispersion). */
  dispersion: number | null;
  iterations: number;
}

export interface ElasticityPrior {
  mean: number;
  sd: number;
  /** category: empirical Bayes over the category; pooled: over all variants; given: supplied by caller; default: options.defaultPrior. */
  source: "category" | "pooled" | "given" | "default";
  /** Number of variant estimates the prior was pooled from (0 for given/default). */
  pooledFrom: number;
}

export interface ElasticityEstimate extends RawElasticityFit {
  variantId: string;
  category: string | null;
  prior: ElasticityPrior;
  /** Posterior (shrunk) elasticity: the number to price with. Equals prior.mean when there is no estimate. */
  posterior: number;
  posteriorSe: number;
  /** Share of the posterior that comes from the variant's own data, 0..1 (0 = pure prior). */
  dataWeight: number;
  /** Label from the variant's own evidence (raw SE and number of price changes), not from the prior. */
  confidence: Confidence;
}

export interface ElasticityOptions {
  /** Minimum in-stock days to attempt a fit. Default 21. */
  minObservations?: number;
  /** Standard deviation of the N(0, sd^2) penalty on day-of-week effects; keeps them finite when a weekday never sells. Default 2. */
  weekdayPriorSd?: number;
  /** Fit a linear time trend when the history spans at least this many days. Default 28. */
  minDaysForTrend?: number;
  /** Prior used when fewer than minVariantsForPrior estimates exist to pool from. Default mean -1.5, sd 1. */
  defaultPrior?: { mean: number; sd: number };
  /** Explicit priors by category (e.g. from a previous run or from research); they override pooling. */
  categoryPriors?: Record<string, { mean: number; sd: number }>;
  /** Estimates needed to pool a prior (category or all variants). Default 3. */
  minVariantsForPrior?: number;
  /** Floor on the prior sd, so a small sample that happens to agree cannot force full pooling. Default 0.3. */
  minPriorSd?: number;
  /** Confidence thresholds on the raw SE and number of price changes. */
  confidenceRules?: { highMaxSe: number; highMinChanges: number; mediumMaxSe: number; mediumMinChanges: number };
}

const DEFAULTS = {
  minObservations: 21,
  weekdayPriorSd: 2,
  minDaysForTrend: 28,
  defaultPrior: { mean: -1.5, sd: 1 },
  minVariantsForPrior: 3,
  minPriorSd: 0.3,
  confidenceRules: { highMaxSe: 0.3, highMinChanges: 3, mediumMaxSe: 0.6, mediumMinChanges: 1 },
};

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

interface CleanObservation {
  day: number;
  dow: number;
  price: number;
  units: number;
}

/** Validate and sort one variant's history; throws with the offending index and what to send instead. */
export function cleanObservations(
  observations: readonly DailyObservation[],
  label = "observations",
): { kept: CleanObservation[]; stockoutDays: number } {
  if (!Array.isArray(observations)) throw new Error(`${label}: expected an array of { date, price, units, inStock? }`);
  const kept: CleanObservation[] = [];
  const seen = new Set<number>();
  let stockoutDays = 0;
  observations.forEach((o, i) => {
    const where = `${label}[${i}]`;
    if (typeof o?.date !== "string" || !DATE_RE.test(o.date))
      throw new Error(`${where}.date must be "YYYY-MM-DD", got ${JSON.stringify(o?.date)}`);
    const ts = Date.parse(`${o.date}T00:00:00Z`);
    if (Number.isNaN(ts)) throw new Error(`${where}.date ${o.date} is not a real calendar day`);
    if (!(typeof o.price === "number" && Number.isFinite(o.price) && o.price > 0))
      throw new Error(`${where}.price must be a positive number, got ${JSON.stringify(o.price)}`);
    if (!(typeof o.units === "number" && Number.isFinite(o.units) && o.units >= 0))
      throw new Error(`${where}.units must be a number >= 0, got ${JSON.stringify(o.units)}`);
    const day = Math.round(ts / DAY_MS);
    if (seen.has(day))
      throw new Error(
        `${where}: a second observation for ${o.date}; send one row per day (sum the units, use the day's price)`,
      );
    seen.add(day);
    if (o.inStock === false) {
      stockoutDays++;
      return;
    }
    kept.push({ day, dow: new Date(ts).getUTCDay(), price: o.price, units: o.units });
  });
  kept.sort((a, b) => a.day - b.day);
  return { kept, stockoutDays };
}

function cents(p: number): number {
  return Math.round(p * 100);
}

/** Fit the Poisson log-log model to one variant's history (no shrinkage). */
export function fitElasticity(
  observations: readonly DailyObservation[],
  options: ElasticityOptions = {},
): RawElasticityFit {
  const minObservations = options.minObservations ?? DEFAULTS.minObservations;
  const { kept, stockoutDays } = cleanObservations(observations);
  const levels = new Set(kept.map((o) => cents(o.price)));
  let priceChanges = 0;
  for (let i = 1; i < kept.length; i++) if (cents(kept[i].price) !== cents(kept[i - 1].price)) priceChanges++;
  const base: RawElasticityFit = {
    status: "estimated",
    message: "",
    observationsUsed: kept.length,
    stockoutDaysExcluded: stockoutDays,
    distinctPriceLevels: levels.size,
    priceChanges,
    minPrice: kept.length ? kept.reduce((m, o) => Math.min(m, o.price), Infinity) : null,
    maxPrice: kept.length ? kept.reduce((m, o) => Math.max(m, o.price), -Infinity) : null,
    estimate: null,
    se: null,
    trendPerYear: null,
    dispersion: null,
    iterations: 0,
  };
  if (kept.length < minObservations)
    return {
      ...base,
      status: "insufficient_data",
      message: `${kept.length} in-stock days; at least ${minObservations} are needed to estimate an elasticity`,
    };
  const totalUnits = kept.reduce((s, o) => s + o.units, 0);
  if (totalUnits === 0)
    return {
      ...base,
      status: "no_sales",
      message: "no units sold on any in-stock day: demand, and so its response to price, cannot be measured",
    };
  if (levels.size < 2)
    return {
      ...base,
      status: "no_price_variation",
      message: `the price never changed (${(levels.values().next().value! / 100).toFixed(2)} on every in-stock day): the data cannot tell how demand responds to price`,
    };

  const span = kept[kept.length - 1].day - kept[0].day;
  const useTrend = span >= (options.minDaysForTrend ?? DEFAULTS.minDaysForTrend);
  const fit = poissonIrls(kept, useTrend, options.weekdayPriorSd ?? DEFAULTS.weekdayPriorSd);
  if (!fit)
    return {
      ...base,
      status: "fit_failed",
      message:
        "the regression could not be solved (price is collinear with the trend or weekday pattern); vary prices within weeks or over a longer period",
    };
  return {
    ...base,
    message: `estimated from ${kept.length} in-stock days, ${levels.size} price levels, ${priceChanges} price changes`,
    estimate: fit.elasticity,
    se: fit.se,
    trendPerYear: fit.trendPerYear,
    dispersion: fit.dispersion,
    iterations: fit.iterations,
  };
}

interface IrlsResult {
  elasticity: number;
  se: number;
  trendPerYear: number | null;
  dispersion: number;
  iterations: number;
}

/**
 * Penalised IRLS for the Poisson GLM. Columns: intercept, centred log price, [centred trend in years],
 * seven weekday dummies. All seven dummies are kept and given a weak ridge penalty, which both identifies
 * them (they sum to the intercept) and shrinks them symmetrically instead of toward an arbitrary baseline day.
 */
function poissonIrls(obs: CleanObservation[], useTrend: boolean, weekdayPriorSd: number): IrlsResult | null {
  const n = obs.length;
  const meanLogP = obs.reduce((s, o) => s + Math.log(o.price), 0) / n;
  const meanDay = obs.reduce((s, o) => s + o.day, 0) / n;
  const k = 2 + (useTrend ? 1 : 0) + 7;
  const dowCol = 2 + (useTrend ? 1 : 0);
  const rows: number[][] = obs.map((o) => {
    const r = new Array<number>(k).fill(0);
    r[0] = 1;
    r[1] = Math.log(o.price) - meanLogP;
    if (useTrend) r[2] = (o.day - meanDay) / 365;
    r[dowCol + o.dow] = 1;
    return r;
  });
  const y = obs.map((o) => o.units);
  const penalty = new Array<number>(k).fill(0);
  for (let d = 0; d < 7; d++) penalty[dowCol + d] = 1 / (weekdayPriorSd * weekdayPriorSd);

  let beta = new Array<number>(k).fill(0);
  beta[0] = Math.log(y.reduce((s, v) => s + v, 0) / n);
  const linear = (b: number[]) =>
    rows.map((r) =>
      Math.min(
        30,
        r.reduce((s, x, j) => s + x * b[j], 0),
      ),
    );
  const objective = (b: number[]) => {
    // Penalised deviance: 2 * sum[y log(y/mu) - (y - mu)] + sum(penalty * b^2).
    const eta = linear(b);
    let dev = 0;
    for (let i = 0; i < n; i++) {
      const mu = Math.exp(eta[i]);
      dev += 2 * ((y[i] > 0 ? y[i] * Math.log(y[i] / mu) : 0) - (y[i] - mu));
    }
    for (let j = 0; j < k; j++) dev += penalty[j] * b[j] * b[j];
    return dev;
  };

  let current = objective(beta);
  let info: Matrix | null = null;
  let iterations = 0;
  for (; iterations < 100; iterations++) {
    const eta = linear(beta);
    const xtwx = zeros(k, k);
    const xtwz = new Array<number>(k).fill(0);
    for (let i = 0; i < n; i++) {
      const mu = Math.exp(eta[i]);
      const z = eta[i] + (y[i] - mu) / mu;
      const r = rows[i];
      for (let a = 0; a < k; a++) {
        if (r[a] === 0) continue;
        const wa = mu * r[a];
        xtwz[a] += wa * z;
        for (let b = 0; b <= a; b++) xtwx[a][b] += wa * r[b];
      }
    }
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < a; b++) xtwx[b][a] = xtwx[a][b];
      xtwx[a][a] += penalty[a];
    }
    const l = cholesky(xtwx);
    if (!l) return null;
    info = xtwx;
    let next = choleskySolve(l, xtwz);
    let nextObjective = objective(next);
    // Step halving keeps the penalised deviance monotone when a full Newton step overshoots.
    for (let h = 0; h < 30 && !(nextObjective <= current + 1e-9); h++) {
      next = next.map((v, j) => (v + beta[j]) / 2);
      nextObjective = objective(next);
    }
    const converged = Math.abs(current - nextObjective) < 1e-10 * (Math.abs(nextObjective) + 1);
    beta = next;
    current = nextObjective;
    if (converged) break;
  }
  if (!info) return null;

  // Recompute the information at the final estimate for the covariance.
  const eta = linear(beta);
  const finalInfo = zeros(k, k);
  let pearson = 0;
  for (let i = 0; i < n; i++) {
    const mu = Math.exp(eta[i]);
    pearson += ((y[i] - mu) * (y[i] - mu)) / mu;
    const r = rows[i];
    for (let a = 0; a < k; a++) {
      if (r[a] === 0) continue;
      for (let b = 0; b < k; b++) finalInfo[a][b] += mu * r[a] * r[b];
    }
  }
  for (let a = 0; a < k; a++) finalInfo[a][a] += penalty[a];
  const l = cholesky(finalInfo);
  if (!l) return null;
  const cov = choleskyInverse(l);
  // k - 1 free parameters: the seven dummies plus intercept carry one redundant direction.
  const dof = Math.max(1, n - (k - 1));
  const dispersion = pearson / dof;
  const scale = Math.max(1, dispersion);
  const se = Math.sqrt(cov[1][1] * scale);
  if (!Number.isFinite(beta[1]) || !Number.isFinite(se)) return null;
  return { elasticity: beta[1], se, trendPerYear: useTrend ? beta[2] : null, dispersion, iterations: iterations + 1 };
}

/**
 * Empirical-Bayes prior from a set of variant estimates: DerSimonian–Laird random-effects pooling.
 * mean = precision-weighted mean with weights 1/(se^2 + tau^2); sd^2 = tau^2 + Var(mean), floored at minSd.
 */
export function poolPrior(
  estimates: readonly { estimate: number; se: number }[],
  minSd = DEFAULTS.minPriorSd,
): { mean: number; sd: number; tau: number } {
  if (estimates.length === 0) throw new Error("poolPrior: need at least one { estimate, se }");
  const w = estimates.map((e) => 1 / (e.se * e.se));
  const sw = w.reduce((s, v) => s + v, 0);
  const fixedMean = estimates.reduce((s, e, i) => s + w[i] * e.estimate, 0) / sw;
  const q = estimates.reduce((s, e, i) => s + w[i] * (e.estimate - fixedMean) ** 2, 0);
  const c = sw - w.reduce((s, v) => s + v * v, 0) / sw;
  const tau2 = c > 0 ? Math.max(0, (q - (estimates.length - 1)) / c) : 0;
  const wr = estimates.map((e) => 1 / (e.se * e.se + tau2));
  const swr = wr.reduce((s, v) => s + v, 0);
  const mean = estimates.reduce((s, e, i) => s + wr[i] * e.estimate, 0) / swr;
  const sd = Math.max(minSd, Math.sqrt(tau2 + 1 / swr));
  return { mean, sd, tau: Math.sqrt(tau2) };
}

/** Normal-normal shrinkage: precision-weighted posterior of a raw estimate toward a prior. */
export function shrinkToPrior(
  raw: { estimate: number; se: number } | null,
  prior: { mean: number; sd: number },
): { posterior: number; posteriorSe: number; dataWeight: number } {
  if (!raw) return { posterior: prior.mean, posteriorSe: prior.sd, dataWeight: 0 };
  const dataPrecision = 1 / (raw.se * raw.se);
  const priorPrecision = 1 / (prior.sd * prior.sd);
  const total = dataPrecision + priorPrecision;
  return {
    posterior: (dataPrecision * raw.estimate + priorPrecision * prior.mean) / total,
    posteriorSe: Math.sqrt(1 / total),
    dataWeight: dataPrecision / total,
  };
}

export function confidenceOf(fit: RawElasticityFit, rules = DEFAULTS.confidenceRules): Confidence {
  if (fit.status !== "estimated" || fit.se === null) return "none";
  if (fit.se <= rules.highMaxSe && fit.priceChanges >= rules.highMinChanges) return "high";
  if (fit.se <= rules.mediumMaxSe && fit.priceChanges >= rules.mediumMinChanges) return "medium";
  return "low";
}

/**
 * Fit every variant, build priors (given > category pool > all-variant pool > default) and shrink.
 * A variant's own estimate takes part in its pool, as usual in empirical Bayes.
 */
export function estimateElasticities(
  variants: readonly VariantHistory[],
  options: ElasticityOptions = {},
): ElasticityEstimate[] {
  if (!Array.isArray(variants))
    throw new Error("estimateElasticities: expected an array of { variantId, category?, observations }");
  const ids = new Set<string>();
  const fits = variants.map((v, i) => {
    if (typeof v?.variantId !== "string" || v.variantId === "")
      throw new Error(`variants[${i}].variantId must be a non-empty string`);
    if (ids.has(v.variantId))
      throw new Error(`variants[${i}]: duplicate variantId ${v.variantId}; merge its observations into one entry`);
    ids.add(v.variantId);
    return { variantId: v.variantId, category: v.category, fit: fitVariant(v.variantId, v.observations, options) };
  });
  return shrinkFits(fits, options);
}

/** fitElasticity, with the variant named in its error. */
export function fitVariant(
  variantId: string,
  observations: readonly DailyObservation[],
  options: ElasticityOptions = {},
): RawElasticityFit {
  try {
    return fitElasticity(observations, options);
  } catch (err) {
    throw new Error(`variant ${variantId}: ${(err as Error).message}`);
  }
}

/** One variant's own fit, before shrinkage (fitVariant). */
export interface VariantFit {
  variantId: string;
  category?: string;
  fit: RawElasticityFit;
}

/**
 * The second half of estimateElasticities: priors from the fits and each fit shrunk toward its own.
 * Apart, so a caller with thousands of variants can fit them one at a time (building each history
 * only while it is fitted) and pool the small fits afterwards.
 */
export function shrinkFits(fits: readonly VariantFit[], options: ElasticityOptions = {}): ElasticityEstimate[] {
  return runSteps(shrinkFitsSteps(fits, options));
}

/**
 * shrinkFits as steps (agents/core/pace.ts) that yield per variant: at 250k variants the pooling and
 * the estimates were seconds in one block (issue #19). Same arithmetic in the same order.
 */
export function* shrinkFitsSteps(
  fits: readonly VariantFit[],
  options: ElasticityOptions = {},
): Steps<ElasticityEstimate[]> {
  const minForPrior = options.minVariantsForPrior ?? DEFAULTS.minVariantsForPrior;
  const minSd = options.minPriorSd ?? DEFAULTS.minPriorSd;
  const defaultPrior = options.defaultPrior ?? DEFAULTS.defaultPrior;
  const usable = (f: RawElasticityFit) => f.status === "estimated" && f.estimate !== null && f.se !== null;
  const toPoint = (f: RawElasticityFit) => ({ estimate: f.estimate!, se: f.se! });
  const allPoints: { estimate: number; se: number }[] = [];
  for (const f of fits) {
    yield;
    if (usable(f.fit)) allPoints.push(toPoint(f.fit));
  }
  const pooled = allPoints.length >= minForPrior ? poolPrior(allPoints, minSd) : null;
  const categoryPriors = new Map<string, ElasticityPrior>();
  const byCategory = new Map<string, { estimate: number; se: number }[]>();
  for (const f of fits) {
    yield;
    const c = f.category;
    if (c === undefined || !usable(f.fit)) continue;
    if (!byCategory.has(c)) byCategory.set(c, []);
    byCategory.get(c)!.push(toPoint(f.fit));
  }
  for (const [c, points] of byCategory) {
    yield;
    if (points.length >= minForPrior) {
      const p = poolPrior(points, minSd);
      categoryPriors.set(c, { mean: p.mean, sd: p.sd, source: "category", pooledFrom: points.length });
    }
  }

  const estimates: ElasticityEstimate[] = [];
  for (const { variantId, category: ownCategory, fit } of fits) {
    yield;
    const category = ownCategory ?? null;
    const given = category !== null ? options.categoryPriors?.[category] : undefined;
    const prior: ElasticityPrior = given
      ? { mean: given.mean, sd: given.sd, source: "given", pooledFrom: 0 }
      : ((category !== null ? categoryPriors.get(category) : undefined) ??
        (pooled
          ? { mean: pooled.mean, sd: pooled.sd, source: "pooled", pooledFrom: allPoints.length }
          : { mean: defaultPrior.mean, sd: defaultPrior.sd, source: "default", pooledFrom: 0 }));
    const shrunk = shrinkToPrior(usable(fit) ? toPoint(fit) : null, prior);
    estimates.push({
      ...fit,
      variantId,
      category,
      prior,
      ...shrunk,
      confidence: confidenceOf(fit, options.confidenceRules ?? DEFAULTS.confidenceRules),
    });
  }
  return estimates;
}
