// Dashboard and analytics latency on a million-order mirror. Builds the store with bench/mirror-store.ts
// (the emulator's seed generator, history ending today, written through the mirror's bulk writer, with
// agent runs, alerts, audit rows and webhook deliveries), then times:
//   - the dashboard loader's queries (app/routes/app._index.tsx) and dashboardSummary, N runs each;
//   - the same figures computed from the orders without the rollup (what the loader did before);
//   - each run_analytics_query report on the default period (last 90 days), and a few wider ones;
//   - order webhooks on the big mirror (each refreshes its day of the rollup).
//   npx tsx bench/dashboard.ts [--orders 1000000] [--products 2000] [--days 730] [--runs 200] [--keep .data/bench-dashboard.db]
// --keep: build the database once into that SQLite file and reuse it on later runs (delete it after
// a schema change). TEST_DATABASE=postgresql (with the client generated for PostgreSQL) benches a
// fresh PostgreSQL database instead.
// Goal: dashboard p95 <= 50 ms with 1M orders.
import path from "node:path";
import { parseArgs } from "node:util";
import { pino } from "pino";
import { rebuildDailySales } from "../agents/analytics/rollups";
import { ANALYTICS_QUERIES } from "../agents/analytics/queries";
import type { ToolContext } from "../agents/core/context";
import { createRegistry } from "../agents/core/registry";
import { createDb, type Db } from "../agents/db/client";
import { applyOrderWebhook } from "../agents/mirror/webhooks";
import { agentRunStats, dashboardSummary, mirrorCounts, securityOverview } from "../agents/overview/queries";
import { dailySales, lastDays, salesMetrics, salesReport, type SalesWindow } from "../agents/analytics/window";
import type { AdminClient } from "../agents/shopify/admin-client";
import { runAnalyticsQuery } from "../agents/tools";
import { testProvider } from "../tests/support/database";
import { BENCH_SHOP, BENCH_TIME_ZONE, mirrorStoreDatabase } from "./mirror-store";

const { values } = parseArgs({
  options: {
    orders: { type: "string", default: "1000000" },
    products: { type: "string", default: "2000" },
    days: { type: "string", default: "730" },
    runs: { type: "string", default: "200" },
    seed: { type: "string", default: "1" },
    keep: { type: "string" },
  },
});
const int = (name: string, text: string) => {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`--${name} must be a positive whole number, got "${text}"`);
  return n;
};
const ORDERS = int("orders", values.orders!);
const PRODUCTS = int("products", values.products!);
const DAYS = int("days", values.days!);
const RUNS = int("runs", values.runs!);
const SEED = int("seed", values.seed!);
const SHOP = BENCH_SHOP;
const TIME_ZONE = BENCH_TIME_ZONE;
const DAY = 86_400_000;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

async function time<T>(
  label: string,
  runs: number,
  fn: () => Promise<T>,
  warmup = Math.min(10, runs),
): Promise<{ p50: number; p95: number; max: number }> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  const stats = { p50: percentile(samples, 50), p95: percentile(samples, 95), max: samples[samples.length - 1] };
  console.log(
    `  ${label.padEnd(44)} p50 ${stats.p50.toFixed(1).padStart(7)} ms   p95 ${stats.p95.toFixed(1).padStart(7)} ms   max ${stats.max.toFixed(1).padStart(7)} ms   (${runs} runs)`,
  );
  return stats;
}

// ---- the dashboard's figures without the rollup (the loader before it) ---------------------------

async function countsFromOrders(db: Db) {
  return Promise.all([
    db.mirrorOrder.count({ where: { shop: SHOP } }),
    db.mirrorLineItem.count({ where: { shop: SHOP } }),
  ]);
}
async function totalsFromOrders(db: Db, window: SalesWindow) {
  return db.mirrorOrder.aggregate({
    where: { shop: SHOP, localDay: { gte: window.from, lte: window.to }, cancelledAt: null },
    _sum: { total: true, totalRefunded: true, totalDiscounts: true },
    _count: { _all: true },
  });
}

async function main() {
  const provider = testProvider();
  const database = await mirrorStoreDatabase({
    provider,
    keep: values.keep ? path.resolve(values.keep) : null,
    options: {
      seed: SEED,
      products: PRODUCTS,
      orders: ORDERS,
      days: DAYS,
      endDate: new Date().toISOString().slice(0, 10),
    },
  });
  const db = createDb(database.url);
  try {
    const counts = await mirrorCounts(db, SHOP);
    console.log(
      `mirror: ${fmt(counts.orders)} orders, ${fmt(counts.lineItems)} line items, ${fmt(counts.products)} products, ${fmt(counts.variants)} variants, ${fmt(counts.customers)} customers, ${fmt(counts.refunds)} refunds`,
    );
    const t = performance.now();
    const days = await db.$transaction((tx) => rebuildDailySales(tx, SHOP), { timeout: 3600_000 });
    console.log(`rollup rebuild alone: ${days} days in ${((performance.now() - t) / 1000).toFixed(2)} s`);

    const newest = await db.mirrorOrder.findFirstOrThrow({
      where: { shop: SHOP },
      orderBy: { createdAt: "desc" },
      select: { createdAt: true },
    });
    const now = new Date(newest.createdAt.getTime() + 3_600_000); // a live shop: the newest order an hour ago
    const window = lastDays(30, now, TIME_ZONE);

    console.log(`\ndashboard (${RUNS} runs after 10 warm-up runs; goal p95 <= 50 ms):`);
    const loader = await time("loader queries (app._index.tsx, as is)", RUNS, () =>
      Promise.all([
        mirrorCounts(db, SHOP),
        salesReport(db, SHOP, window, now),
        dailySales(db, SHOP, window),
        agentRunStats(db, SHOP),
        securityOverview(db, SHOP, now),
      ]),
    );
    const summary = await time("dashboardSummary (what the page shows)", RUNS, () =>
      dashboardSummary(db, SHOP, window, now),
    );
    await time("  mirrorCounts", RUNS, () => mirrorCounts(db, SHOP));
    await time("  salesReport(last 30 days, with the previous 30)", RUNS, () => salesReport(db, SHOP, window, now));
    await time("  dailySales(last 30 days)", RUNS, () => dailySales(db, SHOP, window));
    await time("  agentRunStats", RUNS, () => agentRunStats(db, SHOP));
    await time("  securityOverview", RUNS, () => securityOverview(db, SHOP, now));
    const before = Math.max(3, Math.round(RUNS / 20));
    console.log(`without the rollup (${before} runs):`);
    await time("  order + line item counts from the orders", before, () => countsFromOrders(db), 1);
    await time("  30-day totals from the orders", before, () => totalsFromOrders(db, window), 1);
    const check = await totalsFromOrders(db, window);
    const fromRollup = await salesMetrics(db, SHOP, window);
    const agrees =
      check._count._all === fromRollup.orders && Math.abs((check._sum.total ?? 0) - fromRollup.revenue) < 0.01;
    console.log(
      `  rollup agrees with the orders: ${agrees} (${fmt(fromRollup.orders)} orders, ${fromRollup.revenue.toFixed(2)} revenue in 30 days)`,
    );

    const registry = createRegistry([runAnalyticsQuery]);
    const ctx: ToolContext = {
      shop: SHOP,
      db,
      admin: {} as AdminClient,
      logger: pino({ level: "silent" }),
      actor: { kind: "system", id: "bench" },
      now: () => now,
    };
    const analyticsRuns = Math.max(3, Math.round(RUNS / 40));
    console.log(`\nrun_analytics_query, default period (last 90 days), limit 50 (${analyticsRuns} runs):`);
    for (const query of ANALYTICS_QUERIES) {
      await time(
        query,
        analyticsRuns,
        async () => {
          const result = await registry.call(ctx, "run_analytics_query", { query });
          if (!result.ok) throw new Error(`${query}: ${result.message}`);
        },
        1,
      );
    }
    const yearFrom = new Date(now.getTime() - 364 * DAY).toISOString().slice(0, 10);
    console.log(`wider periods (from ${yearFrom}, ${analyticsRuns} runs):`);
    for (const query of ["revenue_by_product", "cohort_retention", "repeat_rate", "top_customers"] as const) {
      await time(
        `${query} (1 year)`,
        analyticsRuns,
        async () => {
          const result = await registry.call(ctx, "run_analytics_query", { query, from: yearFrom });
          if (!result.ok) throw new Error(`${query}: ${result.message}`);
        },
        1,
      );
    }

    // Order webhooks on the big mirror: each writes the order and refreshes its day of the rollup.
    const sample = await db.mirrorOrder.findMany({
      where: { shop: SHOP },
      orderBy: { createdAt: "desc" },
      take: 50,
      select: { id: true },
    });
    const lines = await db.mirrorLineItem.findMany({ where: { shop: SHOP, orderId: { in: sample.map((o) => o.id) } } });
    const orders = await db.mirrorOrder.findMany({ where: { shop: SHOP, id: { in: sample.map((o) => o.id) } } });
    let k = 0;
    console.log(`\nwebhooks:`);
    await time(
      "orders/updated (upsert + day refresh)",
      orders.length,
      async () => {
        const o = orders[k++ % orders.length];
        await applyOrderWebhook(db, SHOP, {
          id: Number(o.id),
          name: o.name,
          email: o.email,
          created_at: o.createdAt.toISOString(),
          updated_at: new Date(now.getTime() + k * 1000).toISOString(),
          cancelled_at: null,
          currency: o.currencyCode,
          subtotal_price: String(o.subtotal),
          total_discounts: String(o.totalDiscounts),
          total_tax: String(o.totalTax),
          total_price: String(o.total),
          total_shipping_price_set: { shop_money: { amount: String(o.totalShipping) } },
          financial_status: "paid",
          fulfillment_status: "fulfilled",
          customer: o.customerId ? { id: Number(o.customerId) } : null,
          source_name: o.sourceName,
          discount_codes: [],
          line_items: lines
            .filter((li) => li.orderId === o.id)
            .map((li) => ({
              id: Number(li.id),
              product_id: Number(li.productId),
              variant_id: Number(li.variantId),
              sku: li.sku,
              title: li.title,
              quantity: li.quantity,
              price: String(li.unitPrice),
            })),
        });
      },
      0,
    );

    console.log(
      `\nsummary: dashboard loader p50 ${loader.p50.toFixed(1)} ms, p95 ${loader.p95.toFixed(1)} ms; dashboardSummary p50 ${summary.p50.toFixed(1)} ms, p95 ${summary.p95.toFixed(1)} ms (goal p95 <= 50 ms) on ${fmt(counts.orders)} orders (${provider})`,
    );
  } finally {
    await db.$disconnect();
    await database.drop();
  }
}

await main();
