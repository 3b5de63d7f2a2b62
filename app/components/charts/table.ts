// The figures behind each chart as rows of a table: the charts' text alternative (a chart is a
// picture to a screen reader; the table says what it shows, and anyone can open it).
import { money } from "../../format";
import { shortDay } from "./series";
import type { ForecastChartProps, RevenueChartProps, ShareChartProps } from "./types";

export interface ChartTable {
  headings: string[];
  rows: string[][];
}

const unitsFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
const units = (value: number) => unitsFormat.format(value);
const share = (value: number | null) => (value == null ? "—" : `${(value * 100).toFixed(1)}%`);

export function revenueTable({ points, currency, seriesName = "Revenue" }: RevenueChartProps): ChartTable {
  return { headings: ["Day", seriesName], rows: points.map((p) => [shortDay(p.day), money(p.revenue, currency)]) };
}

/** One row per key (cohort month, SKU ...), one column per series. */
export function shareTable({ series }: ShareChartProps, keyHeading: string): ChartTable {
  const keys = [...new Set(series.flatMap((s) => s.data.map((d) => d.key)))];
  const byKey = series.map((s) => new Map(s.data.map((d) => [d.key, d.value])));
  return {
    headings: [keyHeading, ...series.map((s) => s.name)],
    rows: keys.map((key) => [key, ...byKey.map((values) => share(values.get(key) ?? null))]),
  };
}

/** History then forecast, each day once: what sold, or what is expected with its interval. */
export function forecastTable({ history, forecast, level }: ForecastChartProps, format = units): ChartTable {
  return {
    headings: ["Day", "Sold", "Forecast", `${level}% interval`],
    rows: [
      ...history.map((h) => [shortDay(h.day), format(h.units), "—", "—"]),
      ...forecast.map((f) => [shortDay(f.day), "—", format(f.units), `${format(f.lo)} to ${format(f.hi)}`]),
    ],
  };
}
