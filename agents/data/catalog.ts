// Read models over the store mirror for the agents: the catalog with stock, and daily sales series.
import { dialect, forEachPackedRow, selectRows } from "../analytics/sql";
import { IN_CHUNK, inChunks } from "../db/chunk";
import type { Db } from "../db/client";
import { pacer } from "../core/pace";
import type { MirrorInventoryLevel, MirrorProduct, MirrorVariant } from "@prisma/client";
import { addDays, daysBetween, localDay, type IsoDay } from "../core/time";
import { fillLocalDays, shopTimeZone } from "../mirror/local-days";

export interface CatalogVariant {
  variantId: string;
  productId: string;
  productTitle: string;
  variantTitle: string;
  sku: string | null;
  vendor: string | null;
  productType: string | null;
  /** The product's featured image, when it has one. */
  imageUrl: string | null;
  price: number;
  unitCost: number | null;
  inventoryItemId: string | null;
  onHand: number;
  stockByLocation: { locationId: string; available: number }[];
}

export async function loadCatalog(
  db: Db,
  shop: string,
  filter: { skus?: string[]; variantIds?: string[]; productIds?: string[] } = {},
  /** Rows per statement of a whole-catalog read (default CATALOG_PAGE; tests use small pages). */
  pageSize = CATALOG_PAGE,
): Promise<CatalogVariant[]> {
  const lists = (
    [
      ["sku", filter.skus],
      ["id", filter.variantIds],
      ["productId", filter.productIds],
    ] as const
  ).flatMap(([field, values]) => (values ? [{ field, values: new Set<string | null>(values) }] : []));
  // The whole catalog is read by shop (its products and stock too): no list of ids at all. A
  // filtered one is read in slices of its first list; any other list filters in memory.
  const whole = lists.length === 0;
  const [first, ...rest] = lists;
  const variants: VariantRow[] = whole
    ? await wholeVariants(db, shop, pageSize)
    : (
        await inChunks(first.values, (chunk) =>
          db.mirrorVariant.findMany({ where: { shop, [first.field]: { in: chunk } } }),
        )
      ).filter((v) => rest.every((list) => list.values.has(v[list.field])));
  // Only a filtered catalog reads its products and levels by id.
  const productIds = whole ? [] : [...new Set(variants.map((v) => v.productId))];
  const itemIds = whole ? [] : variants.map((v) => v.inventoryItemId).filter((x): x is string => Boolean(x));
  const [products, levels]: [ProductRow[], LevelRow[]] = await Promise.all([
    whole
      ? wholeProducts(db, shop, pageSize)
      : inChunks(productIds, (chunk) => db.mirrorProduct.findMany({ where: { shop, id: { in: chunk } } })),
    whole
      ? wholeLevels(db, shop, pageSize)
      : inChunks(itemIds, (chunk) =>
          db.mirrorInventoryLevel.findMany({ where: { shop, inventoryItemId: { in: chunk } } }),
        ),
  ]);
  const productById = new Map(products.map((p) => [p.id, p]));
  const levelsByItem = new Map<string, { locationId: string; available: number }[]>();
  const pace = pacer();
  for (const level of levels) {
    const turn = pace();
    if (turn) await turn;
    const stock = levelsByItem.get(level.inventoryItemId);
    const entry = { locationId: level.locationId, available: level.available };
    if (stock) stock.push(entry);
    else levelsByItem.set(level.inventoryItemId, [entry]);
  }
  const catalog: CatalogVariant[] = [];
  for (const v of variants) {
    const turn = pace();
    if (turn) await turn;
    const product = productById.get(v.productId);
    const stock = v.inventoryItemId ? (levelsByItem.get(v.inventoryItemId) ?? []) : [];
    catalog.push({
      variantId: v.id,
      productId: v.productId,
      productTitle: product?.title ?? v.productId,
      variantTitle: v.title,
      sku: v.sku,
      vendor: product?.vendor ?? null,
      productType: product?.productType ?? null,
      imageUrl: product?.imageUrl ?? null,
      price: v.price,
      unitCost: v.unitCost,
      inventoryItemId: v.inventoryItemId,
      onHand: stock.reduce((sum, s) => sum + s.available, 0),
      stockByLocation: stock,
    });
  }
  return catalog;
}

type VariantRow = Pick<MirrorVariant, "id" | "productId" | "title" | "sku" | "price" | "unitCost" | "inventoryItemId">;
type ProductRow = Pick<MirrorProduct, "id" | "title" | "vendor" | "productType" | "imageUrl">;
type LevelRow = Pick<MirrorInventoryLevel, "inventoryItemId" | "locationId" | "available">;

/**
 * Rows of the whole catalog per statement. Prisma's reads run on the event loop with SQLite (libsql
 * is synchronous): one findMany of the 300k variants of a 100k-product store held it for 28 s. The
 * whole catalog is read instead in keyset pages of raw SQL through selectRows, which a SQLite
 * client runs on its reader thread (ADR 0029): the event loop only takes each page's rows.
 */
const CATALOG_PAGE = 5_000;

/** Every page of `read(last row of the previous page)` until a short one. */
async function paged<T>(pageSize: number, read: (last: T | null) => Promise<T[]>): Promise<T[]> {
  const rows: T[] = [];
  for (let last: T | null = null; ;) {
    const page = await read(last);
    for (const row of page) rows.push(row);
    if (page.length < pageSize) return rows;
    last = page[page.length - 1];
  }
}

/**
 * Every variant of the shop, by SKU (variants without one first), then id: the order SQLite's plan
 * for Prisma's findMany of the shop's variants gave (its (shop, sku) index; equal SKUs by row, here
 * by id), which callers that keep the first N variants depend on.
 */
async function wholeVariants(db: Db, shop: string, pageSize: number): Promise<VariantRow[]> {
  const d = dialect();
  const columns = `"id", "productId", "title", "sku", "price", "unitCost", "inventoryItemId"`;
  const read = (where: (last: VariantRow | null) => string, orderBy: string) =>
    paged<VariantRow>(pageSize, (last) =>
      selectRows<VariantRow>(
        db,
        `SELECT ${columns} FROM "MirrorVariant" WHERE "shop" = ${d.lit(shop)} AND ${where(last)}
         ORDER BY ${orderBy} LIMIT ${pageSize}`,
      ),
    );
  const withoutSku = await read((last) => `"sku" IS NULL${last ? ` AND "id" > ${d.lit(last.id)}` : ""}`, `"id"`);
  const withSku = await read(
    (last) =>
      `"sku" IS NOT NULL${last ? ` AND "sku" >= ${d.lit(last.sku!)} AND ("sku" > ${d.lit(last.sku!)} OR "id" > ${d.lit(last.id)})` : ""}`,
    `"sku", "id"`,
  );
  return [...withoutSku, ...withSku];
}

async function wholeProducts(db: Db, shop: string, pageSize: number): Promise<ProductRow[]> {
  const d = dialect();
  return paged<ProductRow>(pageSize, (last) =>
    selectRows<ProductRow>(
      db,
      `SELECT "id", "title", "vendor", "productType", "imageUrl" FROM "MirrorProduct"
       WHERE "shop" = ${d.lit(shop)}${last ? ` AND "id" > ${d.lit(last.id)}` : ""} ORDER BY "id" LIMIT ${pageSize}`,
    ),
  );
}

/** Every inventory level of the shop, by item then location (its primary key's order). */
async function wholeLevels(db: Db, shop: string, pageSize: number): Promise<LevelRow[]> {
  const d = dialect();
  return paged<LevelRow>(pageSize, (last) =>
    selectRows<LevelRow>(
      db,
      `SELECT "inventoryItemId", "locationId", "available" FROM "MirrorInventoryLevel"
       WHERE "shop" = ${d.lit(shop)}${
         last
           ? ` AND "inventoryItemId" >= ${d.lit(last.inventoryItemId)} AND ("inventoryItemId" > ${d.lit(last.inventoryItemId)} OR "locationId" > ${d.lit(last.locationId)})`
           : ""
       } ORDER BY "inventoryItemId", "locationId" LIMIT ${pageSize}`,
    ),
  );
}

/** The featured image of each of these products that has one, in one query (for a page of rows). */
export async function productImageUrls(db: Db, shop: string, productIds: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(productIds)];
  if (ids.length === 0) return new Map();
  const products = await inChunks(ids, (chunk) =>
    db.mirrorProduct.findMany({
      where: { shop, id: { in: chunk }, imageUrl: { not: null } },
      select: { id: true, imageUrl: true },
    }),
  );
  return new Map(products.map((p) => [p.id, p.imageUrl!]));
}

// AIRA resolves product names against the catalog on every turn: a short per-shop cache keeps a
// conversation from reloading a large catalog each time. Whatever changes prices, products or stock
// (an applied or reverted action, a product or inventory webhook) forgets it at once, so a turn
// never works from a catalog older than the last change it could know about.
const CATALOG_TTL_MS = 30_000;
const catalogCache = new Map<string, { at: number; catalog: Promise<CatalogVariant[]> }>();

/** The whole catalog of a shop, cached for up to 30 s or until the next change. */
export function cachedCatalog(db: Db, shop: string): Promise<CatalogVariant[]> {
  const cached = catalogCache.get(shop);
  if (cached && Date.now() - cached.at < CATALOG_TTL_MS) return cached.catalog;
  const catalog = loadCatalog(db, shop);
  catalogCache.set(shop, { at: Date.now(), catalog });
  catalog.catch(() => catalogCache.delete(shop));
  return catalog;
}

/** After a change to the shop's products, prices or stock the cached catalog is stale: forget it. */
export function forgetCatalog(shop: string): void {
  catalogCache.delete(shop);
}

export interface DailySeries {
  /** Shop-local day of index 0. */
  start: IsoDay;
  days: number;
  /** Every unit that left the shelf, free ones (gifts, samples) included. */
  units: Map<string, number[]>;
  /** Units sold at a price above zero: the units a price can explain. */
  paidUnits: Map<string, number[]>;
  /** Average price charged per day over the paid units (NaN on days without any: a free unit is no price). */
  price: Map<string, number[]>;
  /** Money taken per day (the paid units at their prices), for the same variants as units. */
  revenue: Map<string, number[]>;
}

/**
 * Units sold per variant per shop-local day (MirrorLineItem.localDay) over the `days` days ending on
 * the local day `end` (inclusive), from line items of orders that were not cancelled. Days without
 * sales are zeros. Days are the merchant's days, so an order placed at 23:30 in New York counts on
 * that evening's day, not on the next UTC day.
 */
export async function dailySales(
  db: Db,
  shop: string,
  options: { days: number; end: IsoDay; variantIds?: string[] },
): Promise<DailySeries> {
  // Rows written without a local day (direct inserts) get one first; a no-op after a sync.
  await fillLocalDays(db, shop);
  const start = addDays(options.end, -(options.days - 1));
  const zeros = () => new Array<number>(options.days).fill(0);
  const units = new Map<string, number[]>();
  const paidUnits = new Map<string, number[]>();
  const revenue = new Map<string, number[]>();
  // Summed per variant and day by the database and streamed packed (forEachPackedRow): at a million
  // orders the window holds millions of lines, which as one object each took the worker past 1 GB.
  const wanted = options.variantIds ? new Set(options.variantIds) : null;
  const dayIndex = new Map<string, number>(); // a few hundred days, parsed once each
  const d = dialect();
  const sumsOf = (variantFilter: string) =>
    forEachPackedRow(
      db,
      d,
      `SELECT l."variantId" AS "v", l."localDay" AS "day", SUM(l."quantity") AS "units",
  SUM(CASE WHEN l."unitPrice" > 0 THEN l."quantity" ELSE 0 END) AS "paid",
  SUM(CASE WHEN l."unitPrice" > 0 THEN l."quantity" * l."unitPrice" ELSE 0 END) AS "revenue"
FROM "MirrorLineItem" l
WHERE l."shop" = ${d.lit(shop)} AND l."localDay" >= ${d.lit(start)} AND l."localDay" <= ${d.lit(options.end)} AND ${variantFilter}
  AND l."orderId" NOT IN (SELECT o."id" FROM "MirrorOrder" o WHERE o."shop" = ${d.lit(shop)} AND o."cancelledAt" IS NOT NULL AND o."localDay" >= ${d.lit(start)})
GROUP BY l."variantId", l."localDay"`,
      ["units", "paid", "revenue", "day", "v"],
      (row) => {
        const variantId = row.text(4);
        if (wanted && !wanted.has(variantId)) return;
        const day = row.text(3);
        let index = dayIndex.get(day);
        if (index === undefined) dayIndex.set(day, (index = daysBetween(start, day as IsoDay)));
        if (index < 0 || index >= options.days) return;
        let u = units.get(variantId);
        if (!u) {
          units.set(variantId, (u = zeros()));
          paidUnits.set(variantId, zeros());
          revenue.set(variantId, zeros());
        }
        u[index] += row.num(0);
        paidUnits.get(variantId)![index] += row.num(1);
        revenue.get(variantId)![index] += row.num(2);
      },
    );
  // A few variants by id (their index); many as one pass over the window, filtered here: a list of
  // thousands of ids would be as many index probes, and no bind-value limit applies to either.
  // None asked for: no statement (PostgreSQL refuses an empty IN list).
  if (!wanted || wanted.size > IN_CHUNK) await sumsOf(`l."variantId" IS NOT NULL`);
  else if (wanted.size > 0) await sumsOf(`l."variantId" IN (${[...wanted].map((id) => d.lit(id)).join(", ")})`);
  const price = new Map<string, number[]>();
  // A price per variant and day: at 57k sold variants over 90 days, 5M values, ~200 ms in one go.
  const pace = pacer();
  for (const [variantId, paid] of paidUnits) {
    const turn = pace();
    if (turn) await turn;
    const r = revenue.get(variantId)!;
    price.set(
      variantId,
      paid.map((n, i) => (n > 0 ? r[i] / n : NaN)),
    );
  }
  for (const id of options.variantIds ?? [])
    if (!units.has(id)) {
      units.set(id, zeros());
      paidUnits.set(id, zeros());
      revenue.set(id, zeros());
    }
  return { start, days: options.days, units, paidUnits, price, revenue };
}

/** The moment of the newest synced order, or `now` when nothing is synced. */
export async function salesEnd(db: Db, shop: string, now: Date): Promise<Date> {
  const newest = await db.mirrorOrder.findFirst({
    where: { shop },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  return newest ? newest.createdAt : now;
}

/**
 * The shop-local day sales histories end on: the local day of the newest synced order, but never
 * today or later (today is still in progress, and a half day of sales reads as a fall in demand),
 * so the shop's last complete local day when orders are current. Yesterday when nothing is synced.
 * Also fills the local day of rows written without one, so the caller can filter on localDay.
 */
export async function salesEndDay(db: Db, shop: string, now: Date): Promise<IsoDay> {
  // Every reader of local-day series starts here: rows inserted without a local day get one first.
  await fillLocalDays(db, shop);
  const [timeZone, newest] = await Promise.all([
    shopTimeZone(db, shop),
    db.mirrorOrder.findFirst({ where: { shop }, orderBy: { createdAt: "desc" }, select: { createdAt: true } }),
  ]);
  const lastComplete = addDays(localDay(now, timeZone), -1);
  if (!newest) return lastComplete;
  const newestDay = localDay(newest.createdAt, timeZone);
  return newestDay < lastComplete ? newestDay : lastComplete;
}
