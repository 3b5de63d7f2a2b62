// The daily sales rollup stays equal to the orders it summarises: after a bulk sync, after order,
// refund and cancellation webhooks (the emulator's own payloads, replays and concurrent deliveries
// included), and the dashboard figures read from it equal those summed from the orders.
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { orderPayload, payloadFor, type StoreChange } from "@royal-equips/emulator";
import type { SeedOrder } from "@royal-equips/emulator/seed";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import { redactCustomer } from "../compliance/privacy";
import { createDb } from "../db/client";
import { syncStore } from "../mirror/sync";
import { MIRROR_WEBHOOKS, type MirrorWebhookTopic } from "../mirror/webhooks";
import { rekeyLocalDays } from "../mirror/local-days";
import { dashboardSummary, mirrorCounts } from "../overview/queries";
import { dailySales, lastDays, salesMetrics } from "./window";
import { dailySalesBetween, rebuildDailySales, type DailySales } from "./rollups";
import {
  ANALYTICS_SHOP as SHOP,
  cents,
  isoDay,
  shopDay,
  SHOP_TIME_ZONE,
  startSyncedMirror,
  type SyncedMirror,
} from "./testing/mirror";

let mirror: SyncedMirror;
let db: Db;

/** The rollup recomputed here from the mirror's orders and line items. */
async function expectedRollup(shop = SHOP): Promise<DailySales[]> {
  const [orders, lines] = await Promise.all([
    db.mirrorOrder.findMany({ where: { shop } }),
    db.mirrorLineItem.findMany({ where: { shop } }),
  ]);
  const cancelled = new Set(orders.filter((o) => o.cancelledAt).map((o) => o.id));
  const days = new Map<string, DailySales>();
  const dayRow = (day: string) => {
    let row = days.get(day);
    if (!row)
      days.set(
        day,
        (row = {
          day,
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
        }),
      );
    return row;
  };
  for (const o of orders) {
    const row = dayRow(shopDay(o.createdAt));
    if (o.cancelledAt) {
      row.cancelledOrders++;
      continue;
    }
    row.orders++;
    row.revenue += o.total;
    row.subtotal += o.subtotal;
    row.discounts += o.totalDiscounts;
    row.shipping += o.totalShipping;
    row.tax += o.totalTax;
    row.refunded += o.totalRefunded;
  }
  for (const li of lines) {
    const row = dayRow(shopDay(li.createdAt));
    row.lineItems++;
    if (!cancelled.has(li.orderId)) row.units += li.quantity;
  }
  return [...days.values()].sort((a, b) => a.day.localeCompare(b.day)).map(roundMoney);
}

const roundMoney = (r: DailySales): DailySales => ({
  ...r,
  revenue: cents(r.revenue),
  subtotal: cents(r.subtotal),
  discounts: cents(r.discounts),
  shipping: cents(r.shipping),
  tax: cents(r.tax),
  refunded: cents(r.refunded),
});
const rollup = async (shop = SHOP) => (await dailySalesBetween(db, shop, "0000-01-01", "9999-12-31")).map(roundMoney);

/** Applies the emulator's announcements to the mirror as the webhook routes do, in order. */
function followStore(): { apply(): Promise<number>; stop(): void } {
  const queue: { topic: MirrorWebhookTopic; payload: Record<string, unknown> }[] = [];
  const store = mirror.emulator.store;
  const listener = (change: StoreChange) => {
    if (!(change.topic in MIRROR_WEBHOOKS)) return;
    const payload = payloadFor(store, change); // built at the moment of the change, as Shopify does
    if (payload) queue.push({ topic: change.topic as MirrorWebhookTopic, payload });
  };
  store.events.on("change", listener);
  return {
    async apply() {
      const n = queue.length;
      for (const { topic, payload } of queue.splice(0)) await MIRROR_WEBHOOKS[topic](db, SHOP, payload);
      return n;
    },
    stop: () => store.events.off("change", listener),
  };
}

/** A new order in the emulator's store, on `createdAt`, from stocked variants. */
function placeOrder(createdAt: string, lines = 2): number {
  const store = mirror.emulator.store;
  const stocked = store.all(
    "SELECT v.id, v.product_id, v.sku, v.price_cents, p.title, il.location_id FROM inventory_levels il JOIN variants v ON v.inventory_item_id = il.inventory_item_id JOIN products p ON p.id = v.product_id WHERE il.available > 5 ORDER BY v.id LIMIT ?",
    lines,
  );
  const customer = store.one("SELECT id, email FROM customers ORDER BY id LIMIT 1")!;
  const id = store.nextId("orders");
  let lineId = store.nextId("line_items");
  const lineItems = stocked.map((v) => ({
    id: lineId++,
    productId: Number(v.product_id),
    variantId: Number(v.id),
    sku: String(v.sku),
    title: String(v.title),
    quantity: 2,
    unitPrice: Number(v.price_cents) / 100,
  }));
  const subtotal = cents(lineItems.reduce((s, l) => s + l.quantity * l.unitPrice, 0));
  const order: SeedOrder = {
    id,
    name: `#T${id}`,
    customerId: Number(customer.id),
    email: String(customer.email),
    createdAt,
    processedAt: createdAt,
    cancelledAt: null,
    currencyCode: "USD",
    sourceName: "web",
    discountCodes: [],
    totalDiscounts: 0,
    subtotalPrice: subtotal,
    totalShipping: 5,
    totalTax: 0,
    totalPrice: cents(subtotal + 5),
    financialStatus: "PAID",
    fulfillmentStatus: "UNFULFILLED",
    billingAddress: null,
    shippingAddress: null,
    note: null,
    tags: [],
    lineItems,
    refunds: [],
    risk: null,
  };
  store.placeOrder(order, Number(stocked[0].location_id));
  return id;
}

beforeAll(async () => {
  mirror = await startSyncedMirror({ seed: 5, products: 20, orders: 2500, days: 200 });
  db = mirror.db;
}, 180_000);

afterAll(async () => {
  await mirror?.close();
});

describe("the daily sales rollup", () => {
  it("is built by the bulk sync, equal to the orders day by day", async () => {
    const expected = await expectedRollup();
    expect(expected.length).toBeGreaterThan(150);
    expect(expected.some((d) => d.cancelledOrders > 0 && d.refunded > 0)).toBe(true);
    expect(await rollup()).toEqual(expected);
  });

  it("follows order, refund and cancellation webhooks day by day, and equals a rebuild", async () => {
    const follow = followStore();
    try {
      const lastDay = shopDay(
        (await db.mirrorOrder.findFirstOrThrow({ where: { shop: SHOP }, orderBy: { createdAt: "desc" } })).createdAt,
      );
      const before = (await rollup()).find((d) => d.day === lastDay)!;
      const onLastDay = placeOrder(`${lastDay}T12:34:56Z`); // an existing day of the rollup
      placeOrder("2026-12-24T09:00:00Z", 3); // a day it has not seen
      const store = mirror.emulator.store;
      store.refundOrder(
        onLastDay,
        [
          {
            lineItemId: Number(
              store.one("SELECT id FROM line_items WHERE order_id = ? ORDER BY id LIMIT 1", onLastDay)!.id,
            ),
            quantity: 1,
          },
        ],
        "Too small",
      );
      expect(await follow.apply()).toBeGreaterThan(4);
      const after = (await rollup()).find((d) => d.day === lastDay)!;
      expect(after.orders).toBe(before.orders + 1);
      expect(after.refunded).toBeGreaterThan(before.refunded);
      expect(await rollup()).toEqual(await expectedRollup());

      // A cancellation (orders/updated with cancelled_at), delivered twice: counted once.
      const cancelled = payloadFor(store, { topic: "orders/updated", id: onLastDay })!;
      const payload = { ...cancelled, cancelled_at: `${lastDay}T18:00:00Z`, updated_at: new Date().toISOString() };
      await MIRROR_WEBHOOKS["orders/updated"](db, SHOP, payload);
      await MIRROR_WEBHOOKS["orders/updated"](db, SHOP, payload);
      const afterCancel = (await rollup()).find((d) => d.day === lastDay)!;
      expect(afterCancel).toMatchObject({
        orders: before.orders,
        cancelledOrders: before.cancelledOrders + 1,
        units: before.units,
      });
      // An older snapshot of the order arriving late changes nothing.
      expect(
        await MIRROR_WEBHOOKS["orders/updated"](db, SHOP, { ...cancelled, updated_at: "2020-01-01T00:00:00Z" }),
      ).toMatchObject({ skipped: "stale" });
      expect((await rollup()).find((d) => d.day === lastDay)).toEqual(afterCancel);

      const incremental = await rollup();
      expect(incremental).toEqual(await expectedRollup());
      await db.$transaction((tx) => rebuildDailySales(tx, SHOP));
      expect(await rollup()).toEqual(incremental);
    } finally {
      follow.stop();
    }
  });

  it("stays exact when webhooks for the same day arrive concurrently", async () => {
    const follow = followStore();
    try {
      const day = "2026-12-26";
      for (let i = 0; i < 6; i++) placeOrder(`${day}T1${i}:00:00Z`, 1 + (i % 3));
      const store = mirror.emulator.store;
      const orders = store.all("SELECT * FROM orders WHERE created_at LIKE ? ORDER BY id", `${day}%`);
      follow.stop(); // deliver these all at once instead of in order
      await Promise.all(orders.map((o) => MIRROR_WEBHOOKS["orders/create"](db, SHOP, orderPayload(store, o))));
      const row = (await rollup()).find((d) => d.day === day);
      expect(row).toMatchObject({
        orders: 6,
        units: orders.reduce(
          (s, o) => s + Number(store.one("SELECT SUM(quantity) AS n FROM line_items WHERE order_id = ?", o.id)!.n),
          0,
        ),
      });
      expect(await rollup()).toEqual(await expectedRollup());
    } finally {
      follow.stop();
    }
  });

  it("gives the dashboard the figures summed from the orders over whole shop-local days", async () => {
    const newest = (
      await db.mirrorOrder.findFirstOrThrow({
        where: { shop: SHOP, createdAt: { lt: new Date("2026-11-01") } },
        orderBy: { createdAt: "desc" },
      })
    ).createdAt;
    // 02:17 UTC: still the day before in New York, where a UTC-day window would be off by one.
    const now = new Date(Date.parse(`${isoDay(newest)}T02:17:00Z`) + 86_400_000);
    const orders = await db.mirrorOrder.findMany({ where: { shop: SHOP } });
    const refunds = await db.mirrorRefund.findMany({ where: { shop: SHOP } });
    const cancelled = new Set(orders.filter((o) => o.cancelledAt).map((o) => o.id));
    const today = shopDay(now);
    for (const days of [1, 7, 30, 90]) {
      const window = lastDays(days, now, SHOP_TIME_ZONE);
      expect(window.to < today && window.days === days).toBe(true);
      const inWindow = (d: Date) => shopDay(d) >= window.from && shopDay(d) <= window.to;
      const placed = orders.filter((o) => !o.cancelledAt && inWindow(o.createdAt));
      const refunded = refunds.filter((r) => !cancelled.has(r.orderId) && inWindow(r.createdAt));
      const totals = await salesMetrics(db, SHOP, window);
      expect(totals.orders).toBe(placed.length);
      expect(totals.revenue).toBe(cents(placed.reduce((s, o) => s + o.total, 0)));
      expect(totals.refunds).toBe(cents(refunded.reduce((s, r) => s + r.amount, 0)));
      expect(totals.discounts).toBe(cents(placed.reduce((s, o) => s + o.totalDiscounts, 0)));
      const daily = await dailySales(db, SHOP, window);
      expect(daily).toHaveLength(days);
      for (const d of daily) {
        const theDay = placed.filter((o) => shopDay(o.createdAt) === d.day);
        expect({ day: d.day, orders: d.orders, revenue: d.revenue }).toEqual({
          day: d.day,
          orders: theDay.length,
          revenue: cents(theDay.reduce((s, o) => s + o.total, 0)),
        });
      }
    }
    const counts = await mirrorCounts(db, SHOP);
    expect(counts).toMatchObject({
      orders: orders.length,
      lineItems: await db.mirrorLineItem.count({ where: { shop: SHOP } }),
      refunds: refunds.length,
    });
    const window = lastDays(30, now, SHOP_TIME_ZONE);
    const summary = await dashboardSummary(db, SHOP, window, now);
    expect(summary.counts).toEqual({ products: counts.products, orders: counts.orders });
    expect(summary.sales.metrics).toEqual(await salesMetrics(db, SHOP, window));
    const todays = orders.filter((o) => !o.cancelledAt && shopDay(o.createdAt) === today);
    expect(summary.today.orders).toBe(todays.length);
  });

  it("re-keys every order to the new local days when the shop's timezone changes", async () => {
    const before = await rollup();
    await db.$transaction(async (tx) => {
      await rekeyLocalDays(tx, SHOP, "Asia/Tokyo");
      await rebuildDailySales(tx, SHOP);
    });
    const tokyo = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Tokyo" });
    const sample = await db.mirrorOrder.findMany({ where: { shop: SHOP }, take: 200 });
    for (const o of sample) expect(o.localDay).toBe(tokyo.format(o.createdAt));
    expect(await rollup()).not.toEqual(before);
    await db.$transaction(async (tx) => {
      await rekeyLocalDays(tx, SHOP, SHOP_TIME_ZONE);
      await rebuildDailySales(tx, SHOP);
    });
    expect(await rollup()).toEqual(before);
    expect(await rollup()).toEqual(await expectedRollup());
  });
});

describe("customer erasure", () => {
  it("customers/redact removes the customer's orders from the daily rollup too", async () => {
    const order = await db.mirrorOrder.findFirstOrThrow({
      where: { shop: SHOP, customerId: { not: null }, cancelledAt: null },
    });
    const before = (await rollup()).find((r) => r.day === shopDay(order.createdAt))!;
    const theirs = await db.mirrorOrder.findMany({
      where: { shop: SHOP, customerId: order.customerId, cancelledAt: null },
    });
    const sameDay = theirs.filter((o) => shopDay(o.createdAt) === before.day);
    await redactCustomer(db, SHOP, { id: order.customerId! });
    const after = (await rollup()).find((r) => r.day === before.day);
    expect(after?.orders ?? 0).toBe(before.orders - sameDay.length);
    expect(await rollup()).toEqual(await expectedRollup());
  });
});

describe("collections in the mirror", () => {
  it("a paged sync stores the same collections and members as the bulk sync", async () => {
    const database: TestDatabase = await createTestDatabase();
    const paged = createDb(database.url);
    try {
      await syncStore({ db: paged, admin: mirror.admin, shop: SHOP, logger: pino({ level: "silent" }) }, undefined, {
        mode: "paged",
        phases: ["products"],
        pageSize: 25,
      });
      const read = async (from: Db) => ({
        collections: await from.mirrorCollection.findMany({ where: { shop: SHOP }, orderBy: { id: "asc" } }),
        members: await from.mirrorCollectionProduct.findMany({
          where: { shop: SHOP },
          orderBy: [{ collectionId: "asc" }, { productId: "asc" }],
        }),
      });
      const bulk = await read(db);
      const store = mirror.emulator.store;
      expect(bulk.collections).toHaveLength(Number(store.one("SELECT COUNT(*) AS n FROM collections")!.n));
      expect(bulk.members).toHaveLength(Number(store.one("SELECT COUNT(*) AS n FROM collection_products")!.n));
      expect(await read(paged)).toEqual(bulk);
    } finally {
      await paged.$disconnect();
      await database.drop();
    }
  });
});
