// OrderFulfillmentAgent's tools: fraud risk with each factor's contribution, and holds on risky
// fulfillment orders through the approval path (revert releases the hold).
import { searchTerm } from "../shopify/search";
import { z } from "zod";
import { proposalOutput, proposalResult, proposeAction } from "../actions/actions";
import { dialect, num, selectRows } from "../analytics/sql";
import type { ToolContext } from "../core/context";
import { fail, ok } from "../core/result";
import { defineTool } from "../core/tool";
import { DEFAULT_RISK_THRESHOLDS, scoreOrderRisk } from "./risk";
import { readSettings } from "../settings";

/** The merchant's hold score from Settings; review starts no later than hold does. */
const holdThresholds = (holdAt: number) => ({ holdAt, reviewAt: Math.min(DEFAULT_RISK_THRESHOLDS.reviewAt, holdAt) });
import { routeOrder } from "./routing";
import { loadCatalog } from "../data/catalog";
import type { ResultOf } from "../shopify/admin-client";
import { DAY_MS } from "../core/time";

const ORDER_FOR_RISK = /* GraphQL */ `#graphql
  query RiskOrderByName($query: String!) {
    orders(first: 1, query: $query) {
      nodes {
        id
        name
        createdAt
        email
        totalPriceSet { shopMoney { amount } }
        customer { id numberOfOrders }
        billingAddress { countryCodeV2 zip }
        shippingAddress { countryCodeV2 zip }
        lineItems(first: 50) { nodes { sku quantity } }
        shippingLines(first: 5) { nodes { title } }
        risk { assessments { riskLevel facts { description sentiment } } }
        fulfillmentOrders(first: 5) { nodes { id status } }
      }
    }
  }
`;

type RiskOrderNode = ResultOf<typeof ORDER_FOR_RISK>["orders"]["nodes"][number];

const numericId = (gid: string) => gid.split("/").pop()!;

async function findOrder(ctx: ToolContext, orderName: string) {
  const name = orderName.startsWith("#") ? orderName : `#${orderName}`;
  // Quoted: a name with spaces, quotes or OR in it is one literal value (agents/shopify/search.ts).
  const data = await ctx.admin.graphql(ORDER_FOR_RISK, { query: searchTerm("name", name) });
  return data.orders.nodes.find((o) => o.name === name) ?? null;
}

async function shopContext(ctx: ToolContext, order: RiskOrderNode) {
  const since = new Date(Date.parse(order.createdAt) - 90 * DAY_MS);
  // The average order and each SKU's usual quantity are aggregates over a quarter of orders and
  // every line item of the SKUs (no index on sku): read through selectRows, which on SQLite runs
  // them on the reader thread (ADR 0029), not on the event loop (2 s at a million orders).
  const d = dialect();
  const [totals] = await selectRows<{ avg: number | null }>(
    ctx.db,
    `SELECT AVG("total") AS "avg" FROM "MirrorOrder" WHERE "shop" = ${d.lit(ctx.shop)} AND "createdAt" >= ${d.lit(since)}`,
  );
  const recent = await ctx.db.mirrorOrder.findMany({
    where: {
      shop: ctx.shop,
      createdAt: { gte: new Date(Date.parse(order.createdAt) - DAY_MS), lte: new Date(order.createdAt) },
    },
    select: { id: true, createdAt: true, customerId: true, email: true },
    take: 5_000,
  });
  const skus = order.lineItems.nodes.map((l) => l.sku).filter((s): s is string => Boolean(s));
  const typical = skus.length
    ? await selectRows<{ sku: string | null; avg: number | null }>(
        ctx.db,
        `SELECT "sku" AS "sku", AVG("quantity") AS "avg" FROM "MirrorLineItem"
         WHERE "shop" = ${d.lit(ctx.shop)} AND "sku" IN (${skus.map((sku) => d.lit(sku)).join(", ")}) GROUP BY "sku"`,
      )
    : [];
  return {
    shopAov: totals?.avg == null ? Number(order.totalPriceSet.shopMoney.amount) : num(totals.avg),
    typicalQuantityBySku: Object.fromEntries(
      typical.filter((t) => t.sku).map((t) => [t.sku!, t.avg === null ? 1 : num(t.avg)]),
    ),
    recentOrders: recent.map((o) => ({
      id: o.id,
      createdAt: o.createdAt.toISOString(),
      customerId: o.customerId,
      email: o.email,
    })),
  };
}

export const scoreOrderRiskTool = defineTool({
  name: "score_order_risk",
  title: "Score an order's fraud risk",
  description:
    "Scores an order's fraud risk from 0 to 100 from Shopify's risk assessments plus our rules (high-value first order, billing/shipping mismatch, orders per customer or email in 24 h, unusual quantities, new customer with expedited shipping, disposable email), listing each factor's contribution and evidence, and recommends fulfil, review or hold. Read-only: use propose_fulfillment_hold to hold it.",
  capability: "fulfillment",
  input: z.object({
    orderName: z.string().min(1).max(40).describe('The order name as the merchant sees it, e.g. "#1042"'),
  }),
  output: z.object({
    order: z.string(),
    score: z.number(),
    level: z.string(),
    recommendation: z.object({ action: z.string(), reason: z.string() }),
    factors: z.array(
      z.object({
        id: z.string(),
        fired: z.boolean(),
        points: z.number(),
        contribution: z.number(),
        evidence: z.string(),
      }),
    ),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true },
  changesStore: false,
  async handler(ctx, input) {
    const order = await findOrder(ctx, input.orderName);
    if (!order)
      return fail(
        "not_found",
        `No order named ${input.orderName}.`,
        'Use the order name shown in Shopify, e.g. "#1042".',
      );
    const risk = scoreOrderRisk(
      {
        id: numericId(order.id),
        createdAt: order.createdAt,
        customerId: order.customer ? numericId(order.customer.id) : null,
        email: order.email,
        totalPrice: Number(order.totalPriceSet.shopMoney.amount),
        previousOrders: order.customer ? Math.max(0, Number(order.customer.numberOfOrders) - 1) : 0,
        billingAddress: order.billingAddress
          ? { countryCode: order.billingAddress.countryCodeV2, zip: order.billingAddress.zip }
          : null,
        shippingAddress: order.shippingAddress
          ? { countryCode: order.shippingAddress.countryCodeV2, zip: order.shippingAddress.zip }
          : null,
        lineItems: order.lineItems.nodes.map((l) => ({ sku: l.sku ?? "", quantity: l.quantity })),
        shippingTitles: order.shippingLines.nodes.map((s) => s.title),
        riskAssessments: order.risk?.assessments ?? [],
      },
      await shopContext(ctx, order),
      { thresholds: holdThresholds((await readSettings(ctx.db, ctx.shop)).fraudHoldAt) },
    );
    return ok({
      order: order.name,
      score: risk.score,
      level: risk.level,
      recommendation: risk.recommendation,
      factors: risk.factors.map((f) => ({
        id: f.id,
        fired: f.fired,
        points: f.points,
        contribution: Math.round(f.contribution * 10) / 10,
        evidence: f.evidence,
      })),
    });
  },
});

export const proposeFulfillmentHold = defineTool({
  name: "propose_fulfillment_hold",
  title: "Propose holding an order's fulfillment",
  description:
    "Proposes putting an order's open fulfillment orders on hold (e.g. high fraud risk) or releasing a hold. It does NOT hold anything itself: it creates a pending change that the merchant approves in the app; an applied hold can be reverted (released).",
  capability: "fulfillment",
  input: z.object({
    orderName: z.string().min(1).max(40).describe('The order name, e.g. "#1042"'),
    hold: z.boolean().default(true).describe("true to hold, false to release an existing hold"),
    reason: z
      .enum(["HIGH_RISK_OF_FRAUD", "AWAITING_PAYMENT", "INCORRECT_ADDRESS", "INVENTORY_OUT_OF_STOCK", "OTHER"])
      .default("HIGH_RISK_OF_FRAUD")
      .describe("Shopify's hold reason"),
    note: z.string().max(300).optional().describe("A note for the merchant's staff"),
  }),
  output: proposalOutput,
  annotations: { readOnly: false, destructive: false, idempotent: false },
  changesStore: true,
  async handler(ctx, input) {
    const order = await findOrder(ctx, input.orderName);
    if (!order)
      return fail(
        "not_found",
        `No order named ${input.orderName}.`,
        'Use the order name shown in Shopify, e.g. "#1042".',
      );
    const target = order.fulfillmentOrders.nodes.find((f) =>
      input.hold ? f.status === "OPEN" : f.status === "ON_HOLD",
    );
    if (!target)
      return fail(
        "conflict",
        `${order.name} has no ${input.hold ? "open" : "held"} fulfillment order.`,
        input.hold ? "It may be fulfilled or already on hold." : "Nothing to release.",
      );
    const proposed = await proposeAction(ctx, {
      kind: "fulfillment.hold",
      tool: "propose_fulfillment_hold",
      summary: `${input.hold ? "Hold" : "Release"} fulfillment of ${order.name}${input.note ? `: ${input.note}` : ""}`,
      after: {
        fulfillmentOrderId: numericId(target.id),
        orderName: order.name,
        held: input.hold,
        reason: input.reason,
        reasonNotes: input.note,
      },
    });
    if (!proposed.ok) return proposed;
    return ok(proposalResult(proposed.data));
  },
});

export const suggestOrderRouting = defineTool({
  name: "suggest_order_routing",
  title: "Suggest where to fulfil an order",
  description:
    "Suggests which location(s) should fulfil an order from the synced stock per location: one location that holds everything when possible, else the fewest splits, with any shortfall per SKU. Read-only: it does not move fulfillment orders.",
  capability: "fulfillment",
  input: z.object({ orderName: z.string().min(1).max(40).describe('The order name, e.g. "#1042"') }),
  output: z.object({
    order: z.string(),
    complete: z.boolean(),
    strategy: z.string(),
    splits: z.number(),
    reason: z.string(),
    assignments: z.array(
      z.object({ locationId: z.string(), items: z.array(z.object({ sku: z.string(), quantity: z.number() })) }),
    ),
    shortfall: z.array(
      z.object({ sku: z.string(), requested: z.number(), available: z.number(), missing: z.number() }),
    ),
  }),
  annotations: { readOnly: true, destructive: false, idempotent: true },
  changesStore: false,
  async handler(ctx, input) {
    const name = input.orderName.startsWith("#") ? input.orderName : `#${input.orderName}`;
    const order = await ctx.db.mirrorOrder.findFirst({ where: { shop: ctx.shop, name } });
    if (!order)
      return fail("not_found", `No synced order named ${name}.`, 'Use the order name shown in Shopify, e.g. "#1042".');
    const lines = (await ctx.db.mirrorLineItem.findMany({ where: { shop: ctx.shop, orderId: order.id } })).filter(
      (l) => l.sku,
    );
    if (lines.length === 0) return fail("insufficient_data", `${name} has no line items with a SKU to route.`);
    const catalog = await loadCatalog(ctx.db, ctx.shop, { skus: [...new Set(lines.map((l) => l.sku!))] });
    const stock = new Map<string, Record<string, number>>();
    for (const variant of catalog) {
      for (const level of variant.stockByLocation) {
        const at = stock.get(level.locationId) ?? {};
        at[variant.sku!] = Math.max(0, level.available);
        stock.set(level.locationId, at);
      }
    }
    const plan = routeOrder(
      lines.map((l) => ({ sku: l.sku!, quantity: l.quantity })),
      [...stock.entries()].map(([id, s]) => ({ id, stock: s })),
    );
    return ok({
      order: name,
      complete: plan.complete,
      strategy: plan.strategy,
      splits: plan.splits,
      reason: plan.reason,
      assignments: plan.assignments.map((a) => ({ locationId: a.locationId, items: a.items })),
      shortfall: plan.shortfall,
    });
  },
});
