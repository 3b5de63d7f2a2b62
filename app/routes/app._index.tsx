import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Card } from "@shopify/polaris";
import { dashboardSummary } from "../../agents/overview/queries";
import { alertView, nextSnoozeEnd } from "../../agents/security/alerts";
import { nextLocalMidnight } from "../../agents/core/time";
import { alertDecisionAction } from "../alerts.server";
import { requireAdmin } from "../auth.server";
import type { DocumentCacheHandle } from "../document-cache.server";
import { AlertList } from "../components/alerts/AlertList";
import { chartLinks, RevenueChart } from "../components/charts/Charts";
import { useLiveRuns, useReloadOnAlerts, useReloadOnStoreChanges } from "../components/live/LiveEvents";
import { moduleErrorBoundary } from "../components/ModuleError";
import { EmptyHint, Metrics, ModulePage, TableCard } from "../components/ModulePage";
import { RunAgentButton } from "../components/RunAgentButton";
import { windowAndCurrency } from "../currency.server";
import db from "../db.server";
import { loaderMemo } from "../loader-memo.server";
import { count, money, when } from "../format";
import { MODULES } from "../modules";
import { salesKpiCards, windowTitle } from "../sales-window";
import { WindowPicker } from "../components/WindowPicker";

export const links = chartLinks;

// Its document is rendered once per distinct loader data (app/document-cache.server.ts): it renders
// only its loader data and the URL.
export const handle: DocumentCacheHandle = { documentCache: true };

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, mode } = await requireAdmin(request);
  const now = new Date();
  const query = new URL(request.url).searchParams;
  // Only what the reads depend on: Shopify's signed query parameters differ on every load.
  const days = query.get("days");
  const from = query.get("from");
  const to = query.get("to");
  const key = JSON.stringify(["/app", shop, mode, days, from, to]);
  // Read once per database version (app/loader-memo.server.ts): any commit reads again.
  return loaderMemo.read(db, key, now.getTime(), () => readDashboard(shop, mode, { days, from, to }, now));
};

async function readDashboard(
  shop: string,
  mode: "embedded" | "local",
  query: { days: string | null; from: string | null; to: string | null },
  now: Date,
) {
  const url = new URL("http://query/");
  for (const [name, value] of Object.entries(query)) if (value !== null) url.searchParams.set(name, value);
  const { window, error, currency } = await windowAndCurrency(shop, url, now);
  const [{ counts, sales, days, today, recentRuns, alerts }, snoozeEnd] = await Promise.all([
    dashboardSummary(db, shop, window, now),
    nextSnoozeEnd(db, shop, now),
  ]);
  // What the clock alone changes: the shop's day (today so far, the window) and a snooze's end.
  const nextMidnight = nextLocalMidnight(now, window.timeZone);
  return {
    validUntil: Math.min(nextMidnight, snoozeEnd?.getTime() ?? Infinity),
    data: {
      window,
      custom: query.from !== null,
      error,
      currency,
      counts,
      sales,
      today,
      revenueByDay: days,
      recentRuns,
      alerts: alerts.map((a) => alertView(a, now, { mode, shop })),
    },
  };
}

/** Acknowledge, snooze or resolve an alert from the dashboard's list. */
export const action = (args: ActionFunctionArgs) => alertDecisionAction(args);

export const ErrorBoundary = moduleErrorBoundary("/app");

export default function Dashboard() {
  const { window, custom, error, currency, counts, sales, today, revenueByDay, recentRuns, alerts } =
    useLoaderData<typeof loader>();
  // New orders, stock or catalog changes reach this page without a reload.
  useReloadOnStoreChanges(["orders", "products", "inventory", "customers"]);
  const period = windowTitle(window, custom);
  const runs = useLiveRuns(recentRuns);
  useReloadOnAlerts();
  const module = MODULES[0];
  return (
    <ModulePage title={module.title} summary={module.summary}>
      <WindowPicker window={window} error={error} />
      <Metrics
        metrics={[
          ...salesKpiCards(sales, ["revenue", "orders", "averageOrderValue"], period, currency),
          {
            label: "Today so far",
            value: money(today.revenue, currency),
            change: { text: `${count(today.orders)} orders; the day is not over`, tone: "subdued" },
          },
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
          title={`Revenue, ${window.label}`}
          description="Order totals per day in the shop's time zone, cancelled orders excluded; today is not over, so it is left out."
          points={revenueByDay}
          currency={currency}
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
