// Security and compliance on a real database: each detector raises exactly one alert for a crafted
// situation and none for the normal baseline (and nothing new when run again); the tools answer
// through a registry as AIRA and MCP call them, with clear errors for bad input.
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import { redactCustomer } from "../compliance/privacy";
import type { Actor, ToolContext } from "../core/context";
import { createRegistry } from "../core/registry";
import { createDb, type Db } from "../db/client";
import { raiseAlert } from "../ops/alerts";
import { createAdminClient } from "../shopify/graphql-client";
import { securityTools } from "./tools";
import { CUSTOMER_REDACT_TABLES, privacyWebhookStatus } from "./compliance";
import { detectChangeRate, detectFailingWebhooks, detectMcpAuthFailures, detectRiskyOrders } from "./detectors";
import { runSecurityMonitor } from "./monitor";
import { APP_SCOPES } from "./scopes";

const NOW = new Date("2026-11-20T12:00:00Z");
const MIN = 60_000;
const HOUR = 60 * MIN;
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * MIN);
let database: TestDatabase;
let db: Db;
let shopCounter = 0;
const newShop = () => `security-${++shopCounter}.myshopify.com`;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

afterEach(() => {
  vi.unstubAllEnvs();
});

const registry = createRegistry(securityTools);
function context(shop: string, actor: Actor = { kind: "merchant", id: "owner" }): ToolContext {
  return {
    shop,
    db,
    admin: createAdminClient({ shop, accessToken: "unused", endpoint: "http://127.0.0.1:9" }),
    logger: pino({ level: "silent" }),
    actor,
    now: () => NOW,
  };
}
const call = (shop: string, name: string, input: unknown) => registry.call(context(shop), name, input);

async function deniedSignIns(shop: string, source: string, at: Date[], reason = "unknown") {
  await db.auditLog.createMany({
    data: at.map((createdAt, i) => ({
      shop,
      actor: `mcp:rq_guess${i}`,
      action: "mcp.auth",
      input: { source, reason, prefix: `rq_guess${i}` },
      outcome: "denied",
      createdAt,
    })),
  });
}

async function appliedChanges(shop: string, at: Date[], actor = "merchant:owner") {
  await db.auditLog.createMany({
    data: at.map((createdAt, i) => ({
      shop,
      actor,
      action: i % 2 ? "action.apply.price.update" : "action.apply.inventory.set",
      input: { actionId: `a${i}` },
      outcome: "ok",
      createdAt,
    })),
  });
}

async function webhook(
  shop: string,
  id: string,
  topic: string,
  status: string,
  receivedAt: Date,
  error: string | null = null,
) {
  await db.webhookEvent.create({
    data: {
      webhookId: `${shop}-${id}`,
      shop,
      topic,
      status,
      receivedAt,
      error,
      processedAt: status === "processed" ? receivedAt : null,
    },
  });
}

async function order(
  shop: string,
  o: {
    id: string;
    name: string;
    createdAt: Date;
    total: number;
    customerId?: string | null;
    email?: string | null;
    riskLevel?: string | null;
    lines?: { sku: string; quantity: number }[];
  },
) {
  await db.mirrorOrder.create({
    data: {
      shop,
      id: o.id,
      name: o.name,
      createdAt: o.createdAt,
      updatedAt: o.createdAt,
      subtotal: o.total,
      totalDiscounts: 0,
      totalShipping: 0,
      totalTax: 0,
      total: o.total,
      customerId: o.customerId ?? null,
      email: o.email ?? null,
      riskLevel: o.riskLevel ?? "LOW",
      financialStatus: "PAID",
    },
  });
  for (const [i, line] of (o.lines ?? [{ sku: "TEE-1", quantity: 1 }]).entries()) {
    await db.mirrorLineItem.create({
      data: {
        shop,
        id: `${o.id}-${i}`,
        orderId: o.id,
        sku: line.sku,
        title: line.sku,
        quantity: line.quantity,
        unitPrice: o.total / line.quantity,
        createdAt: o.createdAt,
      },
    });
  }
}

/** Regular trade: returning customers, one tee each, 40 to 60 a time, over the last 10 days. */
async function normalOrders(shop: string, count = 30) {
  for (let i = 0; i < count; i++) {
    await order(shop, {
      id: `n${i}`,
      name: `#${1000 + i}`,
      createdAt: minutesAgo(i * 480 + 30),
      total: 40 + (i % 5) * 5,
      customerId: `c${i % 6}`,
      email: `buyer${i % 6}@example.com`,
    });
  }
}

describe("repeated failed MCP sign-ins", () => {
  it("raise nothing at the normal rate: a few typos spread over the day", async () => {
    const shop = newShop();
    await deniedSignIns(shop, "198.51.100.7", [
      minutesAgo(600),
      minutesAgo(420),
      minutesAgo(300),
      minutesAgo(90),
      minutesAgo(5),
    ]);
    const run = await detectMcpAuthFailures(db, shop, NOW);
    expect(run).toMatchObject({ examined: 5, raised: [] });
    expect(await db.alert.count({ where: { shop } })).toBe(0);
  });

  it("12 failures in 10 minutes from one address raise exactly one alert, keyed as the MCP guard keys it", async () => {
    const shop = newShop();
    // 11:52 .. 12:02 would straddle an hour; the 10th failure (12:00) decides the key, as in mcp/auth.ts.
    await deniedSignIns(
      shop,
      "203.0.113.9",
      Array.from({ length: 12 }, (_, i) => minutesAgo(10 - i * (10 / 11))),
    );
    const first = await detectMcpAuthFailures(db, shop, NOW);
    expect(first.raised).toHaveLength(1);
    expect(first.raised[0]).toMatchObject({ created: true, dedupeKey: "mcp_auth_failures:203.0.113.9:2026-11-20T11" });
    const alert = await db.alert.findFirstOrThrow({ where: { shop } });
    expect(alert).toMatchObject({ kind: "mcp_auth_failures", severity: "warning" });
    expect(alert.details).toMatchObject({
      source: "203.0.113.9",
      failures: 12,
      reasons: { unknown: 12 },
      threshold: 10,
    });

    const again = await detectMcpAuthFailures(db, shop, NOW);
    expect(again.raised.map((r) => r.created)).toEqual([false]);
    expect(await db.alert.count({ where: { shop } })).toBe(1);
  });

  it("an attack spread over 35 addresses, each below the per-address threshold, raises one alert", async () => {
    const shop = newShop();
    for (let i = 0; i < 35; i++) await deniedSignIns(shop, `192.0.2.${i}`, [minutesAgo(40 - i)]);
    const run = await detectMcpAuthFailures(db, shop, NOW);
    expect(run.raised).toHaveLength(1);
    const alert = await db.alert.findFirstOrThrow({ where: { shop } });
    expect(alert).toMatchObject({ severity: "critical", dedupeKey: "mcp_auth_failures:all-sources:2026-11-20T11" });
    expect(alert.details).toMatchObject({ source: "all", failures: 35, threshold: 30 });
    expect(Object.keys((alert.details as { sources: Record<string, number> }).sources)).toHaveLength(35);
  });

  it("explain_alert shows the failed sign-ins and what to do", async () => {
    const shop = newShop();
    await deniedSignIns(
      shop,
      "203.0.113.50",
      Array.from({ length: 11 }, (_, i) => minutesAgo(20 - i)),
      "revoked",
    );
    await detectMcpAuthFailures(db, shop, NOW);
    const result = await call(shop, "explain_alert", {});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const data = result.data as { whatHappened: string; evidence: string[]; rows: unknown[]; nextSteps: string[] };
    expect(data.whatHappened).toMatch(
      /203\.0\.113\.50 failed to sign in to the MCP server 11 times \(the limit is 10 per 60 minutes\)/,
    );
    expect(data.evidence.join("\n")).toMatch(/Reasons: revoked 11/);
    expect(data.rows).toHaveLength(11);
    expect(data.nextSteps[0]).toMatch(/revoked token/);
  });

  it("explains an alert whose details lack its time window instead of failing", async () => {
    const shop = newShop();
    const alert = await db.alert.create({
      data: {
        shop,
        kind: "mcp_auth_failures",
        severity: "warning",
        title: "Repeated failed MCP sign-ins",
        details: { source: "198.51.100.7" },
        dedupeKey: "x",
      },
    });
    const result = await call(shop, "explain_alert", { alertId: alert.id });
    expect(result.ok).toBe(true);
    if (result.ok)
      expect((result.data as { evidence: string[] }).evidence[0]).toMatch(/does not record its time window/);
  });
});

describe("failing webhooks", () => {
  it("raise nothing while deliveries are processed", async () => {
    const shop = newShop();
    for (let i = 0; i < 50; i++) await webhook(shop, `ok${i}`, "orders/create", "processed", minutesAgo(i * 30));
    await webhook(shop, "fresh", "orders/create", "received", minutesAgo(1)); // being handled right now
    const run = await detectFailingWebhooks(db, shop, NOW);
    expect(run).toMatchObject({ examined: 51, raised: [] });
    expect(await db.alert.count({ where: { shop } })).toBe(0);
  });

  it("failed and stuck deliveries of a topic raise one alert, refreshed by later runs, resolved once they are processed", async () => {
    const shop = newShop();
    for (let i = 0; i < 20; i++) await webhook(shop, `ok${i}`, "orders/updated", "processed", minutesAgo(i * 60));
    for (let i = 0; i < 3; i++)
      await webhook(
        shop,
        `bad${i}`,
        "orders/updated",
        "failed",
        minutesAgo(100 + i),
        "Cannot read properties of undefined (reading 'line_items')",
      );
    await webhook(shop, "stuck", "orders/updated", "received", minutesAgo(45));

    const first = await detectFailingWebhooks(db, shop, NOW);
    expect(first.raised).toHaveLength(1);
    const alert = await db.alert.findFirstOrThrow({ where: { shop } });
    expect(alert).toMatchObject({
      kind: "webhook_failing",
      severity: "warning",
      title: "orders/updated webhooks are failing: 4 of 24 deliveries in 72 h not processed",
    });
    expect(alert.details).toMatchObject({
      topic: "orders/updated",
      failed: 3,
      stuck: 1,
      delivered: 24,
      errors: [{ message: "Cannot read properties of undefined (reading 'line_items')", deliveries: 3 }],
    });

    const second = await detectFailingWebhooks(db, shop, new Date(NOW.getTime() + 10 * MIN));
    expect(second.raised.map((r) => [r.alertId, r.created])).toEqual([[alert.id, false]]);
    expect(await db.alert.count({ where: { shop } })).toBe(1);

    const explained = await call(shop, "explain_alert", { alertId: alert.id });
    expect(explained.ok && (explained.data as { rows: unknown[] }).rows).toHaveLength(4);

    await db.webhookEvent.updateMany({
      where: { shop, status: { in: ["failed", "received"] } },
      data: { status: "processed", processedAt: NOW },
    });
    const recovered = await detectFailingWebhooks(db, shop, new Date(NOW.getTime() + 20 * MIN));
    expect(recovered).toMatchObject({ raised: [], resolved: 1 });
    expect((await db.alert.findUniqueOrThrow({ where: { id: alert.id } })).resolvedAt).not.toBeNull();
  });

  it("a failing privacy webhook is critical", async () => {
    const shop = newShop();
    await webhook(shop, "redact", "customers/redact", "failed", minutesAgo(30), "database is locked");
    await detectFailingWebhooks(db, shop, NOW);
    expect(await db.alert.findFirstOrThrow({ where: { shop } })).toMatchObject({ severity: "critical" });
  });
});

describe("unusual rate of store changes", () => {
  /** 14 days of the shop's normal pace: one applied change every 8 hours. */
  const usualPace = () => Array.from({ length: 42 }, (_, i) => minutesAgo(90 + i * 480));

  it("raises nothing at the usual pace", async () => {
    const shop = newShop();
    await appliedChanges(shop, [...usualPace(), minutesAgo(20), minutesAgo(10)]);
    const run = await detectChangeRate(db, shop, NOW);
    expect(run.raised).toEqual([]);
    expect(run.note).toMatch(/2 store change\(s\).*below the floor of 10/);
  });

  it("25 changes in half an hour by one MCP token raise one alert naming it", async () => {
    const shop = newShop();
    await appliedChanges(shop, usualPace());
    await appliedChanges(
      shop,
      Array.from({ length: 25 }, (_, i) => minutesAgo(30 - i)),
      "mcp:tok_rogue",
    );
    const run = await detectChangeRate(db, shop, NOW);
    expect(run.raised).toHaveLength(1);
    const alert = await db.alert.findFirstOrThrow({ where: { shop } });
    expect(alert).toMatchObject({ kind: "change_rate", severity: "critical" });
    expect(alert.details).toMatchObject({
      changes: 25,
      byActor: { "mcp:tok_rogue": 25 },
      limit: 10,
      baseline: { changes: 42, hours: 329 },
    }); // history since the shop's first audit row

    const later = await detectChangeRate(db, shop, new Date(NOW.getTime() + 10 * MIN));
    expect(later.raised.map((r) => r.created)).toEqual([false]);
    expect(await db.alert.count({ where: { shop } })).toBe(1);

    const explained = await call(shop, "explain_alert", { alertId: alert.id });
    expect(explained.ok).toBe(true);
    if (explained.ok)
      expect((explained.data as { nextSteps: string[] }).nextSteps[0]).toMatch(/mcp:tok_rogue \(25 changes\)/);
  });

  it("a merchant who approves in batches is not flagged for a batch of the usual size", async () => {
    const shop = newShop();
    const batches = Array.from({ length: 14 }, (_, day) =>
      Array.from({ length: 12 }, (_, i) => minutesAgo(120 + day * 1440 + i)),
    ).flat();
    await appliedChanges(shop, [...usualPace(), ...batches]);
    await appliedChanges(
      shop,
      Array.from({ length: 12 }, (_, i) => minutesAgo(15 + i)),
    );
    const run = await detectChangeRate(db, shop, NOW);
    expect(run.raised).toEqual([]);
    expect(run.note).toMatch(/12 store change\(s\).*within the limit of 25/);
  });
});

describe("risky orders", () => {
  it("raise nothing for normal trade", async () => {
    const shop = newShop();
    await normalOrders(shop);
    const run = await detectRiskyOrders(db, shop, NOW);
    expect(run.examined).toBe(6); // the orders of the last 48 hours
    expect(run.raised).toEqual([]);
  });

  it("an order Shopify rates HIGH raises one alert, under the order-fulfillment agent's own key", async () => {
    const shop = newShop();
    await normalOrders(shop);
    await order(shop, {
      id: "h1",
      name: "#2001",
      createdAt: minutesAgo(60),
      total: 55,
      customerId: "c1",
      riskLevel: "HIGH",
    });
    const run = await detectRiskyOrders(db, shop, NOW);
    expect(run.raised).toHaveLength(1);
    expect(await db.alert.findFirstOrThrow({ where: { shop } })).toMatchObject({
      kind: "risky_order",
      severity: "critical",
      dedupeKey: "risk:#2001",
      title: "Order #2001 scored 60/100 fraud risk",
    });
    expect((await detectRiskyOrders(db, shop, NOW)).raised).toEqual([]);
    expect(await db.alert.count({ where: { shop } })).toBe(1);
  });

  it("our own rules from the mirror: a big first order, a throwaway email, repeat orders, an unusual quantity", async () => {
    const shop = newShop();
    await normalOrders(shop);
    const email = "quick.buyer@mailinator.com";
    await order(shop, { id: "g1", name: "#3001", createdAt: minutesAgo(300), total: 20, email });
    await order(shop, { id: "g2", name: "#3002", createdAt: minutesAgo(200), total: 25, email });
    await order(shop, {
      id: "g3",
      name: "#3003",
      createdAt: minutesAgo(100),
      total: 900,
      email,
      lines: [{ sku: "TEE-1", quantity: 12 }],
    });
    const run = await detectRiskyOrders(db, shop, NOW);
    expect(run.raised.map((r) => r.dedupeKey)).toEqual(["risk:#3003"]);
    const details = (await db.alert.findFirstOrThrow({ where: { shop } })).details as {
      score: number;
      factors: { id: string }[];
    };
    expect(details.score).toBe(60);
    expect(details.factors.map((f) => f.id).sort()).toEqual([
      "disposable_email",
      "high_value_first_order",
      "unusual_quantity",
      "velocity",
    ]);
  });

  it("leaves an order the order-fulfillment agent already alerted on alone", async () => {
    const shop = newShop();
    await order(shop, { id: "h2", name: "#4001", createdAt: minutesAgo(30), total: 50, riskLevel: "HIGH" });
    const theirs = await raiseAlert(db, shop, {
      kind: "risky_order",
      severity: "critical",
      title: "Order #4001 scored 78/100 fraud risk",
      details: { order: "#4001", score: 78, source: "order-fulfillment" },
      dedupeKey: "risk:#4001",
    });
    expect((await detectRiskyOrders(db, shop, NOW)).raised).toEqual([]);
    expect(await db.alert.findUniqueOrThrow({ where: { id: theirs.id } })).toMatchObject({
      title: "Order #4001 scored 78/100 fraud risk",
      details: { source: "order-fulfillment" },
    });
  });
});

describe("list_audit_log", () => {
  it("lists newest first, filters by actor kind, action namespace and outcome, and counts by outcome", async () => {
    const shop = newShop();
    await db.auditLog.createMany({
      data: [
        {
          shop,
          actor: "merchant:owner",
          action: "action.apply.price.update",
          outcome: "ok",
          createdAt: minutesAgo(50),
          input: { actionId: "a1" },
        },
        { shop, actor: "mcp:tok1", action: "tool.forecast_demand", outcome: "ok", createdAt: minutesAgo(40) },
        {
          shop,
          actor: "mcp:tok1",
          action: "action.propose.price.update",
          outcome: "denied",
          createdAt: minutesAgo(30),
        },
        {
          shop,
          actor: "mcp:tok2",
          action: "tool.get_sales_summary",
          outcome: "error",
          createdAt: minutesAgo(20),
          result: { big: "x".repeat(3_000) },
        },
        { shop, actor: "shopify", action: "webhook.orders/create", outcome: "ok", createdAt: minutesAgo(10) },
        {
          shop: "elsewhere.myshopify.com",
          actor: "mcp:tok9",
          action: "tool.forecast_demand",
          outcome: "ok",
          createdAt: minutesAgo(5),
        },
      ],
    });
    const mcp = await call(shop, "list_audit_log", { actor: "mcp" });
    expect(mcp.ok).toBe(true);
    if (!mcp.ok) return;
    const data = mcp.data as {
      entries: { actor: string; action: string; result: unknown }[];
      matched: number;
      outcomes: Record<string, number>;
    };
    expect(data.entries.map((e) => e.action)).toEqual([
      "tool.get_sales_summary",
      "action.propose.price.update",
      "tool.forecast_demand",
    ]);
    expect(data.outcomes).toEqual({ ok: 1, error: 1, denied: 1 });
    expect(data.entries[0].result).toMatchObject({ truncated: true });

    const applied = await call(shop, "list_audit_log", { action: "action.apply" });
    expect(applied.ok && (applied.data as { entries: { action: string }[] }).entries.map((e) => e.action)).toEqual([
      "action.apply.price.update",
    ]);
    const denied = await call(shop, "list_audit_log", { outcome: "denied", limit: 5 });
    expect(denied.ok && (denied.data as { matched: number }).matched).toBe(1);
    const exact = await call(shop, "list_audit_log", { actor: "mcp:tok2", limit: 1 });
    expect(exact.ok && (exact.data as { entries: { actor: string }[] }).entries.map((e) => e.actor)).toEqual([
      "mcp:tok2",
    ]);
  });

  it("marks read-only tool calls as reads, and reads: false leaves out the successful ones", async () => {
    const shop = newShop();
    const aira = context(shop, { kind: "aira", id: "conv1" });
    expect((await registry.call(aira, "list_alerts", {})).ok).toBe(true);
    expect((await registry.call(aira, "list_alerts", { status: "everything" })).ok).toBe(false);
    await db.auditLog.create({
      data: { shop, actor: "merchant:owner", action: "action.deny.price.update", outcome: "ok" },
    });
    await db.auditLog.create({ data: { shop, actor: "mcp:tok1", action: "mcp.auth", outcome: "denied" } });
    const rows = await db.auditLog.findMany({ where: { shop }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => [r.action, r.outcome, r.read])).toEqual([
      ["tool.list_alerts", "ok", true],
      ["tool.list_alerts", "error", true],
      ["action.deny.price.update", "ok", false],
      ["mcp.auth", "denied", false],
    ]);
    const changes = await call(shop, "list_audit_log", { reads: false });
    expect(changes.ok && (changes.data as { entries: { action: string; read: boolean }[] }).entries).toEqual([
      expect.objectContaining({ action: "mcp.auth", read: false }),
      expect.objectContaining({ action: "action.deny.price.update", read: false }),
      // A failed read is still something to see.
      expect.objectContaining({ action: "tool.list_alerts", read: true }),
    ]);
    // By default (AIRA and MCP asking) reads are included (the merchant's own page reads are not audited at all).
    const all = await call(shop, "list_audit_log", {});
    expect(all.ok && (all.data as { matched: number }).matched).toBe(4);
  });

  it("says what the log holds when a filter matches nothing, and refuses malformed filters", async () => {
    const shop = newShop();
    await db.auditLog.create({ data: { shop, actor: "mcp:tok1", action: "tool.forecast_demand", outcome: "ok" } });
    const none = await call(shop, "list_audit_log", { action: "forecast_demand" });
    expect(none.ok && (none.data as { note: string }).note).toMatch(
      /Did you mean "tool.forecast_demand"\? Recorded actions start with: tool\./,
    );
    expect(await call(shop, "list_audit_log", { actor: "mcp token" })).toMatchObject({
      ok: false,
      code: "invalid_input",
      message: 'actor "mcp token" is not an actor label.',
    });
    const badLimit = await call(shop, "list_audit_log", { limit: 0 });
    expect(badLimit).toMatchObject({ ok: false, code: "invalid_input", message: expect.stringMatching(/^limit: /) });
    expect(await call(shop, "list_audit_log", { outcome: "failed" })).toMatchObject({
      ok: false,
      code: "invalid_input",
      message: expect.stringMatching(/^outcome: /),
    });
  });
});

describe("list_alerts and explain_alert", () => {
  it("list open, resolved or all alerts, counted by severity and kind, and refuse unknown kinds", async () => {
    const shop = newShop();
    await raiseAlert(db, shop, {
      kind: "stockout_risk",
      severity: "warning",
      title: "2 variant(s) may run out",
      details: { risks: [{ sku: "TEE-1", daysOfCover: 3.5, stockoutDate: "2026-11-24" }] },
      dedupeKey: "stockout:2026-11-20",
    });
    const old = await raiseAlert(db, shop, {
      kind: "revenue_anomaly",
      severity: "warning",
      title: "Revenue drop",
      details: { date: "2026-11-10", revenue: 100, expected: 400, z: -4.2, direction: "drop" },
      dedupeKey: "revenue:2026-11-10",
    });
    await db.alert.update({ where: { id: old.id }, data: { resolvedAt: NOW } });

    const open = await call(shop, "list_alerts", {});
    expect(open.ok && open.data).toMatchObject({
      matched: 1,
      alerts: [{ kind: "stockout_risk", status: "open" }],
      open: { total: 1, bySeverity: { warning: 1 }, byKind: { stockout_risk: 1 } },
    });
    const all = await call(shop, "list_alerts", { status: "all" });
    expect(all.ok && (all.data as { matched: number }).matched).toBe(2);
    const resolved = await call(shop, "list_alerts", { status: "resolved", kind: "revenue_anomaly" });
    expect(resolved.ok && (resolved.data as { alerts: { id: string; status: string }[] }).alerts).toEqual([
      expect.objectContaining({ id: old.id, status: "resolved" }),
    ]);

    expect(await call(shop, "list_alerts", { kind: "nope" })).toMatchObject({
      ok: false,
      code: "invalid_input",
      message: 'No alert kind "nope".',
      hint: expect.stringMatching(/risky_order.*webhook_failing/),
    });
    expect(await call(shop, "list_alerts", { kind: "Risky Order" })).toMatchObject({
      ok: false,
      code: "invalid_input",
    });
    expect(await call(shop, "list_alerts", { status: "closed" })).toMatchObject({
      ok: false,
      code: "invalid_input",
      message: expect.stringMatching(/^status: /),
    });
    expect(await call(shop, "list_alerts", { limit: 201 })).toMatchObject({ ok: false, code: "invalid_input" });

    const explained = await call(shop, "explain_alert", { alertId: old.id });
    expect(explained.ok && explained.data).toMatchObject({
      whatHappened: "Revenue on 2026-11-10 was unusually low after allowing for the weekly pattern and trend.",
      evidence: expect.arrayContaining([expect.stringMatching(/resolved on/)]),
    });
    const newest = await call(shop, "explain_alert", {});
    expect(newest.ok && newest.data).toMatchObject({
      alert: { kind: "stockout_risk" },
      evidence: ["TEE-1: 3.5 days of cover, out around 2026-11-24."],
    });
  });

  it("explain_alert answers plainly when nothing is open, and not_found for another shop's alert", async () => {
    const shop = newShop();
    const other = await raiseAlert(db, "other.myshopify.com", {
      kind: "change_rate",
      severity: "warning",
      title: "x",
      dedupeKey: "k",
    });
    expect(await call(shop, "explain_alert", {})).toMatchObject({
      ok: true,
      data: { alert: null, whatHappened: "There are no open alerts in this shop." },
    });
    expect(await call(shop, "explain_alert", { alertId: other.id })).toMatchObject({ ok: false, code: "not_found" });
    expect(await call(shop, "explain_alert", { alertId: "" })).toMatchObject({ ok: false, code: "invalid_input" });
  });
});

describe("get_security_scan", () => {
  it("in local mode reports Shopify-only checks as not applicable and flags old MCP tokens from the database", async () => {
    const shop = newShop();
    for (const key of [
      "SHOPIFY_API_KEY",
      "SHOPIFY_API_SECRET",
      "SHOPIFY_APP_URL",
      "APP_SECRET",
      "LOCAL_MODE",
      "DATABASE_URL",
      "REDIS_URL",
    ])
      vi.stubEnv(key, "");
    vi.stubEnv("HOST", "127.0.0.1");
    await db.mcpToken.create({
      data: {
        shop,
        name: "Old CLI",
        tokenHash: `${shop}-h1`,
        prefix: "rq_oldcli1",
        scope: "read",
        createdAt: new Date(NOW.getTime() - 200 * 24 * HOUR),
        lastUsedAt: minutesAgo(60),
      },
    });
    const result = await call(shop, "get_security_scan", {});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const data = result.data as {
      mode: string;
      status: string;
      counts: Record<string, number>;
      checks: { id: string; status: string; evidence: string }[];
    };
    expect(data.mode).toBe("local");
    expect(data.counts.fail).toBe(0);
    expect(data.checks.find((c) => c.id === "app_url_https")).toMatchObject({
      status: "not_applicable",
      evidence: expect.stringMatching(/^Not applicable in local mode/),
    });
    expect(data.checks.find((c) => c.id === "mcp_token_age")).toMatchObject({
      status: "warn",
      evidence: expect.stringMatching(/Old CLI \(rq_oldcli1\.\.\.\) is 200 days old/),
    });
    expect(await call(shop, "get_security_scan", { verbose: true })).toMatchObject({
      ok: false,
      code: "invalid_input",
      message: expect.stringMatching(/verbose/),
    });
  });

  it("for a real shop fails an http app URL and a weak secret", async () => {
    const shop = newShop();
    vi.stubEnv("LOCAL_MODE", "false");
    vi.stubEnv("SHOPIFY_API_KEY", "3f9a1c27e5b84d6f9a0c1e2d3b4a5f60");
    vi.stubEnv("SHOPIFY_API_SECRET", "secret");
    vi.stubEnv("SHOPIFY_APP_URL", "http://royal-equips.example.com");
    vi.stubEnv("APP_SECRET", "q3Vt9XkP2mLr7ZsB5wNc1YhD8uJf4GaE6oTi0RbK+Qe=");
    vi.stubEnv("TOKEN_ENCRYPTION_KEY", "0".repeat(64));
    // One scope more than the app uses (read_themes): the minimal-scopes check warns.
    await db.shop.create({ data: { domain: shop, scopes: `${APP_SCOPES},read_themes` } });
    const result = await call(shop, "get_security_scan", {});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const checks = (result.data as { status: string; checks: { id: string; status: string }[] }).checks;
    expect((result.data as { status: string }).status).toBe("fail");
    expect(Object.fromEntries(checks.map((c) => [c.id, c.status]))).toMatchObject({
      app_url_https: "fail",
      shopify_api_secret: "fail",
      app_secret: "pass",
      minimal_scopes: "warn",
      offline_token: "fail",
    });
  });
});

describe("get_compliance_status", () => {
  it("reports the privacy webhooks handled, what is kept, and granted scopes against those used", async () => {
    const shop = newShop();
    vi.stubEnv("LOCAL_MODE", "false");
    vi.stubEnv("SCOPES", "");
    await db.shop.create({ data: { domain: shop, scopes: `${APP_SCOPES},read_themes` } });
    await db.mirrorCustomer.create({
      data: { shop, id: "c1", email: "a@example.com", createdAt: minutesAgo(5000), updatedAt: minutesAgo(5000) },
    });
    await webhook(shop, "dr1", "customers/data_request", "processed", minutesAgo(300));
    const result = await call(shop, "get_compliance_status", {});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const data = result.data as {
      privacyWebhooks: {
        status: string;
        topics: {
          topic: string;
          status: string;
          subscribed: boolean;
          handled: boolean;
          route: string;
          deliveries: Record<string, number>;
        }[];
      };
      dataRetention: {
        retentionSetting: null;
        tables: { table: string; rows: number; oldest: string | null; erasedBy: string[]; personalData: string }[];
        findings: { status: string; finding: string }[];
      };
      scopes: { status: string; granted: string[]; analysis: { unneeded: { scope: string }[]; missing: unknown[] } };
    };
    expect(data.privacyWebhooks.status).toBe("pass");
    expect(data.privacyWebhooks.topics.map((t) => [t.topic, t.subscribed, t.handled, t.route])).toEqual([
      ["customers/data_request", true, true, "app/routes/webhooks.customers.data_request.tsx"],
      ["customers/redact", true, true, "app/routes/webhooks.customers.redact.tsx"],
      ["shop/redact", true, true, "app/routes/webhooks.shop.redact.tsx"],
    ]);
    expect(data.privacyWebhooks.topics[0].deliveries).toEqual({ processed: 1 });

    expect(data.dataRetention.retentionSetting).toBeNull();
    expect(data.dataRetention.tables.find((t) => t.table === "MirrorCustomer")).toMatchObject({
      rows: 1,
      oldest: minutesAgo(5000).toISOString(),
      erasedBy: ["shop/redact", "customers/redact"],
      personalData: "yes",
    });
    expect(data.dataRetention.tables.find((t) => t.table === "Session")?.erasedBy).toContain("app/uninstalled");
    expect(
      data.dataRetention.findings.find((f) => f.finding.startsWith("customers/redact does not touch"))?.finding,
    ).toMatch(/AuditLog/);

    expect(data.scopes.status).toBe("warn");
    expect(data.scopes.analysis.unneeded.map((u) => u.scope).sort()).toEqual(["read_themes"]);
    expect(data.scopes.analysis.missing).toEqual([]);
  });

  it("fails a privacy topic whose deliveries failed, and scopes that miss what the app uses", async () => {
    const shop = newShop();
    vi.stubEnv("LOCAL_MODE", "false");
    vi.stubEnv("SCOPES", "");
    await db.shop.create({ data: { domain: shop, scopes: "write_products,read_orders" } });
    await webhook(shop, "cr1", "customers/redact", "failed", minutesAgo(30), "boom");
    const result = await call(shop, "get_compliance_status", {});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const data = result.data as {
      status: string;
      privacyWebhooks: { topics: { topic: string; status: string; findings: string[] }[] };
      scopes: { status: string; analysis: { missing: { anyOf: string[] }[] } };
    };
    expect(data.status).toBe("fail");
    expect(data.privacyWebhooks.topics.find((t) => t.topic === "customers/redact")).toMatchObject({
      status: "fail",
      findings: ["1 delivery failed and is not yet processed on a retry."],
    });
    expect(data.scopes.status).toBe("fail");
    expect(data.scopes.analysis.missing.map((m) => m.anyOf.join("|"))).toContain("read_customers");
  });

  it("fails a project whose app config lacks a compliance subscription or whose route does not handle it", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "royal-compliance-"));
    mkdirSync(path.join(root, "app/routes"), { recursive: true });
    writeFileSync(
      path.join(root, "shopify.app.toml"),
      [
        "[webhooks]",
        'api_version = "2026-10"',
        "",
        "  [[webhooks.subscriptions]]",
        '  compliance_topics = [ "customers/redact" ]',
        '  uri = "/webhooks/customers/redact"',
        "",
        "  [[webhooks.subscriptions]]",
        '  compliance_topics = [ "shop/redact" ]',
        '  uri = "/webhooks/shop/redact"',
      ].join("\n"),
    );
    writeFileSync(
      path.join(root, "app/routes/webhooks.customers.redact.tsx"),
      'export const action = webhookAction("customers/redact", async () => ({}));',
    );
    const status = await privacyWebhookStatus(db, newShop(), root, NOW);
    expect(status.status).toBe("fail");
    const byTopic = Object.fromEntries(status.topics.map((t) => [t.topic, t]));
    expect(byTopic["customers/data_request"]).toMatchObject({ status: "fail", subscribed: false });
    expect(byTopic["customers/redact"]).toMatchObject({
      status: "fail",
      handled: false,
      findings: [
        "app/routes/webhooks.customers.redact.tsx does not call redactCustomer from agents/compliance/privacy.ts.",
      ],
    });
    expect(byTopic["shop/redact"]).toMatchObject({
      status: "fail",
      handled: false,
      findings: [expect.stringMatching(/does not exist/)],
    });

    const missing = await privacyWebhookStatus(db, newShop(), path.join(root, "nowhere"), NOW);
    expect(missing.topics.every((t) => t.status === "warn" && t.subscribed === null)).toBe(true);
  });

  it("knows exactly which tables customers/redact erases", async () => {
    const report = await redactCustomer(db, newShop(), { id: "1", email: "x@example.com" });
    expect(Object.keys(report.deleted).sort()).toEqual([...CUSTOMER_REDACT_TABLES].sort());
  });
});

describe("the monitor's configuration alerts", () => {
  it("raise one alert per failing check while it fails, and resolve it once it passes", async () => {
    const shop = newShop();
    const exposed = { HOST: "0.0.0.0" };
    const first = await runSecurityMonitor(db, shop, NOW, { env: exposed, detectors: [] });
    expect(first.configuration).toEqual({ failing: ["local_mode_exposure"], raised: 1, resolved: 0 });
    const second = await runSecurityMonitor(db, shop, new Date(NOW.getTime() + 10 * MIN), {
      env: exposed,
      detectors: [],
    });
    expect(second.configuration.raised).toBe(0);
    expect(await db.alert.findMany({ where: { shop } })).toEqual([
      expect.objectContaining({ kind: "security_config", severity: "critical", resolvedAt: null }),
    ]);
    const fixed = await runSecurityMonitor(db, shop, new Date(NOW.getTime() + 20 * MIN), {
      env: { HOST: "127.0.0.1" },
      detectors: [],
    });
    expect(fixed.configuration).toEqual({ failing: [], raised: 0, resolved: 1 });
    const again = await runSecurityMonitor(db, shop, new Date(NOW.getTime() + 30 * MIN), {
      env: exposed,
      detectors: [],
    });
    expect(again.configuration.raised).toBe(1); // a new episode, not a silent update of the resolved alert
    expect(await db.alert.count({ where: { shop } })).toBe(2);
  });
});
