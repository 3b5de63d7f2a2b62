// The weekly report: last week against the week before and the same week last year, the products
// that moved most, what is out of stock, and how applied changes did; prepared every Monday by the
// weekly-report agent (or on demand), with its earlier reports and a CSV download.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Card, InlineStack, Text } from "@shopify/polaris";
import { storedWeeklyReports } from "../../agents/analytics/weekly-report";
import { changeText, metricLabel, REPORT_METRICS, verdictText } from "../../agents/analytics/weekly-words";
import { requireAdmin } from "../auth.server";
import { DownloadButton } from "../components/DownloadButton";
import { useReloadOnStoreChanges } from "../components/live/LiveEvents";
import { moduleErrorBoundary } from "../components/ModuleError";
import { EmptyHint, Metrics, ModulePage, TableCard } from "../components/ModulePage";
import { RunAgentButton } from "../components/RunAgentButton";
import { shopCurrency } from "../currency.server";
import db from "../db.server";
import { loaderMemo, pageMemoKey } from "../loader-memo.server";
import { agentStatus } from "../findings.server";
import { count, money, when } from "../format";

/** The agent that prepares the reports (agents/analytics/agent.ts). */
const WEEKLY_AGENT = "weekly-report";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, mode } = await requireAdmin(request);
  const url = new URL(request.url);
  // Read once per database version (app/loader-memo.server.ts): stored reports and the agent's last
  // run change only by a write; the schedule is the agent's definition. Nothing here ends by the clock.
  return loaderMemo.read(db, pageMemoKey("/app/weekly-report", shop, mode, url), Date.now(), async () => ({
    validUntil: Infinity,
    data: await readWeeklyReports(shop, url.searchParams.get("report")),
  }));
};

async function readWeeklyReports(shop: string, runId: string | null) {
  const [reports, chosen, currency, agent] = await Promise.all([
    storedWeeklyReports(db, shop, { limit: 12 }),
    runId ? storedWeeklyReports(db, shop, { runId, limit: 1 }) : Promise.resolve(null),
    shopCurrency(shop),
    agentStatus(shop, WEEKLY_AGENT),
  ]);
  const shown = chosen ? (chosen[0] ?? null) : (reports[0] ?? null);
  return {
    shown,
    missing: Boolean(runId) && !chosen?.length,
    earlier: reports.map((r) => ({ runId: r.runId, label: r.report.week.label, finishedAt: r.finishedAt })),
    currency: shown?.report.currency ?? currency,
    agent,
  };
}

export const ErrorBoundary = moduleErrorBoundary("/app/weekly-report");

export default function WeeklyReport() {
  const { shown, missing, earlier, currency, agent } = useLoaderData<typeof loader>();
  // A new report appears as soon as its run finishes.
  useReloadOnStoreChanges([], { agents: [WEEKLY_AGENT] });
  const runButton = <RunAgentButton agent={WEEKLY_AGENT} title="Weekly report" label="Prepare it now" />;
  if (!shown)
    return (
      <ModulePage
        title="Weekly report"
        summary="Last week's numbers against the week before and the same week last year."
      >
        {missing ? <Banner tone="warning" title="That report is not available; here is what there is." /> : null}
        <Card>
          <EmptyHint
            heading="No weekly report yet"
            body={`The weekly report is prepared every Monday at 6:00 from your synced orders. ${agent.lastRunStatus === "failed" ? "Its last attempt failed; the Agents page says why." : "Prepare it now to see last week."}`}
            action={runButton}
          />
        </Card>
      </ModulePage>
    );
  const { report } = shown;
  const m = (n: number) => money(n, currency);
  const isMoney = (key: (typeof REPORT_METRICS)[number]) => key !== "orders" && key !== "units";
  const figure = (key: (typeof REPORT_METRICS)[number], value: number) => (isMoney(key) ? m(value) : count(value));
  const against = (key: (typeof REPORT_METRICS)[number]) => ({
    text: `${changeText(report.vsPrevious[key])} vs the week before${report.vsLastYear ? `; ${changeText(report.vsLastYear[key])} vs last year` : ""}`,
    tone: "subdued" as const,
  });
  return (
    <ModulePage
      title={`Weekly report: ${report.week.label}`}
      summary={`Monday to Sunday on your store's days (${report.timeZone}), against ${report.previousWeek.label} and ${report.lastYearWeek.label}.`}
    >
      {missing ? <Banner tone="warning" title="That report is not available; showing the latest." /> : null}
      <InlineStack gap="300" align="space-between" blockAlign="center">
        <Text as="p" tone="subdued">
          Prepared {when(shown.finishedAt)} UTC.
        </Text>
        <InlineStack gap="200">
          <DownloadButton
            url={`/app/weekly-report.csv?report=${encodeURIComponent(shown.runId)}`}
            fallbackName={`weekly-report-${report.week.from}.csv`}
            testId="weekly-report-csv"
          >
            Download CSV
          </DownloadButton>
          {runButton}
        </InlineStack>
      </InlineStack>
      <Metrics
        metrics={(["revenue", "orders", "averageOrderValue", "netSales"] as const).map((key) => ({
          label: metricLabel(key),
          value: figure(key, report.metrics[key]),
          change: against(key),
        }))}
      />
      <TableCard
        title="Against the week before and the same week last year"
        headings={[
          "Figure",
          report.week.label,
          report.previousWeek.label,
          "Change",
          `${report.lastYearWeek.label}`,
          "Change vs last year",
        ]}
        rows={REPORT_METRICS.map((key) => [
          metricLabel(key),
          figure(key, report.metrics[key]),
          figure(key, report.previous[key]),
          changeText(report.vsPrevious[key]),
          report.vsLastYear ? figure(key, report.lastYear[key]) : "No orders synced that far back",
          changeText(report.vsLastYear?.[key]),
        ])}
        empty={{ heading: "No figures", body: "" }}
        testId="weekly-figures"
      />
      <TableCard
        title="Selling more than the week before"
        headings={["Product", "Revenue", "The week before", "Change", "Units"]}
        rows={report.movers.up.map((p) => [
          p.title,
          m(p.revenue),
          m(p.previousRevenue),
          `+${m(p.change)}`,
          `${count(p.units)} (was ${count(p.previousUnits)})`,
        ])}
        empty={{ heading: "No product sold more", body: "No product's revenue rose against the week before." }}
        testId="weekly-movers-up"
      />
      <TableCard
        title="Selling less than the week before"
        headings={["Product", "Revenue", "The week before", "Change", "Units"]}
        rows={report.movers.down.map((p) => [
          p.title,
          m(p.revenue),
          m(p.previousRevenue),
          `-${m(-p.change)}`,
          `${count(p.units)} (was ${count(p.previousUnits)})`,
        ])}
        empty={{ heading: "No product sold less", body: "No product's revenue fell against the week before." }}
        testId="weekly-movers-down"
      />
      <TableCard
        title={`Out of stock now (${count(report.stockouts.count)})`}
        headings={["Product", "Variant", "SKU", "Sold last week"]}
        rows={report.stockouts.items.map((s) => [
          s.product,
          s.variant === "Default Title" ? "—" : s.variant,
          s.sku ?? "—",
          count(s.soldThisWeek),
        ])}
        empty={{
          heading: "Nothing is out of stock",
          body: "Every tracked variant had stock when the report was prepared.",
        }}
        testId="weekly-stockouts"
      />
      <TableCard
        title={`Changes applied through the app (${count(report.changes.appliedThisWeek)} last week)`}
        headings={["Change", "Applied", "Revenue before", "Revenue after", "Result"]}
        rows={report.changes.outcomes.map((o) => [
          o.summary,
          when(o.appliedAt),
          m(o.before.revenue),
          m(o.after.revenue),
          `${verdictText(o.verdict)}: ${o.note}`,
        ])}
        empty={{
          heading: "No applied changes to measure",
          body: "Price, stock and discount changes you approve are measured here once they have had a week of sales.",
        }}
        testId="weekly-changes"
      />
      {earlier.length > 1 ? (
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              Earlier reports
            </Text>
            {earlier.map((r) => (
              <Link key={r.runId} to={`/app/weekly-report?report=${encodeURIComponent(r.runId)}`}>
                {r.label} (prepared {when(r.finishedAt)} UTC)
              </Link>
            ))}
          </BlockStack>
        </Card>
      ) : null}
    </ModulePage>
  );
}
