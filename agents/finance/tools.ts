// Finance tools: sales summaries and period comparisons from the mirror, revenue anomaly alerts,
// a revenue forecast and cash flow (with its estimated parts labelled).
import { z } from "zod";
import type { ToolContext } from "../core/context";
import { fail, ok } from "../core/result";
import { defineTool } from "../core/tool";
import { salesEnd } from "../data/catalog";
import { pastPromotions } from "../data/promotions";
import { detectRevenueAnomalies } from "./anomaly";
import { computeCashFlowFromDays, DEFAULT_PAYMENT_FEE, emptyCashFlowDay, type CashFlowDay } from "./cashflow";
import { forecastRevenue } from "./revenue-forecast";
import { addDays, DAY_MS, daysBetween, dayStart, HOUR_MS, localDay, MINUTE_MS } from "../core/time";
import { shopTimeZone } from "../mirror/local-days";
import {
  countedRefunds,
  dailySales,
  daysIn as windowDays,
  metricsIn,
  salesDays,
  salesMetrics,
} from "../analytics/window";
import { dialect, num, selectRows } from "../analytics/sql";
import type { Db } from "../db/client";

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * How old the Finance page's stored sales summary and comparison may be before a visit asks the
 * worker for new ones (ADR 0049): minutes, since they are the same figures as the live cards.
 */
const PAGE_FRESH_MS = 5 * MINUTE_MS;

/** The day, Monday-start week or month a shop-local day falls in. */
function bucketOf(day: string, by: "day" | "week" | "month") {
  if (by === "day") return day;
  if (by === "month") return day.slice(0, 7);
  return addDays(day, -((dayStart(day).getUTCDay() + 6) % 7));
}

// The period's orders and line items are aggregated by the database over the (shop, localDay)
// index: the work grows with the period, never with the store, and no row reaches the process.

/** Revenue and orders per sales channel of the orders placed in [from, to], cancelled excluded. */
async function salesByChannel(db: Db, shop: string, from: string, to: string) {
  const d = dialect();
  return selectRows<{ channel: string | null; revenue: number; orders: number }>(
    db,
    `SELECT "sourceName" AS "channel", SUM("total") AS "revenue", COUNT(*) AS "orders" FROM "MirrorOrder"
WHERE "shop" = ${d.lit(shop)} AND "localDay" >= ${d.lit(from)} AND "localDay" <= ${d.lit(to)} AND "cancelledAt" IS NULL
GROUP BY "sourceName"`,
  );
}

/** Line sales of [from, to], and the cost and sales of the lines whose variant has a unit cost. */
async function costOfSales(db: Db, shop: string, from: string, to: string) {
  const d = dialect();
  const [row] = await selectRows<{ lineSales: number | null; costOfGoods: number | null; costedSales: number | null }>(
    db,
    `SELECT SUM(l."quantity" * l."unitPrice") AS "lineSales",
  SUM(CASE WHEN v."unitCost" IS NOT NULL THEN l."quantity" * v."unitCost" END) AS "costOfGoods",
  SUM(CASE WHEN v."unitCost" IS NOT NULL THEN l."quantity" * l."unitPrice" END) AS "costedSales"
FROM "MirrorLineItem" l LEFT JOIN "MirrorVariant" v ON v."shop" = l."shop" AND v."id" = l."variantId"
WHERE l."shop" = ${d.lit(shop)} AND l."localDay" >= ${d.lit(from)} AND l."localDay" <= ${d.lit(to)}`,
  );
  return {
    lineSales: num(row?.lineSales ?? 0),
    costOfGoods: num(row?.costOfGoods ?? 0),
    costedSales: num(row?.costedSales ?? 0),
  };
}

/** Distinct customers with an order placed in [from, to], cancelled excluded. */
async function customersIn(db: Db, shop: string, from: string, to: string) {
  const d = dialect();
  const [row] = await selectRows<{ customers: number }>(
    db,
    `SELECT COUNT(DISTINCT "customerId") AS "customers" FROM "MirrorOrder"
WHERE "shop" = ${d.lit(shop)} AND "localDay" >= ${d.lit(from)} AND "localDay" <= ${d.lit(to)} AND "cancelledAt" IS NULL AND "customerId" IS NOT NULL`,
  );
  return num(row?.customers ?? 0);
}

export const getSalesSummary = defineTool({
  name: "get_sales_summary",
  title: "Sales summary",
  description:
    "Revenue, orders, average order value, refunds, discounts, net sales and gross margin (from unit costs, where known) for a date range, in total and by day, week or month, and by channel. Dates are inclusive days (YYYY-MM-DD) in the shop's timezone. Revenue is the order totals of orders placed in the range (cancelled excluded), refunds are money refunded in the range, net sales = revenue - refunds: the same figures as the app's pages. Read-only.",
  capability: "finance",
  input: z
    .object({
      from: z.iso.date().describe("First day, YYYY-MM-DD"),
      to: z.iso.date().describe("Last day, YYYY-MM-DD (inclusive)"),
      by: z.enum(["day", "week", "month"]).default("day").describe("Period of the series"),
    })
    .refine((v) => v.from <= v.to, { message: "from must be on or before to", path: ["from"] })
    .refine((v) => Date.parse(v.to) - Date.parse(v.from) <= 1096 * DAY_MS, {
      message: "at most three years at a time",
      path: ["to"],
    }),
  output: z.object({
    from: z.string(),
    to: z.string(),
    totals: z.object({
      revenue: z.number(),
      orders: z.number(),
      averageOrderValue: z.number(),
      refunded: z.number(),
      discounts: z.number(),
      netSales: z.number(),
      costOfGoods: z.number(),
      grossMargin: z.number().nullable(),
      costCoverage: z.number(),
    }),
    series: z.array(z.object({ period: z.string(), revenue: z.number(), orders: z.number(), refunded: z.number() })),
    byChannel: z.array(z.object({ channel: z.string(), revenue: z.number(), orders: z.number() })),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true },
  changesStore: false,
  // The Finance page shows it on every visit: on a big store the period's cost of goods and
  // channels are ~0.4 s of CPU, worked out in the worker instead (ADR 0049). AIRA and MCP compute it.
  stored: { freshForMs: PAGE_FRESH_MS, pagesOnly: true },
  async handler(ctx, input) {
    const window = { from: input.from, to: input.to };
    const [read, channelRows, { lineSales, costOfGoods, costedSales }] = await Promise.all([
      salesDays(ctx.db, ctx.shop, input.from, input.to),
      salesByChannel(ctx.db, ctx.shop, input.from, input.to),
      costOfSales(ctx.db, ctx.shop, input.from, input.to),
    ]);
    const totals = metricsIn(read, window);
    const days = windowDays(read, window);
    const series = new Map<string, { revenue: number; orders: number; refunded: number }>();
    for (const d of days) {
      if (!d.orders && !d.refunds) continue;
      const key = bucketOf(d.day, input.by);
      const s = series.get(key) ?? { revenue: 0, orders: 0, refunded: 0 };
      s.revenue += d.revenue;
      s.orders += d.orders;
      s.refunded += d.refunds;
      series.set(key, s);
    }
    // Orders with no source and orders from "unknown" are one channel, as before.
    const channels = new Map<string, { revenue: number; orders: number }>();
    for (const row of channelRows) {
      const name = row.channel === null ? "unknown" : String(row.channel);
      const c = channels.get(name) ?? { revenue: 0, orders: 0 };
      c.revenue += num(row.revenue);
      c.orders += num(row.orders);
      channels.set(name, c);
    }
    return ok({
      from: input.from,
      to: input.to,
      totals: {
        revenue: totals.revenue,
        orders: totals.orders,
        averageOrderValue: totals.averageOrderValue,
        refunded: totals.refunds,
        discounts: totals.discounts,
        netSales: totals.netSales,
        costOfGoods: round(costOfGoods),
        // Margin on the sales whose cost is known; costCoverage says how much of sales that is.
        grossMargin: costedSales > 0 ? Math.round(((costedSales - costOfGoods) / costedSales) * 10_000) / 10_000 : null,
        costCoverage: lineSales > 0 ? Math.round((costedSales / lineSales) * 10_000) / 10_000 : 0,
      },
      series: [...series.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([period, v]) => ({ period, revenue: round(v.revenue), orders: v.orders, refunded: round(v.refunded) })),
      byChannel: [...channels.entries()]
        .sort((a, b) => b[1].revenue - a[1].revenue)
        .map(([channel, v]) => ({ channel, revenue: round(v.revenue), orders: v.orders })),
    });
  },
});

export const detectRevenueAnomaliesTool = defineTool({
  name: "detect_revenue_anomalies",
  title: "Revenue anomalies",
  description:
    "Flags days whose revenue is unusually high or low after removing the weekly pattern and trend (robust z-score on residuals), with expected revenue and the deviation. Needs at least 28 days of history. Read-only.",
  capability: "finance",
  input: z.object({
    days: z.number().int().min(28).max(730).default(90).describe("Days of history to examine"),
    threshold: z.number().min(2).max(10).default(3.5).describe("Robust z-score beyond which a day is flagged"),
  }),
  output: z.object({
    from: z.string(),
    to: z.string(),
    alerts: z.array(
      z.object({
        date: z.string(),
        direction: z.string(),
        revenue: z.number(),
        expected: z.number(),
        deviationPct: z.number().nullable(),
        z: z.number(),
      }),
    ),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true },
  changesStore: false,
  async handler(ctx, input) {
    // Shop-local days up to the newest order's (or today's), as the pages' daily bars.
    const end = await salesEnd(ctx.db, ctx.shop, ctx.now());
    const to = localDay(end, await shopTimeZone(ctx.db, ctx.shop));
    const from = addDays(to, -(input.days - 1));
    const days = await dailySales(ctx.db, ctx.shop, { from, to });
    const result = detectRevenueAnomalies(
      days.map((d) => ({ date: d.day, revenue: d.revenue })),
      // A small shop has weeks without a sale: weekday factors are undefined there, effects in money are not.
      { threshold: input.threshold, seasonality: "auto" },
    );
    if (!result.ok) return fail("insufficient_data", result.message);
    return ok({
      from,
      to,
      alerts: result.alerts.map((a) => ({
        date: a.date,
        direction: a.direction,
        revenue: round(a.revenue),
        expected: round(a.expected),
        deviationPct: a.deviationPct == null ? null : Math.round(a.deviationPct * 1000) / 1000,
        z: Math.round(a.z * 10) / 10,
      })),
    });
  },
});

// ---------- period comparison ----------

const daysIn = (from: string, to: string) => daysBetween(from, to) + 1;
const shiftDay = addDays;
const pct = (n: number) => Math.round(n * 10_000) / 10_000;

/** A period's figures (salesMetrics, as everywhere) plus its customers and revenue per day. */
async function periodTotals(ctx: ToolContext, from: string, to: string) {
  const [metrics, customers] = await Promise.all([
    salesMetrics(ctx.db, ctx.shop, { from, to }),
    customersIn(ctx.db, ctx.shop, from, to),
  ]);
  return {
    revenue: metrics.revenue,
    orders: metrics.orders,
    averageOrderValue: metrics.averageOrderValue,
    refunded: metrics.refunds,
    discounts: metrics.discounts,
    netSales: metrics.netSales,
    customers,
    revenuePerDay: round(metrics.revenue / daysIn(from, to)),
  };
}

const totalsShape = z.object({
  revenue: z.number(),
  orders: z.number(),
  averageOrderValue: z.number(),
  refunded: z.number(),
  discounts: z.number(),
  netSales: z.number(),
  customers: z.number(),
  revenuePerDay: z.number(),
});
type PeriodTotals = z.infer<typeof totalsShape>;

export const compareSalesPeriods = defineTool({
  name: "compare_sales_periods",
  title: "Compare two sales periods",
  description:
    "Compares a period's revenue, orders, average order value, refunds, discounts, net sales and customers with a previous period (by default the same number of days immediately before), with the absolute and percentage change of each. Dates are inclusive days (YYYY-MM-DD) in the shop's timezone; the figures are defined as in get_sales_summary. Read-only.",
  capability: "finance",
  input: z
    .object({
      from: z.iso.date().describe("First day of the period, YYYY-MM-DD"),
      to: z.iso.date().describe("Last day of the period, YYYY-MM-DD (inclusive)"),
      previousFrom: z.iso
        .date()
        .optional()
        .describe("First day of the period to compare with; default: the same number of days just before `from`"),
      previousTo: z.iso
        .date()
        .optional()
        .describe("Last day of the period to compare with (inclusive); give it together with previousFrom"),
    })
    .refine((v) => v.from <= v.to, { message: "from must be on or before to", path: ["from"] })
    .refine((v) => (v.previousFrom == null) === (v.previousTo == null), {
      message:
        "give both previousFrom and previousTo, or neither (then the previous period is the same length just before from)",
      path: ["previousFrom"],
    })
    .refine((v) => v.previousFrom == null || v.previousTo == null || v.previousFrom <= v.previousTo, {
      message: "previousFrom must be on or before previousTo",
      path: ["previousFrom"],
    })
    .refine((v) => v.previousFrom == null || v.previousTo == null || v.previousTo < v.from || v.previousFrom > v.to, {
      message: "the previous period must not overlap the period",
      path: ["previousTo"],
    })
    .refine(
      (v) =>
        daysIn(v.from, v.to) <= 1096 &&
        (v.previousFrom == null || v.previousTo == null || daysIn(v.previousFrom, v.previousTo) <= 1096),
      { message: "at most three years per period", path: ["to"] },
    ),
  output: z.object({
    current: z.object({ from: z.string(), to: z.string(), days: z.number(), totals: totalsShape }),
    previous: z.object({ from: z.string(), to: z.string(), days: z.number(), totals: totalsShape }),
    changes: z.array(
      z.object({
        metric: z.string(),
        current: z.number(),
        previous: z.number(),
        change: z.number(),
        changePct: z.number().nullable().describe("change / previous; null when previous is 0"),
      }),
    ),
    notes: z.array(z.string()),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true },
  changesStore: false,
  // Two periods' distinct customers on the Finance page's every visit: stored for pages (ADR 0049).
  stored: { freshForMs: PAGE_FRESH_MS, pagesOnly: true },
  async handler(ctx, input) {
    const days = daysIn(input.from, input.to);
    const previousTo = input.previousTo ?? shiftDay(input.from, -1);
    const previousFrom = input.previousFrom ?? shiftDay(previousTo, -(days - 1));
    const [current, previous, first] = await Promise.all([
      periodTotals(ctx, input.from, input.to),
      periodTotals(ctx, previousFrom, previousTo),
      ctx.db.mirrorOrder.findFirst({
        where: { shop: ctx.shop },
        orderBy: { createdAt: "asc" },
        select: { localDay: true },
      }),
    ]);
    const notes: string[] = [];
    if (!first) notes.push("No orders are synced for this shop; sync the store to compare periods.");
    else {
      const firstDay = first.localDay;
      if (previousFrom < firstDay)
        notes.push(
          `Synced orders start on ${firstDay}; the previous period (${previousFrom} to ${previousTo}) begins before that, so its totals cover only part of it${previousTo < firstDay ? " (none of it)" : ""}.`,
        );
      if (input.from < firstDay) notes.push(`Synced orders start on ${firstDay}; the period begins before that.`);
    }
    const previousDays = daysIn(previousFrom, previousTo);
    if (previousDays !== days)
      notes.push(
        `The periods differ in length (${days} vs ${previousDays} days): compare revenuePerDay rather than totals.`,
      );
    const metrics: (keyof PeriodTotals)[] = [
      "revenue",
      "orders",
      "averageOrderValue",
      "refunded",
      "discounts",
      "netSales",
      "customers",
      "revenuePerDay",
    ];
    return ok({
      current: { from: input.from, to: input.to, days, totals: current },
      previous: { from: previousFrom, to: previousTo, days: previousDays, totals: previous },
      changes: metrics.map((metric) => ({
        metric,
        current: current[metric],
        previous: previous[metric],
        change: round(current[metric] - previous[metric]),
        changePct: previous[metric] === 0 ? null : pct((current[metric] - previous[metric]) / previous[metric]),
      })),
      notes,
    });
  },
});

// ---------- revenue forecast ----------

/** Revenue history used for the forecast: three years is enough for the yearly profile (it needs two). */
const FORECAST_HISTORY_DAYS = 1095;

export const forecastRevenueTool = defineTool({
  name: "forecast_revenue",
  title: "Revenue forecast",
  description:
    "Forecasts daily revenue for the next N days (default 30) from the shop's daily revenue history with the demand-forecasting engine (model chosen on a rolling-origin backtest among simple rules, exponential smoothing, Holt-Winters with weekly and, with two years of history, yearly seasonality, and their combinations), with 80% and 95% intervals per day, the total with an 80% interval, the method, and a backtest of its accuracy on the most recent weeks. When the engine's model loses to seasonal naive on that backtest, seasonal naive is used instead. Read-only.",
  capability: "finance",
  input: z.object({
    horizonDays: z.number().int().min(7).max(180).default(30).describe("Days to forecast, 7 to 180"),
    plannedPromotions: z
      .array(
        z.object({
          from: z.iso.date().describe("First day of the sale, YYYY-MM-DD"),
          to: z.iso.date().describe("Last day of the sale, YYYY-MM-DD (inclusive)"),
        }),
      )
      .max(12)
      .default([])
      .describe(
        "Sales the merchant has scheduled within the forecast days: those days get the lift the shop's past promotions showed",
      ),
  }),
  output: z.object({
    basis: z.string(),
    currency: z.string().nullable(),
    history: z.object({ from: z.string(), to: z.string(), days: z.number() }),
    method: z.object({
      model: z.string(),
      demandClass: z.string(),
      selection: z.string(),
      holdoutDays: z.number(),
      rmsse: z.number().nullable(),
      seasonalNaiveRmsse: z.number(),
      fellBackToSeasonalNaive: z
        .boolean()
        .describe("True when the engine's model lost to seasonal naive on the backtest, so seasonal naive is used"),
    }),
    total: z.object({ revenue: z.number(), lo80: z.number(), hi80: z.number() }),
    daily: z.array(
      z.object({
        date: z.string(),
        revenue: z.number(),
        lo80: z.number(),
        hi80: z.number(),
        lo95: z.number(),
        hi95: z.number(),
      }),
    ),
    backtest: z.object({
      available: z.boolean(),
      reason: z.string().nullable(),
      from: z.string().nullable(),
      to: z.string().nullable(),
      days: z.number().nullable(),
      actual: z.number().nullable(),
      forecast: z.number().nullable(),
      wape: z.number().nullable().describe("Mean absolute daily error as a share of revenue"),
      totalErrorPct: z.number().nullable(),
      coverage80: z.number().nullable(),
      seasonalNaiveWape: z.number().nullable(),
    }),
    pastPromotions: z
      .array(z.object({ code: z.string(), from: z.string(), to: z.string(), orders: z.number() }))
      .describe(
        "The shop's past promotions, known from discount codes used on orders within a few weeks; with planned promotions they are left out of learning ordinary days and teach the lift",
      ),
    promotionLift: z
      .number()
      .nullable()
      .describe(
        "With planned promotions: revenue on the shop's past promotion days relative to the ordinary days before them (1 = no lift), applied to the planned days; null otherwise",
      ),
    notes: z.array(z.string()),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true },
  changesStore: false,
  stored: { freshForMs: 6 * HOUR_MS },
  async handler(ctx, input) {
    const [newest, oldest, timeZone] = await Promise.all([
      ctx.db.mirrorOrder.findFirst({
        where: { shop: ctx.shop, cancelledAt: null },
        orderBy: { createdAt: "desc" },
        select: { localDay: true, currencyCode: true },
      }),
      ctx.db.mirrorOrder.findFirst({
        where: { shop: ctx.shop, cancelledAt: null },
        orderBy: { createdAt: "asc" },
        select: { localDay: true },
      }),
      shopTimeZone(ctx.db, ctx.shop),
    ]);
    if (!newest || !oldest)
      return fail(
        "insufficient_data",
        "No orders are synced for this shop, so there is no revenue history to forecast from.",
        "Sync the store from the Shopify page.",
      );
    const notes: string[] = [];
    // Days are the shop's local days (as on the pages); today's revenue is still coming in, and a
    // partial day would read as a drop.
    const today = localDay(ctx.now(), timeZone);
    let lastDay = newest.localDay;
    if (lastDay >= today) {
      lastDay = addDays(today, -1);
      notes.push(`${today} is still in progress, so the history ends the day before.`);
    }
    const earliest = addDays(lastDay, -(FORECAST_HISTORY_DAYS - 1));
    const firstDay = oldest.localDay > earliest ? oldest.localDay : earliest;
    const days = daysBetween(firstDay, lastDay) + 1;
    if (days < 1)
      return fail(
        "insufficient_data",
        "The only synced orders are from today; a forecast needs complete days of history.",
        "Try again after a few weeks of sales.",
      );
    const firstForecastDay = addDays(lastDay, 1);
    const horizonEnd = addDays(lastDay, input.horizonDays);
    for (const p of input.plannedPromotions) {
      if (p.from > p.to)
        return fail(
          "invalid_input",
          `A planned promotion starts (${p.from}) after it ends (${p.to}).`,
          "Swap the days.",
        );
      if (p.to < firstForecastDay || p.from > horizonEnd)
        return fail(
          "invalid_input",
          `The planned promotion ${p.from} to ${p.to} is outside the forecast days (${firstForecastDay} to ${horizonEnd}).`,
          "Give promotions within the forecast days, or a longer horizon.",
        );
    }
    const [sales, past] = await Promise.all([
      dailySales(ctx.db, ctx.shop, { from: firstDay, to: lastDay }),
      pastPromotions(ctx.db, ctx.shop, firstDay, lastDay),
    ]);
    const revenue = sales.map((d) => d.revenue);
    // Past promotions enter the calendar only with a planned one, whose lift they teach: on generated
    // stores, leaving past sales out of fitting without a sale ahead did not help (ADR 0032).
    const promotions = input.plannedPromotions.length > 0 ? [...past, ...input.plannedPromotions] : [];
    const result = forecastRevenue(revenue, firstDay, input.horizonDays, promotions);
    if ("ok" in result)
      return fail(
        "insufficient_data",
        `Revenue cannot be forecast yet: ${result.message} (${result.daysAvailable} days of history, ${result.daysNeeded} needed).`,
        "Try again once the store has more sales history.",
      );
    const winner = result.method.selection.scores.find((s) => s.model === result.method.model);
    const bt = result.backtest;
    const lift = result.events.find((e) => e.kind === "promotion");
    const promotionLift = lift && lift.pastDays > 0 ? Math.round(lift.factor * 1000) / 1000 : null;
    if (input.plannedPromotions.length > 0)
      notes.push(
        promotionLift === null
          ? "The shop has no past promotion in the history to learn a lift from, so the planned promotion days are forecast as ordinary days."
          : `Planned promotion days are forecast at ${promotionLift}x an ordinary day, what the shop's past promotions showed.`,
      );
    const r3 = (n: number) => Math.round(n * 1000) / 1000;
    if (
      result.method.selection.scores.length > 0 &&
      winner &&
      winner.rmsse > result.method.selection.seasonalNaiveRmsse + 1e-9
    )
      notes.push("The chosen model did not beat the seasonal-naive benchmark on the holdout.");
    if (result.method.fellBackToSeasonalNaive && !("skipped" in bt))
      notes.push(
        `On the last ${bt.days} days the fitted model's typical daily error (${Math.round(bt.wape * 1000) / 10}%) was worse than repeating each weekday of the week before (${Math.round(bt.seasonalNaiveWape * 1000) / 10}%), so this forecast repeats the most recent weeks instead.`,
      );
    return ok({
      basis:
        "Revenue is the order total (after discounts, with shipping and tax) of orders not cancelled, by the shop-local day of the order: the same figure as get_sales_summary's revenue.",
      currency: newest.currencyCode ?? null,
      history: result.history,
      method: {
        model: result.method.model,
        demandClass: result.method.demandClass,
        selection: result.method.selection.method,
        holdoutDays: result.method.selection.holdoutDays,
        rmsse: winner ? r3(winner.rmsse) : null,
        seasonalNaiveRmsse: r3(result.method.selection.seasonalNaiveRmsse),
        fellBackToSeasonalNaive: result.method.fellBackToSeasonalNaive,
      },
      total: { revenue: round(result.total.revenue), lo80: round(result.total.lo80), hi80: round(result.total.hi80) },
      daily: result.daily.map((d) => ({
        date: d.date,
        revenue: round(d.revenue),
        lo80: round(d.lo80),
        hi80: round(d.hi80),
        lo95: round(d.lo95),
        hi95: round(d.hi95),
      })),
      backtest:
        "skipped" in bt
          ? {
              available: false,
              reason: bt.skipped,
              from: null,
              to: null,
              days: null,
              actual: null,
              forecast: null,
              wape: null,
              totalErrorPct: null,
              coverage80: null,
              seasonalNaiveWape: null,
            }
          : {
              available: true,
              reason: null,
              from: bt.from,
              to: bt.to,
              days: bt.days,
              actual: round(bt.actual),
              forecast: round(bt.forecast),
              wape: r3(bt.wape),
              totalErrorPct: r3(bt.totalError),
              coverage80: r3(bt.coverage80),
              seasonalNaiveWape: r3(bt.seasonalNaiveWape),
            },
      pastPromotions: past,
      promotionLift,
      notes,
    });
  },
});

// ---------- cash flow ----------

/**
 * Each shop-local day's sums of the period for the cash flow, added up by the database (on a SQLite
 * client in its reader thread): the orders not cancelled; their refunds as every figure counts them
 * (countedRefunds: at most each order's total); their line items with the unit cost of the variant
 * where one is known (lines of deleted variants have none). Also a currency of the orders, for a
 * shop row without one.
 */
async function cashFlowDays(db: Db, shop: string, from: string, to: string) {
  const d = dialect();
  const inPeriod = (alias: string) =>
    `${alias}."shop" = ${d.lit(shop)} AND ${alias}."localDay" >= ${d.lit(from)} AND ${alias}."localDay" <= ${d.lit(to)}`;
  const [orders, lines, refunds] = await Promise.all([
    selectRows<{
      day: string;
      orders: number;
      sales: number;
      tax: number;
      shipping: number;
      paidOrders: number;
      paidSales: number;
      currency: string | null;
    }>(
      db,
      `SELECT o."localDay" AS "day", COUNT(*) AS "orders", SUM(o."total") AS "sales", SUM(o."totalTax") AS "tax",
  SUM(o."totalShipping") AS "shipping", SUM(CASE WHEN o."total" > 0 THEN 1 ELSE 0 END) AS "paidOrders",
  SUM(CASE WHEN o."total" > 0 THEN o."total" ELSE 0 END) AS "paidSales", MAX(o."currencyCode") AS "currency"
FROM "MirrorOrder" o
WHERE ${inPeriod("o")} AND o."cancelledAt" IS NULL
GROUP BY o."localDay"`,
    ),
    // Cancelled orders are out of the inflows, so their items are out of the outflows too (they are
    // few: a NOT IN over them, as dailySales does, not an IN list of every order of the period).
    selectRows<{ day: string; lineSales: number; costedSales: number; knownCost: number }>(
      db,
      `SELECT l."localDay" AS "day", SUM(l."quantity" * l."unitPrice") AS "lineSales",
  SUM(CASE WHEN v."unitCost" IS NOT NULL THEN l."quantity" * l."unitPrice" ELSE 0 END) AS "costedSales",
  SUM(CASE WHEN v."unitCost" IS NOT NULL THEN l."quantity" * v."unitCost" ELSE 0 END) AS "knownCost"
FROM "MirrorLineItem" l
LEFT JOIN "MirrorVariant" v ON v."shop" = l."shop" AND v."id" = l."variantId"
WHERE ${inPeriod("l")}
  AND l."orderId" NOT IN (SELECT c."id" FROM "MirrorOrder" c WHERE c."shop" = ${d.lit(shop)} AND c."cancelledAt" IS NOT NULL)
GROUP BY l."localDay"`,
    ),
    countedRefunds(db, shop, from, to),
  ]);
  const byDay = new Map<string, CashFlowDay>();
  const day = (key: string) => {
    let sums = byDay.get(key);
    if (!sums) byDay.set(key, (sums = emptyCashFlowDay(key)));
    return sums;
  };
  for (const o of orders)
    Object.assign(day(String(o.day)), {
      orders: num(o.orders),
      sales: num(o.sales),
      tax: num(o.tax),
      shipping: num(o.shipping),
      paidOrders: num(o.paidOrders),
      paidSales: num(o.paidSales),
    });
  for (const l of lines)
    Object.assign(day(String(l.day)), {
      lineSales: num(l.lineSales),
      costedSales: num(l.costedSales),
      knownCost: num(l.knownCost),
    });
  for (const r of refunds) day(r.day).refunds += r.amount;
  return { days: byDay.values(), currency: orders.find((o) => o.currency)?.currency ?? null };
}

export const getCashFlow = defineTool({
  name: "get_cash_flow",
  title: "Cash flow",
  description:
    "Cash flow for a date range (inclusive days in the shop's timezone), in total and by week (Monday start): money in from sales, money out for refunds, cost of goods (estimated from unit costs) and payment fees (estimated at a stated rate), and the net. Each line says whether it is recorded or estimated and why; costCoverage is the share of sales whose unit cost is known. Dates are inclusive ISO days (YYYY-MM-DD). Read-only.",
  capability: "finance",
  input: z
    .object({
      from: z.iso.date().describe("First day, YYYY-MM-DD"),
      to: z.iso.date().describe("Last day, YYYY-MM-DD (inclusive)"),
    })
    .refine((v) => v.from <= v.to, { message: "from must be on or before to", path: ["from"] })
    .refine((v) => daysIn(v.from, v.to) <= 1096, { message: "at most three years at a time", path: ["to"] }),
  output: z.object({
    from: z.string(),
    to: z.string(),
    currency: z.string().nullable(),
    inflows: z.object({
      sales: z.object({ amount: z.number(), estimated: z.boolean(), basis: z.string() }),
      taxCollected: z.number(),
      shippingCollected: z.number(),
    }),
    outflows: z.object({
      refunds: z.object({ amount: z.number(), estimated: z.boolean(), basis: z.string() }),
      costOfGoodsKnown: z.object({ amount: z.number(), estimated: z.boolean(), basis: z.string() }),
      costOfGoodsExtrapolated: z.object({ amount: z.number(), estimated: z.boolean(), basis: z.string() }).nullable(),
      paymentFees: z.object({ amount: z.number(), estimated: z.boolean(), basis: z.string() }),
    }),
    paymentFeeAssumption: z.object({ rate: z.number(), fixedPerOrder: z.number() }),
    totals: z.object({ inflows: z.number(), outflows: z.number(), net: z.number(), orders: z.number() }),
    costCoverage: z.number(),
    weeks: z.array(
      z.object({
        weekStart: z.string(),
        from: z.string(),
        to: z.string(),
        days: z.number(),
        orders: z.number(),
        inflows: z.number(),
        refunds: z.number(),
        costOfGoods: z.number(),
        paymentFees: z.number(),
        outflows: z.number(),
        net: z.number(),
      }),
    ),
    notIncluded: z.array(z.string()),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true },
  changesStore: false,
  stored: { freshForMs: HOUR_MS },
  async handler(ctx, input) {
    const days = await cashFlowDays(ctx.db, ctx.shop, input.from, input.to);
    const shop = await ctx.db.shop.findUnique({ where: { domain: ctx.shop }, select: { currencyCode: true } });
    const currency = shop?.currencyCode ?? days.currency;
    const flow = computeCashFlowFromDays({ from: input.from, to: input.to, currency, days: days.days });
    return ok({
      ...flow,
      currency,
      paymentFeeAssumption: { rate: DEFAULT_PAYMENT_FEE.rate, fixedPerOrder: DEFAULT_PAYMENT_FEE.fixedPerOrder },
    });
  },
});
