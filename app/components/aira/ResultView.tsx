// A successful tool result, shown by its shape: metrics, charts, tables, lists and text.
import { BlockStack, Box, Button, InlineGrid, InlineStack, List, Text } from "@shopify/polaris";
import { useMemo, useState } from "react";
import { DataTableView } from "./DataTableView";
import { MessageText } from "./MessageText";
import { SeriesChart } from "./SeriesChart";
import { describeResult } from "./tool-output";

const VISIBLE_METRICS = 12;

export function ResultView({ data }: { data: unknown }) {
  const view = useMemo(() => describeResult(data), [data]);
  const [allMetrics, setAllMetrics] = useState(false);
  const metrics = allMetrics ? view.metrics : view.metrics.slice(0, VISIBLE_METRICS);
  const empty =
    view.metrics.length + view.tables.length + view.series.length + view.lists.length + view.texts.length === 0;
  if (empty)
    return (
      <Text as="p" tone="subdued">
        No data.
      </Text>
    );
  return (
    <BlockStack gap="300">
      {metrics.length > 0 ? (
        <InlineGrid columns={{ xs: 2, md: 3 }} gap="200">
          {metrics.map((m) => (
            <Box key={m.label} padding="200" background="bg-surface-secondary" borderRadius="200">
              <BlockStack gap="050">
                <Text as="span" variant="bodySm" tone="subdued">
                  {m.label}
                </Text>
                <Text as="span" variant="headingSm" breakWord>
                  {m.value}
                </Text>
              </BlockStack>
            </Box>
          ))}
        </InlineGrid>
      ) : null}
      {view.metrics.length > VISIBLE_METRICS ? (
        <InlineStack>
          <Button variant="plain" onClick={() => setAllMetrics((v) => !v)} ariaExpanded={allMetrics}>
            {allMetrics ? "Show fewer figures" : `Show all ${view.metrics.length} figures`}
          </Button>
        </InlineStack>
      ) : null}
      {view.series.map((s) => (
        <SeriesChart key={s.key} series={s} />
      ))}
      {view.tables.map((t) => (
        <DataTableView key={t.key} table={t} />
      ))}
      {view.lists.map((l) => (
        <BlockStack key={l.label} gap="100">
          <Text as="h4" variant="headingSm">
            {l.label}
          </Text>
          <List gap="extraTight">
            {l.items.slice(0, 20).map((item, i) => (
              <List.Item key={i}>{item}</List.Item>
            ))}
          </List>
          {l.items.length > 20 ? (
            <Text as="p" tone="subdued">
              …and {l.items.length - 20} more
            </Text>
          ) : null}
        </BlockStack>
      ))}
      {view.texts.map((t, i) => (
        <BlockStack key={`${t.label}-${i}`} gap="100">
          {t.label ? (
            <Text as="h4" variant="headingSm">
              {t.label}
            </Text>
          ) : null}
          <MessageText text={t.text} />
        </BlockStack>
      ))}
    </BlockStack>
  );
}
