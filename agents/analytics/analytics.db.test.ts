// run_analytics_query on a generated store synced from the emulator: every report is checked
// against the same figures recomputed here in plain code from the mirror's rows, then bad input.
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ToolContext } from "../core/context";
import { createRegistry } from "../core/registry";
import { applyOrderWebhook } from "../mirror/webhooks";
import { runAnalyticsQuery } from "./tools";
import type { Cell, Row } from "./queries";
import {
  ANALYTICS_SHOP as SHOP,
  cents,
  isoDay,
  shopMonth,
  shopDay,
  loadMirror,
  startSyncedMirror,
  type MirrorRows,
  type SyncedMirror,
} from "./testing/mirror";

let mirror: SyncedMirror;
let rows: MirrorRows;
const registry = createRegistry([runAnalyticsQuery]);

const context = (shop = SHOP): ToolContext => ({
  shop,
  db: mirror.db,
  admin: mirror.admin,
  logger: pino({ level: "silent" }),
  actor: { kind: "merchant", id: "owner" },
  now: () => new Date("2026-11-20T00:00:00Z"),
});

interface Report {
  query: string;
  params: { from: string; to: string; limit: number; currency: string | null };
  columns: { key: string; label: string; type: string }[];
  rows: Row[];
  totalRows: number;
  series?: { name: string; data: { key: string; value: number | null }[] }[];
  totals?: Row;
  notes: string[];
}

async function report(input: Record<string, unknown>, shop = SHOP): Promise<Report> {
  const result = await registry.call(context(shop), "run_analytics_query", input);
  if (!result.ok) throw new Error(`${JSON.stringify(input)} failed: ${result.message}`);
  return result.data as Report;
}

const DAY = 86_400_000;
// Periods are whole days of the shop (New York), as the reports count them.
const inPeriod = (date: Date, from: string, to: string) => shopDay(date) >= from && shopDay(date) <= to;

/** The period's orders that count (not cancelled) and their line items. */
function sold(from: string, to: string) {
  const orders = rows.orders.filter((o) => !o.cancelledAt && inPeriod(o.createdAt, from, to));
  const ids = new Set(orders.map((o) => o.id));
  return { orders, lines: rows.lineItems.filter((li) => ids.has(li.orderId)) };
}

/** Each customer's first order that counts, over the whole history. */
function firstOrders() {
  const first = new Map<string, Date>();
  for (const o of rows.orders) {
    if (o.cancelledAt || !o.customerId) continue;
    const seen = first.get(o.customerId);
    if (!seen || o.createdAt < seen) first.set(o.customerId, o.createdAt);
  }
  return first;
}

/** A ranked report's rows are the top ones: in order, and none left out ranks above the last shown. */
function expectTopRanked(shown: Row[], all: Map<string, number>, key: string, value: string) {
  const values = shown.map((r) => r[value] as number);
  for (let i = 1; i < values.length; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1] + 1e-9);
  const listed = new Set(shown.map((r) => String(r[key])));
  const bestLeftOut = Math.max(-Infinity, ...[...all].filter(([id]) => !listed.has(id)).map(([, v]) => v));
  if (shown.length) expect(bestLeftOut).toBeLessThanOrEqual(values[values.length - 1] + 0.005);
}

beforeAll(async () => {
  mirror = await startSyncedMirror();
  rows = await loadMirror(mirror.db, SHOP);
}, 180_000);

afterAll(async () => {
  await mirror?.close();
});

describe("run_analytics_query on the synced store", () => {
  it("defaults to the 90 days up to the newest synced order and answers in the table shape", async () => {
    const newest = rows.orders.reduce((a, o) => (o.createdAt > a ? o.createdAt : a), new Date(0));
    const r = await report({ query: "revenue_by_day" });
    expect(r.params).toEqual({
      from: isoDay(new Date(Date.parse(shopDay(newest)) - 89 * DAY)),
      to: shopDay(newest),
      limit: 50,
      currency: "USD",
    });
    expect(r.rows).toHaveLength(90);
    expect(r.columns.map((c) => c.key)).toEqual(Object.keys(r.rows[0]));
    expect(r.series?.[0].data).toHaveLength(90);
    expect(r.notes.length).toBeGreaterThan(0);
  });

  it("revenue_by_day: the rollup's days equal the orders summed day by day", async () => {
    const from = "2026-05-01",
      to = "2026-07-31";
    const r = await report({ query: "revenue_by_day", from, to });
    const { orders, lines } = sold(from, to);
    const units = new Map<string, number>();
    const dayOf = new Map(orders.map((o) => [o.id, shopDay(o.createdAt)]));
    for (const li of lines) units.set(dayOf.get(li.orderId)!, (units.get(dayOf.get(li.orderId)!) ?? 0) + li.quantity);
    expect(r.rows).toHaveLength(92);
    // Refunds count on the day they were made (orders not cancelled), whatever day the order was placed.
    const cancelled = new Set(rows.orders.filter((o) => o.cancelledAt).map((o) => o.id));
    const refunds = (await mirror.db.mirrorRefund.findMany({ where: { shop: SHOP } })).filter(
      (f) => !cancelled.has(f.orderId),
    );
    for (const row of r.rows) {
      const day = orders.filter((o) => shopDay(o.createdAt) === row.day);
      const revenue = day.reduce((s, o) => s + o.total, 0);
      const refunded = refunds.filter((f) => shopDay(f.createdAt) === row.day).reduce((s, f) => s + f.amount, 0);
      expect(row).toEqual({
        day: row.day,
        orders: day.length,
        revenue: cents(revenue),
        discounts: cents(day.reduce((s, o) => s + o.totalDiscounts, 0)),
        refunded: cents(refunded),
        netRevenue: cents(revenue - refunded),
        averageOrderValue: day.length ? cents(revenue / day.length) : null,
        units: units.get(String(row.day)) ?? 0,
      });
    }
    expect(r.totals).toMatchObject({
      days: 92,
      orders: orders.length,
      revenue: cents(orders.reduce((s, o) => s + o.total, 0)),
      units: lines.reduce((s, l) => s + l.quantity, 0),
    });
    expect(rows.orders.some((o) => o.cancelledAt && inPeriod(o.createdAt, from, to))).toBe(true); // the check covers cancelled orders
  });

  it("revenue_by_product: units, orders and line revenue per product; the top N by revenue", async () => {
    const from = "2026-03-01",
      to = "2026-08-31";
    const { lines } = sold(from, to);
    const expected = new Map<string, { units: number; revenue: number; orders: Set<string> }>();
    for (const li of lines) {
      const e = expected.get(li.productId!) ?? { units: 0, revenue: 0, orders: new Set<string>() };
      e.units += li.quantity;
      e.revenue += li.quantity * li.unitPrice;
      e.orders.add(li.orderId);
      expected.set(li.productId!, e);
    }
    const total = [...expected.values()].reduce((s, e) => s + e.revenue, 0);
    const all = await report({ query: "revenue_by_product", from, to, limit: 500 });
    expect(all.totalRows).toBe(expected.size);
    expect(all.rows).toHaveLength(expected.size);
    const titles = new Map(rows.products.map((p) => [p.id, p.title]));
    for (const row of all.rows) {
      const e = expected.get(String(row.productId))!;
      expect(row).toEqual({
        productId: row.productId,
        product: titles.get(String(row.productId)),
        units: e.units,
        orders: e.orders.size,
        revenue: cents(e.revenue),
        share: Math.round((e.revenue / total) * 10_000) / 10_000,
      });
    }
    expect(all.totals).toEqual({
      products: expected.size,
      units: lines.reduce((s, l) => s + l.quantity, 0),
      revenue: cents(total),
    });
    const top = await report({ query: "revenue_by_product", from, to, limit: 5 });
    expect(top.rows).toHaveLength(5);
    expect(top.totalRows).toBe(expected.size);
    expectTopRanked(top.rows, new Map([...expected].map(([id, e]) => [id, cents(e.revenue)])), "productId", "revenue");
    expect(top.series?.[0].data).toEqual(top.rows.map((r) => ({ key: r.product, value: r.revenue })));
  });

  it("revenue_by_collection: line revenue of each collection's products", async () => {
    const from = "2026-01-01",
      to = "2026-10-31";
    expect(rows.collections.length).toBeGreaterThan(2);
    const { lines } = sold(from, to);
    const members = new Map<string, Set<string>>();
    for (const m of rows.memberships)
      members.set(m.collectionId, (members.get(m.collectionId) ?? new Set()).add(m.productId));
    const inAny = new Set(rows.memberships.map((m) => m.productId));
    const r = await report({ query: "revenue_by_collection", from, to, limit: 500 });
    const expected = new Map<string, number>();
    for (const c of rows.collections) {
      const own = lines.filter((li) => members.get(c.id)?.has(li.productId!));
      if (!own.length) continue;
      const revenue = own.reduce((s, li) => s + li.quantity * li.unitPrice, 0);
      expected.set(c.id, cents(revenue));
      expect(r.rows.find((row) => row.collectionId === c.id)).toMatchObject({
        collection: c.title,
        products: new Set(own.map((li) => li.productId)).size,
        units: own.reduce((s, li) => s + li.quantity, 0),
        orders: new Set(own.map((li) => li.orderId)).size,
        revenue: cents(revenue),
      });
    }
    expect(r.totalRows).toBe(expected.size);
    const revenue = lines.reduce((s, li) => s + li.quantity * li.unitPrice, 0);
    const inCollections = lines
      .filter((li) => inAny.has(li.productId!))
      .reduce((s, li) => s + li.quantity * li.unitPrice, 0);
    expect(r.totals).toEqual({
      collections: expected.size,
      revenue: cents(revenue),
      revenueInCollections: cents(inCollections),
      revenueOutsideCollections: cents(revenue - inCollections),
    });
    const top = await report({ query: "revenue_by_collection", from, to, limit: 3 });
    expectTopRanked(top.rows, expected, "collectionId", "revenue");
  });

  it("cohort_retention: first-order cohorts and the share ordering again k months later", async () => {
    const from = "2025-11-01",
      to = "2026-06-30";
    const first = firstOrders();
    const lastMonth = shopMonth(rows.orders.reduce((a, o) => (o.createdAt > a ? o.createdAt : a), new Date(0)));
    const active = new Map<string, Set<string>>(); // customer -> months with an order that counts
    for (const o of rows.orders)
      if (!o.cancelledAt && o.customerId)
        active.set(o.customerId, (active.get(o.customerId) ?? new Set()).add(shopMonth(o.createdAt)));
    const cohorts = new Map<string, string[]>();
    for (const [customer, at] of first)
      if (inPeriod(at, from, to)) cohorts.set(shopMonth(at), [...(cohorts.get(shopMonth(at)) ?? []), customer]);
    const shift = (month: string, k: number) => {
      const i = Number(month.slice(0, 4)) * 12 + Number(month.slice(5)) - 1 + k;
      return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`;
    };
    const r = await report({ query: "cohort_retention", from, to });
    expect(r.rows.map((row) => row.cohort)).toEqual([...cohorts.keys()].sort());
    const span = r.columns.filter((c) => /^m\d+$/.test(c.key)).length;
    expect(shift("2025-11", span)).toBe(lastMonth); // followed up to the newest order's month
    for (const row of r.rows) {
      const members = cohorts.get(String(row.cohort))!;
      expect(row.customers).toBe(members.length);
      for (let k = 1; k <= span; k++) {
        const month = shift(String(row.cohort), k);
        const expected: Cell =
          month > lastMonth
            ? null
            : Math.round((members.filter((c) => active.get(c)!.has(month)).length / members.length) * 10_000) / 10_000;
        expect(row[`m${k}`], `${row.cohort} month ${k}`).toBe(expected);
      }
    }
    expect(r.rows.some((row) => (row.m1 as number) > 0)).toBe(true);
    const latest = await report({ query: "cohort_retention", from, to, limit: 2 });
    expect(latest.rows.map((row) => row.cohort)).toEqual([...cohorts.keys()].sort().slice(-2));
    expect(latest.totalRows).toBe(cohorts.size);
  });

  it("repeat_rate: new, returning and repeat customers by month and for the period", async () => {
    const from = "2026-04-10",
      to = "2026-09-30";
    const first = firstOrders();
    const { orders } = sold(from, to);
    const r = await report({ query: "repeat_rate", from, to });
    const months = [...new Set(orders.map((o) => shopMonth(o.createdAt)))].sort();
    expect(r.rows.map((row) => row.month)).toEqual(months);
    for (const row of r.rows) {
      const inMonth = orders.filter((o) => o.customerId && shopMonth(o.createdAt) === row.month);
      const customers = [...new Set(inMonth.map((o) => o.customerId!))];
      const returning = customers.filter((c) => shopMonth(first.get(c)!) < String(row.month)).length;
      expect(row).toMatchObject({
        customers: customers.length,
        newCustomers: customers.length - returning,
        returningCustomers: returning,
        orders: inMonth.length,
      });
    }
    const perCustomer = new Map<string, number>();
    for (const o of orders) if (o.customerId) perCustomer.set(o.customerId, (perCustomer.get(o.customerId) ?? 0) + 1);
    // Customers whose first order was on a shop-local day before the period.
    const before = (c: string) => shopDay(first.get(c)!) < from;
    const returning = [...perCustomer.keys()].filter(before);
    const repeat = [...perCustomer].filter(([c, n]) => before(c) || n >= 2);
    const newRepeat = [...perCustomer].filter(([c, n]) => !before(c) && n >= 2);
    expect(r.totals).toMatchObject({
      customers: perCustomer.size,
      returningCustomers: returning.length,
      newCustomers: perCustomer.size - returning.length,
      repeatCustomers: repeat.length,
      repeatRate: Math.round((repeat.length / perCustomer.size) * 10_000) / 10_000,
      newCustomersWhoReordered: newRepeat.length,
      guestOrders: orders.filter((o) => !o.customerId).length,
    });
    expect(returning.length).toBeGreaterThan(0);
  });

  it("sell_through: units sold / (sold + on hand) per variant, highest first", async () => {
    const from = "2026-08-03",
      to = "2026-10-31";
    const { lines } = sold(from, to);
    const units = new Map<string, number>();
    for (const li of lines) if (li.variantId) units.set(li.variantId, (units.get(li.variantId) ?? 0) + li.quantity);
    const stock = new Map<string, number>();
    for (const l of rows.levels) stock.set(l.inventoryItemId, (stock.get(l.inventoryItemId) ?? 0) + l.available);
    const expected = new Map<string, { sold: number; onHand: number }>();
    for (const v of rows.variants) {
      const sold = units.get(v.id) ?? 0;
      const available = v.inventoryItemId ? (stock.get(v.inventoryItemId) ?? 0) : 0;
      if (sold > 0 || available > 0) expected.set(v.id, { sold, onHand: Math.max(0, available) });
    }
    const r = await report({ query: "sell_through", from, to, limit: 500 });
    expect(r.totalRows).toBe(expected.size);
    expect(r.rows).toHaveLength(Math.min(500, expected.size));
    for (const row of r.rows) {
      const e = expected.get(String(row.variantId))!;
      expect(row).toMatchObject({
        unitsSold: e.sold,
        onHand: e.onHand,
        sellThrough: Math.round((e.sold / (e.sold + e.onHand)) * 10_000) / 10_000,
      });
    }
    const sum = (k: "sold" | "onHand") => [...expected.values()].reduce((s, e) => s + e[k], 0);
    expect(r.totals).toMatchObject({ variants: expected.size, unitsSold: sum("sold"), onHand: sum("onHand") });
    const top = await report({ query: "sell_through", from, to, limit: 10 });
    expectTopRanked(
      top.rows,
      new Map([...expected].map(([id, e]) => [id, Math.round((e.sold / (e.sold + e.onHand)) * 10_000) / 10_000])),
      "variantId",
      "sellThrough",
    );
  });

  it("top_customers: revenue per customer in the period, with names and the period totals", async () => {
    const from = "2026-01-01",
      to = "2026-10-31";
    const { orders } = sold(from, to);
    const byCustomer = new Map<string, { orders: number; revenue: number; refunded: number }>();
    for (const o of orders) {
      if (!o.customerId) continue;
      const e = byCustomer.get(o.customerId) ?? { orders: 0, revenue: 0, refunded: 0 };
      e.orders++;
      e.revenue += o.total;
      e.refunded += o.totalRefunded;
      byCustomer.set(o.customerId, e);
    }
    const r = await report({ query: "top_customers", from, to, limit: 15 });
    expect(r.rows).toHaveLength(15);
    const people = new Map(rows.customers.map((c) => [c.id, c]));
    for (const row of r.rows) {
      const e = byCustomer.get(String(row.customerId))!;
      const person = people.get(String(row.customerId))!;
      expect(row).toMatchObject({
        name: `${person.firstName} ${person.lastName}`,
        email: person.email,
        orders: e.orders,
        revenue: cents(e.revenue),
        refunded: cents(e.refunded),
        averageOrderValue: cents(e.revenue / e.orders),
      });
    }
    expectTopRanked(r.rows, new Map([...byCustomer].map(([id, e]) => [id, cents(e.revenue)])), "customerId", "revenue");
    const revenue = orders.reduce((s, o) => s + o.total, 0);
    const guests = orders.filter((o) => !o.customerId).reduce((s, o) => s + o.total, 0);
    expect(r.totals).toMatchObject({
      customers: byCustomer.size,
      revenue: cents(revenue),
      guestRevenue: cents(guests),
    });
    expect(r.totalRows).toBe(byCustomer.size);
  });
});

describe("run_analytics_query refuses what it cannot answer, saying what to send", () => {
  const failure = async (input: unknown, shop = SHOP) => {
    const result = await registry.call(context(shop), "run_analytics_query", input);
    if (result.ok) throw new Error(`expected a failure for ${JSON.stringify(input)}`);
    return result;
  };

  it("bad input", async () => {
    expect(await failure({ query: "revenue_by_planet" })).toMatchObject({
      code: "invalid_input",
      message: expect.stringMatching(/query: .*revenue_by_product/),
    });
    expect(await failure({ query: "repeat_rate", from: "2026-05-01", to: "2026-04-01" })).toMatchObject({
      code: "invalid_input",
      message: /from must be on or before to/,
    });
    // to defaults to the newest order's day: a later from is refused with that explained.
    expect(await failure({ query: "repeat_rate", from: "2027-01-01" })).toMatchObject({
      code: "invalid_input",
      message: /from \(2027-01-01\) is after to \(2026-1\d-\d\d\).*newest synced order/,
    });
    expect(await failure({ query: "top_customers", from: "01/02/2026" })).toMatchObject({
      code: "invalid_input",
      message: /from/,
    });
    expect(await failure({ query: "top_customers", limit: 0 })).toMatchObject({
      code: "invalid_input",
      message: /limit/,
    });
    expect(await failure({ query: "top_customers", limit: 501 })).toMatchObject({
      code: "invalid_input",
      message: /limit/,
    });
    expect(await failure({ query: "top_customers", limit: 2.5 })).toMatchObject({ code: "invalid_input" });
    expect(await failure({})).toMatchObject({ code: "invalid_input", message: /query/ });
    expect(await failure({ query: "revenue_by_day", from: "2023-01-01", to: "2026-10-31" })).toMatchObject({
      code: "invalid_input",
      message: /731/,
      hint: /get_sales_summary/,
    });
  });

  it("a shop with no orders, and one with orders but no collections", async () => {
    expect(await failure({ query: "revenue_by_product" }, "empty.myshopify.com")).toMatchObject({
      code: "insufficient_data",
      hint: /store-sync/,
    });
    const thin = "thin.myshopify.com";
    await applyOrderWebhook(mirror.db, thin, {
      id: 1,
      name: "#1",
      created_at: "2026-10-01T10:00:00Z",
      updated_at: "2026-10-01T10:00:00Z",
      total_price: "25.00",
      subtotal_price: "25.00",
      line_items: [{ id: 11, product_id: 5, variant_id: 50, title: "Hoof pick", quantity: 1, price: "25.00" }],
    });
    expect(await failure({ query: "revenue_by_collection" }, thin)).toMatchObject({
      code: "insufficient_data",
      hint: /revenue_by_product/,
    });
    expect((await report({ query: "revenue_by_product" }, thin)).rows).toEqual([
      { productId: "5", product: "Hoof pick", units: 1, orders: 1, revenue: 25, share: 1 },
    ]);
  });
});
