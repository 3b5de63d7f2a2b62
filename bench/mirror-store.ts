// A big store mirror for benchmarks, shared by bench/dashboard.ts and bench/big-store.ts.
// Generates a store with the emulator's seed generator (history ending on `endDate`, as a live
// shop's), writes it into a migrated database through the mirror's bulk writer in Shopify's
// bulk-operation shapes (the orders phase rebuilds the daily sales rollup, as a full sync does), and
// adds agent runs, alerts, audit rows and webhook deliveries of a shop that has run for a while.
// `mirrorStoreDatabase` builds it once into a kept SQLite file (--keep) with the options it was
// built with beside it (`<file>.json`), so a later run can reuse it and regenerate the very same
// store (e.g. to seed the emulator with it).
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { rebuildDailySales } from "../agents/analytics/rollups";
import { createDb, type Db } from "../agents/db/client";
import { clearPhase, MirrorWriter } from "../agents/mirror/ingest";
import { PHASE_TABLES } from "../agents/mirror/tables";
import type { SyncPhase } from "../agents/mirror/queries";
import type { Line } from "../agents/mirror/rows";
import { refreshPlannerStatistics } from "../agents/mirror/sql";
import { generateStore, type SeedStore } from "@royal-equips/emulator/seed";
import { createTestDatabase, type TestProvider } from "../tests/support/database";

export const BENCH_SHOP = "royal-equips-dev.myshopify.com";
/** The generated store's timezone: orders are stored with their New York days, as a sync would. */
export const BENCH_TIME_ZONE = "America/New_York";

export interface MirrorStoreOptions {
  seed: number;
  products: number;
  orders: number;
  days: number;
  /** The last day of the order history (YYYY-MM-DD). */
  endDate: string;
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

/** The generated store: deterministic, so the same options give the same products, customers and orders. */
export function benchSeedStore(options: MirrorStoreOptions): SeedStore {
  return generateStore({
    seed: options.seed,
    products: options.products,
    orders: options.orders,
    days: options.days,
    endDate: options.endDate,
    sampleCsvDir: null,
  });
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
      await clearPhase(tx, BENCH_SHOP, phase);
      const writer = new MirrorWriter(tx, BENCH_SHOP, { chunkSize: 4000, timeZone: BENCH_TIME_ZONE });
      for (const line of lines) {
        writer.add(line);
        await writer.flushIfFull();
      }
      const counts = await writer.finish();
      if (phase === "orders") await rebuildDailySales(tx, BENCH_SHOP);
      return Object.values(counts).reduce((a, b) => a + b, 0);
    },
    { timeout: 3 * 3600_000, maxWait: 60_000 },
  );
  await refreshPlannerStatistics(db, [...PHASE_TABLES[phase], ...(phase === "orders" ? ["mirrorDailySales"] : [])]);
  return rows;
}

/** Fills an empty, migrated database with the generated store's mirror and the side tables. */
export async function buildMirrorStore(db: Db, options: MirrorStoreOptions): Promise<void> {
  await db.shop.upsert({
    where: { domain: BENCH_SHOP },
    create: { domain: BENCH_SHOP, ianaTimezone: BENCH_TIME_ZONE },
    update: {},
  });
  let t = performance.now();
  const store = benchSeedStore(options);
  console.log(
    `store generated: ${fmt(store.orderCount ?? 0)} orders planned, ${fmt(store.products.length)} products, ${fmt(store.collections.length)} collections, ${fmt(store.customers.length)} customers, history ending ${options.endDate} (${((performance.now() - t) / 1000).toFixed(1)} s)`,
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
      shop: BENCH_SHOP,
      agent: agents[i % agents.length],
      trigger: "schedule",
      status: i % 23 ? "succeeded" : "failed",
      queuedAt: new Date(now - i * 600_000),
    })),
  });
  await db.alert.createMany({
    data: Array.from({ length: 2000 }, (_, i) => ({
      shop: BENCH_SHOP,
      kind: "risky_order",
      severity: i % 5 ? "warning" : "critical",
      title: `Order #${i} looks risky`,
      createdAt: new Date(now - i * 3_600_000),
      resolvedAt: i < 40 ? null : new Date(now - i * 3_000_000),
    })),
  });
  await db.auditLog.createMany({
    data: Array.from({ length: 50_000 }, (_, i) => ({
      shop: BENCH_SHOP,
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
      shop: BENCH_SHOP,
      topic: topics[i % topics.length],
      status: i % 500 ? "processed" : "failed",
      receivedAt: new Date(now - i * 30_000),
    })),
  });
}

export interface MirrorStoreDatabase {
  url: string;
  /** What the store was built with; null for a kept file from before the options were recorded. */
  options: MirrorStoreOptions | null;
  reused: boolean;
  /** Removes a temporary database (a kept file stays). */
  drop(): Promise<void>;
}

/** Where the options a kept database was built with are recorded. */
export const keptOptionsFile = (keep: string) => `${keep}.json`;

/**
 * The mirror store's database: the kept SQLite file when `keep` names one that exists (reused as
 * is), else a fresh database of `provider`, built, and (with `keep`) copied there with its options.
 */
export async function mirrorStoreDatabase(args: {
  provider: TestProvider;
  options: MirrorStoreOptions;
  keep?: string | null;
}): Promise<MirrorStoreDatabase> {
  const { provider, options, keep } = args;
  if (keep && provider !== "sqlite") throw new Error("--keep works with SQLite only");
  if (keep && existsSync(keep)) {
    const recorded = existsSync(keptOptionsFile(keep))
      ? ((JSON.parse(readFileSync(keptOptionsFile(keep), "utf8")) as { options: MirrorStoreOptions }).options ?? null)
      : null;
    console.log(`reusing ${keep}${recorded ? ` (built with ${JSON.stringify(recorded)})` : ""}`);
    return { url: `file:${keep}`, options: recorded, reused: true, drop: async () => {} };
  }
  const database = await createTestDatabase(provider);
  const db = createDb(database.url);
  try {
    const t = performance.now();
    await buildMirrorStore(db, options);
    console.log(`database built in ${((performance.now() - t) / 1000).toFixed(1)} s (${provider})`);
  } finally {
    await db.$disconnect();
  }
  if (!keep) return { url: database.url, options, reused: false, drop: () => database.drop() };
  copyFileSync(database.url.replace(/^file:/, ""), keep);
  writeFileSync(keptOptionsFile(keep), JSON.stringify({ options, builtAt: new Date().toISOString() }, null, 2) + "\n");
  await database.drop();
  console.log(`kept as ${keep}`);
  return { url: `file:${keep}`, options, reused: false, drop: async () => {} };
}
