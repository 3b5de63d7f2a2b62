import { useNavigate } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { BlockStack, Card, EmptyState, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import type { ReactNode } from "react";
import { useAppMode } from "./AppFeedback";
import { PagedTable } from "./PagedTable";

export interface Metric {
  label: string;
  value: string;
  /** The change against the previous period, e.g. "+12.5% vs Oct 7 – Nov 5". */
  change?: { text: string; tone: "success" | "critical" | "subdued" };
}

export interface PageLink {
  content: string;
  url: string;
}

/**
 * A module's page. Embedded in Shopify's admin the title and links go to App Bridge's title bar
 * (the admin draws it); in local mode Polaris draws the page header.
 */
export function ModulePage({
  title,
  summary,
  children,
  links = [],
}: {
  title: string;
  summary: string;
  children: ReactNode;
  links?: PageLink[];
}) {
  const { embedded } = useAppMode();
  const navigate = useNavigate();
  const body = (
    <Layout>
      <Layout.Section>
        <BlockStack gap="400">
          {embedded ? (
            <Text as="p" tone="subdued">
              {summary}
            </Text>
          ) : null}
          {children}
        </BlockStack>
      </Layout.Section>
    </Layout>
  );
  if (embedded) {
    return (
      <Page>
        <TitleBar title={title}>
          {links.map((link) => (
            <button key={link.url} onClick={() => navigate(link.url)}>
              {link.content}
            </button>
          ))}
        </TitleBar>
        {body}
      </Page>
    );
  }
  return (
    <Page title={title} subtitle={summary} secondaryActions={links}>
      {body}
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
            {metric.change ? (
              <div data-testid={`change-${metric.label}`}>
                <Text as="p" variant="bodySm" tone={metric.change.tone}>
                  {metric.change.text}
                </Text>
              </div>
            ) : null}
          </BlockStack>
        </Card>
      ))}
    </InlineGrid>
  );
}

export interface EmptyContent {
  heading: string;
  body: string;
  /** What to do next, e.g. a button that runs the store sync. */
  action?: ReactNode;
}

/** What an empty list means and what to do next. */
export function EmptyHint({ heading, body, action }: EmptyContent) {
  return (
    <div data-testid="empty-state">
      <EmptyState heading={heading} image="">
        <BlockStack gap="300" inlineAlign="center">
          <p>{body}</p>
          {action}
        </BlockStack>
      </EmptyState>
    </div>
  );
}

/** A titled table, a page of rows at a time, or an empty state that says what to do next when there are no rows. */
export function TableCard({
  title,
  headings,
  rows,
  empty,
  testId,
}: {
  title: string;
  headings: string[];
  rows: (ReactNode | string | number)[][];
  empty: EmptyContent;
  testId?: string;
}) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {title}
        </Text>
        {rows.length === 0 ? (
          <EmptyHint {...empty} />
        ) : (
          <div data-testid={testId}>
            <PagedTable
              label={title}
              columnContentTypes={headings.map((_, i) => (typeof rows[0][i] === "number" ? "numeric" : "text"))}
              headings={headings}
              rows={rows}
            />
          </div>
        )}
      </BlockStack>
    </Card>
  );
}

/** A titled card with an optional subdued description under the title. */
export function SectionCard({
  title,
  description,
  children,
}: {
  title: string;
  description?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card>
      <BlockStack gap="300">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            {title}
          </Text>
          {description ? (
            <Text as="p" tone="subdued">
              {description}
            </Text>
          ) : null}
        </BlockStack>
        {children}
      </BlockStack>
    </Card>
  );
}
