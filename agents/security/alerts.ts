// Reading alerts and explaining one: what happened, the rows and numbers behind it, what to do.
// Alerts come from the security monitor's detectors and from the other agents (stockouts, revenue
// anomalies, risky orders); each kind has its own evidence query and advice.
import type { Alert, Prisma } from "@prisma/client";
import type { Db } from "../db/client";
import { compactJson } from "./audit-log";
import { CRITICAL_TOPICS, FAILING_WEBHOOKS } from "./detectors";
import { variantLabel, type StockoutDetails } from "../inventory/alerts";
import { alertLink, alertWorklistLink, type AlertLink, type AppMode } from "./alert-links";
import { newestFirstAfter } from "../lookup/cursor";

/** Kinds raised by this codebase (agents may add more; those are listed as found). */
export const KNOWN_ALERT_KINDS = [
  "risky_order",
  "webhook_failing",
  "mcp_auth_failures",
  "change_rate",
  "security_config",
  "revenue_anomaly",
  "stockout_risk",
] as const;

export const ALERT_STATUSES = ["open", "acknowledged", "snoozed", "resolved", "all"] as const;
export type AlertStatusFilter = (typeof ALERT_STATUSES)[number];

export interface AlertView {
  id: string;
  kind: string;
  severity: string;
  title: string;
  /** open (acknowledged or not), snoozed until snoozedUntil, or resolved. */
  status: "open" | "snoozed" | "resolved";
  createdAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  snoozedUntil: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  /** manual: a person resolved it (resolution is their note); automatic: its condition cleared. */
  resolutionKind: "manual" | "automatic" | null;
  resolution: string | null;
  /** What it is about: the product, the order or the page (see alert-links.ts). */
  link: AlertLink | null;
  /** The agent's finding about it in the app's worklist, when `link` opens the Shopify admin. */
  worklist: AlertLink | null;
  details: unknown;
}

export function alertStatus(a: Pick<Alert, "resolvedAt" | "snoozedUntil">, now: Date): AlertView["status"] {
  if (a.resolvedAt) return "resolved";
  return a.snoozedUntil && a.snoozedUntil.getTime() > now.getTime() ? "snoozed" : "open";
}

export const alertView = (a: Alert, now: Date, target: { mode: AppMode; shop: string }): AlertView => ({
  id: a.id,
  kind: a.kind,
  severity: a.severity,
  title: a.title,
  status: alertStatus(a, now),
  createdAt: a.createdAt.toISOString(),
  acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null,
  acknowledgedBy: a.acknowledgedBy,
  snoozedUntil: a.snoozedUntil && !a.resolvedAt && a.snoozedUntil > now ? a.snoozedUntil.toISOString() : null,
  resolvedAt: a.resolvedAt?.toISOString() ?? null,
  resolvedBy: a.resolvedAt ? a.resolvedBy : null,
  resolutionKind: a.resolvedAt ? ((a.resolutionKind as AlertView["resolutionKind"]) ?? null) : null,
  resolution: a.resolvedAt ? a.resolution : null,
  link: alertLink(a, target),
  worklist: alertWorklistLink(a, target),
  details: compactJson(a.details, 2_000),
});

/** Alerts in the open list: not resolved, and not snoozed (a snooze that has ended counts as open). */
export const openWhere = (shop: string, now: Date): Prisma.AlertWhereInput => ({
  shop,
  resolvedAt: null,
  OR: [{ snoozedUntil: null }, { snoozedUntil: { lte: now } }],
});

/**
 * When the next snooze of the shop's unresolved alerts ends (null: none is snoozed): until then the
 * open list can change only by a write; at that instant a snoozed alert reopens by the clock alone.
 */
export async function nextSnoozeEnd(db: Db, shop: string, now: Date): Promise<Date | null> {
  const next = await db.alert.findFirst({
    where: { shop, resolvedAt: null, snoozedUntil: { gt: now } },
    orderBy: { snoozedUntil: "asc" },
    select: { snoozedUntil: true },
  });
  return next?.snoozedUntil ?? null;
}

const statusWhere = (shop: string, status: AlertStatusFilter, now: Date): Prisma.AlertWhereInput =>
  status === "open"
    ? openWhere(shop, now)
    : status === "acknowledged"
      ? { ...openWhere(shop, now), acknowledgedAt: { not: null } }
      : status === "snoozed"
        ? { shop, resolvedAt: null, snoozedUntil: { gt: now } }
        : status === "resolved"
          ? { shop, resolvedAt: { not: null } }
          : { shop };

const KIND = /^[a-z][a-z0-9_]{0,60}$/;

export async function listAlerts(
  db: Db,
  shop: string,
  filter: {
    status: AlertStatusFilter;
    kind?: string;
    limit: number;
    /** Start after this alert (its sort time, ISO, and id): the keyset of a list_alerts cursor. */
    after?: readonly [string, string];
  },
  options: { now: Date; mode: AppMode },
) {
  if (filter.kind !== undefined) {
    if (!KIND.test(filter.kind))
      return {
        ok: false as const,
        message: `kind "${filter.kind}" is not an alert kind.`,
        hint: `Alert kinds are snake_case, e.g. ${KNOWN_ALERT_KINDS.slice(0, 3).join(", ")}.`,
      };
    if (
      !(KNOWN_ALERT_KINDS as readonly string[]).includes(filter.kind) &&
      (await db.alert.count({ where: { shop, kind: filter.kind } })) === 0
    ) {
      const present = (await db.alert.groupBy({ by: ["kind"], where: { shop } })).map((g) => g.kind);
      return {
        ok: false as const,
        message: `No alert kind "${filter.kind}".`,
        hint: `Use one of: ${[...new Set([...KNOWN_ALERT_KINDS, ...present])].join(", ")}.`,
      };
    }
  }
  const { now } = options;
  const where = { ...statusWhere(shop, filter.status, now), ...(filter.kind ? { kind: filter.kind } : {}) };
  // The resolved list reads newest resolution first; the others newest raised first.
  const sortedBy = filter.status === "resolved" ? "resolvedAt" : "createdAt";
  const orderBy: Prisma.AlertOrderByWithRelationInput[] = [{ [sortedBy]: "desc" }, { id: "desc" }];
  const page: Prisma.AlertWhereInput = filter.after
    ? { shop, AND: [where, ...newestFirstAfter(sortedBy, filter.after)] }
    : where;
  // One row more than the page tells whether another page follows; matched counts the whole filter.
  const [read, matched, openBySeverity, openByKind, snoozed] = await Promise.all([
    db.alert.findMany({ where: page, orderBy, take: filter.limit + 1 }),
    db.alert.count({ where }),
    db.alert.groupBy({ by: ["severity"], where: openWhere(shop, now), _count: { _all: true } }),
    db.alert.groupBy({ by: ["kind"], where: openWhere(shop, now), _count: { _all: true } }),
    db.alert.count({ where: statusWhere(shop, "snoozed", now) }),
  ]);
  const rows = read.slice(0, filter.limit);
  const last = rows.at(-1);
  const sortTime = last?.[sortedBy];
  const next = read.length > filter.limit && last && sortTime ? ([sortTime.toISOString(), last.id] as const) : null;
  return {
    ok: true as const,
    alerts: rows.map((a) => alertView(a, now, { mode: options.mode, shop })),
    matched,
    next,
    open: {
      total: openBySeverity.reduce((s, g) => s + g._count._all, 0),
      bySeverity: Object.fromEntries(openBySeverity.map((g) => [g.severity, g._count._all])),
      byKind: Object.fromEntries(openByKind.map((g) => [g.kind, g._count._all])),
    },
    snoozed,
  };
}

/**
 * These alerts of the shop by id, newest raised first (list_alerts' "all" order): decide_alert's
 * answer. One keyed read, whatever the alert's age (not the newest 200 and their counts).
 */
export async function alertsById(db: Db, shop: string, ids: readonly string[], options: { now: Date; mode: AppMode }) {
  const rows = await db.alert.findMany({
    where: { shop, id: { in: [...ids] } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return rows.map((a) => alertView(a, options.now, { mode: options.mode, shop }));
}

export interface AlertExplanation {
  alert: AlertView | null;
  whatHappened: string;
  /** The numbers, one line each. */
  evidence: string[];
  /** The rows behind them (audit rows, webhook deliveries, the order, applied changes). */
  rows: Record<string, unknown>[];
  nextSteps: string[];
}

type Details = Record<string, unknown>;
const str = (v: unknown) => (v === undefined || v === null ? "" : String(v));
const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

/** Explains one alert (or the newest open one); null when there is no such alert in this shop. */
export async function explainAlert(
  db: Db,
  shop: string,
  alertId: string | undefined,
  options: { now: Date; mode: AppMode },
): Promise<AlertExplanation | null> {
  const { now } = options;
  const alert = alertId
    ? await db.alert.findFirst({ where: { id: alertId, shop } })
    : await db.alert.findFirst({ where: openWhere(shop, now), orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  if (!alert) {
    if (alertId) return null;
    return {
      alert: null,
      whatHappened: "There are no open alerts in this shop.",
      evidence: [`${await db.alert.count({ where: { shop } })} alert(s) on record, all resolved or snoozed.`],
      rows: [],
      nextSteps: [],
    };
  }
  const details = (alert.details ?? {}) as Details;
  const explained = await (EXPLAINERS[alert.kind] ?? explainOther)(db, shop, alert, details);
  return {
    alert: alertView(alert, now, { mode: options.mode, shop }),
    ...explained,
    evidence: [...explained.evidence, ...decisionLines(alert, now)],
  };
}

/** The alert's lifecycle in words, after its evidence. */
function decisionLines(alert: Alert, now: Date): string[] {
  const lines: string[] = [];
  if (alert.acknowledgedAt)
    lines.push(`Acknowledged on ${alert.acknowledgedAt.toISOString()} by ${alert.acknowledgedBy ?? "someone"}.`);
  if (alert.resolvedAt)
    lines.push(
      alert.resolutionKind === "automatic"
        ? `${alert.resolution ?? "Resolved automatically"} (${alert.resolvedAt.toISOString()}).`
        : `This alert was resolved on ${alert.resolvedAt.toISOString()}${alert.resolvedBy ? ` by ${alert.resolvedBy}` : ""}${alert.resolution ? `: ${alert.resolution}` : "."}`,
    );
  else if (alert.snoozedUntil && alert.snoozedUntil > now)
    lines.push(`Snoozed until ${alert.snoozedUntil.toISOString()}.`);
  return lines;
}

type Explainer = (db: Db, shop: string, alert: Alert, details: Details) => Promise<Omit<AlertExplanation, "alert">>;

const explainRiskyOrder: Explainer = async (db, shop, _alert, d) => {
  const name = str(d.order);
  const order = await db.mirrorOrder.findFirst({ where: { shop, name } });
  const holds = (
    await db.action.findMany({ where: { shop, kind: "fulfillment.hold" }, orderBy: { createdAt: "desc" }, take: 200 })
  ).filter((a) => (a.after as { orderName?: string } | null)?.orderName === name);
  const factors = (Array.isArray(d.factors) ? d.factors : []) as {
    id: string;
    contribution?: number;
    evidence?: string;
  }[];
  const evidence = [
    `Fraud score ${str(d.score)}/100 (hold at 60): ${str(d.reason)}.`,
    ...factors.map(
      (f) =>
        `${f.id}${f.contribution !== undefined ? ` (+${Math.round(f.contribution)})` : ""}${f.evidence ? `: ${f.evidence}` : ""}`,
    ),
  ];
  if (order)
    evidence.push(
      `Order ${order.name}: ${order.total.toFixed(2)} ${order.currencyCode ?? ""} placed ${order.createdAt.toISOString()}, payment ${order.financialStatus ?? "unknown"}, fulfillment ${order.fulfillmentStatus ?? "unfulfilled"}, Shopify risk ${order.riskLevel ?? "not assessed"}.`,
    );
  else evidence.push(`Order ${name} is not in the store mirror (not synced yet, or deleted).`);
  evidence.push(
    holds.length
      ? `Hold proposals for this order: ${holds.map((h) => `${h.id} (${h.status})`).join(", ")}.`
      : "No fulfillment hold has been proposed for this order.",
  );
  const fulfilled = order?.fulfillmentStatus && /^(FULFILLED|fulfilled)$/.test(order.fulfillmentStatus);
  return {
    whatHappened: `Order ${name} looks like fraud: its risk score reached the level at which fulfillment should be held.`,
    evidence,
    rows: [
      ...(order
        ? [
            {
              type: "order",
              id: order.id,
              name: order.name,
              total: order.total,
              email: order.email,
              createdAt: iso(order.createdAt),
              financialStatus: order.financialStatus,
              fulfillmentStatus: order.fulfillmentStatus,
              riskLevel: order.riskLevel,
            },
          ]
        : []),
      ...holds.map((h) => ({ type: "action", id: h.id, status: h.status, createdAt: iso(h.createdAt) })),
    ],
    nextSteps: fulfilled
      ? [
          `${name} has already been fulfilled: check the payment with your payment provider before a chargeback arrives, and consider cancelling and refunding if it is fraudulent.`,
        ]
      : [
          holds.some((h) => h.status === "pending")
            ? "A hold is waiting for your approval in the app."
            : `Propose a hold (propose_fulfillment_hold with orderName "${name}") and approve it, so nothing ships while you check.`,
          "Verify the buyer (contact details, address, payment verification in Shopify's fraud analysis); cancel and refund if it is fraud, otherwise release the hold.",
        ],
  };
};

const explainWebhooks: Explainer = async (db, shop, alert, d) => {
  const topic = str(d.topic);
  const since = new Date(alert.createdAt.getTime() - FAILING_WEBHOOKS.lookbackHours * 3_600_000);
  const events = await db.webhookEvent.findMany({
    where: { shop, topic, receivedAt: { gte: since } },
    orderBy: { receivedAt: "desc" },
    take: 200,
  });
  const byStatus = events.reduce<Record<string, number>>(
    (acc, e) => ((acc[e.status] = (acc[e.status] ?? 0) + 1), acc),
    {},
  );
  const stillFailing = events.filter((e) => e.status === "failed" || e.status === "received");
  const errors = (Array.isArray(d.errors) ? d.errors : []) as { message: string; deliveries: number }[];
  return {
    whatHappened: `Shopify's ${topic} webhooks reached the app but their handler did not finish${CRITICAL_TOPICS.has(topic) ? "; this topic is a privacy or uninstall duty, so a failure is a compliance problem" : ""}. Shopify retries a failed delivery up to 8 times over 4 hours, then stops.`,
    evidence: [
      `When raised: ${str(d.failed)} failed and ${str(d.stuck)} unfinished of ${str(d.delivered)} deliveries in ${str(d.lookbackHours)} h.`,
      `Now: ${
        Object.entries(byStatus)
          .map(([s, n]) => `${n} ${s}`)
          .join(", ") || "no deliveries"
      } since ${since.toISOString()}.`,
      ...errors.map((e) => `Error (${e.deliveries}x): ${e.message}`),
    ],
    rows: stillFailing.slice(0, 20).map((e) => ({
      type: "webhook",
      webhookId: e.webhookId,
      status: e.status,
      receivedAt: iso(e.receivedAt),
      error: e.error,
    })),
    nextSteps: [
      "Read the server log for these webhook ids (the handler's error is logged with them) and fix the cause.",
      stillFailing.some((e) => e.status === "received")
        ? `Deliveries stuck in "received" for over ${FAILING_WEBHOOKS.stuckAfterMinutes} minutes are acknowledged but never re-run on redelivery; after fixing, re-run them (or run the store-sync agent to bring the mirror back in step).`
        : "Once fixed, Shopify's next retry is processed; after its last retry, run the store-sync agent so the mirror catches up.",
      ...(CRITICAL_TOPICS.has(topic) && topic !== "app/uninstalled"
        ? ["Privacy requests must be completed within 30 days of the request: make sure each one is processed."]
        : []),
    ],
  };
};

const explainMcpAuth: Explainer = async (db, shop, _alert, d) => {
  const source = str(d.source);
  // The guard counts failures per address and per refused token ("token:<id>", its audit actor).
  const tokenId = source.startsWith("token:") ? source.slice("token:".length) : null;
  // Alerts raised live by the MCP guard carry only the source and hour; the detector's carry the window.
  const from = d.firstAt ? new Date(str(d.firstAt)) : new Date(`${str(d.hour)}:00:00.000Z`);
  const to = d.lastAt ? new Date(str(d.lastAt)) : new Date(from.getTime() + 3_600_000 - 1);
  const rows = Number.isNaN(from.getTime())
    ? []
    : (
        await db.auditLog.findMany({
          where: { shop, action: "mcp.auth", outcome: "denied", createdAt: { gte: from, lte: to } },
          orderBy: { createdAt: "desc" },
          take: 500,
        })
      ).filter((r) =>
        tokenId
          ? r.actor === `mcp:${tokenId}`
          : source === "all" || (r.input as { source?: string } | null)?.source === source,
      );
  const reasons = rows.reduce<Record<string, number>>((acc, r) => {
    const reason = (r.input as { reason?: string } | null)?.reason ?? "unknown";
    acc[reason] = (acc[reason] ?? 0) + 1;
    return acc;
  }, {});
  const prefixes = [...new Set(rows.map((r) => (r.input as { prefix?: string } | null)?.prefix).filter(Boolean))];
  const minutes = d.windowMinutes ?? 60;
  return {
    whatHappened: tokenId
      ? `A refused MCP access token (revoked, or its shop uninstalled) was tried ${rows.length} times (the limit is ${str(d.threshold) || 10} per ${minutes} minutes).`
      : source === "all"
        ? `Many clients failed to sign in to the MCP server within ${minutes} minutes, spread over several addresses: consistent with someone guessing tokens from many machines.`
        : `The address ${source} failed to sign in to the MCP server ${rows.length} times (the limit is ${str(d.threshold) || 10} per ${minutes} minutes).`,
    evidence: [
      Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())
        ? "The alert does not record its time window, so the refused sign-ins cannot be listed."
        : `${rows.length} refused sign-in(s) recorded between ${from.toISOString()} and ${to.toISOString()}.`,
      `Reasons: ${
        Object.entries(reasons)
          .map(([r, n]) => `${r} ${n}`)
          .join(", ") || "none recorded"
      }.`,
      ...(prefixes.length ? [`Token prefixes tried: ${prefixes.slice(0, 10).join(", ")}.`] : []),
      ...(d.sources
        ? [
            `By address: ${Object.entries(d.sources as Record<string, number>)
              .map(([s, n]) => `${s} ${n}`)
              .join(", ")}.`,
          ]
        : []),
    ],
    rows: rows
      .slice(0, 20)
      .map((r) => ({ type: "audit", id: r.id, at: iso(r.createdAt), actor: r.actor, input: r.input })),
    nextSteps: [
      (reasons.revoked ?? 0) > 0
        ? "Some attempts used a revoked token: a client you retired is still configured somewhere; update or remove it."
        : "The tokens tried are unknown, malformed or missing: nobody with a valid token is failing, which points at guessing or a misconfigured client.",
      "Past the threshold the MCP server refuses further failed sign-ins from that address (or with that token) for the rest of the hour; valid tokens keep working from any address.",
      `If ${source === "all" ? "these addresses are" : `${source} is`} not yours, block ${source === "all" ? "them" : "it"} at your proxy or firewall; revoke and replace any token that might have leaked (Settings > MCP clients).`,
    ],
  };
};

const explainChangeRate: Explainer = async (db, shop, _alert, d) => {
  const from = new Date(str(d.windowStart));
  const to = new Date(str(d.windowEnd));
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
    return {
      whatHappened: `${str(d.changes) || "Many"} store changes were applied faster than this shop's usual pace.`,
      evidence: ["The alert does not record its time window."],
      rows: [],
      nextSteps: ["Review the recent approvals in the audit log below."],
    };
  }
  const rows = await db.auditLog.findMany({
    where: { shop, action: { startsWith: "action.apply." }, createdAt: { gte: from, lte: to } },
    orderBy: { createdAt: "desc" },
    take: 200,
  });
  const baseline = (d.baseline ?? {}) as {
    hours?: number;
    changes?: number;
    meanPerHour?: number;
    p99PerHour?: number;
    maxPerHour?: number;
  };
  const limits = (d.limits ?? {}) as Record<string, number>;
  const byActor = (d.byActor ?? {}) as Record<string, number>;
  const topActor = Object.entries(byActor).sort((a, b) => b[1] - a[1])[0];
  const autoApproved = rows.filter((r) => (r.input as { autoApproved?: boolean } | null)?.autoApproved).length;
  return {
    whatHappened: `${str(d.changes)} store changes were applied between ${from.toISOString()} and ${to.toISOString()}, far more than this shop's usual pace.`,
    evidence: [
      `Limit ${str(d.limit)} = max(floor ${limits.floor}, Poisson 99.9% at the mean rate ${limits.poisson}, twice the 99th-percentile hour + 1 ${limits.burst}).`,
      `Baseline: ${baseline.changes} changes in ${baseline.hours} hours, ${baseline.meanPerHour} per hour on average, busiest hour ${baseline.maxPerHour}.`,
      `By actor: ${Object.entries(byActor)
        .map(([a, n]) => `${a} ${n}`)
        .join(", ")}.`,
      `By kind: ${Object.entries((d.byKind ?? {}) as Record<string, number>)
        .map(([k, n]) => `${k} ${n}`)
        .join(", ")}.`,
      `${autoApproved} of the ${rows.length} changes found now were auto-approved by an MCP token.`,
    ],
    rows: rows.slice(0, 30).map((r) => ({
      type: "audit",
      id: r.id,
      at: iso(r.createdAt),
      actor: r.actor,
      action: r.action,
      outcome: r.outcome,
      input: r.input,
    })),
    nextSteps: [
      topActor
        ? `Check that ${topActor[0]} (${topActor[1]} changes) was expected to make them.`
        : "Check who made the changes.",
      ...(autoApproved
        ? ["If an MCP client did this unexpectedly, turn off its auto-approve or revoke it (Settings > MCP clients)."]
        : []),
      "Revert unwanted changes from the action list (each applied action keeps its before values).",
    ],
  };
};

const explainConfig: Explainer = async (_db, _shop, _alert, d) => ({
  whatHappened: `The security scan's check "${str(d.title ?? d.checkId)}" fails.`,
  evidence: [str(d.evidence)],
  rows: [],
  nextSteps: [str(d.fix) || "Run get_security_scan for the current state."],
});

const explainRevenue: Explainer = async (db, shop, _alert, d) => {
  // The finance monitor's days are the shop's local days: count that day's orders by localDay.
  const day = str(d.date);
  const orders = /^\d{4}-\d{2}-\d{2}$/.test(day)
    ? await db.mirrorOrder.count({ where: { shop, cancelledAt: null, localDay: day } })
    : 0;
  return {
    whatHappened: `Revenue on ${day} was unusually ${Number(d.revenue) < Number(d.expected) ? "low" : "high"} after allowing for the weekly pattern and trend.`,
    evidence: [
      `Revenue ${Number(d.revenue).toFixed(2)} vs ${Number(d.expected).toFixed(2)} expected (z = ${Number(d.z).toFixed(2)}).`,
      `${orders} order(s) that day in the mirror.`,
    ],
    rows: [],
    nextSteps: [
      `Look at that day with get_sales_summary { from: "${day}", to: "${day}" }: a stockout, a campaign, a checkout problem or a data gap are the usual causes.`,
    ],
  };
};

const explainStockout: Explainer = async (db, shop, _alert, d) => {
  if (typeof d.variantId !== "string") return explainDailyStockout(d);
  const s = d as unknown as StockoutDetails;
  const variant = await db.mirrorVariant.findUnique({
    where: { shop_id: { shop, id: s.variantId } },
    select: { inventoryItemId: true },
  });
  const levels = variant?.inventoryItemId
    ? await db.mirrorInventoryLevel.findMany({ where: { shop, inventoryItemId: variant.inventoryItemId } })
    : [];
  const now = levels.reduce((sum, l) => sum + l.available, 0);
  return {
    whatHappened: `${variantLabel(s)} is forecast to run out within the ${s.leadTimeDays}-day reorder lead time.`,
    evidence: [
      `When raised: ${s.onHand} on hand, selling about ${Number(s.dailyDemand).toFixed(2)} a day: ${Number(s.daysOfCover).toFixed(1)} days of cover, out around ${s.stockoutDate ?? "unknown"}.`,
      `It needs more than ${s.leadTimeDemand} on hand to last the lead time; it has ${variant ? now : "an unknown number (not in the store mirror)"} now.`,
    ],
    rows: levels.map((l) => ({ type: "inventory_level", locationId: l.locationId, available: l.available })),
    nextSteps: [
      "Reorder now (the purchase order suggestions on the Inventory page give the quantity per vendor), or record stock you already have.",
      "This alert resolves itself once the stock on hand is above what the lead time needs.",
    ],
  };
};

/** Older stockout alerts, one per day listing the variants. */
const explainDailyStockout = async (d: Details) => {
  const risks = (Array.isArray(d.risks) ? d.risks : []) as {
    sku: string | null;
    daysOfCover: number;
    stockoutDate: string | null;
  }[];
  return {
    whatHappened: `${risks.length} variant(s) are forecast to run out within the reorder lead time.`,
    evidence: risks.map(
      (r) =>
        `${r.sku ?? "(no SKU)"}: ${Number(r.daysOfCover).toFixed(1)} days of cover, out around ${r.stockoutDate ?? "unknown"}.`,
    ),
    rows: risks,
    nextSteps: [
      "Run suggest_purchase_order for quantities per vendor, then reorder; propose_inventory_adjustment records stock you already have.",
    ],
  };
};

const explainOther: Explainer = async (_db, _shop, alert, d) => ({
  whatHappened: alert.title,
  evidence: Object.entries(d)
    .slice(0, 20)
    .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v).slice(0, 300) : String(v)}`),
  rows: [],
  nextSteps: ["Open the module the alert belongs to for details."],
});

const EXPLAINERS: Record<string, Explainer> = {
  risky_order: explainRiskyOrder,
  webhook_failing: explainWebhooks,
  mcp_auth_failures: explainMcpAuth,
  change_rate: explainChangeRate,
  security_config: explainConfig,
  revenue_anomaly: explainRevenue,
  stockout_risk: explainStockout,
};
