import type { DayFigure } from "./series";

export interface RevenueChartProps {
  points: DayFigure[];
  currency?: string;
  kind?: "line" | "bar";
  seriesName?: string;
}

export interface ForecastChartProps {
  history: { day: string; units: number }[];
  forecast: { day: string; units: number; lo: number; hi: number }[];
  /** Central interval level in percent (e.g. 80). */
  level: number;
}
