// ProductResearchAgent's tools: rising and falling products, bundles bought together, dead stock.
import { z } from "zod";
import type { ToolContext } from "../core/context";
import { fail, ok } from "../core/result";
import { inChunks } from "../db/chunk";
import { defineTool } from "../core/tool";
import { dialect, forEachPackedRow } from "../analytics/sql";
import { dailySales, loadCatalog, salesEndDay, type CatalogVariant } from "../data/catalog";
import { findBundlesPaced } from "./bundles";
import {
  findCategoryGapsSteps,
  findDeadStockFromSummariesSteps,
  type InventoryItem,
  type SalesSummary,
} from "./deadstock";
import { analyzeTrendsSteps } from "./trends";
import { pacer, runPaced } from "../core/pace";
import { addDays, HOUR_MS, type IsoDay } from "../core/time";

const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;

/**
 * Product titles by id: the catalog's, else, for a product deleted since it sold, the title its line
 * items carry (as revenue_by_product names it), so no row shows a bare id.
 */
async function productTitles(ctx: ToolContext, ids: string[]): Promise<Map<string, string>> {
  const titles = new Map(
    (
      await inChunks(ids, (chunk) =>
        ctx.db.mirrorProduct.findMany({
          where: { shop: ctx.shop, id: { in: chunk } },
          select: { id: true, title: true },
        }),
      )
    ).map((p) => [p.id, p.title]),
  );
  const gone = await inChunks(
    ids.filter((id) => !titles.has(id)),
    (chunk) =>
      ctx.db.mirrorLineItem.groupBy({
        by: ["productId"],
        where: { shop: ctx.shop, productId: { in: chunk } },
        _max: { title: true },
      }),
  );
  for (const line of gone) if (line.productId && line._max.title) titles.set(line.productId, line._max.title);
  return titles;
}

/**
 * The products of each order placed in [from, to], one list per order. The database groups the
 * lines per order and sends them packed (forEachPackedRow): half a year of a million-order store is
 * ~600,000 lines, which as Prisma rows took seconds and hundreds of megabytes.
 */
async function orderBaskets(ctx: ToolContext, from: IsoDay, to: IsoDay): Promise<string[][]> {
  const d = dialect();
  const products =
    d.provider === "postgresql" ? `string_agg(DISTINCT l."productId", ',')` : `group_concat(DISTINCT l."productId")`;
  const interned = new Map<string, string>();
  const baskets: string[][] = [];
  await forEachPackedRow(
    ctx.db,
    d,
    `SELECT ${products} AS "p" FROM "MirrorLineItem" l
WHERE l."shop" = ${d.lit(ctx.shop)} AND l."localDay" >= ${d.lit(from)} AND l."localDay" <= ${d.lit(to)} AND l."productId" IS NOT NULL
GROUP BY l."orderId"`,
    ["p"],
    (row) => {
      // Product ids are GIDs (no commas); one string per product, shared by every basket holding it.
      baskets.push(
        row
          .text(0)
          .split(",")
          .map((id) => interned.get(id) ?? (interned.set(id, id), id)),
      );
    },
  );
  return baskets;
}

/**
 * Every variant's last shop-local day with units sold (on or before `end`) and its units in the
 * `days` days ending on `end`, one row per variant, of the variants in `wanted`: what dead stock
 * needs, summed in SQL (on a SQLite client in its reader thread, ADR 0029) and read packed
 * (forEachPackedRow, with turns between values): 131k rows as objects held the event loop ~200 ms.
 * Every sold line counts, as the stock left the shelf.
 */
async function lastSales(ctx: ToolContext, end: IsoDay, days: number, wanted: Set<string>): Promise<SalesSummary[]> {
  const d = dialect();
  const summaries: SalesSummary[] = [];
  await forEachPackedRow(
    ctx.db,
    d,
    `SELECT l."variantId" AS "id", MAX(l."localDay") AS "last",
  SUM(CASE WHEN l."localDay" >= ${d.lit(addDays(end, -(days - 1)))} THEN l."quantity" ELSE 0 END) AS "units"
FROM "MirrorLineItem" l
WHERE l."shop" = ${d.lit(ctx.shop)} AND l."variantId" IS NOT NULL AND l."quantity" > 0 AND l."localDay" <= ${d.lit(end)}
GROUP BY l."variantId"`,
    ["units", "last", "id"],
    (row) => {
      const id = row.text(2);
      if (wanted.has(id))
        summaries.push({ id, lastSaleDate: row.empty(1) ? null : row.text(1), unitsInWindow: row.num(0) });
    },
  );
  return summaries;
}

/**
 * `visit` of each item in order, with turns of the event loop between slices (agents/core/pace.ts):
 * at 292k variants each pass over the catalog (filter, map, Set) was 100-150 ms in one go.
 */
async function pacedEach<T>(items: Iterable<T>, visit: (item: T) => void): Promise<void> {
  const pace = pacer();
  for (const item of items) {
    const turn = pace();
    if (turn) await turn;
    visit(item);
  }
}

/**
 * Units per product and shop-local day in [from, to], summed by the database and read packed
 * (forEachPackedRow, in a SQLite client's reader thread): thousands of products over weeks are
 * hundreds of thousands of groups, which Prisma's groupBy built as objects on the event loop.
 */
async function productDayUnits(ctx: ToolContext, from: IsoDay, to: IsoDay) {
  const d = dialect();
  const days = new Map<string, string>(); // one string per day, shared by its rows
  const rows: { productId: string; date: string; units: number }[] = [];
  await forEachPackedRow(
    ctx.db,
    d,
    `SELECT l."productId" AS "p", l."localDay" AS "day", SUM(l."quantity") AS "units" FROM "MirrorLineItem" l
WHERE l."shop" = ${d.lit(ctx.shop)} AND l."localDay" >= ${d.lit(from)} AND l."localDay" <= ${d.lit(to)} AND l."productId" IS NOT NULL
GROUP BY l."productId", l."localDay"`,
    ["units", "day", "p"],
    (row) => {
      const text = row.text(1);
      const date = days.get(text) ?? (days.set(text, text), text);
      rows.push({ productId: row.text(2), date, units: row.num(0) });
    },
  );
  return rows;
}

/** Units and revenue per variant and shop-local day over the last `days` days to `end`, cancelled orders left out. */
async function variantDaySales(ctx: ToolContext, days: number, end: IsoDay) {
  const series = await dailySales(ctx.db, ctx.shop, { days, end });
  const sales: { id: string; date: string; units: number; revenue: number }[] = [];
  await pacedEach(series.units, ([id, units]) => {
    const revenue = series.revenue.get(id)!;
    for (let i = 0; i < days; i++)
      if (units[i] > 0) sales.push({ id, date: addDays(series.start, i), units: units[i], revenue: revenue[i] });
  });
  return sales;
}

export const findTrendingProducts = defineTool({
  name: "find_trending_products",
  title: "Rising and falling products",
  description:
    "Finds products whose weekly sales are rising or falling with statistical significance (Mann-Kendall test with Sen's slope) over the last N weeks, with the p-value, slope per week and weekly units. Read-only.",
  capability: "research",
  input: z.object({
    weeks: z.number().int().min(6).max(104).default(12).describe("Weeks of history to test"),
    alpha: z.number().min(0.001).max(0.2).default(0.05).describe("Significance level"),
    limit: z
      .number()
      .int()
      .min(1)
      .max(500)
      .default(10)
      .describe("At most this many rising and this many falling products"),
  }),
  output: z.object({
    window: z.object({ from: z.string(), to: z.string(), weeks: z.number() }),
    rising: z.array(
      z.object({
        productId: z.string(),
        title: z.string(),
        pValue: z.number().nullable(),
        slopePerWeek: z.number().nullable(),
        weeklyUnits: z.array(z.number()),
      }),
    ),
    falling: z.array(
      z.object({
        productId: z.string(),
        title: z.string(),
        pValue: z.number().nullable(),
        slopePerWeek: z.number().nullable(),
        weeklyUnits: z.array(z.number()),
      }),
    ),
    productsTested: z.number(),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true },
  changesStore: false,
  stored: { freshForMs: 6 * HOUR_MS },
  async handler(ctx, input) {
    // Whole weeks of shop-local days, ending on the last complete one.
    const end = await salesEndDay(ctx.db, ctx.shop, ctx.now());
    const from = addDays(end, -(input.weeks * 7 - 1));
    const grouped = await productDayUnits(ctx, from, end);
    if (grouped.length === 0)
      return fail(
        "insufficient_data",
        `No sales in the last ${input.weeks} weeks.`,
        "Sync the store, or choose more weeks.",
      );
    const report = await runPaced(analyzeTrendsSteps(grouped, { alpha: input.alpha, from, to: end }));
    // Titles of the products listed only (a big store has thousands that trend; up to 2 x 500 listed).
    const rising = report.rising.slice(0, input.limit);
    const falling = report.falling.slice(0, input.limit);
    const titles = await productTitles(
      ctx,
      [...rising, ...falling].map((p) => p.productId),
    );
    const shape = (p: (typeof report.rising)[number]) => ({
      productId: p.productId,
      title: titles.get(p.productId) ?? p.productId,
      pValue: p.pValue == null ? null : round(p.pValue, 4),
      slopePerWeek: p.senSlope == null ? null : round(p.senSlope),
      weeklyUnits: p.weeklyUnits,
    });
    return ok({
      window: report.window,
      rising: rising.map(shape),
      falling: falling.map(shape),
      productsTested: report.products.length,
    });
  },
});

export const findProductBundles = defineTool({
  name: "find_product_bundles",
  title: "Products bought together",
  description:
    "Finds products frequently bought together in the same order (association rules) with support, confidence and lift, strongest lift first; a basis for bundles and cross-sell campaigns. Read-only.",
  capability: "research",
  input: z.object({
    days: z.number().int().min(7).max(730).default(180).describe("Orders from the last N days"),
    minCount: z.number().int().min(2).max(1000).default(5).describe("A pair must appear in at least this many orders"),
    limit: z.number().int().min(1).max(200).default(10).describe("At most this many pairs"),
  }),
  output: z.object({
    orders: z.number(),
    pairs: z.array(
      z.object({
        products: z.array(z.object({ id: z.string(), title: z.string() })),
        orders: z.number(),
        support: z.number(),
        lift: z.number(),
        confidenceAtoB: z.number(),
        confidenceBtoA: z.number(),
      }),
    ),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true },
  changesStore: false,
  stored: { freshForMs: 6 * HOUR_MS },
  async handler(ctx, input) {
    const end = await salesEndDay(ctx.db, ctx.shop, ctx.now());
    const baskets = await orderBaskets(ctx, addDays(end, -(input.days - 1)), end);
    if (baskets.length < 20)
      return fail(
        "insufficient_data",
        `Only ${baskets.length} orders in the last ${input.days} days; bundles need at least 20.`,
        "Choose more days.",
      );
    const report = await findBundlesPaced(baskets, { minCount: input.minCount, minSupport: 0, limit: input.limit });
    const ids = [...new Set(report.pairs.flatMap((p) => p.items))];
    const titles = await productTitles(ctx, ids);
    const confidence = (a: string, b: string) =>
      report.rules.find((r) => r.antecedent.length === 1 && r.antecedent[0] === a && r.consequent === b)?.confidence ??
      0;
    return ok({
      orders: report.orderCount,
      pairs: report.pairs.slice(0, input.limit).map((p) => ({
        products: p.items.map((id) => ({ id, title: titles.get(id) ?? id })),
        orders: p.count,
        support: round(p.support, 4),
        lift: round(p.lift, 2),
        confidenceAtoB: round(confidence(p.items[0], p.items[1])),
        confidenceBtoA: round(confidence(p.items[1], p.items[0])),
      })),
    });
  },
});

export const findDeadStockTool = defineTool({
  name: "find_dead_stock",
  title: "Dead stock",
  description:
    "Lists variants with stock on hand and no sales for N days, with units, value at cost, days since the last sale and sell-through; the candidates for clearance or slow-mover campaigns. Read-only.",
  capability: "research",
  input: z.object({
    noSalesDays: z.number().int().min(14).max(730).default(90).describe("No sale for at least this many days"),
    limit: z.number().int().min(1).max(2_000).default(20).describe("At most this many variants, highest value first"),
  }),
  output: z.object({
    asOf: z.string(),
    deadUnits: z.number(),
    deadValueAtCost: z.number(),
    deadItemsWithoutCost: z.number(),
    items: z.array(
      z.object({
        sku: z.string().nullable(),
        variantId: z.string(),
        productId: z.string().nullable(),
        title: z.string().nullable(),
        onHand: z.number(),
        valueAtCost: z.number().nullable(),
        lastSaleDate: z.string().nullable(),
        daysSinceLastSale: z.number().nullable(),
        sellThroughRate: z.number().nullable(),
      }),
    ),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true },
  changesStore: false,
  stored: { freshForMs: 6 * HOUR_MS },
  async handler(ctx, input) {
    // The variants in stock, as the report's inventory and as a set to pick their sales summaries.
    const catalog: CatalogVariant[] = [];
    const inventory: InventoryItem[] = [];
    const inStock = new Set<string>();
    await pacedEach(await loadCatalog(ctx.db, ctx.shop), (v) => {
      if (!(v.onHand > 0)) return;
      catalog.push(v);
      inStock.add(v.variantId);
      inventory.push({
        id: v.variantId,
        title: `${v.productTitle} / ${v.variantTitle}`,
        productType: v.productType,
        onHand: v.onHand,
        unitCost: v.unitCost,
        price: v.price,
      });
    });
    if (catalog.length === 0)
      return fail(
        "insufficient_data",
        "No variant has stock on hand in the synced data.",
        "Sync the store from the Shopify page.",
      );
    const end = await salesEndDay(ctx.db, ctx.shop, ctx.now());
    // Per variant its last selling day and its units in the window, summed by the database over the
    // shop (one row per variant): every variant's every selling day as rows was millions of objects
    // on a big store.
    const summaries = await lastSales(ctx, end, input.noSalesDays, inStock);
    const report = await runPaced(
      findDeadStockFromSummariesSteps(inventory, summaries, { asOf: end, noSalesDays: input.noSalesDays }),
    );
    // deadItems come by value at cost (unknown last), largest first: the order listed.
    const listed = report.deadItems.slice(0, input.limit);
    const ids = new Set(listed.map((i) => i.id));
    const byVariant = new Map(catalog.filter((v) => ids.has(v.variantId)).map((v) => [v.variantId, v]));
    return ok({
      asOf: report.asOf,
      deadUnits: report.deadUnits,
      deadValueAtCost: Math.round(report.deadValueAtCost * 100) / 100,
      deadItemsWithoutCost: report.deadItemsWithoutCost,
      items: listed.map((i) => ({
        sku: byVariant.get(i.id)?.sku ?? null,
        variantId: i.id,
        productId: byVariant.get(i.id)?.productId ?? null,
        title: i.title,
        onHand: i.onHand,
        valueAtCost: i.valueAtCost == null ? null : Math.round(i.valueAtCost * 100) / 100,
        lastSaleDate: i.lastSaleDate,
        daysSinceLastSale: i.daysSinceLastSale,
        sellThroughRate: i.sellThroughRate == null ? null : round(i.sellThroughRate),
      })),
    });
  },
});

export const findCategoryGapsTool = defineTool({
  name: "find_category_gaps",
  title: "Category gaps",
  description:
    "Finds product types whose share of demand (or its growth) outruns their share of the catalogue or of stock — where to add products or stock — and empty price bands inside a category, each with the numbers behind it. Read-only.",
  capability: "research",
  input: z.object({
    windowDays: z.number().int().min(28).max(365).default(90).describe("Demand over the last N days"),
    measure: z.enum(["units", "revenue"]).default("units").describe("Measure demand in units or revenue"),
  }),
  output: z.object({
    window: z.object({ from: z.string(), to: z.string() }),
    gaps: z.array(
      z.object({
        category: z.string(),
        products: z.number(),
        catalogueShare: z.number(),
        stockShare: z.number(),
        demandShare: z.number(),
        growth: z.number().nullable(),
        reasons: z.array(z.string()),
      }),
    ),
    priceBandGaps: z.array(
      z.object({
        category: z.string(),
        lower: z.number(),
        upper: z.number(),
        productsBelow: z.number(),
        productsAbove: z.number(),
      }),
    ),
    categoriesChecked: z.number(),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true },
  changesStore: false,
  stored: { freshForMs: 6 * HOUR_MS },
  async handler(ctx, input) {
    const catalog = await loadCatalog(ctx.db, ctx.shop);
    if (catalog.length === 0)
      return fail(
        "insufficient_data",
        "No variants are synced for this shop yet.",
        "Sync the store from the Shopify page.",
      );
    const end = await salesEndDay(ctx.db, ctx.shop, ctx.now());
    const lines = await variantDaySales(ctx, input.windowDays, end);
    const inventory: InventoryItem[] = [];
    await pacedEach(catalog, (v) =>
      inventory.push({
        id: v.variantId,
        title: v.productTitle,
        productType: v.productType,
        onHand: Math.max(0, v.onHand),
        unitCost: v.unitCost,
        price: v.price,
      }),
    );
    const report = await runPaced(
      findCategoryGapsSteps(inventory, lines, { asOf: end, windowDays: input.windowDays, measure: input.measure }),
    );
    return ok({
      window: report.window,
      gaps: report.categories
        .filter((c) => c.isGap)
        .map((c) => ({
          category: c.category,
          products: c.products,
          catalogueShare: round(c.catalogueShare),
          stockShare: round(c.stockShare),
          demandShare: round(c.demandShare),
          growth: c.growth == null ? null : round(c.growth),
          reasons: c.reasons,
        })),
      priceBandGaps: report.priceBandGaps.slice(0, 20).map((g) => ({
        category: g.category,
        lower: g.lower,
        upper: g.upper,
        productsBelow: g.productsBelow,
        productsAbove: g.productsAbove,
      })),
      categoriesChecked: report.categories.length,
    });
  },
});
