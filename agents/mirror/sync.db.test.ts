import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "@royal-equips/emulator";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import { createDb, type Db } from "../db/client";
import { CostBucketModel } from "../shopify/cost-bucket";
import { createAdminClient, resetShopClientState } from "../shopify/graphql-client";
import { closeStaleSyncs, ingestBulkFile, stagingShopKey, syncStore, type SyncProgress } from "./sync";
import {
  FIXTURE_SHOP,
  FIXTURE_TOKEN,
  fixtureStore,
  mirrorTotals,
  startFixtureEmulator,
  storeTotals,
} from "./testing/fixture";

const logger = pino({ level: "silent" });
let database: TestDatabase;
let db: Db;
let emulator: RunningEmulator;

const client = (extra: Partial<Parameters<typeof createAdminClient>[0]> = {}) =>
  createAdminClient({
    shop: FIXTURE_SHOP,
    accessToken: FIXTURE_TOKEN,
    endpoint: emulator.url,
    bucket: new CostBucketModel(),
    ...extra,
  });

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  emulator = await startFixtureEmulator();
});

afterAll(async () => {
  await emulator?.close();
  await db?.$disconnect();
  await database?.drop();
  resetShopClientState(FIXTURE_SHOP);
});

describe("syncStore", () => {
  it("a bulk sync makes the mirror equal the store, table by table, and records the run", async () => {
    const progress: SyncProgress[] = [];
    const result = await syncStore({ db, admin: client(), shop: FIXTURE_SHOP, logger }, (p) => progress.push(p), {
      pollMs: 5,
    });
    const expected = storeTotals(emulator);
    expect(expected.refunds).toBeGreaterThan(0);
    expect(await mirrorTotals(db, FIXTURE_SHOP)).toEqual(expected);

    const run = await db.syncRun.findUniqueOrThrow({ where: { id: result.runId } });
    expect(run).toMatchObject({ status: "succeeded", phase: "customers", rows: result.rows, error: null });
    expect(run.finishedAt).toBeInstanceOf(Date);
    expect(result.rows).toBe(Object.values(result.counts).reduce((a, b) => a + b, 0));
    expect(progress.map((p) => `${p.phase}:${p.stage}`)).toEqual(
      expect.arrayContaining(["products:querying", "orders:writing", "customers:done"]),
    );
    expect(progress.some((p) => p.bulkStatus === "COMPLETED")).toBe(true);
  });

  it("maps fields: money as numbers, ids from GIDs, enums, risk, discount codes, customer, unit cost", async () => {
    const order = await db.mirrorOrder.findUniqueOrThrow({ where: { shop_id: { shop: FIXTURE_SHOP, id: "300000" } } });
    const seed = [...fixtureStore().orders][0];
    expect(order).toMatchObject({
      name: "#2001",
      customerId: "7000",
      email: "rider0@example.com",
      currencyCode: "GBP",
      sourceName: "pos",
      subtotal: seed.subtotalPrice,
      total: seed.totalPrice,
      totalShipping: 4.95,
      totalDiscounts: seed.totalDiscounts,
      discountCodes: "SPRING10",
      riskLevel: "HIGH",
      financialStatus: "PAID",
      fulfillmentStatus: "UNFULFILLED",
      totalRefunded: 0,
    });
    expect(order.createdAt.toISOString()).toBe(seed.createdAt);
    const noCustomer = await db.mirrorOrder.findUniqueOrThrow({
      where: { shop_id: { shop: FIXTURE_SHOP, id: "300006" } },
    });
    expect(noCustomer.customerId).toBeNull();
    const refunded = await db.mirrorOrder.findUniqueOrThrow({
      where: { shop_id: { shop: FIXTURE_SHOP, id: "300005" } },
    });
    const refunds = await db.mirrorRefund.findMany({ where: { shop: FIXTURE_SHOP, orderId: "300005" } });
    expect(refunds).toHaveLength(2);
    expect(refunded.totalRefunded).toBeCloseTo(
      refunds.reduce((s, r) => s + r.amount, 0),
      6,
    );
    const items = await db.mirrorLineItem.findMany({ where: { shop: FIXTURE_SHOP, orderId: "300000" } });
    expect(items).toHaveLength(14);
    for (const item of items) expect(item.createdAt.toISOString()).toBe(seed.createdAt);

    const variant = await db.mirrorVariant.findUniqueOrThrow({
      where: { shop_id: { shop: FIXTURE_SHOP, id: "200100" } },
    });
    expect(variant).toMatchObject({
      productId: "2001",
      sku: "RE-200100",
      price: 15.5,
      compareAtPrice: null,
      unitCost: 5.25,
      inventoryItemId: "1100100",
    });
    const product = await db.mirrorProduct.findUniqueOrThrow({
      where: { shop_id: { shop: FIXTURE_SHOP, id: "2000" } },
    });
    expect(product).toMatchObject({
      title: `Item 2000 "quoted" & 'apostrophe' \\' back\\slash ü`,
      status: "ACTIVE",
      tags: "core, sale",
      productType: "Bridles",
      imageUrl: "https://cdn.example.com/products/item-2000.jpg",
    });
    const noImage = await db.mirrorProduct.findUniqueOrThrow({
      where: { shop_id: { shop: FIXTURE_SHOP, id: "2001" } },
    });
    expect(noImage.imageUrl).toBeNull();
    const customer = await db.mirrorCustomer.findUniqueOrThrow({
      where: { shop_id: { shop: FIXTURE_SHOP, id: "7000" } },
    });
    expect(customer).toMatchObject({ email: "rider0@example.com", lastName: "O'Brien 0" });
    expect(customer.ordersCount).toBeGreaterThan(0);
  });

  it("a paged sync under a small bucket (100 points, 200/s) writes row for row what a bulk sync writes, with no failed request", async () => {
    const store = fixtureStore({ products: 3, orders: 6, customers: 2 });
    // Two tokens, two buckets: the bulk sync does not eat into the paged sync's points.
    const small = await startFixtureEmulator(store, {
      bucket: { max: 100, restoreRate: 200 },
      accessToken: [FIXTURE_TOKEN, "shpat_paged"],
    });
    const [bulkShop, pagedShop] = ["bulk-" + FIXTURE_SHOP, "paged-" + FIXTURE_SHOP];
    try {
      const bulkAdmin = createAdminClient({
        shop: bulkShop,
        accessToken: FIXTURE_TOKEN,
        endpoint: small.url,
        bucket: new CostBucketModel(),
      });
      await syncStore({ db, admin: bulkAdmin, shop: bulkShop, logger }, undefined, { pollMs: 5 });
      const pagedAdmin = createAdminClient({
        shop: pagedShop,
        accessToken: "shpat_paged",
        endpoint: small.url,
        bucket: new CostBucketModel(),
      });
      await syncStore({ db, admin: pagedAdmin, shop: pagedShop, logger }, undefined, { mode: "paged" });
      expect(await mirrorTotals(db, pagedShop)).toEqual(storeTotals(small));
      const stats = pagedAdmin.stats();
      expect(stats).toMatchObject({ failedRequests: 0, throttled: 0 });
      expect(stats.requests).toBeGreaterThan(15);
      expect(stats.bucketWaitMs).toBeGreaterThan(0); // it really was held back by the bucket
      expect(stats.pointsConsumed).toBeGreaterThan(100);
      const strip = <T extends { shop: string }>(rows: T[]) => rows.map(({ shop: _s, ...rest }) => rest);
      for (const model of [
        "mirrorOrder",
        "mirrorLineItem",
        "mirrorVariant",
        "mirrorInventoryLevel",
        "mirrorCustomer",
        "mirrorProduct",
        "mirrorRefund",
      ] as const) {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const table = db[model] as any;
        const orderBy =
          model === "mirrorInventoryLevel" ? [{ inventoryItemId: "asc" }, { locationId: "asc" }] : { id: "asc" };
        const paged = strip(await table.findMany({ where: { shop: pagedShop }, orderBy }));
        expect(paged.length, model).toBeGreaterThan(0);
        expect(paged, model).toEqual(strip(await table.findMany({ where: { shop: bulkShop }, orderBy })));
      }
    } finally {
      await small.close();
    }
  }, 60_000);

  it("a bulk sync under a small bucket finishes with zero failed requests", async () => {
    const small = await startFixtureEmulator(fixtureStore(), { bucket: { max: 100, restoreRate: 50 } });
    const shop = "small-bulk-" + FIXTURE_SHOP;
    try {
      const admin = createAdminClient({
        shop,
        accessToken: FIXTURE_TOKEN,
        endpoint: small.url,
        bucket: new CostBucketModel(),
      });
      await syncStore({ db, admin, shop, logger }, undefined, { pollMs: 5, maxPollMs: 20 });
      expect(await mirrorTotals(db, shop)).toEqual(storeTotals(small));
      expect(admin.stats()).toMatchObject({ failedRequests: 0, throttled: 0 });
    } finally {
      await small.close();
    }
  });

  it("a full sync replaces the shop's rows: what left the store leaves the mirror, other shops are untouched", async () => {
    const otherShopRows = await db.mirrorOrder.count({ where: { shop: "paged-" + FIXTURE_SHOP } });
    expect(otherShopRows).toBeGreaterThan(0);
    emulator.store.run("DELETE FROM variants WHERE product_id = 2003");
    emulator.store.run("DELETE FROM products WHERE id = 2003");
    emulator.store.run("DELETE FROM customers WHERE id = 7005");
    await syncStore({ db, admin: client(), shop: FIXTURE_SHOP, logger }, undefined, {
      pollMs: 5,
      phases: ["products", "customers"],
    });
    const totals = await mirrorTotals(db, FIXTURE_SHOP);
    const expected = storeTotals(emulator);
    expect(totals.products).toBe(expected.products);
    expect(totals.variants).toBe(expected.variants);
    expect(totals.customers).toBe(expected.customers);
    expect(await db.mirrorProduct.count({ where: { shop: FIXTURE_SHOP, id: "2003" } })).toBe(0);
    expect(await db.mirrorOrder.count({ where: { shop: "paged-" + FIXTURE_SHOP } })).toBe(otherShopRows);
  });

  it("a failed sync is recorded with its phase and error, and leaves the mirror as it was", async () => {
    const before = await mirrorTotals(db, FIXTURE_SHOP);
    const wrongToken = createAdminClient({
      shop: FIXTURE_SHOP,
      accessToken: "shpat_wrong",
      endpoint: emulator.url,
      bucket: new CostBucketModel(),
      breaker: {},
    });
    await expect(syncStore({ db, admin: wrongToken, shop: FIXTURE_SHOP, logger })).rejects.toMatchObject({
      name: "AdminApiError",
      details: { status: 401 },
    });
    const run = await db.syncRun.findFirstOrThrow({ where: { shop: FIXTURE_SHOP }, orderBy: { startedAt: "desc" } });
    expect(run).toMatchObject({ status: "failed", phase: "products" });
    expect(run.error).toMatch(/HTTP 401/);
    expect(await mirrorTotals(db, FIXTURE_SHOP)).toEqual(before);
  });

  it("a staged ingest (big files on SQLite, ADR 0042) replaces the shop's rows as one transaction does, leaving no staging rows", async () => {
    const shop = "staged-" + FIXTURE_SHOP;
    const sync = () =>
      syncStore({ db, admin: client(), shop, logger }, undefined, { pollMs: 5, stagedIngest: true, chunkSize: 7 });
    await sync();
    await sync(); // the second replaces the first's rows
    const oneTransaction = "one-tx-" + FIXTURE_SHOP;
    await syncStore({ db, admin: client(), shop: oneTransaction, logger }, undefined, {
      pollMs: 5,
      stagedIngest: false,
    });
    const totals = await mirrorTotals(db, shop);
    expect(totals.lineItems).toBeGreaterThan(0);
    expect(totals).toEqual(await mirrorTotals(db, oneTransaction));
    const rows = async (s: string) =>
      (await db.mirrorLineItem.findMany({ where: { shop: s }, orderBy: { id: "asc" } })).map((r) => ({
        ...r,
        shop: "",
      }));
    expect(await rows(shop)).toEqual(await rows(oneTransaction));
    const days = async (s: string) =>
      (await db.mirrorDailySales.findMany({ where: { shop: s }, orderBy: { day: "asc" } })).map((r) => ({
        ...r,
        shop: "",
      }));
    expect((await days(shop)).length).toBeGreaterThan(0);
    expect(await days(shop)).toEqual(await days(oneTransaction));
    expect(await mirrorTotals(db, stagingShopKey(shop))).toEqual(
      Object.fromEntries(Object.keys(storeTotals(emulator)).map((k) => [k, 0])),
    );
  });

  it("refuses a bulk file whose line items name an order that is not there, and writes nothing of it", async () => {
    const { writeFileSync, mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const file = path.join(mkdtempSync(path.join(tmpdir(), "orphan-")), "orders.jsonl");
    writeFileSync(
      file,
      JSON.stringify({
        id: "gid://shopify/LineItem/1",
        sku: "X",
        title: "X",
        quantity: 1,
        originalUnitPriceSet: { shopMoney: { amount: "1.00" } },
        product: null,
        variant: null,
        __parentId: "gid://shopify/Order/999",
      }) + "\n",
    );
    const before = await db.mirrorOrder.count({ where: { shop: FIXTURE_SHOP } });
    await expect(ingestBulkFile(db, FIXTURE_SHOP, "orders", file)).rejects.toThrow(/missing from the bulk result/);
    expect(await db.mirrorOrder.count({ where: { shop: FIXTURE_SHOP } })).toBe(before);
    await expect(ingestBulkFile(db, FIXTURE_SHOP, "orders", file, { staged: true })).rejects.toThrow(
      /missing from the bulk result/,
    );
    expect(await db.mirrorOrder.count({ where: { shop: FIXTURE_SHOP } })).toBe(before);
    expect(await db.mirrorLineItem.count({ where: { shop: stagingShopKey(FIXTURE_SHOP) } })).toBe(0);
  });
});

describe("closeStaleSyncs", () => {
  it("closes syncs a dead process left running, and leaves recent ones and ones whose sync run is live", async () => {
    const now = new Date();
    const old = new Date(now.getTime() - 10 * 60_000);
    const shops = ["stale-a.myshopify.com", "stale-b.myshopify.com", "stale-c.myshopify.com"];
    const abandoned = await db.syncRun.create({ data: { shop: shops[0], status: "running", startedAt: old } });
    const live = await db.syncRun.create({ data: { shop: shops[1], status: "running", startedAt: old } });
    await db.agentRun.create({ data: { shop: shops[1], agent: "store-sync", trigger: "manual", status: "running" } });
    const recent = await db.syncRun.create({ data: { shop: shops[2], status: "running", startedAt: now } });

    expect(await closeStaleSyncs(db, { now })).toEqual([abandoned.id]);
    const closed = await db.syncRun.findUniqueOrThrow({ where: { id: abandoned.id } });
    expect(closed).toMatchObject({ status: "failed", error: expect.stringMatching(/^Interrupted/) });
    expect(closed.finishedAt).toEqual(now);
    expect((await db.syncRun.findUniqueOrThrow({ where: { id: live.id } })).status).toBe("running");
    expect((await db.syncRun.findUniqueOrThrow({ where: { id: recent.id } })).status).toBe("running");
    expect(await closeStaleSyncs(db, { now })).toEqual([]); // once
  });
});
