// Input checks for the public API. Every error names the field and says what to send instead.
import { DAY_MS } from "../core/time";
import { ForecastInputError, type ForecastOptions, type ModelName } from "./types";

export const MAX_HORIZON = 3650;

export function validateSeries(series: unknown, field = "series"): asserts series is number[] {
  if (!Array.isArray(series))
    throw new ForecastInputError(field, "must be an array of daily quantities (numbers >= 0), oldest first");
  for (let i = 0; i < series.length; i++) {
    const v = series[i];
    if (typeof v !== "number" || !Number.isFinite(v))
      throw new ForecastInputError(`${field}[${i}]`, `must be a finite number, got ${String(v)}`);
    if (v < 0)
      throw new ForecastInputError(
        `${field}[${i}]`,
        `must be >= 0 (units sold per day), got ${v}; send returns separately`,
      );
  }
}

export function validateHorizon(horizon: unknown, field = "horizon"): asserts horizon is number {
  if (typeof horizon !== "number" || !Number.isInteger(horizon) || horizon < 1 || horizon > MAX_HORIZON) {
    throw new ForecastInputError(
      field,
      `must be an integer number of days between 1 and ${MAX_HORIZON}, got ${String(horizon)}`,
    );
  }
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses YYYY-MM-DD into a UTC day number (days since epoch); throws naming the field otherwise. */
export function parseIsoDay(value: unknown, field: string): number {
  const m = typeof value === "string" ? ISO_DATE.exec(value) : null;
  if (m) {
    const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    const d = new Date(ms);
    if (d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]))
      return ms / DAY_MS;
  }
  throw new ForecastInputError(field, `must be a calendar date formatted YYYY-MM-DD, got ${JSON.stringify(value)}`);
}

export function validateOptions(series: number[], opts: unknown): asserts opts is ForecastOptions {
  if (typeof opts !== "object" || opts === null)
    throw new ForecastInputError("opts", "must be an object like { horizon: 28 }");
  const o = opts as Record<string, unknown>;
  validateHorizon(o.horizon, "opts.horizon");
  if (o.stockoutMask !== undefined) {
    const mask = o.stockoutMask;
    if (!Array.isArray(mask) || mask.length !== series.length) {
      throw new ForecastInputError(
        "opts.stockoutMask",
        `must be a boolean array of the series' length (${series.length})`,
      );
    }
    mask.forEach((v, i) => {
      if (typeof v !== "boolean")
        throw new ForecastInputError(`opts.stockoutMask[${i}]`, `must be true or false, got ${String(v)}`);
    });
  }
  if (o.startDate !== undefined) parseIsoDay(o.startDate, "opts.startDate");
  if (o.levels !== undefined) {
    if (!Array.isArray(o.levels) || o.levels.length === 0)
      throw new ForecastInputError("opts.levels", "must be a non-empty array of percentages such as [80, 95]");
    o.levels.forEach((v, i) => {
      if (typeof v !== "number" || !(v > 0 && v < 100))
        throw new ForecastInputError(
          `opts.levels[${i}]`,
          `must be a percentage strictly between 0 and 100, got ${String(v)}`,
        );
    });
  }
  if (o.holdoutDays !== undefined) {
    const h = o.holdoutDays;
    if (typeof h !== "number" || !Number.isInteger(h) || h < 1)
      throw new ForecastInputError("opts.holdoutDays", `must be a positive integer, got ${String(h)}`);
  }
  if (o.origins !== undefined) {
    const k = o.origins;
    if (typeof k !== "number" || !Number.isInteger(k) || k < 1 || k > MAX_ORIGINS)
      throw new ForecastInputError("opts.origins", `must be a whole number from 1 to ${MAX_ORIGINS}, got ${String(k)}`);
  }
  if (o.models !== undefined) {
    if (!Array.isArray(o.models) || o.models.length === 0)
      throw new ForecastInputError(
        "opts.models",
        `must be a non-empty array of model names (${MODEL_NAMES.join(", ")})`,
      );
    o.models.forEach((m, i) => {
      if (typeof m !== "string" || !(MODEL_NAMES as readonly string[]).includes(m))
        throw new ForecastInputError(`opts.models[${i}]`, `must be one of ${MODEL_NAMES.join(", ")}, got ${String(m)}`);
    });
  }
}

export const MAX_ORIGINS = 6;

export const MODEL_NAMES = [
  "seasonal_naive",
  "last_value",
  "recent_mean",
  "weekday_profile",
  "ses",
  "holt_damped",
  "hw_additive",
  "hw_damped",
  "hw_yearly",
  "croston",
  "sba",
  "tsb",
  "adida",
  "combo_mean",
  "combo_median",
] as const satisfies readonly ModelName[];
