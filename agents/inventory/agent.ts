// The inventory-forecasting agent: every morning, stockout risks and purchase orders, with an alert
// per variant that runs out within the lead time (resolved automatically once it no longer does).
import { z } from "zod";
import { loadCatalog } from "../data/catalog";
import { recordRunFindings } from "../findings/kind";
import { toolContext, type AgentDeps } from "../ops/jobs";
import { defineAgent } from "../runtime/agents";
import { toolRegistry } from "../tools";
import { raiseStockoutAlerts, resolveClearedStockouts } from "./alerts";
import { inventorySummary, reorderFindings, reorderLine, stockoutFindings, stockoutRisk } from "./findings";
import { forecastDemand, getStockoutRisks, suggestPurchaseOrder } from "./tools";

/** Variants ranked per run (the tool's maximum): every one is recorded as a finding. */
const RISK_LIMIT = 2_000;
/** The soonest variants get an alert each (the dashboard's and Security's list stays short). */
const ALERT_LIMIT = 100;

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
        // Every risk it finds is recorded; the worklist pages them.
        limit: RISK_LIMIT,
      });
      if (!risks.ok) return { skipped: risks.message };
      await ctx.progress(50, "suggesting purchase orders");
      const plan = await toolRegistry.run(tools, suggestPurchaseOrder, {
        leadTimeDays: input.leadTimeDays,
        serviceLevel: input.serviceLevel,
      });
      const atRisk = risks.data.risks;
      // Alerts for the soonest ones only (the worklist lists them all).
      const raised = await raiseStockoutAlerts(
        ctx.db,
        ctx.shop,
        ctx.now(),
        atRisk.slice(0, ALERT_LIMIT),
        input.leadTimeDays,
      );
      const resolved = await resolveClearedStockouts(ctx.db, ctx.shop, ctx.now(), {
        atRisk: atRisk.map((r) => r.variantId),
        complete: atRisk.length < RISK_LIMIT,
        leadTimeDays: input.leadTimeDays,
      });
      await ctx.progress(85, "recording what it found");
      const orders = plan.ok ? plan.data.orders : [];
      const catalog = await loadCatalog(ctx.db, ctx.shop);
      // Without a plan the reorder lines it recorded before stay as they are (not "no longer found").
      await recordRunFindings(ctx, "inventory-forecasting", plan.ok ? [stockoutRisk, reorderLine] : [stockoutRisk], [
        ...stockoutFindings(risks.data.risks),
        ...reorderFindings(orders, catalog),
      ]);
      return {
        summary: inventorySummary(risks.data.risks.length, input.leadTimeDays, orders),
        atRisk: risks.data.risks.length,
        alerts: { raised, resolved },
        soonest: risks.data.risks.slice(0, 5),
        purchaseOrders: plan.ok ? plan.data.orders : [],
        purchaseOrderError: plan.ok ? null : plan.message,
      };
    },
  });
}
