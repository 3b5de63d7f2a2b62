// Charts for the module pages. polaris-viz cannot render on the server, so each chart is a
// lazily loaded browser-only module behind ClientOnly, with a placeholder of the chart's exact
// size on the server and while the chart code loads (no layout shift when it arrives).
import { SkeletonBodyText } from "@shopify/polaris";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { lazy, type ReactNode } from "react";
import { SectionCard } from "../ModulePage";
import { ClientOnly } from "./ClientOnly";
import type { ForecastChartProps, RevenueChartProps, ShareChartProps } from "./types";

/** polaris-viz ships plain CSS (not imported by its JS): routes with charts add this to `links`. */
export const chartLinks = () => [{ rel: "stylesheet", href: vizStyles }];

const HEIGHT = 260;

const RevenueChartView = lazy(() => import("./PolarisViz.client").then((m) => ({ default: m.RevenueChartView })));
const ShareChartView = lazy(() => import("./PolarisViz.client").then((m) => ({ default: m.ShareChartView })));
const ForecastChartView = lazy(() => import("./PolarisViz.client").then((m) => ({ default: m.ForecastChartView })));

function ChartCard({
  title,
  description,
  testId,
  children,
}: {
  title: string;
  description?: string;
  testId: string;
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
      <div data-testid={testId} style={{ height: HEIGHT }}>
        <ClientOnly fallback={placeholder}>{children}</ClientOnly>
      </div>
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
    <ChartCard title={title} description={description} testId={testId}>
      {() => <RevenueChartView {...props} />}
    </ChartCard>
  );
}

export function ShareChart({
  title,
  description,
  testId = "share-chart",
  ...props
}: ShareChartProps & { title: string; description?: string; testId?: string }) {
  return (
    <ChartCard title={title} description={description} testId={testId}>
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
    <ChartCard title={title} description={description} testId="forecast-chart">
      {() => <ForecastChartView {...props} />}
    </ChartCard>
  );
}
