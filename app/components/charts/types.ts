import type { DayFigure } from "./series";

export interface RevenueChartProps {
  points: DayFigure[];
  /** The shop's currency code (required: a chart never guesses USD). */
  currency: string;
  kind?: "line" | "bar";
  seriesName?: string;
}

/** Shares (0..1) per key: retention by cohort, returning share by month, sell-through per SKU. */
export interface ShareChartProps {
  series: { name: string; data: { key: string; value: number | null }[] }[];
  kind: "line" | "bar";
}

export interface ForecastChartProps {
  history: { day: string; units: number }[];
  forecast: { day: string; units: number; lo: number; hi: number }[];
  /** Central interval level in percent (e.g. 80). */
  level: number;
}
