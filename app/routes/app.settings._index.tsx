// Settings: what the merchant decides once and the agents follow — which agents run on their own,
// the lowest margin a price may leave, the fraud score at which orders are held, and the support
// policy reply drafts quote — with links to vendors and MCP clients. Bad input is answered field by
// field and saves nothing (agents/settings.ts validates).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  FormLayout,
  InlineStack,
  Link,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { readSettings, saveSettings, scheduleEnabled, SETTINGS_LIMITS } from "../../agents/settings";
import { appAgents, appRuntime } from "../agents.server";
import { auditMerchant, requireAdmin } from "../auth.server";
import type { DocumentCacheHandle } from "../document-cache.server";
import { ModulePage } from "../components/ModulePage";
import { moduleErrorBoundary } from "../components/ModuleError";
import { scheduleText } from "../components/schedule";
import db from "../db.server";
import { loaderMemo, pageMemoKey } from "../loader-memo.server";
import { logger } from "../logger.server";
import { MODULES } from "../modules";

/**
 * The agents a merchant can turn on and off: those with a schedule, store sync and monitoring included.
 * System agents (the hourly refresh of stored analyses) keep the app working and stay on.
 */
const scheduledAgents = () =>
  appAgents()
    .list()
    .filter((agent) => agent.schedule && !agent.capabilities.includes("system"))
    .map((agent) => ({ name: agent.name, title: agent.title, when: scheduleText(agent.schedule) }));

// Its document is rendered once per distinct loader data (app/document-cache.server.ts): it renders
// only its loader data and the URL.
export const handle: DocumentCacheHandle = { documentCache: true };

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, mode } = await requireAdmin(request);
  // Read once per database version (app/loader-memo.server.ts): the settings change only by a write,
  // never by the clock. No query parameter is read: the key is the page, shop and mode.
  const key = pageMemoKey("/app/settings", shop, mode, new URL("http://settings/"));
  return loaderMemo.read(db, key, Date.now(), async () => {
    const settings = await readSettings(db, shop);
    return {
      validUntil: Infinity,
      data: {
        agents: scheduledAgents().map((a) => ({ ...a, on: scheduleEnabled(settings, a.name) })),
        marginFloorPercent: String(Math.round(settings.marginFloor * 1000) / 10),
        fraudHoldAt: String(settings.fraudHoldAt),
        supportPolicy: settings.supportPolicy,
        firstReplyHours: String(settings.supportFirstResponseHours),
        resolutionHours: String(settings.supportResolutionHours),
      },
    };
  });
};

type ActionData = { ok: true; message: string } | { ok: false; errors: Record<string, string> };

/** A form number: "" or text that is not a number is undefined (the schema then names the field). */
function formNumber(value: FormDataEntryValue | null): number | undefined | null {
  const text = String(value ?? "")
    .trim()
    .replace(/%$/, "")
    .trim();
  if (text === "") return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

export const action = async ({ request }: ActionFunctionArgs): Promise<ActionData> => {
  const admin = await requireAdmin(request);
  const form = await request.formData();
  const errors: Record<string, string> = {};
  const margin = formNumber(form.get("marginFloorPercent"));
  const holdAt = formNumber(form.get("fraudHoldAt"));
  if (margin == null) errors.marginFloor = "Enter the margin floor as a percentage, e.g. 20.";
  if (holdAt == null) errors.fraudHoldAt = "Enter the hold score as a whole number from 1 to 100.";
  const firstReply = formNumber(form.get("supportFirstResponseHours"));
  const resolution = formNumber(form.get("supportResolutionHours"));
  if (firstReply == null) errors.supportFirstResponseHours = "Enter the first-reply target in whole hours, e.g. 24.";
  if (resolution == null) errors.supportResolutionHours = "Enter the resolution target in whole hours, e.g. 72.";
  if (Object.keys(errors).length) return { ok: false, errors };
  const schedules = Object.fromEntries(scheduledAgents().map((a) => [a.name, form.get(`schedule.${a.name}`) === "on"]));
  const change = {
    schedules,
    marginFloor: Math.round(margin! * 10) / 1000,
    fraudHoldAt: holdAt!,
    supportPolicy: String(form.get("supportPolicy") ?? ""),
    supportFirstResponseHours: firstReply!,
    supportResolutionHours: resolution!,
  };
  const saved = await saveSettings(db, admin.shop, change);
  await auditMerchant(admin, {
    action: "settings.update",
    input: { ...change, supportPolicy: `${change.supportPolicy.length} characters` },
    outcome: saved.ok ? "ok" : "error",
    ...(saved.ok ? {} : { result: { errors: saved.errors } }),
  });
  if (!saved.ok) return saved;
  // The worker follows the settings within a minute; schedule changes here too so they hold at once.
  const message = await applySchedules(admin.shop, schedules);
  return { ok: true, message };
};

async function applySchedules(shop: string, schedules: Record<string, boolean>): Promise<string> {
  try {
    const runtime = appRuntime();
    for (const [agent, on] of Object.entries(schedules))
      if (on) await runtime.schedule(shop, agent);
      else await runtime.unschedule(shop, agent);
    return "Settings saved.";
  } catch (error) {
    logger.warn({ err: error instanceof Error ? error.message : String(error) }, "could not update schedules now");
    return "Settings saved. Agent schedules change within a minute.";
  }
}

export const ErrorBoundary = moduleErrorBoundary("/app/settings");

export default function Settings() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors = result && !result.ok ? result.errors : {};
  const module = MODULES.find((m) => m.path === "/app/settings")!;
  const [on, setOn] = useState(() => Object.fromEntries(data.agents.map((a) => [a.name, a.on])));
  const [margin, setMargin] = useState(data.marginFloorPercent);
  const [holdAt, setHoldAt] = useState(data.fraudHoldAt);
  const [policy, setPolicy] = useState(data.supportPolicy);
  const [firstReply, setFirstReply] = useState(data.firstReplyHours);
  const [resolution, setResolution] = useState(data.resolutionHours);
  return (
    <ModulePage title={module.title} summary={module.summary}>
      {result?.ok ? (
        <Banner tone="success" title={result.message} />
      ) : result ? (
        <Banner tone="critical" title="Nothing was saved: please correct the fields marked below." />
      ) : null}
      <Form method="post">
        <BlockStack gap="400">
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Agents that run on their own
              </Text>
              <Text as="p" tone="subdued">
                A switched-off agent stops running on its schedule; you can still run it from the Agents page.
              </Text>
              {data.agents.map((a) => (
                <div key={a.name} data-testid={`setting-schedule-${a.name}`}>
                  <Checkbox
                    label={`${a.title} (${a.when})`}
                    checked={on[a.name]}
                    onChange={(checked) => setOn((current) => ({ ...current, [a.name]: checked }))}
                  />
                  {/* What the form sends: the Checkbox is drawn by Polaris, the value kept here. */}
                  {on[a.name] ? <input type="hidden" name={`schedule.${a.name}`} value="on" /> : null}
                </div>
              ))}
            </BlockStack>
          </Card>
          <Card>
            <FormLayout>
              <Text as="h2" variant="headingMd">
                Pricing
              </Text>
              <TextField
                label="Margin floor"
                name="marginFloorPercent"
                suffix="%"
                autoComplete="off"
                value={margin}
                onChange={setMargin}
                error={errors.marginFloor}
                helpText={`Price suggestions and price changes never leave less margin than this (0 to ${SETTINGS_LIMITS.marginFloor.max * 100}%).`}
              />
            </FormLayout>
          </Card>
          <Card>
            <FormLayout>
              <Text as="h2" variant="headingMd">
                Fraud
              </Text>
              <TextField
                label="Hold orders from this risk score"
                name="fraudHoldAt"
                suffix="of 100"
                autoComplete="off"
                value={holdAt}
                onChange={setHoldAt}
                error={errors.fraudHoldAt}
                helpText="Orders scoring this or more are recommended for a fulfillment hold (which you approve). Lower holds more orders."
              />
            </FormLayout>
          </Card>
          <Card>
            <FormLayout>
              <Text as="h2" variant="headingMd">
                Customer support
              </Text>
              <TextField
                label="Support policy"
                name="supportPolicy"
                multiline={4}
                autoComplete="off"
                value={policy}
                onChange={setPolicy}
                error={errors.supportPolicy}
                maxLength={SETTINGS_LIMITS.supportPolicy.max}
                showCharacterCount
                helpText="Returns, shipping times, who pays return postage: reply drafts include it."
              />
              <FormLayout.Group>
                <TextField
                  label="Reply to new tickets within"
                  name="supportFirstResponseHours"
                  suffix="hours"
                  autoComplete="off"
                  value={firstReply}
                  onChange={setFirstReply}
                  error={errors.supportFirstResponseHours}
                  helpText="A ticket still waiting for its first reply after this is flagged on the Support page, with an alert."
                />
                <TextField
                  label="Solve tickets within"
                  name="supportResolutionHours"
                  suffix="hours"
                  autoComplete="off"
                  value={resolution}
                  onChange={setResolution}
                  error={errors.supportResolutionHours}
                  helpText="An open ticket older than this is flagged as overdue."
                />
              </FormLayout.Group>
            </FormLayout>
          </Card>
          <InlineStack align="end">
            <Button submit variant="primary" loading={busy}>
              Save settings
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
      <Card>
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">
            More settings
          </Text>
          <Link url="/app/settings/vendors">Vendors</Link>
          <Text as="p" tone="subdued">
            Suppliers, their lead times and minimum orders for purchase orders.
          </Text>
          <Link url="/app/settings/mcp">MCP clients</Link>
          <Text as="p" tone="subdued">
            Access for Claude Desktop, Cursor and other assistants that read your store or propose changes.
          </Text>
        </BlockStack>
      </Card>
    </ModulePage>
  );
}
