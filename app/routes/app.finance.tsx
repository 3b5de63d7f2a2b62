import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { salesTotals } from "../../agents/overview/queries";
import { requireAdmin } from "../auth.server";
import { Metrics, ModulePage } from "../components/ModulePage";
import db from "../db.server";
import { money } from "../format";
import { MODULES } from "../modules";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const [month, quarter] = await Promise.all([salesTotals(db, shop, 30), salesTotals(db, shop, 90)]);
  return { month, quarter };
};

export default function Finance() {
  const { month, quarter } = useLoaderData<typeof loader>();
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
    </ModulePage>
  );
}
