// InventoryForecastingAgent's tools: demand forecasts, stockout risks, purchase orders, and stock
// adjustments through the approval path.
import { DEFAULT_LEAD_TIME_DAYS } from "../purchasing/terms";
import { z } from "zod";
import { proposalOutput, proposalResult, proposeAction } from "../actions/actions";
import { type ToolContext } from "../core/context";
import { fail, ok } from "../core/result";
import { IN_CHUNK } from "../db/chunk";
import { dialect, selectRows } from "../analytics/sql";
import { defineTool } from "../core/tool";
import { pacedFilter, pacedMap, pacer } from "../core/pace";
import { dailySales, loadCatalog, salesEndDay, type CatalogVariant } from "../data/catalog";
import {
  cumulativeSd,
  daysOfCover,
  expectedStockoutDate,
  reorderPlan,
  type ForecastOutcome,
  type InventoryItem,
  type ReorderPlan,
  type VendorOrder,
  type VendorTerms,
} from "../forecasting";
import { HOUR_MS, nextDay } from "../core/time";
import { roundMoney } from "../core/money";
import {
  eachStoredForecast,
  FORECASTS_FRESH_MS,
  forecastCalendar,
  forecastUnits,
  HISTORY_DAYS,
  type StoredForecasts,
} from "./forecasts";
import { onOrderByVariant } from "../purchasing/orders";
import { reconcileReceipts } from "../purchasing/receiving";
import { vendorTerms } from "../purchasing/vendors";
import { shopLocations } from "../purchasing/locations";
import { variantName } from "../findings/words";

/**
 * Sold variants forecast in place by the stock tools; a catalog with more is answered from the
 * inventory agent's stored forecasts of every sold variant (ADR 0048), never a slice of it.
 */
export const DIRECT_FORECAST_LIMIT = 2_000;
/** Skipped variants listed by name in a plan from stored forecasts (the count says how many in all). */
const SKIPPED_LISTED = 200;

const selector = {
  skus: z.array(z.string().min(1)).max(200).optional().describe("Variant SKUs to include (exact match)"),
  productIds: z
    .array(z.string())
    .max(200)
    .optional()
    .describe("Product ids (numeric part of the GID) whose variants to include"),
};

async function selectVariants(ctx: ToolContext, input: { skus?: string[]; productIds?: string[] }) {
  const catalog = await loadCatalog(ctx.db, ctx.shop, { skus: input.skus, productIds: input.productIds });
  if (input.skus) {
    const known = new Set(catalog.map((v) => v.sku));
    const unknown = input.skus.filter((s) => !known.has(s));
    if (unknown.length)
      return fail(
        "not_found",
        `Unknown SKU${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}.`,
        "Use SKUs exactly as in the catalog (search_products lists them).",
      );
  }
  if (catalog.length === 0)
    return fail(
      "insufficient_data",
      "No variants are synced for this shop yet.",
      "Sync the store from the Shopify page, then try again.",
    );
  return ok(catalog);
}

async function forecastVariants(ctx: ToolContext, variants: CatalogVariant[], horizon: number) {
  const end = await salesEndDay(ctx.db, ctx.shop, ctx.now());
  const sales = await dailySales(ctx.db, ctx.shop, {
    days: HISTORY_DAYS,
    end,
    variantIds: variants.map((v) => v.variantId),
  });
  const firstForecastDate = nextDay(end);
  const calendar = forecastCalendar(end, horizon);
  const results = new Map<string, ForecastOutcome>();
  // Thousands of model selections are seconds of CPU on a big store: a turn for the event loop
  // between them (the worker's lock renewals and health answers would wait otherwise).
  const pace = pacer();
  for (const variant of variants) {
    await pace();
    results.set(
      variant.variantId,
      forecastUnits(sales.units.get(variant.variantId)!, calendar, horizon, firstForecastDate),
    );
  }
  return { results, firstForecastDate, historyEnd: end };
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export const forecastDemand = defineTool({
  name: "forecast_demand",
  title: "Forecast demand",
  description:
    "Forecasts daily units sold per variant for the next horizonDays from the shop's own order history, choosing per variant the model with the lowest out-of-sample error (seasonal naive, exponential smoothing with trend and weekly/yearly seasonality, Croston/SBA/TSB for intermittent demand). Returns totals with 80% and 95% intervals, the model and its accuracy versus seasonal naive. Variants with too little history are listed with the reason instead of a made-up forecast.",
  capability: "inventory",
  input: z.object({
    ...selector,
    horizonDays: z.number().int().min(1).max(180).default(28).describe("Days ahead to forecast (1-180)"),
  }),
  output: z.object({
    historyEnd: z.string(),
    firstForecastDate: z.string(),
    horizonDays: z.number(),
    forecasts: z.array(
      z.object({
        sku: z.string().nullable(),
        variantId: z.string(),
        product: z.string(),
        model: z.string(),
        demandClass: z.string(),
        totalUnits: z.number(),
        lo80: z.number(),
        hi80: z.number(),
        lo95: z.number(),
        hi95: z.number(),
        dailyMean: z.number(),
        rmsseVsSeasonalNaive: z.number().nullable(),
        daily: z.array(z.number()),
      }),
    ),
    insufficientHistory: z.array(z.object({ sku: z.string().nullable(), variantId: z.string(), message: z.string() })),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true },
  changesStore: false,
  // Up to 200 variants' forecasts (two years each) is seconds of CPU on a big store: worked out in
  // the worker like the other analyses (ADR 0015), never in a request.
  stored: { freshForMs: HOUR_MS },
  async handler(ctx, input) {
    if (!input.skus && !input.productIds)
      return fail("invalid_input", "Name the variants to forecast.", 'Send skus (e.g. ["SKU-1"]) or productIds.');
    const selected = await selectVariants(ctx, input);
    if (!selected.ok) return selected;
    const { results, firstForecastDate, historyEnd } = await forecastVariants(
      ctx,
      selected.data.slice(0, 200),
      input.horizonDays,
    );
    const forecasts = [];
    const insufficientHistory = [];
    for (const variant of selected.data.slice(0, 200)) {
      const f = results.get(variant.variantId)!;
      if (!f.ok) {
        insufficientHistory.push({ sku: variant.sku, variantId: variant.variantId, message: f.message });
        continue;
      }
      const total = f.forecast.reduce((a, b) => a + b, 0);
      // Interval of the total: the error of a sum over the horizon (the engine's cumulative error model).
      const sdTotal = cumulativeSd(f.errorModel, input.horizonDays);
      forecasts.push({
        sku: variant.sku,
        variantId: variant.variantId,
        product: variant.productTitle,
        model: f.model,
        demandClass: f.demandClass,
        totalUnits: round(total, 1),
        lo80: round(Math.max(0, total - 1.2816 * sdTotal), 1),
        hi80: round(total + 1.2816 * sdTotal, 1),
        lo95: round(Math.max(0, total - 1.96 * sdTotal), 1),
        hi95: round(total + 1.96 * sdTotal, 1),
        dailyMean: round(total / input.horizonDays, 3),
        rmsseVsSeasonalNaive: f.selection.seasonalNaiveRmsse
          ? round(
              (f.selection.scores.find((s) => s.model === f.model)?.rmsse ?? NaN) / f.selection.seasonalNaiveRmsse,
              3,
            )
          : null,
        daily: f.forecast.map((n) => round(n, 2)),
      });
    }
    return ok({ historyEnd, firstForecastDate, horizonDays: input.horizonDays, forecasts, insufficientHistory });
  },
});

const storedCoverage = z
  .object({
    soldVariants: z.number().describe("Variants that ever sold, all considered"),
    forecast: z.number().describe("Of them, variants with a stored forecast (the answer covers these)"),
    notForecastYet: z
      .number()
      .describe("Sold variants without a stored forecast yet (new since the last forecast run): not in this answer"),
    forecastsAsOf: z.string().describe("When the oldest stored forecast used was worked out (ISO time)"),
    forecastDays: z
      .number()
      .describe("Days the stored forecasts cover; beyond them the forecast assumes their mean daily rate"),
    stale: z.boolean().describe("True when the forecasts are older than a day: the next forecast run renews them"),
  })
  .optional()
  .describe("Present when a big catalog was answered from the inventory forecast run's stored forecasts");
type Coverage = NonNullable<z.infer<typeof storedCoverage>>;

export const getStockoutRisks = defineTool({
  name: "get_stockout_risks",
  title: "Stockout risks",
  description:
    "Ranks variants by how soon they run out: on-hand stock (synced inventory levels, all locations) against the demand forecast, giving days of cover and the expected stockout date. Use for 'what is running low' questions. Only variants that sold in the history are considered.",
  capability: "inventory",
  input: z.object({
    ...selector,
    withinDays: z
      .number()
      .int()
      .min(1)
      .max(180)
      .default(30)
      .describe("Report variants expected to run out within this many days"),
    // Up to 2,000 so a scheduled run can record the soonest 2,000 (total says how many in all).
    limit: z.number().int().min(1).max(2_000).default(20).describe("At most this many variants, soonest first"),
  }),
  output: z.object({
    asOf: z.string(),
    risks: z.array(
      z.object({
        sku: z.string().nullable(),
        variantId: z.string(),
        productId: z.string(),
        product: z.string(),
        variant: z.string(),
        onHand: z.number(),
        dailyDemand: z.number(),
        daysOfCover: z.number(),
        stockoutDate: z.string().nullable(),
        model: z.string(),
        forecast: z
          .object({ days: z.number(), units: z.number(), lo80: z.number(), hi80: z.number() })
          .describe("Units expected to sell over the next `days` days, with the 80% interval"),
      }),
    ),
    skipped: z.number().describe("Variants without enough sales history to forecast"),
    total: z.number().describe("Variants at risk in all (risks holds at most `limit` of them)"),
    outOfStock: z.number().describe("Of the total, variants with nothing on hand already"),
    coverage: storedCoverage,
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true },
  changesStore: false,
  // Every sold variant's forecast: 13 s of CPU at a million orders. The inventory agent's morning
  // run stores its answer; other questions are worked out in the worker (ADR 0015).
  stored: { freshForMs: HOUR_MS },
  async handler(ctx, input) {
    const selected = await selectVariants(ctx, input);
    if (!selected.ok) return selected;
    const horizon = Math.max(28, input.withinDays);
    const sold = await soldVariants(ctx, selected.data);
    // A big store's ~130k sold variants: each pass over them paced (issue #19, a worker stall).
    const order = await pacedMap(sold, (v, i) => [v.variantId, i] as const);
    const risks: (StockoutRisk & { at: number })[] = [];
    let skipped = 0;
    const consider = (variant: CatalogVariant, f: ForecastOutcome, firstForecastDate: string) => {
      if (!f.ok) {
        skipped++;
        return;
      }
      const risk = stockoutRisk(variant, f, input.withinDays, firstForecastDate);
      if (risk) risks.push({ ...risk, at: order.get(variant.variantId)! });
    };
    let asOf: string;
    let coverage: Coverage | undefined;
    if (sold.length <= DIRECT_FORECAST_LIMIT) {
      const { results, firstForecastDate } = await forecastVariants(ctx, sold, horizon);
      for (const variant of sold) consider(variant, results.get(variant.variantId)!, firstForecastDate);
      asOf = firstForecastDate;
    } else {
      const byId = await pacedMap(sold, (v) => [v.variantId, v] as const);
      const stored = await eachStoredForecast(ctx.db, ctx.shop, byId, horizon, (id, f, first) =>
        consider(byId.get(id)!, f, first),
      );
      if (!stored.found) return notForecastYet(sold.length);
      coverage = coverageOf(sold.length, stored);
      asOf = stored.firstForecastDate!;
    }
    // Soonest first; ties in catalog order, however the forecasts were read.
    risks.sort((a, b) => a.daysOfCover - b.daysOfCover || a.at - b.at);
    return ok({
      asOf,
      risks: risks.slice(0, input.limit).map(({ at: _at, ...risk }) => risk),
      skipped,
      total: risks.length,
      outOfStock: risks.filter((r) => r.onHand <= 0).length,
      ...(coverage ? { coverage } : {}),
    });
  },
});

type StockoutRisk = NonNullable<ReturnType<typeof stockoutRisk>>;

/** A variant's stockout risk within `withinDays`, or null when its stock lasts longer. */
function stockoutRisk(
  variant: CatalogVariant,
  f: Extract<ForecastOutcome, { ok: true }>,
  withinDays: number,
  firstForecastDate: string,
) {
  const cover = daysOfCover(variant.onHand, f.forecast);
  if (cover.days > withinDays) return null;
  const units = f.forecast.slice(0, withinDays).reduce((a, b) => a + b, 0);
  const sd = cumulativeSd(f.errorModel, withinDays);
  return {
    sku: variant.sku,
    variantId: variant.variantId,
    productId: variant.productId,
    product: variant.productTitle,
    variant: variant.variantTitle,
    onHand: variant.onHand,
    dailyDemand: round(f.forecast.reduce((a, b) => a + b, 0) / f.forecast.length, 3),
    daysOfCover: round(cover.days, 1),
    stockoutDate: expectedStockoutDate(cover, firstForecastDate),
    model: f.model,
    forecast: {
      days: withinDays,
      units: round(units, 1),
      lo80: round(Math.max(0, units - 1.2816 * sd), 1),
      hi80: round(units + 1.2816 * sd, 1),
    },
  };
}

function coverageOf(soldVariants: number, stored: StoredForecasts): Coverage {
  return {
    soldVariants,
    forecast: stored.found,
    notForecastYet: soldVariants - stored.found,
    forecastsAsOf: stored.oldest!.toISOString(),
    forecastDays: stored.horizonDays!,
    stale: Date.now() - stored.oldest!.getTime() > FORECASTS_FRESH_MS,
  };
}

const notForecastYet = (sold: number) =>
  fail(
    "insufficient_data",
    `This store has ${sold.toLocaleString("en-US")} variants that sold: too many to forecast in one answer, and the inventory forecast run has not forecast them yet.`,
    "Run Inventory forecasting (it forecasts every sold variant and keeps the results), then ask again.",
  );

async function soldVariants(ctx: ToolContext, variants: CatalogVariant[]) {
  // A few variants are looked up by id; more (the whole catalog of a big store) as the shop's
  // variants that ever sold: one query over the shop, not a list of thousands of ids. Raw SQL, so a
  // SQLite client reads it in its reader thread (ADR 0029): a million orders' lines are a second of
  // index scan that Prisma's groupBy ran on the event loop.
  const d = dialect();
  const filter =
    variants.length <= IN_CHUNK
      ? `l."variantId" IN (${variants.map((v) => d.lit(v.variantId)).join(", ") || "NULL"})`
      : `l."variantId" IS NOT NULL`;
  const sold = await selectRows<{ v: string }>(
    ctx.db,
    `SELECT DISTINCT l."variantId" AS "v" FROM "MirrorLineItem" l WHERE l."shop" = ${d.lit(ctx.shop)} AND ${filter}`,
  );
  const pace = pacer();
  const ids = new Set<string>();
  for (const s of sold) {
    const turn = pace();
    if (turn) await turn;
    ids.add(s.v);
  }
  return pacedFilter(variants, (v) => ids.has(v.variantId), pace);
}

export const suggestPurchaseOrder = defineTool({
  name: "suggest_purchase_order",
  title: "Suggest purchase orders",
  description:
    "Suggests purchase orders per vendor: for each variant, the reorder point (lead-time demand + safety stock for the service level) and order-up-to level from the demand forecast; variants whose inventory position (on hand + units on open purchase orders) is at or below their reorder point get an order quantity (rounded to the vendor's minimum order and case pack when saved) and cost from the unit cost. Saved vendor terms (Settings > Vendors) replace the default lead time; vendors without one are named in vendorsWithoutLeadTime. Read-only: nothing is ordered.",
  capability: "inventory",
  input: z.object({
    ...selector,
    leadTimeDays: z
      .number()
      .int()
      .min(0)
      .max(120)
      .default(DEFAULT_LEAD_TIME_DAYS)
      .describe("Days from ordering to stock on the shelf (all vendors unless vendorLeadTimes says otherwise)"),
    vendorLeadTimes: z
      .record(z.string(), z.number().int().min(0).max(120))
      .optional()
      .describe("Lead time per vendor name, overriding leadTimeDays"),
    serviceLevel: z
      .number()
      .min(0.5)
      .max(0.999)
      .default(0.95)
      .describe("Probability of not running out before the next delivery"),
    reviewPeriodDays: z.number().int().min(1).max(60).default(7).describe("Days until the next chance to order"),
  }),
  output: z.object({
    orders: z.array(
      z.object({
        vendor: z.string(),
        leadTimeDays: z.number(),
        leadTimeNote: z
          .string()
          .nullable()
          .describe("Set when the vendor has no saved lead time and the default was used"),
        totalUnits: z.number(),
        totalCost: z.number(),
        costComplete: z.boolean(),
        lines: z.array(
          z.object({
            sku: z.string(),
            variantId: z.string(),
            product: z.string(),
            variantTitle: z.string(),
            quantity: z.number(),
            onHand: z.number(),
            onOrder: z.number().describe("Units on ordered, not yet received purchase orders"),
            reorderPoint: z.number(),
            safetyStock: z.number(),
            daysOfCover: z.number().nullable().describe("null: stock outlasts any forecast demand"),
            stockoutDate: z.string().nullable(),
            unitCost: z.number().nullable(),
            lineCost: z.number().nullable(),
            reason: z.string(),
          }),
        ),
      }),
    ),
    itemsChecked: z.number(),
    skipped: z.array(z.object({ sku: z.string(), reason: z.string() })),
    skippedTotal: z
      .number()
      .optional()
      .describe("Present when skipped lists only the first of them: how many variants were skipped in all"),
    coverage: storedCoverage,
    vendorsWithoutLeadTime: z.array(z.string()).describe("Vendors planned with the default lead time"),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true },
  changesStore: false,
  stored: { freshForMs: HOUR_MS },
  async handler(ctx, input) {
    const selected = await selectVariants(ctx, input);
    if (!selected.ok) return selected;
    const variants = await pacedFilter(await soldVariants(ctx, selected.data), (v) => Boolean(v.sku));
    await reconcileReceipts(ctx.db, ctx.shop);
    const [terms, onOrder] = await Promise.all([vendorTerms(ctx.db, ctx.shop), onOrderByVariant(ctx.db, ctx.shop)]);
    const vendorOf = (v: CatalogVariant) => v.vendor ?? "Unknown vendor";
    // Lead time: the caller's per-vendor override, else the vendor's saved terms, else the default.
    const leadOf = (name: string) =>
      input.vendorLeadTimes?.[name] ?? terms.get(name)?.leadTimeDays ?? input.leadTimeDays;
    const names = [...new Set((await pacedMap(variants, (v) => [vendorOf(v), true] as const)).keys())];
    const withoutLead = names.filter((n) => input.vendorLeadTimes?.[n] == null && terms.get(n)?.leadTimeDays == null);
    const maxLead = Math.max(input.leadTimeDays, ...names.map(leadOf));
    const horizon = Math.min(180, Math.max(28, maxLead + input.reviewPeriodDays + 1));
    const vendors = names.map((name) => ({
      vendorId: name,
      name,
      leadTimeDays: leadOf(name),
      reviewPeriodDays: input.reviewPeriodDays,
      serviceLevel: input.serviceLevel,
    }));
    const bySku = await pacedMap(variants, (v) => [v.sku!, v] as const);
    const itemOf = (v: CatalogVariant, forecast: ForecastOutcome): InventoryItem => ({
      sku: v.sku!,
      vendorId: vendorOf(v),
      onHand: v.onHand,
      onOrder: onOrder.get(v.variantId) ?? 0,
      unitCost: v.unitCost ?? undefined,
      moq: terms.get(vendorOf(v))?.minimumOrder ?? undefined,
      casePack: terms.get(vendorOf(v))?.casePack ?? undefined,
      forecast,
    });
    let plan: Pick<ReorderPlan, "orders" | "skipped">;
    let itemsChecked: number;
    let coverage: Coverage | undefined;
    if (variants.length <= DIRECT_FORECAST_LIMIT) {
      const { results, firstForecastDate } = await forecastVariants(ctx, variants, horizon);
      const full = reorderPlan(
        variants.map((v) => itemOf(v, results.get(v.variantId)!)),
        vendors,
        { firstForecastDate },
      );
      [plan, itemsChecked] = [full, full.items.length];
    } else {
      const planned = await planFromStored(ctx, variants, horizon, vendors, itemOf);
      if (!planned.stored.found) return notForecastYet(variants.length);
      [plan, itemsChecked] = [planned, planned.itemsChecked];
      coverage = coverageOf(variants.length, planned.stored);
    }
    const skipped = plan.skipped.map((s) => ({ sku: s.sku, reason: s.message }));
    return ok({
      orders: plan.orders.map((o) => ({
        vendor: o.name ?? o.vendorId,
        leadTimeDays: o.leadTimeDays,
        leadTimeNote: withoutLead.includes(o.vendorId)
          ? `No lead time is saved for ${o.vendorId}; the plan assumed ${o.leadTimeDays} days.`
          : null,
        totalUnits: o.totalUnits,
        totalCost: round(o.totalCost),
        costComplete: o.costComplete,
        lines: o.lines.map((l) => ({
          sku: l.sku,
          variantId: bySku.get(l.sku)!.variantId,
          product: bySku.get(l.sku)!.productTitle,
          variantTitle: bySku.get(l.sku)!.variantTitle,
          quantity: l.quantity,
          onHand: l.onHand,
          onOrder: l.onOrder,
          reorderPoint: round(l.reorderPoint, 1),
          safetyStock: round(l.safetyStock, 1),
          daysOfCover: Number.isFinite(l.daysOfCover) ? round(l.daysOfCover, 1) : null,
          stockoutDate: l.stockoutDate,
          unitCost: l.unitCost,
          lineCost: l.lineCost == null ? null : round(l.lineCost),
          reason: l.reason,
        })),
      })),
      itemsChecked,
      // A big catalog's skipped variants are counted in full and the first of them named.
      skipped: coverage ? skipped.slice(0, SKIPPED_LISTED) : skipped,
      ...(coverage ? { skippedTotal: skipped.length, coverage } : {}),
      vendorsWithoutLeadTime: withoutLead,
    });
  },
});

/**
 * The reorder plan of a big catalog from the stored forecasts: planned a batch at a time (a batch's
 * forecasts in memory, not the catalog's) and merged per vendor; lines and skipped variants in
 * catalog order, as the plan of the whole list at once would have them.
 */
async function planFromStored(
  ctx: ToolContext,
  variants: CatalogVariant[],
  horizon: number,
  vendors: VendorTerms[],
  itemOf: (v: CatalogVariant, f: ForecastOutcome) => InventoryItem,
) {
  const byId = await pacedMap(variants, (v) => [v.variantId, v] as const);
  const at = await pacedMap(variants, (v, i) => [v.sku!, i] as const);
  const lines = new Map<string, VendorOrder["lines"]>();
  const skipped: ReorderPlan["skipped"] = [];
  let itemsChecked = 0;
  let batch: InventoryItem[] = [];
  let batchDate = "";
  const flush = () => {
    if (!batch.length) return;
    const part = reorderPlan(batch, vendors, { firstForecastDate: batchDate });
    for (const order of part.orders) {
      const list = lines.get(order.vendorId);
      if (list) for (const line of order.lines) list.push(line);
      else lines.set(order.vendorId, [...order.lines]);
    }
    for (const s of part.skipped) skipped.push(s);
    itemsChecked += part.items.length;
    batch = [];
  };
  const stored = await eachStoredForecast(ctx.db, ctx.shop, byId, horizon, (id, f, first) => {
    // One plan per run's forecasts (their first day) and at most a few hundred items at a time.
    if (first !== batchDate || batch.length >= 500) {
      flush();
      batchDate = first;
    }
    batch.push(itemOf(byId.get(id)!, f));
  });
  flush();
  const byCatalog = (a: { sku: string }, b: { sku: string }) => at.get(a.sku)! - at.get(b.sku)!;
  const orders: VendorOrder[] = [];
  for (const vendor of vendors) {
    const list = lines.get(vendor.vendorId);
    if (!list) continue;
    list.sort(byCatalog);
    orders.push({
      vendorId: vendor.vendorId,
      name: vendor.name,
      leadTimeDays: vendor.leadTimeDays,
      lines: list,
      totalUnits: list.reduce((a, l) => a + l.quantity, 0),
      totalCost: roundMoney(list.reduce((a, l) => a + (l.lineCost ?? 0), 0)),
      costComplete: list.every((l) => l.lineCost !== null),
    });
  }
  skipped.sort(byCatalog);
  return { orders, skipped, itemsChecked, stored };
}

export const proposeInventoryAdjustment = defineTool({
  name: "propose_inventory_adjustment",
  title: "Propose a stock correction",
  description:
    "Proposes a stock change for a variant at one location: either setting its on-hand quantity (quantity: after a recount) or adding or removing units (adjustBy: +20 for a delivery that arrived, -3 for breakage), which never overwrites sales made meanwhile. When the variant is stocked at several locations, adjustBy needs locationId (the answer names them). It does NOT change stock: it creates a pending change showing before -> after that the merchant approves in the app; once applied it can be reverted.",
  capability: "inventory",
  input: z
    .object({
      sku: z.string().min(1).describe("The variant's SKU"),
      quantity: z.number().int().min(0).max(1_000_000).optional().describe("The new on-hand quantity (a count)"),
      adjustBy: z
        .number()
        .int()
        .min(-1_000_000)
        .max(1_000_000)
        .refine((n) => n !== 0, "adjustBy must not be 0")
        .optional()
        .describe("Units to add (positive, e.g. a delivery) or remove (negative, e.g. damaged) at the location"),
      locationId: z
        .string()
        .optional()
        .describe("Location id; default: the variant's only location (quantity: its first stocked location)"),
      reason: z
        .enum(["correction", "cycle_count_available", "received", "damaged", "shrinkage", "restock"])
        .default("correction")
        .describe("Why the quantity changes (Shopify's reasons)"),
    })
    .refine((v) => (v.quantity === undefined) !== (v.adjustBy === undefined), {
      message: "Send either quantity (a new on-hand count) or adjustBy (units to add or remove), not both",
    }),
  output: proposalOutput,
  annotations: { readOnly: false, destructive: false, idempotent: false },
  changesStore: true,
  async handler(ctx, input) {
    const [variant] = await loadCatalog(ctx.db, ctx.shop, { skus: [input.sku] });
    if (!variant) return fail("not_found", `Unknown SKU ${input.sku}.`, "Use the SKU exactly as in the catalog.");
    if (!variant.inventoryItemId)
      return fail("not_found", `SKU ${input.sku} has no inventory item (it is not tracked).`);
    const name = variantName(variant.productTitle, variant.variantTitle);
    const names = await shopLocations(ctx);
    const stocked = variant.stockByLocation;
    if (input.locationId && stocked.length && !stocked.some((l) => l.locationId === input.locationId))
      return fail(
        "invalid_input",
        `${name} is not stocked at ${names.get(input.locationId) ?? `location ${input.locationId}`}.`,
        `Use one of: ${stocked.map((l) => `${names.get(l.locationId) ?? l.locationId} (locationId ${l.locationId})`).join(", ")}`,
      );
    // Units added or removed land at one place: with several, which one is the merchant's to say.
    if (input.adjustBy !== undefined && !input.locationId && stocked.length > 1)
      return fail(
        "invalid_input",
        `${name} is stocked at ${stocked.length} locations (${stocked.map((l) => `${names.get(l.locationId) ?? `location ${l.locationId}`}: ${l.available}`).join(", ")}). Which location should the ${Math.abs(input.adjustBy)} units ${input.adjustBy > 0 ? "go to" : "come off"}?`,
        `Send locationId: ${stocked.map((l) => `${l.locationId} (${names.get(l.locationId) ?? "location"})`).join(" or ")}.`,
      );
    const locationId = input.locationId ?? stocked[0]?.locationId;
    if (!locationId) return fail("not_found", `SKU ${input.sku} is not stocked at any location.`, "Pass locationId.");
    const locationName = names.get(locationId);
    if (input.adjustBy !== undefined) {
      const delta = input.adjustBy;
      const proposed = await proposeAction(ctx, {
        kind: "inventory.adjust",
        tool: "propose_inventory_adjustment",
        summary: `${delta > 0 ? "Add" : "Remove"} ${Math.abs(delta)} unit${Math.abs(delta) === 1 ? "" : "s"} of ${name} ${delta > 0 ? "to" : "from"} ${locationName ?? `location ${locationId}`} (${input.reason})`,
        after: {
          reason: input.reason,
          items: [
            {
              inventoryItemId: variant.inventoryItemId,
              locationId,
              sku: input.sku,
              title: name,
              delta,
              ...(locationName ? { locationName } : {}),
            },
          ],
        },
      });
      if (!proposed.ok) return proposed;
      return ok(proposalResult(proposed.data));
    }
    const quantity = input.quantity!;
    const proposed = await proposeAction(ctx, {
      kind: "inventory.set",
      tool: "propose_inventory_adjustment",
      summary: `Set on-hand of ${name} at ${locationName ?? `location ${locationId}`} to ${quantity} (${input.reason})`,
      after: {
        reason: input.reason,
        items: [
          {
            inventoryItemId: variant.inventoryItemId,
            locationId,
            sku: input.sku,
            quantity,
            name,
            ...(locationName ? { locationName } : {}),
          },
        ],
      },
    });
    if (!proposed.ok) return proposed;
    return ok(proposalResult(proposed.data));
  },
});
