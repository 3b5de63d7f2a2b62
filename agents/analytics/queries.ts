// Named, parameterised analytics queries over the store mirror. Each aggregates in SQL (a store
// may hold a million orders) and returns a table (columns + rows), chart series in polaris-viz's
// shape and totals over every row, not only the rows shown. Orders that were cancelled count
// nowhere; days are the shop's local days (localDay), and months their YYYY-MM.
import type { Db } from "../db/client";
import type { Period } from "./period";
import { dailySalesBetween } from "./rollups";
import { dialect, num, selectRows, type Dialect, type SqlValue } from "./sql";
import { roundMoney } from "../core/money";
import { addDays, daysBetween } from "../core/time";
import { dailySales } from "./window";

export const ANALYTICS_QUERIES = [
  "revenue_by_product",
  "revenue_by_collection",
  "revenue_by_day",
  "cohort_retention",
  "repeat_rate",
  "sell_through",
  "top_customers",
] as const;
export type AnalyticsQueryName = (typeof ANALYTICS_QUERIES)[number];

export type ColumnType = "string" | "integer" | "number" | "money" | "percent" | "day" | "month";
export interface Column {
  key: string;
  label: string;
  type: ColumnType;
}
export type Cell = string | number | null;
export type Row = Record<string, Cell>;
/** A chart series as polaris-viz draws it (DataSeries). */
export interface Series {
  name: string;
  data: { key: string; value: number | null }[];
}

export interface AnalyticsTable {
  columns: Column[];
  rows: Row[];
  /** Rows before `limit` cut them. */
  totalRows: number;
  series?: Series[];
  totals?: Row;
  /** What the figures mean (definitions a reader needs). */
  notes: string[];
}

export interface QueryInput {
  shop: string;
  period: Period;
  limit: number;
  /** The day of the newest synced order (retention is observed up to it). */
  lastSaleDay: string;
}

/** The longest revenue_by_day period (one row per day). */
export const MAX_DAILY_ROWS = 731;

export class AnalyticsInputError extends Error {
  constructor(
    message: string,
    readonly hint: string,
    readonly code: "invalid_input" | "insufficient_data" = "invalid_input",
  ) {
    super(message);
  }
}

const ratio = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);
const col = (key: string, label: string, type: ColumnType): Column => ({ key, label, type });

/** SQL pieces shared by the queries, for one shop and period. */
class Scope {
  readonly d: Dialect = dialect();
  constructor(readonly input: QueryInput) {}
  get shop() {
    return this.d.lit(this.input.shop);
  }
  /** `column` (a shop-local day, localDay) falls within the period. */
  inPeriod(column: string) {
    const { from, to } = this.input.period;
    return `${column} >= ${this.d.lit(from)} AND ${column} <= ${this.d.lit(to)}`;
  }
  /** Ids of the period's cancelled orders (few), to leave their line items out without a join per line. */
  get cancelledIds() {
    return `SELECT "id" FROM "MirrorOrder" WHERE "shop" = ${this.shop} AND ${this.inPeriod('"localDay"')} AND "cancelledAt" IS NOT NULL`;
  }
  /** FROM/WHERE of the period's line items of orders not cancelled, aliased li. */
  get soldLines() {
    return `FROM "MirrorLineItem" li WHERE li."shop" = ${this.shop} AND ${this.inPeriod('li."localDay"')} AND li."orderId" NOT IN (${this.cancelledIds})`;
  }
  /** WHERE of the period's orders not cancelled. */
  get liveOrders() {
    return `WHERE "shop" = ${this.shop} AND ${this.inPeriod('"localDay"')} AND "cancelledAt" IS NULL`;
  }
}

type Handler = (db: Db, scope: Scope) => Promise<AnalyticsTable>;

const LINE_REVENUE_NOTE =
  "Revenue here is line item revenue: units x the unit price charged, before order-level discounts, shipping, tax and refunds.";

const revenueByProduct: Handler = async (db, q) => {
  const groups = await selectRows<{
    productId: string | null;
    title: string;
    units: number;
    revenue: number;
    orders: number;
  }>(
    db,
    `
    SELECT li."productId" AS "productId", MAX(li."title") AS "title", SUM(li."quantity") AS "units",
      SUM(li."quantity" * li."unitPrice") AS "revenue", COUNT(DISTINCT li."orderId") AS "orders"
    ${q.soldLines}
    GROUP BY li."productId"`,
  );
  groups.sort((a, b) => num(b.revenue) - num(a.revenue) || String(a.productId).localeCompare(String(b.productId)));
  const revenue = groups.reduce((s, g) => s + num(g.revenue), 0);
  const top = groups.slice(0, q.input.limit);
  const ids = top.map((g) => g.productId).filter((id): id is string => id !== null);
  const titles = new Map(
    (
      await db.mirrorProduct.findMany({
        where: { shop: q.input.shop, id: { in: ids } },
        select: { id: true, title: true },
      })
    ).map((p) => [p.id, p.title]),
  );
  const rows = top.map((g) => ({
    productId: g.productId,
    product:
      g.productId === null ? "Items without a product (custom line items)" : (titles.get(g.productId) ?? g.title),
    units: num(g.units),
    orders: num(g.orders),
    revenue: roundMoney(num(g.revenue)),
    share: ratio(num(g.revenue), revenue),
  }));
  return {
    columns: [
      col("productId", "Product ID", "string"),
      col("product", "Product", "string"),
      col("units", "Units", "integer"),
      col("orders", "Orders", "integer"),
      col("revenue", "Revenue", "money"),
      col("share", "Share of revenue", "percent"),
    ],
    rows,
    totalRows: groups.length,
    series: [{ name: "Revenue", data: rows.map((r) => ({ key: r.product, value: r.revenue })) }],
    totals: {
      products: groups.length,
      units: groups.reduce((s, g) => s + num(g.units), 0),
      revenue: roundMoney(revenue),
    },
    notes: [LINE_REVENUE_NOTE],
  };
};

const revenueByCollection: Handler = async (db, q) => {
  const collections = await db.mirrorCollection.findMany({
    where: { shop: q.input.shop },
    select: { id: true, title: true },
  });
  if (!collections.length) {
    throw new AnalyticsInputError(
      "No collections are synced for this shop, so revenue cannot be split by collection.",
      "Sync the store (the store-sync agent) to bring in collections, or use revenue_by_product.",
      "insufficient_data",
    );
  }
  // CROSS JOIN keeps SQLite reading the period's line items once, finding each product's
  // collections in the (shop, productId, collectionId) index; in the other order it re-reads the
  // shop's memberships for every line item. (PostgreSQL plans a CROSS JOIN + WHERE as any join.)
  const groups = await selectRows<{
    collectionId: string;
    products: number;
    units: number;
    revenue: number;
    orders: number;
  }>(
    db,
    `
    SELECT cp."collectionId" AS "collectionId", COUNT(DISTINCT li."productId") AS "products", SUM(li."quantity") AS "units",
      SUM(li."quantity" * li."unitPrice") AS "revenue", COUNT(DISTINCT li."orderId") AS "orders"
    FROM "MirrorLineItem" li CROSS JOIN "MirrorCollectionProduct" cp
    WHERE li."shop" = ${q.shop} AND ${q.inPeriod('li."localDay"')} AND li."orderId" NOT IN (${q.cancelledIds})
      AND cp."shop" = li."shop" AND cp."productId" = li."productId"
    GROUP BY cp."collectionId"`,
  );
  const [all] = await selectRows<{ revenue: number; inCollections: number }>(
    db,
    `
    SELECT SUM(li."quantity" * li."unitPrice") AS "revenue",
      SUM(CASE WHEN li."productId" IN (SELECT "productId" FROM "MirrorCollectionProduct" WHERE "shop" = ${q.shop}) THEN li."quantity" * li."unitPrice" ELSE 0 END) AS "inCollections"
    ${q.soldLines}`,
  );
  const revenue = num(all?.revenue);
  const titles = new Map(collections.map((c) => [c.id, c.title]));
  groups.sort((a, b) => num(b.revenue) - num(a.revenue) || a.collectionId.localeCompare(b.collectionId));
  const rows = groups.slice(0, q.input.limit).map((g) => ({
    collectionId: g.collectionId,
    collection: titles.get(g.collectionId) ?? g.collectionId,
    products: num(g.products),
    units: num(g.units),
    orders: num(g.orders),
    revenue: roundMoney(num(g.revenue)),
    share: ratio(num(g.revenue), revenue),
  }));
  return {
    columns: [
      col("collectionId", "Collection ID", "string"),
      col("collection", "Collection", "string"),
      col("products", "Products sold", "integer"),
      col("units", "Units", "integer"),
      col("orders", "Orders", "integer"),
      col("revenue", "Revenue", "money"),
      col("share", "Share of revenue", "percent"),
    ],
    rows,
    totalRows: groups.length,
    series: [{ name: "Revenue", data: rows.map((r) => ({ key: r.collection, value: r.revenue })) }],
    totals: {
      collections: groups.length,
      revenue: roundMoney(revenue),
      revenueInCollections: roundMoney(num(all?.inCollections)),
      revenueOutsideCollections: roundMoney(revenue - num(all?.inCollections)),
    },
    notes: [
      LINE_REVENUE_NOTE,
      "A product can be in several collections, so collection shares can add up to more than 100%. Collection membership is as of the last store sync.",
    ],
  };
};

const revenueByDay: Handler = async (db, q) => {
  const { from, to } = q.input.period;
  const days = daysBetween(from, to) + 1;
  if (days > MAX_DAILY_ROWS) {
    throw new AnalyticsInputError(
      `revenue_by_day returns one row per day: ${days} days is more than ${MAX_DAILY_ROWS}.`,
      'Choose a shorter period, or use get_sales_summary with by: "week" or "month" for long periods.',
    );
  }
  const [rollup, sales] = await Promise.all([
    dailySalesBetween(db, q.input.shop, from, to),
    dailySales(db, q.input.shop, { from, to }),
  ]);
  const byDay = new Map(rollup.map((r) => [r.day, r]));
  // Refunds by the day they were made (window.ts), as on every page: not by the order's day.
  const refundsOn = new Map(sales.map((d) => [d.day, d.refunds]));
  const rows: Row[] = [];
  const sum = { orders: 0, revenue: 0, discounts: 0, refunded: 0, units: 0 };
  for (let i = 0; i < days; i++) {
    const day = addDays(from, i);
    const r = byDay.get(day);
    const v = {
      orders: r?.orders ?? 0,
      revenue: r?.revenue ?? 0,
      discounts: r?.discounts ?? 0,
      refunded: refundsOn.get(day) ?? 0,
      units: r?.units ?? 0,
    };
    for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += v[k];
    rows.push({
      day,
      orders: v.orders,
      revenue: roundMoney(v.revenue),
      discounts: roundMoney(v.discounts),
      refunded: roundMoney(v.refunded),
      netRevenue: roundMoney(v.revenue - v.refunded),
      averageOrderValue: v.orders ? roundMoney(v.revenue / v.orders) : null,
      units: v.units,
    });
  }
  return {
    columns: [
      col("day", "Day", "day"),
      col("orders", "Orders", "integer"),
      col("revenue", "Revenue", "money"),
      col("discounts", "Discounts", "money"),
      col("refunded", "Refunded", "money"),
      col("netRevenue", "Net revenue", "money"),
      col("averageOrderValue", "Average order value", "money"),
      col("units", "Units", "integer"),
    ],
    rows,
    totalRows: rows.length,
    series: [
      { name: "Revenue", data: rows.map((r) => ({ key: String(r.day), value: r.revenue as number })) },
      { name: "Net revenue", data: rows.map((r) => ({ key: String(r.day), value: r.netRevenue as number })) },
    ],
    totals: {
      days,
      orders: sum.orders,
      revenue: roundMoney(sum.revenue),
      discounts: roundMoney(sum.discounts),
      refunded: roundMoney(sum.refunded),
      netRevenue: roundMoney(sum.revenue - sum.refunded),
      averageOrderValue: sum.orders ? roundMoney(sum.revenue / sum.orders) : null,
      units: sum.units,
    },
    notes: [
      "Days are the shop's local days. Revenue is the totals of the orders placed that day (after discounts, with shipping and tax, cancelled orders excluded); refunds are the money refunded that day, whatever day the order was placed (an order's refunds count at most its total). Every day of the period is listed (the limit does not apply).",
    ],
  };
};

/** The shop-local month ("YYYY-MM") of a localDay column: the same text on SQLite and PostgreSQL. */
const localMonth = (column: string) => `substr(${column}, 1, 7)`;

const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
/** The most months after the cohort's own that cohort_retention reports. */
export const MAX_RETENTION_MONTHS = 24;

const cohortRetention: Handler = async (db, q) => {
  const { d } = q;
  const start = d.lit(q.input.period.from);
  // Cohort: customers whose first order (cancelled ones aside) falls in the period, by the shop's
  // local days. Their orders are then followed to the newest synced order, local month by local
  // month: cohort first (CROSS JOIN keeps SQLite in that order), each customer's orders from the
  // (shop, customerId, cancelledAt, localDay) index alone.
  const grid = await selectRows<{ cohort: string; month: string; customers: number }>(
    db,
    `
    WITH firsts AS (
      SELECT "customerId" AS "customerId", MIN("localDay") AS "first"
      FROM "MirrorOrder" ${q.liveOrders} AND "customerId" IS NOT NULL
      GROUP BY "customerId"
    ),
    cohort AS MATERIALIZED (
      SELECT f."customerId" AS "customerId", ${localMonth('f."first"')} AS "cohort" FROM firsts f
      WHERE NOT EXISTS (SELECT 1 FROM "MirrorOrder" e WHERE e."shop" = ${q.shop} AND e."customerId" = f."customerId" AND e."localDay" < ${start} AND e."cancelledAt" IS NULL)
    )
    SELECT c."cohort" AS "cohort", ${localMonth('o."localDay"')} AS "month", COUNT(DISTINCT o."customerId") AS "customers"
    FROM cohort c CROSS JOIN "MirrorOrder" o
    WHERE o."shop" = ${q.shop} AND o."customerId" = c."customerId" AND o."cancelledAt" IS NULL AND o."localDay" >= ${start}
    GROUP BY c."cohort", ${localMonth('o."localDay"')}`,
  );
  const cohorts = new Map<string, Map<number, number>>();
  for (const cell of grid) {
    const offsets = cohorts.get(cell.cohort) ?? new Map<number, number>();
    offsets.set(monthIndex(cell.month) - monthIndex(cell.cohort), num(cell.customers));
    cohorts.set(cell.cohort, offsets);
  }
  // The follow-up ends at the local month of the newest order.
  const newest = await db.mirrorOrder.findFirst({
    where: { shop: q.input.shop },
    orderBy: { createdAt: "desc" },
    select: { localDay: true },
  });
  const lastMonth = monthIndex(newest?.localDay || q.input.lastSaleDay);
  const ordered = [...cohorts.keys()].sort();
  const span = ordered.length ? Math.min(MAX_RETENTION_MONTHS, Math.max(0, lastMonth - monthIndex(ordered[0]))) : 0;
  const offsets = Array.from({ length: span }, (_, i) => i + 1);
  // The latest cohorts when there are more than `limit`.
  const kept = ordered.slice(Math.max(0, ordered.length - q.input.limit));
  let month1Returning = 0;
  let month1Base = 0;
  const rows: Row[] = kept.map((cohort) => {
    const cells = cohorts.get(cohort)!;
    const size = cells.get(0) ?? 0;
    const row: Row = { cohort, customers: size };
    for (const k of offsets) {
      // Months after the newest synced order are not observed yet: null, not 0%.
      const observable = monthIndex(cohort) + k <= lastMonth;
      row[`m${k}`] = observable ? ratio(cells.get(k) ?? 0, size) : null;
    }
    if (monthIndex(cohort) + 1 <= lastMonth) {
      month1Returning += cells.get(1) ?? 0;
      month1Base += size;
    }
    return row;
  });
  return {
    columns: [
      col("cohort", "Cohort (first order)", "month"),
      col("customers", "Customers", "integer"),
      ...offsets.map((k) => col(`m${k}`, `Month ${k}`, "percent")),
    ],
    rows,
    totalRows: ordered.length,
    series: rows.map((r) => ({
      name: String(r.cohort),
      data: offsets.map((k) => ({ key: `Month ${k}`, value: r[`m${k}`] as number | null })),
    })),
    totals: {
      cohorts: ordered.length,
      customers: [...cohorts.values()].reduce((s, c) => s + (c.get(0) ?? 0), 0),
      month1Retention: ratio(month1Returning, month1Base),
    },
    notes: [
      "A cohort is the customers whose first order (cancelled orders aside) was in that month of the period; Month k is the share of them who ordered again in the k-th calendar month after it.",
      `Orders are followed up to the newest synced order (${q.input.lastSaleDay}); months after it are empty (not yet observed), and its own month may be partial.`,
      ...(ordered.length > kept.length
        ? [`Only the latest ${kept.length} of ${ordered.length} cohorts are listed (limit).`]
        : []),
    ],
  };
};

const repeatRate: Handler = async (db, q) => {
  const { d } = q;
  const start = d.lit(q.input.period.from);
  // Each customer's first local day ever (cancelled orders aside), read from the (shop, customerId, cancelledAt, localDay) index alone.
  const firstEver = (alias: string) =>
    `(SELECT MIN(e."localDay") FROM "MirrorOrder" e WHERE e."shop" = ${q.shop} AND e."customerId" = ${alias} AND e."cancelledAt" IS NULL)`;
  // One statement, two groupings (per month, and the whole period) of the same materialised
  // per-customer rows, so each customer's first order is looked up once.
  const groups = await selectRows<{
    month: string | null;
    customers: number;
    newCustomers: number;
    returning: number;
    repeat: number;
    newRepeat: number;
    orders: number;
  }>(
    db,
    `
    WITH cm AS MATERIALIZED (
      SELECT "customerId" AS "customerId", ${localMonth('"localDay"')} AS "month", COUNT(*) AS "orders"
      FROM "MirrorOrder" ${q.liveOrders} AND "customerId" IS NOT NULL
      GROUP BY "customerId", ${localMonth('"localDay"')}
    ),
    pc AS MATERIALIZED (
      SELECT c."customerId" AS "customerId", c."orders" AS "orders", ${firstEver('c."customerId"')} AS "first"
      FROM (SELECT "customerId", SUM("orders") AS "orders" FROM cm GROUP BY "customerId") c
    )
    SELECT cm."month" AS "month", COUNT(*) AS "customers", SUM(CASE WHEN ${localMonth('pc."first"')} = cm."month" THEN 1 ELSE 0 END) AS "newCustomers",
      SUM(CASE WHEN ${localMonth('pc."first"')} < cm."month" THEN 1 ELSE 0 END) AS "returning", 0 AS "repeat", 0 AS "newRepeat", SUM(cm."orders") AS "orders"
    FROM cm JOIN pc ON pc."customerId" = cm."customerId"
    GROUP BY cm."month"
    UNION ALL
    SELECT NULL, COUNT(*), SUM(CASE WHEN pc."first" >= ${start} THEN 1 ELSE 0 END), SUM(CASE WHEN pc."first" < ${start} THEN 1 ELSE 0 END),
      SUM(CASE WHEN pc."first" < ${start} OR pc."orders" >= 2 THEN 1 ELSE 0 END), SUM(CASE WHEN pc."first" >= ${start} AND pc."orders" >= 2 THEN 1 ELSE 0 END), SUM(pc."orders")
    FROM pc`,
  );
  const byMonth = groups.filter((g): g is typeof g & { month: string } => g.month !== null);
  const total = groups.find((g) => g.month === null);
  const [guests] = await selectRows<{ orders: number }>(
    db,
    `SELECT COUNT(*) AS "orders" FROM "MirrorOrder" ${q.liveOrders} AND "customerId" IS NULL`,
  );
  byMonth.sort((a, b) => a.month.localeCompare(b.month));
  const rows = byMonth.map((m) => ({
    month: m.month,
    customers: num(m.customers),
    newCustomers: num(m.newCustomers),
    returningCustomers: num(m.returning),
    returningRate: ratio(num(m.returning), num(m.customers)),
    orders: num(m.orders),
    ordersPerCustomer: num(m.customers) ? Math.round((num(m.orders) / num(m.customers)) * 100) / 100 : null,
  }));
  const customers = num(total?.customers);
  const newCustomers = num(total?.newCustomers);
  return {
    columns: [
      col("month", "Month", "month"),
      col("customers", "Customers", "integer"),
      col("newCustomers", "New customers", "integer"),
      col("returningCustomers", "Returning customers", "integer"),
      col("returningRate", "Returning share", "percent"),
      col("orders", "Orders", "integer"),
      col("ordersPerCustomer", "Orders per customer", "number"),
    ],
    rows,
    totalRows: rows.length,
    series: [{ name: "Returning share", data: rows.map((r) => ({ key: r.month, value: r.returningRate })) }],
    totals: {
      customers,
      newCustomers,
      returningCustomers: num(total?.returning),
      repeatCustomers: num(total?.repeat),
      repeatRate: ratio(num(total?.repeat), customers),
      newCustomersWhoReordered: num(total?.newRepeat),
      newCustomerRepeatRate: ratio(num(total?.newRepeat), newCustomers),
      ordersPerCustomer: customers ? Math.round((num(total?.orders) / customers) * 100) / 100 : null,
      guestOrders: num(guests?.orders),
    },
    notes: [
      "Customers: those with an order in the period (cancelled orders aside; guest checkouts have no customer and are counted apart). Returning: they had ordered before (the month, per row; the period, in totals). New: their first order ever was then.",
      "repeatRate: share of the period's customers with at least two orders by the end of the period (an earlier order, or two in the period).",
    ],
  };
};

const sellThrough: Handler = async (db, q) => {
  const sold = `SELECT li."variantId" AS "variantId", SUM(li."quantity") AS "units" ${q.soldLines} AND li."variantId" IS NOT NULL GROUP BY li."variantId"`;
  const stock = `SELECT "inventoryItemId", SUM("available") AS "available" FROM "MirrorInventoryLevel" WHERE "shop" = ${q.shop} GROUP BY "inventoryItemId"`;
  // Oversold stock (negative available) counts as none on hand.
  const onHand = `CASE WHEN h."available" > 0 THEN h."available" ELSE 0 END`;
  const base = `FROM "MirrorVariant" v LEFT JOIN (${sold}) s ON s."variantId" = v."id" LEFT JOIN (${stock}) h ON h."inventoryItemId" = v."inventoryItemId"
    WHERE v."shop" = ${q.shop} AND (s."units" > 0 OR h."available" > 0)`;
  const rateExpr = `COALESCE(s."units", 0) * 1.0 / (COALESCE(s."units", 0) + ${onHand})`;
  // Window totals are taken over every row before LIMIT: the totals of all variants in one read.
  const top = await selectRows<{
    variantId: string;
    productId: string;
    sku: string | null;
    variant: string;
    sold: number;
    onHand: number;
    rate: number;
    allVariants: number;
    allSold: number;
    allOnHand: number;
  }>(
    db,
    `
    SELECT v."id" AS "variantId", v."productId" AS "productId", v."sku" AS "sku", v."title" AS "variant", COALESCE(s."units", 0) AS "sold", ${onHand} AS "onHand", ${rateExpr} AS "rate",
      COUNT(*) OVER () AS "allVariants", SUM(COALESCE(s."units", 0)) OVER () AS "allSold", SUM(${onHand}) OVER () AS "allOnHand"
    ${base}
    ORDER BY "rate" DESC, "sold" DESC, v."id"
    LIMIT ${Math.trunc(q.input.limit)}`,
  );
  const total = { variants: num(top[0]?.allVariants), sold: num(top[0]?.allSold), onHand: num(top[0]?.allOnHand) };
  const titles = new Map(
    (
      await db.mirrorProduct.findMany({
        where: { shop: q.input.shop, id: { in: [...new Set(top.map((t) => t.productId))] } },
        select: { id: true, title: true },
      })
    ).map((p) => [p.id, p.title]),
  );
  const rows = top.map((t) => ({
    variantId: t.variantId,
    sku: t.sku,
    product: titles.get(t.productId) ?? t.productId,
    variant: t.variant,
    unitsSold: num(t.sold),
    onHand: num(t.onHand),
    sellThrough: ratio(num(t.sold), num(t.sold) + num(t.onHand)),
  }));
  return {
    columns: [
      col("variantId", "Variant ID", "string"),
      col("sku", "SKU", "string"),
      col("product", "Product", "string"),
      col("variant", "Variant", "string"),
      col("unitsSold", "Units sold", "integer"),
      col("onHand", "On hand", "integer"),
      col("sellThrough", "Sell-through", "percent"),
    ],
    rows,
    totalRows: num(total?.variants),
    series: [
      {
        name: "Sell-through",
        data: rows.map((r) => ({ key: r.sku ?? `${r.product} / ${r.variant}`, value: r.sellThrough })),
      },
    ],
    totals: {
      variants: num(total?.variants),
      unitsSold: num(total?.sold),
      onHand: num(total?.onHand),
      sellThrough: ratio(num(total?.sold), num(total?.sold) + num(total?.onHand)),
    },
    notes: [
      "Sell-through = units sold in the period / (units sold + units on hand now), per variant; highest first. On hand is the current available stock over all locations (negative counts as 0), not the stock at the start of the period.",
      "Variants with neither sales in the period nor stock are left out.",
    ],
  };
};

const topCustomers: Handler = async (db, q) => {
  // Guest checkouts form the group without a customer: it sorts last and only feeds the window
  // totals, which are taken over every group before LIMIT.
  const rowsRead = await selectRows<{
    customerId: string | null;
    orders: number;
    revenue: number;
    refunded: number;
    first: SqlValue;
    last: SqlValue;
    customers: number;
    allRevenue: number;
    guestRevenue: number;
  }>(
    db,
    `
    SELECT "customerId" AS "customerId", COUNT(*) AS "orders", SUM("total") AS "revenue", SUM(${q.d.least('"totalRefunded"', '"total"')}) AS "refunded",
      MIN("createdAt") AS "first", MAX("createdAt") AS "last",
      COUNT("customerId") OVER () AS "customers", SUM(SUM("total")) OVER () AS "allRevenue",
      SUM(CASE WHEN "customerId" IS NULL THEN SUM("total") ELSE 0 END) OVER () AS "guestRevenue"
    FROM "MirrorOrder" ${q.liveOrders}
    GROUP BY "customerId"
    ORDER BY CASE WHEN "customerId" IS NULL THEN 1 ELSE 0 END, SUM("total") DESC, "customerId"
    LIMIT ${Math.trunc(q.input.limit) + 1}`,
  );
  const groups = rowsRead
    .filter((g): g is typeof g & { customerId: string } => g.customerId !== null)
    .slice(0, q.input.limit);
  const total = {
    customers: num(rowsRead[0]?.customers),
    revenue: num(rowsRead[0]?.allRevenue),
    customerRevenue: num(rowsRead[0]?.allRevenue) - num(rowsRead[0]?.guestRevenue),
  };
  const people = new Map(
    (
      await db.mirrorCustomer.findMany({
        where: { shop: q.input.shop, id: { in: groups.map((g) => g.customerId) } },
        select: { id: true, firstName: true, lastName: true, email: true },
      })
    ).map((c) => [c.id, c]),
  );
  const revenue = total.revenue;
  const day = (v: SqlValue) => (v instanceof Date ? v.toISOString() : String(v)).slice(0, 10);
  const rows = groups.map((g) => {
    const person = people.get(g.customerId);
    const name = [person?.firstName, person?.lastName].filter(Boolean).join(" ");
    return {
      customerId: g.customerId,
      name: name || null,
      email: person?.email ?? null,
      orders: num(g.orders),
      revenue: roundMoney(num(g.revenue)),
      refunded: roundMoney(num(g.refunded)),
      averageOrderValue: roundMoney(num(g.revenue) / num(g.orders)),
      firstOrder: day(g.first),
      lastOrder: day(g.last),
      share: ratio(num(g.revenue), revenue),
    };
  });
  const listed = rows.reduce((s, r) => s + r.revenue, 0);
  return {
    columns: [
      col("customerId", "Customer ID", "string"),
      col("name", "Name", "string"),
      col("email", "Email", "string"),
      col("orders", "Orders", "integer"),
      col("revenue", "Revenue", "money"),
      col("refunded", "Refunded", "money"),
      col("averageOrderValue", "Average order value", "money"),
      col("firstOrder", "First order in period", "day"),
      col("lastOrder", "Last order in period", "day"),
      col("share", "Share of revenue", "percent"),
    ],
    rows,
    totalRows: total.customers,
    series: [
      { name: "Revenue", data: rows.map((r) => ({ key: r.name ?? r.email ?? r.customerId, value: r.revenue })) },
    ],
    totals: {
      customers: total.customers,
      revenue: roundMoney(revenue),
      customerRevenue: roundMoney(total.customerRevenue),
      guestRevenue: roundMoney(revenue - total.customerRevenue),
      listedShare: ratio(listed, revenue),
    },
    notes: [
      "Revenue is the orders' totals in the period (cancelled orders aside); share is of all the period's revenue, guest checkouts included.",
      "Refunded is what those orders refunded so far, each order's at most its total.",
    ],
  };
};

const HANDLERS: Record<AnalyticsQueryName, Handler> = {
  revenue_by_product: revenueByProduct,
  revenue_by_collection: revenueByCollection,
  revenue_by_day: revenueByDay,
  cohort_retention: cohortRetention,
  repeat_rate: repeatRate,
  sell_through: sellThrough,
  top_customers: topCustomers,
};

/** Runs one named query. Throws AnalyticsInputError for input it cannot answer (the tool returns it as a failure). */
export async function runAnalytics(db: Db, query: AnalyticsQueryName, input: QueryInput): Promise<AnalyticsTable> {
  const handler = HANDLERS[query];
  if (!handler)
    throw new AnalyticsInputError(`Unknown analytics query "${query}".`, `Use one of: ${ANALYTICS_QUERIES.join(", ")}`);
  return handler(db, new Scope(input));
}
