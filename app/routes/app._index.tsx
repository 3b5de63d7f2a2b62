import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { agentRunStats, mirrorCounts, salesTotals, securityOverview } from "../../agents/overview/queries";
import { requireAdmin } from "../auth.server";
import { Metrics, ModulePage, TableCard } from "../components/ModulePage";
import db from "../db.server";
import { count, money, when } from "../format";
import { MODULES } from "../modules";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const [counts, last30, runs, security] = await Promise.all([
    mirrorCounts(db, shop),
    salesTotals(db, shop, 30),
    agentRunStats(db, shop),
    securityOverview(db, shop),
  ]);
  return { counts, last30, recentRuns: runs.recent, alerts: security.alerts };
};

export default function Dashboard() {
  const { counts, last30, recentRuns, alerts } = useLoaderData<typeof loader>();
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
      <TableCard
        title="Open alerts"
        headings={["Severity", "Alert", "Raised"]}
        rows={alerts.map((a) => [a.severity, a.title, when(a.createdAt)])}
        empty={{ heading: "No open alerts", body: "Risky orders, failing webhooks and unusual activity will be raised here." }}
      />
      <TableCard
        title="Agent activity"
        headings={["Agent", "Trigger", "Status", "Queued"]}
        rows={recentRuns.map((r) => [r.agent, r.trigger, r.status, when(r.queuedAt)])}
        empty={{ heading: "No agent runs yet", body: "Run an agent from the Agents page or ask AIRA." }}
      />
    </ModulePage>
  );
}
