// The marketing tools' reads of the mirror, aggregated in SQL (SQLite and PostgreSQL alike) so that
// a store with a million orders is never read order by order: per customer for RFM and CLV, per
// product for stock movement and bundles, per discount-code combination for campaign results.
// Memory stays bounded by the number of customers (read in pages) or products, not orders.
import { dialect, num, forEachPackedRow, selectRows, type Dialect, type SqlValue } from "../analytics/sql";
import { dayNumber, HistoryBuilder, TotalsBuilder, type CustomerHistories, type CustomerTotals } from "./orders";
import type { CampaignTotals } from "./campaigns";
import { epochDay, localDay } from "../core/time";
import { chunks, inChunks } from "../db/chunk";
import type { Db } from "../db/client";
import { fillLocalDays, shopTimeZone } from "../mirror/local-days";

/**
 * An order's net value: total - refunded, with the refund capped at the total (Shopify refunds can
 * include shipping or rounding, so they may exceed it by a little: that order is fully refunded).
 */
const net = (a: string) =>
  `(CASE WHEN ${a}."total" <= 0 OR ${a}."totalRefunded" >= ${a}."total" THEN 0 WHEN ${a}."totalRefunded" > 0 THEN ${a}."total" - ${a}."totalRefunded" ELSE ${a}."total" END)`;
const NET = `(CASE WHEN "total" <= 0 OR "totalRefunded" >= "total" THEN 0 WHEN "totalRefunded" > 0 THEN "total" - "totalRefunded" ELSE "total" END)`;
/** An order that is a purchase: not fully refunded (a zero-total order is one). */
const purchase = (a: string) => `(${a}."total" <= 0 OR ${a}."totalRefunded" < ${a}."total")`;

const list = (d: Dialect, values: readonly string[]) => values.map((v) => d.lit(v)).join(", ");

export interface OrderWindow {
  /** Orders placed at or after this instant (all history when absent). */
  since?: Date;
  /** Orders placed at or before this instant. */
  until: Date;
  /** Customers per statement for per-customer reads (default CUSTOMERS_PER_RANGE; tests use small ones). */
  perRange?: number;
}

function customerOrdersWhere(d: Dialect, shop: string, window: OrderWindow, a: string): string {
  return [
    `${a}."shop" = ${d.lit(shop)}`,
    `${a}."customerId" IS NOT NULL`,
    `${a}."cancelledAt" IS NULL`,
    ...(window.since ? [`${a}."createdAt" >= ${d.lit(window.since)}`] : []),
    `${a}."createdAt" <= ${d.lit(window.until)}`,
  ].join(" AND ");
}

/**
 * Orders with a customer, not cancelled, in the window (fully refunded ones included). Counted in
 * SQL through selectRows (on SQLite the reader thread, ADR 0029): Prisma's count walked a million
 * orders' index on the event loop.
 */
export async function countCustomerOrders(db: Db, shop: string, window: OrderWindow): Promise<number> {
  const d = dialect();
  const [row] = await selectRows<{ n: number }>(
    db,
    `SELECT COUNT(*) AS "n" FROM "MirrorOrder" o WHERE ${customerOrdersWhere(d, shop, window, "o")}`,
  );
  return num(row?.n);
}

/** Customers per statement when reading per-customer rows: bounds the text in flight (~5 MB). */
export const CUSTOMERS_PER_RANGE = 100_000;

/**
 * Splits the customers with orders in the window into ranges of ids of up to CUSTOMERS_PER_RANGE
 * customers (conditions on o."customerId", one per range), and counts them: one pass over the
 * (shop, customerId, cancelledAt, createdAt) index. Each range is then read by its own statement,
 * so no statement returns more than a range's rows.
 */
async function customerRanges(
  db: Db,
  d: Dialect,
  shop: string,
  window: OrderWindow & { perRange?: number },
): Promise<{ customers: number; ranges: string[] }> {
  const perRange = window.perRange ?? CUSTOMERS_PER_RANGE;
  const rows = await selectRows<{ c: string; rn: number; total: number }>(
    db,
    `SELECT x."c" AS "c", x."rn" AS "rn", x."total" AS "total" FROM (
       SELECT o."customerId" AS "c", ROW_NUMBER() OVER (ORDER BY o."customerId") AS "rn", COUNT(*) OVER () AS "total"
       FROM "MirrorOrder" o WHERE ${customerOrdersWhere(d, shop, window, "o")} GROUP BY o."customerId"
     ) x WHERE x."rn" % ${perRange} = 0 OR x."rn" = x."total" ORDER BY x."rn"`,
  );
  const customers = rows.length ? num(rows[rows.length - 1].total) : 0;
  const bounds = rows.filter((r) => num(r.rn) < customers).map((r) => d.lit(String(r.c)));
  const ranges = [...bounds, null].map(
    (upper, k) =>
      [
        ...(k > 0 ? [`o."customerId" > ${bounds[k - 1]}`] : []),
        ...(upper !== null ? [`o."customerId" <= ${upper}`] : []),
      ].join(" AND ") || "1 = 1",
  );
  return { customers, ranges };
}

/**
 * Every customer's totals over the window (what RFM needs), in one GROUP BY statement: purchases,
 * net revenue, first and last order. Purchases are orders with a customer, not cancelled and not
 * fully refunded. Customers are read in ranges of ids (customerRanges) and each range's rows come
 * back packed (forEachPackedRow): a million customers cost tens of megabytes, not gigabytes.
 */
export async function customerTotals(
  db: Db,
  shop: string,
  window: OrderWindow & { asOf: Date },
): Promise<CustomerTotals> {
  const d = dialect();
  const { customers, ranges } = await customerRanges(db, d, shop, window);
  const builder = new TotalsBuilder(customers);
  for (const range of ranges)
    await forEachPackedRow(
      db,
      d,
      `SELECT o."customerId" AS "customerId", COUNT(*) AS "orders", SUM(${net("o")}) AS "net",
         ${d.epochMs(`MIN(o."createdAt")`)} AS "firstAt", ${d.epochMs(`MAX(o."createdAt")`)} - ${d.epochMs(`MIN(o."createdAt")`)} AS "span"
       FROM "MirrorOrder" o WHERE ${customerOrdersWhere(d, shop, window, "o")} AND ${purchase("o")} AND ${range}
       GROUP BY o."customerId"`,
      ["orders", "net", "firstAt", "span", "customerId"],
      (f) =>
        builder.add({
          orders: f.num(0),
          netRevenue: f.num(1),
          firstOrderAt: f.num(2),
          lastOrderAt: f.num(2) + f.num(3),
          customerId: f.text(4),
        }),
    );
  return builder.finish(window.asOf);
}

/**
 * Every customer's purchase history over the window (what CLV needs): net revenue, distinct
 * purchase days and the net spent on the first of them (read back through the (shop, customerId,
 * cancelledAt, createdAt) index, for repeat customers only). Days are UTC days (what the CLV model
 * has always counted), or with `days: "shop"` the shop's own days (MirrorOrder.localDay, asOf's
 * day in Shop.ianaTimezone). Read in ranges and packed, as customerTotals is; the day span (last -
 * first) and an empty first-day spend for one-day customers keep the text short.
 */
export async function customerHistories(
  db: Db,
  shop: string,
  window: OrderWindow & { asOf: Date; days?: "utc" | "shop" },
): Promise<CustomerHistories> {
  const d = dialect();
  const shopDays = window.days === "shop";
  // Rows written without a local day (direct inserts) get one first; a no-op after a sync.
  if (shopDays) await fillLocalDays(db, shop);
  const asOfDay = shopDays ? dayNumber(localDay(window.asOf, await shopTimeZone(db, shop))) : epochDay(window.asOf);
  const day = (a: string) => (shopDays ? `${a}."localDay"` : d.day(`${a}."createdAt"`));
  const where = (alias: string) => customerOrdersWhere(d, shop, window, alias);
  const select = (range: string) => `SELECT p."c" AS "customerId", p."net" AS "net", p."days" AS "days",
      ${d.dayNumber(`p."firstDay"`)} AS "firstDay", ${d.dayNumber(`p."lastDay"`)} - ${d.dayNumber(`p."firstDay"`)} AS "daySpan",
      CASE WHEN p."days" > 1 THEN (
        SELECT SUM(${net("e")}) FROM "MirrorOrder" e
        WHERE ${where("e")} AND ${purchase("e")} AND e."customerId" = p."c" AND ${day("e")} = p."firstDay"
      ) END AS "netOnFirstDay"
    FROM (
      SELECT o."customerId" AS "c", SUM(${net("o")}) AS "net",
        COUNT(DISTINCT ${day("o")}) AS "days", MIN(${day("o")}) AS "firstDay", MAX(${day("o")}) AS "lastDay"
      FROM "MirrorOrder" o WHERE ${where("o")} AND ${purchase("o")} AND ${range}
      GROUP BY o."customerId"
    ) p`;
  const columns = ["net", "days", "firstDay", "daySpan", "netOnFirstDay", "customerId"];
  const { customers, ranges } = await customerRanges(db, d, shop, window);
  const builder = new HistoryBuilder(customers);
  for (const range of ranges)
    await forEachPackedRow(db, d, select(range), columns, (f) =>
      builder.add({
        netRevenue: f.num(0),
        purchaseDays: f.num(1),
        firstDay: f.num(2),
        lastDay: f.num(2) + f.num(3),
        // One purchase day: it is the whole spend.
        netOnFirstDay: f.empty(4) ? f.num(0) : f.num(4),
        customerId: f.text(5),
      }),
    );
  return builder.finish(window.asOf, asOfDay);
}

/** Email and name of these customers (only those asked for), IN_CHUNK ids a query. */
export async function customerContacts(
  db: Db,
  shop: string,
  ids: readonly string[],
): Promise<Map<string, { email: string | null; firstName: string | null; lastName: string | null }>> {
  const rows = await inChunks(ids, (chunk) =>
    db.mirrorCustomer.findMany({
      where: { shop, id: { in: chunk } },
      select: { id: true, email: true, firstName: true, lastName: true },
    }),
  );
  return new Map(rows.map(({ id, ...person }) => [id, person]));
}

/** Titles of these products (chunked); products not in the mirror are left out. */
export async function productTitles(db: Db, shop: string, ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await inChunks(ids, (chunk) =>
    db.mirrorProduct.findMany({ where: { shop, id: { in: chunk } }, select: { id: true, title: true } }),
  );
  return new Map(rows.map((p) => [p.id, p.title]));
}

/** Line items of orders that were not cancelled, in [from, until], with a product. */
function liveLines(d: Dialect, shop: string, from: Date, until: Date): string {
  const s = d.lit(shop);
  return `li."shop" = ${s} AND li."createdAt" >= ${d.lit(from)} AND li."createdAt" <= ${d.lit(until)} AND li."productId" IS NOT NULL
    AND li."orderId" NOT IN (SELECT "id" FROM "MirrorOrder" WHERE "shop" = ${s} AND "cancelledAt" IS NOT NULL)`;
}

export interface ProductStockMovement {
  productId: string;
  /** Units on hand over the product's variants that have stock. */
  onHand: number;
  /** onHand x unit cost (the price when the cost is unknown). */
  value: number;
  /** Units of those variants sold since windowStart. */
  sold: number;
  /**
   * No in-stock variant sold since windowStart and the product was on sale before it (or its
   * launch date is unknown): research/deadstock.ts's definition of dead stock, per product.
   */
  dead: boolean;
}

/**
 * Per product in stock: units on hand, their value, units sold in [windowStart, until] and whether
 * it is dead stock, from the variants with stock (inventory levels summed per variant) and their
 * line items, aggregated in SQL.
 */
export async function productStockMovement(
  db: Db,
  shop: string,
  window: { windowStart: Date; until: Date },
): Promise<ProductStockMovement[]> {
  const d = dialect();
  const s = d.lit(shop);
  const start = d.lit(window.windowStart);
  const rows = await selectRows<{ productId: string; onHand: number; value: number; sold: number; oldEnough: number }>(
    db,
    `SELECT st."productId" AS "productId", SUM(st."onHand") AS "onHand",
       SUM(st."onHand" * COALESCE(st."unitCost", st."price")) AS "value", SUM(COALESCE(u."units", 0)) AS "sold",
       MAX(CASE WHEN p."createdAt" IS NULL OR p."createdAt" < ${start} THEN 1 ELSE 0 END) AS "oldEnough"
     FROM (
       SELECT v."id" AS "variantId", v."productId" AS "productId", v."price" AS "price", v."unitCost" AS "unitCost",
         SUM(l."available") AS "onHand"
       FROM "MirrorVariant" v
       JOIN "MirrorInventoryLevel" l ON l."shop" = v."shop" AND l."inventoryItemId" = v."inventoryItemId"
       WHERE v."shop" = ${s}
       GROUP BY v."id", v."productId", v."price", v."unitCost"
       HAVING SUM(l."available") > 0
     ) st
     LEFT JOIN (
       SELECT li."variantId" AS "variantId", SUM(li."quantity") AS "units"
       FROM "MirrorLineItem" li
       WHERE ${liveLines(d, shop, window.windowStart, window.until)} AND li."variantId" IS NOT NULL AND li."quantity" > 0
       GROUP BY li."variantId"
     ) u ON u."variantId" = st."variantId"
     LEFT JOIN "MirrorProduct" p ON p."shop" = ${s} AND p."id" = st."productId"
     GROUP BY st."productId"`,
  );
  return rows.map((r) => ({
    productId: String(r.productId),
    onHand: num(r.onHand),
    value: num(r.value),
    sold: num(r.sold),
    dead: num(r.oldEnough) === 1 && num(r.sold) === 0,
  }));
}

export interface BundleCounts {
  /** Orders with a product line in the window. */
  baskets: number;
  /** Of those, orders with at most maxItems distinct products (the ones counted). */
  orders: number;
  /** The `limit` pairs with the highest lift among those bought together in at least minCount counted orders. */
  pairs: { productA: string; productB: string; together: number; lift: number }[];
}

/**
 * Products bought together, counted in SQL: each order (not cancelled, with a product line in
 * [from, until]) is its set of distinct products; orders with more than maxItems products are left
 * out, as research/bundles.ts does, and so is its lift: support of the pair / (support of A x
 * support of B), in the same double arithmetic. Highest lift first (then more orders, then ids);
 * productA is the product first sold in the window.
 */
export async function bundleCounts(
  db: Db,
  shop: string,
  window: { from: Date; until: Date },
  options: { minCount: number; maxItems: number; limit: number },
): Promise<BundleCounts> {
  const d = dialect();
  const items = `items AS (
      SELECT li."orderId" AS "o", li."productId" AS "p", MIN(li."createdAt") AS "at"
      FROM "MirrorLineItem" li WHERE ${liveLines(d, shop, window.from, window.until)}
      GROUP BY li."orderId", li."productId"
    ),
    baskets AS (SELECT "o", COUNT(*) AS "k" FROM items GROUP BY "o")`;
  const real = (x: string) => `CAST(${x} AS DOUBLE PRECISION)`;
  const n = `${real(`t."orders"`)}`;
  // One statement: the totals row, joined to the best pairs (none when nothing was bought together).
  const rows = await selectRows<{
    baskets: number;
    orders: number;
    a: string | null;
    b: string | null;
    together: number | null;
    lift: number | null;
    fa: number | null;
    fb: number | null;
  }>(
    db,
    `WITH ${items},
       totals AS (
         SELECT COUNT(*) AS "baskets", SUM(CASE WHEN "k" <= ${options.maxItems} THEN 1 ELSE 0 END) AS "orders" FROM baskets
       ),
       kept AS (SELECT i."o" AS "o", i."p" AS "p" FROM items i JOIN baskets b ON b."o" = i."o" WHERE b."k" <= ${options.maxItems}),
       counts AS (SELECT "p", COUNT(*) AS "n" FROM kept GROUP BY "p"),
       firsts AS (SELECT "p", MIN("at") AS "at" FROM items GROUP BY "p"),
       best AS (
         SELECT x."a" AS "a", x."b" AS "b", x."together" AS "together",
           ${real(`x."together"`)} / ${n} / ((${real(`ca."n"`)} / ${n}) * (${real(`cb."n"`)} / ${n})) AS "lift"
         FROM (
           SELECT k1."p" AS "a", k2."p" AS "b", COUNT(*) AS "together"
           FROM kept k1 JOIN kept k2 ON k2."o" = k1."o" AND k1."p" < k2."p"
           GROUP BY k1."p", k2."p"
           HAVING COUNT(*) >= ${options.minCount}
         ) x
         JOIN counts ca ON ca."p" = x."a" JOIN counts cb ON cb."p" = x."b" CROSS JOIN totals t
         ORDER BY 4 DESC, 3 DESC, 1, 2
         LIMIT ${options.limit}
       )
     SELECT t."baskets" AS "baskets", t."orders" AS "orders", y."a" AS "a", y."b" AS "b", y."together" AS "together",
       y."lift" AS "lift", ${d.epochMs(`fa."at"`)} AS "fa", ${d.epochMs(`fb."at"`)} AS "fb"
     FROM totals t
     LEFT JOIN best y ON 1 = 1
     LEFT JOIN firsts fa ON fa."p" = y."a" LEFT JOIN firsts fb ON fb."p" = y."b"
     ORDER BY y."lift" DESC, y."together" DESC, y."a", y."b"`,
  );
  const totals = rows[0];
  const pairs = rows.filter((r) => r.a !== null && r.b !== null) as {
    a: string;
    b: string;
    together: number;
    lift: number;
    fa: number;
    fb: number;
  }[];
  return {
    baskets: num(totals?.baskets),
    orders: num(totals?.orders),
    pairs: pairs.map((p) => {
      const [a, b] = [String(p.a), String(p.b)];
      // Name first the product that sold first in the window (ties: the smaller id).
      const swap = num(p.fb) < num(p.fa) || (num(p.fb) === num(p.fa) && b < a);
      return { productA: swap ? b : a, productB: swap ? a : b, together: num(p.together), lift: num(p.lift) };
    }),
  };
}

/**
 * Who bought these products: distinct (customer, product) pairs from orders with a customer, not
 * cancelled, in the window (fully refunded ones included).
 */
export async function productBuyers(
  db: Db,
  shop: string,
  productIds: readonly string[],
  window: { since: Date; until: Date },
): Promise<{ customerId: string; productId: string }[]> {
  const d = dialect();
  const s = d.lit(shop);
  const [since, until] = [d.lit(window.since), d.lit(window.until)];
  const buyers: { customerId: string; productId: string }[] = [];
  // Popular products have tens of thousands of buyers: packed rows, not a Prisma row each.
  for (const chunk of chunks(productIds)) {
    const asked = new Map(chunk.map((id) => [id, id]));
    await forEachPackedRow(
      db,
      d,
      `SELECT DISTINCT li."productId" AS "productId", o."customerId" AS "customerId"
       FROM "MirrorLineItem" li JOIN "MirrorOrder" o ON o."shop" = li."shop" AND o."id" = li."orderId"
       WHERE li."shop" = ${s} AND li."productId" IN (${list(d, chunk)})
         AND li."createdAt" >= ${since} AND li."createdAt" <= ${until}
         AND o."customerId" IS NOT NULL AND o."cancelledAt" IS NULL AND o."createdAt" >= ${since} AND o."createdAt" <= ${until}`,
      ["productId", "customerId"],
      (f) => {
        const productId = f.text(0);
        buyers.push({ productId: asked.get(productId) ?? productId, customerId: f.text(1) });
      },
    );
  }
  return buyers;
}

/** Each distinct value of MirrorOrder.discountCodes on orders that were not cancelled, with its use. */
export async function discountCodeCombinations(
  db: Db,
  shop: string,
): Promise<{ codes: string; orders: number; first: number; last: number }[]> {
  const d = dialect();
  const rows = await selectRows<{ codes: string; orders: number; first: number; last: number }>(
    db,
    `SELECT "discountCodes" AS "codes", COUNT(*) AS "orders",
       ${d.epochMs(`MIN("createdAt")`)} AS "first", ${d.epochMs(`MAX("createdAt")`)} AS "last"
     FROM "MirrorOrder" WHERE "shop" = ${d.lit(shop)} AND "cancelledAt" IS NULL
     GROUP BY "discountCodes"`,
  );
  return rows.map((r) => ({ codes: String(r.codes), orders: num(r.orders), first: num(r.first), last: num(r.last) }));
}

export interface CampaignQuery {
  /** The discountCodes values (combinations) that include the campaign's code. */
  combinations: readonly string[];
  /** The campaign's window in epoch ms (infinite = open). */
  from: number;
  to: number;
}

/**
 * The totals measureCampaigns computes, for several campaigns at once, in three statements over the
 * shop's orders that were not cancelled: orders, net revenue and discounts of the orders with the
 * code in the window; the baseline (orders in the window whose discountCodes is one of
 * `noCodeCombinations`); and customers, new ones being those whose first order overall is their
 * first order with the code (a guest order is its own new customer).
 */
export async function campaignTotals(
  db: Db,
  shop: string,
  campaigns: readonly CampaignQuery[],
  noCodeCombinations: readonly string[],
): Promise<CampaignTotals[]> {
  if (campaigns.length === 0) return [];
  const d = dialect();
  const s = d.lit(shop);
  const live = `"shop" = ${s} AND "cancelledAt" IS NULL`;
  const inWindow = (c: CampaignQuery) =>
    [
      ...(Number.isFinite(c.from) ? [`"createdAt" >= ${d.lit(new Date(c.from))}`] : []),
      ...(Number.isFinite(c.to) ? [`"createdAt" <= ${d.lit(new Date(c.to))}`] : []),
    ].join(" AND ") || "1 = 1";
  const inList = (values: readonly string[]) => (values.length ? `"discountCodes" IN (${list(d, values)})` : "1 = 0");
  const used = (c: CampaignQuery) => `${inList(c.combinations)} AND ${inWindow(c)}`;
  const allCombinations = [...new Set(campaigns.flatMap((c) => c.combinations))];

  const coded = await selectRows<Record<string, SqlValue>>(
    db,
    `SELECT ${campaigns
      .map(
        (c, k) =>
          `SUM(CASE WHEN ${used(c)} THEN 1 ELSE 0 END) AS "o${k}", SUM(CASE WHEN ${used(c)} THEN ${NET} ELSE 0 END) AS "r${k}",
           SUM(CASE WHEN ${used(c)} AND "totalDiscounts" > 0 THEN "totalDiscounts" ELSE 0 END) AS "d${k}",
           SUM(CASE WHEN ${used(c)} AND "customerId" IS NULL THEN 1 ELSE 0 END) AS "g${k}"`,
      )
      .join(", ")}
     FROM "MirrorOrder" WHERE ${live} AND ${inList(allCombinations)}`,
  );
  const baseline = await selectRows<Record<string, SqlValue>>(
    db,
    `SELECT ${campaigns
      .map(
        (c, k) =>
          `SUM(CASE WHEN ${inWindow(c)} THEN 1 ELSE 0 END) AS "n${k}", SUM(CASE WHEN ${inWindow(c)} THEN ${NET} ELSE 0 END) AS "v${k}"`,
      )
      .join(", ")}
     FROM "MirrorOrder" WHERE ${live} AND ${inList(noCodeCombinations)}`,
  );
  // Per customer with a coded order: the first order with each code, against their first order of all.
  const people = await selectRows<Record<string, SqlValue>>(
    db,
    `SELECT ${campaigns
      .map(
        (_, k) =>
          `SUM(CASE WHEN x."f${k}" IS NOT NULL THEN 1 ELSE 0 END) AS "c${k}", SUM(CASE WHEN x."f${k}" = x."first" THEN 1 ELSE 0 END) AS "n${k}"`,
      )
      .join(", ")}
     FROM (
       SELECT y.*, (
         SELECT MIN(e."createdAt") FROM "MirrorOrder" e WHERE e."shop" = ${s} AND e."customerId" = y."customerId" AND e."cancelledAt" IS NULL
       ) AS "first"
       FROM (
         SELECT "customerId", ${campaigns.map((c, k) => `MIN(CASE WHEN ${used(c)} THEN "createdAt" END) AS "f${k}"`).join(", ")}
         FROM "MirrorOrder" WHERE ${live} AND "customerId" IS NOT NULL AND ${inList(allCombinations)}
         GROUP BY "customerId"
       ) y
     ) x`,
  );
  const [a, b, c] = [coded[0] ?? {}, baseline[0] ?? {}, people[0] ?? {}];
  return campaigns.map((_, k) => {
    const guests = num(a[`g${k}`]);
    return {
      orders: num(a[`o${k}`]),
      customers: num(c[`c${k}`]) + guests,
      revenue: num(a[`r${k}`]),
      discountCost: num(a[`d${k}`]),
      newCustomers: num(c[`n${k}`]) + guests,
      baselineOrders: num(b[`n${k}`]),
      baselineRevenue: num(b[`v${k}`]),
    };
  });
}
