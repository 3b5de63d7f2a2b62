import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { lowStock, mirrorCounts } from "../../agents/overview/queries";
import { requireAdmin } from "../auth.server";
import { Metrics, ModulePage, TableCard } from "../components/ModulePage";
import db from "../db.server";
import { count } from "../format";
import { MODULES } from "../modules";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const [counts, lowest] = await Promise.all([mirrorCounts(db, shop), lowStock(db, shop, 15)]);
  return { counts, lowest };
};

export default function Inventory() {
  const { counts, lowest } = useLoaderData<typeof loader>();
  const module = MODULES.find((m) => m.path === "/app/inventory")!;
  return (
    <ModulePage title={module.title} summary={module.summary}>
      <Metrics
        metrics={[
          { label: "Products", value: count(counts.products) },
          { label: "Variants", value: count(counts.variants) },
        ]}
      />
      <TableCard
        title="Lowest stock"
        headings={["SKU", "Variant", "Available"]}
        rows={lowest.map((l) => [l.sku ?? "—", l.title ?? l.inventoryItemId, l.available])}
        empty={{ heading: "No inventory synced", body: "Sync the store from the Shopify page to see stock by variant." }}
      />
    </ModulePage>
  );
}
