// The pricing tool against ground truth: the generated store's variants have known price
// elasticities, so the profit each proposal gains can be compared with the best price the same
// constraints allow under the true elasticity.
import { pino } from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { generateStore } from "@royal-equips/emulator/seed";
import { loadSeedStore, startEmulator, type RunningEmulator } from "@royal-equips/emulator";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import { createDb, type Db } from "../db/client";
import { syncStore } from "../mirror/sync";
import { createAdminClient } from "../shopify/graphql-client";
import { toolRegistry } from "../tools/index";

const SHOP = "royal-equips-dev.myshopify.com";
const TOKEN = "shpat_pricing_test";
const MIN_MARGIN = 0.2;
const MAX_STEP = 0.15;
let emulator: RunningEmulator;
let database: TestDatabase;
let db: Db;
const truth = new Map<string, { elasticity: number; cost: number }>();

beforeAll(async () => {
  [emulator, database] = await Promise.all([
    startEmulator({ dbPath: ":memory:", shopDomain: SHOP, accessToken: TOKEN, clientSecret: "s" }),
    createTestDatabase(),
  ]);
  const store = generateStore({
    seed: 5,
    products: 30,
    orders: 12_000,
    days: 365,
    endDate: "2026-10-31",
    sampleCsvDir: null,
  });
  for (const product of store.products)
    for (const v of product.variants)
      if (v.trueElasticity != null && v.unitCost != null)
        truth.set(String(v.id), { elasticity: v.trueElasticity, cost: v.unitCost });
  loadSeedStore(emulator.store.db, store);
  db = createDb(database.url);
  await syncStore(
    {
      db,
      admin: createAdminClient({ shop: SHOP, accessToken: TOKEN, endpoint: emulator.url }),
      shop: SHOP,
      logger: pino({ level: "silent" }),
    },
    undefined,
    { pollMs: 20 },
  );
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
  await emulator?.close();
});

/** Daily profit relative to today's, under constant elasticity e: demand scales as (p / p0)^e. */
const relativeProfit = (p: number, p0: number, cost: number, e: number) => (p - cost) * Math.pow(p / p0, e);

it("proposals recover most of the profit uplift the true elasticities allow, and never break the floor", async () => {
  const ctx = {
    shop: SHOP,
    db,
    admin: createAdminClient({ shop: SHOP, accessToken: TOKEN, endpoint: emulator.url }),
    logger: pino({ level: "silent" }),
    actor: { kind: "merchant" as const, id: "owner" },
    now: () => new Date("2026-11-01T00:00:00Z"),
  };
  const result = await toolRegistry.call(ctx, "suggest_price_changes", {
    minMargin: MIN_MARGIN,
    maxChangePct: MAX_STEP,
    limit: 100,
  });
  if (!result.ok) throw new Error(result.message);
  const suggestions = (
    result.data as {
      suggestions: { variantId: string; currentPrice: number; proposedPrice: number; floorPrice: number }[];
    }
  ).suggestions;
  expect(suggestions.length).toBeGreaterThanOrEqual(5);

  let achieved = 0;
  let possible = 0;
  for (const s of suggestions) {
    const t = truth.get(s.variantId)!;
    expect(s.proposedPrice).toBeGreaterThanOrEqual(Math.ceil((t.cost / (1 - MIN_MARGIN)) * 100) / 100 - 0.005);
    // The best price within the same step and floor, by a fine grid under the true elasticity.
    const low = Math.max(s.currentPrice * (1 - MAX_STEP), t.cost / (1 - MIN_MARGIN));
    const high = s.currentPrice * (1 + MAX_STEP);
    let best = s.currentPrice;
    for (let i = 0; i <= 400; i++) {
      const p = low + ((high - low) * i) / 400;
      if (
        relativeProfit(p, s.currentPrice, t.cost, t.elasticity) >
        relativeProfit(best, s.currentPrice, t.cost, t.elasticity)
      )
        best = p;
    }
    const base = relativeProfit(s.currentPrice, s.currentPrice, t.cost, t.elasticity);
    achieved += relativeProfit(s.proposedPrice, s.currentPrice, t.cost, t.elasticity) - base;
    possible += relativeProfit(best, s.currentPrice, t.cost, t.elasticity) - base;
  }
  expect(possible).toBeGreaterThan(0);
  const recovery = achieved / possible;
  console.log(
    `pricing recovery on generated store: ${(recovery * 100).toFixed(1)}% of the attainable uplift over ${suggestions.length} proposals`,
  );
  expect(recovery).toBeGreaterThanOrEqual(0.7);
});
