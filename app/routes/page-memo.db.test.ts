// The pages whose reads are done once per database version (ADR 0039) beyond the dashboard:
// Revenue, Settings, Shopify and Weekly report; and Finance, Analytics, Inventory, Marketing and Security,
// whose stored analyses are read on every load beside their kept reads. Each loader, as the app runs it (local mode, a real
// database, SQLite or PostgreSQL by TEST_DATABASE): unchanged data is one shared answer; a write
// shows on the next load; another query is another answer; and on Revenue a worklist item's snooze
// ending shows with no write in between.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, dataVersionOf, sqliteReaderOf, type Db } from "../../agents/db/client";
import { rebuildDailySales } from "../../agents/analytics/rollups";
import { recordFindings } from "../../agents/findings/store";
import { saveSettings } from "../../agents/settings";
import { loadAppWithEnv, startAnalysisWorker } from "../../tests/support/app";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import { startTestRedis, type TestRedis } from "../../tests/support/redis";
import { whileUnchanged } from "../../tests/support/stable-version";

const SHOP = `page-memo-${Math.random().toString(36).slice(2, 8)}.myshopify.com`;
let database: TestDatabase;
let testRedis: TestRedis;
/** Another client on the same database: writes as another process (a webhook, the worker) makes them. */
let writer: Db;
let appDb: Db;
/** The worker's analysis refreshes, started by the tests of pages that read stored analyses. */
let worker: Awaited<ReturnType<typeof startAnalysisWorker>> | undefined;

beforeAll(async () => {
  [database, testRedis] = await Promise.all([createTestDatabase(), startTestRedis({ own: true })]);
  writer = createDb(database.url);
  await writer.shop.create({ data: { domain: SHOP, currencyCode: "EUR", ianaTimezone: "Europe/Amsterdam" } });
  ({ db: appDb } = await loadAppWithEnv({
    DATABASE_URL: database.url,
    REDIS_URL: testRedis.url,
    LOCAL_MODE: "true",
    LOCAL_SHOP: SHOP,
    LOG_LEVEL: "silent",
    AIRA_MODEL: "offline",
  }));
}, 120_000);

afterAll(async () => {
  await worker?.close();
  for (const client of [writer, appDb]) {
    if (!client) continue;
    dataVersionOf(client)?.close();
    await sqliteReaderOf(client)?.close();
    await client.$disconnect();
  }
  await database?.drop();
  await testRedis?.stop();
});

const args = (path: string) => ({ request: new Request(`http://localhost${path}`), params: {}, context: {} });

/** Two loads with no commit in between are one answer, the same object. */
async function sharedWhileUnchanged<T>(load: () => Promise<T>): Promise<T> {
  const [first, second] = await whileUnchanged(appDb, async () => [await load(), await load()] as const);
  expect(second).toBe(first);
  return second;
}

describe("pages read once per database version", () => {
  it("Revenue: a new price suggestion shows on the next load; another worklist filter is another answer", async () => {
    const revenue = await import("./app.revenue");
    const load = () => revenue.loader(args("/app/revenue?days=30&hmac=abc&timestamp=1")) as Promise<RevenueData>;
    const before = await sharedWhileUnchanged(load);
    expect(before.worklists.prices.total).toBe(0);
    // Shopify's signed parameters are not part of the key: another signature, the same answer.
    const resigned = await whileUnchanged(appDb, async () => [
      await load(),
      await revenue.loader(args("/app/revenue?timestamp=2&days=30&hmac=def")),
    ]);
    expect(resigned[1]).toBe(resigned[0]);

    await recordFindings(
      writer,
      { shop: SHOP, agent: "pricing-optimizer", runId: null, kinds: ["price_suggestion"], now: new Date() },
      [{ kind: "price_suggestion", subject: "variant:101", title: "Raise Blue mug to €12", data: {}, score: 1 }],
    );
    const after = await load();
    expect(after.worklists.prices.items.map((i) => i.title)).toEqual(["Raise Blue mug to €12"]);

    const dismissed = (await revenue.loader(args("/app/revenue?days=30&prices.status=dismissed"))) as RevenueData;
    expect(dismissed.worklists.prices.status).toBe("dismissed");
    expect(dismissed.worklists.prices.total).toBe(0);
  });

  it("Revenue: a snoozed suggestion is back in the open list when its snooze ends, with no write", async () => {
    const revenue = await import("./app.revenue");
    const load = () => revenue.loader(args("/app/revenue")) as Promise<RevenueData>;
    const title = `Lower Red mug ${Math.random().toString(36).slice(2, 8)}`;
    await recordFindings(
      writer,
      { shop: SHOP, agent: "pricing-optimizer", runId: null, kinds: ["price_suggestion"], now: new Date() },
      [{ kind: "price_suggestion", subject: "variant:202", title, data: {}, score: 2 }],
    );
    const until = new Date(Date.now() + 2_000);
    await writer.finding.updateMany({
      where: { shop: SHOP, subject: "variant:202" },
      data: { status: "snoozed", snoozedUntil: until },
    });
    const titles = (data: RevenueData) => data.worklists.prices.items.map((i) => i.title);
    expect(titles(await sharedWhileUnchanged(load))).not.toContain(title);
    await new Promise((r) => setTimeout(r, Math.max(0, until.getTime() - Date.now()) + 50));
    const version = await dataVersionOf(appDb)!.current();
    const reopened = await load();
    // On SQLite only this test writes to its database: the answer changed by the clock alone.
    if (database.provider === "sqlite") expect(await dataVersionOf(appDb)!.current()).toBe(version);
    expect(titles(reopened)).toContain(title);
  });

  it("Settings: a saved margin floor shows on the next load", async () => {
    const settings = await import("./app.settings._index");
    const load = () => settings.loader(args("/app/settings"));
    expect((await sharedWhileUnchanged(load)).marginFloorPercent).not.toBe("37.5");
    expect(await saveSettings(writer, SHOP, { marginFloor: 0.375 })).toMatchObject({ ok: true });
    expect((await load()).marginFloorPercent).toBe("37.5");
  });

  it("Shopify: a new webhook delivery shows on the next load", async () => {
    const shopify = await import("./app.shopify");
    const load = () => shopify.loader(args("/app/shopify"));
    expect((await sharedWhileUnchanged(load)).webhookEvents).toEqual([]);
    await writer.webhookEvent.create({ data: { webhookId: "wh-page-memo-1", shop: SHOP, topic: "orders/create" } });
    expect((await load()).webhookEvents.map((e) => e.topic)).toEqual(["orders/create"]);
  });

  it("Weekly report: the agent's new run shows on the next load; another report asked is another answer", async () => {
    const weekly = await import("./app.weekly-report");
    const load = (query = "") => weekly.loader(args(`/app/weekly-report${query}`));
    expect((await sharedWhileUnchanged(() => load())).agent.lastRunStatus).toBeNull();
    await writer.agentRun.create({
      data: { shop: SHOP, agent: "weekly-report", trigger: "manual", status: "failed", finishedAt: new Date() },
    });
    expect((await load()).agent.lastRunStatus).toBe("failed");
    expect((await load()).missing).toBe(false);
    expect((await load("?report=no-such-run")).missing).toBe(true);
  });

  // Pages whose live reads are kept while their stored analyses (ADR 0015) are read on every load.
  /**
   * Two loads with no commit in between share the kept part of their answer (the same object). The
   * page's analyses are worked out first: asking for one is a write (on PostgreSQL even a request
   * the queue already has moves the version), which a merchant's visits make only when it is stale.
   */
  async function keptWhileUnchanged<T>(
    load: () => Promise<T>,
    kept: (data: T) => unknown,
    analyses: (data: T) => Promise<{ ok: boolean; code?: string; refreshing?: boolean }[]>,
  ): Promise<T> {
    worker ??= await startAnalysisWorker();
    const waiting = async (data: T) => (await analyses(data)).some((r) => r.refreshing || r.code === "pending");
    for (let tries = 0; tries < 300 && (await waiting(await load())); tries++)
      await new Promise((r) => setTimeout(r, 100));
    const [first, second] = await whileUnchanged(appDb, async () => [await load(), await load()] as const);
    expect(kept(second)).toBe(kept(first));
    return second;
  }

  it("Finance: the window's figures are kept while unchanged; a day's new sales show on the next load", async () => {
    // Four months of orders, up to the day before yesterday: enough history for the forecast (a
    // failed analysis read by a page is audited, a write on every load).
    const day = (back: number) => new Date(Date.now() - back * 86_400_000);
    await writer.mirrorOrder.createMany({
      data: Array.from({ length: 120 }, (_, i) => ({
        shop: SHOP,
        id: String(50_000 + i),
        name: `#${5000 + i}`,
        createdAt: day(i + 2),
        updatedAt: day(i + 2),
        localDay: day(i + 2)
          .toISOString()
          .slice(0, 10),
        subtotal: 20 + (i % 7),
        totalDiscounts: 0,
        totalShipping: 0,
        totalTax: 0,
        total: 20 + (i % 7),
        currencyCode: "EUR",
      })),
    });
    await rebuildDailySales(writer, SHOP);
    const finance = await import("./app.finance");
    const load = () => finance.loader(args("/app/finance?days=7"));
    const before = await keptWhileUnchanged(
      load,
      (data) => data.sales,
      async (data) => [data.comparison, data.summary, data.cashFlow, data.forecast],
    );
    expect(before.forecast.ok).toBe(true);
    await writer.mirrorDailySales.create({
      data: { ...EMPTY_DAY, shop: SHOP, day: before.window.to, orders: 3, revenue: 90, subtotal: 90, units: 3 },
    });
    const after = await load();
    expect(after.sales.metrics.orders).toBe(before.sales.metrics.orders + 3);
    expect(after.sales.metrics.revenue).toBeCloseTo(before.sales.metrics.revenue + 90, 2);
    expect(after.bars.at(-1)).toMatchObject({ day: before.window.to, orders: 3 });
  });

  it("Analytics: the window's figures are kept while unchanged; a day's new orders show on the next load", async () => {
    const analytics = await import("./app.analytics");
    const load = () => analytics.loader(args("/app/analytics?days=30"));
    const before = await keptWhileUnchanged(
      load,
      (data) => data.sales,
      async (data) => [{ ok: data.report !== null, ...data.age }],
    );
    const day = new Date(Date.parse(before.window.to) - 2 * 86_400_000).toISOString().slice(0, 10);
    await writer.mirrorDailySales.upsert({
      where: { shop_day: { shop: SHOP, day } },
      create: { ...EMPTY_DAY, shop: SHOP, day, orders: 2, revenue: 50, units: 2 },
      update: { orders: { increment: 2 }, revenue: { increment: 50 }, units: { increment: 2 } },
    });
    const after = await load();
    expect(after.counts.orders).toBe(before.counts.orders + 2);
    expect(after.sales.metrics.orders).toBe(before.sales.metrics.orders + 2);
  });

  it("Inventory: the lowest stock is kept while unchanged; a new stock level shows on the next load", async () => {
    const inventory = await import("./app.inventory");
    const load = () => inventory.loader(args("/app/inventory"));
    const before = await keptWhileUnchanged(
      load,
      (data) => data.lowest,
      async () => [],
    );
    expect(before.lowest).toEqual([]);
    const updatedAt = new Date();
    await writer.mirrorVariant.create({
      data: {
        shop: SHOP,
        id: "9001",
        productId: "8001",
        title: "Large",
        sku: "MEMO-L",
        price: 10,
        inventoryItemId: "7001",
        updatedAt,
      },
    });
    await writer.mirrorInventoryLevel.create({
      data: { shop: SHOP, inventoryItemId: "7001", locationId: "1", available: 2, updatedAt },
    });
    expect((await load()).lowest).toMatchObject([{ sku: "MEMO-L", available: 2 }]);
  });

  it("Marketing: counts are kept while unchanged; a new customer shows on the next load", async () => {
    const marketing = await import("./app.marketing");
    const load = () => marketing.loader(args("/app/marketing"));
    const before = await keptWhileUnchanged(
      load,
      (data) => data.counts,
      // The streamed analyses: read (and asked for when stale) on every load.
      async (data) => Object.values(await data.insights),
    );
    await writer.mirrorCustomer.create({
      data: { shop: SHOP, id: "6001", email: "memo@example.com", createdAt: new Date(), updatedAt: new Date() },
    });
    expect((await load()).counts.customers).toBe(before.counts.customers + 1);
  });

  it("Security: alerts and the audit log are kept while unchanged; a new alert shows on the next load, a snoozed one when its snooze ends", async () => {
    const security = await import("./app.security");
    const load = () => security.loader(args("/app/security")) as Promise<SecurityData>;
    const openTitles = (data: SecurityData) =>
      data.alertLists.open.ok ? data.alertLists.open.data.alerts.map((a) => a.title) : [];
    // The compliance status is a stored analysis: kept while fresh, once the worker has worked it out.
    const kept = (data: SecurityData) => [data.alertLists, data.audit, data.webhooks, data.compliance];
    const keptAlike = (load: () => Promise<SecurityData>) =>
      keptWhileUnchanged(
        load,
        (data) => data.alertLists,
        async (data) => [data.compliance],
      );
    const before = await keptAlike(load);
    const again = await whileUnchanged(appDb, async () => [await load(), await load()] as const);
    kept(again[0]).forEach((part, i) => expect(kept(again[1])[i]).toBe(part));

    const title = `Orders webhook failing ${Math.random().toString(36).slice(2, 8)}`;
    await writer.alert.create({
      data: { shop: SHOP, kind: "webhook_failing", severity: "warning", title, details: { topic: "orders/create" } },
    });
    expect(openTitles(before)).not.toContain(title);
    const after = await load();
    expect(openTitles(after)).toContain(title);
    // What the page does not show is not sent: the detectors' evidence stays with explain_alert.
    expect(after.alertLists.open.ok && after.alertLists.open.data.alerts[0]).not.toHaveProperty("details");

    const until = new Date(Date.now() + 2_000);
    await writer.alert.updateMany({ where: { shop: SHOP, title }, data: { snoozedUntil: until } });
    expect(openTitles(await keptAlike(load))).not.toContain(title);
    await new Promise((r) => setTimeout(r, Math.max(0, until.getTime() - Date.now()) + 50));
    const version = await dataVersionOf(appDb)!.current();
    const reopened = await load();
    // On SQLite only this test writes to its database: the answer changed by the clock alone.
    if (database.provider === "sqlite") expect(await dataVersionOf(appDb)!.current()).toBe(version);
    expect(openTitles(reopened)).toContain(title);
  });
});

/** A rollup day with nothing in it, for the rows these tests write. */
const EMPTY_DAY = {
  orders: 0,
  revenue: 0,
  subtotal: 0,
  discounts: 0,
  shipping: 0,
  tax: 0,
  refunded: 0,
  units: 0,
  cancelledOrders: 0,
  lineItems: 0,
};

type SecurityData = Awaited<ReturnType<(typeof import("./app.security"))["loader"]>>;

type RevenueData = {
  worklists: { prices: { status: string; total: number; items: { title: string }[] } };
};
