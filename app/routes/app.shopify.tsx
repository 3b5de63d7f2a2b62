import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Card, InlineStack, Text } from "@shopify/polaris";
import { shopConnection } from "../../agents/overview/queries";
import { requireAdmin } from "../auth.server";
import { ModulePage, TableCard } from "../components/ModulePage";
import db from "../db.server";
import { when } from "../format";
import { MODULES } from "../modules";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, mode } = await requireAdmin(request);
  return { shop, mode, ...(await shopConnection(db, shop)) };
};

export default function ShopifyConnection() {
  const { shop, mode, record, syncs, webhookEvents } = useLoaderData<typeof loader>();
  const module = MODULES.find((m) => m.path === "/app/shopify")!;
  return (
    <ModulePage title={module.title} summary={module.summary}>
      <Card>
        <BlockStack gap="200">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h2" variant="headingMd">
              {shop}
            </Text>
            <Badge tone={mode === "local" ? "attention" : "success"}>{mode === "local" ? "Local dev store" : "Connected"}</Badge>
          </InlineStack>
          <Text as="p">Installed: {when(record?.installedAt)}</Text>
          <Text as="p">Scopes granted: {record?.scopes || "—"}</Text>
        </BlockStack>
      </Card>
      <TableCard
        title="Store syncs"
        headings={["Started", "Status", "Phase", "Rows"]}
        rows={syncs.map((s) => [when(s.startedAt), s.status, s.phase ?? "—", s.rows])}
        empty={{ heading: "The store has not been synced", body: "A sync copies products, orders and customers for the agents." }}
      />
      <TableCard
        title="Latest webhooks"
        headings={["Received", "Topic", "Status"]}
        rows={webhookEvents.map((w) => [when(w.receivedAt), w.topic, w.status])}
        empty={{ heading: "No webhooks yet", body: "Shopify sends webhooks as the store changes." }}
      />
    </ModulePage>
  );
}
