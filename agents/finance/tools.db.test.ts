// The finance tools on a generated store (seeded into the emulator, synced into the mirror), checked
// against sums recomputed here straight from the mirror rows; thin data and bad input included.
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSeedStore, startEmulator, type RunningEmulator } from "@royal-equips/emulator";
import { generateStore } from "@royal-equips/emulator/seed";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import type { ToolContext } from "../core/context";
import { createRegistry, type ToolInput, type ToolOutput } from "../core/registry";
import type { AnyTool } from "../core/tool";
import { createDb, type Db } from "../db/client";
import { DEFAULT_PAYMENT_FEE } from "./cashflow";
import { syncStore } from "../mirror/sync";
import { createAdminClient } from "../shopify/graphql-client";
import { compareSalesPeriods, forecastRevenueTool, getCashFlow, getSalesSummary } from "./tools";

const SHOP = "royal-equips-dev.myshopify.com";
const THIN = "thin-finance.myshopify.com";
const TOKEN = "shpat_finance_test";
const DAY = 86_400_000;
let emulator: RunningEmulator;
let database: TestDatabase;
let db: Db;
const registry = createRegistry([compareSalesPeriods, forecastRevenueTool, getCashFlow, getSalesSummary]);

function context(shop = SHOP): ToolContext {
  return {
    shop,
    db,
    admin: createAdminClient({ shop: SHOP, accessToken: TOKEN, endpoint: emulator.url }),
    logger: pino({ level: "silent" }),
    actor: { kind: "merchant", id: "owner" },
    // Midday on Nov 1 in New York (the shop's timezone): the store's last day, Oct 31, is complete.
    now: () => new Date("2026-11-01T16:00:00Z"),
  };
}
/** The typed call: input and output types come from the tool's schemas. */
async function run<T extends AnyTool>(tool: T, input: ToolInput<T>, shop = SHOP): Promise<ToolOutput<T>> {
  const result = await registry.run(context(shop), tool, input);
  if (!result.ok) throw new Error(`${tool.name} failed: ${result.code} ${result.message}`);
  return result.data;
}
// Days are the shop's (the generated store is in New York), computed here with Intl.
const nyDay = new Intl.DateTimeFormat("en-CA", { timeZone: "America/New_York" });
const day = (d: Date) => nyDay.format(d);
const inDays = (d: Date, from: string, to: string) => day(d) >= from && day(d) <= to;

beforeAll(async () => {
  [emulator, database] = await Promise.all([
    startEmulator({ dbPath: ":memory:", shopDomain: SHOP, accessToken: TOKEN, clientSecret: "secret" }),
    createTestDatabase(),
  ]);
  loadSeedStore(
    emulator.store.db,
    generateStore({ seed: 11, products: 20, orders: 3000, days: 400, endDate: "2026-10-31", sampleCsvDir: null }),
  );
  db = createDb(database.url);
  await syncStore({ db, admin: context().admin, shop: SHOP, logger: pino({ level: "silent" }) }, undefined, {
    pollMs: 20,
  });
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
  await emulator?.close();
});

describe("compare_sales_periods", () => {
  async function recompute(from: string, to: string) {
    const orders = (await db.mirrorOrder.findMany({ where: { shop: SHOP } })).filter(
      (o) => !o.cancelledAt && inDays(o.createdAt, from, to),
    );
    const revenue = orders.reduce((s, o) => s + o.total, 0);
    // Refunds count on the day they were made (of orders not cancelled), as everywhere.
    const all = await db.mirrorOrder.findMany({ where: { shop: SHOP, cancelledAt: { not: null } } });
    const cancelled = new Set(all.map((o) => o.id));
    const refunded = (await db.mirrorRefund.findMany({ where: { shop: SHOP } }))
      .filter((r) => !cancelled.has(r.orderId) && inDays(r.createdAt, from, to))
      .reduce((s, r) => s + r.amount, 0);
    return {
      revenue,
      orders: orders.length,
      refunded,
      discounts: orders.reduce((s, o) => s + o.totalDiscounts, 0),
      netSales: revenue - refunded,
      customers: new Set(orders.map((o) => o.customerId).filter(Boolean)).size,
    };
  }

  it("compares with the same number of days just before by default, matching the mirror rows", async () => {
    const result = await run(compareSalesPeriods, { from: "2026-10-01", to: "2026-10-31" });
    expect(result.previous).toMatchObject({ from: "2026-08-31", to: "2026-09-30", days: 31 });
    for (const [period, from, to] of [
      [result.current, "2026-10-01", "2026-10-31"],
      [result.previous, "2026-08-31", "2026-09-30"],
    ] as const) {
      const truth = await recompute(from, to);
      expect(truth.orders).toBeGreaterThan(50);
      expect(period.totals.orders).toBe(truth.orders);
      expect(period.totals.revenue).toBeCloseTo(truth.revenue, 1);
      expect(period.totals.refunded).toBeCloseTo(truth.refunded, 1);
      expect(period.totals.discounts).toBeCloseTo(truth.discounts, 1);
      expect(period.totals.netSales).toBeCloseTo(truth.netSales, 1);
      expect(period.totals.customers).toBe(truth.customers);
      expect(period.totals.averageOrderValue).toBeCloseTo(truth.revenue / truth.orders, 1);
    }
    const revenue = result.changes.find((c) => c.metric === "revenue")!;
    expect(revenue.change).toBeCloseTo(result.current.totals.revenue - result.previous.totals.revenue, 1);
    expect(revenue.changePct).toBeCloseTo(
      (result.current.totals.revenue - result.previous.totals.revenue) / result.previous.totals.revenue,
      3,
    );
    expect(result.notes).toEqual([]);
    // Same definitions as get_sales_summary.
    const summary = await run(getSalesSummary, {
      from: "2026-10-01",
      to: "2026-10-31",
      by: "month",
    });
    expect(summary.totals).toMatchObject({
      revenue: result.current.totals.revenue,
      orders: result.current.totals.orders,
    });
  });

  it("takes an explicit previous period, and says when the lengths differ or the data does not reach back", async () => {
    const result = await run(compareSalesPeriods, {
      from: "2026-10-01",
      to: "2026-10-31",
      previousFrom: "2025-10-01",
      previousTo: "2025-10-15",
    });
    expect(result.previous).toMatchObject({ from: "2025-10-01", to: "2025-10-15", days: 15 });
    expect(result.previous.totals.orders).toBe((await recompute("2025-10-01", "2025-10-15")).orders);
    expect(result.notes.join(" ")).toMatch(/differ in length \(31 vs 15 days\)/);
    const early = await run(compareSalesPeriods, { from: "2025-09-01", to: "2025-09-30" });
    expect(early.previous.totals.orders).toBe(0);
    expect(early.changes.find((c) => c.metric === "revenue")!.changePct).toBeNull();
    expect(early.notes.join(" ")).toMatch(
      /Synced orders start on 2025-\d\d-\d\d; the previous period .* \(none of it\)/,
    );
  });

  it("answers bad periods with what to send instead", async () => {
    for (const [input, message] of [
      [{ from: "2026-10-31", to: "2026-10-01" }, /from must be on or before to/],
      [{ from: "2026-10-01", to: "2026-10-31", previousFrom: "2026-09-01" }, /both previousFrom and previousTo/],
      [
        { from: "2026-10-01", to: "2026-10-31", previousFrom: "2026-09-15", previousTo: "2026-10-05" },
        /must not overlap/,
      ],
      [{ from: "October", to: "2026-10-31" }, /from/],
    ] as const) {
      const result = await registry.call(context(), "compare_sales_periods", input);
      expect(result).toMatchObject({ ok: false, code: "invalid_input" });
      if (!result.ok) expect(result.message).toMatch(message);
    }
  });
});

describe("forecast_revenue", () => {
  type Forecast = {
    history: { from: string; to: string; days: number };
    method: { model: string; rmsse: number | null; seasonalNaiveRmsse: number };
    total: { revenue: number; lo80: number; hi80: number };
    daily: { date: string; revenue: number; lo80: number; hi80: number; lo95: number; hi95: number }[];
    backtest: {
      available: boolean;
      from: string | null;
      to: string | null;
      days: number | null;
      actual: number | null;
      wape: number | null;
      coverage80: number | null;
    };
  };

  it("forecasts each day after the last synced day with intervals, and backtests on revenue recomputed from the mirror", async () => {
    const result = await run(forecastRevenueTool, { horizonDays: 30 });
    const orders = await db.mirrorOrder.findMany({ where: { shop: SHOP, cancelledAt: null } });
    expect(result.history.to).toBe("2026-10-31");
    expect(result.history.from).toBe(
      day(orders.reduce((a, o) => (o.createdAt < a ? o.createdAt : a), orders[0].createdAt)),
    );
    expect(result.daily).toHaveLength(30);
    expect(result.daily[0].date).toBe("2026-11-01");
    expect(result.daily[29].date).toBe("2026-11-30");
    for (const d of result.daily) {
      expect(d.lo95).toBeLessThanOrEqual(d.lo80 + 0.01);
      expect(d.lo80).toBeLessThanOrEqual(d.revenue + 0.01);
      expect(d.hi80).toBeGreaterThanOrEqual(d.revenue - 0.01);
      expect(d.hi95).toBeGreaterThanOrEqual(d.hi80 - 0.01);
    }
    expect(result.total.revenue).toBeCloseTo(
      result.daily.reduce((s, d) => s + d.revenue, 0),
      0,
    );
    expect(result.total.lo80).toBeLessThan(result.total.revenue);
    expect(result.total.hi80).toBeGreaterThan(result.total.revenue);
    // The level is the shop's: within a factor of two of the last 30 days.
    const recent = orders
      .filter((o) => inDays(o.createdAt, "2026-10-02", "2026-10-31"))
      .reduce((s, o) => s + o.total, 0);
    expect(result.total.revenue).toBeGreaterThan(recent / 2);
    expect(result.total.revenue).toBeLessThan(recent * 2);
    expect(result.backtest).toMatchObject({ available: true, days: 28, from: "2026-10-04", to: "2026-10-31" });
    const heldBack = orders
      .filter((o) => inDays(o.createdAt, "2026-10-04", "2026-10-31"))
      .reduce((s, o) => s + o.total, 0);
    expect(result.backtest.actual).toBeCloseTo(heldBack, 0);
    expect(result.backtest.wape).toBeGreaterThan(0);
    expect(result.backtest.coverage80).toBeGreaterThanOrEqual(0);
    expect(result.method.rmsse).not.toBeNull();
  });

  it("knows the shop's past promotions from the codes its orders used, and forecasts planned ones with their lift", async () => {
    const plain = await registry.call(context(), "forecast_revenue", { horizonDays: 30 });
    if (!plain.ok) throw new Error(plain.message);
    const data = plain.data as Forecast & {
      pastPromotions: { code: string; from: string; to: string; orders: number }[];
      promotionLift: number | null;
    };
    // Recomputed from the mirror's orders: each code's first and last shop day of use.
    const orders = await db.mirrorOrder.findMany({
      where: { shop: SHOP, cancelledAt: null, discountCodes: { not: "" } },
    });
    const spans = new Map<string, { from: string; to: string; orders: number }>();
    for (const o of orders)
      for (const code of o.discountCodes.split(",")) {
        const d = day(o.createdAt);
        const s = spans.get(code) ?? { from: d, to: d, orders: 0 };
        if (d < s.from) s.from = d;
        if (d > s.to) s.to = d;
        s.orders++;
        spans.set(code, s);
      }
    // The welcome code runs all year: not a promotion. The generator's campaigns (a few days each) are.
    expect(spans.get("WELCOME10")).toBeDefined();
    expect(data.pastPromotions.map((p) => p.code)).not.toContain("WELCOME10");
    const campaigns = [...spans].filter(([code]) => code !== "WELCOME10" && spans.get(code)!.orders >= 5);
    expect(campaigns.length).toBeGreaterThan(2);
    expect(data.pastPromotions).toEqual(
      campaigns
        .map(([code, s]) => ({ code, ...s }))
        .sort((a, b) => a.from.localeCompare(b.from) || a.code.localeCompare(b.code)),
    );
    for (const p of data.pastPromotions) expect(p.to >= p.from).toBe(true);
    expect(data.promotionLift).toBeNull(); // no promotion planned: the calendar is the holidays alone

    const planned = await run(forecastRevenueTool, {
      horizonDays: 30,
      plannedPromotions: [{ from: "2026-11-05", to: "2026-11-07" }],
    });
    expect(planned.pastPromotions).toEqual(data.pastPromotions);
    // Campaign days sold more than the ordinary days before them (the generator lifts them 1.1-1.5x).
    expect(planned.promotionLift).not.toBeNull();
    const lift = planned.promotionLift!;
    expect(lift).toBeGreaterThan(1.1);
    // The planned days get the lift on top of an ordinary day: the same weekday a week later.
    const at = (date: string) => planned.daily.find((d) => d.date === date)!.revenue;
    for (const [date, ordinary] of [
      ["2026-11-05", "2026-11-12"],
      ["2026-11-06", "2026-11-13"],
      ["2026-11-07", "2026-11-14"],
    ])
      expect(at(date) / at(ordinary)).toBeGreaterThan(1 + (lift - 1) / 2);
    expect(planned.notes.join(" ")).toMatch(/Planned promotion days are forecast at [\d.]+x an ordinary day/);
    for (const plannedPromotions of [
      [{ from: "2026-11-07", to: "2026-11-05" }],
      [{ from: "2026-10-01", to: "2026-10-03" }],
    ])
      expect(await registry.call(context(), "forecast_revenue", { horizonDays: 30, plannedPromotions })).toMatchObject({
        ok: false,
        code: "invalid_input",
      });
  });

  it("leaves out today's partial day", async () => {
    const result = await registry.call(
      { ...context(), now: () => new Date("2026-10-31T18:00:00Z") },
      "forecast_revenue",
      { horizonDays: 7 },
    );
    if (!result.ok) throw new Error(result.message);
    const data = result.data as Forecast & { notes: string[] };
    expect(data.history.to).toBe("2026-10-30");
    expect(data.daily[0].date).toBe("2026-10-31");
    expect(data.notes.join(" ")).toMatch(/2026-10-31 is still in progress/);
  });

  it("refuses a shop with too little or no history, and a horizon out of range", async () => {
    expect(await registry.call(context(THIN), "forecast_revenue", {})).toMatchObject({
      ok: false,
      code: "insufficient_data",
    });
    const now = new Date();
    for (let i = 0; i < 10; i++) {
      await db.mirrorOrder.create({
        data: {
          shop: THIN,
          id: `t${i}`,
          name: `#T${i}`,
          createdAt: new Date(Date.parse("2026-10-20T10:00:00Z") + i * DAY),
          // As the ingest stores it (THIN has no timezone: UTC days).
          localDay: new Date(Date.parse("2026-10-20T10:00:00Z") + i * DAY).toISOString().slice(0, 10),
          subtotal: 40,
          totalDiscounts: 0,
          totalShipping: 0,
          totalTax: 0,
          total: 40,
          updatedAt: now,
        },
      });
    }
    const thin = await registry.call(context(THIN), "forecast_revenue", {});
    expect(thin).toMatchObject({ ok: false, code: "insufficient_data" });
    if (!thin.ok) expect(thin.message).toMatch(/10 days of history, 28 needed/);
    for (const horizonDays of [6, 181, 30.5]) {
      expect(await registry.call(context(), "forecast_revenue", { horizonDays })).toMatchObject({
        ok: false,
        code: "invalid_input",
      });
    }
  });
});

describe("get_cash_flow", () => {
  it("matches sales, refunds, cost of goods and fees recomputed from the mirror rows, week by week", async () => {
    const from = "2026-09-01",
      to = "2026-10-31";
    const flow = await run(getCashFlow, { from, to });
    const all = await db.mirrorOrder.findMany({ where: { shop: SHOP } });
    const cancelled = new Set(all.filter((o) => o.cancelledAt).map((o) => o.id));
    const orders = all.filter((o) => !o.cancelledAt && inDays(o.createdAt, from, to));
    const refunds = (await db.mirrorRefund.findMany({ where: { shop: SHOP } })).filter(
      (r) => !cancelled.has(r.orderId) && inDays(r.createdAt, from, to),
    );
    const costs = new Map((await db.mirrorVariant.findMany({ where: { shop: SHOP } })).map((v) => [v.id, v.unitCost]));
    const lines = (await db.mirrorLineItem.findMany({ where: { shop: SHOP } })).filter(
      (l) => !cancelled.has(l.orderId) && inDays(l.createdAt, from, to),
    );
    expect(refunds.length).toBeGreaterThan(0);
    const sales = orders.reduce((s, o) => s + o.total, 0);
    const refunded = refunds.reduce((s, r) => s + r.amount, 0);
    const cogs = lines.reduce((s, l) => s + l.quantity * (costs.get(l.variantId!) ?? 0), 0);
    const fees = orders
      .filter((o) => o.total > 0)
      .reduce((s, o) => s + o.total * DEFAULT_PAYMENT_FEE.rate + DEFAULT_PAYMENT_FEE.fixedPerOrder, 0);
    expect(flow.totals.orders).toBe(orders.length);
    expect(flow.inflows.sales).toMatchObject({ estimated: false });
    expect(flow.inflows.sales.amount).toBeCloseTo(sales, 1);
    expect(flow.inflows.taxCollected).toBeCloseTo(
      orders.reduce((s, o) => s + o.totalTax, 0),
      1,
    );
    expect(flow.outflows.refunds.amount).toBeCloseTo(refunded, 1);
    expect(flow.outflows.costOfGoodsKnown.amount).toBeCloseTo(cogs, 1);
    expect(flow.outflows.paymentFees.amount).toBeCloseTo(fees, 1);
    expect(flow.totals.net).toBeCloseTo(sales - refunded - cogs - fees, 1);
    // Every variant of the generated store has a cost.
    expect(flow.costCoverage).toBe(1);
    expect(flow.outflows.costOfGoodsExtrapolated).toBeNull();
    // The estimated lines say so, and why; the fee rate is stated.
    expect(flow.outflows.costOfGoodsKnown).toMatchObject({
      estimated: true,
      basis: expect.stringMatching(/^Estimated: units sold x/),
    });
    expect(flow.outflows.paymentFees).toMatchObject({
      estimated: true,
      basis: expect.stringMatching(/no payment fee records.*2\.9% \+ 0\.30/),
    });
    expect(flow.paymentFeeAssumption).toEqual({ rate: 0.029, fixedPerOrder: 0.3 });
    // 2026-09-01 is a Tuesday: the first week starts on Monday 08-31 and is clipped to the period.
    expect(flow.weeks[0]).toMatchObject({ weekStart: "2026-08-31", from: "2026-09-01", to: "2026-09-06", days: 6 });
    expect(flow.weeks.at(-1)).toMatchObject({ weekStart: "2026-10-26", from: "2026-10-26", to: "2026-10-31", days: 6 });
    expect(flow.weeks.reduce((s, w) => s + w.days, 0)).toBe(61);
    expect(flow.weeks.reduce((s, w) => s + w.net, 0)).toBeCloseTo(flow.totals.net, 0);
    const firstWeekSales = orders
      .filter((o) => inDays(o.createdAt, "2026-09-01", "2026-09-06"))
      .reduce((s, o) => s + o.total, 0);
    expect(flow.weeks[0].inflows).toBeCloseTo(firstWeekSales, 1);
  });

  it("extrapolates the cost of items without a unit cost and reports the coverage", async () => {
    const now = new Date();
    await db.mirrorVariant.createMany({
      data: [
        { shop: THIN, id: "v1", productId: "p1", title: "Costed", price: 100, unitCost: 40, updatedAt: now },
        { shop: THIN, id: "v2", productId: "p1", title: "Uncosted", price: 50, updatedAt: now },
      ],
    });
    await db.mirrorOrder.create({
      data: {
        shop: THIN,
        id: "c1",
        name: "#C1",
        createdAt: new Date("2026-06-02T10:00:00Z"),
        localDay: "2026-06-02", // as the ingest stores it (THIN has no timezone: UTC)
        subtotal: 150,
        totalDiscounts: 0,
        totalShipping: 0,
        totalTax: 0,
        total: 150,
        updatedAt: now,
      },
    });
    await db.mirrorLineItem.createMany({
      data: [
        {
          shop: THIN,
          id: "l1",
          orderId: "c1",
          variantId: "v1",
          title: "Costed",
          quantity: 1,
          unitPrice: 100,
          createdAt: new Date("2026-06-02T10:00:00Z"),
          localDay: "2026-06-02",
        },
        {
          shop: THIN,
          id: "l2",
          orderId: "c1",
          variantId: "v2",
          title: "Uncosted",
          quantity: 1,
          unitPrice: 50,
          createdAt: new Date("2026-06-02T10:00:00Z"),
          localDay: "2026-06-02",
        },
      ],
    });
    const flow = await run(getCashFlow, { from: "2026-06-01", to: "2026-06-07" }, THIN);
    expect(flow.costCoverage).toBeCloseTo(100 / 150, 4);
    expect(flow.outflows.costOfGoodsKnown.amount).toBe(40);
    expect(flow.outflows.costOfGoodsExtrapolated).toMatchObject({
      amount: 20,
      estimated: true,
      basis: expect.stringMatching(/40\.0% cost-to-price ratio/),
    });
    expect(flow.totals.net).toBeCloseTo(150 - 40 - 20 - (150 * 0.029 + 0.3), 2);
  });

  it("answers an empty period with zeros and bad dates with what to send", async () => {
    const empty = await run(getCashFlow, { from: "2020-01-01", to: "2020-01-31" });
    expect(empty.totals).toEqual({ inflows: 0, outflows: 0, net: 0, orders: 0 });
    expect(await registry.call(context(), "get_cash_flow", { from: "2026-10-31", to: "2026-10-01" })).toMatchObject({
      ok: false,
      code: "invalid_input",
      message: expect.stringMatching(/from must be on or before to/),
    });
    expect(await registry.call(context(), "get_cash_flow", { from: "2020-01-01", to: "2026-01-01" })).toMatchObject({
      ok: false,
      code: "invalid_input",
      message: expect.stringMatching(/three years/),
    });
  });
});
