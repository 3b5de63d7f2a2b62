// The contract every candidate model implements. Internal: callers use forecastSeries().
import type { ModelName } from "./types";

/** A series prepared for fitting: values plus censored flags (1 = stockout day, not fitted). */
export interface SeriesData {
  y: Float64Array;
  censored: Uint8Array | null;
  /** Number of leading days to use (the rest is held out). */
  n: number;
}

export interface FittedModel {
  name: ModelName;
  params: Record<string, number>;
  /** One-step in-sample errors in the model's working units; NaN where none (censored, warm-up). */
  residuals: Float64Array;
  /** Point forecasts for the next h days (may be negative; the caller floors at zero). */
  forecast(h: number): Float64Array;
  /** psi weights c_1..c_{h-1}: how a shock i days back moves today's forecast error. */
  psi(h: number): Float64Array;
  /** Multiplier from working units to demand units per step (1 except for the yearly model). */
  stepScale(h: number): Float64Array;
  /**
   * Optional shortcut for the later origins of a backtest: the forecast after running this model,
   * with the same parameters, on through day `end − 1` of `data` (a longer view of the same series).
   * Same answer as refitting with fixed parameters, in a pass over the extra days only.
   */
  advance?(data: SeriesData, end: number): (h: number) => Float64Array;
}

/**
 * Where a parameter search starts. `local: true` = refit of parameters found on a shorter
 * window (small steps, few evaluations); `local: false` = seed from a related model's fit
 * (e.g. Holt-Winters damped from Holt-Winters), replacing the coarse grid.
 */
export interface FitStart {
  params: Record<string, number>;
  local: boolean;
  /**
   * Use `params` as they are, no search: the later origins of a rolling-origin backtest reuse the
   * parameters found at the first origin, so each extra origin costs one pass over the data.
   */
  fixed?: boolean;
}

export interface ModelSpec {
  name: ModelName;
  fit(data: SeriesData, start?: FitStart): FittedModel;
}

export const SEASON = 7;

export function ones(h: number): Float64Array {
  return new Float64Array(h).fill(1);
}

/** Thrown by a model that cannot be fitted to this data (e.g. no yearly profile); the candidate is skipped. */
export class ModelNotApplicable extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ModelNotApplicable";
  }
}
