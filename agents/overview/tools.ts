// The tool about the store as a whole (what is synced, and the recent sales).
import { z } from "zod";
import { ok } from "../core/result";
import { defineTool } from "../core/tool";
import { lastDays, salesMetrics } from "../analytics/window";
import { nextLocalMidnight } from "../core/time";
import { shopTimeZone } from "../mirror/local-days";
import { mirrorCounts } from "./queries";

export const getShopOverview = defineTool({
  name: "get_shop_overview",
  title: "Shop overview",
  description:
    "Summarises the shop from the synced store data: how many products, variants, orders and customers are synced, and revenue, orders, average order value, refunds and discounts for the last N complete days in the shop's timezone (today, still in progress, is not included; from and to say which days). Use it first to see whether there is enough data for other tools.",
  capability: "analytics",
  input: z.object({
    days: z
      .number()
      .int()
      .min(1)
      .max(730)
      .default(30)
      .describe("Look-back window: this many complete days before today, in the shop's timezone"),
  }),
  output: z.object({
    shop: z.string(),
    synced: z.object({
      products: z.number(),
      variants: z.number(),
      orders: z.number(),
      customers: z.number(),
      lineItems: z.number(),
      refunds: z.number(),
    }),
    sales: z.object({
      days: z.number(),
      from: z.string().describe("First day of the window (shop-local), YYYY-MM-DD"),
      to: z.string().describe("Last day of the window (yesterday, shop-local), YYYY-MM-DD"),
      timeZone: z.string(),
      revenue: z.number(),
      orders: z.number(),
      averageOrderValue: z.number(),
      refunded: z.number(),
      discounts: z.number(),
    }),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true },
  changesStore: false,
  // Complete days only: the window moves at the shop's next midnight.
  sharedUntil: (data, now) => nextLocalMidnight(now, data.sales.timeZone),
  async handler(ctx, input) {
    const window = lastDays(input.days, ctx.now(), await shopTimeZone(ctx.db, ctx.shop));
    const [synced, totals] = await Promise.all([
      mirrorCounts(ctx.db, ctx.shop),
      salesMetrics(ctx.db, ctx.shop, window),
    ]);
    return ok({
      shop: ctx.shop,
      synced,
      sales: {
        days: window.days,
        from: window.from,
        to: window.to,
        timeZone: window.timeZone,
        revenue: totals.revenue,
        orders: totals.orders,
        averageOrderValue: totals.averageOrderValue,
        refunded: totals.refunds,
        discounts: totals.discounts,
      },
    });
  },
});
