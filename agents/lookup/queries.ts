// Lookups on the store mirror: products, orders and customers found by what a merchant knows them
// by (a title word, a SKU, an order's name, a customer's name or email). Every query is bounded
// (LIMIT, a window of orders) and exact lookups use an index (SKU, order name, email, vendor);
// only free-text words scan, and they scan one shop's products or customers with a LIMIT.
import { inChunks } from "../db/chunk";
import { databaseKind, type Db } from "../db/client";

/** Case-insensitive `contains` on both databases (SQLite's LIKE already ignores ASCII case). */
export function containsText(db: Db, value: string) {
  return { contains: value, ...(databaseKind(db) === "postgresql" ? { mode: "insensitive" as const } : {}) };
}

export interface StockAt {
  locationId: string;
  available: number;
}

export interface FoundVariant {
  variantId: string;
  title: string;
  sku: string | null;
  price: number;
  cost: number | null;
  inventoryItemId: string | null;
  stock: number;
  stockByLocation: StockAt[];
}

export interface FoundProduct {
  productId: string;
  title: string;
  vendor: string | null;
  productType: string | null;
  status: string;
  tags: string[];
  variants: FoundVariant[];
}

/** The products with these ids, with their variants and stock per location, in the ids' order. */
export async function productsWithVariants(db: Db, shop: string, productIds: string[]): Promise<FoundProduct[]> {
  if (productIds.length === 0) return [];
  const [products, variants] = await Promise.all([
    inChunks(productIds, (chunk) => db.mirrorProduct.findMany({ where: { shop, id: { in: chunk } } })),
    inChunks(productIds, (chunk) => db.mirrorVariant.findMany({ where: { shop, productId: { in: chunk } } })),
  ]);
  const items = variants.map((v) => v.inventoryItemId).filter((id): id is string => Boolean(id));
  const levels = await inChunks(items, (chunk) =>
    db.mirrorInventoryLevel.findMany({ where: { shop, inventoryItemId: { in: chunk } } }),
  );
  const stockByItem = new Map<string, StockAt[]>();
  for (const level of levels)
    stockByItem.set(level.inventoryItemId, [
      ...(stockByItem.get(level.inventoryItemId) ?? []),
      { locationId: level.locationId, available: level.available },
    ]);
  const variantsByProduct = new Map<string, FoundVariant[]>();
  for (const v of variants.sort((a, b) => a.id.localeCompare(b.id, "en", { numeric: true }))) {
    const stockByLocation = v.inventoryItemId ? (stockByItem.get(v.inventoryItemId) ?? []) : [];
    variantsByProduct.set(v.productId, [
      ...(variantsByProduct.get(v.productId) ?? []),
      {
        variantId: v.id,
        title: v.title,
        sku: v.sku,
        price: v.price,
        cost: v.unitCost,
        inventoryItemId: v.inventoryItemId,
        stock: stockByLocation.reduce((sum, l) => sum + l.available, 0),
        stockByLocation,
      },
    ]);
  }
  const byId = new Map(products.map((p) => [p.id, p]));
  return productIds.flatMap((id) => {
    const p = byId.get(id);
    if (!p) return [];
    return [
      {
        productId: p.id,
        title: p.title,
        vendor: p.vendor,
        productType: p.productType,
        status: p.status,
        tags: p.tags
          ? p.tags
              .split(",")
              .map((t) => t.trim())
              .filter(Boolean)
          : [],
        variants: variantsByProduct.get(p.id) ?? [],
      },
    ];
  });
}

export interface ProductSearch {
  /** Words of the title, a SKU, a vendor, a product type or a tag. */
  query?: string;
  vendor?: string;
  productType?: string;
  tag?: string;
  minPrice?: number;
  maxPrice?: number;
  /** At most this many units in stock (all locations): "what is low". */
  maxStock?: number;
  /** At least this many units in stock. */
  minStock?: number;
  limit: number;
}

/** How many candidate products a text search reads before the price and stock filters. */
const CANDIDATES = 500;

/**
 * Products matching the search, best first: an exact SKU, then exact title, then titles that hold
 * every word, then vendor, type or tag. `more` says whether more matched than were returned.
 */
export async function searchProducts(
  db: Db,
  shop: string,
  search: ProductSearch,
): Promise<{ products: FoundProduct[]; more: boolean }> {
  const ids: string[] = [];
  const add = (found: { id?: string; productId?: string }[]) => {
    for (const row of found) {
      const id = row.productId ?? row.id!;
      if (!ids.includes(id)) ids.push(id);
    }
  };
  const query = search.query?.trim();
  const filters = {
    ...(search.vendor ? { vendor: search.vendor } : {}),
    ...(search.productType ? { productType: search.productType } : {}),
    ...(search.tag ? { tags: containsText(db, search.tag) } : {}),
  };
  if (query) {
    // A SKU is exact (indexed); shoppers' words are matched inside titles, vendors, types and tags.
    add(await db.mirrorVariant.findMany({ where: { shop, sku: query }, select: { productId: true }, take: 20 }));
    if (query.toUpperCase() !== query)
      add(
        await db.mirrorVariant.findMany({
          where: { shop, sku: query.toUpperCase() },
          select: { productId: true },
          take: 20,
        }),
      );
    const words = query
      .split(/\s+/)
      .map((w) => w.replace(/[^\p{L}\p{N}'-]/gu, ""))
      .filter((w) => w.length > 0)
      .slice(0, 8);
    const titled = await db.mirrorProduct.findMany({
      where: { shop, ...filters, AND: words.map((w) => ({ title: containsText(db, w) })) },
      select: { id: true, title: true },
      orderBy: { title: "asc" },
      take: CANDIDATES,
    });
    // The title that is the query comes first, then the shortest titles (the closest matches).
    const lower = query.toLowerCase();
    titled.sort(
      (a, b) =>
        Number(b.title.toLowerCase() === lower) - Number(a.title.toLowerCase() === lower) ||
        a.title.length - b.title.length,
    );
    add(titled);
    if (ids.length < CANDIDATES)
      add(
        await db.mirrorProduct.findMany({
          where: {
            shop,
            ...filters,
            OR: [
              { vendor: containsText(db, query) },
              { productType: containsText(db, query) },
              { tags: containsText(db, query) },
            ],
          },
          select: { id: true },
          orderBy: { title: "asc" },
          take: CANDIDATES - ids.length,
        }),
      );
  } else if (Object.keys(filters).length) {
    add(
      await db.mirrorProduct.findMany({
        where: { shop, ...filters },
        select: { id: true },
        orderBy: { title: "asc" },
        take: CANDIDATES,
      }),
    );
  } else if (search.minPrice != null || search.maxPrice != null) {
    add(
      await db.mirrorVariant.findMany({
        where: { shop, price: { gte: search.minPrice ?? 0, lte: search.maxPrice ?? Number.MAX_SAFE_INTEGER } },
        select: { productId: true },
        take: CANDIDATES,
      }),
    );
  } else {
    add(
      await db.mirrorProduct.findMany({
        where: { shop },
        select: { id: true },
        orderBy: { title: "asc" },
        take: CANDIDATES,
      }),
    );
  }
  const variantFits = (v: FoundVariant) =>
    (search.minPrice == null || v.price >= search.minPrice) &&
    (search.maxPrice == null || v.price <= search.maxPrice) &&
    (search.maxStock == null || v.stock <= search.maxStock) &&
    (search.minStock == null || v.stock >= search.minStock);
  const filtered =
    search.minPrice != null || search.maxPrice != null || search.maxStock != null || search.minStock != null;
  const out: FoundProduct[] = [];
  // Read in pages, so a search with a price or stock filter stops once it has enough.
  for (let i = 0; i < ids.length && out.length <= search.limit; i += 100) {
    for (const product of await productsWithVariants(db, shop, ids.slice(i, i + 100))) {
      const variants = filtered ? product.variants.filter(variantFits) : product.variants;
      if (variants.length) out.push({ ...product, variants });
    }
  }
  return { products: out.slice(0, search.limit), more: out.length > search.limit };
}

/** "#1042", "1042", "order 1042" -> "#1042". */
export function orderNameOf(text: string): string {
  const digits = /(\d+)/.exec(text)?.[1];
  return digits ? `#${digits}` : text.trim();
}

export interface OrderSearch {
  name?: string;
  customer?: string;
  from?: Date;
  to?: Date;
  risk?: "HIGH" | "MEDIUM" | "LOW";
  fulfillment?: "unfulfilled" | "fulfilled" | "partial";
  limit: number;
}

/** The order fields every order lookup reads (search, one order, risky orders). */
export const ORDER_FIELDS = {
  id: true,
  name: true,
  customerId: true,
  email: true,
  createdAt: true,
  cancelledAt: true,
  total: true,
  totalRefunded: true,
  currencyCode: true,
  financialStatus: true,
  fulfillmentStatus: true,
  riskLevel: true,
} as const;

/** Customers whose name or email holds `text`: ids only, at most `take`. */
export async function customerIdsMatching(db: Db, shop: string, text: string, take: number): Promise<string[]> {
  const exact = text.includes("@")
    ? await db.mirrorCustomer.findMany({ where: { shop, email: text.toLowerCase() }, select: { id: true }, take })
    : [];
  if (exact.length) return exact.map((c) => c.id);
  const words = text.split(/\s+/).filter(Boolean).slice(0, 4);
  const rows = await db.mirrorCustomer.findMany({
    where: {
      shop,
      AND: words.map((w) => ({
        OR: [{ firstName: containsText(db, w) }, { lastName: containsText(db, w) }, { email: containsText(db, w) }],
      })),
    },
    select: { id: true },
    orderBy: { totalSpent: "desc" },
    take,
  });
  return rows.map((c) => c.id);
}

/** The newest orders that fit, newest first; each filter narrows an indexed range. */
export async function searchOrders(db: Db, shop: string, search: OrderSearch) {
  const fulfillment =
    search.fulfillment === "unfulfilled"
      ? { OR: [{ fulfillmentStatus: null }, { fulfillmentStatus: { in: ["UNFULFILLED", "unfulfilled"] } }] }
      : search.fulfillment === "fulfilled"
        ? { fulfillmentStatus: { in: ["FULFILLED", "fulfilled"] } }
        : search.fulfillment === "partial"
          ? { fulfillmentStatus: { in: ["PARTIALLY_FULFILLED", "partial", "PARTIAL"] } }
          : {};
  const createdAt = search.from || search.to ? { createdAt: { gte: search.from, lte: search.to } } : {};
  const base = { shop, ...createdAt, ...fulfillment, ...(search.risk ? { riskLevel: search.risk } : {}) };
  if (search.name) {
    const name = orderNameOf(search.name);
    return db.mirrorOrder.findMany({ where: { ...base, name }, select: ORDER_FIELDS, take: search.limit + 1 });
  }
  if (search.customer) {
    const customerIds = await customerIdsMatching(db, shop, search.customer, 50);
    const email = search.customer.includes("@") ? search.customer.toLowerCase() : null;
    const rows = (
      await inChunks(customerIds, (chunk) =>
        db.mirrorOrder.findMany({
          where: { ...base, customerId: { in: chunk } },
          select: ORDER_FIELDS,
          orderBy: { createdAt: "desc" },
          take: search.limit + 1,
        }),
      )
    ).concat(
      email && customerIds.length === 0
        ? await db.mirrorOrder.findMany({
            where: { ...base, email },
            select: ORDER_FIELDS,
            orderBy: { createdAt: "desc" },
            take: search.limit + 1,
          })
        : [],
    );
    return rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()).slice(0, search.limit + 1);
  }
  return db.mirrorOrder.findMany({
    where: base,
    select: ORDER_FIELDS,
    orderBy: { createdAt: "desc" },
    take: search.limit + 1,
  });
}

/** Customers' names by id (for order lists). */
export async function customerNames(db: Db, shop: string, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = ids.filter((id): id is string => Boolean(id));
  const rows = await inChunks(wanted, (chunk) =>
    db.mirrorCustomer.findMany({
      where: { shop, id: { in: chunk } },
      select: { id: true, firstName: true, lastName: true, email: true },
    }),
  );
  return new Map(rows.map((c) => [c.id, fullName(c) ?? c.email ?? "a customer"]));
}

export const fullName = (c: { firstName: string | null; lastName: string | null }) =>
  [c.firstName, c.lastName].filter(Boolean).join(" ") || null;
