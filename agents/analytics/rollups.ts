// The daily sales rollup (MirrorDailySales): one row per shop and shop-local day of the orders'
// createdAt (the localDay column stored at ingest in the shop's timezone) with the day's orders,
// money and units. It is derived from the mirror's rows by one SQL
// aggregation, used three ways: rebuilt for the whole shop after a full orders sync, refreshed for
// the days an order or refund webhook touched, and read by the dashboard and period reports.
// Refreshing a day recomputes it from its rows (a few thousand at most) rather than adding deltas,
// so a replayed or out-of-order webhook cannot make the rollup drift from the orders.
import type { MirrorDb } from "../mirror/tables";
import { dialect, num, selectRows, type Dialect } from "./sql";
import { fillLocalDays } from "../mirror/local-days";

export const DAILY_SALES_COLUMNS = [
  "shop",
  "day",
  "orders",
  "revenue",
  "subtotal",
  "discounts",
  "shipping",
  "tax",
  "refunded",
  "units",
  "cancelledOrders",
  "lineItems",
] as const;

export interface DailySales {
  day: string;
  orders: number;
  revenue: number;
  subtotal: number;
  discounts: number;
  shipping: number;
  tax: number;
  refunded: number;
  units: number;
  cancelledOrders: number;
  lineItems: number;
}

interface Scope {
  /** One shop, or every shop (the migration's backfill). */
  shop?: string;
  /** One shop-local day (YYYY-MM-DD). */
  day?: string;
}

function where(d: Dialect, scope: Scope, alias = ""): string {
  const col = (c: string) => `${alias}"${c}"`;
  const parts = [
    scope.shop !== undefined ? `${col("shop")} = ${d.lit(scope.shop)}` : null,
    scope.day !== undefined ? `${col("localDay")} = ${d.lit(scope.day)}` : null,
  ].filter(Boolean);
  return parts.length ? `WHERE ${parts.join(" AND ")}` : "";
}

/**
 * The rollup rows of `scope`, as a SELECT with the columns of DAILY_SALES_COLUMNS. Units of
 * cancelled orders are taken out through the (few) cancelled orders, so the line items are read
 * by day from their own (shop, localDay) index rather than joined to their orders one by one.
 */
export function dailySalesSelect(d: Dialect, scope: Scope): string {
  const live = (expr: string) => `SUM(CASE WHEN "cancelledAt" IS NULL THEN ${expr} ELSE 0 END)`;
  const cancelledWhere = where(d, scope, "co.");
  return `SELECT o."shop", o."day", o."orders", o."revenue", o."subtotal", o."discounts", o."shipping", o."tax", o."refunded",
  COALESCE(l."units", 0) - COALESCE(c."units", 0) AS "units", o."cancelledOrders", COALESCE(l."lines", 0) AS "lineItems"
FROM (
  SELECT "shop", "localDay" AS "day", ${live("1")} AS "orders", ${live('"total"')} AS "revenue", ${live('"subtotal"')} AS "subtotal",
    ${live('"totalDiscounts"')} AS "discounts", ${live('"totalShipping"')} AS "shipping", ${live('"totalTax"')} AS "tax",
    ${live('"totalRefunded"')} AS "refunded", SUM(CASE WHEN "cancelledAt" IS NULL THEN 0 ELSE 1 END) AS "cancelledOrders"
  FROM "MirrorOrder" ${where(d, scope)}
  GROUP BY "shop", "localDay"
) o
LEFT JOIN (
  SELECT "shop", "localDay" AS "day", SUM("quantity") AS "units", COUNT(*) AS "lines"
  FROM "MirrorLineItem" ${where(d, scope)}
  GROUP BY "shop", "localDay"
) l ON l."shop" = o."shop" AND l."day" = o."day"
LEFT JOIN (
  SELECT co."shop", co."localDay" AS "day", SUM(li."quantity") AS "units"
  FROM "MirrorOrder" co JOIN "MirrorLineItem" li ON li."shop" = co."shop" AND li."orderId" = co."id"
  ${cancelledWhere ? `${cancelledWhere} AND` : "WHERE"} co."cancelledAt" IS NOT NULL
  GROUP BY co."shop", co."localDay"
) c ON c."shop" = o."shop" AND c."day" = o."day"`;
}

const insertHead = `INSERT INTO "MirrorDailySales" (${DAILY_SALES_COLUMNS.map((c) => `"${c}"`).join(", ")})`;

/** The statement that fills the rollup for `scope` from the mirror (also the migration's backfill). */
export function dailySalesInsert(d: Dialect, scope: Scope): string {
  return `${insertHead}\n${dailySalesSelect(d, scope)}`;
}

/** Replaces the shop's whole rollup from its orders; returns the number of days written. */
export async function rebuildDailySales(db: MirrorDb, shop: string): Promise<number> {
  const d = dialect();
  await fillLocalDays(db, shop);
  await db.$executeRawUnsafe(`DELETE FROM "MirrorDailySales" WHERE "shop" = ${d.lit(shop)}`);
  return db.$executeRawUnsafe(dailySalesInsert(d, { shop }));
}

/**
 * Recomputes the given days of the shop's rollup from the mirror; call it in the transaction that
 * changed their orders. Each day's row is claimed (inserted or locked) before its orders are read:
 * on PostgreSQL two transactions refreshing the same day then run one after the other, and the
 * second reads the first one's committed orders, so neither overwrites the other's.
 */
export async function refreshDailySales(tx: MirrorDb, shop: string, days: Iterable<string>): Promise<void> {
  const d = dialect();
  const unique = [...new Set(days)].sort();
  for (const day of unique) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`refreshDailySales: "${day}" is not an ISO day (YYYY-MM-DD)`);
    const key = `"shop" = ${d.lit(shop)} AND "day" = ${d.lit(day)}`;
    const zeros = DAILY_SALES_COLUMNS.slice(2)
      .map(() => "0")
      .join(", ");
    await tx.$executeRawUnsafe(
      `${insertHead} VALUES (${d.lit(shop)}, ${d.lit(day)}, ${zeros}) ON CONFLICT ("shop", "day") DO UPDATE SET "orders" = "MirrorDailySales"."orders"`,
    );
    const [row] = await selectRows(tx, dailySalesSelect(d, { shop, day }));
    if (!row) {
      await tx.$executeRawUnsafe(`DELETE FROM "MirrorDailySales" WHERE ${key}`);
      continue;
    }
    const set = DAILY_SALES_COLUMNS.slice(2)
      .map((c) => `"${c}" = ${d.lit(num(row[c]))}`)
      .join(", ");
    await tx.$executeRawUnsafe(`UPDATE "MirrorDailySales" SET ${set} WHERE ${key}`);
  }
}

/** The rollup rows of the days in [fromDay, toDay] (inclusive) that had orders, oldest first. */
export async function dailySalesBetween(
  db: MirrorDb,
  shop: string,
  fromDay: string,
  toDay: string,
): Promise<DailySales[]> {
  const rows = await db.mirrorDailySales.findMany({
    where: { shop, day: { gte: fromDay, lte: toDay } },
    orderBy: { day: "asc" },
    omit: { shop: true },
  });
  return rows;
}
