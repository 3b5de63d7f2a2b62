// The pages whose reads are done once per database version (ADR 0039) beyond the dashboard:
// Revenue, Settings, Shopify and Weekly report. Each loader, as the app runs it (local mode, a real
// database, SQLite or PostgreSQL by TEST_DATABASE): unchanged data is one shared answer; a write
// shows on the next load; another query is another answer; and on Revenue a worklist item's snooze
// ending shows with no write in between.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, dataVersionOf, sqliteReaderOf, type Db } from "../../agents/db/client";
import { recordFindings } from "../../agents/findings/store";
import { saveSettings } from "../../agents/settings";
import { loadAppWithEnv } from "../../tests/support/app";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import { startTestRedis, type TestRedis } from "../../tests/support/redis";
import { whileUnchanged } from "../../tests/support/stable-version";

const SHOP = `page-memo-${Math.random().toString(36).slice(2, 8)}.myshopify.com`;
let database: TestDatabase;
let testRedis: TestRedis;
/** Another client on the same database: writes as another process (a webhook, the worker) makes them. */
let writer: Db;
let appDb: Db;

beforeAll(async () => {
  [database, testRedis] = await Promise.all([createTestDatabase(), startTestRedis()]);
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
});

type RevenueData = {
  worklists: { prices: { status: string; total: number; items: { title: string }[] } };
};
