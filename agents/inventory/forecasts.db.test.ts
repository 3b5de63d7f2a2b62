// A shop with more sold variants than the stock tools forecast in place (the old cap of 2,000): the
// inventory agent forecasts every one of them through the real runtime (BullMQ on a real Redis) and
// stores them; the stock tools rank and plan every sold variant from those rows, answering for a
// variant as forecasting it in place does, and say how many they covered.
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSyncedMirror, type SyncedMirror } from "../analytics/testing/mirror";
import type { ToolContext } from "../core/context";
import { addDays } from "../core/time";
import { createRedis } from "../infra/redis";
import { createAgentRegistry } from "../runtime/agents";
import { createRuntime, type AgentRuntime } from "../runtime/queues";
import { deleteKeysWithPrefix } from "../runtime/testing/redis-keys";
import { randomPrefix, waitFor } from "../runtime/testing/support";
import { createWorkers, type AgentWorkers } from "../runtime/worker";
import { startTestRedis, type TestRedis } from "../../tests/support/redis";
import { toolRegistry } from "../tools";
import { inventoryForecastingAgent } from "./agent";
import { forecastSoldVariants } from "./forecasts";
import { DIRECT_FORECAST_LIMIT, getStockoutRisks, suggestPurchaseOrder } from "./tools";

const SHOP = "many-variants.myshopify.com";
const PRODUCTS = 206;
const PER_PRODUCT = 10; // 2,060 variants, all sold: more than the old cap of 2,000
const VARIANTS = PRODUCTS * PER_PRODUCT;
const DAYS = 100;
const logger = pino({ level: "silent" });
const prefix = randomPrefix();
let mirror: SyncedMirror;
let testRedis: TestRedis;
let runtime: AgentRuntime;
let workers: AgentWorkers;

const sku = (i: number) => `SKU-${String(i).padStart(5, "0")}`;
/** Zero stock every 7th variant; the rest from a few days to months of cover. */
const stockOf = (i: number) => (i % 7 === 0 ? 0 : (i % 40) * 4);

async function seedShop() {
  const db = mirror.db;
  const at = new Date();
  const today = at.toISOString().slice(0, 10);
  await db.shop.create({ data: { domain: SHOP, ianaTimezone: "UTC" } });
  await db.mirrorProduct.createMany({
    data: Array.from({ length: PRODUCTS }, (_, p) => ({
      shop: SHOP,
      id: String(1000 + p),
      title: `Product ${p}`,
      handle: `product-${p}`,
      status: "active",
      vendor: p % 2 ? "Acme" : "Globex",
      createdAt: at,
      updatedAt: at,
    })),
  });
  await db.mirrorVariant.createMany({
    data: Array.from({ length: VARIANTS }, (_, i) => ({
      shop: SHOP,
      id: String(50_000 + i),
      productId: String(1000 + Math.floor(i / PER_PRODUCT)),
      title: `Size ${i % PER_PRODUCT}`,
      sku: sku(i),
      price: 20,
      unitCost: 8,
      inventoryItemId: String(90_000 + i),
      updatedAt: at,
    })),
  });
  await db.mirrorInventoryLevel.createMany({
    data: Array.from({ length: VARIANTS }, (_, i) => ({
      shop: SHOP,
      inventoryItemId: String(90_000 + i),
      locationId: "1",
      available: stockOf(i),
      updatedAt: at,
    })),
  });
  // One order a day holding the variants that sell that day: every other day, 1-3 units each.
  const orders = [];
  const lines = [];
  for (let day = 1; day <= DAYS; day++) {
    const createdAt = new Date(`${addDays(today as never, -day)}T15:00:00Z`);
    const orderId = String(day);
    orders.push({
      shop: SHOP,
      id: orderId,
      name: `#${day}`,
      createdAt,
      subtotal: 0,
      totalDiscounts: 0,
      totalShipping: 0,
      totalTax: 0,
      total: 0,
      updatedAt: createdAt,
    });
    for (let i = 0; i < VARIANTS; i++) {
      if ((day + i) % 2) continue;
      lines.push({
        shop: SHOP,
        id: `${day}-${i}`,
        orderId,
        variantId: String(50_000 + i),
        title: `Product ${Math.floor(i / PER_PRODUCT)}`,
        quantity: 1 + ((day * 7 + i) % 3),
        unitPrice: 20,
        createdAt,
      });
    }
  }
  await db.mirrorOrder.createMany({ data: orders });
  for (let at = 0; at < lines.length; at += 5_000)
    await db.mirrorLineItem.createMany({ data: lines.slice(at, at + 5_000) });
}

const tools = (): ToolContext => ({
  shop: SHOP,
  db: mirror.db,
  admin: mirror.admin,
  logger,
  actor: { kind: "merchant", id: "owner" },
  now: () => new Date(),
});

beforeAll(async () => {
  [mirror, testRedis] = await Promise.all([
    startSyncedMirror({ seed: 3, products: 2, orders: 20, days: 60 }),
    startTestRedis(),
  ]);
  await seedShop();
  const agents = createAgentRegistry([inventoryForecastingAgent({ adminFor: async () => mirror.admin })]);
  runtime = createRuntime({ redisUrl: testRedis.url, db: mirror.db, logger, agents, prefix, backoffMs: 50 });
  workers = createWorkers({ redisUrl: testRedis.url, db: mirror.db, logger, agents, prefix, concurrency: 1 });
  await workers.ready();
}, 180_000);

afterAll(async () => {
  await workers?.close();
  await runtime?.close();
  const redis = createRedis(testRedis.url, { name: "cleanup" });
  await deleteKeysWithPrefix(redis, prefix);
  redis.disconnect();
  await mirror?.close();
  await testRedis?.stop();
});

describe("stored forecasts of every sold variant", () => {
  it("before a forecast run, the tools say so instead of answering for a slice of the catalog", async () => {
    const answer = await toolRegistry.run(tools(), getStockoutRisks, { withinDays: 14 });
    expect(answer).toMatchObject({ ok: false, code: "insufficient_data" });
    expect(!answer.ok && answer.message).toContain("2,060 variants");
  });

  it("the inventory agent forecasts every sold variant through the runtime and stores one row each", async () => {
    expect(VARIANTS).toBeGreaterThan(DIRECT_FORECAST_LIMIT);
    const { runId } = await runtime.enqueue({
      shop: SHOP,
      agent: "inventory-forecasting",
      trigger: "manual",
      input: { leadTimeDays: 14 },
    });
    const run = await waitFor(
      async () => {
        const r = await mirror.db.agentRun.findUniqueOrThrow({ where: { id: runId } });
        return r.status === "succeeded" || r.status === "failed" ? r : undefined;
      },
      "the inventory forecasting run",
      150_000,
    );
    expect(run.error).toBeNull();
    expect(run.status).toBe("succeeded");
    const result = run.result as {
      atRisk: number;
      recordedRisks: number;
      forecasts: { variants: number; stored: boolean; forecast: number; insufficientHistory: number };
    };
    expect(result.forecasts).toMatchObject({ variants: VARIANTS, stored: true });
    expect(result.forecasts.forecast + result.forecasts.insufficientHistory).toBe(VARIANTS);
    expect(result.forecasts.forecast).toBe(VARIANTS); // 100 days of sales each: enough history
    const rows = await mirror.db.variantForecast.findMany({ where: { shop: SHOP }, select: { runId: true } });
    expect(rows).toHaveLength(VARIANTS);
    expect(rows.every((r) => r.runId === runId)).toBe(true);
    // Every risk counted; the soonest 2,000 recorded as findings.
    expect(result.recordedRisks).toBe(Math.min(2_000, result.atRisk));
    expect(await mirror.db.finding.count({ where: { shop: SHOP, kind: "stockout_risk", runId } })).toBe(
      result.recordedRisks,
    );
  }, 180_000);

  it("get_stockout_risks ranks all sold variants, past the old cap, and says how many it covered", async () => {
    const answer = await toolRegistry.run(tools(), getStockoutRisks, { withinDays: 14, limit: 2_000 });
    if (!answer.ok) throw new Error(answer.message);
    const { coverage, risks, total, outOfStock } = answer.data;
    expect(coverage).toMatchObject({ soldVariants: VARIANTS, forecast: VARIANTS, notForecastYet: 0, stale: false });
    // Every variant without stock is at risk, the ones past the first 2,000 SKUs too.
    const empty = Array.from({ length: VARIANTS }, (_, i) => i).filter((i) => stockOf(i) === 0);
    expect(outOfStock).toBe(empty.length);
    const listed = new Set(risks.map((r) => r.sku));
    for (const i of empty.filter((i) => i >= 2_000)) expect(listed.has(sku(i))).toBe(true);
    expect(total).toBeGreaterThan(empty.length);
    for (let k = 1; k < risks.length; k++)
      expect(risks[k].daysOfCover).toBeGreaterThanOrEqual(risks[k - 1].daysOfCover);
  });

  it("a variant's risk from the stored forecasts is the one forecasting it in place gives", async () => {
    // The last 20 products: past the old cap, few enough to be forecast in place when named.
    const productIds = Array.from({ length: 20 }, (_, k) => String(1000 + PRODUCTS - 1 - k));
    const named = await toolRegistry.run(tools(), getStockoutRisks, { productIds, withinDays: 14, limit: 2_000 });
    const all = await toolRegistry.run(tools(), getStockoutRisks, { withinDays: 14, limit: 2_000 });
    if (!named.ok || !all.ok) throw new Error("no answer");
    expect(named.data.coverage).toBeUndefined();
    expect(named.data.risks.length).toBeGreaterThan(0);
    const fromStored = new Map(all.data.risks.map((r) => [r.sku, r]));
    for (const risk of named.data.risks) {
      const stored = fromStored.get(risk.sku)!;
      expect(stored).toBeDefined();
      expect(stored.model).toBe(risk.model);
      expect(stored.stockoutDate).toBe(risk.stockoutDate);
      expect(stored.daysOfCover).toBeCloseTo(risk.daysOfCover, 1);
      expect(stored.forecast.units).toBeCloseTo(risk.forecast.units, 0);
      expect(stored.forecast.hi80).toBeCloseTo(risk.forecast.hi80, 0);
    }
  });

  it("suggest_purchase_order plans every sold variant from the stored forecasts, lines as in place", async () => {
    const all = await toolRegistry.run(tools(), suggestPurchaseOrder, { leadTimeDays: 14 });
    const productIds = Array.from({ length: 20 }, (_, k) => String(1000 + PRODUCTS - 1 - k));
    const named = await toolRegistry.run(tools(), suggestPurchaseOrder, { productIds, leadTimeDays: 14 });
    if (!all.ok || !named.ok) throw new Error("no answer");
    expect(all.data.itemsChecked).toBe(VARIANTS);
    expect(all.data.coverage).toMatchObject({ soldVariants: VARIANTS, forecast: VARIANTS, notForecastYet: 0 });
    const lines = new Map(all.data.orders.flatMap((o) => o.lines.map((l) => [l.sku, { ...l, vendor: o.vendor }])));
    const namedLines = named.data.orders.flatMap((o) => o.lines.map((l) => ({ ...l, vendor: o.vendor })));
    expect(namedLines.length).toBeGreaterThan(0);
    for (const line of namedLines) {
      const stored = lines.get(line.sku)!;
      expect(stored).toMatchObject({ vendor: line.vendor, quantity: line.quantity, stockoutDate: line.stockoutDate });
      expect(stored.reorderPoint).toBeCloseTo(line.reorderPoint, 0);
    }
    // Each vendor's lines in catalog order, its totals their sums.
    for (const order of all.data.orders) {
      const skus = order.lines.map((l) => l.sku);
      expect(skus).toEqual([...skus].sort());
      expect(order.totalUnits).toBe(order.lines.reduce((a, l) => a + l.quantity, 0));
    }
  });

  it("a variant that no longer sells loses its stored forecast on the next run; few sold variants store none", async () => {
    await mirror.db.mirrorLineItem.deleteMany({ where: { shop: SHOP, variantId: String(50_000 + VARIANTS - 1) } });
    const again = await forecastSoldVariants(mirror.db, SHOP, {
      now: new Date(),
      horizon: 28,
      runId: null,
      chunkSize: 700,
      storeAbove: DIRECT_FORECAST_LIMIT,
    });
    expect(again).toMatchObject({ variants: VARIANTS - 1, stored: true, removed: 1 });
    expect(await mirror.db.variantForecast.count({ where: { shop: SHOP } })).toBe(VARIANTS - 1);
    const few = await forecastSoldVariants(mirror.db, SHOP, {
      now: new Date(),
      horizon: 28,
      runId: null,
      storeAbove: VARIANTS,
    });
    expect(few).toMatchObject({ stored: false, removed: VARIANTS - 1 });
    expect(await mirror.db.variantForecast.count({ where: { shop: SHOP } })).toBe(0);
  }, 120_000);
});
