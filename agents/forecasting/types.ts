// Shared types of the demand forecasting engine. Plain data only, so results can be serialised
// (queues, MCP answers, CSV) without losing anything.

export type ModelName =
  | "seasonal_naive"
  | "last_value"
  | "recent_mean"
  | "weekday_profile"
  | "ses"
  | "holt_damped"
  | "hw_additive"
  | "hw_damped"
  | "hw_yearly"
  | "croston"
  | "sba"
  | "tsb"
  | "adida"
  | "combo_mean"
  | "combo_median";

/** The rules a merchant could apply by hand; the engine's pick never backtests worse than the best of them. */
export const SIMPLE_RULES = ["seasonal_naive", "last_value", "recent_mean"] as const satisfies readonly ModelName[];

/** Syntetos–Boylan demand classes (ADI cut-off 1.32, CV² cut-off 0.49). */
export type DemandClass = "smooth" | "erratic" | "intermittent" | "lumpy";

export interface ForecastOptions {
  /** Days to forecast, integer 1..3650. */
  horizon: number;
  /** Same length as the series; true = stockout day, its value is censored and not fitted. */
  stockoutMask?: boolean[];
  /** ISO date (YYYY-MM-DD) of series[0]; when given, forecast dates are returned. */
  startDate?: string;
  /** Central prediction-interval levels in percent, each in (0, 100). Default [80, 95]. */
  levels?: number[];
  /** Days per backtest origin. Default min(horizon, 28), capped at a quarter of the history. */
  holdoutDays?: number;
  /** Rolling backtest origins (1..6). Default 3, fewer when the history is short. */
  origins?: number;
  /**
   * Calendar events (holidays, promotions): one entry per day of the history and of the horizon
   * (length = series length + horizon), an event name or null. Past event days are left out of
   * fitting like stockout days; each name's factor is learned from its past days and applied to its
   * future days (see events.ts, retailCalendar builds a calendar).
   */
  events?: (string | null)[];
  /**
   * Only these candidates (default: all that suit the series). Seasonal naive is always kept: it is
   * the benchmark and the error scale.
   */
  models?: ModelName[];
}

/** A calendar event's learned effect: forecast × factor on its future days (1 when never seen). */
export interface EventEffect {
  kind: string;
  factor: number;
  /** Past observed days of this event the factor was learned from. */
  pastDays: number;
}

export interface PredictionInterval {
  level: number;
  lower: number[];
  upper: number[];
}

/**
 * The forecast-error model behind the intervals, kept so callers can compute the variance of
 * sums of future days (lead-time demand) exactly instead of adding per-day variances.
 * Error at step j: stepScale[j-1] * (ε_j + Σ_{i=1}^{j-1} psi[i-1] ε_{j-i}), ε iid with sd `sigma`.
 */
export interface ErrorModel {
  sigma: number;
  psi: number[];
  stepScale: number[];
}

export interface CandidateScore {
  model: ModelName;
  rmsse: number;
}

export interface SelectionReport {
  /**
   * "holdout": rolling-origin backtest, `origins` windows of `holdoutDays` each at the end of the
   * history (each forecast from the history before it); "in_sample": no backtest day was observed.
   */
  method: "holdout" | "in_sample";
  holdoutDays: number;
  origins: number;
  /** Every candidate's out-of-sample RMSSE over all origins (in-sample RMSE ratio when method is in_sample). */
  scores: CandidateScore[];
  /** RMSSE of the seasonal-naive benchmark on the same backtest (smooth demand: the winner's is <= this). */
  seasonalNaiveRmsse: number;
  /**
   * The best of the simple rules on the backtest. Smooth demand: the winner's RMSSE is <= its RMSSE.
   * Slow movers: the winner's RMSSE is <= the recent mean's (see forecast.ts, choose()).
   */
  bestSimpleRule: ModelName;
  bestSimpleRmsse: number;
  /** Mean squared in-sample seasonal-naive one-step error used to scale errors. */
  scale: number;
}

export interface ForecastResult {
  ok: true;
  model: ModelName;
  params: Record<string, number>;
  demandClass: DemandClass;
  adi: number;
  cv2: number;
  horizon: number;
  /** ISO dates of each forecast day, present when startDate was given. */
  dates?: string[];
  forecast: number[];
  /** Per-step forecast standard deviation (same units as demand). */
  sd: number[];
  intervals: PredictionInterval[];
  /**
   * "error_quantiles": point ± the empirical quantiles of the standardised errors (smooth demand);
   * "count_distribution": quantiles of a negative binomial (Poisson when not over-dispersed) with
   * the forecast as mean and sd² as variance, for slow movers whose days are small whole numbers.
   */
  intervalMethod: "error_quantiles" | "count_distribution";
  errorModel: ErrorModel;
  selection: SelectionReport;
  daysAvailable: number;
  censoredDays: number;
  /** Present when opts.events was given: each event's factor. */
  events?: EventEffect[];
}

export interface InsufficientHistory {
  ok: false;
  reason: "insufficient_history";
  message: string;
  daysAvailable: number;
  daysNeeded: number;
}

export type ForecastOutcome = ForecastResult | InsufficientHistory;

/** Thrown for invalid input; `field` names the offending argument (e.g. "series[12]"). */
export class ForecastInputError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = "ForecastInputError";
    this.field = field;
  }
}
