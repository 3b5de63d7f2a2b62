// The tools about store changes: those waiting for approval (approving them is the merchant's, in the
// app) and how applied ones did.
import { z } from "zod";
import { fail, ok } from "../core/result";
import { defineTool } from "../core/tool";
import { toProposed } from "./actions";
import { MEASURED_KINDS, recentOutcomes } from "./outcomes";

export const listPendingActions = defineTool({
  name: "list_pending_actions",
  title: "Changes waiting for approval",
  description:
    "Lists store changes that were proposed (by AIRA, an agent or an MCP client) and wait for the merchant's approval, with exactly what each would change (before -> after). It does not approve anything: only the merchant approves, in the app.",
  capability: "security",
  input: z.object({
    status: z
      .enum(["pending", "applied", "failed", "denied", "reverted"])
      .default("pending")
      .describe("Which actions to list"),
    limit: z.number().int().min(1).max(100).default(20).describe("At most this many, newest first"),
    cursor: z.string().optional().describe("nextCursor from a previous page"),
  }),
  output: z.object({
    actions: z.array(
      z.object({
        id: z.string(),
        kind: z.string(),
        status: z.string(),
        summary: z.string(),
        itemCount: z.number(),
        changes: z.array(z.string()),
        proposedBy: z.string(),
        createdAt: z.string(),
      }),
    ),
    nextCursor: z.string().nullable(),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true },
  changesStore: false,
  async handler(ctx, input) {
    const rows = await ctx.db.action.findMany({
      where: { shop: ctx.shop, status: input.status },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: input.limit + 1,
      ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    });
    const page = rows.slice(0, input.limit);
    return ok({
      actions: page
        .map((a) => ({ ...toProposed(a), proposedBy: a.proposedBy, createdAt: a.createdAt.toISOString() }))
        .map(({ before: _b, after: _a, ...rest }) => rest),
      nextCursor: rows.length > input.limit ? page[page.length - 1].id : null,
    });
  },
});

const sideOutput = z.object({
  days: z.number().describe("Days of sales data this side covers"),
  orders: z.number(),
  units: z.number(),
  revenue: z.number(),
  margin: z.number().nullable().describe("Revenue minus unit cost; null when a variant has no unit cost"),
  perDay: z.object({
    orders: z.number(),
    units: z.number(),
    revenue: z.number(),
    margin: z.number().nullable(),
  }),
});

export const getChangeOutcomes = defineTool({
  name: "get_change_outcomes",
  title: "How applied changes did",
  description:
    "Shows how applied store changes did: for each applied (or since reverted) price change, stock correction or discount code, the affected products' orders, units, revenue and margin per day before and after the change over equal windows (a discount: the shop's orders and revenue, and the orders that used the code with the discount given), how many days of data each side has, and a verdict with an honest note when it is too early or there are too few orders to tell. Use it for questions like 'how did the price change do?'. Read-only.",
  capability: "pricing",
  input: z.object({
    actionId: z.string().optional().describe("One change; omit for the most recent ones"),
    kind: z
      .enum(MEASURED_KINDS)
      .optional()
      .describe(
        "Only price changes (price.update), stock corrections (inventory.set) or discount codes (discount.create)",
      ),
    limit: z.number().int().min(1).max(20).default(5).describe("At most this many changes, newest first"),
  }),
  output: z.object({
    outcomes: z.array(
      z.object({
        actionId: z.string(),
        kind: z.string(),
        summary: z.string(),
        status: z.string(),
        appliedAt: z.string(),
        subject: z.string().describe("The affected products or the discount code"),
        windowDays: z.number().describe("Length of each window in days"),
        daysSinceChange: z.number(),
        before: sideOutput,
        after: sideOutput,
        code: z
          .object({ code: z.string(), orders: z.number(), revenue: z.number(), discountGiven: z.number() })
          .nullable(),
        verdict: z.enum(["too_early", "too_few_orders", "better", "worse", "about_the_same"]),
        note: z.string().describe("One line for the merchant"),
      }),
    ),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true },
  changesStore: false,
  async handler(ctx, input) {
    const outcomes = await recentOutcomes(ctx.db, ctx.shop, ctx.now(), {
      actionId: input.actionId,
      kinds: input.kind ? [input.kind] : undefined,
      limit: input.limit,
    });
    if (input.actionId && outcomes.length === 0) {
      const action = await ctx.db.action.findFirst({ where: { id: input.actionId, shop: ctx.shop } });
      if (!action) return fail("not_found", `No change ${input.actionId} in this shop.`);
      return fail(
        "conflict",
        `That change (${action.summary}) is ${action.status}; only applied price changes, stock corrections and discount codes have an outcome.`,
      );
    }
    return ok({ outcomes });
  },
});
