// Stored demand forecasts per variant (ADR 0048). The inventory agent forecasts EVERY sold variant of
// the shop in chunks (one chunk's daily series in memory at a time, the forecasts paced) and keeps a
// compact curve per variant: the daily forecast and the sd of the cumulative error per day. That is
// all the stock tools use of a forecast (days of cover, units and interval over a window, reorder
// point and order-up-to level), so they rank and plan a 300k-variant catalog from these rows without
// reading or refitting two years of history per variant.
import { dialect, forEachPackedRow, selectRows } from "../analytics/sql";
import { pacer } from "../core/pace";
import { addDays, daysBetween, nextDay, type IsoDay } from "../core/time";
import type { Db } from "../db/client";
import { salesEndDay } from "../data/catalog";
import {
  cumulativeSd,
  forecastSeries,
  retailCalendar,
  type ForecastOutcome,
  type ForecastResult,
} from "../forecasting";

export const HISTORY_DAYS = 730;
/** Variants per chunk of the sweep: one range read of their daily units, then their forecasts. */
export const SWEEP_CHUNK = 500;
/**
 * Stored rows read per statement by the tools. Prisma's reads run on the event loop with SQLite:
 * 2,000 rows with their curves were ~0.15 s of row mapping (and garbage) in one go.
 */
const READ_PAGE = 500;
/** The agent runs every morning: a day's forecasts plus slack for a late or retried run are current. */
export const FORECASTS_FRESH_MS = 26 * 3_600_000;

/** The events calendar of a history window ending `end`, long enough for `horizon` days after it. */
export const forecastCalendar = (end: IsoDay, horizon: number) =>
  retailCalendar(addDays(end, -(HISTORY_DAYS - 1)), HISTORY_DAYS + horizon);

/**
 * One variant's forecast from its daily units over the HISTORY_DAYS window. A variant sells from its
 * first sale on: the zeros before it existed are not demand. Black Friday to Cyber Monday and the
 * Christmas weeks are left out of fitting and forecast with the variant's own past lift (ADR 0023);
 * a series' events are the calendar's tail.
 */
export function forecastUnits(
  units: number[],
  calendar: (string | null)[],
  horizon: number,
  firstForecastDate: string,
): ForecastOutcome {
  const first = units.findIndex((n) => n > 0);
  const series = first <= 0 ? units : units.slice(first);
  const events = calendar.slice(HISTORY_DAYS - series.length);
  // startDate is the series' first day (the forecast's dates follow its last): passing the first
  // forecast day put a purchase order's stockout dates a history's length too late.
  const startDate = addDays(firstForecastDate as IsoDay, -series.length);
  return forecastSeries(series, { horizon, startDate, events });
}

/** The curve kept per variant: Float32 daily forecast, then Float32 cumulative-error sd per day. */
export function packCurve(f: ForecastResult): Uint8Array<ArrayBuffer> {
  const h = f.forecast.length;
  const out = new Float32Array(2 * h);
  for (let j = 0; j < h; j++) {
    out[j] = f.forecast[j];
    out[h + j] = cumulativeSd(f.errorModel, j + 1);
  }
  return new Uint8Array(out.buffer);
}

export interface StoredForecastRow {
  variantId: string;
  computedAt: Date;
  firstDate: string;
  horizonDays: number;
  model: string | null;
  message: string | null;
  curve: Uint8Array | null;
}

/**
 * A stored row as the forecast outcome the stock tools' arithmetic takes, reaching at least
 * `horizon` days. Its error model reproduces the stored cumulative sd exactly (independent steps
 * whose variances are the increments). Beyond the stored days the forecast repeats the horizon's
 * mean rate and the error keeps growing at the last day's step: the answer says so (forecastDays).
 */
export function outcomeOf(row: StoredForecastRow, horizon: number): ForecastOutcome {
  if (!row.model || !row.curve)
    return {
      ok: false,
      reason: "insufficient_history",
      message: row.message ?? "Not enough sales history to forecast.",
      daysAvailable: 0,
      daysNeeded: 0,
    };
  const h = row.horizonDays;
  // A copy: the bytes of a row need not sit at a 4-byte boundary.
  const values = new Float32Array(Uint8Array.from(row.curve).buffer);
  const forecast = Array.from(values.subarray(0, h));
  const stepScale: number[] = [];
  let previous = 0;
  for (let j = 0; j < h; j++) {
    const sd = values[h + j];
    stepScale.push(Math.sqrt(Math.max(0, sd * sd - previous * previous)));
    previous = sd;
  }
  const length = Math.max(h, horizon);
  if (length > h) {
    const mean = forecast.reduce((a, b) => a + b, 0) / h;
    const step = stepScale[h - 1] ?? 0;
    for (let j = h; j < length; j++) {
      forecast.push(mean);
      stepScale.push(step);
    }
  }
  const result: Pick<ForecastResult, "ok" | "model" | "horizon" | "forecast" | "errorModel"> = {
    ok: true,
    model: row.model as ForecastResult["model"],
    horizon: length,
    forecast,
    errorModel: { sigma: 1, psi: new Array<number>(Math.max(0, length - 1)).fill(0), stepScale },
  };
  // The rest of a ForecastResult (fit parameters, intervals, the backtest) is not kept: nothing the
  // stock tools compute reads it.
  return result as ForecastResult;
}

export interface SweepResult {
  /** Variants that ever sold. */
  variants: number;
  /** False: few enough for the tools to forecast in place, nothing stored. */
  stored: boolean;
  forecast: number;
  insufficientHistory: number;
  horizonDays: number;
  firstForecastDate: string;
  removed: number;
}

/**
 * Forecasts every variant of the shop that ever sold and stores one row each, replacing the previous
 * run's. Chunk by chunk in variant order: a chunk's daily units are summed by the database (a range
 * of the line-item index), forecast, written, and dropped before the next, so memory stays that of
 * one chunk whatever the catalog's size.
 */
export async function forecastSoldVariants(
  db: Db,
  shop: string,
  options: {
    now: Date;
    horizon: number;
    runId: string | null;
    signal?: AbortSignal;
    onChunk?: (done: number, total: number) => Promise<void>;
    chunkSize?: number;
    /** With at most this many sold variants nothing is stored (the tools forecast them in place). */
    storeAbove?: number;
  },
): Promise<SweepResult> {
  const d = dialect();
  const end = await salesEndDay(db, shop, options.now);
  const start = addDays(end, -(HISTORY_DAYS - 1));
  const firstForecastDate = nextDay(end);
  const calendar = forecastCalendar(end, options.horizon);
  // Ordered by the database, so the ranges below follow its own collation.
  const ids = (
    await selectRows<{ v: string }>(
      db,
      `SELECT DISTINCT l."variantId" AS "v" FROM "MirrorLineItem" l WHERE l."shop" = ${d.lit(shop)} AND l."variantId" IS NOT NULL ORDER BY l."variantId"`,
    )
  ).map((r) => r.v);
  const computedAt = options.now;
  if (ids.length <= (options.storeAbove ?? 0)) {
    const removed = (await db.variantForecast.deleteMany({ where: { shop } })).count;
    return {
      variants: ids.length,
      stored: false,
      forecast: 0,
      insufficientHistory: 0,
      horizonDays: options.horizon,
      firstForecastDate,
      removed,
    };
  }
  const size = options.chunkSize ?? SWEEP_CHUNK;
  const pace = pacer();
  let forecast = 0;
  let insufficientHistory = 0;
  for (let at = 0; at < ids.length; at += size) {
    if (options.signal?.aborted) throw new Error("cancelled");
    const chunk = ids.slice(at, at + size);
    const [low, high] = [chunk[0], chunk[chunk.length - 1]];
    const units = new Map<string, number[]>(chunk.map((id) => [id, new Array<number>(HISTORY_DAYS).fill(0)]));
    // As dailySales sums them (cancelled orders left out), for one range of variants.
    await forEachPackedRow(
      db,
      d,
      `SELECT l."variantId" AS "v", l."localDay" AS "day", SUM(l."quantity") AS "units"
FROM "MirrorLineItem" l
WHERE l."shop" = ${d.lit(shop)} AND l."variantId" >= ${d.lit(low)} AND l."variantId" <= ${d.lit(high)}
  AND l."localDay" >= ${d.lit(start)} AND l."localDay" <= ${d.lit(end)}
  AND l."orderId" NOT IN (SELECT o."id" FROM "MirrorOrder" o WHERE o."shop" = ${d.lit(shop)} AND o."cancelledAt" IS NOT NULL AND o."localDay" >= ${d.lit(start)})
GROUP BY l."variantId", l."localDay"`,
      ["units", "day", "v"],
      (row) => {
        const series = units.get(row.text(2));
        if (!series) return;
        const index = daysBetween(start, row.text(1) as IsoDay);
        if (index >= 0 && index < HISTORY_DAYS) series[index] += row.num(0);
      },
    );
    const rows = [];
    for (const id of chunk) {
      await pace();
      const f = forecastUnits(units.get(id)!, calendar, options.horizon, firstForecastDate);
      if (f.ok) forecast++;
      else insufficientHistory++;
      rows.push({
        shop,
        variantId: id,
        computedAt,
        runId: options.runId,
        firstDate: firstForecastDate,
        horizonDays: options.horizon,
        model: f.ok ? f.model : null,
        message: f.ok ? null : f.message,
        curve: f.ok ? packCurve(f) : null,
      });
    }
    await db.variantForecast.deleteMany({ where: { shop, variantId: { gte: low, lte: high } } });
    await insertForecasts(db, d, rows);
    await options.onChunk?.(Math.min(ids.length, at + size), ids.length);
  }
  // Variants that no longer sell (deleted, or their lines gone) keep no forecast of an earlier run.
  const removed = (await db.variantForecast.deleteMany({ where: { shop, computedAt: { lt: computedAt } } })).count;
  return {
    variants: ids.length,
    stored: true,
    forecast,
    insufficientHistory,
    horizonDays: options.horizon,
    firstForecastDate,
    removed,
  };
}

const FORECAST_COLUMNS = [
  "shop",
  "variantId",
  "computedAt",
  "runId",
  "firstDate",
  "horizonDays",
  "model",
  "message",
  "curve",
] as const;

/**
 * A chunk's rows in one INSERT of literals. Through Prisma's createMany the query compiler converted
 * 500 rows' curves value by value on the event loop: 0.3-0.45 s per chunk, the sweep's longest stalls.
 */
async function insertForecasts(
  db: Db,
  d: ReturnType<typeof dialect>,
  rows: Record<(typeof FORECAST_COLUMNS)[number], string | number | Date | null | Uint8Array>[],
): Promise<void> {
  if (!rows.length) return;
  const blob = (bytes: Uint8Array) => {
    const hex = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
    return d.provider === "postgresql" ? `decode('${hex}', 'hex')` : `X'${hex}'`;
  };
  const values = rows.map(
    (row) =>
      `(${FORECAST_COLUMNS.map((c) => (row[c] instanceof Uint8Array ? blob(row[c]) : d.lit(row[c]))).join(", ")})`,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO "VariantForecast" (${FORECAST_COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES ${values.join(", ")}`,
  );
}

export interface StoredForecasts {
  /** Wanted variants with a stored row. */
  found: number;
  /** The oldest and newest computation among the rows read (null: none). */
  oldest: Date | null;
  newest: Date | null;
  firstForecastDate: string | null;
  /** Days the stored forecasts cover. */
  horizonDays: number | null;
}

/**
 * Calls `each` with the stored forecast of every wanted variant that has one, page by page in
 * variant order (a page of rows in memory at a time), pacing the callers' arithmetic.
 */
export async function eachStoredForecast(
  db: Db,
  shop: string,
  /** The variants wanted (a Set, or a Map by variant id: only its keys count). */
  wanted: { has(variantId: string): boolean },
  horizon: number,
  each: (variantId: string, outcome: ForecastOutcome, firstForecastDate: string) => void,
): Promise<StoredForecasts> {
  const summary: StoredForecasts = { found: 0, oldest: null, newest: null, firstForecastDate: null, horizonDays: null };
  const pace = pacer();
  let after: string | null = null;
  for (;;) {
    const page: StoredForecastRow[] = await db.variantForecast.findMany({
      where: { shop, ...(after === null ? {} : { variantId: { gt: after } }) },
      orderBy: { variantId: "asc" },
      take: READ_PAGE,
      select: {
        variantId: true,
        computedAt: true,
        firstDate: true,
        horizonDays: true,
        model: true,
        message: true,
        curve: true,
      },
    });
    for (const row of page) {
      await pace();
      if (!wanted.has(row.variantId)) continue;
      summary.found++;
      if (!summary.oldest || row.computedAt < summary.oldest) summary.oldest = row.computedAt;
      if (!summary.newest || row.computedAt > summary.newest) {
        summary.newest = row.computedAt;
        summary.firstForecastDate = row.firstDate;
        summary.horizonDays = row.horizonDays;
      }
      each(row.variantId, outcomeOf(row, horizon), row.firstDate);
    }
    if (page.length < READ_PAGE) return summary;
    after = page[page.length - 1].variantId;
  }
}
