// Settings > Vendors: each vendor's lead time, minimum order, case pack and contact. The reorder plan
// and purchase orders use these terms; a vendor without a lead time is planned with the default
// (14 days), and this page asks for it.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
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
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { DEFAULT_LEAD_TIME_DAYS } from "../../agents/purchasing/terms";
import { listVendors, saveVendor, type VendorRow } from "../../agents/purchasing/vendors";
import { auditMerchant, requireAdmin } from "../auth.server";
import { moduleErrorBoundary } from "../components/ModuleError";
import db from "../db.server";
import { count } from "../format";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const vendors = await listVendors(db, shop);
  return { vendors: vendors.map((v) => ({ ...v, saved: v.saved && { ...v.saved } })) };
};

type ActionData = { ok: true; name: string } | { ok: false; name: string; message: string };

/** A blank field is "not set"; anything else must be a number (the schema says which). */
const numberOrNull = (value: FormDataEntryValue | null) => {
  const text = String(value ?? "").trim();
  return text === "" ? null : Number(text);
};
const textOrNull = (value: FormDataEntryValue | null) => String(value ?? "").trim() || null;

export const action = async ({ request }: ActionFunctionArgs): Promise<ActionData> => {
  const admin = await requireAdmin(request);
  const form = await request.formData();
  const name = String(form.get("name") ?? "");
  const saved = await saveVendor(db, admin.shop, {
    name,
    leadTimeDays: numberOrNull(form.get("leadTimeDays")),
    minimumOrder: numberOrNull(form.get("minimumOrder")),
    casePack: numberOrNull(form.get("casePack")),
    email: textOrNull(form.get("email")),
    notes: textOrNull(form.get("notes")),
  });
  if (!saved.ok) return { ok: false, name, message: saved.message };
  await auditMerchant(admin, { action: "vendor.save", input: { name, terms: saved.data }, outcome: "ok" });
  return { ok: true, name };
};

export const ErrorBoundary = moduleErrorBoundary("/app/inventory");

export default function VendorSettings() {
  const { vendors } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const missing = vendors.filter((v) => v.saved?.leadTimeDays == null);
  return (
    <Page
      title="Vendors"
      subtitle="Lead times, minimum orders and case packs your reorder plan and purchase orders use."
      backAction={{ url: "/app/settings", content: "Settings", accessibilityLabel: "Back to Settings" }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {missing.length > 0 ? (
              <div data-testid="vendors-missing-lead-time">
                <Banner tone="warning" title={`${count(missing.length)} vendors have no lead time`}>
                  <p>
                    The reorder plan assumes {DEFAULT_LEAD_TIME_DAYS} days for {missing.map((v) => v.name).join(", ")}.
                    Enter how many days each takes to deliver so orders are placed in time.
                  </p>
                </Banner>
              </div>
            ) : null}
            {vendors.length === 0 ? (
              <Card>
                <Text as="p">
                  No vendors yet: they come from your products&apos; vendor field once the store is synced.
                </Text>
              </Card>
            ) : (
              vendors.map((v) => (
                <VendorCard key={v.name} vendor={v} result={result?.name === v.name ? result : undefined} />
              ))
            )}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

type LoadedVendor = Omit<VendorRow, "saved"> & {
  saved: {
    leadTimeDays: number | null;
    minimumOrder: number | null;
    casePack: number | null;
    email: string | null;
    notes: string | null;
  } | null;
};

function VendorCard({ vendor, result }: { vendor: LoadedVendor; result?: ActionData }) {
  const busy = useNavigation().state !== "idle";
  const s = vendor.saved;
  const [fields, setFields] = useState({
    leadTimeDays: s?.leadTimeDays?.toString() ?? "",
    minimumOrder: s?.minimumOrder?.toString() ?? "",
    casePack: s?.casePack?.toString() ?? "",
    email: s?.email ?? "",
    notes: s?.notes ?? "",
  });
  const set = (key: keyof typeof fields) => (value: string) => setFields((f) => ({ ...f, [key]: value }));
  return (
    <Card>
      <Form method="post" data-testid={`vendor-${vendor.name}`}>
        <input type="hidden" name="name" value={vendor.name} />
        <BlockStack gap="300">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h2" variant="headingMd">
              {vendor.name}
            </Text>
            <Text as="span" tone="subdued">
              {`${count(vendor.products)} product${vendor.products === 1 ? "" : "s"}`}
            </Text>
            {s?.leadTimeDays == null ? <Badge tone="attention">Lead time needed</Badge> : null}
          </InlineStack>
          {result && !result.ok ? (
            <Banner tone="critical" title="Not saved">
              <p>{result.message}</p>
            </Banner>
          ) : null}
          {result?.ok ? <Banner tone="success" title="Saved" /> : null}
          <InlineGrid columns={{ xs: 1, sm: 3 }} gap="300">
            <TextField
              label="Lead time (days)"
              name="leadTimeDays"
              type="number"
              value={fields.leadTimeDays}
              onChange={set("leadTimeDays")}
              autoComplete="off"
              helpText="From placing the order to stock on the shelf."
            />
            <TextField
              label="Minimum order per item (units)"
              name="minimumOrder"
              type="number"
              value={fields.minimumOrder}
              onChange={set("minimumOrder")}
              autoComplete="off"
            />
            <TextField
              label="Case pack (units)"
              name="casePack"
              type="number"
              value={fields.casePack}
              onChange={set("casePack")}
              autoComplete="off"
              helpText="Orders are rounded up to whole cases."
            />
          </InlineGrid>
          <InlineGrid columns={{ xs: 1, sm: 2 }} gap="300">
            <TextField
              label="Contact email"
              name="email"
              type="email"
              value={fields.email}
              onChange={set("email")}
              autoComplete="off"
            />
            <TextField label="Notes" name="notes" value={fields.notes} onChange={set("notes")} autoComplete="off" />
          </InlineGrid>
          <InlineStack>
            <Button submit variant="primary" loading={busy}>
              Save
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}
