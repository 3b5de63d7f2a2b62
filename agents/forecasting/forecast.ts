// forecastSeries: classify the series, score the candidate models, the simple rules and their
// combinations on a rolling-origin backtest by RMSSE, refit the winner on the whole history, and
// attach prediction intervals and the error model.
import { classifyDemand } from "./classify";
import { combineArrays, combineFits, type CombinationSpec } from "./combine";
import { eventEffects, validateEvents } from "./events";
import { holtDampedModel, hwAdditiveModel, hwDampedModel, sesModel } from "./ets";
import { buildIntervals, countIntervals, varianceFactors } from "./intervals";
import { adidaModel, crostonModel, sbaModel, tsbModel } from "./intermittent";
import { ModelNotApplicable, SEASON, type FittedModel, type ModelSpec, type SeriesData } from "./model";
import { seasonalNaiveModel, seasonalNaiveScale } from "./seasonal-naive";
import { lastValueModel, recentMeanModel, weekdayProfileModel } from "./simple";
import {
  SIMPLE_RULES,
  type CandidateScore,
  type DemandClass,
  type ModelName,
  type ForecastOptions,
  type ForecastOutcome,
  type ForecastResult,
  type InsufficientHistory,
} from "./types";
import { parseIsoDay, validateOptions, validateSeries } from "./validate";
import { hwYearlyModel, YEARLY_MIN_DAYS } from "./yearly";
import { fromEpochDay } from "../core/time";

/** Observed (uncensored) days needed before we forecast at all: four full weeks. */
export const MIN_HISTORY_DAYS = 28;
const DEFAULT_LEVELS = [80, 95];
const DEFAULT_MAX_HOLDOUT = 28;
const DEFAULT_ORIGINS = 3;
/** The yearly profile needs most of two years actually observed, not just a long calendar span. */
const YEARLY_MIN_OBSERVED = Math.ceil(YEARLY_MIN_DAYS * 0.75);

/**
 * Related models start their parameter search where a simpler one ended instead of on a grid
 * (later entries override earlier ones): same answers in far fewer SSE passes.
 */
const SEED_FROM: Partial<Record<ModelName, ModelName[]>> = {
  holt_damped: ["ses"],
  hw_damped: ["holt_damped", "hw_additive"],
  hw_yearly: ["hw_additive"],
};

const SIMPLE: ModelSpec[] = [seasonalNaiveModel, lastValueModel, recentMeanModel];

/** Seasonal naive first (it scales the errors), then the other simple rules, then the models: ties keep the simpler. */
function modelsFor(demandClass: DemandClass, yearly: boolean): ModelSpec[] {
  if (demandClass === "intermittent" || demandClass === "lumpy")
    return [...SIMPLE, crostonModel, sbaModel, tsbModel, adidaModel];
  const list = [...SIMPLE, weekdayProfileModel, sesModel, holtDampedModel, hwAdditiveModel, hwDampedModel];
  if (yearly) list.push(hwYearlyModel);
  return list;
}

/**
 * Combinations per demand class (members that could not be fitted are left out; a combination
 * needs at least two). Intermittent: the methods built for it plus the recent mean. Smooth: the
 * mean of the exponential-smoothing family and the weekday profile, and a robust median over all.
 */
function combinationsFor(demandClass: DemandClass): CombinationSpec[] {
  if (demandClass === "intermittent" || demandClass === "lumpy")
    return [{ name: "combo_mean", how: "mean", members: ["tsb", "adida", "recent_mean"] }];
  return [
    { name: "combo_mean", how: "mean", members: ["weekday_profile", "ses", "hw_additive", "hw_damped", "hw_yearly"] },
    {
      name: "combo_median",
      how: "median",
      members: ["seasonal_naive", "recent_mean", "weekday_profile", "ses", "holt_damped", "hw_additive", "hw_damped"],
    },
  ];
}

function observedCount(data: SeriesData): number {
  if (!data.censored) return data.n;
  let c = 0;
  for (let t = 0; t < data.n; t++) if (!data.censored[t]) c++;
  return c;
}

function insufficient(message: string, daysAvailable: number): InsufficientHistory {
  return { ok: false, reason: "insufficient_history", message, daysAvailable, daysNeeded: MIN_HISTORY_DAYS };
}

function floorAtZero(values: Float64Array): Float64Array {
  for (let i = 0; i < values.length; i++) if (values[i] < 0) values[i] = 0;
  return values;
}

function inSampleMse(fit: FittedModel, n: number): number {
  let s = 0,
    c = 0;
  for (let t = SEASON; t < n; t++) {
    const r = fit.residuals[t];
    if (!Number.isNaN(r)) {
      s += r * r;
      c++;
    }
  }
  return c > 0 ? s / c : Infinity;
}

export function holdoutLength(n: number, horizon: number, requested?: number): number {
  const wanted = requested ?? Math.min(horizon, DEFAULT_MAX_HOLDOUT);
  return Math.max(1, Math.min(wanted, Math.floor(n / 4)));
}

/** Backtest origins: as many as asked while the first one still leaves half the history to fit on. */
export function originCount(n: number, holdout: number, requested?: number): number {
  const wanted = requested ?? DEFAULT_ORIGINS;
  return Math.max(1, Math.min(wanted, Math.floor(n / 2 / holdout)));
}

/** One candidate's backtest: its forecasts at each origin (floored at 0) and the fit at the first origin. */
interface Backtested {
  name: ModelName;
  spec?: ModelSpec;
  combination?: CombinationSpec;
  firstFit?: FittedModel;
  forecasts: Float64Array[];
  mse: number;
}

/**
 * Which candidate to use. Smooth demand: the lowest backtest RMSSE (the simple rules come first, so
 * a model must beat them to be chosen at all, and the choice never backtests worse than the best
 * of them). Slow movers: picking the lowest of many noisy scores on a few sales overfits (seasonal
 * naive or the last value win whenever the backtest weeks happened to be empty, then miss the next
 * sales), so the combination of the intermittent methods is used unless the recent mean, the simple
 * rule that suits slow movers, beat it on the backtest (measured on Olist: docs/decisions/0023).
 */
function choose(scores: CandidateScore[], slowMover: boolean): number {
  const combination = scores.findIndex((s) => s.model === "combo_mean");
  const recentMean = scores.findIndex((s) => s.model === "recent_mean");
  if (slowMover && combination >= 0 && recentMean >= 0)
    return scores[recentMean].rmsse < scores[combination].rmsse ? recentMean : combination;
  let best = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i].rmsse < scores[best].rmsse) best = i;
  return best;
}

export function forecastSeries(series: number[], opts: ForecastOptions): ForecastOutcome {
  validateSeries(series);
  validateOptions(series, opts);
  const n = series.length;
  const horizon = opts.horizon;
  const levels = opts.levels ?? DEFAULT_LEVELS;
  const stockout = opts.stockoutMask ? Uint8Array.from(opts.stockoutMask, (v) => (v ? 1 : 0)) : null;
  if (opts.events !== undefined) validateEvents(opts.events, n + horizon);
  const events = opts.events;
  // Event days are left out of fitting and scoring like stockout days: models learn ordinary days.
  const censored = events
    ? Uint8Array.from({ length: n }, (_, t) => ((stockout && stockout[t]) || events[t] !== null ? 1 : 0))
    : stockout;
  const full: SeriesData = { y: Float64Array.from(series), censored, n };

  const observed = observedCount(full);
  if (observed < MIN_HISTORY_DAYS) {
    return insufficient(
      `only ${observed} observed (non-stockout) days; need at least ${MIN_HISTORY_DAYS} to fit and validate a model`,
      observed,
    );
  }
  const profile = classifyDemand(full);
  if (profile.demandDays === 0) {
    return insufficient(
      `all ${observed} observed days have zero demand; there is no demand signal to forecast from`,
      observed,
    );
  }

  // --- rolling-origin backtest ------------------------------------------------------------------
  // Origins at n − k·h (k = K..1): each window of h days is forecast from the history before it.
  // Parameters are searched once, at the first origin; later origins reuse them (one pass each).
  const holdout = holdoutLength(n, horizon, opts.holdoutDays);
  const slowMover = profile.demandClass === "intermittent" || profile.demandClass === "lumpy";
  const origins = originCount(n, holdout, opts.origins);
  const ends = Array.from({ length: origins }, (_, i) => n - (origins - i) * holdout);
  const first: SeriesData = { y: full.y, censored, n: ends[0] };
  const yearly = n >= YEARLY_MIN_DAYS && observedCount(first) >= YEARLY_MIN_OBSERVED;
  const allowed = opts.models ? new Set<ModelName>(["seasonal_naive", ...opts.models]) : null;
  const specs = modelsFor(profile.demandClass, yearly).filter((s) => !allowed || allowed.has(s.name));
  let observedInBacktest = 0;
  for (let t = ends[0]; t < n; t++) if (!censored || !censored[t]) observedInBacktest++;
  const method = observedInBacktest > 0 ? "holdout" : "in_sample";

  const squaredError = (forecasts: Float64Array[]): number => {
    let s = 0,
      c = 0;
    forecasts.forEach((fc, k) => {
      for (let j = 0; j < holdout; j++) {
        const t = ends[k] + j;
        if (censored && censored[t]) continue;
        const e = full.y[t] - fc[j];
        s += e * e;
        c++;
      }
    });
    return c > 0 ? s / c : NaN;
  };

  let scale = NaN; // set from the seasonal-naive fit, always the first candidate
  const tested: Backtested[] = [];
  const byName = new Map<ModelName, Backtested>();
  for (const spec of specs) {
    const seeds = (SEED_FROM[spec.name] ?? [])
      .map((name) => byName.get(name)?.firstFit?.params)
      .filter((p): p is Record<string, number> => p !== undefined);
    let firstFit: FittedModel;
    const forecasts: Float64Array[] = [];
    try {
      firstFit = spec.fit(first, seeds.length > 0 ? { params: Object.assign({}, ...seeds), local: false } : undefined);
      forecasts.push(floorAtZero(firstFit.forecast(holdout)));
      for (let k = 1; k < origins; k++) {
        const forecastAt = firstFit.advance
          ? firstFit.advance(full, ends[k])
          : spec.fit({ y: full.y, censored, n: ends[k] }, { params: firstFit.params, local: false, fixed: true })
              .forecast;
        forecasts.push(floorAtZero(forecastAt(holdout)));
      }
    } catch (err) {
      if (err instanceof ModelNotApplicable) continue;
      throw err;
    }
    if (spec.name === "seasonal_naive") scale = seasonalNaiveScale(first, firstFit.residuals);
    const mse = method === "holdout" ? squaredError(forecasts) : inSampleMse(firstFit, first.n);
    const entry: Backtested = { name: spec.name, spec, firstFit, forecasts, mse };
    tested.push(entry);
    byName.set(spec.name, entry);
  }
  if (method === "holdout") {
    for (const combination of combinationsFor(profile.demandClass)) {
      if (allowed && !allowed.has(combination.name)) continue;
      const members = combination.members.map((m) => byName.get(m)).filter((m): m is Backtested => m !== undefined);
      if (members.length < 2) continue;
      const forecasts = ends.map((_, k) =>
        combineArrays(
          members.map((m) => m.forecasts[k]),
          combination.how,
        ),
      );
      const entry: Backtested = { name: combination.name, combination, forecasts, mse: squaredError(forecasts) };
      tested.push(entry);
      byName.set(combination.name, entry);
    }
  }
  const scores: CandidateScore[] = tested.map((c) => ({ model: c.name, rmsse: Math.sqrt(c.mse / scale) }));
  let bestSimple = 0;
  for (let i = 1; i < scores.length; i++)
    if ((SIMPLE_RULES as readonly string[]).includes(scores[i].model) && scores[i].rmsse < scores[bestSimple].rmsse)
      bestSimple = i;
  const bestIndex = choose(scores, slowMover);
  const best = tested[bestIndex];

  // --- refit on the whole history and forecast ----------------------------------------------
  const refit = (entry: Backtested): FittedModel =>
    entry.spec!.fit(full, { params: entry.firstFit!.params, local: true });
  let fit: FittedModel;
  if (best.combination) {
    const spec = best.combination;
    const members = spec.members.map((m) => byName.get(m)).filter((m): m is Backtested => m !== undefined);
    fit = combineFits(spec, members.map(refit));
  } else fit = refit(best);
  const forecast = floorAtZero(fit.forecast(horizon));
  const psi = fit.psi(horizon);
  const stepScale = fit.stepScale(horizon);
  const effects = events ? eventEffects(full.y, n, stockout, events) : undefined;
  if (events && effects) {
    const factorOf = new Map(effects.map((e) => [e.kind, e.factor]));
    for (let j = 0; j < horizon; j++) {
      const kind = events[n + j];
      if (kind === null) continue;
      const f = factorOf.get(kind) ?? 1;
      forecast[j] *= f;
      stepScale[j] *= f;
    }
  }
  const factors = varianceFactors(psi, stepScale, horizon);

  // σ² pools the final fit's in-sample one-step errors with the backtest errors of the same model
  // (each standardised by the variance factor of its step), so a backtest that went worse than the
  // in-sample fit widens the bands.
  let sumSq = 0,
    count = 0;
  const inSample: number[] = [];
  for (let t = SEASON; t < n; t++) {
    const r = fit.residuals[t];
    if (Number.isNaN(r)) continue;
    inSample.push(r);
    sumSq += r * r;
    count++;
  }
  const sigmaIn = count > 0 ? Math.sqrt(sumSq / count) : 0;
  if (method === "holdout") {
    const hf = varianceFactors(fit.psi(holdout), fit.stepScale(holdout), holdout);
    best.forecasts.forEach((fc, k) => {
      for (let j = 0; j < holdout; j++) {
        const t = ends[k] + j;
        if (censored && censored[t]) continue;
        const e = full.y[t] - fc[j];
        sumSq += (e * e) / hf[j];
        count++;
      }
    });
  }
  const sigma = count > 0 ? Math.sqrt(sumSq / count) : 0;
  const sd = Array.from(factors, (v) => sigma * Math.sqrt(v));
  const intervals = slowMover
    ? countIntervals(forecast, sd, levels)
    : buildIntervals({
        point: forecast,
        sd,
        standardisedErrors: sigmaIn > 0 ? Float64Array.from(inSample, (r) => r / sigmaIn).sort() : new Float64Array(0),
        levels,
      });

  const result: ForecastResult = {
    ok: true,
    model: best.name,
    params: fit.params,
    demandClass: profile.demandClass,
    adi: profile.adi,
    cv2: profile.cv2,
    horizon,
    forecast: Array.from(forecast),
    sd,
    intervals,
    intervalMethod: slowMover ? "count_distribution" : "error_quantiles",
    errorModel: { sigma, psi: Array.from(psi), stepScale: Array.from(stepScale) },
    selection: {
      method,
      holdoutDays: holdout,
      origins,
      scores,
      seasonalNaiveRmsse: scores[0].rmsse,
      bestSimpleRule: scores[bestSimple].model,
      bestSimpleRmsse: scores[bestSimple].rmsse,
      scale,
    },
    daysAvailable: observed,
    censoredDays: n - observed,
  };
  if (effects) result.events = effects;
  if (opts.startDate !== undefined) {
    const firstDay = parseIsoDay(opts.startDate, "opts.startDate") + n;
    result.dates = Array.from({ length: horizon }, (_, j) => fromEpochDay(firstDay + j));
  }
  return result;
}
