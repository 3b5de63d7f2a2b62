// The operations agents the worker runs: each is a job over the registry's tools (or the sync),
// with a schedule, and it raises alerts for the Security module and the dashboard.
import { z } from "zod";
import type { Actor, ToolContext } from "../core/context";
import { syncStore } from "../mirror/sync";
import { DETECTOR_NAMES, runSecurityMonitor } from "../security/monitor";
import { defineAgent, type AgentJobContext, type AnyAgent } from "../runtime/agents";
import type { AdminClient } from "../shopify/admin-client";
import { toolRegistry } from "../tools";
import { raiseAlert } from "./alerts";

export interface OperationsDeps {
  /** The Admin API client for a shop (the emulator in local mode, the offline session otherwise). */
  adminFor(shop: string): Promise<AdminClient>;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function toolContext(ctx: AgentJobContext, deps: OperationsDeps, agent: string): Promise<ToolContext> {
  const actor: Actor = { kind: "schedule", id: agent };
  return { shop: ctx.shop, db: ctx.db, admin: await deps.adminFor(ctx.shop), logger: ctx.logger, actor, now: ctx.now };
}

/** Calls a tool and returns its data; an expected failure (e.g. too little data) ends the run with it. */
async function useTool<T>(
  tools: ToolContext,
  name: string,
  input: unknown,
): Promise<{ ok: true; data: T } | { ok: false; code: string; message: string }> {
  const result = await toolRegistry.call(tools, name, input);
  return result.ok ? { ok: true, data: result.data as T } : { ok: false, code: result.code, message: result.message };
}

export function operationsAgents(deps: OperationsDeps): AnyAgent[] {
  const storeSync = defineAgent({
    name: "store-sync",
    title: "Store sync",
    description:
      "Copies products, variants, inventory, orders, refunds and customers into the store mirror with bulk operations; webhooks keep it current between syncs.",
    capabilities: ["sync"],
    tools: [],
    schedule: { every: DAY },
    attempts: 2,
    input: z.object({ mode: z.enum(["bulk", "paged"]).default("bulk") }).strict(),
    async run(ctx, input) {
      const admin = await deps.adminFor(ctx.shop);
      const phases = 3;
      let done = 0;
      const result = await syncStore(
        { db: ctx.db, admin, shop: ctx.shop, logger: ctx.logger },
        (p) => {
          if (p.stage === "done") done++;
          void ctx.progress(Math.min(99, Math.round((done / phases) * 100)), `${p.phase}: ${p.stage} (${p.rows} rows)`);
        },
        { mode: input.mode },
      );
      return { rows: result.rows, counts: result.counts, durationMs: result.durationMs };
    },
  });

  const inventoryForecasting = defineAgent({
    name: "inventory-forecasting",
    title: "Inventory forecasting",
    description:
      "Forecasts demand per variant, ranks stockout risks and suggests purchase orders per vendor; raises an alert for variants that run out within the lead time.",
    capabilities: ["inventory", "forecasting"],
    tools: ["get_stockout_risks", "suggest_purchase_order", "forecast_demand"],
    schedule: { pattern: "0 6 * * *" },
    input: z
      .object({
        leadTimeDays: z.number().int().min(0).max(120).default(14),
        serviceLevel: z.number().min(0.5).max(0.999).default(0.95),
      })
      .strict(),
    async run(ctx, input) {
      const tools = await toolContext(ctx, deps, "inventory-forecasting");
      await ctx.progress(10, "ranking stockout risks");
      const risks = await useTool<{
        risks: { sku: string | null; daysOfCover: number; stockoutDate: string | null }[];
      }>(tools, "get_stockout_risks", { withinDays: input.leadTimeDays, limit: 50 });
      if (!risks.ok) return { skipped: risks.message };
      await ctx.progress(50, "suggesting purchase orders");
      const plan = await useTool<{ orders: { vendor: string; totalUnits: number; totalCost: number }[] }>(
        tools,
        "suggest_purchase_order",
        { leadTimeDays: input.leadTimeDays, serviceLevel: input.serviceLevel },
      );
      if (risks.data.risks.length > 0) {
        await raiseAlert(ctx.db, ctx.shop, {
          kind: "stockout_risk",
          severity: "warning",
          title: `${risks.data.risks.length} variant(s) may run out within ${input.leadTimeDays} days`,
          details: { risks: risks.data.risks.slice(0, 10) },
          dedupeKey: `stockout:${ctx.now().toISOString().slice(0, 10)}`,
          raisedAt: ctx.now(),
        });
      }
      return {
        atRisk: risks.data.risks.length,
        soonest: risks.data.risks.slice(0, 5),
        purchaseOrders: plan.ok ? plan.data.orders : [],
        purchaseOrderError: plan.ok ? null : plan.message,
      };
    },
  });

  const pricingOptimizer = defineAgent({
    name: "pricing-optimizer",
    title: "Pricing optimizer",
    description:
      "Estimates price elasticity per variant from the shop's own history and suggests profit-raising prices within margin floors; suggestions are applied only through proposals the merchant approves.",
    capabilities: ["pricing"],
    tools: ["suggest_price_changes", "propose_price_change"],
    schedule: { pattern: "0 7 * * 1" },
    input: z
      .object({
        minMargin: z.number().min(0).max(0.95).default(0.2),
        maxChangePct: z.number().min(0.01).max(0.5).default(0.1),
      })
      .strict(),
    async run(ctx, input) {
      const tools = await toolContext(ctx, deps, "pricing-optimizer");
      await ctx.progress(20, "estimating elasticities");
      const result = await useTool<{
        suggestions: { sku: string | null; proposedPrice: number; profitPerDay: { before: number; after: number } }[];
      }>(tools, "suggest_price_changes", { ...input, limit: 20 });
      if (!result.ok) return { skipped: result.message };
      const uplift = result.data.suggestions.reduce((s, x) => s + x.profitPerDay.after - x.profitPerDay.before, 0);
      return {
        suggestions: result.data.suggestions.length,
        expectedProfitUpliftPerDay: Math.round(uplift * 100) / 100,
        top: result.data.suggestions.slice(0, 5),
      };
    },
  });

  const productResearch = defineAgent({
    name: "product-research",
    title: "Product research",
    description:
      "Finds rising and falling products with a significance test, products bought together, and dead stock.",
    capabilities: ["research"],
    tools: ["find_trending_products", "find_product_bundles", "find_dead_stock"],
    schedule: { pattern: "0 8 * * 1" },
    input: z.object({ weeks: z.number().int().min(6).max(104).default(12) }).strict(),
    async run(ctx, input) {
      const tools = await toolContext(ctx, deps, "product-research");
      await ctx.progress(10, "testing sales trends");
      const trends = await useTool<{ rising: unknown[]; falling: unknown[] }>(tools, "find_trending_products", {
        weeks: input.weeks,
      });
      await ctx.progress(45, "finding bundles");
      const bundles = await useTool<{ pairs: unknown[] }>(tools, "find_product_bundles", {});
      await ctx.progress(75, "finding dead stock");
      const dead = await useTool<{ deadUnits: number; deadValueAtCost: number }>(tools, "find_dead_stock", {});
      return {
        rising: trends.ok ? trends.data.rising.length : null,
        falling: trends.ok ? trends.data.falling.length : null,
        bundles: bundles.ok ? bundles.data.pairs.length : null,
        deadUnits: dead.ok ? dead.data.deadUnits : null,
        deadValueAtCost: dead.ok ? dead.data.deadValueAtCost : null,
        notes: [trends, bundles, dead].filter((r) => !r.ok).map((r) => (r.ok ? "" : r.message)),
      };
    },
  });

  const orderFulfillment = defineAgent({
    name: "order-fulfillment",
    title: "Order fulfillment and fraud",
    description:
      "Scores the fraud risk of recent orders from Shopify's assessments and our rules, and raises an alert for each order it would hold; holds themselves go through approval.",
    capabilities: ["fulfillment", "fraud"],
    tools: ["score_order_risk", "propose_fulfillment_hold"],
    schedule: { every: HOUR },
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
      if (!newest) return { scored: 0, skipped: "no synced orders" };
      const orders = await ctx.db.mirrorOrder.findMany({
        where: {
          shop: ctx.shop,
          cancelledAt: null,
          createdAt: { gte: new Date(newest.createdAt.getTime() - input.hours * HOUR) },
        },
        orderBy: { createdAt: "desc" },
        take: input.limit,
        select: { name: true },
      });
      let held = 0;
      for (const [i, order] of orders.entries()) {
        if (ctx.signal.aborted) throw new Error("cancelled");
        const risk = await useTool<{
          order: string;
          score: number;
          level: string;
          recommendation: { action: string; reason: string };
          factors: { id: string; fired: boolean; contribution: number }[];
        }>(tools, "score_order_risk", { orderName: order.name });
        if (risk.ok && risk.data.recommendation.action === "hold") {
          held++;
          await raiseAlert(ctx.db, ctx.shop, {
            kind: "risky_order",
            severity: "critical",
            title: `Order ${risk.data.order} scored ${risk.data.score}/100 fraud risk`,
            details: {
              order: risk.data.order,
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
      return { scored: orders.length, flaggedForHold: held };
    },
  });

  const financeMonitor = defineAgent({
    name: "finance-monitor",
    title: "Finance monitor",
    description:
      "Watches daily revenue for anomalies after removing the weekly pattern and trend, and raises an alert for each unusual day.",
    capabilities: ["finance"],
    tools: ["detect_revenue_anomalies", "get_sales_summary"],
    schedule: { pattern: "30 6 * * *" },
    input: z.object({ days: z.number().int().min(28).max(730).default(90) }).strict(),
    async run(ctx, input) {
      const tools = await toolContext(ctx, deps, "finance-monitor");
      const result = await useTool<{
        alerts: { date: string; direction: string; revenue: number; expected: number; z: number }[];
      }>(tools, "detect_revenue_anomalies", { days: input.days });
      if (!result.ok) return { skipped: result.message };
      for (const alert of result.data.alerts) {
        await raiseAlert(ctx.db, ctx.shop, {
          kind: "revenue_anomaly",
          severity: "warning",
          title: `Revenue ${alert.direction} on ${alert.date}: ${alert.revenue.toFixed(2)} vs ${alert.expected.toFixed(2)} expected`,
          details: alert,
          dedupeKey: `revenue:${alert.date}`,
          raisedAt: ctx.now(),
        });
      }
      return { anomalies: result.data.alerts.length, alerts: result.data.alerts };
    },
  });

  const securityMonitor = defineAgent({
    name: "security-monitor",
    title: "Security monitor",
    description:
      "Every 10 minutes: alerts on risky orders in the mirror, failing webhooks, repeated failed MCP sign-ins and unusual bursts of store changes, and on failing configuration checks; webhook and configuration alerts resolve once they clear.",
    capabilities: ["security"],
    tools: ["list_alerts", "explain_alert", "get_security_scan"],
    schedule: { every: 10 * 60_000 },
    attempts: 2,
    input: z.object({ detectors: z.array(z.enum(DETECTOR_NAMES)).min(1).optional() }).strict(),
    async run(ctx, input) {
      const report = await runSecurityMonitor(ctx.db, ctx.shop, ctx.now(), {
        env: process.env,
        detectors: input.detectors,
        progress: (percent, message) => ctx.progress(percent, message),
      });
      return {
        raised:
          report.detectors.reduce((s, d) => s + d.raised.filter((r) => r.created).length, 0) +
          report.configuration.raised,
        detectors: report.detectors.map((d) => ({
          detector: d.detector,
          examined: d.examined,
          raised: d.raised.length,
          newAlerts: d.raised.filter((r) => r.created).length,
          resolved: d.resolved,
          note: d.note,
        })),
        configuration: report.configuration,
      };
    },
  });

  return [
    storeSync,
    inventoryForecasting,
    pricingOptimizer,
    productResearch,
    orderFulfillment,
    financeMonitor,
    securityMonitor,
  ];
}
