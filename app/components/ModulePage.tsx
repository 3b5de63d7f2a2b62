import { BlockStack, Card, DataTable, EmptyState, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import type { ReactNode } from "react";

export interface Metric {
  label: string;
  value: string;
}

export function ModulePage({ title, summary, children, links = [] }: { title: string; summary: string; children: ReactNode; links?: { content: string; url: string }[] }) {
  return (
    <Page title={title} subtitle={summary} secondaryActions={links}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">{children}</BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function Metrics({ metrics }: { metrics: Metric[] }) {
  return (
    <InlineGrid columns={{ xs: 1, sm: 2, md: Math.min(metrics.length, 4) }} gap="400">
      {metrics.map((metric) => (
        <Card key={metric.label}>
          <BlockStack gap="100">
            <Text as="h3" variant="headingSm" tone="subdued">
              {metric.label}
            </Text>
            <div data-testid={`metric-${metric.label}`}>
              <Text as="p" variant="headingLg">
                {metric.value}
              </Text>
            </div>
          </BlockStack>
        </Card>
      ))}
    </InlineGrid>
  );
}

/** A titled table, or an empty state that says what to do next when there are no rows. */
export function TableCard({
  title,
  headings,
  rows,
  empty,
}: {
  title: string;
  headings: string[];
  rows: (string | number)[][];
  empty: { heading: string; body: string };
}) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {title}
        </Text>
        {rows.length === 0 ? (
          <EmptyState heading={empty.heading} image="">
            <p>{empty.body}</p>
          </EmptyState>
        ) : (
          <DataTable
            columnContentTypes={headings.map((_, i) => (typeof rows[0][i] === "number" ? "numeric" : "text"))}
            headings={headings}
            rows={rows}
          />
        )}
      </BlockStack>
    </Card>
  );
}
