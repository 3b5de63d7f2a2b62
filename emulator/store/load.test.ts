import { describe, expect, it } from "vitest";
import { syntheticSeedStore } from "../testing/synthetic";
import { simulate } from "../simulate";
import { openStoreDb } from "./db";
import { loadSeedStore, normTime } from "./load";
import { EmulatorStore } from "./store";

describe("loadSeedStore", () => {
  it("persists every entity, streams orders, and gives each order one fulfillment order", () => {
    const db = openStoreDb(":memory:");
    const seed = syntheticSeedStore({ products: 10, orders: 120, customers: 15, variantsPerProduct: 3, locations: 2 });
    let pulled = 0;
    const streamed = {
      ...seed,
      orders: {
        *[Symbol.iterator]() {
          for (const o of seed.orders) {
            pulled++;
            yield o;
          }
        },
      },
    };
    const stats = loadSeedStore(db, streamed);
    expect(pulled).toBe(120);
    const n = (sql: string) => Number(db.prepare(sql).get()!.n);
    expect(stats).toMatchObject({ products: 10, variants: 30, customers: 15, orders: 120 });
    expect(n("SELECT COUNT(*) AS n FROM products")).toBe(10);
    expect(n("SELECT COUNT(*) AS n FROM variants")).toBe(30);
    expect(n("SELECT COUNT(*) AS n FROM inventory_levels")).toBe(60);
    expect(n("SELECT COUNT(*) AS n FROM orders")).toBe(120);
    expect(n("SELECT COUNT(*) AS n FROM line_items")).toBe(stats.lineItems);
    expect(n("SELECT COUNT(*) AS n FROM refunds")).toBe(stats.refunds);
    expect(n("SELECT COUNT(*) AS n FROM fulfillment_orders")).toBe(120);
    expect(n("SELECT COUNT(DISTINCT order_id) AS n FROM fulfillment_orders")).toBe(120);
    expect(n("SELECT COUNT(*) AS n FROM risk_assessments")).toBe(24);
    expect(n("SELECT times_used AS n FROM discount_codes WHERE code = 'WELCOME10'")).toBe(20);
    // Money is exact cents; an order with a refund is updated at the refund's time.
    const o = db.prepare("SELECT updated_at, refunded_cents, processed_at FROM orders WHERE id = 100003").get()!;
    expect(String(o.updated_at) > String(o.processed_at)).toBe(true);
    expect(Number(o.refunded_cents)).toBeGreaterThan(0);
    expect(() => loadSeedStore(db, seed)).toThrow(/fresh database/);
  });

  it("normalises seed times to Shopify's second-precision UTC format", () => {
    expect(normTime("2025-03-01T10:11:12.345Z")).toBe("2025-03-01T10:11:12Z");
    expect(normTime("2025-03-01T10:11:12+02:00")).toBe("2025-03-01T08:11:12Z");
    expect(() => normTime("yesterday")).toThrow(/ISO-8601/);
  });
});

describe("simulate", () => {
  it("places orders that take stock, refunds, moves stock and adds customers, deterministically", () => {
    const run = () => {
      const store = new EmulatorStore(openStoreDb(":memory:"));
      loadSeedStore(store.db, syntheticSeedStore({ products: 8, orders: 20 }));
      const topics: string[] = [];
      store.events.on("change", (c) => topics.push(c.topic));
      const stockBefore = Number(store.one("SELECT SUM(available) AS n FROM inventory_levels")!.n);
      const res = simulate(store, { orders: 5, refunds: 2, seed: 42 });
      const sold = Number(
        store.one(`SELECT SUM(quantity) AS n FROM line_items WHERE order_id IN (${res.orderIds.join(",")})`)!.n,
      );
      const stockAfter = Number(store.one("SELECT SUM(available) AS n FROM inventory_levels")!.n);
      const more = simulate(store, { stockMoves: 3, customers: 1, products: 1, seed: 43 });
      store.deleteProduct(more.productIds[0]);
      const orders = store.all(
        `SELECT o.id, li.variant_id, li.quantity FROM orders o JOIN line_items li ON li.order_id = o.id WHERE o.id IN (${res.orderIds.join(",")}) ORDER BY li.id`,
      );
      return {
        res,
        more,
        topics,
        sold,
        delta: stockBefore - stockAfter,
        orders,
        fos: Number(
          store.one(`SELECT COUNT(*) AS n FROM fulfillment_orders WHERE order_id IN (${res.orderIds.join(",")})`)!.n,
        ),
      };
    };
    const a = run();
    expect(a.res.orderIds).toHaveLength(5);
    expect(a.res.refundIds).toHaveLength(2);
    expect(a.delta).toBe(a.sold);
    expect(a.more.stockMoves).toBe(3);
    expect(a.more.productIds).toHaveLength(1);
    expect(a.fos).toBe(5);
    expect(a.topics.filter((t) => t === "orders/create")).toHaveLength(5);
    expect(a.topics.filter((t) => t === "refunds/create")).toHaveLength(2);
    expect(a.topics).toContain("inventory_levels/update");
    expect(a.topics).toContain("customers/create");
    expect(a.topics).toContain("customers/update");
    expect(a.topics).toContain("products/create");
    expect(a.topics).toContain("products/delete");
    expect(run().orders).toEqual(a.orders);
  });
});
