import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { mirrorCounts } from "../../agents/overview/queries";
import { requireAdmin } from "../auth.server";
import { moduleErrorBoundary } from "../components/ModuleError";
import { ModulePage, TableCard } from "../components/ModulePage";
import { RunAgentButton } from "../components/RunAgentButton";
import db from "../db.server";
import { MODULES } from "../modules";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  return { counts: await mirrorCounts(db, shop) };
};

export const ErrorBoundary = moduleErrorBoundary("/app/analytics");

const DATASETS: Record<string, string> = {
  products: "Products",
  variants: "Variants",
  orders: "Orders",
  customers: "Customers",
  lineItems: "Order line items",
  refunds: "Refunds",
};

export default function Analytics() {
  const { counts } = useLoaderData<typeof loader>();
  const module = MODULES.find((m) => m.path === "/app/analytics")!;
  const rows = Object.entries(counts).map(([table, rowsHeld]) => [DATASETS[table] ?? table, rowsHeld]);
  return (
    <ModulePage title={module.title} summary={module.summary}>
      <TableCard
        title="Data available for analysis"
        headings={["Dataset", "Rows"]}
        rows={rows.every(([, n]) => n === 0) ? [] : rows}
        empty={{
          heading: "No store data yet",
          body: "Queries run on the synced copy of the store: run the store sync first.",
          action: <RunAgentButton agent="store-sync" title="Store sync" />,
        }}
        testId="datasets"
      />
    </ModulePage>
  );
}
