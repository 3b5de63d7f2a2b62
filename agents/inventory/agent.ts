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
import { forecastSoldVariants } from "./forecasts";
import { DIRECT_FORECAST_LIMIT, forecastDemand, getStockoutRisks, suggestPurchaseOrder } from "./tools";
import { vendorTerms } from "../purchasing/vendors";

/** Risks recorded as findings per run, soonest first (the summary counts them all). */
const RISK_LIMIT = 2_000;
/** suggest_purchase_order's review period (its default): the stored forecasts cover lead + review. */
const REVIEW_DAYS = 7;
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
      // Every sold variant of a big catalog, forecast once in chunks and stored: the two tools below
      // (and every later question) rank and plan from these rows (ADR 0048). Long enough for the
      // longest saved vendor lead time plus the review period.
      const leads = [...(await vendorTerms(ctx.db, ctx.shop)).values()].map((v) => v.leadTimeDays ?? 0);
      const longestLead = Math.max(input.leadTimeDays, ...leads);
      await ctx.progress(5, "forecasting every sold variant");
      const forecasts = await forecastSoldVariants(ctx.db, ctx.shop, {
        now: ctx.now(),
        horizon: Math.min(180, Math.max(28, longestLead + REVIEW_DAYS + 1)),
        runId: ctx.runId,
        signal: ctx.signal,
        storeAbove: DIRECT_FORECAST_LIMIT,
        onChunk: (done, total) =>
          ctx.progress(
            5 + Math.floor((55 * done) / total),
            `forecast ${done.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} sold variants`,
          ),
      });
      await ctx.progress(60, "ranking stockout risks");
      const risks = await toolRegistry.run(tools, getStockoutRisks, {
        withinDays: input.leadTimeDays,
        // Every risk it finds is recorded; the worklist pages them.
        limit: RISK_LIMIT,
      });
      if (!risks.ok) return { skipped: risks.message };
      await ctx.progress(75, "suggesting purchase orders");
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
        complete: atRisk.length === risks.data.total,
        leadTimeDays: input.leadTimeDays,
      });
      await ctx.progress(85, "recording what it found");
      const orders = plan.ok ? plan.data.orders : [];
      const catalog = await loadCatalog(ctx.db, ctx.shop);
      // Without a plan the reorder lines it recorded before stay as they are (not "no longer found").
      await recordRunFindings(ctx, "inventory-forecasting", plan.ok ? [stockoutRisk, reorderLine] : [stockoutRisk], [
        ...stockoutFindings(risks.data.risks),
        ...(await reorderFindings(orders, catalog)),
      ]);
      return {
        summary: inventorySummary(risks.data.total, input.leadTimeDays, orders),
        atRisk: risks.data.total,
        recordedRisks: atRisk.length,
        forecasts,
        alerts: { raised, resolved },
        soonest: risks.data.risks.slice(0, 5),
        purchaseOrders: plan.ok ? plan.data.orders : [],
        purchaseOrderError: plan.ok ? null : plan.message,
      };
    },
  });
}
