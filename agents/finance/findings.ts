// What the finance-monitor agent records (ADR 0013): each day whose revenue was unusual once the
// weekly pattern and trend are removed.
import { z } from "zod";
import type { ToolOutput } from "../core/registry";
import { findingKind } from "../findings/kind";
import type { FoundItem } from "../findings/store";
import { moneyText, plural, shortDay } from "../findings/words";
import type { detectRevenueAnomaliesTool } from "./tools";

export const revenueAnomaly = findingKind(
  "revenue_anomaly",
  z.object({
    date: z.string(),
    direction: z.string(),
    revenue: z.number(),
    expected: z.number(),
    deviationPct: z.number().nullable(),
    z: z.number(),
  }),
);

export function anomalyFindings(
  alerts: ToolOutput<typeof detectRevenueAnomaliesTool>["alerts"],
  currency: string | null,
): FoundItem[] {
  return alerts.map((a) =>
    revenueAnomaly.item(
      `day:${a.date}`,
      `Revenue on ${shortDay(a.date)} was unusually ${a.direction === "spike" ? "high" : "low"}: ${moneyText(a.revenue, currency)} against ${moneyText(a.expected, currency)} expected`,
      a,
      Math.abs(a.z),
    ),
  );
}

export function financeSummary(anomalies: number, days: number) {
  return anomalies === 0
    ? `Revenue looked normal over the last ${days} days`
    : `${plural(anomalies, "day")} of unusual revenue in the last ${days} days`;
}
