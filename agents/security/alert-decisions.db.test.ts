// The merchant's decisions on alerts on a real database, through decide_alert and list_alerts as
// AIRA and MCP call them: acknowledge, resolve with a note, snooze until a time; another shop's
// alert is not found and bad input changes nothing; every decision is audited. Alerts that resolved
// themselves come back when their condition does; the merchant's decisions stick.
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import type { Actor, ToolContext } from "../core/context";
import { createRegistry } from "../core/registry";
import { DAY_MS, HOUR_MS } from "../core/time";
import { createDb, type Db } from "../db/client";
import { raiseAlert, resolveAlertsAutomatically } from "../ops/alerts";
import { createAdminClient } from "../shopify/graphql-client";
import { securityTools } from "./tools";

const NOW = new Date("2026-11-20T12:00:00Z");
let database: TestDatabase;
let db: Db;
let shopCounter = 0;
const newShop = () => `alerts-${++shopCounter}.myshopify.com`;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  vi.stubEnv("LOCAL_MODE", "true");
}, 120_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await db?.$disconnect();
  await database?.drop();
});

const registry = createRegistry(securityTools);
function context(shop: string, now: Date, actor: Actor): ToolContext {
  return {
    shop,
    db,
    admin: createAdminClient({ shop, accessToken: "unused", endpoint: "http://127.0.0.1:9" }),
    logger: pino({ level: "silent" }),
    actor,
    now: () => now,
  };
}
const MERCHANT: Actor = { kind: "merchant", id: "local" };
const call = (shop: string, name: string, input: unknown, now = NOW, actor = MERCHANT) =>
  registry.call(context(shop, now, actor), name, input);

type Listed = { id: string; status: string; resolution: string | null; resolutionKind: string | null };
async function listed(shop: string, status: string, now = NOW) {
  const result = await call(shop, "list_alerts", { status }, now);
  if (!result.ok) throw new Error(result.message);
  return result.data as { alerts: Listed[]; matched: number; open: { total: number }; snoozed: number };
}

async function twoAlerts(shop: string) {
  const stockout = await raiseAlert(db, shop, {
    kind: "stockout_risk",
    severity: "warning",
    title: "Trail Boots — 42 (SKU TB-42) may run out in 4 days",
    details: { variantId: "41001", productId: "8001", product: "Trail Boots", leadTimeDemand: 14 },
    dedupeKey: "stockout_risk:41001:2026-11-20T06:00:00.000Z",
    raisedAt: new Date(NOW.getTime() - 2 * HOUR_MS),
  });
  const order = await raiseAlert(db, shop, {
    kind: "risky_order",
    severity: "critical",
    title: "Order #1042 scored 81/100 fraud risk",
    details: { order: "#1042", orderId: "5550001", score: 81 },
    dedupeKey: "risk:#1042",
    raisedAt: new Date(NOW.getTime() - HOUR_MS),
  });
  return { stockout, order };
}

describe("decide_alert", () => {
  it("acknowledges (still open), snoozes (out of the open list until the snooze ends) and resolves with a note", async () => {
    const shop = newShop();
    const { stockout, order } = await twoAlerts(shop);
    expect((await listed(shop, "open")).matched).toBe(2);

    const ack = await call(shop, "decide_alert", { alertIds: [order.id], decision: "acknowledge" });
    expect(ack).toMatchObject({ ok: true, data: { changed: 1, alerts: [{ id: order.id, status: "open" }] } });
    expect((await listed(shop, "acknowledged")).alerts.map((a) => a.id)).toEqual([order.id]);
    expect((await listed(shop, "open")).matched).toBe(2);

    const snooze = await call(shop, "decide_alert", { alertIds: [stockout.id], decision: "snooze", snoozeDays: 1 });
    expect(snooze).toMatchObject({
      ok: true,
      data: { changed: 1, alerts: [{ id: stockout.id, status: "snoozed", snoozedUntil: "2026-11-21T12:00:00.000Z" }] },
    });
    const open = await listed(shop, "open");
    expect(open.alerts.map((a) => a.id)).toEqual([order.id]);
    expect(open.open.total).toBe(1);
    expect(open.snoozed).toBe(1);
    expect((await listed(shop, "snoozed")).alerts.map((a) => a.id)).toEqual([stockout.id]);
    // A day later the snooze has ended: back in the open list.
    const later = new Date(NOW.getTime() + DAY_MS + 1);
    expect((await listed(shop, "open", later)).alerts.map((a) => a.id).sort()).toEqual([order.id, stockout.id].sort());

    const resolve = await call(shop, "decide_alert", {
      alertIds: [order.id],
      decision: "resolve",
      note: "  Called the buyer: genuine order, shipped.  ",
    });
    expect(resolve).toMatchObject({ ok: true, data: { changed: 1 } });
    const resolved = await listed(shop, "resolved");
    expect(resolved.alerts).toEqual([
      expect.objectContaining({
        id: order.id,
        status: "resolved",
        resolutionKind: "manual",
        resolution: "Called the buyer: genuine order, shipped.",
        resolvedBy: "merchant:local",
      }),
    ]);
    expect((await listed(shop, "open")).matched).toBe(0); // the stockout is still snoozed
    const explained = await call(shop, "explain_alert", { alertId: order.id });
    expect(explained.ok && (explained.data as { evidence: string[] }).evidence).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Acknowledged on 2026-11-20T12:00:00.000Z by merchant:local/),
        "This alert was resolved on 2026-11-20T12:00:00.000Z by merchant:local: Called the buyer: genuine order, shipped.",
      ]),
    );

    // Reopen puts it back.
    expect(await call(shop, "decide_alert", { alertIds: [order.id], decision: "reopen" })).toMatchObject({
      ok: true,
      data: { changed: 1, alerts: [{ id: order.id, status: "open", resolution: null }] },
    });

    const audit = await db.auditLog.findMany({
      where: { shop, action: { startsWith: "alert." } },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((a) => [a.action, a.actor, a.outcome])).toEqual([
      ["alert.acknowledge", "merchant:local", "ok"],
      ["alert.snooze", "merchant:local", "ok"],
      ["alert.resolve", "merchant:local", "ok"],
      ["alert.reopen", "merchant:local", "ok"],
    ]);
    expect(audit[2].input).toEqual({ ids: [order.id], note: "Called the buyer: genuine order, shipped." });
  });

  it("snoozes until a date, and several alerts at once (bulk)", async () => {
    const shop = newShop();
    const { stockout, order } = await twoAlerts(shop);
    const result = await call(shop, "decide_alert", {
      alertIds: [stockout.id, order.id],
      decision: "snooze",
      snoozeUntil: "2026-11-27",
    });
    expect(result).toMatchObject({ ok: true, data: { changed: 2 } });
    const snoozed = await listed(shop, "snoozed");
    expect(snoozed.alerts.map((a) => (a as unknown as { snoozedUntil: string }).snoozedUntil)).toEqual([
      "2026-11-27T00:00:00.000Z",
      "2026-11-27T00:00:00.000Z",
    ]);
    expect((await listed(shop, "open")).matched).toBe(0);
    const bulk = await call(shop, "decide_alert", {
      alertIds: [stockout.id, order.id],
      decision: "resolve",
      note: "Handled",
    });
    expect(bulk).toMatchObject({ ok: true, data: { changed: 2 } });
    expect((await listed(shop, "resolved")).matched).toBe(2);
    expect((await listed(shop, "snoozed")).matched).toBe(0);
  });

  it("answers with the decided alerts read by id, also one older than the 200 newest", async () => {
    const shop = newShop();
    const oldest = await raiseAlert(db, shop, {
      kind: "stockout_risk",
      severity: "warning",
      title: "The oldest alert",
      dedupeKey: "oldest",
      raisedAt: new Date(NOW.getTime() - 30 * DAY_MS),
    });
    await db.alert.createMany({
      data: Array.from({ length: 205 }, (_, i) => ({
        shop,
        kind: "stockout_risk",
        severity: "info",
        title: `Newer alert ${i}`,
        dedupeKey: `newer-${i}`,
        createdAt: new Date(NOW.getTime() - i * HOUR_MS),
      })),
    });
    const newest = await db.alert.findFirstOrThrow({ where: { shop, dedupeKey: "newer-0" } });
    const result = await call(shop, "decide_alert", { alertIds: [oldest.id, newest.id], decision: "acknowledge" });
    expect(result).toMatchObject({ ok: true, data: { changed: 2 } });
    const alerts = (result.ok ? result.data : { alerts: [] }) as { alerts: { id: string; acknowledgedAt: unknown }[] };
    // Newest raised first, as list_alerts shows them; each with the decision applied.
    expect(alerts.alerts.map((a) => a.id)).toEqual([newest.id, oldest.id]);
    for (const alert of alerts.alerts) expect(alert.acknowledgedAt).toEqual(expect.any(String));
  });

  it("refuses another shop's alert, an empty note and a snooze in the past, changing nothing", async () => {
    const shop = newShop();
    const { stockout } = await twoAlerts(shop);
    const other = await raiseAlert(db, "someone-else.myshopify.com", {
      kind: "change_rate",
      severity: "warning",
      title: "x",
      dedupeKey: "k",
    });
    const before = await db.alert.findMany({ where: { id: { in: [stockout.id, other.id] } }, orderBy: { id: "asc" } });

    expect(await call(shop, "decide_alert", { alertIds: [other.id], decision: "acknowledge" })).toMatchObject({
      ok: false,
      code: "not_found",
      message: `No alert ${other.id} in this shop.`,
    });
    // One id of this shop with one of another: still not found, and neither changes.
    expect(
      await call(shop, "decide_alert", { alertIds: [stockout.id, other.id], decision: "resolve", note: "done" }),
    ).toMatchObject({ ok: false, code: "not_found" });
    for (const note of [undefined, "", "   "])
      expect(
        await call(shop, "decide_alert", {
          alertIds: [stockout.id],
          decision: "resolve",
          ...(note === undefined ? {} : { note }),
        }),
      ).toMatchObject({ ok: false, code: "invalid_input", message: expect.stringMatching(/note is required/) });
    expect(
      await call(shop, "decide_alert", { alertIds: [stockout.id], decision: "snooze", snoozeUntil: "2026-11-19" }),
    ).toMatchObject({ ok: false, code: "invalid_input", message: "Snooze until a time in the future." });
    expect(
      await call(shop, "decide_alert", { alertIds: [stockout.id], decision: "snooze", snoozeUntil: "next tuesday" }),
    ).toMatchObject({ ok: false, code: "invalid_input", message: 'snoozeUntil "next tuesday" is not a date.' });
    expect(await call(shop, "decide_alert", { alertIds: [stockout.id], decision: "snooze" })).toMatchObject({
      ok: false,
      code: "invalid_input",
    });
    expect(await call(shop, "decide_alert", { alertIds: [], decision: "acknowledge" })).toMatchObject({
      ok: false,
      code: "invalid_input",
    });
    expect(await call(shop, "decide_alert", { alertIds: [stockout.id], decision: "delete" })).toMatchObject({
      ok: false,
      code: "invalid_input",
    });

    const after = await db.alert.findMany({ where: { id: { in: [stockout.id, other.id] } }, orderBy: { id: "asc" } });
    expect(after).toEqual(before);
    expect(await db.auditLog.count({ where: { shop, action: { startsWith: "alert." } } })).toBe(0);
  });

  it("is not read-only (a read-scope MCP token cannot call it) yet never changes the store", () => {
    const tool = securityTools.find((t) => t.name === "decide_alert")!;
    expect(tool.annotations).toEqual({ readOnly: false, destructive: false, idempotent: true });
    expect(tool.changesStore).toBe(false);
  });
});

describe("raising an alert again", () => {
  it("reopens one that resolved itself, but keeps the merchant's resolution and snooze", async () => {
    const shop = newShop();
    const input = {
      kind: "revenue_anomaly",
      severity: "warning" as const,
      title: "Revenue drop on 2026-11-10",
      details: { date: "2026-11-10" },
      dedupeKey: "revenue:2026-11-10",
    };
    const alert = await raiseAlert(db, shop, input);
    expect(
      await resolveAlertsAutomatically(
        db,
        shop,
        { id: alert.id },
        { reason: "anomaly over", by: "schedule:finance-monitor", now: NOW },
      ),
    ).toBe(1);
    expect(await db.alert.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({
      resolutionKind: "automatic",
      resolution: "Resolved automatically: anomaly over",
      resolvedBy: "schedule:finance-monitor",
    });
    await raiseAlert(db, shop, input);
    expect(await db.alert.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({
      resolvedAt: null,
      resolution: null,
      resolutionKind: null,
    });

    await call(shop, "decide_alert", {
      alertIds: [alert.id],
      decision: "resolve",
      note: "Known: store closed that day",
    });
    await raiseAlert(db, shop, input);
    expect(await db.alert.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({
      resolutionKind: "manual",
      resolution: "Known: store closed that day",
    });
    // Automatic resolution never overwrites the merchant's.
    expect(
      await resolveAlertsAutomatically(db, shop, { id: alert.id }, { reason: "anomaly over", by: "x", now: NOW }),
    ).toBe(0);
  });
});
