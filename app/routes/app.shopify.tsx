import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Card, InlineStack, Text } from "@shopify/polaris";
import { shopConnection } from "../../agents/overview/queries";
import { requireAdmin } from "../auth.server";
import type { DocumentCacheHandle } from "../document-cache.server";
import { moduleErrorBoundary } from "../components/ModuleError";
import { ModulePage, TableCard } from "../components/ModulePage";
import { RunAgentButton } from "../components/RunAgentButton";
import db from "../db.server";
import { loaderMemo, pageMemoKey } from "../loader-memo.server";
import { count, when } from "../format";
import { MODULES } from "../modules";

// Its document is rendered once per distinct loader data (app/document-cache.server.ts): it renders
// only its loader data and the URL.
export const handle: DocumentCacheHandle = { documentCache: true };

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, mode } = await requireAdmin(request);
  // Read once per database version (app/loader-memo.server.ts): the connection, syncs and webhook
  // deliveries change only by a write (their ages are shown from the times, not computed here).
  const key = pageMemoKey("/app/shopify", shop, mode, new URL("http://shopify/"));
  return loaderMemo.read(db, key, Date.now(), async () => ({
    validUntil: Infinity,
    data: { shop, mode, ...(await shopConnection(db, shop)) },
  }));
};

export const ErrorBoundary = moduleErrorBoundary("/app/shopify");

export default function ShopifyConnection() {
  const { shop, mode, record, syncs, webhookEvents } = useLoaderData<typeof loader>();
  const module = MODULES.find((m) => m.path === "/app/shopify")!;
  const lastSync = syncs[0];
  return (
    <ModulePage title={module.title} summary={module.summary}>
      <Card>
        <BlockStack gap="300">
          <InlineStack align="space-between" blockAlign="center" gap="300">
            <InlineStack gap="200" blockAlign="center">
              <Text as="h2" variant="headingMd">
                {shop}
              </Text>
              <Badge tone={mode === "local" ? "attention" : "success"}>
                {mode === "local" ? "Local dev store" : "Connected"}
              </Badge>
            </InlineStack>
            {syncs.length > 0 ? (
              <RunAgentButton agent="store-sync" title="Store sync" label="Sync now" variant="secondary" />
            ) : null}
          </InlineStack>
          <Text as="p">Installed: {when(record?.installedAt)}</Text>
          <Text as="p">Scopes granted: {record?.scopes || "—"}</Text>
          {lastSync ? (
            <Text as="p" tone="subdued">
              Last sync {lastSync.status} {when(lastSync.startedAt)} · {count(lastSync.rows)} rows
            </Text>
          ) : null}
        </BlockStack>
      </Card>
      <TableCard
        title="Store syncs"
        headings={["Started", "Status", "Phase", "Rows"]}
        rows={syncs.map((s) => [when(s.startedAt), s.status, s.phase ?? "—", s.rows])}
        empty={{
          heading: "The store has not been synced",
          body: "A sync copies products, orders and customers for the agents; webhooks keep the copy current afterwards.",
          action: <RunAgentButton agent="store-sync" title="Store sync" />,
        }}
        testId="store-syncs"
      />
      <TableCard
        title="Latest webhooks"
        headings={["Received", "Topic", "Status"]}
        rows={webhookEvents.map((w) => [when(w.receivedAt), w.topic, w.status])}
        empty={{
          heading: "No webhooks yet",
          body: "Shopify sends webhooks as the store changes; each one is listed here with its outcome.",
        }}
      />
    </ModulePage>
  );
}
