// The inventory-forecasting agent: every morning, stockout risks and purchase orders, with an alert
// for variants that run out within the lead time.
import { z } from "zod";
import { raiseAlert } from "../ops/alerts";
import { toolContext, type AgentDeps } from "../ops/jobs";
import { defineAgent } from "../runtime/agents";
import { toolRegistry } from "../tools";
import { forecastDemand, getStockoutRisks, suggestPurchaseOrder } from "./tools";

export function inventoryForecastingAgent(deps: AgentDeps) {
  return defineAgent({
    name: "inventory-forecasting",
    title: "Inventory forecasting",
    description:
      "Forecasts demand per variant, ranks stockout risks and suggests purchase orders per vendor; raises an alert for variants that run out within the lead time.",
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
      const risks = await toolRegistry.run(tools, getStockoutRisks, { withinDays: input.leadTimeDays, limit: 50 });
      if (!risks.ok) return { skipped: risks.message };
      await ctx.progress(50, "suggesting purchase orders");
      const plan = await toolRegistry.run(tools, suggestPurchaseOrder, {
        leadTimeDays: input.leadTimeDays,
        serviceLevel: input.serviceLevel,
      });
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
}
