// Daily revenue forecast with the demand-forecasting engine (agents/forecasting), plus an honest
// backtest: the same method fitted without the last weeks and scored on them, next to the
// seasonal-naive benchmark (same weekday last week) so the accuracy figure has a yardstick.
// The engine already never picks a model that loses to seasonal naive on its own rolling-origin
// backtest; when it still loses on this separate backtest (the last weeks, unseen by its choice),
// the forecast falls back to seasonal naive rather than use the model that just lost.
import { cumulativeSd, forecastSeries, retailCalendar, type EventEffect, type ForecastResult } from "../forecasting";
import { DAY_MS, isoDay } from "../core/time";

export interface RevenueBacktest {
  /** Days held back from fitting and forecast. */
  days: number;
  from: string;
  to: string;
  actual: number;
  forecast: number;
  /** Σ|forecast − actual| / Σ actual over the held-back days (daily error as a share of revenue). */
  wape: number;
  /** (Σ forecast − Σ actual) / Σ actual: over- (+) or under- (−) forecast of the total. */
  totalError: number;
  /** Share of held-back days whose revenue fell inside the 80% interval (about 0.8 when the bands are honest). */
  coverage80: number;
  /** WAPE of repeating the last observed week, the benchmark the method should beat. */
  seasonalNaiveWape: number;
  /** The model the engine chose on the history before the backtest window. */
  model: string;
}

export interface RevenueForecast {
  history: { from: string; to: string; days: number };
  method: {
    model: string;
    demandClass: string;
    params: Record<string, number>;
    selection: ForecastResult["selection"];
    /** True when the engine's pick lost to seasonal naive on the backtest and seasonal naive is used instead. */
    fellBackToSeasonalNaive: boolean;
  };
  daily: { date: string; revenue: number; lo80: number; hi80: number; lo95: number; hi95: number }[];
  total: { revenue: number; lo80: number; hi80: number };
  backtest: RevenueBacktest | { skipped: string };
  /** The calendar's effects (holidays, promotions) learned from the history: factor per event kind. */
  events: EventEffect[];
}

/** Promotion periods (inclusive ISO days): the shop's past ones and any it has scheduled in the horizon. */
export type PromotionDays = { from: string; to: string }[];

/** Central 80% of a normal distribution: the sum of many days is close to normal even when single days are not. */
const Z80 = 1.2815515655446004;
/** Backtest only when, after holding days back, the engine still has eight weeks to learn from. */
const MIN_TRAIN_FOR_BACKTEST = 56;

function intervalOf(result: ForecastResult, level: number) {
  const interval = result.intervals.find((i) => i.level === level);
  if (!interval) throw new Error(`the forecast has no ${level}% interval`);
  return interval;
}

function backtest(
  revenue: number[],
  startDate: string,
  horizon: number,
  promotions: PromotionDays,
): RevenueBacktest | { skipped: string } {
  const days = Math.min(horizon, 28);
  const trainDays = revenue.length - days;
  if (trainDays < MIN_TRAIN_FOR_BACKTEST) {
    return {
      skipped: `A backtest holds back ${days} days and still needs ${MIN_TRAIN_FOR_BACKTEST} days to fit; there are ${revenue.length} days of history.`,
    };
  }
  const train = revenue.slice(0, trainDays);
  const held = revenue.slice(trainDays);
  const result = forecastSeries(train, {
    horizon: days,
    levels: [80],
    events: retailCalendar(startDate, trainDays + days, promotions),
  });
  if (!result.ok)
    return { skipped: `The method could not be fitted on the history before the backtest window: ${result.message}.` };
  const actual = held.reduce((s, v) => s + v, 0);
  if (actual <= 0) return { skipped: "There was no revenue in the backtest window to score against." };
  const band = intervalOf(result, 80);
  let absError = 0,
    inside = 0,
    naiveError = 0;
  held.forEach((value, j) => {
    absError += Math.abs(result.forecast[j] - value);
    if (value >= band.lower[j] && value <= band.upper[j]) inside++;
    naiveError += Math.abs(train[trainDays - 7 + (j % 7)] - value);
  });
  const forecast = result.forecast.reduce((s, v) => s + v, 0);
  const start = Date.parse(`${startDate}T00:00:00Z`) + trainDays * DAY_MS;
  return {
    days,
    from: isoDay(start),
    to: isoDay(start + (days - 1) * DAY_MS),
    actual,
    forecast,
    wape: absError / actual,
    totalError: (forecast - actual) / actual,
    coverage80: inside / days,
    seasonalNaiveWape: naiveError / actual,
    model: result.model,
  };
}

/**
 * Forecasts `horizon` days of revenue after the last day of `revenue` (daily totals, oldest first, every day
 * present, starting on `startDate`). Returns the engine's refusal unchanged when the history is too short.
 */
export function forecastRevenue(
  revenue: number[],
  startDate: string,
  horizon: number,
  promotions: PromotionDays = [],
): RevenueForecast | { ok: false; message: string; daysAvailable: number; daysNeeded: number } {
  // Black Friday to Cyber Monday, the Christmas weeks and the shop's promotions are left out of
  // fitting and forecast with the factor the shop's own past ones show (ADRs 0023, 0032).
  const events = retailCalendar(startDate, revenue.length + horizon, promotions);
  const engine = forecastSeries(revenue, { horizon, startDate, levels: [80, 95], events });
  if (!engine.ok)
    return { ok: false, message: engine.message, daysAvailable: engine.daysAvailable, daysNeeded: engine.daysNeeded };
  const check = backtest(revenue, startDate, horizon, promotions);
  const fellBack = !("skipped" in check) && check.wape > check.seasonalNaiveWape;
  const fallback = fellBack
    ? forecastSeries(revenue, { horizon, startDate, levels: [80, 95], models: ["seasonal_naive"], events })
    : engine;
  if (!fallback.ok) throw new Error(`seasonal naive could not forecast a series the engine could: ${fallback.message}`);
  const result = fallback;
  const i80 = intervalOf(result, 80);
  const i95 = intervalOf(result, 95);
  const total = result.forecast.reduce((s, v) => s + v, 0);
  // The days' errors are correlated (a shared level shock moves every later day), so the total's spread comes from
  // the engine's error model, not from adding the daily variances.
  const spread = Z80 * cumulativeSd(result.errorModel, horizon);
  const start = Date.parse(`${startDate}T00:00:00Z`);
  return {
    history: { from: startDate, to: isoDay(start + (revenue.length - 1) * DAY_MS), days: revenue.length },
    method: {
      model: result.model,
      demandClass: result.demandClass,
      params: result.params,
      selection: result.selection,
      fellBackToSeasonalNaive: fellBack,
    },
    daily: result.forecast.map((revenueOfDay, j) => ({
      date: result.dates![j],
      revenue: revenueOfDay,
      lo80: i80.lower[j],
      hi80: i80.upper[j],
      lo95: i95.lower[j],
      hi95: i95.upper[j],
    })),
    total: { revenue: total, lo80: Math.max(0, total - spread), hi80: total + spread },
    backtest: check,
    events: result.events ?? [],
  };
}
