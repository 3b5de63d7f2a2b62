// The shop's timezone and the shop-local days of the mirror's orders, line items and refunds.
// Reports count days as the merchant does (Shop.ianaTimezone), but SQLite cannot convert IANA zones
// in SQL, so every dated row stores its local day (localDay) when it is written: the bulk ingest and
// the webhooks fill it from Shop.ianaTimezone, which each sync reads from the Admin API. When that
// timezone changes (rare) the shop's rows are re-keyed and the daily rollup rebuilt.
import { countInChunks } from "../db/chunk";
import type { Db } from "../db/client";
import { isTimeZone, localDay, localDayStart, nextDay } from "../core/time";
import type { AdminClient } from "../shopify/admin-client";
import type { MirrorDb } from "./tables";

export const SHOP_SETTINGS = /* GraphQL */ `#graphql
  query ShopSettings {
    shop {
      ianaTimezone
      currencyCode
    }
  }
`;

/** Days are UTC until a sync has read the shop's own timezone. */
export const DEFAULT_TIME_ZONE = "UTC";

type ShopReader = Pick<MirrorDb, "shop">;

/** The shop's IANA timezone (Shop.ianaTimezone), "UTC" when unknown. */
export async function shopTimeZone(db: ShopReader, shop: string): Promise<string> {
  const row = await db.shop.findUnique({ where: { domain: shop }, select: { ianaTimezone: true } });
  return row?.ianaTimezone && isTimeZone(row.ianaTimezone) ? row.ianaTimezone : DEFAULT_TIME_ZONE;
}

/** The shop's timezone and currency, for pages and tools that state them. */
export async function shopCalendar(
  db: ShopReader,
  shop: string,
): Promise<{ timeZone: string; currency: string | null }> {
  const row = await db.shop.findUnique({ where: { domain: shop }, select: { ianaTimezone: true, currencyCode: true } });
  const timeZone = row?.ianaTimezone && isTimeZone(row.ianaTimezone) ? row.ianaTimezone : DEFAULT_TIME_ZONE;
  return { timeZone, currency: row?.currencyCode ?? null };
}

const DATED_TABLES = ["mirrorOrder", "mirrorLineItem", "mirrorRefund"] as const;
type DatedTable = (typeof DATED_TABLES)[number];

interface DatedDelegate {
  findFirst(args: object): Promise<{ createdAt: Date } | null>;
  findMany(args: object): Promise<{ id: string; createdAt: Date }[]>;
  updateMany(args: object): Promise<{ count: number }>;
}
const table = (db: MirrorDb, name: DatedTable) => db[name] as unknown as DatedDelegate;

/**
 * Re-keys every dated row of the shop to its local day in `timeZone`: one UPDATE per local day over
 * the (shop, createdAt) range that day covers, so a million orders cost a few thousand statements
 * rather than a million.
 */
export async function rekeyLocalDays(db: MirrorDb, shop: string, timeZone: string): Promise<void> {
  for (const name of DATED_TABLES) {
    const t = table(db, name);
    const [first, last] = await Promise.all([
      t.findFirst({ where: { shop }, orderBy: { createdAt: "asc" }, select: { createdAt: true } }),
      t.findFirst({ where: { shop }, orderBy: { createdAt: "desc" }, select: { createdAt: true } }),
    ]);
    if (!first || !last) continue;
    const end = localDay(last.createdAt, timeZone);
    for (let day = localDay(first.createdAt, timeZone); day <= end; day = nextDay(day)) {
      await t.updateMany({
        where: { shop, createdAt: { gte: localDayStart(day, timeZone), lt: localDayStart(nextDay(day), timeZone) } },
        data: { localDay: day },
      });
    }
  }
}

/**
 * Gives a local day to rows written without one (by code that inserts mirror rows directly, such as
 * test fixtures); the bulk ingest and webhooks always fill it. Cheap when there are none: one
 * indexed look-up per table.
 */
export async function fillLocalDays(db: MirrorDb, shop: string): Promise<void> {
  let timeZone: string | null = null;
  for (const name of DATED_TABLES) {
    const t = table(db, name);
    const rows = await t.findMany({ where: { shop, localDay: "" }, select: { id: true, createdAt: true } });
    if (!rows.length) continue;
    timeZone ??= await shopTimeZone(db, shop);
    const byDay = new Map<string, string[]>();
    for (const row of rows) {
      const day = localDay(row.createdAt, timeZone);
      byDay.set(day, [...(byDay.get(day) ?? []), row.id]);
    }
    for (const [day, ids] of byDay)
      await countInChunks(ids, (chunk) =>
        t.updateMany({ where: { shop, id: { in: chunk } }, data: { localDay: day } }),
      );
  }
}

/**
 * Reads the shop's timezone and currency from the Admin API and stores them on the Shop row. A
 * changed timezone re-keys the shop's dated rows and rebuilds its daily rollup (through `rebuild`,
 * which the caller passes so this module does not import the analytics rollup).
 */
export async function syncShopSettings(
  db: Db,
  admin: AdminClient,
  shop: string,
  rebuild: (tx: MirrorDb) => Promise<unknown>,
): Promise<{ timeZone: string; currency: string | null; timeZoneChanged: boolean }> {
  const data = await admin.graphql(SHOP_SETTINGS);
  const reported = data.shop.ianaTimezone;
  const timeZone = reported && isTimeZone(reported) ? reported : DEFAULT_TIME_ZONE;
  const currency = data.shop.currencyCode ?? null;
  const before = await shopTimeZone(db, shop);
  await db.shop.upsert({
    where: { domain: shop },
    create: { domain: shop, ianaTimezone: timeZone, currencyCode: currency },
    update: { ianaTimezone: timeZone, currencyCode: currency },
  });
  const timeZoneChanged = before !== timeZone;
  if (timeZoneChanged) {
    await db.$transaction(
      async (tx) => {
        await rekeyLocalDays(tx, shop, timeZone);
        await rebuild(tx);
      },
      { timeout: 60 * 60_000, maxWait: 60_000 },
    );
  }
  return { timeZone, currency, timeZoneChanged };
}
