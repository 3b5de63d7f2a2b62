// Polaris Viz touches `window` when imported, so it only ever loads in the browser: this module
// (.client: empty on the server) is imported dynamically by SeriesChart after mounting.
import "@shopify/polaris-viz/build/esm/styles.css";
import { LineChart, PolarisVizProvider, type DataSeries } from "@shopify/polaris-viz";

export function LineChartView({ data }: { data: DataSeries[] }) {
  return (
    <PolarisVizProvider>
      <div style={{ height: 240 }}>
        <LineChart data={data} isAnimated={false} showLegend={data.length > 1} />
      </div>
    </PolarisVizProvider>
  );
}
