// Marketing tools: RFM segments from order history, and discount codes through the approval path.
import { z } from "zod";
import { proposalOutput, proposalResult, proposeAction } from "../actions/actions";
import { fail, ok } from "../core/result";
import { defineTool } from "../core/tool";
import { salesEnd } from "../data/catalog";
import { computeRfm } from "../marketing/rfm";

export const getCustomerSegments = defineTool({
  name: "get_customer_segments",
  title: "Customer segments (RFM)",
  description:
    "Segments customers by recency, frequency and monetary value (quintile scores) into named segments (Champions, Loyal, At risk, Hibernating, Lost, ...) with each segment's size and revenue share, from the synced orders. Use for targeting win-back or VIP campaigns. Read-only.",
  capability: "marketing",
  input: z.object({
    days: z.number().int().min(30).max(1095).default(365).describe("Orders from the last N days"),
    includeCustomers: z.number().int().min(0).max(50).default(5).describe("Example customers to list per segment"),
  }),
  output: z.object({
    asOf: z.string(), customers: z.number(),
    segments: z.array(z.object({ segment: z.string(), customers: z.number(), revenue: z.number(), shareOfCustomers: z.number(), shareOfRevenue: z.number(), examples: z.array(z.object({ customerId: z.string(), email: z.string().nullable(), orders: z.number(), spent: z.number(), daysSinceLastOrder: z.number() })) })),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true },
  changesStore: false,
  async handler(ctx, input) {
    const end = await salesEnd(ctx.db, ctx.shop, ctx.now());
    const orders = await ctx.db.mirrorOrder.findMany({
      where: { shop: ctx.shop, customerId: { not: null }, cancelledAt: null, createdAt: { gte: new Date(end.getTime() - input.days * 86_400_000) } },
      select: { customerId: true, createdAt: true, total: true, totalRefunded: true },
    });
    if (orders.length < 20) return fail("insufficient_data", `Only ${orders.length} orders with a customer in the last ${input.days} days; segments need at least 20.`, "Choose more days or sync the store.");
    const rfm = computeRfm(orders.map((o) => ({ customerId: o.customerId!, createdAt: o.createdAt.toISOString(), total: o.total, refunded: o.totalRefunded })), end);
    const emails = new Map((await ctx.db.mirrorCustomer.findMany({ where: { shop: ctx.shop }, select: { id: true, email: true } })).map((c) => [c.id, c.email]));
    const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
    return ok({
      asOf: rfm.asOf,
      customers: rfm.customers.length,
      segments: rfm.segments.map((s) => ({
        segment: s.segment, customers: s.customers, revenue: round(s.revenue), shareOfCustomers: round(s.shareOfCustomers, 4), shareOfRevenue: round(s.shareOfRevenue, 4),
        examples: rfm.customers.filter((c) => c.segment === s.segment).sort((a, b) => b.monetary - a.monetary).slice(0, input.includeCustomers)
          .map((c) => ({ customerId: c.customerId, email: emails.get(c.customerId) ?? null, orders: c.orders, spent: round(c.monetary), daysSinceLastOrder: c.recencyDays })),
      })),
    });
  },
});

export const proposeDiscountCode = defineTool({
  name: "propose_discount_code",
  title: "Propose a discount code",
  description:
    "Proposes creating a discount code (a percentage or a fixed amount off the order) with start and end dates and a usage limit. It does NOT create it: it creates a pending change that the merchant approves in the app; an applied code can be reverted (deleted).",
  capability: "marketing",
  input: z
    .object({
      code: z.string().regex(/^[A-Z0-9_-]{3,30}$/, "use 3-30 capital letters, digits, - or _").describe("The code customers type, e.g. WINBACK15"),
      title: z.string().min(3).max(100).optional().describe("Internal title; default from the code"),
      percentOff: z.number().min(1).max(90).optional().describe("Percentage off, e.g. 15 for 15%"),
      amountOff: z.number().positive().max(10_000).optional().describe("Fixed amount off in the shop's currency"),
      startsAt: z.iso.datetime({ offset: true }).describe("ISO date-time the code starts"),
      endsAt: z.iso.datetime({ offset: true }).optional().describe("ISO date-time the code ends"),
      usageLimit: z.number().int().min(1).max(1_000_000).optional().describe("Total uses allowed"),
      oncePerCustomer: z.boolean().default(true).describe("Each customer may use it once"),
    })
    .refine((v) => (v.percentOff == null) !== (v.amountOff == null), { message: "give exactly one of percentOff or amountOff", path: ["percentOff"] })
    .refine((v) => !v.endsAt || Date.parse(v.endsAt) > Date.parse(v.startsAt), { message: "endsAt must be after startsAt", path: ["endsAt"] }),
  output: proposalOutput,
  annotations: { readOnly: false, destructive: false, idempotent: false },
  changesStore: true,
  async handler(ctx, input) {
    const proposed = await proposeAction(ctx, {
      kind: "discount.create",
      tool: "propose_discount_code",
      summary: `Create discount code ${input.code}`,
      after: {
        exists: false, code: input.code, title: input.title ?? `${input.code} (Royal Equips)`,
        percentage: input.percentOff != null ? input.percentOff / 100 : null, amount: input.amountOff ?? null,
        startsAt: input.startsAt, endsAt: input.endsAt ?? null, usageLimit: input.usageLimit ?? null, appliesOncePerCustomer: input.oncePerCustomer,
      },
    });
    if (!proposed.ok) return proposed.code === "not_found" ? fail("conflict", proposed.message, "Choose another code.") : proposed;
    return ok(proposalResult(proposed.data));
  },
});
