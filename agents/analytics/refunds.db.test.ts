// Refunds above an order's total, as the webhooks bring them in: the figures count each order's
// refunds up to its total, in the order they were made, whatever days the window covers; the mirror
// keeps Shopify's amounts. Sums are worked out by hand below (orders in a UTC shop).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import { createDb, type Db } from "../db/client";
import { applyOrderWebhook, applyRefundWebhook } from "../mirror/webhooks";
import {
  countedRefunds,
  customWindow,
  dailySales,
  salesMetrics,
  salesOverview,
  salesReport,
  todaySoFar,
} from "./window";

const SHOP = "refunds-capped.myshopify.com";
let database: TestDatabase;
let db: Db;

const order = (id: number, day: string, total: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: `#${id}`,
  created_at: `${day}T12:00:00Z`,
  updated_at: `${day}T12:00:00Z`,
  total_price: total,
  subtotal_price: total,
  line_items: [{ id: id * 10, title: "Item", quantity: 1, price: total }],
  ...extra,
});
const refund = (id: number, orderId: number, at: string, amount: string) => ({
  id,
  order_id: orderId,
  created_at: at,
  transactions: [{ kind: "refund", status: "success", amount }],
});

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  // #1: 50.00, refunded 30 on Mar 1 and 30 on Mar 3 (10 more than it took).
  await applyOrderWebhook(db, SHOP, order(1, "2026-02-27", "50.00"));
  await applyRefundWebhook(db, SHOP, refund(101, 1, "2026-03-01T09:00:00Z", "30.00"));
  await applyRefundWebhook(db, SHOP, refund(102, 1, "2026-03-03T09:00:00Z", "30.00"));
  // #2: 20.00, refunded 20.01 (a cent of rounding) on Mar 3.
  await applyOrderWebhook(db, SHOP, order(2, "2026-03-02", "20.00"));
  await applyRefundWebhook(db, SHOP, refund(201, 2, "2026-03-03T10:00:00Z", "20.01"));
  // #3: 15.00, two refunds on the same day: 10 at 10:00, then 30 at 11:00 (the later one is capped).
  await applyOrderWebhook(db, SHOP, order(3, "2026-03-02", "15.00"));
  await applyRefundWebhook(db, SHOP, refund(302, 3, "2026-03-03T11:00:00Z", "30.00"));
  await applyRefundWebhook(db, SHOP, refund(301, 3, "2026-03-03T10:00:00Z", "10.00"));
  // #4: 40.00, refunded exactly its total; #5 cancelled, refunded beyond it (out of every figure).
  await applyOrderWebhook(db, SHOP, order(4, "2026-03-02", "40.00"));
  await applyRefundWebhook(db, SHOP, refund(401, 4, "2026-03-03T12:00:00Z", "40.00"));
  await applyOrderWebhook(db, SHOP, order(5, "2026-03-02", "10.00", { cancelled_at: "2026-03-02T13:00:00Z" }));
  await applyRefundWebhook(db, SHOP, refund(501, 5, "2026-03-03T12:00:00Z", "99.00"));
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

describe("refunds above an order's total", () => {
  it("the mirror keeps what Shopify sent", async () => {
    const refunded = await db.mirrorOrder.findMany({ where: { shop: SHOP }, orderBy: { id: "asc" } });
    expect(refunded.map((o) => o.totalRefunded)).toEqual([60, 20.01, 40, 40, 99]);
  });

  it("count up to what the order still held, in the order they were made", async () => {
    // Mar 3 alone: #1 has 20 left after Mar 1's 30; #2 20 of 20.01; #3 10 then 5 of 30; #4 all 40.
    const mar3 = await countedRefunds(db, SHOP, "2026-03-03", "2026-03-03");
    const byOrder = (rows: typeof mar3) =>
      Object.fromEntries(
        [...new Set(rows.map((r) => r.orderId))].map((id) => [
          id,
          rows.filter((r) => r.orderId === id).reduce((s, r) => s + r.amount, 0),
        ]),
      );
    expect(byOrder(mar3)).toEqual({ "1": 20, "2": 20, "3": 15, "4": 40 });
    expect(await salesMetrics(db, SHOP, { from: "2026-03-03", to: "2026-03-03" })).toMatchObject({
      refunds: 95,
      revenue: 0,
      netSales: -95, // refunds made on a day without sales: the day's net is below zero, as it should be
    });
    // The whole period: every order's refunds at most its total, so net sales are never below zero.
    const all = await salesMetrics(db, SHOP, { from: "2026-02-27", to: "2026-03-03" });
    expect(all).toMatchObject({ revenue: 125, refunds: 125, netSales: 0 });
    expect((await dailySales(db, SHOP, { from: "2026-03-01", to: "2026-03-03" })).map((d) => d.refunds)).toEqual([
      30, 0, 95,
    ]);
  });

  it("are the same figures when a page reads the window, the previous period and today at once", async () => {
    // Mar 4 is "today": the 3-day window Mar 1-3 touches it; Feb 27 lies in the previous period.
    const now = new Date("2026-03-04T15:00:00Z");
    const adjacent = customWindow("2026-03-01", "2026-03-03", now, "UTC");
    const older = customWindow("2026-03-02", "2026-03-02", new Date("2026-03-20T15:00:00Z"), "UTC");
    for (const [w, at] of [
      [adjacent, now],
      [older, new Date("2026-03-20T15:00:00Z")],
    ] as const) {
      const overview = await salesOverview(db, SHOP, w, at);
      expect(overview.report).toEqual(await salesReport(db, SHOP, w, at));
      expect(overview.days).toEqual(await dailySales(db, SHOP, w));
      expect(overview.today).toEqual(await salesMetrics(db, SHOP, todaySoFar(at, "UTC")));
    }
    const report = (await salesOverview(db, SHOP, adjacent, now)).report;
    // Mar 1-3: #2, #3, #4 (20 + 15 + 40; #5 cancelled), refunds 30 + 95; before it Feb 26-28: #1.
    expect(report.metrics).toMatchObject({ revenue: 75, orders: 3, refunds: 125, netSales: -50 });
    expect(report.changes.revenue).toMatchObject({ previous: 50, change: 25 });
  });
});
