// A shop's settings, end to end: bad input is refused field by field and saves nothing; the schedule
// reconciler (real Redis, real BullMQ schedulers) leaves a turned-off agent unscheduled; the margin
// floor and the fraud hold score change what the pricing and risk tools answer on a synced store.
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSeedStore, startEmulator, type RunningEmulator } from "@royal-equips/emulator";
import { generateStore } from "@royal-equips/emulator/seed";
import { createTestDatabase, type TestDatabase } from "../tests/support/database";
import { startTestRedis, type TestRedis } from "../tests/support/redis";
import type { ToolContext } from "./core/context";
import { createDb, type Db } from "./db/client";
import { createRedis } from "./infra/redis";
import { syncStore } from "./mirror/sync";
import { floorPrice } from "./pricing/optimize";
import { createRuntime, type AgentRuntime } from "./runtime/queues";
import { scheduleReconciler } from "./runtime/schedules";
import { deleteKeysWithPrefix } from "./runtime/testing/redis-keys";
import { randomPrefix, randomShop, silentLogger, testRegistry } from "./runtime/testing/support";
import { DEFAULT_SETTINGS, readSettings, saveSettings } from "./settings";
import { createAdminClient } from "./shopify/graphql-client";
import { proposePriceChange, scoreOrderRiskTool, suggestPriceChanges, toolRegistry } from "./tools";

const SHOP = "royal-equips-dev.myshopify.com";
const TOKEN = "shpat_settings_test";
let emulator: RunningEmulator;
let database: TestDatabase;
let testRedis: TestRedis;
let db: Db;
let runtime: AgentRuntime;
const prefix = randomPrefix();

const ctx = (): ToolContext => ({
  shop: SHOP,
  db,
  admin: createAdminClient({ shop: SHOP, accessToken: TOKEN, endpoint: emulator.url }),
  logger: pino({ level: "silent" }),
  actor: { kind: "merchant", id: "owner" },
  now: () => new Date("2026-11-01T00:00:00Z"),
});

beforeAll(async () => {
  [emulator, database, testRedis] = await Promise.all([
    startEmulator({ dbPath: ":memory:", shopDomain: SHOP, accessToken: TOKEN, clientSecret: "secret" }),
    createTestDatabase(),
    startTestRedis(),
  ]);
  loadSeedStore(
    emulator.store.db,
    generateStore({ seed: 7, products: 4, orders: 3000, days: 400, endDate: "2026-10-31", sampleCsvDir: null }),
  );
  db = createDb(database.url);
  await db.shop.create({ data: { domain: SHOP, scopes: "" } });
  await syncStore({ db, admin: ctx().admin, shop: SHOP, logger: pino({ level: "silent" }) }, undefined, {
    pollMs: 20,
  });
  runtime = createRuntime({ redisUrl: testRedis.url, db, logger: silentLogger, agents: testRegistry(), prefix });
}, 120_000);

afterAll(async () => {
  await runtime?.close();
  if (testRedis) {
    const redis = createRedis(testRedis.url, { name: "test" });
    await deleteKeysWithPrefix(redis, prefix);
    redis.disconnect();
    await testRedis.stop();
  }
  await db?.$disconnect();
  await database?.drop();
  await emulator?.close();
});

describe("validation", () => {
  it("defaults when nothing is stored", async () => {
    expect(await readSettings(db, SHOP)).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS).toEqual({
      schedules: {},
      marginFloor: 0.2,
      fraudHoldAt: 60,
      supportPolicy: "",
      supportFirstResponseHours: 24,
      supportResolutionHours: 72,
    });
  });

  it("refuses bad input with a message per field and saves nothing", async () => {
    const result = await saveSettings(db, SHOP, {
      marginFloor: 1.5,
      fraudHoldAt: 12.5,
      supportPolicy: "x".repeat(5000),
      supportFirstResponseHours: 0,
      supportResolutionHours: 1.5,
    });
    expect(result).toEqual({
      ok: false,
      errors: {
        marginFloor: "The margin floor can be at most 90%.",
        fraudHoldAt: "Enter the hold score as a whole number.",
        supportPolicy: "Keep the support policy under 4000 characters.",
        supportFirstResponseHours: "The first-reply target must be between 1 and 168 hours.",
        supportResolutionHours: "Enter the resolution target in whole hours.",
      },
    });
    // One bad field among good ones: still nothing saved.
    expect(await saveSettings(db, SHOP, { marginFloor: 0.3, fraudHoldAt: 0 })).toMatchObject({
      ok: false,
      errors: { fraudHoldAt: "The hold score must be between 1 and 100." },
    });
    expect((await db.shop.findUniqueOrThrow({ where: { domain: SHOP } })).settings).toBeNull();
  });

  it("saves valid settings, keeps other keys in the same JSON, and reads a corrupted field as its default", async () => {
    await db.shop.update({ where: { domain: SHOP }, data: { settings: { theme: "dark", marginFloor: "lots" } } });
    expect((await readSettings(db, SHOP)).marginFloor).toBe(0.2);
    const saved = await saveSettings(db, SHOP, { supportPolicy: "Returns within 30 days." });
    expect(saved.ok).toBe(true);
    const row = await db.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    expect(row.settings).toMatchObject({ theme: "dark", marginFloor: 0.2, supportPolicy: "Returns within 30 days." });
  });
});

describe("schedules", () => {
  it("the reconciler leaves an agent the merchant turned off unscheduled, and schedules it again when turned on", async () => {
    const shop = randomShop();
    await db.shop.create({ data: { domain: shop, scopes: "", settings: { schedules: { "test-scheduled": false } } } });
    const reconciler = scheduleReconciler(runtime, db);
    const first = await reconciler.reconcile();
    expect(first.scheduled).not.toContain(shop); // as wanted already: nothing to schedule
    expect(await runtime.isScheduled(shop, "test-scheduled")).toBe(false);
    // Nothing changed: the next pass leaves it alone.
    expect((await reconciler.reconcile()).scheduled).not.toContain(shop);

    await saveSettings(db, shop, { schedules: { "test-scheduled": true } });
    expect((await reconciler.reconcile()).scheduled).toEqual([shop]);
    expect(await runtime.isScheduled(shop, "test-scheduled")).toBe(true);

    // Turned off while scheduled: its scheduler is removed on the next pass.
    await saveSettings(db, shop, { schedules: { "test-scheduled": false } });
    expect((await reconciler.reconcile()).scheduled).toEqual([shop]);
    expect(await runtime.isScheduled(shop, "test-scheduled")).toBe(false);
    await runtime.unscheduleShop(SHOP);
  });
});

describe("the tools follow the settings", () => {
  it("the margin floor is the pricing tools' minimum margin", async () => {
    const variant = await db.mirrorVariant.findFirstOrThrow({
      where: { shop: SHOP, unitCost: { gt: 0 }, sku: { not: null } },
    });
    const cost = variant.unitCost!;
    // Leaves a 30% margin: fine under the default 20% floor, refused under a 50% one.
    const price = Math.ceil((cost / 0.7) * 100) / 100;
    await saveSettings(db, SHOP, { marginFloor: 0.2 });
    const allowed = await toolRegistry.run(ctx(), proposePriceChange, { changes: [{ sku: variant.sku!, price }] });
    expect(allowed).toMatchObject({ ok: true, data: { status: "pending" } });

    await saveSettings(db, SHOP, { marginFloor: 0.5 });
    const refused = await toolRegistry.run(ctx(), proposePriceChange, { changes: [{ sku: variant.sku!, price }] });
    expect(refused).toMatchObject({ ok: false, code: "invalid_input" });
    if (!refused.ok) expect(refused.message).toContain(`below the floor ${floorPrice(cost, 0.5).toFixed(2)}`);
    // An explicit minimum still wins over the setting.
    expect(
      await toolRegistry.run(ctx(), proposePriceChange, { changes: [{ sku: variant.sku!, price }], minMargin: 0.1 }),
    ).toMatchObject({ ok: true });

    const suggested = await toolRegistry.run(ctx(), suggestPriceChanges, { limit: 50 });
    if (!suggested.ok) throw new Error(suggested.message);
    const costs = new Map(
      (await db.mirrorVariant.findMany({ where: { shop: SHOP } })).map((v) => [v.sku, v.unitCost ?? 0]),
    );
    expect(suggested.data.suggestions.length).toBeGreaterThan(0);
    for (const s of suggested.data.suggestions) {
      expect(s.floorPrice).toBeCloseTo(floorPrice(costs.get(s.sku)!, 0.5), 2);
      expect(s.proposedPrice).toBeGreaterThanOrEqual(s.floorPrice);
    }
    await saveSettings(db, SHOP, { marginFloor: 0.2 });
  });

  it("the fraud hold score decides when an order's recommendation is to hold it", async () => {
    // The biggest orders are the likeliest to score (a high-value first order is a risk factor).
    const orders = await db.mirrorOrder.findMany({ where: { shop: SHOP }, orderBy: { total: "desc" }, take: 15 });
    let best = { name: "", score: -1 };
    for (const order of orders) {
      const risk = await toolRegistry.run(ctx(), scoreOrderRiskTool, { orderName: order.name });
      if (risk.ok && risk.data.score > best.score) best = { name: risk.data.order, score: risk.data.score };
    }
    expect(best.score).toBeGreaterThan(0);
    const recommend = async () => {
      const risk = await toolRegistry.run(ctx(), scoreOrderRiskTool, { orderName: best.name });
      if (!risk.ok) throw new Error(risk.message);
      return risk.data.recommendation;
    };
    await saveSettings(db, SHOP, { fraudHoldAt: Math.max(1, Math.floor(best.score)) });
    const held = await recommend();
    expect(held.action).toBe("hold");
    expect(held.reason).toContain(`>= ${Math.max(1, Math.floor(best.score))}`);
    await saveSettings(db, SHOP, { fraudHoldAt: 100 });
    expect((await recommend()).action).not.toBe("hold");
  });
});
