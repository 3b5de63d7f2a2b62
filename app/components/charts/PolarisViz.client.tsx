// The polaris-viz charts. Browser-only (`.client`): polaris-viz measures the DOM and does not
// render on the server, so Charts.tsx loads this module lazily behind ClientOnly.
import { BarChart, LineChart, LineChartRelational, PolarisVizProvider } from "@shopify/polaris-viz";
import type { ForecastChartProps, RevenueChartProps, ShareChartProps } from "./types";
import { shortDay } from "./series";
import { money as formatMoney } from "../../format";

const compactMoney = (currency: string) => (value: string | number | null) =>
  new Intl.NumberFormat("en-US", { style: "currency", currency, notation: "compact", maximumFractionDigits: 1 }).format(
    Number(value ?? 0),
  );
const money = (currency: string) => (value: string | number | null) => formatMoney(Number(value ?? 0), currency);
const units = (value: string | number | null) =>
  new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 }).format(Number(value ?? 0));
const round2 = (n: number) => Math.round(n * 100) / 100;

export function RevenueChartView({ points, currency, kind = "line", seriesName = "Revenue" }: RevenueChartProps) {
  const data = [{ name: seriesName, data: points.map((p) => ({ key: p.day, value: round2(p.revenue) })) }];
  const shared = {
    data,
    showLegend: false,
    xAxisOptions: { labelFormatter: shortDay },
    yAxisOptions: { labelFormatter: compactMoney(currency) },
    tooltipOptions: { valueFormatter: money(currency), titleFormatter: shortDay },
    skipLinkText: "Skip chart content",
  };
  return (
    <PolarisVizProvider>{kind === "bar" ? <BarChart {...shared} /> : <LineChart {...shared} />}</PolarisVizProvider>
  );
}

const percent = (digits: number) => (value: string | number | null) =>
  value == null || value === "" ? "–" : `${(Number(value) * 100).toFixed(digits)}%`;

// Retention curves (one line per cohort), returning share by month, sell-through per SKU.
export function ShareChartView({ series, kind }: ShareChartProps) {
  const shared = {
    data: series,
    showLegend: series.length > 1,
    yAxisOptions: { labelFormatter: percent(0) },
    tooltipOptions: { valueFormatter: percent(1) },
    skipLinkText: "Skip chart content",
  };
  return (
    <PolarisVizProvider>{kind === "bar" ? <BarChart {...shared} /> : <LineChart {...shared} />}</PolarisVizProvider>
  );
}

// History, then the forecast (dashed) with its interval as a band between two hidden lines.
export function ForecastChartView({ history, forecast, level }: ForecastChartProps) {
  const keys = [...history.map((h) => h.day), ...forecast.map((f) => f.day)];
  const pad = (values: (number | null)[], before: number) => [...Array<null>(before).fill(null), ...values];
  const lastActual = history.at(-1)?.units ?? null;
  // The forecast line starts at the last actual day so the two lines join.
  const forecastLine = pad([lastActual, ...forecast.map((f) => f.units)], history.length - 1);
  const upper = pad(
    forecast.map((f) => f.hi),
    history.length,
  );
  const lower = pad(
    forecast.map((f) => f.lo),
    history.length,
  );
  const series = (name: string, values: (number | null)[]) => ({
    name,
    data: keys.map((key, i) => ({ key, value: values[i] == null ? null : round2(values[i]!) })),
  });
  const data = [
    {
      ...series(
        "Units sold",
        pad(
          history.map((h) => h.units),
          0,
        ),
      ),
      color: "#2463EB",
    },
    { ...series("Forecast", forecastLine), color: "#7C3AED", styleOverride: { line: { strokeDasharray: "4 4" } } },
    // Both bounds point at each other (relatedIndex) so neither is drawn as a line; the upper one
    // carries the band's colour and its legend entry.
    {
      ...series(`${level}% interval, upper`, upper),
      color: "#7C3AED",
      metadata: { relatedIndex: 3, areaColor: "rgba(124, 58, 237, 0.15)", legendLabel: `${level}% interval` },
    },
    { ...series(`${level}% interval, lower`, lower), color: "#7C3AED", metadata: { relatedIndex: 2 } },
  ];
  return (
    <PolarisVizProvider>
      <LineChartRelational
        data={data}
        xAxisOptions={{ labelFormatter: shortDay }}
        yAxisOptions={{ labelFormatter: units, integersOnly: true }}
        tooltipOptions={{ valueFormatter: units, titleFormatter: shortDay }}
        skipLinkText="Skip chart content"
      />
    </PolarisVizProvider>
  );
}
