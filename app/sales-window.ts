// How the sales pages word a window and its changes: "Last 30 days" or the custom range, and each
// KPI's change against the previous period of equal length.
import type { MetricChange, SalesWindow } from "../agents/analytics/window";
import type { Metric } from "./components/ModulePage";

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
