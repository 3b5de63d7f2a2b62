// Analytics tool: the named, parameterised reports over the synced store (agents/analytics).
import { z } from "zod";
import { HOUR_MS } from "../core/time";
import { fail, ok } from "../core/result";
import { defineTool } from "../core/tool";
import { resolvePeriod } from "./period";
import { ANALYTICS_QUERIES, AnalyticsInputError, runAnalytics } from "./queries";

const cell = z.union([z.string(), z.number(), z.null()]);

export const runAnalyticsQueryInput = z
  .object({
    query: z
      .enum(ANALYTICS_QUERIES)
      .describe(
        "Which report: revenue_by_product, revenue_by_collection, revenue_by_day, cohort_retention (monthly cohorts by first order, % ordering again in months 1..N), repeat_rate, sell_through (units sold / (sold + on hand) per variant), top_customers",
      ),
    from: z.iso.date().optional().describe("First day, YYYY-MM-DD (default: 89 days before to)"),
    to: z.iso
      .date()
      .optional()
      .describe("Last day, YYYY-MM-DD, inclusive (default: the day of the newest synced order)"),
    limit: z
      .number()
      .int()
      .min(1)
      .max(500)
      .default(50)
      .describe("At most this many rows for ranked reports (revenue_by_day lists every day)"),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { message: "from must be on or before to", path: ["from"] });

export const runAnalyticsQueryOutput = z.object({
  query: z.enum(ANALYTICS_QUERIES),
  params: z.object({ from: z.string(), to: z.string(), limit: z.number(), currency: z.string().nullable() }),
  columns: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      type: z.enum(["string", "integer", "number", "money", "percent", "day", "month"]),
    }),
  ),
  rows: z.array(z.record(z.string(), cell)),
  totalRows: z.number(),
  series: z
    .array(z.object({ name: z.string(), data: z.array(z.object({ key: z.string(), value: z.number().nullable() })) }))
    .optional(),
  totals: z.record(z.string(), cell).optional(),
  notes: z.array(z.string()),
});

export const runAnalyticsQuery = defineTool({
  name: "run_analytics_query",
  title: "Analytics report",
  description:
    "Runs a named analytics report over the synced store data for a period (default: the last 90 days up to the newest synced order) and returns a table (columns + rows), chart series and totals over all rows. Reports: revenue_by_product, revenue_by_collection, revenue_by_day, cohort_retention, repeat_rate, sell_through, top_customers. Percentages are ratios (0.25 = 25%); money is in the shop's currency; days and months are UTC. Cancelled orders are excluded. Read-only.",
  capability: "analytics",
  input: runAnalyticsQueryInput,
  output: runAnalyticsQueryOutput,
  annotations: { readOnly: true, destructive: false, idempotent: true },
  changesStore: false,
  stored: { freshForMs: HOUR_MS },
  async handler(ctx, input) {
    const resolved = await resolvePeriod(ctx.db, ctx.shop, input);
    if (!resolved.ok) return fail(resolved.code, resolved.message, resolved.hint);
    try {
      const table = await runAnalytics(ctx.db, input.query, {
        shop: ctx.shop,
        period: resolved.period,
        limit: input.limit,
        lastSaleDay: resolved.lastSaleDay,
      });
      return ok({
        query: input.query,
        params: { ...resolved.period, limit: input.limit, currency: resolved.currency },
        ...table,
      });
    } catch (error) {
      if (error instanceof AnalyticsInputError) return fail(error.code, error.message, error.hint);
      throw error;
    }
  },
});
