import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Card } from "@shopify/polaris";
import { dashboardSummary } from "../../agents/overview/queries";
import { alertView } from "../../agents/security/alerts";
import { alertDecisionAction } from "../alerts.server";
import { requireAdmin } from "../auth.server";
import { AlertList } from "../components/alerts/AlertList";
import { chartLinks, RevenueChart } from "../components/charts/Charts";
import { everyDay } from "../components/charts/series";
import { useLiveRuns, useReloadOnAlerts } from "../components/live/LiveEvents";
import { moduleErrorBoundary } from "../components/ModuleError";
import { EmptyHint, Metrics, ModulePage, TableCard } from "../components/ModulePage";
import { RunAgentButton } from "../components/RunAgentButton";
import db from "../db.server";
import { count, money, when } from "../format";
import { MODULES } from "../modules";

export const links = chartLinks;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, mode } = await requireAdmin(request);
  const now = new Date();
  const { counts, last30, days, recentRuns, alerts } = await dashboardSummary(db, shop, now);
  return {
    counts,
    last30,
    revenueByDay: everyDay(days, last30.since, now),
    recentRuns,
    alerts: alerts.map((a) => alertView(a, now, { mode, shop })),
  };
};

/** Acknowledge, snooze or resolve an alert from the dashboard's list. */
export const action = (args: ActionFunctionArgs) => alertDecisionAction(args);

export const ErrorBoundary = moduleErrorBoundary("/app");

export default function Dashboard() {
  const { counts, last30, revenueByDay, recentRuns, alerts } = useLoaderData<typeof loader>();
  const runs = useLiveRuns(recentRuns);
  useReloadOnAlerts();
  const module = MODULES[0];
  return (
    <ModulePage title={module.title} summary={module.summary}>
      <Metrics
        metrics={[
          { label: "Revenue (30 days)", value: money(last30.revenue) },
          { label: "Orders (30 days)", value: count(last30.orders) },
          { label: "Average order value", value: money(last30.averageOrderValue) },
          { label: "Products synced", value: count(counts.products) },
        ]}
      />
      {counts.orders === 0 ? (
        <Card>
          <EmptyHint
            heading="No orders synced yet"
            body="Run the store sync to copy the store's products, orders and customers; the dashboard and the agents work from that copy."
            action={<RunAgentButton agent="store-sync" title="Store sync" />}
          />
        </Card>
      ) : (
        <RevenueChart
          title="Revenue, last 30 days"
          description="Order totals per day, cancelled orders excluded."
          points={revenueByDay}
        />
      )}
      <AlertList
        title="Open alerts"
        alerts={alerts}
        explain={(a) => `/app/security?alert=${encodeURIComponent(a.id)}`}
        empty={{
          heading: "No open alerts",
          body: "Risky orders, stockouts, failing webhooks and unusual activity will be raised here.",
        }}
        testId="dashboard-alerts"
      />
      <TableCard
        title="Agent activity"
        headings={["Agent", "Trigger", "Status", "Queued"]}
        rows={runs.map((r) => [
          r.agent,
          r.trigger,
          r.status === "running" ? `running · ${r.progress}%` : r.status,
          when(r.queuedAt),
        ])}
        empty={{
          heading: "No agent runs yet",
          body: "Run an agent from the Agents page or ask AIRA; its progress shows here live.",
        }}
        testId="dashboard-runs"
      />
    </ModulePage>
  );
}
