// The inventory-forecasting agent: every morning, stockout risks and purchase orders, with an alert
// per variant that runs out within the lead time (resolved automatically once it no longer does).
import { z } from "zod";
import { toolContext, type AgentDeps } from "../ops/jobs";
import { defineAgent } from "../runtime/agents";
import { toolRegistry } from "../tools";
import { raiseStockoutAlerts, resolveClearedStockouts } from "./alerts";
import { forecastDemand, getStockoutRisks, suggestPurchaseOrder } from "./tools";

/** Variants ranked per run (the tool's maximum): one alert each at most. */
const RISK_LIMIT = 100;

export function inventoryForecastingAgent(deps: AgentDeps) {
  return defineAgent({
    name: "inventory-forecasting",
    title: "Inventory forecasting",
    description:
      "Forecasts demand per variant, ranks stockout risks and suggests purchase orders per vendor; raises an alert per variant that runs out within the lead time and resolves it once restocked.",
    capabilities: ["inventory", "forecasting"],
    tools: [getStockoutRisks.name, suggestPurchaseOrder.name, forecastDemand.name],
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
      const risks = await toolRegistry.run(tools, getStockoutRisks, {
        withinDays: input.leadTimeDays,
        limit: RISK_LIMIT,
      });
      if (!risks.ok) return { skipped: risks.message };
      await ctx.progress(50, "suggesting purchase orders");
      const plan = await toolRegistry.run(tools, suggestPurchaseOrder, {
        leadTimeDays: input.leadTimeDays,
        serviceLevel: input.serviceLevel,
      });
      const atRisk = risks.data.risks;
      const raised = await raiseStockoutAlerts(ctx.db, ctx.shop, ctx.now(), atRisk, input.leadTimeDays);
      const resolved = await resolveClearedStockouts(ctx.db, ctx.shop, ctx.now(), {
        atRisk: atRisk.map((r) => r.variantId),
        complete: atRisk.length < RISK_LIMIT,
        leadTimeDays: input.leadTimeDays,
      });
      return {
        atRisk: risks.data.risks.length,
        alerts: { raised, resolved },
        soonest: risks.data.risks.slice(0, 5),
        purchaseOrders: plan.ok ? plan.data.orders : [],
        purchaseOrderError: plan.ok ? null : plan.message,
      };
    },
  });
}
