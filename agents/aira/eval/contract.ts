// Input schemas of the tools agreed in this round's contract but not necessarily registered yet.
// The evaluation checks the offline model's inputs against a registered tool's own schema when
// there is one, and against these otherwise.
import { z } from "zod";

const day = z.iso.date();

export const contractInputs: Record<string, z.ZodType> = {
  run_agent: z.object({ agent: z.string().min(1), input: z.record(z.string(), z.unknown()).optional() }),
  compare_sales_periods: z.object({ from: day, to: day, previousFrom: day.optional(), previousTo: day.optional() }).refine((v) => v.from <= v.to).refine((v) => (v.previousFrom == null) === (v.previousTo == null) && (!v.previousFrom || v.previousFrom <= v.previousTo!)),
  forecast_revenue: z.object({ horizonDays: z.number().int().min(7).max(180).default(30) }),
  get_cash_flow: z.object({ from: day, to: day }).refine((v) => v.from <= v.to),
  get_customer_lifetime_value: z.object({ limit: z.number().int().min(1).max(100).default(20) }),
  propose_campaigns: z.object({ kinds: z.array(z.enum(["win_back", "vip", "slow_mover", "bundle"])).optional() }),
  get_campaign_results: z.object({ code: z.string().optional() }),
  draft_product_copy: z.object({ sku: z.string().optional(), productId: z.string().optional(), tone: z.enum(["plain", "premium", "playful"]).optional() }),
  propose_product_copy: z.object({ productId: z.string(), title: z.string().optional(), descriptionHtml: z.string().optional(), seoTitle: z.string().optional(), seoDescription: z.string().optional() }),
  run_analytics_query: z.object({
    query: z.enum(["revenue_by_product", "revenue_by_collection", "revenue_by_day", "cohort_retention", "repeat_rate", "sell_through", "top_customers"]),
    from: day.optional(),
    to: day.optional(),
    limit: z.number().int().min(1).max(500).default(50),
  }),
  list_alerts: z.object({ status: z.enum(["open", "resolved", "all"]).default("open"), kind: z.string().optional(), limit: z.number().int().min(1).max(200).default(50) }),
  explain_alert: z.object({ alertId: z.string().optional() }),
  get_security_scan: z.object({}),
  get_compliance_status: z.object({}),
  list_audit_log: z.object({ actor: z.string().optional(), action: z.string().optional(), outcome: z.enum(["ok", "error", "denied"]).optional(), limit: z.number().int().min(1).max(500).default(100) }),
};
