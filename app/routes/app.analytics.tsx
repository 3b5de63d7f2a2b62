import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { mirrorCounts } from "../../agents/overview/queries";
import { requireAdmin } from "../auth.server";
import { ModulePage, TableCard } from "../components/ModulePage";
import db from "../db.server";
import { MODULES } from "../modules";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  return { counts: await mirrorCounts(db, shop) };
};

export default function Analytics() {
  const { counts } = useLoaderData<typeof loader>();
  const module = MODULES.find((m) => m.path === "/app/analytics")!;
  const rows = Object.entries(counts).map(([table, rowsHeld]) => [table, rowsHeld]);
  return (
    <ModulePage title={module.title} summary={module.summary}>
      <TableCard
        title="Data available for analysis"
        headings={["Dataset", "Rows"]}
        rows={rows.every(([, n]) => n === 0) ? [] : rows}
        empty={{ heading: "No store data yet", body: "Sync the store from the Shopify page; queries run on the synced copy." }}
      />
    </ModulePage>
  );
}
