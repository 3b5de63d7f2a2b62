// Test support: a generated store in the emulator, synced into a fresh database through the mirror's
// real bulk sync, and every mirror row of the shop loaded back for independent recomputation.
import { pino } from "pino";
import { loadSeedStore, startEmulator, type RunningEmulator } from "@royal-equips/emulator";
import { generateStore } from "@royal-equips/emulator/seed";
import { createTestDatabase, type TestDatabase } from "../../../tests/support/database";
import { createDb, type Db } from "../../db/client";
import { syncStore } from "../../mirror/sync";
import { createAdminClient, type ShopifyAdminClient } from "../../shopify/graphql-client";

export const ANALYTICS_SHOP = "royal-equips-dev.myshopify.com";
const TOKEN = "shpat_analytics_test";

export interface SyncedMirror {
  emulator: RunningEmulator;
  database: TestDatabase;
  db: Db;
  admin: ShopifyAdminClient;
  close(): Promise<void>;
}

export async function startSyncedMirror(
  seed = { seed: 11, products: 25, orders: 3000, days: 420 },
): Promise<SyncedMirror> {
  const [emulator, database] = await Promise.all([
    startEmulator({ dbPath: ":memory:", shopDomain: ANALYTICS_SHOP, accessToken: TOKEN, clientSecret: "secret" }),
    createTestDatabase(),
  ]);
  loadSeedStore(emulator.store.db, generateStore({ ...seed, endDate: "2026-10-31", sampleCsvDir: null }));
  const db = createDb(database.url);
  const admin = createAdminClient({ shop: ANALYTICS_SHOP, accessToken: TOKEN, endpoint: emulator.url });
  await syncStore({ db, admin, shop: ANALYTICS_SHOP, logger: pino({ level: "silent" }) }, undefined, { pollMs: 10 });
  return {
    emulator,
    database,
    db,
    admin,
    async close() {
      await db.$disconnect();
      await database.drop();
      await emulator.close();
    },
  };
}

/** Every mirror row of the shop that the analytics read. */
export async function loadMirror(db: Db, shop: string) {
  const where = { where: { shop } };
  const [orders, lineItems, customers, products, variants, levels, collections, memberships] = await Promise.all([
    db.mirrorOrder.findMany(where),
    db.mirrorLineItem.findMany(where),
    db.mirrorCustomer.findMany(where),
    db.mirrorProduct.findMany(where),
    db.mirrorVariant.findMany(where),
    db.mirrorInventoryLevel.findMany(where),
    db.mirrorCollection.findMany(where),
    db.mirrorCollectionProduct.findMany(where),
  ]);
  return { orders, lineItems, customers, products, variants, levels, collections, memberships };
}
export type MirrorRows = Awaited<ReturnType<typeof loadMirror>>;

export const isoDay = (d: Date) => d.toISOString().slice(0, 10);
/** The generated store's shop timezone (the emulator seed's SHOP_TIMEZONE), spelled out independently. */
export const SHOP_TIME_ZONE = "America/New_York";
const shopDayFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: SHOP_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});
/** The shop-local day of an instant, computed here with Intl (not with the code under test). */
export const shopDay = (d: Date) => shopDayFormat.format(d);
/** The shop-local month ("YYYY-MM") of an instant, as cohort_retention and repeat_rate count months. */
export const shopMonth = (d: Date) => shopDay(d).slice(0, 7);
export const cents = (n: number) => Math.round(n * 100) / 100;
