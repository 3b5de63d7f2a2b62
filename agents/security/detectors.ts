// The security monitor's detectors. Each reads what the app already records (the mirror, the
// WebhookEvent table, the audit log) and raises alerts through raiseAlert, deduplicated by a
// business key, so that running a detector again raises nothing new for the same finding.
import { inChunks } from "../db/chunk";
import type { Db } from "../db/client";
import { scoreOrderRisk, type RiskOrder, type ShopifyRiskLevel } from "../fulfillment/risk";
import { raiseAlert, type AlertInput } from "../ops/alerts";
import { raiseEpisode, resolveEpisode } from "./episodes";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "../core/time";

export interface DetectorRun {
  detector: "risky_orders" | "failing_webhooks" | "mcp_auth_failures" | "change_rate";
  /** Rows the detector looked at (orders, webhook deliveries, audit rows). */
  examined: number;
  raised: { alertId: string; dedupeKey: string; title: string; created: boolean }[];
  resolved: number;
  note: string | null;
}

const run = (detector: DetectorRun["detector"], examined: number, note: string | null = null): DetectorRun => ({
  detector,
  examined,
  raised: [],
  resolved: 0,
  note,
});
const raisedView = (alert: { id: string; dedupeKey: string | null; title: string }, created: boolean) => ({
  alertId: alert.id,
  dedupeKey: alert.dedupeKey ?? "",
  title: alert.title,
  created,
});
/** raiseAlert, also telling whether the business key was new. */
async function raiseKeyed(db: Db, shop: string, input: AlertInput) {
  const existing = await db.alert.findUnique({
    where: { shop_dedupeKey: { shop, dedupeKey: input.dedupeKey } },
    select: { id: true },
  });
  const alert = await raiseAlert(db, shop, input);
  return raisedView(alert, !existing);
}
const count = <T>(items: T[], key: (item: T) => string) =>
  items.reduce<Record<string, number>>((acc, item) => ((acc[key(item)] = (acc[key(item)] ?? 0) + 1), acc), {});

// ---------- risky orders ----------

export const RISKY_ORDERS = { lookbackHours: 48, limit: 500, aovDays: 90 };

/**
 * Scores the recent orders of the mirror with agents/fulfillment/risk.ts and alerts on those to
 * hold. The order-fulfillment agent scores orders too (from the Admin API, with addresses and
 * shipping lines the mirror lacks) and raises `risky_order` keyed `risk:<order name>`; this
 * detector uses the same kind and key and never touches an order that already has that alert, so
 * an order is alerted once whichever agent sees it first. Missing facts only leave factors unfired.
 */
export async function detectRiskyOrders(
  db: Db,
  shop: string,
  now: Date,
  options: Partial<typeof RISKY_ORDERS> = {},
): Promise<DetectorRun> {
  const { lookbackHours, limit, aovDays } = { ...RISKY_ORDERS, ...options };
  const orders = await db.mirrorOrder.findMany({
    where: { shop, cancelledAt: null, createdAt: { gte: new Date(now.getTime() - lookbackHours * HOUR_MS), lte: now } },
    orderBy: { createdAt: "desc" },
    take: limit,
  });
  if (orders.length === 0) return run("risky_orders", 0, `no orders in the last ${lookbackHours} hours`);
  const aov = await db.mirrorOrder.aggregate({
    where: { shop, cancelledAt: null, createdAt: { gte: new Date(now.getTime() - aovDays * DAY_MS) } },
    _avg: { total: true },
  });
  const shopAov = aov._avg.total ?? 0;
  if (shopAov <= 0)
    return run("risky_orders", orders.length, "the shop's average order value is 0; orders cannot be compared with it");

  const ids = orders.map((o) => o.id);
  // Up to `limit` orders, their SKUs and customers: lists read in slices (500 orders hold thousands of SKUs).
  const lines = await inChunks(ids, (chunk) =>
    db.mirrorLineItem.findMany({
      where: { shop, orderId: { in: chunk } },
      select: { orderId: true, sku: true, quantity: true },
    }),
  );
  const skus = lines.map((l) => l.sku).filter((s): s is string => Boolean(s));
  const typical = await inChunks(skus, (chunk) =>
    db.mirrorLineItem.groupBy({ by: ["sku"], where: { shop, sku: { in: chunk } }, _avg: { quantity: true } }),
  );
  const customerIds = orders.map((o) => o.customerId).filter((c): c is string => Boolean(c));
  const customerOrders = await inChunks(customerIds, (chunk) =>
    db.mirrorOrder.findMany({
      where: { shop, customerId: { in: chunk } },
      select: { id: true, customerId: true, createdAt: true },
    }),
  );
  const oldest = orders[orders.length - 1].createdAt;
  const recent = await db.mirrorOrder.findMany({
    where: { shop, createdAt: { gte: new Date(oldest.getTime() - DAY_MS), lte: now } },
    select: { id: true, createdAt: true, customerId: true, email: true },
    take: 20_000,
  });
  const alerted = new Set(
    (
      await inChunks(
        orders.map((o) => `risk:${o.name}`),
        (chunk) => db.alert.findMany({ where: { shop, dedupeKey: { in: chunk } }, select: { dedupeKey: true } }),
      )
    ).map((a) => a.dedupeKey),
  );
  const context = {
    shopAov,
    typicalQuantityBySku: Object.fromEntries(typical.filter((t) => t.sku).map((t) => [t.sku!, t._avg.quantity ?? 1])),
    recentOrders: recent.map((o) => ({
      id: o.id,
      createdAt: o.createdAt.toISOString(),
      customerId: o.customerId,
      email: o.email,
    })),
  };

  const result = run("risky_orders", orders.length);
  for (const order of orders) {
    const key = `risk:${order.name}`;
    if (alerted.has(key)) continue;
    const riskOrder: RiskOrder = {
      id: order.id,
      createdAt: order.createdAt.toISOString(),
      customerId: order.customerId,
      email: order.email,
      totalPrice: order.total,
      previousOrders: order.customerId
        ? customerOrders.filter((o) => o.customerId === order.customerId && o.createdAt < order.createdAt).length
        : 0,
      lineItems: lines
        .filter((l) => l.orderId === order.id && l.quantity > 0)
        .map((l) => ({ sku: l.sku ?? "", quantity: l.quantity })),
      riskAssessments: order.riskLevel ? [{ riskLevel: order.riskLevel as ShopifyRiskLevel, facts: [] }] : [],
    };
    const score = scoreOrderRisk(riskOrder, context);
    if (score.recommendation.action !== "hold") continue;
    const alert = await raiseAlert(db, shop, {
      kind: "risky_order",
      severity: "critical",
      title: `Order ${order.name} scored ${Math.round(score.score)}/100 fraud risk`,
      details: {
        order: order.name,
        orderId: order.id,
        score: Math.round(score.score),
        reason: score.recommendation.reason,
        factors: score.factors
          .filter((f) => f.fired)
          .map((f) => ({ id: f.id, contribution: Math.round(f.contribution), evidence: f.evidence })),
        source:
          "security-monitor: scored from the store mirror (billing/shipping addresses and shipping lines are not mirrored, so those factors were not checked)",
      },
      dedupeKey: key,
    });
    result.raised.push(raisedView(alert, true));
  }
  return result;
}

// ---------- failing webhooks ----------

export const FAILING_WEBHOOKS = { lookbackHours: 72, stuckAfterMinutes: 15 };
/** Topics whose failure breaks a legal duty or leaves access behind: critical, not warning. */
export const CRITICAL_TOPICS = new Set([
  "customers/data_request",
  "customers/redact",
  "shop/redact",
  "app/uninstalled",
]);

/**
 * app/webhooks.server.ts records each delivery in WebhookEvent: processed, failed (with the
 * error) or received. A delivery still "received" long after it arrived never finished (the
 * process died mid-handler). One alert per topic while it keeps failing; resolved once every
 * failed delivery of the topic has been processed on a retry.
 */
export async function detectFailingWebhooks(
  db: Db,
  shop: string,
  now: Date,
  options: Partial<typeof FAILING_WEBHOOKS> = {},
): Promise<DetectorRun> {
  const { lookbackHours, stuckAfterMinutes } = { ...FAILING_WEBHOOKS, ...options };
  const since = new Date(now.getTime() - lookbackHours * HOUR_MS);
  const stuckBefore = new Date(now.getTime() - stuckAfterMinutes * MINUTE_MS);
  const [groups, failing, openAlerts] = await Promise.all([
    db.webhookEvent.groupBy({
      by: ["topic", "status"],
      where: { shop, receivedAt: { gte: since, lte: now } },
      _count: { _all: true },
    }),
    db.webhookEvent.findMany({
      where: {
        shop,
        receivedAt: { gte: since, lte: now },
        OR: [{ status: "failed" }, { status: "received", receivedAt: { lt: stuckBefore } }],
      },
      orderBy: { receivedAt: "desc" },
      take: 1_000,
      select: { webhookId: true, topic: true, status: true, error: true, receivedAt: true },
    }),
    db.alert.findMany({ where: { shop, kind: "webhook_failing", resolvedAt: null }, select: { details: true } }),
  ]);
  const result = run(
    "failing_webhooks",
    groups.reduce((s, g) => s + g._count._all, 0),
  );
  const byTopic = new Map<string, typeof failing>();
  for (const event of failing) byTopic.set(event.topic, [...(byTopic.get(event.topic) ?? []), event]);

  for (const [topic, events] of byTopic) {
    const totals = Object.fromEntries(groups.filter((g) => g.topic === topic).map((g) => [g.status, g._count._all]));
    const delivered = Object.values(totals).reduce((s, n) => s + n, 0);
    const failed = events.filter((e) => e.status === "failed");
    const stuck = events.filter((e) => e.status === "received");
    const errors = Object.entries(count(failed, (e) => e.error ?? "(no message)"))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([message, n]) => ({ message, deliveries: n }));
    const { alert, created } = await raiseEpisode(db, shop, now, {
      kind: "webhook_failing",
      subject: topic,
      severity: CRITICAL_TOPICS.has(topic) ? "critical" : "warning",
      title: `${topic} webhooks are failing: ${events.length} of ${delivered} deliveries in ${lookbackHours} h not processed`,
      details: {
        topic,
        failed: failed.length,
        stuck: stuck.length,
        delivered,
        byStatus: totals,
        lookbackHours,
        stuckAfterMinutes,
        errors,
        webhookIds: events.slice(0, 10).map((e) => e.webhookId),
        firstFailureAt: events[events.length - 1].receivedAt.toISOString(),
        lastFailureAt: events[0].receivedAt.toISOString(),
      },
      gapMs: lookbackHours * HOUR_MS,
    });
    result.raised.push(raisedView(alert, created));
  }
  const recovered = new Set(
    openAlerts
      .map((a) => (a.details as { topic?: string } | null)?.topic)
      .filter((t): t is string => Boolean(t) && !byTopic.has(t!)),
  );
  for (const topic of recovered)
    result.resolved += await resolveEpisode(
      db,
      shop,
      "webhook_failing",
      topic,
      now,
      "every failed delivery has been processed on a retry",
    );
  return result;
}

// ---------- repeated failed MCP authentication ----------

/** The same threshold as mcp/auth.ts's guard (10 per source per hour), plus one across sources. */
export const MCP_AUTH = { threshold: 10, windowMinutes: 60, allSourcesThreshold: 30, lookbackHours: 24 };

/** Indices at which `threshold` events fall within `windowMs`; the window restarts after each. */
export function thresholdCrossings(
  times: number[],
  threshold: number,
  windowMs: number,
): { start: number; end: number }[] {
  const crossings: { start: number; end: number }[] = [];
  let start = 0;
  for (let i = 0; i < times.length; i++) {
    while (times[i] - times[start] > windowMs) start++;
    if (i - start + 1 >= threshold) {
      crossings.push({ start, end: i });
      start = i + 1;
    }
  }
  return crossings;
}

/**
 * mcp/auth.ts audits every refused MCP sign-in as `mcp.auth` with outcome "denied" and raises an
 * alert when one source crosses its threshold, counting in Redis (or in memory). This detector
 * recounts from the audit log: it catches what the live counter misses (a restart, separate
 * processes each counting in memory, an attack spread over many sources), and it uses the guard's
 * own key (source and hour) so that both raise one alert between them.
 */
export async function detectMcpAuthFailures(
  db: Db,
  shop: string,
  now: Date,
  options: Partial<typeof MCP_AUTH> = {},
): Promise<DetectorRun> {
  const { threshold, windowMinutes, allSourcesThreshold, lookbackHours } = { ...MCP_AUTH, ...options };
  // The newest 20,000 (a flood must not hide its own latest hour), oldest first for the windows.
  const rows = (
    await db.auditLog.findMany({
      where: {
        shop,
        action: "mcp.auth",
        outcome: "denied",
        createdAt: { gte: new Date(now.getTime() - lookbackHours * HOUR_MS), lte: now },
      },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 20_000,
      select: { id: true, createdAt: true, input: true },
    })
  ).reverse();
  const result = run("mcp_auth_failures", rows.length);
  const attempts = rows.map((r) => {
    const input = (r.input ?? {}) as { source?: string; reason?: string; prefix?: string };
    return {
      id: r.id,
      at: r.createdAt,
      source: input.source ?? "unknown",
      reason: input.reason ?? "unknown",
      prefix: input.prefix ?? null,
    };
  });
  const windowMs = windowMinutes * MINUTE_MS;
  const describe = (list: typeof attempts) => ({
    failures: list.length,
    firstAt: list[0].at.toISOString(),
    lastAt: list[list.length - 1].at.toISOString(),
    reasons: count(list, (a) => a.reason),
    tokenPrefixes: [...new Set(list.map((a) => a.prefix).filter(Boolean))].slice(0, 10),
    lastReason: list[list.length - 1].reason,
    auditIds: list.slice(-20).map((a) => a.id),
  });
  const spanMinutes = (list: typeof attempts) =>
    Math.max(1, Math.ceil((list[list.length - 1].at.getTime() - list[0].at.getTime()) / MINUTE_MS));
  const windowOf = (list: typeof attempts, crossing: { start: number }) =>
    list.filter(
      (a) =>
        a.at.getTime() >= list[crossing.start].at.getTime() &&
        a.at.getTime() <= list[crossing.start].at.getTime() + windowMs,
    );

  const bySource = new Map<string, typeof attempts>();
  for (const attempt of attempts) bySource.set(attempt.source, [...(bySource.get(attempt.source) ?? []), attempt]);
  for (const [source, list] of bySource) {
    for (const crossing of thresholdCrossings(
      list.map((a) => a.at.getTime()),
      threshold,
      windowMs,
    )) {
      const hour = list[crossing.end].at.toISOString().slice(0, 13);
      const window = windowOf(list, crossing);
      const raised = await raiseKeyed(db, shop, {
        kind: "mcp_auth_failures",
        severity: window.length >= threshold * 5 ? "critical" : "warning",
        title: `Repeated failed MCP sign-ins from ${source}: ${window.length} within ${spanMinutes(window)} minutes`,
        details: { source, threshold, windowMinutes, hour, ...describe(window) },
        dedupeKey: `mcp_auth_failures:${source}:${hour}`,
        raisedAt: now,
      });
      result.raised.push(raised);
    }
  }
  for (const crossing of thresholdCrossings(
    attempts.map((a) => a.at.getTime()),
    allSourcesThreshold,
    windowMs,
  )) {
    const hour = attempts[crossing.end].at.toISOString().slice(0, 13);
    const window = windowOf(attempts, crossing);
    const sources = count(window, (a) => a.source);
    if (Object.keys(sources).length < 2) continue; // one source alone is the per-source alert above
    const raised = await raiseKeyed(db, shop, {
      kind: "mcp_auth_failures",
      severity: "critical",
      title: `${window.length} failed MCP sign-ins from ${Object.keys(sources).length} sources within ${spanMinutes(window)} minutes`,
      details: { source: "all", sources, threshold: allSourcesThreshold, windowMinutes, hour, ...describe(window) },
      dedupeKey: `mcp_auth_failures:all-sources:${hour}`,
      raisedAt: now,
    });
    result.raised.push(raised);
  }
  return result;
}

// ---------- unusual rate of store changes ----------

export const CHANGE_RATE = {
  windowMinutes: 60,
  baselineDays: 14,
  minChanges: 10,
  tailProbability: 0.001,
  burstMultiple: 2,
  gapHours: 2,
};

/** Smallest k with P(X >= k) <= p for X ~ Poisson(lambda). */
export function poissonUpperLimit(lambda: number, p: number): number {
  if (lambda <= 0) return 1;
  if (lambda > 500) return Math.ceil(lambda + 3.09 * Math.sqrt(lambda)); // normal approximation; the pmf underflows
  let pmf = Math.exp(-lambda);
  let cdf = pmf;
  let k = 0;
  while (1 - cdf > p) {
    k++;
    pmf *= lambda / k;
    cdf += pmf;
  }
  return k + 1;
}

export function quantile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/**
 * Applied store changes (audit rows action.apply.*) in the last hour against the shop's own
 * hourly history. The limit is the largest of: a floor (minChanges), the count a Poisson process
 * at the shop's mean hourly rate reaches with probability tailProbability, and twice the shop's
 * 99th-percentile hour (so that a merchant who approves in batches is not flagged for it).
 */
export async function detectChangeRate(
  db: Db,
  shop: string,
  now: Date,
  options: Partial<typeof CHANGE_RATE> = {},
): Promise<DetectorRun> {
  const o = { ...CHANGE_RATE, ...options };
  const windowStart = new Date(now.getTime() - o.windowMinutes * MINUTE_MS);
  const current = await db.auditLog.findMany({
    where: { shop, action: { startsWith: "action.apply." }, createdAt: { gt: windowStart, lte: now } },
    select: { actor: true, action: true, outcome: true, createdAt: true },
    orderBy: { createdAt: "asc" },
  });
  if (current.length < o.minChanges)
    return run(
      "change_rate",
      current.length,
      `${current.length} store change(s) in the last ${o.windowMinutes} minutes, below the floor of ${o.minChanges}`,
    );

  const first = await db.auditLog.findFirst({
    where: { shop },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true },
  });
  const baselineStart = new Date(
    Math.max(windowStart.getTime() - o.baselineDays * DAY_MS, first?.createdAt.getTime() ?? windowStart.getTime()),
  );
  // A young shop still gets a day of (quiet) history, so that its first busy hour is not compared with nothing.
  const hours = Math.max(24, Math.ceil((windowStart.getTime() - baselineStart.getTime()) / HOUR_MS));
  const history = await db.auditLog.findMany({
    where: { shop, action: { startsWith: "action.apply." }, createdAt: { gte: baselineStart, lte: windowStart } },
    select: { createdAt: true },
  });
  const buckets = new Array<number>(hours).fill(0);
  for (const row of history)
    buckets[Math.min(hours - 1, Math.floor((windowStart.getTime() - row.createdAt.getTime()) / HOUR_MS))]++;
  const mean = history.length / hours;
  const p99 = quantile(buckets, 0.99);
  const limits = {
    floor: o.minChanges,
    poisson: poissonUpperLimit(mean, o.tailProbability),
    burst: Math.floor(o.burstMultiple * p99) + 1,
  };
  const limit = Math.max(limits.floor, limits.poisson, limits.burst);
  const result = run("change_rate", current.length + history.length);
  if (current.length < limit) {
    result.note = `${current.length} store change(s) in the last ${o.windowMinutes} minutes, within the limit of ${limit}`;
    return result;
  }
  const { alert, created } = await raiseEpisode(db, shop, now, {
    kind: "change_rate",
    subject: "store",
    severity: current.length >= 2 * limit ? "critical" : "warning",
    title: `${current.length} store changes applied in ${o.windowMinutes} minutes (usually ${mean.toFixed(2)} per hour; limit ${limit})`,
    details: {
      windowStart: windowStart.toISOString(),
      windowEnd: now.toISOString(),
      changes: current.length,
      outcomes: count(current, (r) => r.outcome),
      byActor: count(current, (r) => r.actor),
      byKind: count(current, (r) => r.action.replace(/^action\.apply\./, "")),
      baseline: {
        from: baselineStart.toISOString(),
        hours,
        changes: history.length,
        meanPerHour: Math.round(mean * 1000) / 1000,
        p99PerHour: p99,
        maxPerHour: Math.max(0, ...buckets),
      },
      limit,
      limits,
    },
    gapMs: o.gapHours * HOUR_MS,
  });
  result.raised.push(raisedView(alert, created));
  return result;
}
