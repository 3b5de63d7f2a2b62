import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { approveAction, denyAction, revertAction, toProposed } from "../../agents/actions/actions";
import { toolContext } from "../admin.server";
import { requireAdmin } from "../auth.server";
import { ModulePage } from "../components/ModulePage";
import db from "../db.server";
import { when } from "../format";
import { MODULES } from "../modules";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const [pending, applied] = await Promise.all([
    db.action.findMany({ where: { shop, status: "pending" }, orderBy: { createdAt: "desc" }, take: 20 }),
    db.action.findMany({ where: { shop, status: { in: ["applied", "failed", "denied", "reverted"] } }, orderBy: { updatedAt: "desc" }, take: 20 }),
  ]);
  const view = (a: (typeof pending)[number]) => ({ ...toProposed(a), proposedBy: a.proposedBy, createdAt: a.createdAt, error: a.error });
  return { pending: pending.map(view), recent: applied.map(view) };
};

// The merchant's decisions: the one place in the UI where store changes are approved, denied or
// reverted. The approval state is read from the database, never taken from the form.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, actor } = await requireAdmin(request);
  const form = await request.formData();
  const actionId = String(form.get("actionId") ?? "");
  const ctx = await toolContext(shop, { kind: "merchant", id: actor.replace(/^merchant:?/, "") || "owner" });
  const intent = form.get("intent");
  const result =
    intent === "approve" ? await approveAction(ctx, actionId) : intent === "deny" ? await denyAction(ctx, actionId) : intent === "revert" ? await revertAction(ctx, actionId) : null;
  if (!result) return { error: "Unknown decision." };
  return result.ok ? { done: `${result.data.summary}: ${result.data.status}` } : { error: result.message };
};

function Decide({ id, intents }: { id: string; intents: ("approve" | "deny" | "revert")[] }) {
  const fetcher = useFetcher<typeof action>();
  const label = { approve: "Approve", deny: "Deny", revert: "Revert" };
  return (
    <InlineStack gap="200" blockAlign="center">
      {intents.map((intent) => (
        <fetcher.Form method="post" key={intent}>
          <input type="hidden" name="actionId" value={id} />
          <input type="hidden" name="intent" value={intent} />
          <Button submit size="slim" variant={intent === "approve" ? "primary" : "secondary"} tone={intent === "deny" ? "critical" : undefined} loading={fetcher.state !== "idle" && fetcher.formData?.get("intent") === intent}>
            {label[intent]}
          </Button>
        </fetcher.Form>
      ))}
      {fetcher.data && "error" in fetcher.data ? <Text as="span" tone="critical">{fetcher.data.error}</Text> : null}
    </InlineStack>
  );
}

export default function Aira() {
  const { pending, recent } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const module = MODULES.find((m) => m.path === "/app/aira")!;
  return (
    <ModulePage title={module.title} summary={module.summary}>
      {result && "error" in result ? <Banner tone="critical">{result.error}</Banner> : null}
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Changes waiting for your approval
          </Text>
          {pending.length === 0 ? (
            <Text as="p" tone="subdued">
              Nothing waiting. Changes proposed by agents or MCP clients wait here until you approve them.
            </Text>
          ) : (
            pending.map((a) => (
              <div key={a.id} data-testid="pending-action">
                <BlockStack gap="100">
                  <Text as="h3" variant="headingSm">
                    {a.summary}
                  </Text>
                  <Text as="p" tone="subdued">
                    {a.itemCount} item(s) · proposed by {a.proposedBy} · {when(a.createdAt)}
                  </Text>
                  <ul>
                    {a.changes.map((change) => (
                      <li key={change}>{change}</li>
                    ))}
                  </ul>
                  <Decide id={a.id} intents={["approve", "deny"]} />
                </BlockStack>
              </div>
            ))
          )}
        </BlockStack>
      </Card>
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Recent decisions
          </Text>
          {recent.length === 0 ? (
            <Text as="p" tone="subdued">
              Approved changes appear here and can be reverted to their previous values.
            </Text>
          ) : (
            recent.map((a) => (
              <div key={a.id} data-testid="decided-action">
                <InlineStack align="space-between" blockAlign="center">
                  <BlockStack gap="050">
                    <Text as="span" fontWeight="semibold">
                      {a.summary} — {a.status}
                    </Text>
                    <Text as="span" tone={a.error ? "critical" : "subdued"}>
                      {a.error ?? a.changes.join("; ")}
                    </Text>
                  </BlockStack>
                  {a.status === "applied" ? <Decide id={a.id} intents={["revert"]} /> : null}
                </InlineStack>
              </div>
            ))
          )}
        </BlockStack>
      </Card>
    </ModulePage>
  );
}
