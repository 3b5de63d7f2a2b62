import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, ButtonGroup, Card, InlineStack, List, Text } from "@shopify/polaris";
import type { ReactNode } from "react";
import type { ToolContext } from "../../agents/core/context";
import type { ToolInput } from "../../agents/core/registry";
import type { AnyTool } from "../../agents/core/tool";
import { securityDeliveries } from "../../agents/overview/queries";
import { nextSnoozeEnd } from "../../agents/security/alerts";
import { AUDIT_OUTCOMES, type AuditOutcome } from "../../agents/security/audit-log";
import {
  explainAlert,
  getComplianceStatus,
  getSecurityScan,
  listAlerts,
  listAuditLog,
  toolRegistry,
} from "../../agents/tools";
import { alertDecisionAction } from "../alerts.server";
import { requireAdmin } from "../auth.server";
import { Section as Anchored, SectionNav } from "../components/SectionNav";
import { AlertList } from "../components/alerts/AlertList";
import { moduleErrorBoundary } from "../components/ModuleError";
import { ModulePage, TableCard } from "../components/ModulePage";
import { awaitingAnalysis, ToolProblemBanner, type ToolOutcome, type ToolProblem } from "../components/ToolOutcome";
import db from "../db.server";
import type { DocumentCacheHandle } from "../document-cache.server";
import { count, when } from "../format";
import { MODULES } from "../modules";
import { merchantWords } from "../merchant-words.server";
import { loaderMemo, pageMemoKey } from "../loader-memo.server";
import { useReloadOnAlerts, useReloadWhenAnalysed } from "../components/live/LiveEvents";

/** A tool's data, or what went wrong in words for a Banner: one failing section never fails the page. */
type Section<T extends AnyTool> = ToolOutcome<T> | { ok: false; code: "section_failed"; message: string; hint: string };

/**
 * One section's tool call. A failure the tool reports becomes its Banner; so does a bug it throws
 * (logged in full): the page's other sections stay useful while one of them is broken.
 */
async function section<T extends AnyTool>(ctx: ToolContext, tool: T, input: ToolInput<T>): Promise<Section<T>> {
  try {
    return await toolRegistry.run(ctx, tool, input);
  } catch (error) {
    ctx.logger.error({ err: error, tool: tool.name }, "security page section failed");
    return {
      ok: false,
      code: "section_failed",
      message: "this section could not be computed",
      hint: "The error is in the server log; the rest of the page is unaffected. Try again later.",
    };
  }
}
const isOutcome = (value: string | null): value is AuditOutcome =>
  (AUDIT_OUTCOMES as readonly string[]).includes(value ?? "");

/** The audit entries as the page shows them: their input and result (up to 2 KB each) stay in the log. */
function auditForPage(audit: Section<typeof listAuditLog>) {
  if (!audit.ok) return audit;
  const entries = audit.data.entries.map(({ id, at, actor, action, outcome, read }) => ({
    id,
    at,
    actor,
    action,
    outcome,
    read,
  }));
  return { ...audit, data: { ...audit.data, entries } };
}

/** An alert list as the page shows it: the detectors' evidence (details) is for explain_alert. */
function alertsForPage(list: Section<typeof listAlerts>) {
  if (!list.ok) return list;
  return { ...list, data: { ...list.data, alerts: list.data.alerts.map(({ details: _details, ...alert }) => alert) } };
}

/** The compliance status as the page shows it: of the scope analysis, what is unneeded and missing. */
function complianceForPage(compliance: Section<typeof getComplianceStatus>) {
  if (!compliance.ok) return compliance;
  const { scopes } = compliance.data;
  const analysis = { unneeded: scopes.analysis.unneeded, missing: scopes.analysis.missing };
  return { ...compliance, data: { ...compliance.data, scopes: { ...scopes, analysis } } };
}

/**
 * A fresh stored compliance status (ADR 0015) is kept until it goes stale: the load after that reads
 * it again and asks the worker for a new one, whose answer is a commit. One missing, being worked
 * out or refreshed, or failed is read again on every load (0: nothing kept).
 */
function complianceFreshUntil(compliance: Section<typeof getComplianceStatus>): number {
  if (!compliance.ok || !compliance.asOf || compliance.refreshing) return 0;
  return Date.parse(compliance.asOf) + (getComplianceStatus.stored?.freshForMs ?? 0);
}

/**
 * The alerts, their explanation, the audit log, the deliveries and the stored compliance status:
 * read once per database version (ADR 0039). The clock alone changes them when a snooze ends (the
 * alert is open again), at UTC midnight (the deliveries' window) and when the compliance status goes
 * stale; any decision, new alert, audit row, webhook or stored result is a commit.
 */
async function readSecurity(ctx: ToolContext, shop: string, search: URLSearchParams, now: Date) {
  const outcome = search.get("outcome");
  // Reads (AIRA, MCP and agents looking things up) are kept but shown only when asked for.
  const reads = search.get("reads") === "1";
  const alertId = search.get("alert") || undefined;
  // An unknown outcome goes to the tool as given: its validation message is the Banner.
  // The newest open alert is explained unless another is asked for with ?alert=<id>.
  const [open, snoozed, resolved, deliveries, snoozeEnd, compliance] = await Promise.all([
    section(ctx, listAlerts, { status: "open", limit: 50 }),
    section(ctx, listAlerts, { status: "snoozed", limit: 50 }),
    section(ctx, listAlerts, { status: "resolved", limit: 20 }),
    securityDeliveries(db, shop, now),
    nextSnoozeEnd(db, shop, now),
    section(ctx, getComplianceStatus, {}),
  ]);
  const anyOpen = open.ok && open.data.alerts.length > 0;
  const [audit, explanation] = await Promise.all([
    // Not narrowed here: the tool validates the outcome and says what to send instead.
    section(ctx, listAuditLog, { outcome: (outcome || undefined) as AuditOutcome | undefined, reads, limit: 50 }),
    alertId || anyOpen ? section(ctx, explainAlert, { alertId }) : null,
  ]);
  const { validUntil, ...shown } = deliveries;
  return {
    validUntil: Math.min(validUntil, snoozeEnd?.getTime() ?? Infinity, complianceFreshUntil(compliance)),
    data: {
      ...shown,
      alertLists: { open: alertsForPage(open), snoozed: alertsForPage(snoozed), resolved: alertsForPage(resolved) },
      // Tool names in the audit log and notes as the tools' titles.
      ...merchantWords({ audit: auditForPage(audit), explanation, compliance: complianceForPage(compliance) }),
    },
  };
}

// The security scan is read on every load: its findings count days and expiries by the clock.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const admin = await requireAdmin(request);
  const { shop, mode } = admin;
  const now = new Date();
  const url = new URL(request.url);
  const outcome = url.searchParams.get("outcome");
  const ctx = await admin.toolContext();
  const [kept, scan] = await Promise.all([
    loaderMemo.read(db, pageMemoKey("/app/security", shop, mode, url), now.getTime(), () =>
      readSecurity(ctx, shop, url.searchParams, now),
    ),
    section(ctx, getSecurityScan, {}),
  ]);
  return {
    ...kept,
    outcome: isOutcome(outcome) ? outcome : null,
    reads: url.searchParams.get("reads") === "1",
    // From the loader: the page's code must not import agents/security at runtime (it reaches the database client).
    outcomes: AUDIT_OUTCOMES,
    ...merchantWords({ scan }),
  };
};

/** Acknowledge, resolve, snooze or reopen alerts (the lists below post here). */
export const action = (args: ActionFunctionArgs) => alertDecisionAction(args);

export const ErrorBoundary = moduleErrorBoundary("/app/security");

// The components read nothing but loader data and the URL (no clock: dates come formatted from the
// data), so a load whose data is unchanged is answered with the HTML rendered before (ADR 0034).
export const handle: DocumentCacheHandle = { documentCache: true };

type CheckStatus = "pass" | "warn" | "fail" | "not_applicable";
const STATUS_LABEL: Record<CheckStatus, string> = {
  pass: "Pass",
  warn: "Warning",
  fail: "Fail",
  not_applicable: "Not applicable",
};
const STATUS_TONE = { pass: "success", warn: "warning", fail: "critical", not_applicable: undefined } as const;

function StatusBadge({ status }: { status: CheckStatus }) {
  return (
    <span data-status={status}>
      <Badge tone={STATUS_TONE[status]}>{STATUS_LABEL[status]}</Badge>
    </span>
  );
}

/** Long prose in a table cell: DataTable keeps cells on one line, which hides the columns after it. */
const Prose = ({ children }: { children: ReactNode }) => (
  <div style={{ whiteSpace: "normal", minWidth: 220, maxWidth: 420 }}>{children}</div>
);

const yesNo = (value: boolean | null) => (value === null ? "Unknown" : value ? "Yes" : "No");

/** A section whose tool failed: the section's name and what went wrong in the Banner's title. */
const FailureBanner = ({ title, failure }: { title: string; failure: ToolProblem }) => (
  <ToolProblemBanner title={title} problem={failure} messageInTitle />
);

function SectionCard({
  title,
  status,
  testId,
  children,
}: {
  title: string;
  status?: CheckStatus;
  testId: string;
  children: ReactNode;
}) {
  return (
    <Card>
      <div data-testid={testId}>
        <BlockStack gap="300">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h2" variant="headingMd">
              {title}
            </Text>
            {status ? <StatusBadge status={status} /> : null}
          </InlineStack>
          {children}
        </BlockStack>
      </div>
    </Card>
  );
}

export default function Security() {
  const {
    alertLists,
    webhooks,
    webhooksSince,
    exports,
    scan,
    compliance,
    audit,
    explanation,
    outcome,
    outcomes,
    reads,
  } = useLoaderData<typeof loader>();
  useReloadOnAlerts();
  const module = MODULES.find((m) => m.path === "/app/security")!;
  return (
    <ModulePage
      title={module.title}
      summary={module.summary}
      links={[{ content: "MCP access tokens", url: "/app/settings/mcp" }]}
    >
      <SectionNav
        sections={[
          { id: "alerts", label: "Alerts" },
          { id: "scan", label: "Security scan" },
          { id: "compliance", label: "Compliance" },
          { id: "audit-log", label: "Audit log" },
          { id: "webhooks", label: "Webhooks and data requests" },
        ]}
      />
      <Anchored id="alerts">
        <BlockStack gap="400">
          <AlertLists lists={alertLists} />
          {explanation ? <AlertExplanation explanation={explanation} /> : null}
        </BlockStack>
      </Anchored>
      <Anchored id="scan">
        <ScanCard scan={scan} />
      </Anchored>
      <Anchored id="compliance">
        <ComplianceCards compliance={compliance} />
      </Anchored>
      <Anchored id="audit-log">
        <AuditCard audit={audit} outcome={outcome} outcomes={outcomes} reads={reads} />
      </Anchored>
      <Anchored id="webhooks">
        <BlockStack gap="400">
          <TableCard
            title={`Webhooks received since ${when(webhooksSince).slice(0, 10)}`}
            headings={["Topic", "Status", "Count"]}
            rows={webhooks.map((w) => [w.topic, w.status, w.count])}
            empty={{
              heading: "No webhooks received",
              body: "None in this period. Shopify delivers webhooks once the app is installed; the Shopify page shows the connection.",
            }}
          />
          <TableCard
            title="Customer data requests"
            headings={["Export", "Customer", "Email", "Received"]}
            rows={exports.map((e) => [e.id, e.customerId ?? "—", e.email ?? "—", when(e.createdAt)])}
            empty={{
              heading: "No data requests",
              body: "customers/data_request webhooks produce an export of what we hold about the customer.",
            }}
          />
        </BlockStack>
      </Anchored>
    </ModulePage>
  );
}

function AlertLists({ lists }: { lists: ReturnType<typeof useLoaderData<typeof loader>>["alertLists"] }) {
  const { open, snoozed, resolved } = lists;
  const explain = (a: { id: string }) => `?alert=${encodeURIComponent(a.id)}`;
  return (
    <>
      {open.ok ? (
        <AlertList
          title={`Open alerts${open.data.matched ? ` (${count(open.data.matched)})` : ""}`}
          alerts={open.data.alerts}
          selectable
          explain={explain}
          empty={{
            heading: "No open alerts",
            body: "Nothing needs your attention. Agents raise alerts here for risky orders, stockouts and failing webhooks.",
          }}
          footer={
            open.data.alerts.length < open.data.matched
              ? `The newest ${open.data.alerts.length} of ${count(open.data.matched)} open alerts are shown.`
              : undefined
          }
          testId="security-alerts"
        />
      ) : (
        <FailureBanner title="Open alerts" failure={open} />
      )}
      {snoozed.ok && snoozed.data.alerts.length ? (
        <AlertList
          title="Snoozed alerts"
          alerts={snoozed.data.alerts}
          explain={explain}
          empty={{
            heading: "No snoozed alerts",
            body: "Snoozed alerts come back to the open list when the snooze ends.",
          }}
          testId="security-alerts-snoozed"
        />
      ) : !snoozed.ok ? (
        <FailureBanner title="Snoozed alerts" failure={snoozed} />
      ) : null}
      {resolved.ok ? (
        <AlertList
          title="Recently resolved"
          alerts={resolved.data.alerts}
          explain={explain}
          empty={{
            heading: "Nothing resolved yet",
            body: "Alerts you resolve, and those that resolve themselves once their cause clears, are listed here.",
          }}
          testId="security-alerts-resolved"
        />
      ) : (
        <FailureBanner title="Resolved alerts" failure={resolved} />
      )}
    </>
  );
}

function AlertExplanation({ explanation }: { explanation: Section<typeof explainAlert> }) {
  if (!explanation.ok) return <FailureBanner title="Alert explanation" failure={explanation} />;
  const { alert, whatHappened, evidence, nextSteps } = explanation.data;
  return (
    <SectionCard title={alert ? `What "${alert.title}" means` : "Alert explanation"} testId="alert-explanation">
      <Text as="p">{whatHappened}</Text>
      {evidence.length ? (
        <BlockStack gap="100">
          <Text as="h3" variant="headingSm">
            Evidence
          </Text>
          <List>
            {evidence.map((line) => (
              <List.Item key={line}>{line}</List.Item>
            ))}
          </List>
        </BlockStack>
      ) : null}
      {nextSteps.length ? (
        <BlockStack gap="100">
          <Text as="h3" variant="headingSm">
            What to do
          </Text>
          <List type="number">
            {nextSteps.map((step) => (
              <List.Item key={step}>{step}</List.Item>
            ))}
          </List>
        </BlockStack>
      ) : null}
    </SectionCard>
  );
}

function ScanCard({ scan }: { scan: Section<typeof getSecurityScan> }) {
  if (!scan.ok) return <FailureBanner title="Security scan" failure={scan} />;
  const { checks, counts, mode } = scan.data;
  const summary = `${counts.pass} passed, ${counts.warn} warnings, ${counts.fail} failed, ${counts.not_applicable} not applicable (${mode === "local" ? "local mode" : "Shopify mode"}).`;
  return (
    <SectionCard title="Security scan" status={scan.data.status} testId="security-scan">
      <Text as="p" tone="subdued">
        {summary}
      </Text>
      <TableCard
        title="Checks"
        headings={["Status", "Check", "Evidence", "Fix"]}
        rows={checks.map((c) => [
          <StatusBadge key="s" status={c.status} />,
          c.title,
          <Prose key="e">{c.evidence}</Prose>,
          <Prose key="f">{c.fix ?? "—"}</Prose>,
        ])}
        empty={{ heading: "No checks ran", body: "The scan found nothing to check in this configuration." }}
        testId="security-checks"
      />
    </SectionCard>
  );
}

function ComplianceCards({ compliance }: { compliance: ReturnType<typeof complianceForPage> }) {
  useReloadWhenAnalysed(awaitingAnalysis([compliance]));
  if (!compliance.ok) return <FailureBanner title="Compliance status" failure={compliance} />;
  const { privacyWebhooks, dataRetention, scopes } = compliance.data;
  const { analysis } = scopes;
  return (
    <SectionCard title="Compliance" status={compliance.data.status} testId="compliance">
      {privacyWebhooks.configProblem ? (
        <Banner tone="warning" title="Privacy webhook configuration">
          <p>{privacyWebhooks.configProblem}</p>
        </Banner>
      ) : null}
      <TableCard
        title="Mandatory privacy webhooks"
        headings={["Status", "Topic", "Duty", "Subscribed", "Handled", "Deliveries", "Last processed"]}
        rows={privacyWebhooks.topics.map((t) => [
          <StatusBadge key="s" status={t.status} />,
          t.topic,
          <Prose key="d">{t.findings.length ? `${t.duty} ${t.findings.join(" ")}` : t.duty}</Prose>,
          yesNo(t.subscribed),
          yesNo(t.handled),
          Object.entries(t.deliveries)
            .map(([state, n]) => `${state}: ${n}`)
            .join(", ") || "none",
          when(t.lastProcessedAt),
        ])}
        empty={{ heading: "No privacy webhooks", body: "None of Shopify's mandatory privacy webhooks is configured." }}
        testId="compliance-webhooks"
      />
      <TableCard
        title={`Data kept${dataRetention.retentionSetting ? ` (retention: ${dataRetention.retentionSetting})` : ""}`}
        headings={["Table", "Holds", "Personal data", "Rows", "Kept until", "Erased by"]}
        rows={dataRetention.tables.map((t) => [
          t.table,
          <Prose key="h">{t.holds}</Prose>,
          t.personalData,
          count(t.rows),
          t.keptUntil,
          t.erasedBy.join(", ") || "—",
        ])}
        empty={{ heading: "No data kept", body: "The app holds no rows for this shop." }}
        testId="compliance-retention"
      />
      {dataRetention.findings.length ? (
        <List>
          {dataRetention.findings.map((f) => (
            <List.Item key={f.finding}>
              <InlineStack gap="200" blockAlign="center" wrap={false}>
                <StatusBadge status={f.status} />
                <span>
                  {f.finding} {f.fix}
                </span>
              </InlineStack>
            </List.Item>
          ))}
        </List>
      ) : null}
      <BlockStack gap="100">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h3" variant="headingSm">
            Access scopes
          </Text>
          <StatusBadge status={scopes.status} />
        </InlineStack>
        <Text as="p">
          Requested ({scopes.requestedFrom}): {scopes.requested.join(", ") || "none"}. Granted:{" "}
          {scopes.granted ? scopes.granted.join(", ") || "none" : "not known"}.
        </Text>
        {analysis.unneeded.length ? (
          <Text as="p">Not needed: {analysis.unneeded.map((u) => `${u.scope} (${u.reason})`).join("; ")}.</Text>
        ) : null}
        {analysis.missing.length ? (
          <Text as="p">
            Missing: {analysis.missing.map((m) => `${m.anyOf.join(" or ")} (for ${m.usedBy.join(", ")})`).join("; ")}.
          </Text>
        ) : null}
        <Text as="p" tone="subdued">
          {scopes.note}
        </Text>
      </BlockStack>
    </SectionCard>
  );
}

function AuditCard({
  audit,
  outcome,
  outcomes,
  reads,
}: {
  audit: ReturnType<typeof auditForPage>;
  outcome: AuditOutcome | null;
  outcomes: readonly AuditOutcome[];
  reads: boolean;
}) {
  const [params] = useSearchParams();
  const withParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    const query = next.toString();
    return query ? `?${query}` : "/app/security";
  };
  const filterUrl = (value: AuditOutcome | null) => withParam("outcome", value);
  return (
    <SectionCard title="Audit log" testId="audit">
      <InlineStack gap="300" blockAlign="center">
        <ButtonGroup variant="segmented">
          <Button pressed={outcome === null} url={filterUrl(null)}>
            All
          </Button>
          {outcomes.map((o) => (
            <Button key={o} pressed={outcome === o} url={filterUrl(o)}>
              {o}
            </Button>
          ))}
        </ButtonGroup>
        <Button pressed={reads} url={withParam("reads", reads ? null : "1")} accessibilityLabel="Show look-ups too">
          {reads ? "Hide look-ups" : "Show look-ups"}
        </Button>
        {audit.ok ? (
          <Text as="span" tone="subdued">
            {count(audit.data.matched)} matching {audit.data.matched === 1 ? "entry" : "entries"}
            {audit.data.entries.length < audit.data.matched ? `, newest ${audit.data.entries.length} shown` : ""}
          </Text>
        ) : null}
      </InlineStack>
      {audit.ok ? (
        <TableCard
          title={outcome ? `Entries with outcome "${outcome}"` : "Latest entries"}
          headings={["When", "Actor", "Action", "Outcome"]}
          rows={audit.data.entries.map((a) => [
            when(a.at),
            a.actor,
            a.read ? `${a.action} (look-up)` : a.action,
            a.outcome,
          ])}
          empty={{
            heading: "Nothing recorded",
            body:
              audit.data.note ??
              (reads
                ? "Every tool call, agent run, store change and webhook is recorded here as it happens."
                : "Store changes, sign-ins, agent runs, webhooks and failures are recorded here as they happen; look-ups are shown with Show look-ups."),
          }}
          testId="audit-log"
        />
      ) : (
        <FailureBanner title="Audit log" failure={audit} />
      )}
    </SectionCard>
  );
}
