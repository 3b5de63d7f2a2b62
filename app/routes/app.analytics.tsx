import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { BlockStack, Button, Card, InlineStack, Select, SkeletonBodyText, Text } from "@shopify/polaris";
import { useState } from "react";
import { ANALYTICS_QUERIES, type Cell, type Column } from "../../agents/analytics/queries";
import type { ToolOutput } from "../../agents/core/registry";
import { countsOf } from "../../agents/overview/queries";
import { salesReport } from "../../agents/analytics/window";
import { runAnalyticsQuery, toolRegistry } from "../../agents/tools";
import { requireAdmin } from "../auth.server";
import { Section as Anchored, SectionNav } from "../components/SectionNav";
import { RevenueChart, ShareChart, chartLinks } from "../components/charts/Charts";
import { DownloadButton } from "../components/DownloadButton";
import { moduleErrorBoundary } from "../components/ModuleError";
import { EmptyHint, Metrics, ModulePage, TableCard } from "../components/ModulePage";
import { RunAgentButton } from "../components/RunAgentButton";
import { AnalysisAge, awaitingAnalysis, ToolProblemBanner } from "../components/ToolOutcome";
import { useReloadOnStoreChanges, useReloadWhenAnalysed } from "../components/live/LiveEvents";
import { windowAndCurrency } from "../currency.server";
import db from "../db.server";
import { loaderMemo, pageMemoKey } from "../loader-memo.server";
import { nextLocalMidnight } from "../../agents/core/time";
import { count, money } from "../format";
import { MODULES } from "../modules";
import { salesKpiCards, windowTitle } from "../sales-window";
import { WindowPicker } from "../components/WindowPicker";

type QueryName = (typeof ANALYTICS_QUERIES)[number];
type Report = ToolOutput<typeof runAnalyticsQuery>;

const QUERY_LABELS: Record<QueryName, string> = {
  revenue_by_day: "Revenue by day",
  revenue_by_product: "Revenue by product",
  revenue_by_collection: "Revenue by collection",
  top_customers: "Top customers",
  repeat_rate: "Repeat purchase rate by month",
  cohort_retention: "Cohort retention",
  sell_through: "Sell-through by variant",
};
// Typed as a Record over every query name, so a new report cannot be left out of the picker. (The
// component must not import agents/analytics/queries at runtime: it reaches the database client.)
const QUERY_OPTIONS = (Object.keys(QUERY_LABELS) as QueryName[]).map((q) => ({ label: QUERY_LABELS[q], value: q }));
const DEFAULT_QUERY: QueryName = "revenue_by_day";
const isQuery = (value: string | null): value is QueryName =>
  (ANALYTICS_QUERIES as readonly string[]).includes(value ?? "");

export const links = chartLinks;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const admin = await requireAdmin(request);
  const { shop, mode } = admin;
  const now = new Date();
  const url = new URL(request.url);
  const asked = url.searchParams.get("query");
  // The window's figures read once per database version (ADR 0039); the report is a stored analysis
  // whose read asks the worker for a refresh once it is stale (ADR 0015): read on every load.
  const { window, error, currency, counts, sales } = await loaderMemo.read(
    db,
    pageMemoKey("/app/analytics", shop, mode, url),
    now.getTime(),
    async () => {
      const { window, error, currency } = await windowAndCurrency(shop, url, now);
      const [counts, sales] = await Promise.all([countsOf(db, shop, ["orders"]), salesReport(db, shop, window, now)]);
      // What the clock alone changes: the shop's day (the window).
      const nextMidnight = nextLocalMidnight(now, window.timeZone);
      return { validUntil: nextMidnight, data: { window, error, currency, counts, sales } };
    },
  );
  const form = { query: isQuery(asked) ? asked : DEFAULT_QUERY };
  const page = {
    window,
    custom: url.searchParams.has("from"),
    error,
    currency,
    sales,
    counts,
    form,
  };
  if (asked !== null && !isQuery(asked)) {
    return {
      ...page,
      report: null,
      failure: { message: `No report named "${asked}".`, hint: `Pick one of: ${ANALYTICS_QUERIES.join(", ")}.` },
      age: null,
    };
  }
  if (counts.orders === 0) return { ...page, report: null, failure: null, age: null };
  const result = await toolRegistry.run(await admin.toolContext(), runAnalyticsQuery, {
    query: form.query,
    from: window.from,
    to: window.to,
  });
  // Reports are stored analyses (ADR 0015): computed in the background, with the time they were.
  const age = { asOf: result.asOf, refreshing: result.refreshing, code: result.ok ? undefined : result.code };
  if (!result.ok) return { ...page, report: null, failure: result, age };
  return { ...page, report: result.data, failure: null, age };
};

export const ErrorBoundary = moduleErrorBoundary("/app/analytics");

const DATASETS: Record<string, string> = {
  products: "Products",
  variants: "Variants",
  orders: "Orders",
  customers: "Customers",
  lineItems: "Order line items",
  refunds: "Refunds",
};

function formatCell(value: Cell, type: Column["type"], currency: string): string | number {
  if (value === null) return "—";
  if (typeof value === "string") return value;
  if (type === "money") return money(value, currency);
  if (type === "percent") return `${(value * 100).toFixed(1)}%`;
  if (type === "integer") return count(value);
  return type === "number" ? Math.round(value * 100) / 100 : value;
}

export default function Analytics() {
  const { window, custom, error, currency, sales, counts, form, report, failure, age } = useLoaderData<typeof loader>();
  // New orders, stock or catalog changes reach this page without a reload.
  useReloadOnStoreChanges(["orders", "products", "customers"]);
  useReloadWhenAnalysed(age ? awaitingAnalysis([age]) : false);
  const module = MODULES.find((m) => m.path === "/app/analytics")!;
  const rows = Object.entries(counts).map(([table, rowsHeld]) => [DATASETS[table] ?? table, rowsHeld]);
  const noOrders = counts.orders === 0;
  const period = windowTitle(window, custom);
  return (
    <ModulePage title={module.title} summary={module.summary}>
      <SectionNav
        sections={[
          { id: "sales", label: "Sales" },
          { id: "report", label: "Report" },
          { id: "datasets", label: "Data available" },
        ]}
      />
      <Anchored id="sales">
        <BlockStack gap="400">
          <WindowPicker window={window} error={error} />
          <Metrics
            metrics={[
              ...salesKpiCards(sales, ["revenue", "orders", "averageOrderValue", "netSales"], period, currency),
            ]}
          />
        </BlockStack>
      </Anchored>
      <Anchored id="report">
        <BlockStack gap="400">
          <QueryForm key={form.query} initial={form} />
          {failure && "code" in failure && failure.code === "pending" ? (
            <ReportPending message={failure.message} />
          ) : failure ? (
            <ToolProblemBanner problem={failure} testId="analytics-failure" messageInTitle />
          ) : null}
          {noOrders ? (
            <Card>
              <EmptyHint
                heading="No orders to analyse yet"
                body="Reports run on the synced copy of the store, and it holds no orders: run the store sync first."
                action={<RunAgentButton agent="store-sync" title="Store sync" />}
              />
            </Card>
          ) : null}
          {report && age ? <AnalysisAge results={[age]} testId="analytics-age" /> : null}
          {report ? <ReportView report={report} currency={currency} /> : null}
        </BlockStack>
      </Anchored>
      <Anchored id="datasets">
        <TableCard
          title="Data available for analysis"
          headings={["Dataset", "Rows"]}
          rows={rows.every(([, n]) => n === 0) ? [] : rows}
          empty={{
            heading: "No store data yet",
            body: "Queries run on the synced copy of the store: run the store sync first.",
            action: <RunAgentButton agent="store-sync" title="Store sync" />,
          }}
          testId="datasets"
        />
      </Anchored>
    </ModulePage>
  );
}

/**
 * The report's place while it is worked out in the background (ADR 0015): about the report's size,
 * so the page does not jump when it arrives (the page reloads by itself).
 */
function ReportPending({ message }: { message: string }) {
  return (
    <Card>
      <div data-testid="analytics-pending" aria-busy="true">
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Working out this report
          </Text>
          <Text as="p" tone="subdued">
            {message} It appears here by itself.
          </Text>
          <div style={{ height: 260 }}>
            <SkeletonBodyText lines={10} />
          </div>
          <SkeletonBodyText lines={8} />
        </BlockStack>
      </div>
    </Card>
  );
}

// A GET form: the choice lands in the URL (with the picked dates), so the loader runs the report
// over the page's window and the page can be shared.
function QueryForm({ initial }: { initial: { query: string } }) {
  const [query, setQuery] = useState(initial.query);
  const [params] = useSearchParams();
  const navigation = useNavigation();
  return (
    <Card>
      <Form method="get" data-testid="analytics-form">
        {["days", "from", "to"].map((key) =>
          params.get(key) ? <input key={key} type="hidden" name={key} value={params.get(key)!} /> : null,
        )}
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Report
          </Text>
          <InlineStack gap="300" blockAlign="end" wrap>
            <div style={{ minWidth: 240 }}>
              <Select label="Report" name="query" options={QUERY_OPTIONS} value={query} onChange={setQuery} />
            </div>
            <Button
              submit
              variant="primary"
              loading={navigation.state === "loading" && navigation.location.pathname === "/app/analytics"}
            >
              Run report
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}

/** The series a share chart draws: retention curves for the latest six cohorts (more lines do not read), or the report's one series. */
function shareChartSeries(query: string, series: NonNullable<Report["series"]>): NonNullable<Report["series"]> {
  // Cohorts come oldest first; months not yet observed are null and stay gaps.
  return query === "cohort_retention" ? series.slice(-6) : series.slice(0, 1);
}

function ReportView({ report, currency }: { report: Report; currency: string }) {
  const { columns, rows, totals, series, params } = report;
  const csvUrl = `/api/analytics/${report.query}?${new URLSearchParams({ from: params.from, to: params.to, limit: String(params.limit), format: "csv" })}`;
  // Money over time or per item as a revenue chart; shares (retention, returning share,
  // sell-through) as percentage lines or bars.
  const moneyLabels = new Set(columns.filter((c) => c.type === "money").map((c) => c.label));
  const chartSeries = series?.find((s) => moneyLabels.has(s.name));
  const shareSeries =
    !chartSeries && columns.some((c) => c.type === "percent") ? shareChartSeries(report.query, series ?? []) : [];
  const totalColumns = columns
    .filter((c) => (c.type === "money" || c.type === "integer") && typeof totals?.[c.key] === "number")
    .slice(0, 4);
  const title = `${QUERY_LABELS[report.query]}, ${params.from} to ${params.to}`;
  return (
    <>
      {totalColumns.length ? (
        <Metrics
          metrics={totalColumns.map((c) => ({
            label: `Total ${c.label.toLowerCase()}`,
            value: String(formatCell(totals![c.key] ?? null, c.type, currency)),
          }))}
        />
      ) : null}
      {chartSeries && rows.length ? (
        <RevenueChart
          title={chartSeries.name}
          description={title}
          testId="analytics-chart"
          seriesName={chartSeries.name}
          currency={currency}
          kind={report.query === "revenue_by_day" ? "line" : "bar"}
          points={chartSeries.data.map((d) => ({ day: d.key, revenue: d.value ?? 0, orders: 0 }))}
        />
      ) : null}
      {shareSeries.length && rows.length ? (
        <ShareChart
          title={report.query === "cohort_retention" ? "Retention by cohort" : shareSeries[0].name}
          description={
            report.query === "cohort_retention" && shareSeries.length < (series?.length ?? 0)
              ? `${title}: the latest ${shareSeries.length} cohorts`
              : title
          }
          testId="analytics-chart"
          kind={report.query === "sell_through" ? "bar" : "line"}
          keyHeading={report.query === "sell_through" ? "Product" : "Period"}
          series={shareSeries}
        />
      ) : null}
      <TableCard
        title={report.totalRows > rows.length ? `${title} (top ${rows.length} of ${report.totalRows})` : title}
        headings={columns.map((c) => c.label)}
        rows={rows.map((row) => columns.map((c) => formatCell(row[c.key] ?? null, c.type, currency)))}
        empty={{
          heading: "Nothing in this period",
          body: "No sales match this report in the chosen days: widen the period.",
        }}
        testId="analytics-table"
      />
      <Card>
        <BlockStack gap="200">
          <InlineStack gap="300" blockAlign="center">
            <DownloadButton url={csvUrl} fallbackName={`${report.query}.csv`} testId="analytics-csv">
              Download CSV
            </DownloadButton>
            <Text as="span" tone="subdued">
              {count(report.totalRows)} rows
            </Text>
          </InlineStack>
          {report.notes.map((note) => (
            <Text key={note} as="p" tone="subdued">
              {note}
            </Text>
          ))}
        </BlockStack>
      </Card>
    </>
  );
}
