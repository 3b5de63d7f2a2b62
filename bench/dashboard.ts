// Dashboard and analytics latency on a million-order mirror. Generates a store with the emulator's
// seed generator (history ending today, as a live shop's), writes it into a fresh migrated database
// through the mirror's bulk writer in Shopify's bulk-operation shapes (the orders phase rebuilds the
// daily sales rollup, as a full sync does), adds agent runs, alerts, audit rows and webhook
// deliveries, then times:
//   - the dashboard loader's queries (app/routes/app._index.tsx) and dashboardSummary, N runs each;
//   - the same figures computed from the orders without the rollup (what the loader did before);
//   - each run_analytics_query report on the default period (last 90 days), and a few wider ones;
//   - order webhooks on the big mirror (each refreshes its day of the rollup).
//   npx tsx bench/dashboard.ts [--orders 1000000] [--products 2000] [--days 730] [--runs 200] [--keep .data/bench-dashboard.db]
// --keep: build the database once into that SQLite file and reuse it on later runs (delete it after
// a schema change). TEST_DATABASE=postgresql (with the client generated for PostgreSQL) benches a
// fresh PostgreSQL database instead.
// Goal: dashboard p95 <= 50 ms with 1M orders.
import { copyFileSync, existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { pino } from "pino";
import { rebuildDailySales } from "../agents/analytics/rollups";
import { ANALYTICS_QUERIES } from "../agents/analytics/queries";
import type { ToolContext } from "../agents/core/context";
import { createRegistry } from "../agents/core/registry";
import { createDb, type Db } from "../agents/db/client";
import { clearPhase, MirrorWriter } from "../agents/mirror/ingest";
import { PHASE_TABLES } from "../agents/mirror/tables";
import type { SyncPhase } from "../agents/mirror/queries";
import type { Line } from "../agents/mirror/rows";
import { refreshPlannerStatistics } from "../agents/mirror/sql";
import { applyOrderWebhook } from "../agents/mirror/webhooks";
import { agentRunStats, dashboardSummary, mirrorCounts, securityOverview } from "../agents/overview/queries";
import { dailySales, lastDays, salesMetrics, salesReport, type SalesWindow } from "../agents/analytics/window";
import type { AdminClient } from "../agents/shopify/admin-client";
import { runAnalyticsQuery } from "../agents/tools";
import { generateStore, type SeedStore } from "@royal-equips/emulator/seed";
import { createTestDatabase, testProvider } from "../tests/support/database";

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
const SHOP = "royal-equips-dev.myshopify.com";
/** The generated store's timezone: orders are stored with their New York days, as a sync would. */
const TIME_ZONE = "America/New_York";
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

// ---- the store as bulk-operation lines ---------------------------------------------------------

const gid = (type: string, id: number | string) => `gid://shopify/${type}/${id}`;
const money = (n: number) => ({ shopMoney: { amount: n.toFixed(2) } });

function* productLines(store: SeedStore): Generator<Line> {
  const collectionsOf = new Map<number, { id: number; title: string; handle: string }[]>();
  for (const c of store.collections) {
    for (const productId of c.productIds) collectionsOf.set(productId, [...(collectionsOf.get(productId) ?? []), c]);
  }
  for (const p of store.products) {
    const pid = gid("Product", p.id);
    yield {
      id: pid,
      title: p.title,
      handle: p.handle,
      vendor: p.vendor,
      productType: p.productType,
      status: p.status,
      tags: p.tags,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
    };
    for (const v of p.variants) {
      const vid = gid("ProductVariant", v.id);
      yield {
        id: vid,
        title: v.title,
        sku: v.sku,
        price: v.price.toFixed(2),
        compareAtPrice: v.compareAtPrice?.toFixed(2) ?? null,
        updatedAt: p.updatedAt,
        inventoryItem: {
          id: gid("InventoryItem", v.inventoryItemId),
          unitCost: v.unitCost == null ? null : { amount: v.unitCost.toFixed(2) },
        },
        __parentId: pid,
      };
      for (const [locationId, available] of Object.entries(v.inventory)) {
        yield {
          id: `gid://shopify/InventoryLevel/${locationId}?inventory_item_id=${v.inventoryItemId}`,
          location: { id: gid("Location", locationId) },
          quantities: [{ name: "available", quantity: available }],
          updatedAt: p.updatedAt,
          __parentId: vid,
        };
      }
    }
    for (const c of collectionsOf.get(p.id) ?? [])
      yield { id: gid("Collection", c.id), title: c.title, handle: c.handle, __parentId: pid };
  }
}

function* orderLines(store: SeedStore): Generator<Line> {
  for (const o of store.orders) {
    const oid = gid("Order", o.id);
    const refunded = o.refunds.reduce((s, r) => s + r.amount, 0);
    yield {
      id: oid,
      name: o.name,
      email: o.email,
      createdAt: o.createdAt,
      updatedAt: o.processedAt,
      cancelledAt: o.cancelledAt,
      sourceName: o.sourceName,
      currencyCode: o.currencyCode,
      displayFinancialStatus: o.financialStatus,
      displayFulfillmentStatus: o.fulfillmentStatus,
      discountCodes: o.discountCodes,
      customer: o.customerId == null ? null : { id: gid("Customer", o.customerId) },
      subtotalPriceSet: money(o.subtotalPrice),
      totalDiscountsSet: money(o.totalDiscounts),
      totalShippingPriceSet: money(o.totalShipping),
      totalTaxSet: money(o.totalTax),
      totalPriceSet: money(o.totalPrice),
      totalRefundedSet: money(refunded),
      risk: { assessments: o.risk ? [{ riskLevel: o.risk.riskLevel }] : [] },
      refunds: o.refunds.map((r) => ({
        id: gid("Refund", r.id),
        createdAt: r.createdAt,
        totalRefundedSet: money(r.amount),
      })),
    };
    for (const li of o.lineItems) {
      yield {
        id: gid("LineItem", li.id),
        sku: li.sku,
        title: li.title,
        quantity: li.quantity,
        originalUnitPriceSet: money(li.unitPrice),
        product: { id: gid("Product", li.productId) },
        variant: { id: gid("ProductVariant", li.variantId) },
        __parentId: oid,
      };
    }
  }
}

function* customerLines(store: SeedStore): Generator<Line> {
  for (const c of store.customers) {
    yield {
      id: gid("Customer", c.id),
      firstName: c.firstName,
      lastName: c.lastName,
      defaultEmailAddress: { emailAddress: c.email },
      numberOfOrders: "0",
      amountSpent: { amount: "0.00" },
      createdAt: c.createdAt,
      updatedAt: c.createdAt,
    };
  }
}

/** What ingestBulkFile does for a downloaded file, fed from the generator instead (no 1.5 GB temp file). */
async function ingestPhase(db: Db, phase: SyncPhase, lines: Iterable<Line>): Promise<number> {
  const rows = await db.$transaction(
    async (tx) => {
      await clearPhase(tx, SHOP, phase);
      const writer = new MirrorWriter(tx, SHOP, { chunkSize: 4000, timeZone: TIME_ZONE });
      for (const line of lines) {
        writer.add(line);
        await writer.flushIfFull();
      }
      const counts = await writer.finish();
      if (phase === "orders") await rebuildDailySales(tx, SHOP);
      return Object.values(counts).reduce((a, b) => a + b, 0);
    },
    { timeout: 3 * 3600_000, maxWait: 60_000 },
  );
  await refreshPlannerStatistics(db, [...PHASE_TABLES[phase], ...(phase === "orders" ? ["mirrorDailySales"] : [])]);
  return rows;
}

async function build(db: Db): Promise<void> {
  const endDate = new Date().toISOString().slice(0, 10);
  await db.shop.upsert({ where: { domain: SHOP }, create: { domain: SHOP, ianaTimezone: TIME_ZONE }, update: {} });
  let t = performance.now();
  const store = generateStore({
    seed: SEED,
    products: PRODUCTS,
    orders: ORDERS,
    days: DAYS,
    endDate,
    sampleCsvDir: null,
  });
  console.log(
    `store generated: ${fmt(store.orderCount ?? 0)} orders planned, ${fmt(store.products.length)} products, ${fmt(store.collections.length)} collections, ${fmt(store.customers.length)} customers, history ending ${endDate} (${((performance.now() - t) / 1000).toFixed(1)} s)`,
  );
  for (const [phase, lines] of [
    ["products", productLines(store)],
    ["customers", customerLines(store)],
    ["orders", orderLines(store)],
  ] as const) {
    t = performance.now();
    const rows = await ingestPhase(db, phase, lines);
    const s = (performance.now() - t) / 1000;
    console.log(
      `  ${phase.padEnd(9)} ${fmt(rows).padStart(10)} rows in ${s.toFixed(1)} s (${fmt(rows / s)} rows/s${phase === "orders" ? ", rollup rebuild included" : ""})`,
    );
  }
  // Side tables the dashboard reads, at sizes of a shop that has run for a while.
  const now = Date.now();
  const agents = [
    "store-sync",
    "inventory-forecasting",
    "pricing-optimizer",
    "finance-monitor",
    "marketing",
    "support",
    "security",
  ];
  await db.agentRun.createMany({
    data: Array.from({ length: 5000 }, (_, i) => ({
      shop: SHOP,
      agent: agents[i % agents.length],
      trigger: "schedule",
      status: i % 23 ? "succeeded" : "failed",
      queuedAt: new Date(now - i * 600_000),
    })),
  });
  await db.alert.createMany({
    data: Array.from({ length: 2000 }, (_, i) => ({
      shop: SHOP,
      kind: "risky_order",
      severity: i % 5 ? "warning" : "critical",
      title: `Order #${i} looks risky`,
      createdAt: new Date(now - i * 3_600_000),
      resolvedAt: i < 40 ? null : new Date(now - i * 3_000_000),
    })),
  });
  await db.auditLog.createMany({
    data: Array.from({ length: 50_000 }, (_, i) => ({
      shop: SHOP,
      actor: "system",
      action: "tool.get_shop_overview",
      outcome: "ok",
      createdAt: new Date(now - i * 60_000),
    })),
  });
  const topics = [
    "orders/create",
    "orders/updated",
    "refunds/create",
    "inventory_levels/update",
    "customers/update",
    "products/update",
  ];
  await db.webhookEvent.createMany({
    data: Array.from({ length: 50_000 }, (_, i) => ({
      webhookId: `bench-${i}`,
      shop: SHOP,
      topic: topics[i % topics.length],
      status: i % 500 ? "processed" : "failed",
      receivedAt: new Date(now - i * 30_000),
    })),
  });
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
  const keep = values.keep ? path.resolve(values.keep) : null;
  if (keep && provider !== "sqlite") throw new Error("--keep works with SQLite only");
  let database: Awaited<ReturnType<typeof createTestDatabase>> | null = null;
  let url: string;
  if (keep && existsSync(keep)) {
    url = `file:${keep}`;
    console.log(`reusing ${keep}`);
  } else {
    database = await createTestDatabase(provider);
    url = database.url;
  }
  const db = createDb(url);
  try {
    if (database) {
      const t = performance.now();
      await build(db);
      console.log(`database built in ${((performance.now() - t) / 1000).toFixed(1)} s (${provider})`);
      if (keep) {
        await db.$disconnect();
        copyFileSync(url.replace(/^file:/, ""), keep);
        console.log(`kept as ${keep}`);
      }
    }
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
    await database?.drop();
  }
}

await main();
