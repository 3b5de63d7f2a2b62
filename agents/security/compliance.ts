// Compliance status: Shopify's mandatory privacy webhooks (subscribed in shopify.app.toml, handled
// by a route that calls agents/compliance/privacy.ts, and how their deliveries went), what we keep
// and for how long, and the access scopes granted against those the app uses.
// The app's files are read, never imported (agents/ does not depend on app/).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { Prisma } from "@prisma/client";
import { SHOP_SCOPED_TABLES } from "../compliance/privacy";
import { dialect, num, selectRows } from "../analytics/sql";
import type { Db } from "../db/client";
import { isLocalMode, worstStatus, type CheckStatus, type Env } from "./scan";
import { analyseScopes, APP_SCOPES, parseScopes, type ScopeAnalysis } from "./scopes";
import { DAY_MS } from "../core/time";

// ---------- mandatory privacy webhooks ----------

export const PRIVACY_TOPICS = [
  {
    topic: "customers/data_request",
    handler: "exportCustomerData",
    duty: "collect what we hold about the customer for the merchant (Shopify expects it within 30 days)",
  },
  {
    topic: "customers/redact",
    handler: "redactCustomer",
    duty: "erase the customer's data (within 30 days of the request)",
  },
  {
    topic: "shop/redact",
    handler: "redactShop",
    duty: "erase everything held for the shop (Shopify sends it 48 hours after uninstall)",
  },
] as const;

export interface PrivacyWebhookStatus {
  topic: string;
  duty: string;
  status: CheckStatus;
  subscribed: boolean | null;
  uri: string | null;
  route: string | null;
  handled: boolean | null;
  deliveries: Record<string, number>;
  lastProcessedAt: string | null;
  findings: string[];
}

interface TomlSubscription {
  uri?: string;
  topics?: string[];
  compliance_topics?: string[];
}

/** The compliance subscriptions declared in shopify.app.toml: topic -> uri; null when the file cannot be read. */
export async function complianceSubscriptions(
  projectRoot: string,
): Promise<{ subscriptions: Map<string, string> | null; problem: string | null }> {
  const file = path.join(projectRoot, "shopify.app.toml");
  if (!existsSync(file)) return { subscriptions: null, problem: `shopify.app.toml not found in ${projectRoot}` };
  try {
    const { parse } = await import("smol-toml");
    const config = parse(readFileSync(file, "utf8")) as { webhooks?: { subscriptions?: TomlSubscription[] } };
    const subscriptions = new Map<string, string>();
    for (const sub of config.webhooks?.subscriptions ?? [])
      for (const topic of sub.compliance_topics ?? []) if (sub.uri) subscriptions.set(topic, sub.uri);
    return { subscriptions, problem: null };
  } catch (error) {
    return {
      subscriptions: null,
      problem: `shopify.app.toml could not be read: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/** Remix flat routes: /webhooks/customers/redact is app/routes/webhooks.customers.redact.tsx. */
export const routeFileFor = (uri: string) => `app/routes/${uri.replace(/^\/+/, "").replace(/\//g, ".")}.tsx`;

export async function privacyWebhookStatus(
  db: Db,
  shop: string,
  projectRoot: string,
  now: Date,
  stuckAfterMinutes = 15,
): Promise<{ status: CheckStatus; configProblem: string | null; topics: PrivacyWebhookStatus[] }> {
  const { subscriptions, problem } = await complianceSubscriptions(projectRoot);
  const topics = PRIVACY_TOPICS.map((t) => t.topic);
  const [groups, processed, stuck] = await Promise.all([
    db.webhookEvent.groupBy({
      by: ["topic", "status"],
      where: { shop, topic: { in: topics } },
      _count: { _all: true },
    }),
    db.webhookEvent.groupBy({
      by: ["topic"],
      where: { shop, topic: { in: topics }, status: "processed" },
      _max: { processedAt: true },
    }),
    db.webhookEvent.groupBy({
      by: ["topic"],
      where: {
        shop,
        topic: { in: topics },
        status: "received",
        receivedAt: { lt: new Date(now.getTime() - stuckAfterMinutes * 60_000) },
      },
      _count: { _all: true },
    }),
  ]);
  const result = PRIVACY_TOPICS.map((t): PrivacyWebhookStatus => {
    const findings: string[] = [];
    const uri = subscriptions?.get(t.topic) ?? null;
    const subscribed = subscriptions ? uri !== null : null;
    let route: string | null = null;
    let handled: boolean | null = null;
    if (subscribed === false)
      findings.push(
        `shopify.app.toml has no compliance_topics subscription for ${t.topic}; Shopify rejects apps without it.`,
      );
    if (uri) {
      route = routeFileFor(uri);
      const routePath = path.join(projectRoot, route);
      if (!existsSync(routePath)) {
        handled = false;
        findings.push(`${route} does not exist: Shopify's deliveries to ${uri} get a 404.`);
      } else {
        const source = readFileSync(routePath, "utf8");
        const verified = source.includes(`webhookAction("${t.topic}"`);
        const acts = new RegExp(`\\b${t.handler}\\(`).test(source);
        handled = verified && acts;
        if (!verified)
          findings.push(
            `${route} does not go through webhookAction("${t.topic}", ...), which checks Shopify's HMAC and records the delivery.`,
          );
        if (!acts) findings.push(`${route} does not call ${t.handler} from agents/compliance/privacy.ts.`);
      }
    }
    const deliveries = Object.fromEntries(
      groups.filter((g) => g.topic === t.topic).map((g) => [g.status, g._count._all]),
    );
    const failed = deliveries.failed ?? 0;
    const stuckCount = stuck.find((s) => s.topic === t.topic)?._count._all ?? 0;
    if (failed)
      findings.push(
        `${failed} deliver${failed === 1 ? "y" : "ies"} failed and ${failed === 1 ? "is" : "are"} not yet processed on a retry.`,
      );
    if (stuckCount)
      findings.push(
        `${stuckCount} deliver${stuckCount === 1 ? "y" : "ies"} started over ${stuckAfterMinutes} minutes ago and never finished.`,
      );
    const status: CheckStatus =
      subscribed === false || handled === false || failed > 0 || stuckCount > 0
        ? "fail"
        : subscribed === null
          ? "warn"
          : "pass";
    if (subscribed === null) findings.push(`Subscription not verified: ${problem}.`);
    return {
      topic: t.topic,
      duty: t.duty,
      status,
      subscribed,
      uri,
      route,
      handled,
      deliveries,
      lastProcessedAt: processed.find((p) => p.topic === t.topic)?._max.processedAt?.toISOString() ?? null,
      findings,
    };
  });
  return { status: worstStatus(result.map((r) => r.status)), configProblem: problem, topics: result };
}

// ---------- data retention ----------

type Erasure = "shop/redact" | "customers/redact" | "app/uninstalled" | "merchant";

interface RetentionEntry {
  holds: string;
  personalData: "yes" | "possible" | "no";
}

/** What each table holds. Erasure is computed from agents/compliance/privacy.ts, not claimed here. */
export const RETENTION: Record<string, RetentionEntry> = {
  Session: {
    holds: "Shopify sessions: the offline access token, and staff name and email for online sessions",
    personalData: "yes",
  },
  Shop: { holds: "the installation: domain, granted scopes, settings", personalData: "no" },
  WebhookEvent: { holds: "webhook delivery ids, topics and outcomes (no payloads)", personalData: "no" },
  AuditLog: {
    holds:
      "every tool call and store change with its input and result (inputs can name customers, e.g. a support ticket's email)",
    personalData: "possible",
  },
  Action: { holds: "proposed store changes with before and after values", personalData: "possible" },
  AgentRun: { holds: "agent runs with their input and result", personalData: "possible" },
  MirrorProduct: { holds: "the store's products", personalData: "no" },
  MirrorVariant: { holds: "the store's variants, prices and costs", personalData: "no" },
  MirrorInventoryLevel: { holds: "stock per location", personalData: "no" },
  MirrorOrder: { holds: "orders with the buyer's email and customer id", personalData: "yes" },
  MirrorLineItem: { holds: "order lines", personalData: "no" },
  MirrorRefund: { holds: "refund amounts", personalData: "no" },
  MirrorCollection: { holds: "the store's collections", personalData: "no" },
  MirrorCollectionProduct: { holds: "which products are in which collection", personalData: "no" },
  MirrorDailySales: { holds: "daily sales totals", personalData: "no" },
  MirrorCustomer: { holds: "customers: name, email, order count and amount spent", personalData: "yes" },
  SyncRun: { holds: "store sync runs", personalData: "no" },
  Conversation: { holds: "AIRA conversation titles", personalData: "possible" },
  Message: { holds: "AIRA chat messages (the merchant may paste customer details)", personalData: "possible" },
  McpToken: { holds: "hashed MCP access tokens", personalData: "no" },
  SupportTicket: { holds: "support tickets: the customer's message and email", personalData: "yes" },
  Alert: { holds: "alerts with their evidence (risky-order alerts name orders)", personalData: "possible" },
  DataExport: { holds: "copies of a customer's data gathered for customers/data_request", personalData: "yes" },
  StoredResult: {
    holds: "heavy analyses worked out in the background (segments, lifetime value list customers by name and email)",
    personalData: "yes",
  },
};

/** Tables customers/redact erases rows from (redactCustomer's report keys; a test checks). */
export const CUSTOMER_REDACT_TABLES = [
  "mirrorLineItem",
  "mirrorRefund",
  "mirrorOrder",
  "mirrorCustomer",
  "supportTicket",
  "dataExport",
  "storedResult",
  // The support desk's findings and alerts about the customer's tickets.
  "finding",
  "alert",
] as const;

const delegateOf = (model: string) => model.charAt(0).toLowerCase() + model.slice(1);
const DATE_FIELDS = ["createdAt", "receivedAt", "queuedAt", "startedAt", "installedAt", "updatedAt"];

export interface RetentionRow {
  table: string;
  holds: string;
  personalData: "yes" | "possible" | "no" | "unknown";
  rows: number;
  oldest: string | null;
  erasedBy: Erasure[];
  keptUntil: string;
}

export async function retentionReport(db: Db, shop: string, now: Date) {
  const d = dialect();
  const shopScoped = new Set<string>(SHOP_SCOPED_TABLES);
  const tables: RetentionRow[] = [];
  for (const model of Prisma.dmmf.datamodel.models) {
    const delegate = delegateOf(model.name);
    const hasShop = model.fields.some((f) => f.name === "shop");
    const dateField = DATE_FIELDS.find((name) => model.fields.some((f) => f.name === name && f.type === "DateTime"));
    // Counted and dated in SQL through selectRows: on SQLite that runs on the reader thread (ADR
    // 0029), where Prisma's count and min ran on the event loop (11 s at a million orders).
    const where =
      model.name === "Message"
        ? `"conversationId" IN (SELECT "id" FROM "Conversation" WHERE "shop" = ${d.lit(shop)})`
        : model.name === "Shop"
          ? `"domain" = ${d.lit(shop)}`
          : hasShop
            ? `"shop" = ${d.lit(shop)}`
            : null;
    const [counted] = where
      ? await selectRows<{ rows: number; oldest: number | null }>(
          db,
          `SELECT COUNT(*) AS "rows", ${dateField ? d.epochMs(`MIN("${dateField}")`) : "NULL"} AS "oldest"
           FROM "${model.name}" WHERE ${where}`,
        )
      : [];
    const rows = counted ? num(counted.rows) : 0;
    const oldest = counted && counted.oldest !== null ? new Date(num(counted.oldest)) : null;
    const erasedBy: Erasure[] = [];
    if (shopScoped.has(delegate) || (model.name === "Message" && shopScoped.has("conversation")))
      erasedBy.push("shop/redact");
    if ((CUSTOMER_REDACT_TABLES as readonly string[]).includes(delegate)) erasedBy.push("customers/redact");
    if (model.name === "Session") erasedBy.push("app/uninstalled");
    if (model.name === "Conversation" || model.name === "Message") erasedBy.push("merchant");
    const entry = RETENTION[model.name];
    tables.push({
      table: model.name,
      holds: entry?.holds ?? "not described yet",
      personalData: entry?.personalData ?? "unknown",
      rows,
      oldest: oldest ? oldest.toISOString() : null,
      erasedBy,
      keptUntil: erasedBy.includes("app/uninstalled")
        ? "deleted when the app is uninstalled"
        : erasedBy.includes("shop/redact")
          ? "until the shop is erased (shop/redact, 48 hours after uninstall); no earlier expiry"
          : hasShop || model.name === "Message"
            ? "indefinitely: shop/redact does not erase it"
            : "indefinitely",
    });
  }

  const findings: { status: CheckStatus; finding: string; fix: string }[] = [];
  const notErased = tables.filter(
    (t) =>
      !t.erasedBy.includes("shop/redact") &&
      (Prisma.dmmf.datamodel.models.find((m) => m.name === t.table)?.fields.some((f) => f.name === "shop") ?? false),
  );
  if (notErased.length) {
    findings.push({
      status: "fail",
      finding: `shop/redact leaves ${notErased.map((t) => `${t.table} (${t.rows} rows for this shop)`).join(", ")}: these tables hold shop data but are missing from SHOP_SCOPED_TABLES.`,
      fix: "Add them to SHOP_SCOPED_TABLES in agents/compliance/privacy.ts.",
    });
  }
  const personalNotRedacted = tables.filter(
    (t) =>
      t.personalData !== "no" &&
      !t.erasedBy.includes("customers/redact") &&
      t.table !== "Session" &&
      t.table !== "Shop",
  );
  if (personalNotRedacted.length) {
    findings.push({
      status: "warn",
      finding: `customers/redact does not touch ${personalNotRedacted.map((t) => t.table).join(", ")}, which ${personalNotRedacted.length === 1 ? "can" : "can each"} contain customer details; they are erased only with the whole shop.`,
      fix: "Scrub the customer's email and id from these tables in redactCustomer (agents/compliance/privacy.ts), or keep customer details out of them.",
    });
  }
  findings.push({
    status: "pass",
    finding:
      "No retention limit is configured: the app keeps rows until the shop is erased, except sessions (deleted on uninstall) and what customers/redact erases.",
    fix: "None required by Shopify; delete data exports once they have been sent to the customer.",
  });
  const exports = tables.find((t) => t.table === "DataExport");
  if (exports?.oldest && now.getTime() - Date.parse(exports.oldest) > 30 * DAY_MS) {
    findings.push({
      status: "warn",
      finding: `The oldest customer data export is from ${exports.oldest.slice(0, 10)}, over 30 days ago.`,
      fix: "Send exports to the customer within 30 days, then delete them.",
    });
  }
  return {
    status: worstStatus(findings.map((f) => f.status)),
    retentionSetting: null as string | null,
    tables,
    findings,
  };
}

// ---------- scopes ----------

export interface ScopeStatus {
  status: CheckStatus;
  requested: string[];
  requestedFrom: string;
  granted: string[] | null;
  analysis: ScopeAnalysis;
  note: string;
}

export async function scopeStatus(db: Db, shop: string, env: Env): Promise<ScopeStatus> {
  const requestedFrom = env.SCOPES ? "SCOPES" : "APP_SCOPES (shopify.app.toml)";
  let requested: string[];
  try {
    requested = parseScopes(env.SCOPES || APP_SCOPES);
  } catch (error) {
    const analysis = analyseScopes([]);
    return {
      status: "fail",
      requested: [],
      requestedFrom,
      granted: null,
      analysis,
      note: `SCOPES cannot be read: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const shopRow = await db.shop.findUnique({ where: { domain: shop }, select: { scopes: true } });
  if (isLocalMode(env)) {
    const analysis = analyseScopes(requested);
    return {
      status: "not_applicable",
      requested,
      requestedFrom,
      granted: null,
      analysis,
      note: "Local mode: the emulator grants every scope, so nothing is granted to compare; the analysis is of the scopes a real shop would be asked for.",
    };
  }
  let granted: string[] | null;
  try {
    granted = shopRow?.scopes ? parseScopes(shopRow.scopes) : null;
  } catch (error) {
    return {
      status: "fail",
      requested,
      requestedFrom,
      granted: null,
      analysis: analyseScopes(requested),
      note: `The shop's recorded scopes cannot be read: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const analysis = analyseScopes(granted ?? requested);
  const status: CheckStatus = analysis.missing.length ? "fail" : analysis.unneeded.length || !granted ? "warn" : "pass";
  return {
    status,
    requested,
    requestedFrom,
    granted,
    analysis,
    note: granted
      ? "Granted scopes are the shop's (recorded when the app is opened and on app/scopes_update)."
      : "The shop has not recorded its granted scopes yet (open the app from Shopify admin); the requested scopes are analysed instead.",
  };
}

export async function complianceStatus(db: Db, shop: string, options: { env: Env; projectRoot: string; now: Date }) {
  const [privacyWebhooks, dataRetention, scopes] = await Promise.all([
    privacyWebhookStatus(db, shop, options.projectRoot, options.now),
    retentionReport(db, shop, options.now),
    scopeStatus(db, shop, options.env),
  ]);
  return {
    status: worstStatus([privacyWebhooks.status, dataRetention.status, scopes.status]),
    mode: isLocalMode(options.env) ? ("local" as const) : ("shopify" as const),
    privacyWebhooks,
    dataRetention,
    scopes,
  };
}
