import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { dailyRevenue, salesTotals } from "../../agents/overview/queries";
import { requireAdmin } from "../auth.server";
import { chartLinks, RevenueChart } from "../components/charts/Charts";
import { everyDay } from "../components/charts/series";
import { moduleErrorBoundary } from "../components/ModuleError";
import { Metrics, ModulePage, TableCard } from "../components/ModulePage";
import { RunAgentButton } from "../components/RunAgentButton";
import db from "../db.server";
import { count, money } from "../format";
import { MODULES } from "../modules";

export const links = chartLinks;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const now = new Date();
  const [last30, days, ordersEver] = await Promise.all([salesTotals(db, shop, 30, now), dailyRevenue(db, shop, 30, now), db.mirrorOrder.count({ where: { shop } })]);
  return { last30, days, series: everyDay(days, last30.since, now), ordersEver };
};

export const ErrorBoundary = moduleErrorBoundary("/app/revenue");

export default function Revenue() {
  const { last30, days, series, ordersEver } = useLoaderData<typeof loader>();
  const module = MODULES.find((m) => m.path === "/app/revenue")!;
  return (
    <ModulePage title={module.title} summary={module.summary}>
      <Metrics
        metrics={[
          { label: "Revenue (30 days)", value: money(last30.revenue) },
          { label: "Orders (30 days)", value: count(last30.orders) },
          { label: "Refunded (30 days)", value: money(last30.refunded) },
          { label: "Discounts (30 days)", value: money(last30.discounts) },
        ]}
      />
      {days.length > 0 ? <RevenueChart title="Revenue by day" description="Last 30 days; cancelled orders excluded." points={series} /> : null}
      <TableCard
        title="Revenue by day"
        headings={["Day", "Orders", "Revenue"]}
        rows={days.map((d) => [d.day, d.orders, money(d.revenue)])}
        empty={
          ordersEver === 0
            ? { heading: "No orders synced yet", body: "Run the store sync to bring in the store's orders.", action: <RunAgentButton agent="store-sync" title="Store sync" /> }
            : { heading: "No orders in the last 30 days", body: "Older orders are synced; revenue appears here as new orders arrive (webhooks keep the copy current)." }
        }
        testId="revenue-by-day"
      />
    </ModulePage>
  );
}
