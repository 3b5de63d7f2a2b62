// Read-only summaries of what the database holds for a shop, used by the command center's pages.
// Sales figures over a period come from agents/analytics/window.ts (one window, one definition of
// each figure, read from the daily sales rollup so a page costs the same with a million orders).

import { REFRESH_AGENT } from "../results/names";
import type { Db } from "../db/client";
import { DAY_MS } from "../core/time";
import { openWhere } from "../security/alerts";
import { dialect, num, selectRows } from "../analytics/sql";
import { salesOverview, type SalesWindow } from "../analytics/window";

const COUNTED = {
  products: (shop: string) => `SELECT COUNT(*) FROM "MirrorProduct" WHERE "shop" = ${shop}`,
  variants: (shop: string) => `SELECT COUNT(*) FROM "MirrorVariant" WHERE "shop" = ${shop}`,
  customers: (shop: string) => `SELECT COUNT(*) FROM "MirrorCustomer" WHERE "shop" = ${shop}`,
  // From the rollup (cancelled included): counting a million order rows takes ~0.1 s.
  orders: (shop: string) => `SELECT SUM("orders" + "cancelledOrders") FROM "MirrorDailySales" WHERE "shop" = ${shop}`,
  refunds: (shop: string) => `SELECT COUNT(*) FROM "MirrorRefund" WHERE "shop" = ${shop}`,
  lineItems: (shop: string) => `SELECT SUM("lineItems") FROM "MirrorDailySales" WHERE "shop" = ${shop}`,
};
type Counted = keyof typeof COUNTED;

/** What a page shows of the mirror's size, in one statement: e.g. countsOf(db, shop, ["customers", "orders"]). */
export async function countsOf<K extends Counted>(db: Db, shop: string, what: K[]): Promise<Record<K, number>> {
  const d = dialect();
  const [row] = await selectRows<Record<string, number | null>>(
    db,
    `SELECT ${what.map((k) => `(${COUNTED[k](d.lit(shop))}) AS "${k}"`).join(",\n  ")}`,
  );
  return Object.fromEntries(what.map((k) => [k, num(row[k] ?? 0)])) as Record<K, number>;
}

/** Products and orders synced (what the dashboard and Revenue show). */
export const syncedCounts = (db: Db, shop: string) => countsOf(db, shop, ["products", "orders"]);

/** Everything synced, in one statement (get_shop_overview runs it on every call: five queries cost 5x the round trips). */
export async function mirrorCounts(db: Db, shop: string) {
  return countsOf(db, shop, ["products", "variants", "orders", "customers", "lineItems", "refunds"]);
}

export async function agentRunStats(db: Db, shop: string) {
  const groups = await db.agentRun.groupBy({ by: ["agent", "status"], where: { shop }, _count: { _all: true } });
  const recent = await db.agentRun.findMany({ where: { shop }, orderBy: { queuedAt: "desc" }, take: 10 });
  return { groups: groups.map((g) => ({ agent: g.agent, status: g.status, runs: g._count._all })), recent };
}

/**
 * The inventory items with the fewest units available across locations. Summing every level is a
 * scan of the whole catalog's stock (~600k rows at 300k variants, ~0.5 s): in SQL, so on SQLite it
 * runs in the reader thread (ADR 0029) instead of holding the web process's event loop.
 */
export async function lowStock(db: Db, shop: string, limit = 10) {
  const d = dialect();
  const levels = await selectRows<{ inventoryItemId: string; available: number | null }>(
    db,
    `SELECT "inventoryItemId", SUM("available") AS "available" FROM "MirrorInventoryLevel"
     WHERE "shop" = ${d.lit(shop)} GROUP BY "inventoryItemId"
     ORDER BY SUM("available") ASC, "inventoryItemId" ASC LIMIT ${Math.max(0, Math.floor(limit))}`,
  );
  if (levels.length === 0) return [];
  const variants = await db.mirrorVariant.findMany({
    where: { shop, inventoryItemId: { in: levels.map((l) => l.inventoryItemId) } },
    select: { inventoryItemId: true, sku: true, title: true, productId: true },
  });
  const byItem = new Map(variants.map((v) => [v.inventoryItemId, v]));
  return levels.map((l) => ({
    ...byItem.get(l.inventoryItemId),
    inventoryItemId: l.inventoryItemId,
    available: num(l.available ?? 0),
  }));
}

/**
 * The product that sold the most units since `since` (AIRA names it in a suggested question), or
 * null. Summing a month of order lines (~60k at a million orders a year or two) is done in SQL, so
 * on SQLite in the reader thread (ADR 0029), not on the web process's event loop.
 */
export async function bestSellingProduct(db: Db, shop: string, since: Date): Promise<string | null> {
  const d = dialect();
  const [top] = await selectRows<{ productId: string }>(
    db,
    `SELECT "productId" FROM "MirrorLineItem"
     WHERE "shop" = ${d.lit(shop)} AND "productId" IS NOT NULL AND "createdAt" >= ${d.lit(since)}
     GROUP BY "productId" ORDER BY SUM("quantity") DESC, "productId" ASC LIMIT 1`,
  );
  if (!top) return null;
  const product = await db.mirrorProduct.findUnique({
    where: { shop_id: { shop, id: top.productId } },
    select: { title: true },
  });
  return product?.title ?? null;
}

export async function topCustomers(db: Db, shop: string, limit = 10) {
  return db.mirrorCustomer.findMany({ where: { shop }, orderBy: { totalSpent: "desc" }, take: limit });
}

/** Webhook deliveries are grouped over this many recent days: a busy shop receives thousands a day, for ever. */
export const WEBHOOK_WINDOW_DAYS = 7;

export async function securityOverview(db: Db, shop: string, now = new Date()) {
  const webhooksSince = new Date(now.getTime() - WEBHOOK_WINDOW_DAYS * DAY_MS);
  const [audit, alerts, deliveries] = await Promise.all([
    db.auditLog.findMany({ where: { shop }, orderBy: { createdAt: "desc" }, take: 20 }),
    db.alert.findMany({ where: openWhere(shop, now), orderBy: { createdAt: "desc" }, take: 20 }),
    deliveriesSince(db, shop, webhooksSince),
  ]);
  return { audit, alerts, webhooksSince, ...deliveries };
}

/** Webhooks received since `since` by topic and status, and the newest customer data requests. */
async function deliveriesSince(db: Db, shop: string, since: Date) {
  const [webhooks, exports] = await Promise.all([
    db.webhookEvent.groupBy({
      by: ["topic", "status"],
      where: { shop, receivedAt: { gte: since } },
      _count: { _all: true },
    }),
    db.dataExport.findMany({
      where: { shop },
      orderBy: { createdAt: "desc" },
      take: 10,
      select: { id: true, email: true, customerId: true, createdAt: true },
    }),
  ]);
  return { webhooks: webhooks.map((w) => ({ topic: w.topic, status: w.status, count: w._count._all })), exports };
}

/**
 * The Security page's deliveries: webhooks by topic and status since the UTC midnight
 * WEBHOOK_WINDOW_DAYS days ago, and the newest customer data requests. The window starts at a
 * midnight (the page names its first day), so the clock changes the answer once a day, at
 * `validUntil`: the page can keep it for a database version (ADR 0039). securityOverview's
 * newest audit rows and open alerts are left out: the page shows its tools' lists of both.
 */
export async function securityDeliveries(db: Db, shop: string, now = new Date()) {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const webhooksSince = new Date(today - WEBHOOK_WINDOW_DAYS * DAY_MS);
  return { webhooksSince, ...(await deliveriesSince(db, shop, webhooksSince)), validUntil: today + DAY_MS };
}

export async function ticketsByStatus(db: Db, shop: string) {
  const groups = await db.supportTicket.groupBy({ by: ["status"], where: { shop }, _count: { _all: true } });
  const recent = await db.supportTicket.findMany({ where: { shop }, orderBy: { createdAt: "desc" }, take: 10 });
  return { groups: groups.map((g) => ({ status: g.status, count: g._count._all })), recent };
}

export async function shopConnection(db: Db, shop: string) {
  const [record, syncs, webhookEvents] = await Promise.all([
    db.shop.findUnique({ where: { domain: shop } }),
    db.syncRun.findMany({ where: { shop }, orderBy: { startedAt: "desc" }, take: 5 }),
    db.webhookEvent.findMany({ where: { shop }, orderBy: { receivedAt: "desc" }, take: 10 }),
  ]);
  return { record, syncs, webhookEvents };
}

export async function conversations(db: Db, shop: string) {
  return db.conversation.findMany({
    where: { shop },
    orderBy: { updatedAt: "desc" },
    take: 20,
    include: { _count: { select: { messages: true } } },
  });
}

export async function pendingActions(db: Db, shop: string) {
  return db.action.findMany({ where: { shop, status: "pending" }, orderBy: { createdAt: "desc" }, take: 20 });
}

/**
 * Exactly what the dashboard shows: products and orders synced, the window's sales against the
 * previous period, every day of the window, today so far (partial, apart), the latest agent runs
 * and the open alerts. Cheaper than mirrorCounts + agentRunStats + securityOverview, which also
 * count every customer and refund and group every agent run, audit row and webhook delivery, none
 * of which the page shows.
 */
export async function dashboardSummary(db: Db, shop: string, window: SalesWindow, now = new Date()) {
  const [counts, { report: sales, days, today }, recentRuns, alerts] = await Promise.all([
    syncedCounts(db, shop),
    salesOverview(db, shop, window, now),
    // Background refreshes of stored analyses are operator detail (Agent Orchestration lists them).
    db.agentRun.findMany({ where: { shop, agent: { not: REFRESH_AGENT } }, orderBy: { queuedAt: "desc" }, take: 10 }),
    db.alert.findMany({ where: openWhere(shop, now), orderBy: { createdAt: "desc" }, take: 20 }),
  ]);
  return { counts, sales, days, today, recentRuns, alerts };
}
