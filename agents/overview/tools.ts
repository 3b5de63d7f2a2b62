// The tool about the store as a whole (what is synced, and the recent sales).
import { z } from "zod";
import { ok } from "../core/result";
import { defineTool } from "../core/tool";
import { mirrorCounts, salesTotals } from "./queries";

export const getShopOverview = defineTool({
  name: "get_shop_overview",
  title: "Shop overview",
  description:
    "Summarises the shop from the synced store data: how many products, variants, orders and customers are synced, and revenue, orders and average order value for the last N days. Use it first to see whether there is enough data for other tools.",
  capability: "analytics",
  input: z.object({
    days: z.number().int().min(1).max(730).default(30).describe("Look-back window in days for the sales figures"),
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
      revenue: z.number(),
      orders: z.number(),
      averageOrderValue: z.number(),
      refunded: z.number(),
      discounts: z.number(),
    }),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true },
  changesStore: false,
  async handler(ctx, input) {
    const [synced, totals] = await Promise.all([
      mirrorCounts(ctx.db, ctx.shop),
      salesTotals(ctx.db, ctx.shop, input.days, ctx.now()),
    ]);
    return ok({
      shop: ctx.shop,
      synced,
      sales: {
        days: input.days,
        revenue: round(totals.revenue),
        orders: totals.orders,
        averageOrderValue: round(totals.averageOrderValue),
        refunded: round(totals.refunded),
        discounts: round(totals.discounts),
      },
    });
  },
});

const round = (n: number) => Math.round(n * 100) / 100;
