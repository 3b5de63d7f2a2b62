// Read-only summaries of what the database holds for a shop, used by the command center's pages.
// Order figures come from the daily sales rollup (MirrorDailySales, kept in step with the mirror by
// syncs and webhooks), so a page costs the same with a million orders as with a hundred: whole
// days are read from the rollup, and only the partial first day of a window from the orders.

import type { Db } from "../db/client";
import { DAY_MS, isoDay, nextDay } from "../core/time";
import { openWhere } from "../security/alerts";

/** Products and orders synced (orders from the rollup: counting a million rows takes ~0.1 s). */
export async function syncedCounts(db: Db, shop: string) {
  const [products, rollup] = await Promise.all([
    db.mirrorProduct.count({ where: { shop } }),
    db.mirrorDailySales.aggregate({ where: { shop }, _sum: { orders: true, cancelledOrders: true } }),
  ]);
  return { products, orders: (rollup._sum.orders ?? 0) + (rollup._sum.cancelledOrders ?? 0) };
}

export async function mirrorCounts(db: Db, shop: string) {
  const [products, variants, customers, refunds, rollup] = await Promise.all([
    db.mirrorProduct.count({ where: { shop } }),
    db.mirrorVariant.count({ where: { shop } }),
    db.mirrorCustomer.count({ where: { shop } }),
    db.mirrorRefund.count({ where: { shop } }),
    db.mirrorDailySales.aggregate({ where: { shop }, _sum: { orders: true, cancelledOrders: true, lineItems: true } }),
  ]);
  const orders = (rollup._sum.orders ?? 0) + (rollup._sum.cancelledOrders ?? 0);
  return { products, variants, orders, customers, lineItems: rollup._sum.lineItems ?? 0, refunds };
}

/**
 * The window [now - days, open end) as rollup days after the first one, plus the orders of the
 * first (partial) day read directly: the same figures as summing the orders, at the cost of a
 * day's orders and a few hundred rollup rows.
 */
function windowOf(days: number, now: Date) {
  const since = new Date(now.getTime() - days * DAY_MS);
  const firstDay = isoDay(since);
  return { since, firstDay, firstDayEnd: new Date(`${nextDay(firstDay)}T00:00:00.000Z`) };
}

export async function salesTotals(db: Db, shop: string, days: number, now = new Date()) {
  const { since, firstDay, firstDayEnd } = windowOf(days, now);
  const [partial, whole] = await Promise.all([
    db.mirrorOrder.aggregate({
      where: { shop, createdAt: { gte: since, lt: firstDayEnd }, cancelledAt: null },
      _sum: { total: true, totalRefunded: true, totalDiscounts: true },
      _count: { _all: true },
    }),
    db.mirrorDailySales.aggregate({
      where: { shop, day: { gt: firstDay } },
      _sum: { orders: true, revenue: true, refunded: true, discounts: true },
    }),
  ]);
  const revenue = (partial._sum.total ?? 0) + (whole._sum.revenue ?? 0);
  const orders = partial._count._all + (whole._sum.orders ?? 0);
  return {
    since,
    revenue,
    orders,
    averageOrderValue: orders ? revenue / orders : 0,
    refunded: (partial._sum.totalRefunded ?? 0) + (whole._sum.refunded ?? 0),
    discounts: (partial._sum.totalDiscounts ?? 0) + (whole._sum.discounts ?? 0),
  };
}

export async function dailyRevenue(db: Db, shop: string, days: number, now = new Date()) {
  const { since, firstDay, firstDayEnd } = windowOf(days, now);
  const [partial, whole] = await Promise.all([
    db.mirrorOrder.aggregate({
      where: { shop, createdAt: { gte: since, lt: firstDayEnd }, cancelledAt: null },
      _sum: { total: true },
      _count: { _all: true },
    }),
    db.mirrorDailySales.findMany({
      where: { shop, day: { gt: firstDay }, orders: { gt: 0 } },
      orderBy: { day: "desc" },
      select: { day: true, revenue: true, orders: true },
    }),
  ]);
  const first = partial._count._all
    ? [{ day: firstDay, revenue: partial._sum.total ?? 0, orders: partial._count._all }]
    : [];
  return [...whole, ...first];
}

export async function agentRunStats(db: Db, shop: string) {
  const groups = await db.agentRun.groupBy({ by: ["agent", "status"], where: { shop }, _count: { _all: true } });
  const recent = await db.agentRun.findMany({ where: { shop }, orderBy: { queuedAt: "desc" }, take: 10 });
  return { groups: groups.map((g) => ({ agent: g.agent, status: g.status, runs: g._count._all })), recent };
}

export async function lowStock(db: Db, shop: string, limit = 10) {
  const levels = await db.mirrorInventoryLevel.groupBy({
    by: ["inventoryItemId"],
    where: { shop },
    _sum: { available: true },
    orderBy: { _sum: { available: "asc" } },
    take: limit,
  });
  const variants = await db.mirrorVariant.findMany({
    where: { shop, inventoryItemId: { in: levels.map((l) => l.inventoryItemId) } },
    select: { inventoryItemId: true, sku: true, title: true, productId: true },
  });
  const byItem = new Map(variants.map((v) => [v.inventoryItemId, v]));
  return levels.map((l) => ({
    ...byItem.get(l.inventoryItemId),
    inventoryItemId: l.inventoryItemId,
    available: l._sum.available ?? 0,
  }));
}

export async function topCustomers(db: Db, shop: string, limit = 10) {
  return db.mirrorCustomer.findMany({ where: { shop }, orderBy: { totalSpent: "desc" }, take: limit });
}

/** Webhook deliveries are grouped over this many recent days: a busy shop receives thousands a day, for ever. */
export const WEBHOOK_WINDOW_DAYS = 7;

export async function securityOverview(db: Db, shop: string, now = new Date()) {
  const webhooksSince = new Date(now.getTime() - WEBHOOK_WINDOW_DAYS * DAY_MS);
  const [audit, alerts, webhooks, exports] = await Promise.all([
    db.auditLog.findMany({ where: { shop }, orderBy: { createdAt: "desc" }, take: 20 }),
    db.alert.findMany({ where: openWhere(shop, now), orderBy: { createdAt: "desc" }, take: 20 }),
    db.webhookEvent.groupBy({
      by: ["topic", "status"],
      where: { shop, receivedAt: { gte: webhooksSince } },
      _count: { _all: true },
    }),
    db.dataExport.findMany({
      where: { shop },
      orderBy: { createdAt: "desc" },
      take: 10,
      select: { id: true, email: true, customerId: true, createdAt: true },
    }),
  ]);
  return {
    audit,
    alerts,
    webhooksSince,
    webhooks: webhooks.map((w) => ({ topic: w.topic, status: w.status, count: w._count._all })),
    exports,
  };
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
 * Exactly what the dashboard shows: products and orders synced, the last 30 days' sales and
 * revenue per day, the latest agent runs and the open alerts. Cheaper than mirrorCounts +
 * agentRunStats + securityOverview, which also count every customer and refund and group every
 * agent run, audit row and webhook delivery, none of which the page shows.
 */
export async function dashboardSummary(db: Db, shop: string, now = new Date()) {
  const [counts, last30, days, recentRuns, alerts] = await Promise.all([
    syncedCounts(db, shop),
    salesTotals(db, shop, 30, now),
    dailyRevenue(db, shop, 30, now),
    db.agentRun.findMany({ where: { shop }, orderBy: { queuedAt: "desc" }, take: 10 }),
    db.alert.findMany({ where: openWhere(shop, now), orderBy: { createdAt: "desc" }, take: 20 }),
  ]);
  return { counts, last30, days, recentRuns, alerts };
}
