// forecastSeries: classify the series, score candidate models on a holdout by RMSSE, refit the
// winner on the whole history, and attach prediction intervals and the error model.
import { classifyDemand } from "./classify";
import { holtDampedModel, hwAdditiveModel, hwDampedModel, sesModel } from "./ets";
import { buildIntervals, varianceFactors } from "./intervals";
import { crostonModel, sbaModel, tsbModel } from "./intermittent";
import { ModelNotApplicable, SEASON, type FittedModel, type ModelSpec, type SeriesData } from "./model";
import { seasonalNaiveModel, seasonalNaiveScale } from "./seasonal-naive";
import type {
  CandidateScore,
  DemandClass,
  ModelName,
  ForecastOptions,
  ForecastOutcome,
  ForecastResult,
  InsufficientHistory,
} from "./types";
import { parseIsoDay, validateOptions, validateSeries } from "./validate";
import { hwYearlyModel, YEARLY_MIN_DAYS } from "./yearly";
import { fromEpochDay } from "../core/time";

/** Observed (uncensored) days needed before we forecast at all: four full weeks. */
export const MIN_HISTORY_DAYS = 28;
const DEFAULT_LEVELS = [80, 95];
const DEFAULT_MAX_HOLDOUT = 28;
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

function candidatesFor(demandClass: DemandClass, yearly: boolean): ModelSpec[] {
  if (demandClass === "intermittent" || demandClass === "lumpy")
    return [seasonalNaiveModel, crostonModel, sbaModel, tsbModel];
  const list = [seasonalNaiveModel, sesModel, holtDampedModel, hwAdditiveModel, hwDampedModel];
  if (yearly) list.push(hwYearlyModel);
  return list;
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

/** Mean squared error of `forecast` against observed holdout days; NaN when none observed. */
function holdoutMse(full: SeriesData, start: number, forecast: Float64Array): number {
  let s = 0,
    c = 0;
  for (let j = 0; j < forecast.length; j++) {
    const t = start + j;
    if (full.censored && full.censored[t]) continue;
    const e = full.y[t] - forecast[j];
    s += e * e;
    c++;
  }
  return c > 0 ? s / c : NaN;
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

export function forecastSeries(series: number[], opts: ForecastOptions): ForecastOutcome {
  validateSeries(series);
  validateOptions(series, opts);
  const n = series.length;
  const horizon = opts.horizon;
  const levels = opts.levels ?? DEFAULT_LEVELS;
  const censored = opts.stockoutMask ? Uint8Array.from(opts.stockoutMask, (v) => (v ? 1 : 0)) : null;
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

  // --- model selection on a holdout -------------------------------------------------------
  const holdout = holdoutLength(n, horizon, opts.holdoutDays);
  const train: SeriesData = { y: full.y, censored, n: n - holdout };
  const yearly = n >= YEARLY_MIN_DAYS && observedCount(train) >= YEARLY_MIN_OBSERVED;
  const allCandidates = candidatesFor(profile.demandClass, yearly);
  const candidates: ModelSpec[] = [];
  let observedInHoldout = 0;
  for (let t = n - holdout; t < n; t++) if (!censored || !censored[t]) observedInHoldout++;
  const method = observedInHoldout > 0 ? "holdout" : "in_sample";

  let scale = NaN; // set from the seasonal-naive fit, always the first candidate
  const trainFits: FittedModel[] = [];
  const byName = new Map<ModelName, FittedModel>();
  const scores: CandidateScore[] = [];
  const holdoutForecasts: Float64Array[] = [];
  for (const spec of allCandidates) {
    const seeds = (SEED_FROM[spec.name] ?? [])
      .map((name) => byName.get(name)?.params)
      .filter((p): p is Record<string, number> => p !== undefined);
    let fit: FittedModel;
    try {
      fit = spec.fit(train, seeds.length > 0 ? { params: Object.assign({}, ...seeds), local: false } : undefined);
    } catch (err) {
      if (err instanceof ModelNotApplicable) continue;
      throw err;
    }
    byName.set(spec.name, fit);
    if (spec.name === "seasonal_naive") scale = seasonalNaiveScale(train, fit.residuals);
    const fc = floorAtZero(fit.forecast(holdout));
    const mse = method === "holdout" ? holdoutMse(full, n - holdout, fc) : inSampleMse(fit, train.n);
    candidates.push(spec);
    trainFits.push(fit);
    holdoutForecasts.push(fc);
    scores.push({ model: spec.name, rmsse: Math.sqrt(mse / scale) });
  }
  let bestIndex = 0; // seasonal naive first: it keeps ties, so complexity must earn its place
  for (let i = 1; i < scores.length; i++) if (scores[i].rmsse < scores[bestIndex].rmsse) bestIndex = i;
  const bestSpec = candidates[bestIndex];
  const trainFit = trainFits[bestIndex];

  // --- refit on the whole history and forecast ----------------------------------------------
  const fit = bestSpec.fit(full, { params: trainFit.params, local: true });
  const forecast = floorAtZero(fit.forecast(horizon));
  const psi = fit.psi(horizon);
  const stepScale = fit.stepScale(horizon);
  const factors = varianceFactors(psi, stepScale, horizon);

  // σ² pools the final fit's in-sample one-step errors with the holdout errors of the same model.
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
    const hf = varianceFactors(trainFit.psi(holdout), trainFit.stepScale(holdout), holdout);
    const hfc = holdoutForecasts[bestIndex];
    for (let j = 0; j < holdout; j++) {
      const t = n - holdout + j;
      if (censored && censored[t]) continue;
      const e = full.y[t] - hfc[j];
      sumSq += (e * e) / hf[j];
      count++;
    }
  }
  const sigma = count > 0 ? Math.sqrt(sumSq / count) : 0;
  const standardised = sigmaIn > 0 ? Float64Array.from(inSample, (r) => r / sigmaIn).sort() : new Float64Array(0);
  const sd = Array.from(factors, (v) => sigma * Math.sqrt(v));
  const intervals = buildIntervals({ point: forecast, sd, standardisedErrors: standardised, levels });

  const result: ForecastResult = {
    ok: true,
    model: bestSpec.name,
    params: fit.params,
    demandClass: profile.demandClass,
    adi: profile.adi,
    cv2: profile.cv2,
    horizon,
    forecast: Array.from(forecast),
    sd,
    intervals,
    errorModel: { sigma, psi: Array.from(psi), stepScale: Array.from(stepScale) },
    selection: {
      method,
      holdoutDays: holdout,
      scores,
      seasonalNaiveRmsse: scores[0].rmsse,
      scale,
    },
    daysAvailable: observed,
    censoredDays: n - observed,
  };
  if (opts.startDate !== undefined) {
    const first = parseIsoDay(opts.startDate, "opts.startDate") + n;
    result.dates = Array.from({ length: horizon }, (_, j) => fromEpochDay(first + j));
  }
  return result;
}
