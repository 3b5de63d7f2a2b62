import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { approveAction, denyAction, revertAction, toProposed } from "../../agents/actions/actions";
import { conversationOfOrigin, recordRevert } from "../../agents/aira/conversations";
import { changeOutcome } from "../../agents/actions/outcomes";
import { salesEnd } from "../../agents/data/catalog";
import { bestSellingProduct } from "../../agents/overview/queries";
import { requireAdmin } from "../auth.server";
import { AiraChat, airaSuggestions } from "../components/aira/AiraChat";
import {
  numericId,
  parseContextParam,
  sameContext,
  suggestedQuestion,
  type AiraContext,
} from "../components/aira/context";
import { airaSession } from "../components/aira/session";
import { ChangeOutcomeNote } from "../components/ChangeOutcome";
import { proposerText } from "../components/merchant-words";
import { appAgents } from "../agents.server";
import { shopCurrency } from "../currency.server";
import db from "../db.server";
import { loaderMemo } from "../loader-memo.server";
import { when } from "../format";
import { MODULES } from "../modules";
import { DAY_MS } from "../../agents/core/time";

/** Changes whose outcome is still being read from the store, or could not be (ADR 0017), in the merchant's words. */
const SETTLING: Record<string, { status: string; note: string }> = {
  approved: {
    status: "being applied",
    note: "Checking with your store whether this change went through; this updates by itself.",
  },
  reverting: {
    status: "being reverted",
    note: "Checking with your store whether the revert went through; this updates by itself.",
  },
  unconfirmed: {
    status: "could not be confirmed",
    note: "Your store shows neither the old nor the new values (something else changed them). Check these items in Shopify.",
  },
};

// Not read once per database version (ADR 0039): an applied change's outcome and the best seller are
// windows ending now (whole days since the change, the last 30 days of sales), changed by the clock
// at instants this page does not compute.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const url = new URL(request.url);
  const [pending, applied, topProduct, currency] = await Promise.all([
    db.action.findMany({ where: { shop, status: "pending" }, orderBy: { createdAt: "desc" }, take: 20 }),
    db.action.findMany({
      where: { shop, status: { in: ["applied", "failed", "denied", "reverted", ...Object.keys(SETTLING)] } },
      orderBy: { updatedAt: "desc" },
      take: 20,
    }),
    bestSeller(shop),
    shopCurrency(shop),
  ]);
  // How each applied change did (price, stock, discount), beside its Revert button.
  const now = new Date();
  const outcomes = new Map(
    (await Promise.all(applied.map(async (a) => [a.id, await changeOutcome(db, a, now)] as const))).filter(
      ([, o]) => o !== null,
    ),
  );
  const view = (a: (typeof pending)[number]) => ({
    ...toProposed(a),
    proposedBy: a.proposedBy,
    createdAt: a.createdAt,
    error: a.error,
    fromChat: a.origin?.startsWith("aira:") ?? false,
  });
  const parsed = parseContextParam(url.searchParams.get("context"), url.searchParams.get("label"));
  const context = parsed?.ok ? await withLabel(shop, parsed.context) : null;
  const question = url.searchParams.get("q")?.trim().slice(0, 4000) || null;
  return {
    pending: pending.map(view),
    recent: applied.map((a) => ({ ...view(a), outcome: outcomes.get(a.id) ?? null })),
    currency,
    agentTitles: Object.fromEntries(
      appAgents()
        .list()
        .map((agent) => [agent.name, agent.title]),
    ),
    topProduct,
    context,
    contextError: parsed && !parsed.ok ? parsed.error : null,
    question,
  };
};

/** The product that sold the most units in the last 30 days of synced orders: named in a suggested question. */
/**
 * The month's best seller up to the newest order, read once per database version (ADR 0039): it
 * sums a month of order lines (~0.1 s of CPU at a million orders), and only a write changes it
 * (the month ends at the newest order, not at the clock, once the shop has orders).
 */
async function bestSeller(shop: string): Promise<string | null> {
  const now = new Date();
  return loaderMemo.read(db, JSON.stringify(["/app/aira", "best seller", shop]), now.getTime(), async () => {
    const end = await salesEnd(db, shop, now);
    const title = await bestSellingProduct(db, shop, new Date(end.getTime() - 30 * DAY_MS));
    // With no order yet the month ends now: no line to sum either way, so the answer holds.
    return { data: title, validUntil: Infinity };
  });
}

/** The chip shows the product's title or the order's name from the store mirror when it has them. */
async function withLabel(shop: string, context: AiraContext): Promise<AiraContext> {
  const id = numericId(context.id);
  const found =
    context.type === "product"
      ? (await db.mirrorProduct.findUnique({ where: { shop_id: { shop, id } }, select: { title: true } }))?.title
      : (await db.mirrorOrder.findUnique({ where: { shop_id: { shop, id } }, select: { name: true } }))?.name;
  return found ? { ...context, label: found } : context;
}

// The merchant's decisions: the one place in the UI where store changes are approved, denied or
// reverted (the chat's Revert posts here too). The approval state is read from the database, never
// taken from the form.
export const action = async ({ request }: ActionFunctionArgs) => {
  const admin = await requireAdmin(request);
  const form = await request.formData();
  const actionId = String(form.get("actionId") ?? "");
  const ctx = await admin.toolContext();
  const intent = form.get("intent");
  const reason = String(form.get("reason") ?? "")
    .trim()
    .slice(0, 500);
  if (intent === "deny" && !reason) return { error: "Say why you deny it: the reason is kept with the decision." };
  const result =
    intent === "approve"
      ? await approveAction(ctx, actionId)
      : intent === "deny"
        ? await denyAction(ctx, actionId, reason)
        : intent === "revert"
          ? await revertAction(ctx, actionId)
          : null;
  if (!result) return { error: "Unknown decision." };
  if (!result.ok) return { error: result.message };
  // A change made in a conversation: the conversation says it was reverted.
  let conversationId: string | null = null;
  if (intent === "revert") {
    const origin = (await db.action.findUnique({ where: { id: actionId }, select: { origin: true } }))?.origin;
    conversationId = conversationOfOrigin(origin);
    if (conversationId)
      await recordRevert(
        db,
        admin.shop,
        conversationId,
        actionId,
        `I reverted “${result.data.summary}”: the store is back to how it was before${result.data.changes.length ? ` (${result.data.changes.join("; ")})` : ""}.`,
      );
  }
  return {
    done:
      intent === "revert"
        ? `Reverted: ${result.data.summary}. The store is back to how it was before.`
        : `${result.data.summary}: ${result.data.status}`,
    ...(conversationId ? { conversationId } : {}),
  };
};

/** Deny asks why (recorded with the decision); Revert asks to confirm. */
function Confirm({ id, intent, onCancel }: { id: string; intent: "deny" | "revert"; onCancel: () => void }) {
  const fetcher = useFetcher<typeof action>();
  const [reason, setReason] = useState("");
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="actionId" value={id} />
      <input type="hidden" name="intent" value={intent} />
      <BlockStack gap="200">
        {intent === "deny" ? (
          <TextField
            label="Why do you deny it?"
            name="reason"
            value={reason}
            onChange={setReason}
            autoComplete="off"
            maxLength={500}
            helpText="Kept with the decision, so the agents and AIRA can learn what you don't want."
          />
        ) : (
          <Text as="p">Revert this change? The store goes back to how it was before it was applied.</Text>
        )}
        <InlineStack gap="200">
          <Button
            submit
            size="slim"
            tone="critical"
            variant="primary"
            disabled={intent === "deny" && !reason.trim()}
            loading={fetcher.state !== "idle"}
          >
            {intent === "deny" ? "Deny change" : "Revert change"}
          </Button>
          <Button size="slim" onClick={onCancel}>
            {intent === "deny" ? "Cancel" : "Keep it"}
          </Button>
        </InlineStack>
        {fetcher.data && "error" in fetcher.data ? (
          <Text as="span" tone="critical">
            {fetcher.data.error}
          </Text>
        ) : null}
      </BlockStack>
    </fetcher.Form>
  );
}

function Decide({ id, intents }: { id: string; intents: ("approve" | "deny" | "revert")[] }) {
  const fetcher = useFetcher<typeof action>();
  const [confirming, setConfirming] = useState<"deny" | "revert" | null>(null);
  const label = { approve: "Approve", deny: "Deny", revert: "Revert" };
  if (confirming) return <Confirm id={id} intent={confirming} onCancel={() => setConfirming(null)} />;
  return (
    <InlineStack gap="200" blockAlign="center">
      {intents.map((intent) =>
        intent !== "approve" ? (
          <Button
            key={intent}
            size="slim"
            tone={intent === "deny" ? "critical" : undefined}
            onClick={() => setConfirming(intent)}
          >
            {label[intent]}
          </Button>
        ) : (
          <fetcher.Form method="post" key={intent}>
            <input type="hidden" name="actionId" value={id} />
            <input type="hidden" name="intent" value={intent} />
            <Button
              submit
              size="slim"
              variant="primary"
              loading={fetcher.state !== "idle" && fetcher.formData?.get("intent") === intent}
            >
              {label[intent]}
            </Button>
          </fetcher.Form>
        ),
      )}
      {fetcher.data && "error" in fetcher.data ? (
        <Text as="span" tone="critical">
          {fetcher.data.error}
        </Text>
      ) : null}
    </InlineStack>
  );
}

/** `?context=product:<gid>` (the "Ask AIRA" admin action) starts a conversation about that resource. */
function useContextFromUrl(context: AiraContext | null, question: string | null) {
  const key = context ? `${context.type}:${context.id}` : null;
  useEffect(() => {
    const session = airaSession.get();
    if (context) {
      if (!sameContext(context, session.context)) airaSession.start(context, question ?? suggestedQuestion(context));
    } else if (question && session.chat.messages.length === 0 && !session.draft) airaSession.setDraft(question);
  }, [key, question]); // keyed on the context's identity, not the object
}

export default function Aira() {
  const { pending, recent, topProduct, context, contextError, question, currency, agentTitles } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const module = MODULES.find((m) => m.path === "/app/aira")!;
  useContextFromUrl(context, question);
  return (
    <Page
      title={module.title}
      subtitle="Ask about your store; every change AIRA, an agent or an MCP client proposes waits for your approval here and can be reverted."
      fullWidth
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {contextError ? (
              <Banner tone="warning" title="The product or order to ask about was not understood">
                <p>{contextError}</p>
              </Banner>
            ) : null}
            <Card>
              <AiraChat variant="page" suggestions={airaSuggestions(topProduct)} />
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            {result && "error" in result ? <Banner tone="critical">{result.error}</Banner> : null}
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Changes waiting for your approval
                </Text>
                {pending.length === 0 ? (
                  <Text as="p" tone="subdued">
                    Nothing waiting. Changes proposed by AIRA, agents or MCP clients wait here until you approve them.
                  </Text>
                ) : (
                  pending.map((a) => (
                    <div key={a.id} data-testid="pending-action">
                      <BlockStack gap="100">
                        <Text as="h3" variant="headingSm">
                          {a.summary}
                        </Text>
                        <Text as="p" tone="subdued">
                          {a.itemCount} item(s) · proposed by{" "}
                          {a.fromChat ? "AIRA (also shown in the chat)" : proposerText(a.proposedBy, agentTitles)} ·{" "}
                          {when(a.createdAt)}
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
                      <BlockStack gap="100">
                        <Text as="span" fontWeight="semibold">
                          {a.summary} — {SETTLING[a.status]?.status ?? a.status}
                        </Text>
                        {SETTLING[a.status] ? (
                          <Text as="span" tone="caution">
                            {SETTLING[a.status].note}
                          </Text>
                        ) : (
                          <Text as="span" tone={a.error ? "critical" : "subdued"}>
                            {a.error ?? a.changes.join("; ")}
                          </Text>
                        )}
                        {a.outcome ? <ChangeOutcomeNote outcome={a.outcome} currency={currency} /> : null}
                        {a.status === "applied" ? <Decide id={a.id} intents={["revert"]} /> : null}
                      </BlockStack>
                    </div>
                  ))
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
