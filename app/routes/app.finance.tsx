import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Card } from "@shopify/polaris";
import { dailyRevenue, salesTotals } from "../../agents/overview/queries";
import { requireAdmin } from "../auth.server";
import { chartLinks, RevenueChart } from "../components/charts/Charts";
import { byWeek, everyDay } from "../components/charts/series";
import { moduleErrorBoundary } from "../components/ModuleError";
import { EmptyHint, Metrics, ModulePage } from "../components/ModulePage";
import { RunAgentButton } from "../components/RunAgentButton";
import db from "../db.server";
import { money } from "../format";
import { MODULES } from "../modules";

export const links = chartLinks;

const WEEKS = 13;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const now = new Date();
  const [month, quarter, days] = await Promise.all([salesTotals(db, shop, 30, now), salesTotals(db, shop, 90, now), dailyRevenue(db, shop, WEEKS * 7, now)]);
  const since = new Date(now.getTime() - (WEEKS * 7 - 1) * 86_400_000);
  return { month, quarter, weeks: days.length ? byWeek(everyDay(days, since, now)) : [] };
};

export const ErrorBoundary = moduleErrorBoundary("/app/finance");

export default function Finance() {
  const { month, quarter, weeks } = useLoaderData<typeof loader>();
  const module = MODULES.find((m) => m.path === "/app/finance")!;
  return (
    <ModulePage title={module.title} summary={module.summary}>
      <Metrics
        metrics={[
          { label: "Net sales (30 days)", value: money(month.revenue - month.refunded) },
          { label: "Refunds (30 days)", value: money(month.refunded) },
          { label: "Discounts (30 days)", value: money(month.discounts) },
          { label: "Net sales (90 days)", value: money(quarter.revenue - quarter.refunded) },
        ]}
      />
      {weeks.length > 0 ? (
        <RevenueChart title={`Sales by week, last ${WEEKS} weeks`} description="Order totals per 7 days (each bar starts on the day shown), before refunds." points={weeks} kind="bar" seriesName="Sales" testId="finance-chart" />
      ) : (
        <Card>
          <EmptyHint
            heading="No orders in the last 13 weeks"
            body="Finance figures come from the store's orders. Run the store sync if the store has orders that are not here yet."
            action={<RunAgentButton agent="store-sync" title="Store sync" />}
          />
        </Card>
      )}
    </ModulePage>
  );
}
