// One purchase order: edit while draft (quantities, costs, lines, note, expected date), order or
// cancel it, print it or export it as CSV, and receive deliveries once ordered. A delivery becomes a
// stock change that waits for approval on the AIRA page; the PO counts it once it is applied.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { isoDay } from "../../agents/core/time";
import { changeStatus, editDraft, getPurchaseOrder, poNumber, searchVariants } from "../../agents/purchasing/orders";
import { receiveDelivery, receivingOptions, reconcileReceipts } from "../../agents/purchasing/receiving";
import { requireAdmin } from "../auth.server";
import { ConfirmModal } from "../components/AppFeedback";
import { PagedTable } from "../components/PagedTable";
import { DownloadButton } from "../components/DownloadButton";
import { moduleErrorBoundary } from "../components/ModuleError";
import { shopCurrency } from "../currency.server";
import db from "../db.server";
import { count, money, when } from "../format";
import { STATUS_LABELS, STATUS_TONES } from "../purchasing";
import { variantName } from "../components/merchant-words";

const SEARCH_LIMIT = 10;

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const admin = await requireAdmin(request);
  const id = params.id!;
  await reconcileReceipts(db, admin.shop, id);
  const po = await getPurchaseOrder(db, admin.shop, id);
  if (!po) throw new Response("No such purchase order", { status: 404 });
  const q = new URL(request.url).searchParams.get("q")?.trim() ?? "";
  const receiving = ["ordered", "partly_received"].includes(po.status);
  const [currency, shop, vendor, options, pending, matches] = await Promise.all([
    shopCurrency(admin.shop),
    db.shop.findUnique({ where: { domain: admin.shop }, select: { name: true } }),
    db.vendor.findUnique({ where: { shop_name: { shop: admin.shop, name: po.vendor } } }),
    receiving ? admin.toolContext().then((ctx) => receivingOptions(ctx, po)) : null,
    db.purchaseReceipt.count({ where: { purchaseOrderId: po.id, status: "pending" } }),
    po.status === "draft" && q ? searchVariants(db, admin.shop, q, SEARCH_LIMIT) : [],
  ]);
  return {
    po: { ...po, label: poNumber(po.number) },
    currency,
    shopName: shop?.name ?? admin.shop,
    vendorEmail: vendor?.email ?? null,
    options,
    pendingReceipts: pending,
    q,
    matches,
  };
};

type ActionData = { ok: true; message: string } | { ok: false; message: string; hint?: string };

const numberOrNull = (value: FormDataEntryValue | null) => {
  const text = String(value ?? "").trim();
  return text === "" ? null : Number(text);
};

export const action = async ({ request, params }: ActionFunctionArgs): Promise<ActionData> => {
  const admin = await requireAdmin(request);
  const ctx = await admin.toolContext();
  const id = params.id!;
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const lineIds = form.getAll("lineId").map(String);
  let result;
  if (intent === "save") {
    const expected = String(form.get("expectedAt") ?? "").trim();
    if (expected && !/^\d{4}-\d{2}-\d{2}$/.test(expected))
      return { ok: false, message: "The expected date must be a date such as 2026-12-24." };
    result = await editDraft(ctx, id, {
      note: String(form.get("note") ?? "").trim() || null,
      expectedAt: expected ? new Date(`${expected}T00:00:00.000Z`) : null,
      lines: lineIds.map((lineId) => ({
        lineId,
        quantity: Number(String(form.get(`quantity-${lineId}`) ?? "").trim() || NaN),
        unitCost: numberOrNull(form.get(`cost-${lineId}`)),
      })),
    });
    if (result.ok) return { ok: true, message: "Saved." };
  } else if (intent === "remove") {
    result = await editDraft(ctx, id, { remove: [String(form.get("removeLineId"))] });
    if (result.ok) return { ok: true, message: "Line removed." };
  } else if (intent === "add") {
    result = await editDraft(ctx, id, { addVariantId: String(form.get("variantId")) });
    if (result.ok) return { ok: true, message: "Item added with 1 unit; set its quantity and save." };
  } else if (intent === "ordered" || intent === "cancelled") {
    result = await changeStatus(ctx, id, intent);
    if (result.ok) return { ok: true, message: intent === "ordered" ? "Marked as ordered." : "Cancelled." };
  } else if (intent === "receive") {
    const items = [];
    for (const lineId of lineIds) {
      const text = String(form.get(`receive-${lineId}`) ?? "").trim();
      if (text === "") continue; // not in this delivery
      items.push({ lineId, locationId: String(form.get(`location-${lineId}`) ?? ""), quantity: Number(text) });
    }
    const received = await receiveDelivery(ctx, id, items);
    if (!received.ok) return { ok: false, message: received.message, hint: received.hint };
    return received.data.action.status === "applied"
      ? { ok: true, message: "Delivery received into stock." }
      : { ok: true, message: "Delivery recorded. Approve the stock change on the AIRA page to add it to your stock." };
  } else return { ok: false, message: `Unknown action "${intent}".`, hint: "Use the buttons on this page." };
  return { ok: false, message: result.message, hint: result.hint };
};

export const ErrorBoundary = moduleErrorBoundary("/app/inventory");

// Printing shows the order only: the app's navigation, banners and buttons stay on screen.
const PRINT_CSS = `@media print {
  .Polaris-Frame__Navigation, .Polaris-Frame__TopBar, [data-testid="local-mode-banner"], .po-no-print { display: none !important; }
  .Polaris-Frame__Main { padding: 0 !important; }
  .po-print-only { display: block !important; }
}
.po-print-only { display: none; }`;

export default function PurchaseOrderPage() {
  const { po, currency, shopName, vendorEmail, options, pendingReceipts, q, matches } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const submit = useSubmit();
  const draft = po.status === "draft";
  const total = po.lines.reduce((a, l) => a + (l.unitCost ?? 0) * l.quantityOrdered, 0);
  const post = (data: Record<string, string>) => submit(data, { method: "post" });
  // Cancelling cannot be undone from the page: it asks first.
  const [confirmCancel, setConfirmCancel] = useState(false);
  return (
    <Page
      title={`${po.label} · ${po.vendor}`}
      titleMetadata={
        <span data-testid="po-status" data-status={po.status}>
          <Badge tone={STATUS_TONES[po.status]}>{STATUS_LABELS[po.status] ?? po.status}</Badge>
        </span>
      }
      backAction={{ url: "/app/purchase-orders" }}
    >
      <style>{PRINT_CSS}</style>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <div className="po-print-only">
              <Text as="p">{`Purchase order ${po.label} from ${shopName} to ${po.vendor}${vendorEmail ? ` (${vendorEmail})` : ""}`}</Text>
              <Text as="p">{`Date ${isoDay(new Date(po.orderedAt ?? po.createdAt))}${po.expectedAt ? `, expected ${isoDay(new Date(po.expectedAt))}` : ""}`}</Text>
            </div>
            {result ? (
              <div className="po-no-print" data-testid="po-result">
                <Banner tone={result.ok ? "success" : "critical"} title={result.message}>
                  {!result.ok && result.hint ? <p>{result.hint}</p> : null}
                </Banner>
              </div>
            ) : null}
            {pendingReceipts > 0 ? (
              <div className="po-no-print">
                <Banner tone="info" title="A delivery is waiting for approval">
                  <p>
                    Its units are added to stock, and counted as received here, once you approve it on the{" "}
                    <Link to="/app/aira">AIRA page</Link>.
                  </p>
                </Banner>
              </div>
            ) : null}
            <div className="po-no-print">
              <InlineStack gap="200">
                {draft ? (
                  <Button
                    variant="primary"
                    onClick={() => post({ intent: "ordered" })}
                    disabled={busy}
                    accessibilityLabel="Mark as ordered"
                  >
                    Mark as ordered
                  </Button>
                ) : null}
                {["draft", "ordered", "partly_received"].includes(po.status) ? (
                  <Button tone="critical" onClick={() => setConfirmCancel(true)} disabled={busy}>
                    Cancel order
                  </Button>
                ) : null}
                <ConfirmModal
                  open={confirmCancel}
                  title={`Cancel ${po.label}?`}
                  message={`${po.vendor} is not told: tell them yourself if the order was sent. Units not yet received stop counting as on order in the reorder plan. A cancelled order cannot be reopened.`}
                  confirmLabel="Cancel order"
                  destructive
                  loading={busy}
                  onConfirm={() => {
                    setConfirmCancel(false);
                    post({ intent: "cancelled" });
                  }}
                  onClose={() => setConfirmCancel(false)}
                />
                <Button onClick={() => window.print()}>Print</Button>
                <DownloadButton url={`/app/purchase-orders/${po.id}/csv`} fallbackName={`${po.label}.csv`}>
                  Export CSV
                </DownloadButton>
              </InlineStack>
            </div>
            {draft ? (
              <DraftEditor
                po={po}
                currency={currency}
                busy={busy}
                onRemove={(id) => post({ intent: "remove", removeLineId: id })}
              />
            ) : options ? (
              <Receiving po={po} options={options} busy={busy} />
            ) : (
              <Card>
                <PagedTable
                  label="Purchase order lines"
                  columnContentTypes={["text", "text", "numeric", "numeric", "numeric", "numeric"]}
                  headings={["Item", "SKU", "Ordered", "Received", "Unit cost", "Line cost"]}
                  rows={po.lines.map((l) => [
                    variantName(l.productTitle, l.variantTitle),
                    l.sku ?? "—",
                    count(l.quantityOrdered),
                    count(l.quantityReceived),
                    l.unitCost == null ? "—" : money(l.unitCost, currency),
                    l.unitCost == null ? "—" : money(l.unitCost * l.quantityOrdered, currency),
                  ])}
                  totals={["", "", "", "", "", money(total, currency)]}
                  showTotalsInFooter
                />
              </Card>
            )}
            {draft ? (
              <div className="po-no-print">
                <Card>
                  <BlockStack gap="300">
                    <Text as="h2" variant="headingMd">
                      Add an item
                    </Text>
                    <Form method="get">
                      <InlineStack gap="200" blockAlign="end">
                        <SearchField initial={q} />
                        <Button submit>Search</Button>
                      </InlineStack>
                    </Form>
                    {q && matches.length === 0 ? <Text as="p">{`Nothing in the catalog matches "${q}".`}</Text> : null}
                    {matches.map((m) => (
                      <InlineStack key={m.variantId} gap="200" blockAlign="center">
                        <Text as="span">{m.name}</Text>
                        <Text as="span" tone="subdued">
                          {m.sku ?? ""}
                        </Text>
                        <Button
                          size="slim"
                          onClick={() => post({ intent: "add", variantId: m.variantId })}
                          disabled={busy}
                        >
                          Add
                        </Button>
                      </InlineStack>
                    ))}
                  </BlockStack>
                </Card>
              </div>
            ) : null}
            <Text as="p" tone="subdued">
              {`Created ${when(po.createdAt)}${po.orderedAt ? ` · ordered ${when(po.orderedAt)}` : ""}${po.receivedAt ? ` · received ${when(po.receivedAt)}` : ""}${po.cancelledAt ? ` · cancelled ${when(po.cancelledAt)}` : ""}${!draft && po.note ? ` · note: ${po.note}` : ""}`}
            </Text>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function SearchField({ initial }: { initial: string }) {
  const [q, setQ] = useState(initial);
  return <TextField label="Product or SKU" name="q" value={q} onChange={setQ} autoComplete="off" />;
}

type LoadedPo = ReturnType<typeof useLoaderData<typeof loader>>["po"];

function DraftEditor({
  po,
  currency,
  busy,
  onRemove,
}: {
  po: LoadedPo;
  currency: string;
  busy: boolean;
  onRemove: (lineId: string) => void;
}) {
  const [values, setValues] = useState(() =>
    Object.fromEntries(
      po.lines.map((l) => [
        l.id,
        { quantity: String(l.quantityOrdered), cost: l.unitCost == null ? "" : String(l.unitCost) },
      ]),
    ),
  );
  const [note, setNote] = useState(po.note ?? "");
  const [expected, setExpected] = useState(po.expectedAt ? isoDay(new Date(po.expectedAt)) : "");
  const set = (id: string, key: "quantity" | "cost") => (v: string) =>
    setValues((all) => ({ ...all, [id]: { ...(all[id] ?? { quantity: "", cost: "" }), [key]: v } }));
  const total = po.lines.reduce((a, l) => a + Number(values[l.id]?.cost || 0) * Number(values[l.id]?.quantity || 0), 0);
  return (
    <Card>
      <Form method="post">
        <input type="hidden" name="intent" value="save" />
        <BlockStack gap="300">
          {po.lines.length === 0 ? <Text as="p">No items yet: add one below before ordering.</Text> : null}
          {po.lines.map((l) => (
            <InlineGrid key={l.id} columns={{ xs: 1, md: "3fr 1fr 1fr auto" }} gap="200" alignItems="end">
              <input type="hidden" name="lineId" value={l.id} />
              <BlockStack gap="050">
                <Text as="span" fontWeight="semibold">
                  {variantName(l.productTitle, l.variantTitle)}
                </Text>
                <Text as="span" tone="subdued">
                  {l.sku ?? "No SKU"}
                </Text>
              </BlockStack>
              <TextField
                label="Quantity"
                name={`quantity-${l.id}`}
                type="number"
                value={values[l.id]?.quantity ?? ""}
                onChange={set(l.id, "quantity")}
                autoComplete="off"
              />
              <TextField
                label={`Unit cost (${currency})`}
                name={`cost-${l.id}`}
                type="number"
                value={values[l.id]?.cost ?? ""}
                onChange={set(l.id, "cost")}
                autoComplete="off"
              />
              <Button onClick={() => onRemove(l.id)} disabled={busy} accessibilityLabel={`Remove ${l.productTitle}`}>
                Remove
              </Button>
            </InlineGrid>
          ))}
          <InlineGrid columns={{ xs: 1, md: 2 }} gap="200">
            <TextField
              label="Expected delivery"
              name="expectedAt"
              type="date"
              value={expected}
              onChange={setExpected}
              autoComplete="off"
            />
            <TextField label="Note to the vendor" name="note" value={note} onChange={setNote} autoComplete="off" />
          </InlineGrid>
          <InlineStack gap="300" blockAlign="center">
            <Button submit variant="primary" loading={busy}>
              Save
            </Button>
            <Text as="span">{`Total ${money(total, currency)}`}</Text>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}

type Options = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["options"]>;

function Receiving({ po, options, busy }: { po: LoadedPo; options: Options; busy: boolean }) {
  const byLine = new Map(options.map((o) => [o.lineId, o]));
  const [received, setReceived] = useState<Record<string, string>>({});
  // Each item defaults to the location holding most of its stock (options list them that way).
  const [locations, setLocations] = useState<Record<string, string>>(() =>
    Object.fromEntries(options.map((o) => [o.lineId, o.locations[0]?.id ?? ""])),
  );
  return (
    <Card>
      <Form method="post">
        <input type="hidden" name="intent" value="receive" />
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Receive a delivery
          </Text>
          <Text as="p" tone="subdued">
            Enter what arrived for each item and where you put it; leave items that did not arrive empty.
          </Text>
          {po.lines.map((l) => {
            const o = byLine.get(l.id)!;
            return (
              <InlineGrid key={l.id} columns={{ xs: 1, md: "3fr 1fr 2fr" }} gap="200" alignItems="end">
                <input type="hidden" name="lineId" value={l.id} />
                <BlockStack gap="050">
                  <Text as="span" fontWeight="semibold">
                    {variantName(l.productTitle, l.variantTitle)}
                  </Text>
                  <Text as="span" tone="subdued">
                    {`${l.sku ?? "No SKU"} · ${count(l.quantityOrdered)} ordered, ${count(l.quantityReceived)} received${o.awaitingApproval ? `, ${count(o.awaitingApproval)} awaiting approval` : ""}`}
                  </Text>
                  {o.deleted ? (
                    <Text as="span" tone="critical">
                      Deleted from the store: it cannot be received.
                    </Text>
                  ) : null}
                </BlockStack>
                <TextField
                  label="Received"
                  name={`receive-${l.id}`}
                  type="number"
                  autoComplete="off"
                  placeholder={o.remaining > 0 ? `up to ${o.remaining}` : "complete"}
                  value={received[l.id] ?? ""}
                  onChange={(v) => setReceived((all) => ({ ...all, [l.id]: v }))}
                  disabled={o.deleted}
                />
                <Select
                  label="Location"
                  name={`location-${l.id}`}
                  options={o.locations.map((loc) => ({
                    label: `${loc.name} (${count(loc.available)} in stock)`,
                    value: loc.id,
                  }))}
                  value={locations[l.id]}
                  onChange={(v) => setLocations((all) => ({ ...all, [l.id]: v }))}
                  disabled={o.deleted}
                />
              </InlineGrid>
            );
          })}
          <InlineStack>
            <Button submit variant="primary" loading={busy}>
              Record delivery
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}
