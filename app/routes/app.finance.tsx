import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Card, InlineStack, SkeletonBodyText, Text } from "@shopify/polaris";
import { lazy } from "react";
import type { ToolOutput } from "../../agents/core/registry";
import { daysIn, lastDays, previousWindow, reportIn, salesDays } from "../../agents/analytics/window";
import { nextLocalMidnight } from "../../agents/core/time";
import { nextFindingSnoozeEnd, type FindingKind } from "../../agents/findings/store";
import {
  compareSalesPeriods,
  forecastRevenueTool,
  getCashFlow,
  getSalesSummary,
  toolRegistry,
} from "../../agents/tools";
import { requireAdmin } from "../auth.server";
import { PagedTable } from "../components/PagedTable";
import { chartLinks, RevenueChart } from "../components/charts/Charts";
import { ChartFrame } from "../components/charts/ChartFrame";
import { ClientOnly } from "../components/charts/ClientOnly";
import { forecastTable } from "../components/charts/table";
import { byWeek, shortDay } from "../components/charts/series";
import { moduleErrorBoundary } from "../components/ModuleError";
import { EmptyHint, Metrics, ModulePage, SectionCard } from "../components/ModulePage";
import { RunAgentButton } from "../components/RunAgentButton";
import { AnalysisAge, awaitingAnalysis, ToolProblemBanner, type ToolOutcome } from "../components/ToolOutcome";
import { useReloadOnStoreChanges, useReloadWhenAnalysed } from "../components/live/LiveEvents";
import { windowAndCurrency } from "../currency.server";
import db from "../db.server";
import { loaderMemo, pageMemoKey } from "../loader-memo.server";
import { count, money } from "../format";
import { agentEmpty } from "../components/worklist/agentEmpty";
import { Worklist } from "../components/worklist/Worklist";
import { agentStatus, focusFromUrl, loadWorklist } from "../findings.server";
import { MODULES } from "../modules";
import { merchantWords } from "../merchant-words.server";
import { modelText } from "../components/merchant-words";
import { salesKpiCards, windowTitle } from "../sales-window";
import { WindowPicker } from "../components/WindowPicker";

export const links = chartLinks;

const CASH_FLOW_WEEKS = 12;
const FORECAST_DAYS = 30;
/** Days of actual revenue drawn before the forecast, for context. */
const FORECAST_CONTEXT_DAYS = 42;
const ANOMALY_KINDS: FindingKind[] = ["revenue_anomaly"];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const admin = await requireAdmin(request);
  const { shop, mode } = admin;
  const now = new Date();
  const url = new URL(request.url);
  // The window's figures from the daily rollup and the worklist: read once per database version
  // (ADR 0039). The four analyses below are stored results (ADR 0015, 0049): read on every load,
  // since a stale one asks the worker for a new one.
  const page = await loaderMemo.read(db, pageMemoKey("/app/finance", shop, mode, url), now.getTime(), () =>
    readFinance(shop, url, now),
  );
  const { window } = page;
  const period = { from: window.from, to: window.to };
  const cashFlowWindow = lastDays(CASH_FLOW_WEEKS * 7, now, window.timeZone);
  const ctx = await admin.toolContext();
  const [comparison, summary, cashFlow, forecast] = await Promise.all([
    toolRegistry.run(ctx, compareSalesPeriods, period),
    toolRegistry.run(ctx, getSalesSummary, { ...period, by: "week" }),
    toolRegistry.run(ctx, getCashFlow, { from: cashFlowWindow.from, to: cashFlowWindow.to }),
    toolRegistry.run(ctx, forecastRevenueTool, { horizonDays: FORECAST_DAYS }),
  ]);
  // The forecast's history ends on its last complete day; the chart shows the weeks before it.
  const recent = forecast.ok ? page.recentDays.filter((d) => d.day <= forecast.data.history.to) : [];
  return {
    window,
    custom: page.custom,
    error: page.error,
    currency: page.currency,
    sales: page.sales,
    bars: page.bars,
    byWeekBars: page.byWeekBars,
    // Tool notes in merchant words (no tool names).
    ...merchantWords({ comparison, summary, cashFlow, forecast }),
    recent,
    anomalies: page.anomalies,
  };
};

async function readFinance(shop: string, url: URL, now: Date) {
  const { window, error, currency } = await windowAndCurrency(shop, url, now);
  const context = lastDays(FORECAST_CONTEXT_DAYS, now, window.timeZone);
  const previous = previousWindow(window, now);
  // The window with its previous period, and the forecast's recent weeks, in one read when they touch.
  const readFrom = previous.from < context.from ? previous.from : context.from;
  const readTo = window.to > context.to ? window.to : context.to;
  const [salesRead, anomalies, monitor, snoozeEnd] = await Promise.all([
    salesDays(db, shop, readFrom, readTo),
    loadWorklist(shop, url, { key: "anomalies", kinds: ANOMALY_KINDS, focus: focusFromUrl(url, "day") }),
    agentStatus(shop, "finance-monitor"),
    nextFindingSnoozeEnd(db, shop, ANOMALY_KINDS, now),
  ]);
  const days = daysIn(salesRead, window);
  const anySales = days.some((d) => d.orders > 0);
  // What the clock alone changes: the shop's day (the windows) and a snoozed anomaly's end.
  const nextMidnight = nextLocalMidnight(now, window.timeZone);
  return {
    validUntil: Math.min(nextMidnight, snoozeEnd?.getTime() ?? Infinity),
    data: {
      window,
      custom: url.searchParams.has("from"),
      error,
      currency,
      sales: reportIn(salesRead, window, now),
      // Long windows are charted by week, short ones by day.
      bars: !anySales ? [] : window.days > 31 ? byWeek(days) : days,
      byWeekBars: window.days > 31,
      recentDays: daysIn(salesRead, context),
      anomalies: { list: anomalies, monitor },
    },
  };
}

export const ErrorBoundary = moduleErrorBoundary("/app/finance");

const percent = (share: number, digits = 1) => `${(share * 100).toFixed(digits)}%`;
const signed = (text: string, value: number) => (value > 0 ? `+${text}` : text);

export default function Finance() {
  const {
    window,
    custom,
    error,
    currency,
    sales,
    bars,
    byWeekBars,
    comparison,
    summary,
    cashFlow,
    forecast,
    recent,
    anomalies,
  } = useLoaderData<typeof loader>();
  // New orders, stock or catalog changes reach this page without a reload.
  useReloadOnStoreChanges(["orders"]);
  const module = MODULES.find((m) => m.path === "/app/finance")!;
  const period = windowTitle(window, custom);
  return (
    <ModulePage title={module.title} summary={module.summary}>
      <WindowPicker window={window} error={error} />
      <Metrics metrics={[...salesKpiCards(sales, ["revenue", "refunds", "netSales", "discounts"], period, currency)]} />
      <GrossMargin summary={summary} period={period} currency={currency} />
      {bars.length > 0 ? (
        <RevenueChart
          title={`Sales by ${byWeekBars ? "week" : "day"}, ${window.label}`}
          description={
            byWeekBars
              ? "Order totals per 7 days (each bar starts on the day shown), before refunds."
              : "Order totals per day in the shop's time zone, before refunds."
          }
          points={bars}
          kind="bar"
          seriesName="Sales"
          currency={currency}
          testId="finance-chart"
        />
      ) : (
        <Card>
          <EmptyHint
            heading={`No orders in ${window.label}`}
            body="Finance figures come from the store's orders. Run the store sync if the store has orders that are not here yet."
            action={<RunAgentButton agent="store-sync" title="Store sync" />}
          />
        </Card>
      )}
      <PeriodComparison comparison={comparison} currency={currency} />
      <CashFlow cashFlow={cashFlow} currency={currency} />
      <Forecast forecast={forecast} recent={recent} currency={currency} />
      <Worklist
        title="Unusual revenue days"
        description="Days whose revenue was far above or below what the weekly pattern and trend lead to expect."
        list={anomalies.list}
        currency={currency}
        empty={agentEmpty(anomalies.monitor, "No unusual revenue day")}
      />
    </ModulePage>
  );
}

function GrossMargin({
  summary,
  period,
  currency,
}: {
  summary: ToolOutcome<typeof getSalesSummary>;
  period: string;
  currency: string;
}) {
  // Worked out in the background on every store size (ADR 0049): the page reloads when it is.
  useReloadWhenAnalysed(awaitingAnalysis([summary]));
  if (!summary.ok)
    return <ToolProblemBanner title="Gross margin is not available" problem={summary} testId="margin-problem" />;
  const { totals } = summary.data;
  return (
    <Metrics
      metrics={[
        {
          label: `Gross margin (${period})`,
          value: totals.grossMargin == null ? "No unit costs" : percent(totals.grossMargin),
        },
        { label: `Cost of goods (${period})`, value: money(totals.costOfGoods, currency) },
        { label: "Sales with a known unit cost", value: percent(totals.costCoverage, 0) },
        { label: `Average order value (${period})`, value: money(totals.averageOrderValue, currency) },
      ]}
    />
  );
}

/** How each compared metric reads; money in the shop's currency. */
const compared = (currency: string): Record<string, { label: string; format: (n: number) => string }> => ({
  revenue: { label: "Revenue", format: (n) => money(n, currency) },
  orders: { label: "Orders", format: count },
  averageOrderValue: { label: "Average order value", format: (n) => money(n, currency) },
  refunded: { label: "Refunds", format: (n) => money(n, currency) },
  discounts: { label: "Discounts", format: (n) => money(n, currency) },
  netSales: { label: "Net sales", format: (n) => money(n, currency) },
  customers: { label: "Customers", format: count },
  revenuePerDay: { label: "Revenue per day", format: (n) => money(n, currency) },
});

function PeriodComparison({
  comparison,
  currency,
}: {
  comparison: ToolOutcome<typeof compareSalesPeriods>;
  currency: string;
}) {
  const title = "This period against the one before";
  useReloadWhenAnalysed(awaitingAnalysis([comparison]));
  if (!comparison.ok) {
    return (
      <SectionCard title={title}>
        <ToolProblemBanner title="The periods cannot be compared" problem={comparison} testId="comparison-problem" />
      </SectionCard>
    );
  }
  const { current, previous, changes, notes } = comparison.data;
  return (
    <SectionCard
      title={title}
      description={
        <span data-testid="comparison-period">
          {current.from} to {current.to} against {previous.from} to {previous.to}; orders by the day they were placed,
          cancelled orders left out.
        </span>
      }
    >
      <div data-testid="period-comparison">
        <PagedTable
          label="Period comparison"
          columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric"]}
          headings={["", "This period", "Period before", "Change", "% change"]}
          rows={changes.map((c) => {
            const { label, format } = compared(currency)[c.metric] ?? { label: c.metric, format: String };
            return [
              label,
              format(c.current),
              format(c.previous),
              signed(format(c.change), c.change),
              c.changePct == null ? "—" : signed(percent(c.changePct), c.changePct),
            ];
          })}
        />
      </div>
      <AnalysisAge results={[comparison]} testId="comparison-age" />
      {notes.map((n) => (
        <Text key={n} as="p" tone="subdued">
          {n}
        </Text>
      ))}
    </SectionCard>
  );
}

function CashFlow({ cashFlow, currency }: { cashFlow: ToolOutcome<typeof getCashFlow>; currency: string }) {
  useReloadWhenAnalysed(awaitingAnalysis([cashFlow]));
  const title = `Cash flow, last ${CASH_FLOW_WEEKS} weeks`;
  if (!cashFlow.ok) {
    return (
      <SectionCard title={title}>
        <ToolProblemBanner title="Cash flow is not available" problem={cashFlow} testId="cashflow-problem" />
      </SectionCard>
    );
  }
  const flow = cashFlow.data;
  const lines = [
    { name: "Sales", direction: "in", ...flow.inflows.sales },
    { name: "Refunds", direction: "out", ...flow.outflows.refunds },
    { name: "Cost of goods (known unit costs)", direction: "out", ...flow.outflows.costOfGoodsKnown },
    ...(flow.outflows.costOfGoodsExtrapolated
      ? [
          {
            name: "Cost of goods (items without a unit cost)",
            direction: "out",
            ...flow.outflows.costOfGoodsExtrapolated,
          },
        ]
      : []),
    { name: "Payment fees", direction: "out", ...flow.outflows.paymentFees },
  ];
  return (
    <SectionCard
      title={title}
      description={`${flow.from} to ${flow.to}, by week starting Monday. Net = money in - money out; estimated lines say how they were estimated.`}
    >
      <InlineStack gap="600">
        <Text as="p" variant="headingSm">
          In {money(flow.totals.inflows, currency)}
        </Text>
        <Text as="p" variant="headingSm">
          Out {money(flow.totals.outflows, currency)}
        </Text>
        <span data-testid="cashflow-net">
          <Text as="p" variant="headingSm">
            Net {money(flow.totals.net, currency)}
          </Text>
        </span>
      </InlineStack>
      <BlockStack gap="200">
        {lines.map((line) => (
          <div key={line.name} data-testid="cashflow-line" data-estimated={line.estimated ? "true" : "false"}>
            <BlockStack gap="050">
              <InlineStack gap="200" blockAlign="center">
                <Text as="span" fontWeight="semibold">
                  {line.name} ({line.direction === "in" ? "money in" : "money out"}): {money(line.amount, currency)}
                </Text>
                {line.estimated ? <Badge tone="attention">Estimated</Badge> : <Badge tone="success">Recorded</Badge>}
              </InlineStack>
              <Text as="p" tone="subdued">
                {line.basis}
              </Text>
            </BlockStack>
          </div>
        ))}
      </BlockStack>
      <div data-testid="cashflow-weeks">
        <PagedTable
          label="Cash flow by week"
          columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric", "numeric", "numeric"]}
          headings={["Week", "Orders", "In", "Refunds", "Cost of goods (est.)", "Fees (est.)", "Out", "Net"]}
          rows={flow.weeks.map((w) => [
            w.days < 7
              ? `${shortDay(w.from)} – ${shortDay(w.to)} (${w.days} days)`
              : `Week of ${shortDay(w.weekStart)}`,
            w.orders,
            money(w.inflows, currency),
            money(w.refunds, currency),
            money(w.costOfGoods, currency),
            money(w.paymentFees, currency),
            money(w.outflows, currency),
            money(w.net, currency),
          ])}
        />
      </div>
      {flow.notIncluded.length > 0 ? (
        <Text as="p" tone="subdued">
          Not included: {flow.notIncluded.join(" ")}
        </Text>
      ) : null}
    </SectionCard>
  );
}

type ForecastData = ToolOutput<typeof forecastRevenueTool>;
type ChartProps = { recent: { day: string; revenue: number }[]; daily: ForecastData["daily"]; currency: string };

// polaris-viz measures the DOM and cannot render on the server: loaded in the browser only.
const ForecastRevenueView = lazy(() =>
  import("@shopify/polaris-viz").then(({ LineChartRelational, PolarisVizProvider }) => ({
    default: function ForecastRevenueChart({ recent, daily, currency }: ChartProps) {
      const compact = (v: string | number | null) =>
        new Intl.NumberFormat("en-US", {
          style: "currency",
          currency,
          notation: "compact",
          maximumFractionDigits: 1,
        }).format(Number(v ?? 0));
      const exact = (v: string | number | null) => money(Number(v ?? 0), currency);
      const keys = [...recent.map((r) => r.day), ...daily.map((d) => d.date)];
      const pad = (values: (number | null)[], before: number) => [...Array<null>(before).fill(null), ...values];
      const series = (name: string, values: (number | null)[]) => ({
        name,
        data: keys.map((key, i) => ({ key, value: values[i] ?? null })),
      });
      const before = Math.max(recent.length - 1, 0);
      const data = [
        {
          ...series(
            "Revenue",
            recent.map((r) => r.revenue),
          ),
          color: "#2463EB",
        },
        // Starts on the last actual day so the two lines join.
        {
          ...series(
            "Forecast",
            pad([...(recent.length ? [recent.at(-1)!.revenue] : []), ...daily.map((d) => d.revenue)], before),
          ),
          color: "#7C3AED",
          styleOverride: { line: { strokeDasharray: "4 4" } },
        },
        {
          ...series(
            "80% interval, upper",
            pad(
              daily.map((d) => d.hi80),
              recent.length,
            ),
          ),
          color: "#7C3AED",
          metadata: { relatedIndex: 3, areaColor: "rgba(124, 58, 237, 0.15)", legendLabel: "80% interval" },
        },
        {
          ...series(
            "80% interval, lower",
            pad(
              daily.map((d) => d.lo80),
              recent.length,
            ),
          ),
          color: "#7C3AED",
          metadata: { relatedIndex: 2 },
        },
      ];
      return (
        <PolarisVizProvider>
          <LineChartRelational
            data={data}
            xAxisOptions={{ labelFormatter: shortDay }}
            yAxisOptions={{ labelFormatter: compact }}
            tooltipOptions={{ valueFormatter: exact, titleFormatter: shortDay }}
            skipLinkText="Skip chart content"
          />
        </PolarisVizProvider>
      );
    },
  })),
);

const CHART_HEIGHT = 260;

function backtestText(bt: ForecastData["backtest"], currency: string): string {
  if (!bt.available) return `No backtest: ${bt.reason ?? "not enough history."}`;
  const total = bt.totalErrorPct ?? 0;
  return (
    `Backtest on ${bt.from} to ${bt.to} (${bt.days} days): forecast ${money(bt.forecast ?? 0, currency)} against ${money(bt.actual ?? 0, currency)} actual ` +
    `(${percent(Math.abs(total))} ${total < 0 ? "under" : "over"}); typical daily error ${percent(bt.wape ?? 0)} of revenue (seasonal naive: ${percent(bt.seasonalNaiveWape ?? 0)}); ` +
    `${percent(bt.coverage80 ?? 0, 0)} of days fell inside the 80% interval.`
  );
}

function Forecast({
  forecast,
  recent,
  currency,
}: {
  forecast: ToolOutcome<typeof forecastRevenueTool>;
  recent: { day: string; revenue: number }[];
  currency: string;
}) {
  const title = `Revenue forecast, next ${FORECAST_DAYS} days`;
  useReloadWhenAnalysed(awaitingAnalysis([forecast]));
  if (!forecast.ok) {
    return (
      <SectionCard title={title}>
        <ToolProblemBanner title="Revenue cannot be forecast" problem={forecast} testId="forecast-problem" />
      </SectionCard>
    );
  }
  const f = forecast.data;
  const bt = f.backtest;
  const placeholder = (
    <div style={{ height: CHART_HEIGHT, display: "flex", alignItems: "center" }} aria-busy="true">
      <div style={{ width: "100%" }}>
        <SkeletonBodyText lines={6} />
      </div>
    </div>
  );
  return (
    <SectionCard
      title={title}
      description={`${f.basis} Forecast with a ${modelText(f.method.model)} from ${f.history.days} days of history to ${f.history.to}.`}
    >
      <div data-testid="forecast-total">
        <Text as="p" variant="headingMd">
          {money(f.total.revenue, currency)} expected (80% range {money(f.total.lo80, currency)} to{" "}
          {money(f.total.hi80, currency)})
        </Text>
      </div>
      <ChartFrame
        label={title}
        height={CHART_HEIGHT}
        testId="revenue-forecast-chart"
        table={forecastTable(
          {
            history: recent.map((r) => ({ day: r.day, units: r.revenue })),
            forecast: f.daily.map((d) => ({ day: d.date, units: d.revenue, lo: d.lo80, hi: d.hi80 })),
            level: 80,
          },
          (value) => money(value, currency),
        )}
      >
        <ClientOnly fallback={placeholder}>
          {() => <ForecastRevenueView recent={recent} daily={f.daily} currency={currency} />}
        </ClientOnly>
      </ChartFrame>
      <div data-testid="forecast-backtest">
        <Text as="p">{backtestText(bt, currency)}</Text>
      </div>
      <AnalysisAge results={[forecast]} testId="forecast-age" />
      {f.notes.map((n) => (
        <Text key={n} as="p" tone="subdued">
          {n}
        </Text>
      ))}
    </SectionCard>
  );
}
