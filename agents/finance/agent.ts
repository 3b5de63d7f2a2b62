// The finance-monitor agent: every morning, an alert for each day whose revenue is unusual once the
// weekly pattern and trend are removed.
import { z } from "zod";
import { recordRunFindings } from "../findings/kind";
import { shopCurrency } from "../findings/words";
import { raiseAlert, resolveAlertsAutomatically } from "../ops/alerts";
import { toolContext, type AgentDeps } from "../ops/jobs";
import { defineAgent } from "../runtime/agents";
import { toolRegistry } from "../tools";
import { anomalyFindings, financeSummary, revenueAnomaly } from "./findings";
import { detectRevenueAnomaliesTool, getSalesSummary } from "./tools";

export function financeMonitorAgent(deps: AgentDeps) {
  return defineAgent({
    name: "finance-monitor",
    title: "Finance monitor",
    description:
      "Watches daily revenue for anomalies after removing the weekly pattern and trend, and raises an alert for each unusual day.",
    capabilities: ["finance"],
    tools: [detectRevenueAnomaliesTool.name, getSalesSummary.name],
    schedule: { pattern: "30 6 * * *" },
    input: z.object({ days: z.number().int().min(28).max(730).default(90) }).strict(),
    async run(ctx, input) {
      const tools = await toolContext(ctx, deps, "finance-monitor");
      const result = await toolRegistry.run(tools, detectRevenueAnomaliesTool, { days: input.days });
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
      // A day flagged earlier that this run, covering it, no longer finds unusual (more history, a
      // late order or refund synced) resolves itself; days outside the window are left as they are.
      const flagged = result.data.alerts.map((a) => `revenue:${a.date}`);
      const resolved = await resolveAlertsAutomatically(
        ctx.db,
        ctx.shop,
        {
          kind: "revenue_anomaly",
          AND: [
            { dedupeKey: { gte: `revenue:${result.data.from}` } },
            { dedupeKey: { lte: `revenue:${result.data.to}` } },
            { dedupeKey: { notIn: flagged } },
          ],
        },
        {
          reason: "anomaly over (the latest check no longer finds that day unusual)",
          by: "schedule:finance-monitor",
          now: ctx.now(),
        },
      );
      const currency = await shopCurrency(ctx.db, ctx.shop);
      await recordRunFindings(ctx, "finance-monitor", [revenueAnomaly], anomalyFindings(result.data.alerts, currency));
      return {
        summary: financeSummary(result.data.alerts.length, input.days),
        anomalies: result.data.alerts.length,
        alerts: result.data.alerts,
        resolved,
      };
    },
  });
}
