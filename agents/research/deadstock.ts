// Dead stock, sell-through and category gaps from inventory + sales lines.
//
// Sell-through over a window = units sold / (units sold + units on hand now). Without receiving history the
// opening stock is approximated by sold + on hand, i.e. restocks during the window are not separated out.
import { runSteps, type Steps } from "../core/pace";
import { sortSteps } from "../core/sort-steps";
import { DAY_MS, fromEpochDay } from "../core/time";

/**
 * Items (or lines) between the places the steps may let other work in (ADR 0035 addendum): a
 * 100k-product store's 292k variants took ~1 s per report in one go.
 */
const STEP_EVERY = 2_000;

export interface InventoryItem {
  /** Variant (or product) id that sales lines refer to. */
  id: string;
  title?: string;
  /** Shopify product type, used as the category. */
  productType?: string | null;
  onHand: number;
  unitCost?: number | null;
  price?: number | null;
  /** When the item went on sale; items younger than the no-sales window are not called dead. */
  createdAt?: string | null;
}

export interface SaleLine {
  /** Same id as InventoryItem.id. */
  id: string;
  date: string;
  units: number;
  /** Line revenue; when absent, units * item price is used for revenue measures. */
  revenue?: number;
}

function dayOf(value: string, what: string): number {
  const ts =
    typeof value === "string" ? Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value) : NaN;
  if (Number.isNaN(ts))
    throw new Error(`${what} must be "YYYY-MM-DD" or an ISO timestamp, got ${JSON.stringify(value)}`);
  return Math.floor(ts / DAY_MS);
}

function* validateItems(items: readonly InventoryItem[]): Steps<Map<string, InventoryItem>> {
  if (!Array.isArray(items))
    throw new Error("expected inventory as an array of { id, onHand, unitCost?, productType?, price?, createdAt? }");
  const byId = new Map<string, InventoryItem>();
  for (let i = 0; i < items.length; i++) {
    if (i % STEP_EVERY === STEP_EVERY - 1) yield;
    const it = items[i];
    if (typeof it?.id !== "string" || it.id === "") throw new Error(`inventory[${i}].id must be a non-empty string`);
    if (byId.has(it.id)) throw new Error(`inventory[${i}]: duplicate id ${it.id}; sum on-hand across locations first`);
    if (typeof it.onHand !== "number" || !Number.isFinite(it.onHand))
      throw new Error(`inventory[${i}].onHand must be a number, got ${JSON.stringify(it.onHand)}`);
    if (it.unitCost != null && !(Number.isFinite(it.unitCost) && it.unitCost >= 0))
      throw new Error(`inventory[${i}].unitCost must be a number >= 0 or null`);
    byId.set(it.id, it);
  }
  return byId;
}

interface ParsedSale {
  id: string;
  day: number;
  units: number;
  revenue: number | null;
}
function* parseSales(sales: readonly SaleLine[]): Steps<ParsedSale[]> {
  if (!Array.isArray(sales)) throw new Error("expected sales as an array of { id, date, units, revenue? }");
  const parsed: ParsedSale[] = [];
  for (let i = 0; i < sales.length; i++) {
    if (i % STEP_EVERY === STEP_EVERY - 1) yield;
    const s = sales[i];
    if (typeof s?.id !== "string" || s.id === "") throw new Error(`sales[${i}].id must be a non-empty string`);
    if (typeof s.units !== "number" || !Number.isFinite(s.units)) throw new Error(`sales[${i}].units must be a number`);
    parsed.push({
      id: s.id,
      day: dayOf(s.date, `sales[${i}].date`),
      units: s.units,
      revenue: typeof s.revenue === "number" && Number.isFinite(s.revenue) ? s.revenue : null,
    });
  }
  return parsed;
}

export interface StockStatus {
  id: string;
  title: string | null;
  productType: string | null;
  onHand: number;
  unitCost: number | null;
  /** onHand * unitCost; null when the cost is unknown. */
  valueAtCost: number | null;
  lastSaleDate: string | null;
  /** Days from the last sale to asOf; null when never sold (see ageDays). */
  daysSinceLastSale: number | null;
  /** Days since createdAt, when given. */
  ageDays: number | null;
  unitsSoldInWindow: number;
  /** sold / (sold + onHand) over the window; null when both are 0. */
  sellThroughRate: number | null;
  isDead: boolean;
}

export interface DeadStockReport {
  asOf: string;
  noSalesDays: number;
  deadItems: StockStatus[];
  deadUnits: number;
  /** Sum of valueAtCost over dead items with a known cost. */
  deadValueAtCost: number;
  /** Dead items whose cost is unknown (their value is not in deadValueAtCost). */
  deadItemsWithoutCost: number;
  /** Every item with stock or sales, for sell-through views. */
  items: StockStatus[];
  /** Sales lines whose id is not in the inventory, so they could not be attributed. */
  unmatchedSalesLines: number;
}

/**
 * Dead stock: on hand > 0, no sale in the last `noSalesDays` days before asOf, and (when createdAt is known)
 * on sale for at least that long. Sorted by value at cost, largest first.
 */
export function findDeadStock(
  inventory: readonly InventoryItem[],
  sales: readonly SaleLine[],
  options: { asOf: string; noSalesDays?: number },
): DeadStockReport {
  const byId = runSteps(validateItems(inventory));
  const parsed = runSteps(parseSales(sales));
  const asOf = dayOf(options?.asOf, "options.asOf");
  const noSalesDays = checkedNoSalesDays(options.noSalesDays);
  const lastSale = new Map<string, number>();
  const soldInWindow = new Map<string, number>();
  let unmatched = 0;
  for (const s of parsed) {
    if (!byId.has(s.id)) {
      unmatched++;
      continue;
    }
    if (s.day > asOf || s.units <= 0) continue;
    lastSale.set(s.id, Math.max(lastSale.get(s.id) ?? -Infinity, s.day));
    if (s.day > asOf - noSalesDays) soldInWindow.set(s.id, (soldInWindow.get(s.id) ?? 0) + s.units);
  }
  return runSteps(deadStockReport(byId, { asOf, noSalesDays, lastSale, soldInWindow, unmatched }));
}

/** What dead stock needs of one item's sales, summed by the database (see findDeadStockFromSummaries). */
export interface SalesSummary {
  id: string;
  /** The last day (YYYY-MM-DD) on or before asOf with units sold; null when none. */
  lastSaleDate: string | null;
  /** Units sold in the `noSalesDays` days ending on asOf. */
  unitsInWindow: number;
}

/**
 * findDeadStock from per-item summaries instead of sales lines: on a big store the lines are every
 * variant's every selling day (millions), while these are one row per variant, summed in SQL.
 * The summaries must be for the same asOf and noSalesDays.
 */
export function findDeadStockFromSummaries(
  inventory: readonly InventoryItem[],
  summaries: Iterable<SalesSummary>,
  options: { asOf: string; noSalesDays?: number },
): DeadStockReport {
  return runSteps(findDeadStockFromSummariesSteps(inventory, summaries, options));
}

/** findDeadStockFromSummaries as steps (the same arithmetic in the same order), for `runPaced`. */
export function* findDeadStockFromSummariesSteps(
  inventory: readonly InventoryItem[],
  summaries: Iterable<SalesSummary>,
  options: { asOf: string; noSalesDays?: number },
): Steps<DeadStockReport> {
  const byId = yield* validateItems(inventory);
  const asOf = dayOf(options?.asOf, "options.asOf");
  const noSalesDays = checkedNoSalesDays(options.noSalesDays);
  const lastSale = new Map<string, number>();
  const soldInWindow = new Map<string, number>();
  let unmatched = 0;
  let step = 0;
  for (const s of summaries) {
    if (++step % STEP_EVERY === 0) yield;
    if (!byId.has(s.id)) {
      unmatched++;
      continue;
    }
    if (s.lastSaleDate !== null) {
      const day = dayOf(s.lastSaleDate, `sales summary ${s.id}.lastSaleDate`);
      if (day <= asOf) lastSale.set(s.id, day);
    }
    if (s.unitsInWindow > 0) soldInWindow.set(s.id, s.unitsInWindow);
  }
  return yield* deadStockReport(byId, { asOf, noSalesDays, lastSale, soldInWindow, unmatched });
}

function checkedNoSalesDays(noSalesDays = 90): number {
  if (!(noSalesDays > 0)) throw new Error(`noSalesDays must be > 0, got ${noSalesDays}`);
  return noSalesDays;
}

function* deadStockReport(
  byId: Map<string, InventoryItem>,
  sold: {
    asOf: number;
    noSalesDays: number;
    lastSale: Map<string, number>;
    soldInWindow: Map<string, number>;
    unmatched: number;
  },
): Steps<DeadStockReport> {
  const { asOf, noSalesDays, lastSale, soldInWindow, unmatched } = sold;
  const items: StockStatus[] = [];
  let step = 0;
  for (const it of byId.values()) {
    if (++step % STEP_EVERY === 0) yield;
    const last = lastSale.get(it.id);
    const sold = soldInWindow.get(it.id) ?? 0;
    const onHand = Math.max(0, it.onHand);
    const ageDays = it.createdAt ? asOf - dayOf(it.createdAt, `inventory ${it.id}.createdAt`) : null;
    const daysSince = last !== undefined ? asOf - last : null;
    const oldEnough = ageDays === null || ageDays >= noSalesDays;
    const isDead = onHand > 0 && oldEnough && (daysSince === null || daysSince >= noSalesDays);
    if (onHand === 0 && sold === 0) continue;
    items.push({
      id: it.id,
      title: it.title ?? null,
      productType: it.productType ?? null,
      onHand,
      unitCost: it.unitCost ?? null,
      valueAtCost: it.unitCost != null ? onHand * it.unitCost : null,
      lastSaleDate: last !== undefined ? fromEpochDay(last) : null,
      daysSinceLastSale: daysSince,
      ageDays,
      unitsSoldInWindow: sold,
      sellThroughRate: sold + onHand > 0 ? sold / (sold + onHand) : null,
      isDead,
    });
  }
  const dead = yield* sortSteps(
    items.filter((i) => i.isDead),
    (a, b) => (b.valueAtCost ?? -1) - (a.valueAtCost ?? -1) || b.onHand - a.onHand,
  );
  // The three totals in one pass, each summed in the order of `dead` as before.
  let deadUnits = 0;
  let deadValueAtCost = 0;
  let deadItemsWithoutCost = 0;
  for (let i = 0; i < dead.length; i++) {
    if (i % STEP_EVERY === STEP_EVERY - 1) yield;
    deadUnits += dead[i].onHand;
    deadValueAtCost += dead[i].valueAtCost ?? 0;
    if (dead[i].valueAtCost === null) deadItemsWithoutCost++;
  }
  return {
    asOf: fromEpochDay(asOf),
    noSalesDays,
    deadItems: dead,
    deadUnits,
    deadValueAtCost,
    deadItemsWithoutCost,
    items,
    unmatchedSalesLines: unmatched,
  };
}

export interface CategoryGap {
  category: string;
  products: number;
  catalogueShare: number;
  stockUnits: number;
  stockShare: number;
  demand: number;
  demandShare: number;
  /** Demand change from the first to the second half of the window; null when the first half had none. */
  growth: number | null;
  demandToCatalogueRatio: number | null;
  demandToStockRatio: number | null;
  isGap: boolean;
  reasons: string[];
}

export interface PriceBandGap {
  category: string;
  /** Highest price below the gap and lowest price above it. */
  lower: number;
  upper: number;
  ratio: number;
  productsBelow: number;
  productsAbove: number;
  demandBelow: number;
  demandAbove: number;
}

export interface CategoryGapReport {
  window: { from: string; to: string };
  measure: "units" | "revenue";
  overallGrowth: number | null;
  categories: CategoryGap[];
  priceBandGaps: PriceBandGap[];
  unmatchedSalesLines: number;
}

export interface CategoryGapOptions {
  asOf: string;
  /** Demand window in days before asOf. Default 90. */
  windowDays?: number;
  /** Demand measured in units (default) or revenue. */
  measure?: "units" | "revenue";
  /** A category is a gap when its demand share exceeds its catalogue or stock share by this factor. Default 1.5. */
  shareRatio?: number;
  /** ...or when it grows this much faster than the shop (absolute, 0.2 = 20 points) with demand share >= catalogue share. Default 0.2. */
  growthMargin?: number;
  /** Price gaps: consecutive prices within a category further apart than this factor. Default 2. */
  minGapRatio?: number;
  /** Categories need this many priced products to look for price gaps. Default 3. */
  minProductsForBands?: number;
}

/** Categories under-served relative to their demand or growth, and empty price bands inside categories. */
export function findCategoryGaps(
  inventory: readonly InventoryItem[],
  sales: readonly SaleLine[],
  options: CategoryGapOptions,
): CategoryGapReport {
  return runSteps(findCategoryGapsSteps(inventory, sales, options));
}

/** findCategoryGaps as steps (the same arithmetic in the same order), for `runPaced`. */
export function* findCategoryGapsSteps(
  inventory: readonly InventoryItem[],
  sales: readonly SaleLine[],
  options: CategoryGapOptions,
): Steps<CategoryGapReport> {
  const byId = yield* validateItems(inventory);
  const parsed = yield* parseSales(sales);
  const asOf = dayOf(options?.asOf, "options.asOf");
  const windowDays = options.windowDays ?? 90;
  const measure = options.measure ?? "units";
  const shareRatio = options.shareRatio ?? 1.5;
  const growthMargin = options.growthMargin ?? 0.2;
  const from = asOf - windowDays + 1;
  const mid = from + Math.floor(windowDays / 2);
  const cat = (it: InventoryItem) => (it.productType && it.productType.trim()) || "(no product type)";

  const demandById = new Map<string, number>();
  const halves = new Map<string, [number, number]>();
  let unmatched = 0;
  let step = 0;
  for (const s of parsed) {
    if (++step % STEP_EVERY === 0) yield;
    if (s.day < from || s.day > asOf) continue;
    const it = byId.get(s.id);
    if (!it) {
      unmatched++;
      continue;
    }
    let amount = s.units;
    if (measure === "revenue") {
      if (s.revenue !== null) amount = s.revenue;
      else if (it.price != null) amount = s.units * it.price;
      else
        throw new Error(
          `sale of ${s.id} has no revenue and the item has no price; send revenue or use measure "units"`,
        );
    }
    demandById.set(s.id, (demandById.get(s.id) ?? 0) + amount);
    const c = cat(it);
    const h = halves.get(c) ?? [0, 0];
    h[s.day < mid ? 0 : 1] += amount;
    halves.set(c, h);
  }

  const stats = new Map<string, { products: number; stock: number; demand: number }>();
  for (const it of byId.values()) {
    if (++step % STEP_EVERY === 0) yield;
    const c = cat(it);
    const st = stats.get(c) ?? { products: 0, stock: 0, demand: 0 };
    st.products++;
    st.stock += Math.max(0, it.onHand);
    st.demand += demandById.get(it.id) ?? 0;
    stats.set(c, st);
  }
  const totals = [...stats.values()].reduce(
    (t, s) => ({ products: t.products + s.products, stock: t.stock + s.stock, demand: t.demand + s.demand }),
    { products: 0, stock: 0, demand: 0 },
  );
  const allHalves = [...halves.values()].reduce((t, h) => [t[0] + h[0], t[1] + h[1]], [0, 0]);
  const overallGrowth = allHalves[0] > 0 ? allHalves[1] / allHalves[0] - 1 : null;

  const categories: CategoryGap[] = [];
  for (const [category, s] of stats) {
    const catalogueShare = totals.products ? s.products / totals.products : 0;
    const stockShare = totals.stock ? s.stock / totals.stock : 0;
    const demandShare = totals.demand ? s.demand / totals.demand : 0;
    const h = halves.get(category) ?? [0, 0];
    const growth = h[0] > 0 ? h[1] / h[0] - 1 : null;
    const dc = catalogueShare > 0 ? demandShare / catalogueShare : null;
    const ds = stockShare > 0 ? demandShare / stockShare : null;
    const reasons: string[] = [];
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    if (dc !== null && dc >= shareRatio)
      reasons.push(`${pct(demandShare)} of demand from ${pct(catalogueShare)} of the catalogue`);
    if (demandShare > 0 && (ds === null || ds >= shareRatio))
      reasons.push(`${pct(demandShare)} of demand but ${pct(stockShare)} of units in stock`);
    if (
      growth !== null &&
      overallGrowth !== null &&
      growth - overallGrowth >= growthMargin &&
      demandShare >= catalogueShare
    )
      reasons.push(`growing ${pct(growth)} vs ${pct(overallGrowth)} for the shop`);
    categories.push({
      category,
      products: s.products,
      catalogueShare,
      stockUnits: s.stock,
      stockShare,
      demand: s.demand,
      demandShare,
      growth,
      demandToCatalogueRatio: dc,
      demandToStockRatio: ds,
      isGap: reasons.length > 0,
      reasons,
    });
  }
  categories.sort(
    (a, b) => Number(b.isGap) - Number(a.isGap) || (b.demandToCatalogueRatio ?? 0) - (a.demandToCatalogueRatio ?? 0),
  );

  const minGapRatio = options.minGapRatio ?? 2;
  const minProducts = options.minProductsForBands ?? 3;
  const priceBandGaps: PriceBandGap[] = [];
  const priced = new Map<string, { price: number; demand: number }[]>();
  for (const it of byId.values()) {
    if (++step % STEP_EVERY === 0) yield;
    if (it.price == null || !(it.price > 0)) continue;
    const list = priced.get(cat(it)) ?? [];
    list.push({ price: it.price, demand: demandById.get(it.id) ?? 0 });
    priced.set(cat(it), list);
  }
  for (const [category, unsorted] of priced) {
    if (unsorted.length < minProducts) continue;
    const list = yield* sortSteps(unsorted, (a, b) => a.price - b.price);
    for (let i = 0; i < list.length - 1; i++) {
      if (++step % STEP_EVERY === 0) yield;
      const ratio = list[i + 1].price / list[i].price;
      if (ratio < minGapRatio) continue;
      const below = list.slice(0, i + 1);
      const above = list.slice(i + 1);
      priceBandGaps.push({
        category,
        lower: list[i].price,
        upper: list[i + 1].price,
        ratio,
        productsBelow: below.length,
        productsAbove: above.length,
        demandBelow: below.reduce((s, x) => s + x.demand, 0),
        demandAbove: above.reduce((s, x) => s + x.demand, 0),
      });
    }
  }
  priceBandGaps.sort((a, b) => b.ratio - a.ratio);
  return {
    window: { from: fromEpochDay(from), to: fromEpochDay(asOf) },
    measure,
    overallGrowth,
    categories,
    priceBandGaps,
    unmatchedSalesLines: unmatched,
  };
}
