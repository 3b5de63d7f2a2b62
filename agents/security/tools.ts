// Security and compliance tools: the audit log, alerts and what each means, the app's own
// configuration scan, and the privacy / retention / scope status. All read-only but decide_alert,
// which records the merchant's decision on alerts (our data only, never the store).
import { z } from "zod";
import { fail, ok } from "../core/result";
import { defineTool } from "../core/tool";
import { ALERT_DECISIONS, AlertDecisionError, decideAlerts, type AlertDecision } from "../ops/alerts";
import { ALERT_STATUSES, alertsById, explainAlert as explain, listAlerts as readAlerts } from "./alerts";
import { AUDIT_OUTCOMES, readAuditLog } from "./audit-log";
import { cursorInput, decodeCursor, encodeCursor, newestFirstKey, nextCursorOutput } from "../lookup/cursor";
import { complianceStatus } from "./compliance";
import { isLocalMode, loadScanFacts, overallStatus, scanConfiguration } from "./scan";
import { DAY_MS, HOUR_MS } from "../core/time";

/** Links point at Shopify's admin when the app runs embedded, at the app's pages in local mode. */
const appMode = () => (isLocalMode(process.env) ? "local" : "embedded");

const readOnly = { readOnly: true, destructive: false, idempotent: true };
const status = z.enum(["pass", "warn", "fail", "not_applicable"]);
const counts = z.record(z.string(), z.number());

export const listAuditLog = defineTool({
  name: "list_audit_log",
  title: "List the audit log",
  description:
    'Lists the audit log newest first: every tool call, store change (action.propose/approve/apply/revert), agent run, webhook and MCP sign-in, with who did it, the input, the result and the outcome. Filter by actor ("mcp" or "mcp:<tokenId>"), action ("tool.forecast_demand", a namespace such as "action.apply", or a prefix ending in "*") and outcome; reads: false leaves out successful read-only tool calls. Read-only; up to 500 rows a page. More pages: when nextCursor is not null, call again with the same filters and cursor: nextCursor.',
  capability: "security",
  input: z.object({
    actor: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe(
        'An actor kind ("merchant", "aira", "mcp", "schedule", "system", "shopify") or an exact actor such as "mcp:clx123"',
      ),
    action: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe(
        'An action ("mcp.auth"), a namespace ("action.apply" matches action.apply.price.update) or a prefix ending in "*" ("webhook.*")',
      ),
    outcome: z.enum(AUDIT_OUTCOMES).optional().describe("Only rows with this outcome"),
    reads: z
      .boolean()
      .default(true)
      .describe(
        "false: leave out successful read-only tool calls, keeping store changes, sign-ins, agent runs, webhooks and failures",
      ),
    limit: z.number().int().min(1).max(500).default(100).describe("Rows per page (1-500)"),
    cursor: cursorInput,
  }),
  output: z.object({
    entries: z.array(
      z.object({
        id: z.string(),
        at: z.string(),
        actor: z.string(),
        action: z.string(),
        outcome: z.string(),
        read: z.boolean().describe("A read-only tool call"),
        input: z.unknown(),
        result: z.unknown(),
      }),
    ),
    matched: z.number().int().describe("Rows matching the filter, on every page (entries holds `limit` of them)"),
    outcomes: z
      .object({ ok: z.number().int(), error: z.number().int(), denied: z.number().int() })
      .describe("Matching rows by outcome"),
    note: z.string().nullable().describe("When nothing matched: what the log does hold"),
    nextCursor: nextCursorOutput,
  }),
  annotations: readOnly,
  changesStore: false,
  async handler(ctx, input) {
    const position = decodeCursor("list_audit_log", input, newestFirstKey);
    if (!position.ok) return position;
    const result = await readAuditLog(ctx.db, ctx.shop, { ...input, after: position.key });
    if (!result.ok) return fail("invalid_input", result.message, result.hint);
    return ok({
      entries: result.entries,
      matched: result.matched,
      outcomes: result.outcomes,
      note: result.note,
      nextCursor: result.next ? encodeCursor("list_audit_log", input, result.next) : null,
    });
  },
});

const alertShape = z.object({
  id: z.string(),
  kind: z.string(),
  severity: z.string(),
  title: z.string(),
  status: z.enum(["open", "snoozed", "resolved"]),
  createdAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  snoozedUntil: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolutionKind: z
    .enum(["manual", "automatic"])
    .nullable()
    .describe("manual: resolved by a person; automatic: the condition cleared"),
  resolution: z.string().nullable().describe("The person's note, or why it resolved itself"),
  link: z
    .object({ label: z.string(), url: z.string(), external: z.boolean() })
    .nullable()
    .describe("What the alert is about: the product or order in Shopify's admin, or the app page"),
  worklist: z
    .object({ label: z.string(), url: z.string(), external: z.boolean() })
    .nullable()
    .describe(
      "The app page where the agent's finding about it can be approved or dismissed, when link opens Shopify's admin",
    ),
  details: z.unknown(),
});

export const listAlerts = defineTool({
  name: "list_alerts",
  title: "List alerts",
  description:
    "Lists alerts newest first (risky orders, failing webhooks, repeated failed MCP sign-ins, unusual bursts of store changes, configuration problems, stockouts, revenue anomalies), with the open alerts counted by severity and kind. Status open (default: not resolved and not snoozed, acknowledged or not), acknowledged, snoozed, resolved (with who resolved it and the note, or why it resolved itself) or all. Each alert links to the product, order or page it is about. Use explain_alert for what one means and decide_alert to acknowledge, resolve or snooze it. Read-only; up to 200 alerts a page. More pages: when nextCursor is not null, call again with the same filters and cursor: nextCursor.",
  capability: "security",
  input: z.object({
    status: z
      .enum(ALERT_STATUSES)
      .default("open")
      .describe("open (default), acknowledged (open and acknowledged), snoozed, resolved or all"),
    kind: z
      .string()
      .min(1)
      .max(60)
      .optional()
      .describe("Only this kind, e.g. risky_order, webhook_failing, mcp_auth_failures, change_rate"),
    limit: z.number().int().min(1).max(200).default(50).describe("Alerts per page (1-200)"),
    cursor: cursorInput,
  }),
  output: z.object({
    alerts: z.array(alertShape),
    matched: z.number().int().describe("Alerts matching the filter"),
    open: z
      .object({ total: z.number().int(), bySeverity: counts, byKind: counts })
      .describe("All open alerts of the shop"),
    snoozed: z.number().int().describe("Alerts snoozed now (out of the open list until the snooze ends)"),
    nextCursor: nextCursorOutput,
  }),
  annotations: readOnly,
  changesStore: false,
  async handler(ctx, input) {
    const position = decodeCursor("list_alerts", input, newestFirstKey);
    if (!position.ok) return position;
    const result = await readAlerts(
      ctx.db,
      ctx.shop,
      { ...input, after: position.key },
      { now: ctx.now(), mode: appMode() },
    );
    if (!result.ok) return fail("invalid_input", result.message, result.hint);
    return ok({
      alerts: result.alerts,
      matched: result.matched,
      open: result.open,
      snoozed: result.snoozed,
      nextCursor: result.next ? encodeCursor("list_alerts", input, result.next) : null,
    });
  },
});

export const explainAlert = defineTool({
  name: "explain_alert",
  title: "Explain an alert",
  description:
    "Explains one alert (by id, or the newest open alert when no id is given): what happened in plain words, the evidence (numbers, and the audit rows, webhook deliveries, order or changes behind it) and what to do next. Read-only.",
  capability: "security",
  input: z.object({
    alertId: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe("The alert's id from list_alerts; omit for the newest open alert"),
  }),
  output: z.object({
    alert: alertShape.nullable(),
    whatHappened: z.string(),
    evidence: z.array(z.string()),
    rows: z.array(z.record(z.string(), z.unknown())),
    nextSteps: z.array(z.string()),
  }),
  annotations: readOnly,
  changesStore: false,
  async handler(ctx, input) {
    const explanation = await explain(ctx.db, ctx.shop, input.alertId, { now: ctx.now(), mode: appMode() });
    if (!explanation)
      return fail(
        "not_found",
        `No alert ${input.alertId} in this shop.`,
        'list_alerts with status "all" shows the ids.',
      );
    return ok(explanation);
  },
});

export const decideAlert = defineTool({
  name: "decide_alert",
  title: "Acknowledge, resolve or snooze alerts",
  description:
    'Records the merchant\'s decision on one or more alerts (ids from list_alerts): "acknowledge" (seen, being handled; stays open), "resolve" with a note saying what was done (required), "snooze" for snoozeDays (1 = a day, 7 = a week) or until snoozeUntil (a date or time), after which it is open again, or "reopen" a resolved alert. Changes the app\'s alert records only, never the Shopify store; audited. Use it when the merchant says so, not on your own judgement.',
  capability: "security",
  input: z.object({
    alertIds: z.array(z.string().min(1).max(100)).min(1).max(100).describe("The alerts' ids from list_alerts"),
    decision: z.enum(ALERT_DECISIONS),
    note: z.string().max(1_000).optional().describe('For "resolve": what was done, in the merchant\'s words'),
    snoozeDays: z.number().int().min(1).max(365).optional().describe('For "snooze": how many days (1 or 7 usually)'),
    snoozeUntil: z
      .string()
      .max(40)
      .optional()
      .describe('For "snooze": until this date (YYYY-MM-DD, start of that day UTC) or ISO time, instead of snoozeDays'),
  }),
  output: z.object({
    decision: z.enum(ALERT_DECISIONS),
    changed: z.number().int().describe("Alerts changed (acknowledging or snoozing a resolved alert changes nothing)"),
    alerts: z.array(alertShape),
  }),
  annotations: { readOnly: false, destructive: false, idempotent: true },
  changesStore: false,
  async handler(ctx, input) {
    const decision = alertDecision(input, ctx.now());
    if (typeof decision === "string") return fail("invalid_input", decision, DECIDE_HINT);
    try {
      const { changed, ids } = await decideAlerts(ctx, input.alertIds, decision);
      const alerts = await alertsById(ctx.db, ctx.shop, ids, { now: ctx.now(), mode: appMode() });
      return ok({ decision: input.decision, changed, alerts });
    } catch (error) {
      if (error instanceof AlertDecisionError)
        return fail(
          error.code,
          error.message,
          error.code === "not_found" ? 'list_alerts with status "all" shows the ids.' : DECIDE_HINT,
        );
      throw error;
    }
  },
});

const DECIDE_HINT =
  'Send { alertIds, decision: "acknowledge" } or { decision: "resolve", note } or { decision: "snooze", snoozeDays | snoozeUntil } or { decision: "reopen" }.';

/** The decision from the tool's flat input, or what is wrong with it. */
export function alertDecision(
  input: { decision: AlertDecision["decision"]; note?: string; snoozeDays?: number; snoozeUntil?: string },
  now: Date,
): AlertDecision | string {
  switch (input.decision) {
    case "acknowledge":
    case "reopen":
      return { decision: input.decision };
    case "resolve":
      if (!input.note?.trim()) return "A note is required to resolve an alert: say what was done.";
      return { decision: "resolve", note: input.note };
    case "snooze": {
      if ((input.snoozeDays === undefined) === (input.snoozeUntil === undefined))
        return "Snooze needs either snoozeDays or snoozeUntil (one of them).";
      if (input.snoozeDays !== undefined)
        return { decision: "snooze", until: new Date(now.getTime() + input.snoozeDays * DAY_MS) };
      const until = /^\d{4}-\d{2}-\d{2}$/.test(input.snoozeUntil!)
        ? new Date(`${input.snoozeUntil}T00:00:00.000Z`)
        : new Date(input.snoozeUntil!);
      if (Number.isNaN(until.getTime())) return `snoozeUntil "${input.snoozeUntil}" is not a date.`;
      return { decision: "snooze", until };
    }
  }
}

const checkShape = z.object({
  id: z.string(),
  title: z.string(),
  status,
  evidence: z.string(),
  fix: z.string().nullable(),
});

export const getSecurityScan = defineTool({
  name: "get_security_scan",
  title: "Scan the app's security configuration",
  description:
    "Checks the app's own configuration: Shopify and signing secrets set and strong, HTTPS app URL, local mode kept on loopback, access scopes no wider than the app uses, MCP token age and auto-approve, the offline access token's expiry, TLS to the database and Redis. Each check has pass/warn/fail (or not_applicable in local mode), evidence and the fix. Never reveals a secret. Read-only.",
  capability: "security",
  input: z.object({}).strict(),
  output: z.object({
    mode: z.enum(["local", "shopify"]),
    status: status.describe("The worst check"),
    counts: z.object({
      pass: z.number().int(),
      warn: z.number().int(),
      fail: z.number().int(),
      not_applicable: z.number().int(),
    }),
    checks: z.array(checkShape),
  }),
  annotations: readOnly,
  changesStore: false,
  async handler(ctx) {
    const scan = scanConfiguration(process.env, await loadScanFacts(ctx.db, ctx.shop, ctx.now()));
    const tally = { pass: 0, warn: 0, fail: 0, not_applicable: 0 };
    for (const check of scan.checks) tally[check.status]++;
    return ok({ mode: scan.mode, status: overallStatus(scan.checks), counts: tally, checks: scan.checks });
  },
});

const requirementShape = z.object({
  anyOf: z.array(z.string()),
  needs: z.array(z.string()),
  usedBy: z.array(z.string()),
});

export const getComplianceStatus = defineTool({
  name: "get_compliance_status",
  title: "Get the compliance status",
  description:
    "Reports compliance: Shopify's mandatory privacy webhooks (customers/data_request, customers/redact, shop/redact) subscribed, handled and delivered; what data the app keeps, in which tables, how many rows and for how long, and what each privacy request erases; and the access scopes granted against those the app's Admin API calls need (unneeded and missing scopes). Read-only.",
  capability: "security",
  input: z.object({}).strict(),
  output: z.object({
    status,
    mode: z.enum(["local", "shopify"]),
    privacyWebhooks: z.object({
      status,
      configProblem: z.string().nullable(),
      topics: z.array(
        z.object({
          topic: z.string(),
          duty: z.string(),
          status,
          subscribed: z.boolean().nullable(),
          uri: z.string().nullable(),
          route: z.string().nullable(),
          handled: z.boolean().nullable(),
          deliveries: counts,
          lastProcessedAt: z.string().nullable(),
          findings: z.array(z.string()),
        }),
      ),
    }),
    dataRetention: z.object({
      status,
      retentionSetting: z
        .string()
        .nullable()
        .describe("null: no retention limit is configured; the defaults below apply"),
      tables: z.array(
        z.object({
          table: z.string(),
          holds: z.string(),
          personalData: z.enum(["yes", "possible", "no", "unknown"]),
          rows: z.number().int(),
          oldest: z.string().nullable(),
          erasedBy: z.array(z.string()),
          keptUntil: z.string(),
        }),
      ),
      findings: z.array(z.object({ status, finding: z.string(), fix: z.string() })),
    }),
    scopes: z.object({
      status,
      requested: z.array(z.string()),
      requestedFrom: z.string(),
      granted: z.array(z.string()).nullable(),
      note: z.string(),
      analysis: z.object({
        granted: z.array(z.string()),
        minimal: z.array(z.string()),
        used: z.array(z.object({ scope: z.string(), needs: z.array(z.string()), usedBy: z.array(z.string()) })),
        unneeded: z.array(z.object({ scope: z.string(), reason: z.string() })),
        redundant: z.array(z.object({ scope: z.string(), impliedBy: z.string() })),
        missing: z.array(requirementShape),
      }),
    }),
  }),
  annotations: readOnly,
  changesStore: false,
  stored: { freshForMs: HOUR_MS },
  async handler(ctx) {
    return ok(
      await complianceStatus(ctx.db, ctx.shop, { env: process.env, projectRoot: process.cwd(), now: ctx.now() }),
    );
  },
});

export const securityTools = [
  listAuditLog,
  listAlerts,
  explainAlert,
  decideAlert,
  getSecurityScan,
  getComplianceStatus,
];
