// Finance tools: sales summaries by period from the mirror, and revenue anomaly alerts.
import { z } from "zod";
import { fail, ok } from "../core/result";
import { defineTool } from "../core/tool";
import { isoDay, salesEnd } from "../data/catalog";
import { detectRevenueAnomalies } from "../finance/anomaly";

const round = (n: number) => Math.round(n * 100) / 100;
const DAY = 86_400_000;

function bucketOf(date: Date, by: "day" | "week" | "month") {
  if (by === "day") return isoDay(date);
  if (by === "month") return isoDay(date).slice(0, 7);
  const monday = new Date(Date.parse(isoDay(date)) - ((date.getUTCDay() + 6) % 7) * DAY);
  return isoDay(monday);
}

export const getSalesSummary = defineTool({
  name: "get_sales_summary",
  title: "Sales summary",
  description:
    "Revenue, orders, average order value, refunds, discounts and gross margin (from unit costs, where known) for a date range, in total and by day, week or month, and by channel. Dates are inclusive ISO days (YYYY-MM-DD). Read-only.",
  capability: "finance",
  input: z
    .object({
      from: z.iso.date().describe("First day, YYYY-MM-DD"),
      to: z.iso.date().describe("Last day, YYYY-MM-DD (inclusive)"),
      by: z.enum(["day", "week", "month"]).default("day").describe("Period of the series"),
    })
    .refine((v) => v.from <= v.to, { message: "from must be on or before to", path: ["from"] })
    .refine((v) => Date.parse(v.to) - Date.parse(v.from) <= 1096 * DAY, { message: "at most three years at a time", path: ["to"] }),
  output: z.object({
    from: z.string(), to: z.string(),
    totals: z.object({ revenue: z.number(), orders: z.number(), averageOrderValue: z.number(), refunded: z.number(), discounts: z.number(), netSales: z.number(), costOfGoods: z.number(), grossMargin: z.number().nullable(), costCoverage: z.number() }),
    series: z.array(z.object({ period: z.string(), revenue: z.number(), orders: z.number(), refunded: z.number() })),
    byChannel: z.array(z.object({ channel: z.string(), revenue: z.number(), orders: z.number() })),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true },
  changesStore: false,
  async handler(ctx, input) {
    const range = { gte: new Date(`${input.from}T00:00:00Z`), lt: new Date(Date.parse(`${input.to}T00:00:00Z`) + DAY) };
    const orders = await ctx.db.mirrorOrder.findMany({
      where: { shop: ctx.shop, cancelledAt: null, createdAt: range },
      select: { id: true, createdAt: true, total: true, totalRefunded: true, totalDiscounts: true, sourceName: true },
    });
    const lines = await ctx.db.mirrorLineItem.findMany({ where: { shop: ctx.shop, createdAt: range }, select: { variantId: true, quantity: true, unitPrice: true } });
    const costs = new Map((await ctx.db.mirrorVariant.findMany({ where: { shop: ctx.shop, unitCost: { not: null } }, select: { id: true, unitCost: true } })).map((v) => [v.id, v.unitCost!]));
    let costOfGoods = 0;
    let costedSales = 0;
    let lineSales = 0;
    for (const line of lines) {
      const sale = line.quantity * line.unitPrice;
      lineSales += sale;
      const cost = line.variantId ? costs.get(line.variantId) : undefined;
      if (cost != null) {
        costOfGoods += cost * line.quantity;
        costedSales += sale;
      }
    }
    const series = new Map<string, { revenue: number; orders: number; refunded: number }>();
    const channels = new Map<string, { revenue: number; orders: number }>();
    let revenue = 0, refunded = 0, discounts = 0;
    for (const o of orders) {
      revenue += o.total;
      refunded += o.totalRefunded;
      discounts += o.totalDiscounts;
      const key = bucketOf(o.createdAt, input.by);
      const s = series.get(key) ?? { revenue: 0, orders: 0, refunded: 0 };
      s.revenue += o.total; s.orders += 1; s.refunded += o.totalRefunded;
      series.set(key, s);
      const c = channels.get(o.sourceName ?? "unknown") ?? { revenue: 0, orders: 0 };
      c.revenue += o.total; c.orders += 1;
      channels.set(o.sourceName ?? "unknown", c);
    }
    return ok({
      from: input.from, to: input.to,
      totals: {
        revenue: round(revenue), orders: orders.length, averageOrderValue: orders.length ? round(revenue / orders.length) : 0, refunded: round(refunded), discounts: round(discounts), netSales: round(revenue - refunded),
        costOfGoods: round(costOfGoods),
        // Margin on the sales whose cost is known; costCoverage says how much of sales that is.
        grossMargin: costedSales > 0 ? Math.round(((costedSales - costOfGoods) / costedSales) * 10_000) / 10_000 : null,
        costCoverage: lineSales > 0 ? Math.round((costedSales / lineSales) * 10_000) / 10_000 : 0,
      },
      series: [...series.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([period, v]) => ({ period, revenue: round(v.revenue), orders: v.orders, refunded: round(v.refunded) })),
      byChannel: [...channels.entries()].sort((a, b) => b[1].revenue - a[1].revenue).map(([channel, v]) => ({ channel, revenue: round(v.revenue), orders: v.orders })),
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
  output: z.object({ from: z.string(), to: z.string(), alerts: z.array(z.object({ date: z.string(), direction: z.string(), revenue: z.number(), expected: z.number(), deviationPct: z.number().nullable(), z: z.number() })) }),
  annotations: { readOnly: true, destructive: false, idempotent: true },
  changesStore: false,
  async handler(ctx, input) {
    const end = await salesEnd(ctx.db, ctx.shop, ctx.now());
    const start = Date.parse(isoDay(end)) - (input.days - 1) * DAY;
    const orders = await ctx.db.mirrorOrder.findMany({ where: { shop: ctx.shop, cancelledAt: null, createdAt: { gte: new Date(start) } }, select: { createdAt: true, total: true } });
    const byDay = new Array(input.days).fill(0);
    for (const o of orders) {
      const i = Math.floor((Date.parse(isoDay(o.createdAt)) - start) / DAY);
      if (i >= 0 && i < input.days) byDay[i] += o.total;
    }
    const result = detectRevenueAnomalies(byDay.map((revenue, i) => ({ date: isoDay(new Date(start + i * DAY)), revenue })), { threshold: input.threshold });
    if (!result.ok) return fail("insufficient_data", result.message);
    return ok({
      from: isoDay(new Date(start)), to: isoDay(end),
      alerts: result.alerts.map((a) => ({ date: a.date, direction: a.direction, revenue: round(a.revenue), expected: round(a.expected), deviationPct: a.deviationPct == null ? null : Math.round(a.deviationPct * 1000) / 1000, z: Math.round(a.z * 10) / 10 })),
    });
  },
});
