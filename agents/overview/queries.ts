// Read-only summaries of what the database holds for a shop, used by the command center's pages.
import type { Db } from "../db/client";

const DAY = 86_400_000;

export async function mirrorCounts(db: Db, shop: string) {
  const [products, variants, orders, customers, lineItems, refunds] = await Promise.all([
    db.mirrorProduct.count({ where: { shop } }),
    db.mirrorVariant.count({ where: { shop } }),
    db.mirrorOrder.count({ where: { shop } }),
    db.mirrorCustomer.count({ where: { shop } }),
    db.mirrorLineItem.count({ where: { shop } }),
    db.mirrorRefund.count({ where: { shop } }),
  ]);
  return { products, variants, orders, customers, lineItems, refunds };
}

export async function salesTotals(db: Db, shop: string, days: number, now = new Date()) {
  const since = new Date(now.getTime() - days * DAY);
  const totals = await db.mirrorOrder.aggregate({
    where: { shop, createdAt: { gte: since }, cancelledAt: null },
    _sum: { total: true, totalRefunded: true, totalDiscounts: true },
    _count: { _all: true },
  });
  const revenue = totals._sum.total ?? 0;
  const orders = totals._count._all;
  return {
    since,
    revenue,
    orders,
    averageOrderValue: orders ? revenue / orders : 0,
    refunded: totals._sum.totalRefunded ?? 0,
    discounts: totals._sum.totalDiscounts ?? 0,
  };
}

export async function dailyRevenue(db: Db, shop: string, days: number, now = new Date()) {
  const since = new Date(now.getTime() - days * DAY);
  const orders = await db.mirrorOrder.findMany({
    where: { shop, createdAt: { gte: since }, cancelledAt: null },
    select: { createdAt: true, total: true },
  });
  const byDay = new Map<string, { revenue: number; orders: number }>();
  for (const order of orders) {
    const day = order.createdAt.toISOString().slice(0, 10);
    const entry = byDay.get(day) ?? { revenue: 0, orders: 0 };
    entry.revenue += order.total;
    entry.orders += 1;
    byDay.set(day, entry);
  }
  return [...byDay.entries()].sort(([a], [b]) => (a < b ? 1 : -1)).map(([day, v]) => ({ day, ...v }));
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
  return levels.map((l) => ({ ...byItem.get(l.inventoryItemId), inventoryItemId: l.inventoryItemId, available: l._sum.available ?? 0 }));
}

export async function topCustomers(db: Db, shop: string, limit = 10) {
  return db.mirrorCustomer.findMany({ where: { shop }, orderBy: { totalSpent: "desc" }, take: limit });
}

export async function securityOverview(db: Db, shop: string) {
  const [audit, alerts, webhooks, exports] = await Promise.all([
    db.auditLog.findMany({ where: { shop }, orderBy: { createdAt: "desc" }, take: 20 }),
    db.alert.findMany({ where: { shop, resolvedAt: null }, orderBy: { createdAt: "desc" }, take: 20 }),
    db.webhookEvent.groupBy({ by: ["topic", "status"], where: { shop }, _count: { _all: true } }),
    db.dataExport.findMany({ where: { shop }, orderBy: { createdAt: "desc" }, take: 10, select: { id: true, email: true, customerId: true, createdAt: true } }),
  ]);
  return { audit, alerts, webhooks: webhooks.map((w) => ({ topic: w.topic, status: w.status, count: w._count._all })), exports };
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
  return db.conversation.findMany({ where: { shop }, orderBy: { updatedAt: "desc" }, take: 20, include: { _count: { select: { messages: true } } } });
}

export async function pendingActions(db: Db, shop: string) {
  return db.action.findMany({ where: { shop, status: "pending" }, orderBy: { createdAt: "desc" }, take: 20 });
}
