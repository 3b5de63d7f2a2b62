// How the sales pages word a window and its changes: "Last 30 days" or the custom range, and each
// KPI's change against the previous period of equal length.
import type { MetricChange, SalesMetrics, SalesWindow } from "../agents/analytics/window";
import type { Metric } from "./components/ModulePage";
import { count, money } from "./format";

/** "last 30 days" for a preset, the dates for a custom range. */
export const windowTitle = (window: Pick<SalesWindow, "days" | "label">, custom: boolean) =>
  custom ? window.label : `last ${window.days} days`;

/** "+12.5% vs Oct 7 – Nov 5" (or "no sales in Oct 7 – Nov 5"); a rise reads as good unless `lowerIsBetter`. */
export function changeAgainst(
  change: MetricChange,
  previousLabel: string,
  lowerIsBetter = false,
): NonNullable<Metric["change"]> {
  if (change.changePct == null)
    return {
      text: change.current === 0 ? `none in ${previousLabel} either` : `none in ${previousLabel}`,
      tone: "subdued",
    };
  const pct = change.changePct * 100;
  const text = `${pct > 0 ? "+" : ""}${pct.toFixed(1)}% vs ${previousLabel}`;
  if (Math.abs(pct) < 0.05) return { text, tone: "subdued" };
  return { text, tone: pct > 0 !== lowerIsBetter ? "success" : "critical" };
}

type SalesKpi = Exclude<keyof SalesMetrics, "units">;

/** How each sales KPI is named and written; refunds and discounts read as good when they fall. */
const SALES_KPIS: Record<SalesKpi, { name: string; kind: "money" | "count"; lowerIsBetter?: boolean }> = {
  revenue: { name: "Revenue", kind: "money" },
  orders: { name: "Orders", kind: "count" },
  averageOrderValue: { name: "Average order value", kind: "money" },
  netSales: { name: "Net sales", kind: "money" },
  refunds: { name: "Refunds", kind: "money", lowerIsBetter: true },
  discounts: { name: "Discounts", kind: "money", lowerIsBetter: true },
};

interface SalesFigures {
  metrics: SalesMetrics;
  changes: Record<keyof SalesMetrics, MetricChange>;
  previous: { label: string };
}

/**
 * The KPI cards of a sales window, one per key, worded the same on every page that shows them
 * (Dashboard, Revenue, Finance, Analytics): "Revenue (last 30 days)", the shop's currency, and the
 * change against the previous period.
 */
export function salesKpiCards(sales: SalesFigures, keys: SalesKpi[], period: string, currency: string): Metric[] {
  return keys.map((key) => {
    const { name, kind, lowerIsBetter } = SALES_KPIS[key];
    const value = sales.metrics[key];
    return {
      label: `${name} (${period})`,
      value: kind === "money" ? money(value, currency) : count(value),
      change: changeAgainst(sales.changes[key], sales.previous.label, lowerIsBetter),
    };
  });
}
