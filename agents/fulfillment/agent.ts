// The order-fulfillment agent: every hour, the fraud risk of recent orders, with an alert for each
// order it would hold (holds themselves go through approval).
import { z } from "zod";
import { raiseAlert } from "../ops/alerts";
import { HOUR_MS } from "../core/time";
import { inChunks } from "../db/chunk";
import { recordRunFindings } from "../findings/kind";
import type { FoundItem } from "../findings/store";
import { toolContext, type AgentDeps } from "../ops/jobs";
import { defineAgent } from "../runtime/agents";
import { toolRegistry } from "../tools";
import { fulfillmentSummary, riskyOrder, riskyOrderFinding } from "./findings";
import { proposeFulfillmentHold, scoreOrderRiskTool } from "./tools";

export function orderFulfillmentAgent(deps: AgentDeps) {
  return defineAgent({
    name: "order-fulfillment",
    title: "Order fulfillment and fraud",
    description:
      "Scores the fraud risk of recent orders from Shopify's assessments and our rules, and raises an alert for each order it would hold; holds themselves go through approval.",
    capabilities: ["fulfillment", "fraud"],
    tools: [scoreOrderRiskTool.name, proposeFulfillmentHold.name],
    schedule: { every: HOUR_MS },
    input: z
      .object({
        hours: z.number().int().min(1).max(168).default(24),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    async run(ctx, input) {
      const tools = await toolContext(ctx, deps, "order-fulfillment");
      const newest = await ctx.db.mirrorOrder.findFirst({
        where: { shop: ctx.shop },
        orderBy: { createdAt: "desc" },
        select: { createdAt: true },
      });
      if (!newest) return { summary: "No orders are synced yet", scored: 0, skipped: "no synced orders" };
      const orders = await ctx.db.mirrorOrder.findMany({
        where: {
          shop: ctx.shop,
          cancelledAt: null,
          createdAt: { gte: new Date(newest.createdAt.getTime() - input.hours * HOUR_MS) },
        },
        orderBy: { createdAt: "desc" },
        take: input.limit,
        select: { id: true, name: true },
      });
      // Orders flagged before and still open are scored again even when they left the window, so
      // they stay on the worklist while risky and resolve only when they no longer are.
      const flagged = await ctx.db.finding.findMany({
        where: { shop: ctx.shop, kind: riskyOrder.kind, status: { in: ["open", "snoozed"] } },
        select: { subject: true },
      });
      const recent = new Set(orders.map((o) => o.name));
      const older = flagged.map((f) => f.subject.replace(/^order:/, "")).filter((name) => !recent.has(name));
      if (older.length)
        orders.push(
          ...(await inChunks(older, (chunk) =>
            ctx.db.mirrorOrder.findMany({
              where: { shop: ctx.shop, name: { in: chunk } },
              select: { id: true, name: true },
            }),
          )),
        );
      let held = 0;
      const risky: FoundItem[] = [];
      for (const [i, order] of orders.entries()) {
        if (ctx.signal.aborted) throw new Error("cancelled");
        const risk = await toolRegistry.run(tools, scoreOrderRiskTool, { orderName: order.name });
        if (risk.ok && risk.data.recommendation.action === "hold") {
          held++;
          risky.push(riskyOrderFinding(risk.data));
          await raiseAlert(ctx.db, ctx.shop, {
            kind: "risky_order",
            severity: "critical",
            title: `Order ${risk.data.order} scored ${risk.data.score}/100 fraud risk`,
            details: {
              order: risk.data.order,
              orderId: order.id, // links the alert to the order in Shopify's admin
              score: risk.data.score,
              reason: risk.data.recommendation.reason,
              factors: risk.data.factors.filter((f) => f.fired),
            },
            dedupeKey: `risk:${risk.data.order}`,
            raisedAt: ctx.now(),
          });
        }
        if (i % 10 === 0)
          await ctx.progress(Math.round(((i + 1) / orders.length) * 100), `scored ${i + 1} of ${orders.length} orders`);
      }
      await recordRunFindings(ctx, "order-fulfillment", [riskyOrder], risky);
      return { summary: fulfillmentSummary(orders.length, held), scored: orders.length, flaggedForHold: held };
    },
  });
}
