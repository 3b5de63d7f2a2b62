// A series from a tool result as a line chart. Polaris Viz crashes during server rendering, so the
// chart loads after mounting; until then (and for screen readers) the numbers are one click away.
import { BlockStack, Button, InlineStack, Select, SkeletonBodyText, Text } from "@shopify/polaris";
import { useEffect, useState, type ComponentType } from "react";
import { DataTableView } from "./DataTableView";
import { formatValue, type SeriesView } from "./tool-output";

type ChartComponent = ComponentType<{ data: { name: string; data: { key: string; value: number | null }[] }[] }>;

export function SeriesChart({ series }: { series: SeriesView }) {
  const [Chart, setChart] = useState<ChartComponent | null>(null);
  const [failed, setFailed] = useState(false);
  const [field, setField] = useState(series.fields[0].key);
  const [showData, setShowData] = useState(false);

  useEffect(() => {
    let live = true;
    import("./viz.client")
      .then((module) => live && setChart(() => module.LineChartView as ChartComponent))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, []);

  const label = series.fields.find((f) => f.key === field)?.label ?? field;
  const data = [{ name: label, data: series.points.map((p) => ({ key: p.x, value: p.values[field] ?? null })) }];
  const first = series.points[0]?.x;
  const last = series.points.at(-1)?.x;
  return (
    <BlockStack gap="200">
      <InlineStack align="space-between" blockAlign="center" gap="200">
        <Text as="h4" variant="headingSm">
          {series.title}
        </Text>
        {series.fields.length > 1 ? (
          <Select
            label="Value"
            labelInline
            options={series.fields.map((f) => ({ label: f.label, value: f.key }))}
            value={field}
            onChange={setField}
          />
        ) : null}
      </InlineStack>
      <div
        role="img"
        aria-label={`${series.title}: ${label} from ${first} to ${last}, ${series.points.length} points`}
        data-testid="aira-chart"
      >
        {Chart ? (
          <Chart data={data} />
        ) : failed ? (
          <Text as="p" tone="subdued">
            The chart could not load; the numbers are below.
          </Text>
        ) : (
          <SkeletonBodyText lines={6} />
        )}
      </div>
      <InlineStack>
        <Button variant="plain" onClick={() => setShowData((v) => !v)} ariaExpanded={showData}>
          {showData ? "Hide the numbers" : "Show the numbers"}
        </Button>
      </InlineStack>
      {showData || failed ? (
        <DataTableView
          table={{
            key: series.key,
            title: "",
            columns: [
              { key: "x", label: "Period", numeric: false },
              ...series.fields.map((f) => ({ key: f.key, label: f.label, numeric: true })),
            ],
            rows: series.points.map((p) => [
              p.x,
              ...series.fields.map((f) => (p.values[f.key] == null ? "—" : formatValue(f.key, p.values[f.key]!))),
            ]),
          }}
        />
      ) : null}
    </BlockStack>
  );
}
