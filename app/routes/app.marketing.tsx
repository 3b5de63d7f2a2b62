import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { mirrorCounts, topCustomers } from "../../agents/overview/queries";
import { requireAdmin } from "../auth.server";
import { moduleErrorBoundary } from "../components/ModuleError";
import { Metrics, ModulePage, TableCard } from "../components/ModulePage";
import { RunAgentButton } from "../components/RunAgentButton";
import db from "../db.server";
import { count, money } from "../format";
import { MODULES } from "../modules";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const [counts, top] = await Promise.all([mirrorCounts(db, shop), topCustomers(db, shop, 10)]);
  return { counts, top };
};

export const ErrorBoundary = moduleErrorBoundary("/app/marketing");

export default function Marketing() {
  const { counts, top } = useLoaderData<typeof loader>();
  const module = MODULES.find((m) => m.path === "/app/marketing")!;
  return (
    <ModulePage title={module.title} summary={module.summary}>
      <Metrics
        metrics={[
          { label: "Customers", value: count(counts.customers) },
          { label: "Orders synced", value: count(counts.orders) },
        ]}
      />
      <TableCard
        title="Top customers by spend"
        headings={["Customer", "Email", "Orders", "Spent"]}
        rows={top.map((c) => [[c.firstName, c.lastName].filter(Boolean).join(" ") || c.id, c.email ?? "—", c.ordersCount, money(c.totalSpent)])}
        empty={{
          heading: "No customers synced yet",
          body: "Run the store sync to copy customers and their orders; segments and campaign proposals are built from that history.",
          action: <RunAgentButton agent="store-sync" title="Store sync" />,
        }}
        testId="top-customers"
      />
    </ModulePage>
  );
}
