// The weekly report's words, free of server imports: the report page renders with them too.
import type { ChangeOutcome } from "../actions/outcomes";
import type { MetricChange, SalesMetrics } from "./window";

const METRIC_LABELS: Record<keyof SalesMetrics, string> = {
  revenue: "Revenue",
  orders: "Orders",
  averageOrderValue: "Average order value",
  discounts: "Discounts",
  refunds: "Refunds",
  netSales: "Net sales",
  units: "Units sold",
};
export const REPORT_METRICS = Object.keys(METRIC_LABELS) as (keyof SalesMetrics)[];
export const metricLabel = (key: keyof SalesMetrics) => METRIC_LABELS[key];

/** "+12.5%" / "-3%" / "—" */
export function changeText(change: MetricChange | null | undefined): string {
  if (!change || change.changePct == null) return "—";
  const pct = Math.round(change.changePct * 1000) / 10;
  return `${pct > 0 ? "+" : ""}${pct}%`;
}

const VERDICT_WORDS: Record<ChangeOutcome["verdict"], string> = {
  too_early: "Too early to tell",
  too_few_orders: "Too few orders to tell",
  better: "Better",
  worse: "Worse",
  about_the_same: "About the same",
};
export const verdictText = (verdict: ChangeOutcome["verdict"]) => VERDICT_WORDS[verdict];
