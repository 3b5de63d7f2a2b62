// Charts for the module pages. polaris-viz cannot render on the server, so each chart is a
// lazily loaded browser-only module behind ClientOnly, with a placeholder of the chart's exact
// size on the server and while the chart code loads (no layout shift when it arrives).
import { SkeletonBodyText } from "@shopify/polaris";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { lazy, type ReactNode } from "react";
import { SectionCard } from "../ModulePage";
import { ChartFrame } from "./ChartFrame";
import { ClientOnly } from "./ClientOnly";
import { forecastTable, revenueTable, shareTable, type ChartTable } from "./table";
import type { ForecastChartProps, RevenueChartProps, ShareChartProps } from "./types";

/** polaris-viz ships plain CSS (not imported by its JS): routes with charts add this to `links`. */
export const chartLinks = () => [{ rel: "stylesheet", href: vizStyles }];

export const CHART_HEIGHT = 260;
const HEIGHT = CHART_HEIGHT;

const RevenueChartView = lazy(() => import("./PolarisViz.client").then((m) => ({ default: m.RevenueChartView })));
const ShareChartView = lazy(() => import("./PolarisViz.client").then((m) => ({ default: m.ShareChartView })));
const ForecastChartView = lazy(() => import("./PolarisViz.client").then((m) => ({ default: m.ForecastChartView })));

function ChartCard({
  title,
  description,
  testId,
  table,
  children,
}: {
  title: string;
  description?: string;
  testId: string;
  table: ChartTable;
  children: () => ReactNode;
}) {
  const placeholder = (
    <div style={{ height: HEIGHT, display: "flex", alignItems: "center" }} aria-busy="true">
      <div style={{ width: "100%" }}>
        <SkeletonBodyText lines={6} />
      </div>
    </div>
  );
  return (
    <SectionCard title={title} description={description}>
      <ChartFrame label={title} table={table} height={HEIGHT} testId={testId}>
        <ClientOnly fallback={placeholder}>{children}</ClientOnly>
      </ChartFrame>
    </SectionCard>
  );
}

export function RevenueChart({
  title,
  description,
  testId = "revenue-chart",
  ...props
}: RevenueChartProps & { title: string; description?: string; testId?: string }) {
  return (
    <ChartCard title={title} description={description} testId={testId} table={revenueTable(props)}>
      {() => <RevenueChartView {...props} />}
    </ChartCard>
  );
}

export function ShareChart({
  title,
  description,
  testId = "share-chart",
  keyHeading = "Period",
  ...props
}: ShareChartProps & { title: string; description?: string; testId?: string; keyHeading?: string }) {
  return (
    <ChartCard title={title} description={description} testId={testId} table={shareTable(props, keyHeading)}>
      {() => <ShareChartView {...props} />}
    </ChartCard>
  );
}

export function ForecastChart({
  title,
  description,
  ...props
}: ForecastChartProps & { title: string; description?: string }) {
  return (
    <ChartCard title={title} description={description} testId="forecast-chart" table={forecastTable(props)}>
      {() => <ForecastChartView {...props} />}
    </ChartCard>
  );
}
