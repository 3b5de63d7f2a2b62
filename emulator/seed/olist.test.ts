import { existsSync, mkdtempSync, readFileSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { importOlist, parseOlistTimestamp, type OlistStore } from "./olist";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const olistDir = path.resolve(repoRoot, "../shared/data/olist");

type Row = Record<string, string>;
const read = (file: string) =>
  (
    parse(readFileSync(path.join(olistDir, file)), { columns: true, bom: true, skip_empty_lines: true }) as Row[]
  ).filter((r) => Object.values(r).some((v) => v !== ""));

describe("parseOlistTimestamp", () => {
  it("reads M/D/YYYY H:MM as São Paulo time (UTC-3, UTC-2 in the 2017/18 summer)", () => {
    expect(new Date(parseOlistTimestamp("10/2/2017 10:56")!).toISOString()).toBe("2017-10-02T13:56:00.000Z");
    expect(new Date(parseOlistTimestamp("1/15/2018 9:05")!).toISOString()).toBe("2018-01-15T11:05:00.000Z");
    expect(new Date(parseOlistTimestamp("2018-01-15 09:05:00")!).toISOString()).toBe("2018-01-15T11:05:00.000Z");
    expect(parseOlistTimestamp("")).toBeNull();
    expect(() => parseOlistTimestamp("2/30/2018 9:05", "here")).toThrow(/here: "2\/30\/2018 9:05" is not a real date/);
    expect(() => parseOlistTimestamp("yesterday", "orders row 5")).toThrow(
      /orders row 5: "yesterday" is not a timestamp; expected M\/D\/YYYY H:MM/,
    );
  });
});

describe.skipIf(!existsSync(olistDir))("importOlist on the real extract", () => {
  let store: OlistStore;
  let everything: OlistStore;
  let orders: Row[];
  let items: Row[];
  let payments: Row[];
  let customers: Row[];

  beforeAll(() => {
    store = importOlist(olistDir);
    everything = importOlist(olistDir, { keepOrdersWithoutItems: true });
    orders = read("olist_orders_dataset.csv");
    items = read("olist_order_items_dataset.csv");
    payments = read("olist_order_payments_dataset.csv");
    customers = read("olistcustomerdataset.csv");
  });

  it("imports exactly the orders that have items, with one unit per joined item row", () => {
    const orderIds = new Set(orders.map((o) => o.order_id));
    const joined = items.filter((i) => orderIds.has(i.order_id));
    const withItems = new Set(joined.map((i) => i.order_id));
    expect(store.orders.length).toBe(withItems.size);
    expect(store.report.itemRowsJoined).toBe(joined.length);
    expect(store.orders.reduce((s, o) => s + o.lineItems.reduce((q, li) => q + li.quantity, 0), 0)).toBe(joined.length);
    expect(everything.orders.length).toBe(orderIds.size);
    expect(everything.orders.filter((o) => o.tags.includes("olist:no-items")).length).toBe(
      orderIds.size - withItems.size,
    );
  });

  it("keeps each order's items, prices and freight, and totals from payments when present", () => {
    const byOlistId = new Map(everything.orders.map((o) => [/order_id (\w+)/.exec(o.note!)![1], o]));
    const paid = new Map<string, number>();
    for (const p of payments) paid.set(p.order_id, (paid.get(p.order_id) ?? 0) + Number(p.payment_value));
    const itemsOf = new Map<string, Row[]>();
    for (const i of items) itemsOf.set(i.order_id, [...(itemsOf.get(i.order_id) ?? []), i]);
    let checkedPayments = 0;
    for (const [olistId, order] of byOlistId) {
      const rows = itemsOf.get(olistId) ?? [];
      expect(order.subtotalPrice).toBeCloseTo(
        rows.reduce((s, r) => s + Number(r.price), 0),
        2,
      );
      expect(order.totalShipping).toBeCloseTo(
        rows.reduce((s, r) => s + Number(r.freight_value), 0),
        2,
      );
      if (paid.has(olistId)) {
        expect(order.totalPrice).toBeCloseTo(paid.get(olistId)!, 2);
        checkedPayments++;
      } else expect(order.totalPrice).toBeCloseTo(order.subtotalPrice + order.totalShipping, 2);
      expect(order.currencyCode).toBe("BRL");
    }
    expect(checkedPayments).toBe(new Set(payments.map((p) => p.order_id).filter((id) => byOlistId.has(id))).size);
    // Orders come oldest first with sequential names.
    for (let i = 1; i < store.orders.length; i++)
      expect(store.orders[i].createdAt >= store.orders[i - 1].createdAt).toBe(true);
    expect(store.orders[0].name).toBe("#1001");
  });

  it("merges customers by customer_unique_id, so a repeat buyer is one customer", () => {
    expect(store.customers.length).toBe(new Set(customers.map((c) => c.customer_unique_id)).size);
    const uniqueOf = new Map(customers.map((c) => [c.customer_id, c.customer_unique_id]));
    const ordersPerUnique = new Map<string, number>();
    for (const o of orders) {
      const u = uniqueOf.get(o.customer_id);
      if (u) ordersPerUnique.set(u, (ordersPerUnique.get(u) ?? 0) + 1);
    }
    const repeatUnique = [...ordersPerUnique].filter(([, n]) => n > 1).map(([u]) => u);
    expect(repeatUnique.length).toBeGreaterThan(0);
    const customerByEmail = new Map(everything.customers.map((c) => [c.email, c]));
    for (const u of repeatUnique) {
      const c = customerByEmail.get(`${u}@customers.olist.test`)!;
      expect(everything.orders.filter((o) => o.customerId === c.id).length).toBe(ordersPerUnique.get(u));
    }
    const known = orders.filter((o) => uniqueOf.has(o.customer_id)).length;
    expect(everything.orders.filter((o) => o.customerId !== null).length).toBe(known);
  });

  it("marks canceled orders as cancelled and translates categories to English", () => {
    const canceled = orders.filter((o) => o.order_status === "canceled").length;
    expect(
      everything.orders.filter((o) => o.cancelledAt !== null && !o.tags.includes("olist:unavailable")).length,
    ).toBe(canceled);
    for (const o of everything.orders.filter((x) => x.cancelledAt)) {
      expect(["REFUNDED", "VOIDED"]).toContain(o.financialStatus);
      expect(o.cancelledAt! >= o.createdAt).toBe(true);
    }
    const beauty = store.products.find((p) => p.tags.includes("health_beauty"));
    expect(beauty?.productType).toBe("Health Beauty");
    expect(beauty?.title).toMatch(/^Health Beauty [0-9a-f]{8}$/);
    for (const p of store.products) {
      expect(p.variants[0].sku).toMatch(/^OL-[0-9A-F]{12}$/);
      expect(p.variants[0].unitCost).toBeNull();
      expect(p.variants[0].trueElasticity).toBeNull();
    }
    // Every line item points at an imported product priced as sold at least once.
    const productIds = new Set(store.products.map((p) => p.id));
    const sold = new Map<number, Set<number>>();
    for (const o of store.orders)
      for (const li of o.lineItems) sold.set(li.variantId, (sold.get(li.variantId) ?? new Set()).add(li.unitPrice));
    for (const o of store.orders) for (const li of o.lineItems) expect(productIds.has(li.productId)).toBe(true);
    for (const p of store.products)
      if (sold.has(p.variants[0].id)) expect(sold.get(p.variants[0].id)!.has(p.variants[0].price)).toBe(true);
  });

  it("fails with a clear error when a file or column is missing, or a price is not a number", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "olist-"));
    expect(() => importOlist(dir)).toThrow(/olist_orders_dataset\.csv is missing/);
    for (const f of [
      "olist_orders_dataset.csv",
      "olist_order_payments_dataset.csv",
      "olistcustomerdataset.csv",
      "olist_products_dataset.csv",
      "product_category_name_translation.csv",
    ])
      copyFileSync(path.join(olistDir, f), path.join(dir, f));
    writeFileSync(
      path.join(dir, "olist_order_items_dataset.csv"),
      "order_id,order_item_id,product_id,seller_id,shipping_limit_date,price\nx,1,p,s,9/19/2017 9:45,1\n",
    );
    expect(() => importOlist(dir)).toThrow(/olist_order_items_dataset\.csv has no "freight_value" column/);
    const firstOrder = orders[0].order_id;
    writeFileSync(
      path.join(dir, "olist_order_items_dataset.csv"),
      `order_id,order_item_id,product_id,seller_id,shipping_limit_date,price,freight_value\n${firstOrder},1,p,s,9/19/2017 9:45,12.5a,3\n`,
    );
    expect(() => importOlist(dir)).toThrow(
      /olist_order_items_dataset\.csv row 2, column "price": "12\.5a" is not a number/,
    );
  });
});
