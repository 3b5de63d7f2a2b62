// Coherent forecasts for variant -> product -> store.
//
// Point forecasts are bottom-up: a product is the sum of its variants, the store the sum of its
// products, so every level adds up exactly. Aggregate intervals assume the variants' forecast
// errors are independent: Var(sum) = Σ Var(variant), with normal quantiles (sums of many small
// errors are close to normal). Positively correlated variants (a shared promotion, a substitute
// pair) make true aggregate errors larger, so treat aggregate intervals as a lower bound on width.
// Variants without enough history are not guessed: they are listed in `excluded` and the
// aggregate says `complete: false`.
import { forecastSeries } from "./forecast";
import { normalIntervals } from "./intervals";
import {
  ForecastInputError,
  type ForecastOutcome,
  type ForecastResult,
  type InsufficientHistory,
  type PredictionInterval,
} from "./types";
import { parseIsoDay, validateHorizon } from "./validate";
import { fromEpochDay } from "../core/time";

export interface VariantSeries {
  variantId: string;
  productId: string;
  /** Daily units, oldest first; every series ends on the same day (the last observed day). */
  series: number[];
  stockoutMask?: boolean[];
}

export interface HierarchyOptions {
  horizon: number;
  /** ISO date of the last observed day shared by all series; gives forecast dates. */
  lastObservedDate?: string;
  levels?: number[];
  storeId?: string;
}

export interface ExcludedVariant {
  variantId: string;
  reason: InsufficientHistory["reason"];
  message: string;
}

export interface AggregateForecast {
  ok: true;
  level: "product" | "store";
  id: string;
  /** Variant ids whose forecasts are summed. */
  members: string[];
  excluded: ExcludedVariant[];
  /** False when some variant could not be forecast (the sum covers members only). */
  complete: boolean;
  forecast: number[];
  /** sqrt of the sum of member variances per step (independence assumption). */
  sd: number[];
  intervals: PredictionInterval[];
  dates?: string[];
}

export interface AggregateUnavailable {
  ok: false;
  level: "product" | "store";
  id: string;
  reason: "insufficient_history";
  message: string;
  excluded: ExcludedVariant[];
}

export interface HierarchyForecast {
  store: AggregateForecast | AggregateUnavailable;
  products: Record<string, AggregateForecast | AggregateUnavailable>;
  variants: Record<string, ForecastOutcome>;
}

function aggregate(
  level: "product" | "store",
  id: string,
  parts: { id: string; forecast: number[]; sd: number[] }[],
  excluded: ExcludedVariant[],
  members: string[],
  horizon: number,
  levels: number[],
  dates?: string[],
): AggregateForecast | AggregateUnavailable {
  if (parts.length === 0) {
    return {
      ok: false,
      level,
      id,
      reason: "insufficient_history",
      message: `no ${level === "store" ? "product" : "variant"} of ${id} has enough history to forecast`,
      excluded,
    };
  }
  const forecast = new Array<number>(horizon).fill(0);
  const variance = new Array<number>(horizon).fill(0);
  for (const p of parts) {
    for (let j = 0; j < horizon; j++) {
      forecast[j] += p.forecast[j];
      variance[j] += p.sd[j] * p.sd[j];
    }
  }
  const sd = variance.map(Math.sqrt);
  const result: AggregateForecast = {
    ok: true,
    level,
    id,
    members,
    excluded,
    complete: excluded.length === 0,
    forecast,
    sd,
    intervals: normalIntervals(forecast, sd, levels),
  };
  if (dates) result.dates = dates;
  return result;
}

export function forecastHierarchy(variants: VariantSeries[], opts: HierarchyOptions): HierarchyForecast {
  if (!Array.isArray(variants) || variants.length === 0)
    throw new ForecastInputError("variants", "must be a non-empty array of { variantId, productId, series }");
  validateHorizon(opts?.horizon, "opts.horizon");
  const horizon = opts.horizon;
  const levels = opts.levels ?? [80, 95];
  const lastDay =
    opts.lastObservedDate !== undefined ? parseIsoDay(opts.lastObservedDate, "opts.lastObservedDate") : undefined;
  const dates =
    lastDay !== undefined ? Array.from({ length: horizon }, (_, j) => fromEpochDay(lastDay + 1 + j)) : undefined;

  const seen = new Set<string>();
  const outcomes: Record<string, ForecastOutcome> = {};
  const byProduct = new Map<
    string,
    { ok: { variantId: string; result: ForecastResult }[]; excluded: ExcludedVariant[] }
  >();
  variants.forEach((v, i) => {
    if (typeof v?.variantId !== "string" || v.variantId === "")
      throw new ForecastInputError(`variants[${i}].variantId`, "must be a non-empty string");
    if (typeof v.productId !== "string" || v.productId === "")
      throw new ForecastInputError(`variants[${i}].productId`, "must be a non-empty string");
    if (seen.has(v.variantId))
      throw new ForecastInputError(
        `variants[${i}].variantId`,
        `duplicate variant id ${JSON.stringify(v.variantId)}; send each variant once`,
      );
    seen.add(v.variantId);
    let outcome: ForecastOutcome;
    try {
      outcome = forecastSeries(v.series, {
        horizon,
        stockoutMask: v.stockoutMask,
        levels,
        startDate:
          lastDay !== undefined && Array.isArray(v.series) ? fromEpochDay(lastDay - v.series.length + 1) : undefined,
      });
    } catch (err) {
      if (err instanceof ForecastInputError)
        throw new ForecastInputError(`variants[${i}].${err.field}`, err.message.slice(err.field.length + 2));
      throw err;
    }
    outcomes[v.variantId] = outcome;
    const group = byProduct.get(v.productId) ?? { ok: [], excluded: [] };
    if (outcome.ok) group.ok.push({ variantId: v.variantId, result: outcome });
    else group.excluded.push({ variantId: v.variantId, reason: outcome.reason, message: outcome.message });
    byProduct.set(v.productId, group);
  });

  const products: Record<string, AggregateForecast | AggregateUnavailable> = {};
  const storeParts: { id: string; forecast: number[]; sd: number[] }[] = [];
  const storeMembers: string[] = [];
  const storeExcluded: ExcludedVariant[] = [];
  for (const [productId, group] of byProduct) {
    const parts = group.ok.map((g) => ({ id: g.variantId, forecast: g.result.forecast, sd: g.result.sd }));
    const agg = aggregate(
      "product",
      productId,
      parts,
      group.excluded,
      group.ok.map((g) => g.variantId),
      horizon,
      levels,
      dates,
    );
    products[productId] = agg;
    storeExcluded.push(...group.excluded);
    if (agg.ok) {
      storeParts.push({ id: productId, forecast: agg.forecast, sd: agg.sd });
      storeMembers.push(...agg.members);
    }
  }
  const store = aggregate(
    "store",
    opts.storeId ?? "store",
    storeParts,
    storeExcluded,
    storeMembers,
    horizon,
    levels,
    dates,
  );
  return { store, products, variants: outcomes };
}
