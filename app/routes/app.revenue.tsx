import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { dailyRevenue, salesTotals } from "../../agents/overview/queries";
import { requireAdmin } from "../auth.server";
import { Metrics, ModulePage, TableCard } from "../components/ModulePage";
import db from "../db.server";
import { count, money } from "../format";
import { MODULES } from "../modules";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const [last30, days] = await Promise.all([salesTotals(db, shop, 30), dailyRevenue(db, shop, 30)]);
  return { last30, days };
};

export default function Revenue() {
  const { last30, days } = useLoaderData<typeof loader>();
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
      <TableCard
        title="Revenue by day"
        headings={["Day", "Orders", "Revenue"]}
        rows={days.map((d) => [d.day, d.orders, money(d.revenue)])}
        empty={{ heading: "No orders in the last 30 days", body: "Sync the store from the Shopify page to bring in its orders." }}
      />
    </ModulePage>
  );
}
