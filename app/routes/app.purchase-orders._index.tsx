// Purchase orders: the reorder plan per vendor (drafts in one click) and every PO by status.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, ButtonGroup, InlineStack, Text } from "@shopify/polaris";
import { suggestPurchaseOrder } from "../../agents/inventory/tools";
import { DEFAULT_LEAD_TIME_DAYS } from "../../agents/purchasing/terms";
import { createDraft, listPurchaseOrders, poNumber, PO_STATUSES } from "../../agents/purchasing/orders";
import { reconcileReceipts } from "../../agents/purchasing/receiving";
import { toolRegistry } from "../../agents/tools/index";
import { isoDay } from "../../agents/core/time";
import { requireAdmin } from "../auth.server";
import { moduleErrorBoundary } from "../components/ModuleError";
import { ModulePage, SectionCard, TableCard } from "../components/ModulePage";
import { AnalysisAge, awaitingAnalysis, ToolProblemBanner } from "../components/ToolOutcome";
import { useReloadWhenAnalysed } from "../components/live/LiveEvents";
import { shopCurrency } from "../currency.server";
import db from "../db.server";
import { count, money, when } from "../format";
import { STATUS_LABELS, STATUS_TONES } from "../purchasing";

// Not read once per database version (ADR 0039): each load first reconciles received stock into its
// purchase orders (a write), and the plan is a stored analysis that asks for a refresh once stale.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const admin = await requireAdmin(request);
  const status = new URL(request.url).searchParams.get("status") ?? "";
  await reconcileReceipts(db, admin.shop);
  const [orders, plan, currency] = await Promise.all([
    listPurchaseOrders(db, admin.shop, { status: PO_STATUSES.includes(status as never) ? status : undefined }),
    admin.toolContext().then((ctx) => toolRegistry.run(ctx, suggestPurchaseOrder, {})),
    shopCurrency(admin.shop),
  ]);
  return {
    status,
    currency,
    plan,
    orders: orders.map((o) => ({
      id: o.id,
      number: poNumber(o.number),
      vendor: o.vendor,
      status: o.status,
      lines: o.lines.length,
      units: o.lines.reduce((a, l) => a + l.quantityOrdered, 0),
      received: o.lines.reduce((a, l) => a + l.quantityReceived, 0),
      cost: o.lines.reduce((a, l) => a + (l.unitCost ?? 0) * l.quantityOrdered, 0),
      expectedAt: o.expectedAt,
      createdAt: o.createdAt,
    })),
  };
};

type ActionData = { error: string };

// Drafts are made from the server's plan (the stored one, at most an hour old), never from what the browser sent.
export const action = async ({ request }: ActionFunctionArgs): Promise<ActionData | Response> => {
  const admin = await requireAdmin(request);
  const form = await request.formData();
  const vendor = form.get("vendor") ? String(form.get("vendor")) : null;
  const ctx = await admin.toolContext();
  const plan = await toolRegistry.run(ctx, suggestPurchaseOrder, {});
  if (!plan.ok) return { error: plan.message };
  const orders = plan.data.orders.filter((o) => vendor === null || o.vendor === vendor);
  if (orders.length === 0)
    return { error: vendor ? `The reorder plan has nothing to order from ${vendor} now.` : "Nothing to order now." };
  const created = [];
  for (const order of orders) {
    const draft = await createDraft(ctx, order.vendor, order.lines);
    if (!draft.ok) return { error: draft.message };
    created.push(draft.data.id);
  }
  return redirect(created.length === 1 ? `/app/purchase-orders/${created[0]}` : "/app/purchase-orders?status=draft");
};

export const ErrorBoundary = moduleErrorBoundary("/app/inventory");

export default function PurchaseOrders() {
  const { orders, plan, currency, status } = useLoaderData<typeof loader>();
  // The plan is worked out in the background (ADR 0015): reload when a missing or stale one is ready.
  useReloadWhenAnalysed(awaitingAnalysis([plan]));
  const error = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [, setParams] = useSearchParams();
  return (
    <ModulePage
      title="Purchase orders"
      summary="Order from your vendors what the reorder plan suggests, then receive deliveries into stock."
      links={[
        { content: "Vendors", url: "/app/settings/vendors" },
        { content: "Inventory", url: "/app/inventory" },
      ]}
    >
      {error && "error" in error ? (
        <Banner tone="critical" title="No purchase orders created">
          <p>{error.error}</p>
        </Banner>
      ) : null}
      <SectionCard
        title="Reorder plan"
        description="What to order now so stock lasts until the next delivery, from each item's demand forecast. Units already on order count as stock."
      >
        <AnalysisAge results={[plan]} testId="reorder-plan-age" />
        {!plan.ok ? (
          <ToolProblemBanner problem={plan} />
        ) : plan.data.orders.length === 0 ? (
          <Text as="p">Nothing needs ordering now: every item has enough stock and units on order.</Text>
        ) : (
          <BlockStack gap="300">
            {plan.data.vendorsWithoutLeadTime.length > 0 ? (
              <Banner tone="warning" title="Some vendors have no lead time">
                <p>
                  {`The plan assumes ${plan.data.orders.find((o) => o.leadTimeNote)?.leadTimeDays ?? DEFAULT_LEAD_TIME_DAYS} days for ${plan.data.vendorsWithoutLeadTime.join(", ")}. `}
                  <Link to="/app/settings/vendors">Enter their lead times</Link> so orders are placed in time.
                </p>
              </Banner>
            ) : null}
            <div data-testid="reorder-plan">
              <TableCard
                title="Suggested orders by vendor"
                headings={["Vendor", "Lead time", "Items", "Units", "Cost", ""]}
                rows={plan.data.orders.map((o) => [
                  o.vendor,
                  o.leadTimeNote ? `${o.leadTimeDays} days (assumed)` : `${o.leadTimeDays} days`,
                  o.lines.length,
                  o.totalUnits,
                  `${money(o.totalCost, currency)}${o.costComplete ? "" : " (some costs unknown)"}`,
                  <Form method="post" key="create">
                    <input type="hidden" name="vendor" value={o.vendor} />
                    <Button submit size="slim" disabled={busy}>
                      Create draft
                    </Button>
                  </Form>,
                ])}
                empty={{ heading: "Nothing to order", body: "" }}
              />
            </div>
            <Form method="post">
              <Button submit variant="primary" loading={busy}>
                Create purchase orders from the reorder plan
              </Button>
            </Form>
          </BlockStack>
        )}
      </SectionCard>
      <InlineStack gap="200">
        <ButtonGroup variant="segmented">
          {["", ...Object.keys(STATUS_LABELS)].map((s) => (
            <Button key={s || "all"} pressed={status === s} onClick={() => setParams(s ? { status: s } : {})}>
              {s ? STATUS_LABELS[s] : "All"}
            </Button>
          ))}
        </ButtonGroup>
      </InlineStack>
      <TableCard
        title={status ? `${STATUS_LABELS[status] ?? status} purchase orders` : "Purchase orders"}
        headings={["Order", "Vendor", "Status", "Items", "Units", "Received", "Cost", "Expected", "Created"]}
        rows={orders.map((o) => [
          <Link key="n" to={`/app/purchase-orders/${o.id}`} data-testid="po-link">
            {o.number}
          </Link>,
          o.vendor,
          <Badge key="s" tone={STATUS_TONES[o.status]}>
            {STATUS_LABELS[o.status] ?? o.status}
          </Badge>,
          o.lines,
          count(o.units),
          count(o.received),
          money(o.cost, currency),
          o.expectedAt ? isoDay(new Date(o.expectedAt)) : "—",
          when(o.createdAt),
        ])}
        empty={{
          heading: status ? "No purchase orders with this status" : "No purchase orders yet",
          body: "Create drafts from the reorder plan above, then edit and order them.",
        }}
        testId="purchase-orders"
      />
    </ModulePage>
  );
}
