// The operations agents as the worker runs them: BullMQ jobs on real Redis, over a generated store
// in the emulator, synced into the mirror by the store-sync agent itself.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSeedStore, startEmulator, type RunningEmulator } from "@royal-equips/emulator";
import { generateStore } from "@royal-equips/emulator/seed";
import { createTestDatabase, type TestDatabase } from "../tests/support/database";
import { startTestRedis, type TestRedis } from "../tests/support/redis";
import { createDb, type Db } from "./db/client";
import { raiseAlert } from "./ops/alerts";
import { createRedis } from "./infra/redis";
import { createAgentRegistry } from "./runtime/agents";
import { createRuntime, type AgentRuntime } from "./runtime/queues";
import { deleteKeysWithPrefix } from "./runtime/testing/redis-keys";
import { randomPrefix, silentLogger, waitFor } from "./runtime/testing/support";
import { createWorkers, type AgentWorkers } from "./runtime/worker";
import { createAdminClient } from "./shopify/graphql-client";
import { createAgents } from "./agents";

const SHOP = "royal-equips-dev.myshopify.com";
const TOKEN = "shpat_ops_test";
const prefix = randomPrefix();
let emulator: RunningEmulator;
let database: TestDatabase;
let testRedis: TestRedis;
let db: Db;
let runtime: AgentRuntime;
let workers: AgentWorkers;

beforeAll(async () => {
  [emulator, database, testRedis] = await Promise.all([
    startEmulator({ dbPath: ":memory:", shopDomain: SHOP, accessToken: TOKEN, clientSecret: "secret" }),
    createTestDatabase(),
    startTestRedis(),
  ]);
  loadSeedStore(
    emulator.store.db,
    generateStore({ seed: 11, products: 20, orders: 3000, days: 365, endDate: "2026-10-31", sampleCsvDir: null }),
  );
  db = createDb(database.url);
  const agents = createAgentRegistry(
    createAgents({
      adminFor: async (shop) => createAdminClient({ shop, accessToken: TOKEN, endpoint: emulator.url }),
    }),
  );
  runtime = createRuntime({ redisUrl: testRedis.url, db, logger: silentLogger, agents, prefix, backoffMs: 50 });
  workers = createWorkers({ redisUrl: testRedis.url, db, logger: silentLogger, agents, prefix, concurrency: 2 });
  await workers.ready();
}, 120_000);

afterAll(async () => {
  await workers?.close();
  await runtime?.close();
  const redis = createRedis(testRedis.url, { name: "cleanup" });
  await deleteKeysWithPrefix(redis, prefix);
  redis.disconnect();
  await db?.$disconnect();
  await database?.drop();
  await testRedis?.stop();
  await emulator?.close();
});

const counted: Record<string, Record<string, number>> = {};

const findings = (kind: string) =>
  db.finding.findMany({ where: { shop: SHOP, kind, status: { not: "resolved" } }, orderBy: { score: "desc" } });

async function runToEnd(agent: string, input: unknown = {}) {
  const { runId } = await runtime.enqueue({ shop: SHOP, agent, trigger: "manual", input });
  return waitFor(
    async () => {
      const run = await db.agentRun.findUniqueOrThrow({ where: { id: runId } });
      return run.status === "succeeded" || run.status === "failed" ? run : undefined;
    },
    `${agent} to finish`,
    90_000,
  );
}

describe("operations agents", () => {
  it("store-sync fills the mirror from the store, with progress to 100", async () => {
    const run = await runToEnd("store-sync");
    expect(run.status).toBe("succeeded");
    expect(run.progress).toBe(100);
    expect(await db.mirrorOrder.count({ where: { shop: SHOP } })).toBe(
      Number(emulator.store.db.prepare("SELECT count(*) AS n FROM orders").get()!.n),
    );
  });

  it("inventory-forecasting records every stockout risk and reorder line as findings, with a summary", async () => {
    const run = await runToEnd("inventory-forecasting", { leadTimeDays: 21 });
    expect(run.status).toBe("succeeded");
    const result = run.result as {
      atRisk: number;
      purchaseOrders: { vendor: string; totalUnits: number; lines: { quantity: number }[] }[];
    };
    expect(result.atRisk).toBeGreaterThan(0); // this seeded store has risks (deterministic)
    // One open alert per variant at risk, each naming its product and linking to it.
    const alerts = await db.alert.findMany({ where: { shop: SHOP, kind: "stockout_risk", resolvedAt: null } });
    expect(alerts).toHaveLength(result.atRisk);
    for (const alert of alerts)
      expect(alert.details).toMatchObject({ variantId: expect.any(String), productId: expect.any(String) });
    // Every risk is a finding (no page limit), with the product's name, not a SKU or id.
    const risks = await findings("stockout_risk");
    expect(risks).toHaveLength(result.atRisk);
    for (const f of risks) {
      expect(f.runId).toBe(run.id);
      expect(f.title).toMatch(
        / may run out (on [A-Z][a-z]{2} \d{1,2}|soon) \((less than a day|\d[\d,]* days?) of stock\)$/,
      );
      const data = f.data as { product: string; onHand: number; forecast: { lo80: number; hi80: number } };
      expect(f.title.startsWith(data.product)).toBe(true);
      expect(data.forecast.lo80).toBeLessThanOrEqual(data.forecast.hi80);
    }
    const lines = result.purchaseOrders.flatMap((o) => o.lines.filter((l) => l.quantity > 0));
    const reorders = await findings("reorder_line");
    expect(reorders).toHaveLength(lines.length);
    for (const f of reorders)
      expect(f.data).toMatchObject({ vendor: expect.any(String), quantity: expect.any(Number) });
    const vendors = result.purchaseOrders.filter((o) => o.totalUnits > 0);
    const units = vendors.reduce((sum, o) => sum + o.totalUnits, 0);
    expect(run.summary).toBe(
      `${result.atRisk.toLocaleString("en-US")} variant${result.atRisk === 1 ? "" : "s"} may run out within 21 days; ` +
        (vendors.length
          ? `purchase orders for ${vendors.length} vendor${vendors.length === 1 ? "" : "s"}, ${units.toLocaleString("en-US")} units`
          : "nothing to reorder"),
    );
    counted["inventory-forecasting"] = { stockout_risk: risks.length, reorder_line: reorders.length };
  });

  it("a stockout alert resolves itself once the emulator's store is restocked and the forecast runs again", async () => {
    const first = await runToEnd("inventory-forecasting", { leadTimeDays: 21 });
    expect(first.status).toBe("succeeded");
    const alert = await db.alert.findFirst({
      where: { shop: SHOP, kind: "stockout_risk", resolvedAt: null },
      orderBy: { createdAt: "asc" },
    });
    expect(alert, "the seeded store has variants at risk within 21 days").not.toBeNull();
    const { variantId, leadTimeDemand } = alert!.details as { variantId: string; leadTimeDemand: number };
    const variant = await db.mirrorVariant.findUniqueOrThrow({ where: { shop_id: { shop: SHOP, id: variantId } } });
    const level = await db.mirrorInventoryLevel.findFirstOrThrow({
      where: { shop: SHOP, inventoryItemId: variant.inventoryItemId! },
    });
    // Restock in the store itself, then sync and forecast as the schedule would.
    emulator.store.adjustInventory(Number(level.inventoryItemId), Number(level.locationId), leadTimeDemand * 3 + 100);
    expect((await runToEnd("store-sync")).status).toBe("succeeded");
    const second = await runToEnd("inventory-forecasting", { leadTimeDays: 21 });
    expect(second.status).toBe("succeeded");
    expect(await db.alert.findUniqueOrThrow({ where: { id: alert!.id } })).toMatchObject({
      resolutionKind: "automatic",
      resolvedBy: "schedule:inventory-forecasting",
      resolution: expect.stringMatching(/^Resolved automatically: no longer at risk/),
    });
    // The other variants at risk keep their alerts: one open alert per variant still at risk.
    const stillAtRisk = (second.result as { atRisk: number }).atRisk;
    expect(await db.alert.count({ where: { shop: SHOP, kind: "stockout_risk", resolvedAt: null } })).toBe(stillAtRisk);
  });

  it("a second run updates the same findings in place, keeps a dismissal, and resolves what it no longer finds", async () => {
    const rows = await db.finding.count({ where: { shop: SHOP, kind: "stockout_risk" } });
    const before = await findings("stockout_risk");
    const [dismissed, ...rest] = before;
    await db.finding.update({ where: { id: dismissed.id }, data: { status: "dismissed", note: "Discontinued" } });
    // A finding the agent will not find again (a variant that does not exist).
    await db.finding.create({
      data: {
        shop: SHOP,
        agent: "inventory-forecasting",
        kind: "stockout_risk",
        subject: "variant:gone",
        title: "Gone may run out",
        data: {},
      },
    });
    const second = await runToEnd("inventory-forecasting", { leadTimeDays: 21 });
    expect(second.status).toBe("succeeded");
    const after = await db.finding.findMany({ where: { shop: SHOP, kind: "stockout_risk" } });
    expect(after).toHaveLength(rows + 1); // no duplicates: the same rows, plus "gone"
    expect(after.find((f) => f.id === dismissed.id)).toMatchObject({ status: "dismissed", runId: second.id });
    for (const f of rest) expect(after.find((a) => a.id === f.id)).toMatchObject({ status: "open", runId: second.id });
    expect(after.find((f) => f.subject === "variant:gone")).toMatchObject({
      status: "resolved",
      note: "No longer found",
    });
  });

  it("order-fulfillment scores recent orders and finance-monitor checks revenue, each finishing with its numbers", async () => {
    const fraud = await runToEnd("order-fulfillment", { hours: 48, limit: 30 });
    expect(fraud.status).toBe("succeeded");
    const scored = fraud.result as { scored: number; flaggedForHold: number };
    expect(scored.scored).toBeGreaterThan(0);
    expect(await db.alert.count({ where: { shop: SHOP, kind: "risky_order" } })).toBe(scored.flaggedForHold);
    const risky = await findings("risky_order");
    expect(risky).toHaveLength(scored.flaggedForHold);
    for (const f of risky) expect(f.title).toMatch(/^Order #?\S+ looks risky \(\d+ out of 100\)/);
    expect(fraud.summary).toMatch(/^\d[\d,]* recent orders? checked; /);
    counted["order-fulfillment"] = { risky_order: risky.length };
    const finance = await runToEnd("finance-monitor", { days: 120 });
    expect(finance.status).toBe("succeeded");
    const anomalies = (finance.result as { anomalies: number }).anomalies;
    expect(await db.alert.count({ where: { shop: SHOP, kind: "revenue_anomaly" } })).toBe(anomalies);
    expect(await findings("revenue_anomaly")).toHaveLength(anomalies);
    expect(finance.summary).toMatch(/(Revenue looked normal|of unusual revenue) .*120 days$/);
    counted["finance-monitor"] = { revenue_anomaly: anomalies };
  });

  it("finance-monitor resolves a flagged day it no longer finds unusual, and leaves days outside its window alone", async () => {
    const raise = (date: string) =>
      raiseAlert(db, SHOP, {
        kind: "revenue_anomaly",
        severity: "warning",
        title: `Revenue drop on ${date}`,
        details: { date },
        dedupeKey: `revenue:${date}`,
      });
    const inside = await raise("2026-09-15"); // an ordinary day of the seeded store, within 120 days
    const outside = await raise("2025-01-01");
    const run = await runToEnd("finance-monitor", { days: 120 });
    expect(run.status).toBe("succeeded");
    const result = run.result as { alerts: { date: string }[]; resolved: number };
    expect(result.alerts.map((a) => a.date)).not.toContain("2026-09-15");
    expect(result.resolved).toBe(1);
    expect(await db.alert.findUniqueOrThrow({ where: { id: inside.id } })).toMatchObject({
      resolutionKind: "automatic",
      resolvedBy: "schedule:finance-monitor",
      resolution: "Resolved automatically: anomaly over (the latest check no longer finds that day unusual)",
    });
    expect(await db.alert.findUniqueOrThrow({ where: { id: outside.id } })).toMatchObject({ resolvedAt: null });
    // The days it does flag stay open.
    expect(
      await db.alert.count({
        where: { shop: SHOP, kind: "revenue_anomaly", resolvedAt: null, dedupeKey: { not: "revenue:2025-01-01" } },
      }),
    ).toBe(result.alerts.length);
  });

  it("pricing-optimizer and product-research finish with their findings", async () => {
    const pricing = await runToEnd("pricing-optimizer");
    expect(pricing.status).toBe("succeeded");
    const suggestions = (pricing.result as { suggestions: number }).suggestions;
    const prices = await findings("price_suggestion");
    expect(prices).toHaveLength(suggestions);
    for (const f of prices) {
      const data = f.data as { product: string; currentPrice: number; proposedPrice: number };
      expect(f.title.startsWith(data.product)).toBe(true);
      expect(f.title).toMatch(data.proposedPrice > data.currentPrice ? /raise the price/ : /lower the price/);
    }
    expect(pricing.summary).toMatch(/price suggestions?|No price change/);
    const research = await runToEnd("product-research");
    expect(research.status).toBe("succeeded");
    expect(research.result).toHaveProperty("deadUnits");
    const r = research.result as { rising: number; falling: number; bundles: number; categoryGaps: number };
    expect(await findings("trending_product")).toHaveLength(r.rising);
    expect(await findings("falling_product")).toHaveLength(r.falling);
    expect(await findings("bundle")).toHaveLength(r.bundles);
    expect(await findings("category_gap")).toHaveLength(r.categoryGaps);
    const dead = await findings("dead_stock");
    expect(research.summary).toContain(`${dead.length.toLocaleString("en-US")} variant`);
    counted["pricing-optimizer"] = { price_suggestion: prices.length };
    counted["product-research"] = {
      trending_product: r.rising,
      falling_product: r.falling,
      dead_stock: dead.length,
      bundle: r.bundles,
      category_gap: r.categoryGaps,
    };
    // The figures for the report (findings per agent on this seeded store).
    console.info("findings per agent", JSON.stringify(counted));
  });
});
