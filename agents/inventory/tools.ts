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
import { pacer } from "../core/pace";
import { dailySales, loadCatalog, salesEndDay, type CatalogVariant } from "../data/catalog";
import {
  cumulativeSd,
  daysOfCover,
  expectedStockoutDate,
  forecastSeries,
  reorderPlan,
  retailCalendar,
  type ForecastOutcome,
} from "../forecasting";
import { addDays, HOUR_MS, nextDay } from "../core/time";
import { onOrderByVariant } from "../purchasing/orders";
import { reconcileReceipts } from "../purchasing/receiving";
import { vendorTerms } from "../purchasing/vendors";
import { shopLocations } from "../purchasing/locations";
import { variantName } from "../findings/words";

const HISTORY_DAYS = 730;
/** The reorder plan's lead time for vendors without one saved (Settings > Vendors asks for it). */

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
  // Black Friday to Cyber Monday and the Christmas weeks: left out of fitting, forecast with the
  // lift each variant's own past seasons show (ADR 0023). One calendar for the window + horizon;
  // a variant's series is its tail.
  const calendar = retailCalendar(addDays(end, -(HISTORY_DAYS - 1)), HISTORY_DAYS + horizon);
  const results = new Map<string, ForecastOutcome>();
  // Thousands of model selections are seconds of CPU on a big store: a turn for the event loop
  // between them (the worker's lock renewals and health answers would wait otherwise).
  const pace = pacer();
  for (const variant of variants) {
    await pace();
    const series = trimLeadingZeros(sales.units.get(variant.variantId)!);
    const events = calendar.slice(HISTORY_DAYS - series.length);
    results.set(variant.variantId, forecastSeries(series, { horizon, startDate: firstForecastDate, events }));
  }
  return { results, firstForecastDate, historyEnd: end };
}

// A variant sells from its first sale on; the zeros before it existed are not demand.
function trimLeadingZeros(series: number[]) {
  const first = series.findIndex((n) => n > 0);
  return first <= 0 ? series : series.slice(first);
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
    // Up to 2,000 (the variants it forecasts) so a scheduled run can record every risk it finds.
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
    const { results, firstForecastDate } = await forecastVariants(ctx, sold, horizon);
    const risks = [];
    let skipped = 0;
    for (const variant of sold) {
      const f = results.get(variant.variantId)!;
      if (!f.ok) {
        skipped++;
        continue;
      }
      const cover = daysOfCover(variant.onHand, f.forecast);
      if (cover.days > input.withinDays) continue;
      const units = f.forecast.slice(0, input.withinDays).reduce((a, b) => a + b, 0);
      const sd = cumulativeSd(f.errorModel, input.withinDays);
      risks.push({
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
          days: input.withinDays,
          units: round(units, 1),
          lo80: round(Math.max(0, units - 1.2816 * sd), 1),
          hi80: round(units + 1.2816 * sd, 1),
        },
      });
    }
    risks.sort((a, b) => a.daysOfCover - b.daysOfCover);
    return ok({
      asOf: firstForecastDate,
      risks: risks.slice(0, input.limit),
      skipped,
      total: risks.length,
      outOfStock: risks.filter((r) => r.onHand <= 0).length,
    });
  },
});

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
  const ids = new Set(sold.map((s) => s.v));
  return variants.filter((v) => ids.has(v.variantId)).slice(0, 2_000);
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
    vendorsWithoutLeadTime: z.array(z.string()).describe("Vendors planned with the default lead time"),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true },
  changesStore: false,
  stored: { freshForMs: HOUR_MS },
  async handler(ctx, input) {
    const selected = await selectVariants(ctx, input);
    if (!selected.ok) return selected;
    const variants = (await soldVariants(ctx, selected.data)).filter((v) => v.sku);
    await reconcileReceipts(ctx.db, ctx.shop);
    const [terms, onOrder] = await Promise.all([vendorTerms(ctx.db, ctx.shop), onOrderByVariant(ctx.db, ctx.shop)]);
    const vendorOf = (v: CatalogVariant) => v.vendor ?? "Unknown vendor";
    // Lead time: the caller's per-vendor override, else the vendor's saved terms, else the default.
    const leadOf = (name: string) =>
      input.vendorLeadTimes?.[name] ?? terms.get(name)?.leadTimeDays ?? input.leadTimeDays;
    const names = [...new Set(variants.map(vendorOf))];
    const withoutLead = names.filter((n) => input.vendorLeadTimes?.[n] == null && terms.get(n)?.leadTimeDays == null);
    const maxLead = Math.max(input.leadTimeDays, ...names.map(leadOf));
    const horizon = Math.min(180, Math.max(28, maxLead + input.reviewPeriodDays + 1));
    const { results, firstForecastDate } = await forecastVariants(ctx, variants, horizon);
    const vendors = names.map((name) => ({
      vendorId: name,
      name,
      leadTimeDays: leadOf(name),
      reviewPeriodDays: input.reviewPeriodDays,
      serviceLevel: input.serviceLevel,
    }));
    const bySku = new Map(variants.map((v) => [v.sku!, v]));
    const plan = reorderPlan(
      variants.map((v) => ({
        sku: v.sku!,
        vendorId: vendorOf(v),
        onHand: v.onHand,
        onOrder: onOrder.get(v.variantId) ?? 0,
        unitCost: v.unitCost ?? undefined,
        moq: terms.get(vendorOf(v))?.minimumOrder ?? undefined,
        casePack: terms.get(vendorOf(v))?.casePack ?? undefined,
        forecast: results.get(v.variantId)!,
      })),
      vendors,
      { firstForecastDate },
    );
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
      itemsChecked: plan.items.length,
      skipped: plan.skipped.map((s) => ({ sku: s.sku, reason: s.message })),
      vendorsWithoutLeadTime: withoutLead,
    });
  },
});

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
