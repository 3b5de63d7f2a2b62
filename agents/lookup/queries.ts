// Lookups on the store mirror: products, orders and customers found by what a merchant knows them
// by (a title word, a SKU, an order's name, a customer's name or email). Every query is bounded
// (LIMIT, a window of orders) and exact lookups use an index (SKU, order name, email, vendor);
// only free-text words scan, and they scan one shop's products or customers with a LIMIT.
import { inChunks } from "../db/chunk";
import { databaseKind, type Db } from "../db/client";
import { compareKeys } from "./cursor";

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

/** How many title matches a text search ranks as the best (exact title, then shortest). */
const CANDIDATES = 500;
/** Candidates one page may examine: with price or stock filters a page can end short of `limit`. */
const SCAN = 1000;
/** Candidates read per statement. */
const BATCH = 100;

/**
 * A product's place in a product search: [phase, exact title 0 / other 1, title length, title, id].
 * Phases: 0 an exact SKU, 1 the best CANDIDATES title matches ranked, 2 the other title matches,
 * 3 vendor, type or tag matches, 4 a filter-only or unfiltered listing, 5 a price-only listing.
 * Phases 2-4 walk (title, id) and phase 5 the product id in the database, so a walk over every
 * page is a keyset walk with no cap on the store's size.
 */
export type ProductKey = [phase: number, exact: number, length: number, title: string, id: string];

interface Candidate {
  id: string;
  key: ProductKey;
}

/** Rows of `where` after (title, id) in (title, id) order, BATCH at a time. */
async function* byTitle(db: Db, where: object, phase: number, from?: [string, string]): AsyncGenerator<Candidate> {
  let after = from;
  for (;;) {
    const rows = await db.mirrorProduct.findMany({
      where: {
        AND: [
          where,
          // "title >= t" bounds the range; the OR only breaks the ties at t by id.
          ...(after
            ? [
                { title: { gte: after[0] } },
                { OR: [{ title: { gt: after[0] } }, { title: after[0], id: { gt: after[1] } }] },
              ]
            : []),
        ],
      },
      select: { id: true, title: true },
      orderBy: [{ title: "asc" }, { id: "asc" }],
      take: BATCH,
    });
    for (const row of rows) yield { id: row.id, key: [phase, 0, 0, row.title, row.id] };
    if (rows.length < BATCH) return;
    const last = rows[rows.length - 1];
    after = [last.title, last.id];
  }
}

/** Every product matching the search, best first, after `after`; read lazily. */
async function* productCandidates(
  db: Db,
  shop: string,
  search: ProductSearch,
  after: ProductKey | undefined,
): AsyncGenerator<Candidate> {
  const phase = after?.[0] ?? -1;
  const from = (p: number): [string, string] | undefined => (phase === p ? [after![3], after![4]] : undefined);
  const query = search.query?.trim();
  const filters = {
    ...(search.vendor ? { vendor: search.vendor } : {}),
    ...(search.productType ? { productType: search.productType } : {}),
    ...(search.tag ? { tags: containsText(db, search.tag) } : {}),
  };
  if (query) {
    // A SKU is exact (indexed); shoppers' words are matched inside titles, vendors, types and tags.
    const skus = [...new Set([query, query.toUpperCase()])];
    const bySku = await db.mirrorVariant.findMany({
      where: { shop, sku: { in: skus } },
      select: { productId: true },
      orderBy: [{ productId: "asc" }, { id: "asc" }],
      take: 40,
    });
    const skuIds = [...new Set(bySku.map((v) => v.productId))];
    if (phase <= 0) for (const id of skuIds.sort()) if (!after || id > after[4]) yield { id, key: [0, 0, 0, "", id] };
    const words = query
      .split(/\s+/)
      .map((w) => w.replace(/[^\p{L}\p{N}'-]/gu, ""))
      .filter((w) => w.length > 0)
      .slice(0, 8);
    const titleWords = { AND: words.map((w) => ({ title: containsText(db, w) })) };
    const titled = { shop, ...filters, ...titleWords, id: { notIn: skuIds } };
    let boundary: [string, string] | undefined;
    if (phase <= 1) {
      const window = await db.mirrorProduct.findMany({
        where: titled,
        select: { id: true, title: true },
        orderBy: [{ title: "asc" }, { id: "asc" }],
        take: CANDIDATES,
      });
      if (window.length === CANDIDATES) boundary = [window[CANDIDATES - 1].title, window[CANDIDATES - 1].id];
      // The title that is the query comes first, then the shortest titles (the closest matches).
      const lower = query.toLowerCase();
      const ranked = window
        .map((p): Candidate => ({
          id: p.id,
          key: [1, p.title.toLowerCase() === lower ? 0 : 1, p.title.length, p.title, p.id],
        }))
        .filter((c) => phase < 1 || compareKeys(c.key, after!) > 0)
        .sort((a, b) => compareKeys(a.key, b.key));
      yield* ranked;
    }
    if (phase <= 2 && (boundary || phase === 2)) yield* byTitle(db, titled, 2, from(2) ?? boundary);
    if (phase <= 3)
      yield* byTitle(
        db,
        {
          shop,
          ...filters,
          id: { notIn: skuIds },
          NOT: titleWords,
          OR: [
            { vendor: containsText(db, query) },
            { productType: containsText(db, query) },
            { tags: containsText(db, query) },
          ],
        },
        3,
        from(3),
      );
  } else if (Object.keys(filters).length || (search.minPrice == null && search.maxPrice == null)) {
    if (phase <= 4) yield* byTitle(db, { shop, ...filters }, 4, from(4));
  } else if (phase <= 5) {
    // Price only: the variants in range (by product), each product once.
    let last = phase === 5 ? after![4] : undefined;
    for (;;) {
      const rows = await db.mirrorVariant.findMany({
        where: {
          shop,
          price: { gte: search.minPrice ?? 0, lte: search.maxPrice ?? Number.MAX_SAFE_INTEGER },
          ...(last !== undefined ? { productId: { gt: last } } : {}),
        },
        select: { productId: true },
        orderBy: [{ productId: "asc" }, { id: "asc" }],
        take: BATCH,
      });
      for (const row of rows)
        if (row.productId !== last) {
          last = row.productId;
          yield { id: row.productId, key: [5, 0, 0, "", row.productId] };
        }
      if (rows.length < BATCH) return;
    }
  }
}

/**
 * One page of the products matching the search, best first: an exact SKU, then exact title, then
 * titles that hold every word (shortest first among the first CANDIDATES), then vendor, type or
 * tag. `next` is the position to continue after, null when every match was read; `more` says
 * whether more may match (a page that examined SCAN candidates without filling ends early).
 */
export async function searchProducts(
  db: Db,
  shop: string,
  search: ProductSearch,
  after?: ProductKey,
): Promise<{ products: FoundProduct[]; more: boolean; next: ProductKey | null }> {
  const variantFits = (v: FoundVariant) =>
    (search.minPrice == null || v.price >= search.minPrice) &&
    (search.maxPrice == null || v.price <= search.maxPrice) &&
    (search.maxStock == null || v.stock <= search.maxStock) &&
    (search.minStock == null || v.stock >= search.minStock);
  const filtered =
    search.minPrice != null || search.maxPrice != null || search.maxStock != null || search.minStock != null;
  const out: { product: FoundProduct; key: ProductKey }[] = [];
  const candidates = productCandidates(db, shop, search, after);
  let scanned = 0;
  let lastScanned: ProductKey | undefined;
  let done = false;
  // Read in batches, so a search with a price or stock filter stops once it has enough.
  while (out.length <= search.limit && scanned < SCAN) {
    const batch: Candidate[] = [];
    // Without variant filters every candidate is a product of the page: read no more than it needs.
    while (batch.length < (filtered ? BATCH : search.limit + 1)) {
      const next = await candidates.next();
      if (next.done) {
        done = true;
        break;
      }
      batch.push(next.value);
    }
    scanned += batch.length;
    if (batch.length) lastScanned = batch[batch.length - 1].key;
    const keys = new Map(batch.map((c) => [c.id, c.key]));
    for (const product of await productsWithVariants(
      db,
      shop,
      batch.map((c) => c.id),
    )) {
      const variants = filtered ? product.variants.filter(variantFits) : product.variants;
      if (variants.length) out.push({ product: { ...product, variants }, key: keys.get(product.productId)! });
    }
    if (done) break;
  }
  await candidates.return(undefined);
  if (out.length > search.limit)
    return { products: out.slice(0, search.limit).map((o) => o.product), more: true, next: out[search.limit - 1].key };
  // Not full: every match was read, or this page examined its share and the walk goes on.
  return { products: out.map((o) => o.product), more: !done, next: done ? null : lastScanned! };
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
  /** Only orders after this one in the order newest first (createdAt, then id, both descending). */
  after?: OrderKey;
}

/** An order's place in "newest first": its createdAt (ISO) and, for orders placed in the same millisecond, its id. */
export type OrderKey = [createdAt: string, id: string];

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

/** A customer's place in a customer search: exact email or words, then biggest spender first, then id. */
export type CustomerKey = [match: "email" | "words", totalSpent: number, id: string];

/**
 * Customers whose name or email holds `text`, biggest spenders first (then by id, so ties keep one
 * order): ids and keys, at most `take`, after `after` when given. An email that some customer has
 * exactly finds only those customers.
 */
export async function customersMatching(
  db: Db,
  shop: string,
  text: string,
  take: number,
  after?: CustomerKey,
): Promise<{ id: string; key: CustomerKey }[]> {
  const email = text.includes("@") ? text.toLowerCase() : null;
  const exact =
    email && (after ? after[0] === "email" : true)
      ? (await db.mirrorCustomer.findFirst({ where: { shop, email }, select: { id: true } })) !== null
      : false;
  const words = text.split(/\s+/).filter(Boolean).slice(0, 4);
  const match = exact
    ? { email: email! }
    : {
        AND: words.map((w) => ({
          OR: [{ firstName: containsText(db, w) }, { lastName: containsText(db, w) }, { email: containsText(db, w) }],
        })),
      };
  const rows = await db.mirrorCustomer.findMany({
    where: {
      shop,
      AND: [
        match,
        // "totalSpent <= s" bounds the index range; the OR only breaks the ties at s by id.
        ...(after
          ? [
              { totalSpent: { lte: after[1] } },
              { OR: [{ totalSpent: { lt: after[1] } }, { totalSpent: after[1], id: { gt: after[2] } }] },
            ]
          : []),
      ],
    },
    select: { id: true, totalSpent: true },
    orderBy: [{ totalSpent: "desc" }, { id: "asc" }],
    take,
  });
  return rows.map((c) => ({ id: c.id, key: [exact ? "email" : "words", c.totalSpent, c.id] }));
}

/** Customers whose name or email holds `text`: ids only, at most `take`. */
export async function customerIdsMatching(db: Db, shop: string, text: string, take: number): Promise<string[]> {
  return (await customersMatching(db, shop, text, take)).map((c) => c.id);
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
  // "createdAt <= c" bounds the index range; the OR then only breaks the ties at c by id.
  const after = search.after
    ? [
        { createdAt: { lte: new Date(search.after[0]) } },
        {
          OR: [
            { createdAt: { lt: new Date(search.after[0]) } },
            { createdAt: new Date(search.after[0]), id: { lt: search.after[1] } },
          ],
        },
      ]
    : [];
  // AND keeps the filters' own OR (unfulfilled) apart from the keyset's.
  const base = {
    shop,
    AND: [{ ...createdAt, ...fulfillment, ...(search.risk ? { riskLevel: search.risk } : {}) }, ...after],
  };
  const newestFirst = [{ createdAt: "desc" as const }, { id: "desc" as const }];
  if (search.name) {
    const name = orderNameOf(search.name);
    return db.mirrorOrder.findMany({
      where: { ...base, name },
      select: ORDER_FIELDS,
      orderBy: newestFirst,
      take: search.limit + 1,
    });
  }
  if (search.customer) {
    const customerIds = await customerIdsMatching(db, shop, search.customer, 50);
    const email = search.customer.includes("@") ? search.customer.toLowerCase() : null;
    const rows = (
      await inChunks(customerIds, (chunk) =>
        db.mirrorOrder.findMany({
          where: { ...base, customerId: { in: chunk } },
          select: ORDER_FIELDS,
          orderBy: newestFirst,
          take: search.limit + 1,
        }),
      )
    ).concat(
      email && customerIds.length === 0
        ? await db.mirrorOrder.findMany({
            where: { ...base, email },
            select: ORDER_FIELDS,
            orderBy: newestFirst,
            take: search.limit + 1,
          })
        : [],
    );
    // Each chunk holds its own newest limit + 1: the newest of their union are the page.
    return rows.sort(byNewest).slice(0, search.limit + 1);
  }
  return db.mirrorOrder.findMany({ where: base, select: ORDER_FIELDS, orderBy: newestFirst, take: search.limit + 1 });
}

/** Newest first, then by id descending: the total order search_orders pages along. */
export const byNewest = (a: { createdAt: Date; id: string }, b: { createdAt: Date; id: string }) =>
  b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

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
