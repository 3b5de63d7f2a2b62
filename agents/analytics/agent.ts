// The weekly-report agent: every Monday morning (and on demand) it prepares last week's numbers
// against the week before and the same week last year, the products that moved most, what is out of
// stock, and the applied changes with their outcomes (agents/analytics/weekly-report.ts). The report
// is the run's result: the Weekly report page and its CSV read the latest one.
import { z } from "zod";
import { moneyText } from "../findings/words";
import { defineAgent } from "../runtime/agents";
import { buildWeeklyReport, weeklySummary } from "./weekly-report";

export const WEEKLY_REPORT_AGENT = "weekly-report";

export const weeklyReportAgent = defineAgent({
  name: WEEKLY_REPORT_AGENT,
  title: "Weekly report",
  description:
    "Prepares last week's numbers against the week before and the same week last year, with the products that moved most, stockouts, and how applied changes did.",
  capabilities: ["analytics"],
  tools: [],
  schedule: { pattern: "0 6 * * 1" },
  input: z.object({}).strict(),
  async run(ctx) {
    await ctx.progress(10, "adding up last week");
    const report = await buildWeeklyReport(ctx.db, ctx.shop, ctx.now());
    return { summary: weeklySummary(report, (n) => moneyText(n, report.currency)), report };
  },
});
