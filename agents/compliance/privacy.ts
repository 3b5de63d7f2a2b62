// Shopify's mandatory privacy webhooks, done for real on our database:
// shop/redact erases everything we hold for a shop; customers/redact erases one customer;
// customers/data_request collects what we hold about a customer into a DataExport the merchant can read.
import { refreshDailySales } from "../analytics/rollups";
import type { Prisma } from "@prisma/client";
import { countInChunks, inChunks } from "../db/chunk";
import type { Db } from "../db/client";

export interface CustomerRef {
  id?: string | number | null;
  email?: string | null;
}

export interface RedactionReport {
  deleted: Record<string, number>;
}

/** Every table keyed by shop, deleted on shop/redact. Keep in sync with the schema (a test checks). */
export const SHOP_SCOPED_TABLES = [
  "session",
  "auditLog",
  "action",
  "agentRun",
  "finding",
  // Receipts and orders before vendors; a purchase order's lines go with it (cascade).
  "purchaseReceipt",
  "purchaseOrder",
  "vendor",
  "mirrorProduct",
  "mirrorVariant",
  "mirrorInventoryLevel",
  "mirrorOrder",
  "mirrorLineItem",
  "mirrorRefund",
  "mirrorCustomer",
  "mirrorCollection",
  "mirrorCollectionProduct",
  "mirrorDailySales",
  "syncRun",
  "conversation",
  "mcpToken",
  // An assistant's sign-in (ADR 0021); its codes and tokens are deleted with it in redactShop.
  "mcpGrant",
  "supportTicket",
  "alert",
  "dataExport",
  "storedResult",
  "variantForecast",
  "webhookEvent",
  "shop",
] as const;

export async function redactShop(db: Db, shop: string): Promise<RedactionReport> {
  const deleted: Record<string, number> = {};
  await db.$transaction(async (tx) => {
    // OAuth codes and tokens hold no shop of their own: they go with the shop's grants.
    const grants = (await tx.mcpGrant.findMany({ where: { shop }, select: { id: true } })).map((g) => g.id);
    deleted.mcpOAuthSecret = await countInChunks(grants, (chunk) =>
      tx.mcpOAuthSecret.deleteMany({ where: { grantId: { in: chunk } } }),
    );
    for (const table of SHOP_SCOPED_TABLES) {
      const where = table === "shop" ? { domain: shop } : { shop };
      // Conversation deletes cascade to their messages.
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const result = await (tx[table] as any).deleteMany({ where });
      deleted[table] = result.count;
    }
  });
  return { deleted };
}

const idOf = (value: string | number | null | undefined) =>
  value == null ? null : String(value).replace(/^gid:\/\/shopify\/\w+\//, "");

/**
 * The customer's orders: by customer id or email, and the order ids Shopify names (a customers/redact
 * payload lists every order to redact, thousands for a wholesale buyer: read in slices of ids).
 */
async function customerOrders<R extends { id: string }>(
  read: (where: Prisma.MirrorOrderWhereInput) => Promise<R[]>,
  shop: string,
  who: Prisma.MirrorOrderWhereInput[],
  orderIds: (string | number)[],
): Promise<R[]> {
  const byCustomer = who.length ? await read({ shop, OR: who }) : [];
  const named = await inChunks(
    orderIds.map((o) => idOf(o)!),
    (chunk) => read({ shop, id: { in: chunk } }),
  );
  return [...new Map([...byCustomer, ...named].map((o) => [o.id, o])).values()];
}

export async function redactCustomer(
  db: Db,
  shop: string,
  customer: CustomerRef,
  orderIds: (string | number)[] = [],
): Promise<RedactionReport> {
  const customerId = idOf(customer.id);
  const email = customer.email?.toLowerCase() ?? null;
  const who = [...(customerId ? [{ customerId }] : []), ...(email ? [{ email }] : [])];
  return db.$transaction(async (tx) => {
    const owned = await customerOrders(
      (where) => tx.mirrorOrder.findMany({ where, select: { id: true, localDay: true } }),
      shop,
      who,
      orderIds,
    );
    const orders = owned.map((o) => o.id);
    const deleted = {
      mirrorLineItem: await countInChunks(orders, (chunk) =>
        tx.mirrorLineItem.deleteMany({ where: { shop, orderId: { in: chunk } } }),
      ),
      mirrorRefund: await countInChunks(orders, (chunk) =>
        tx.mirrorRefund.deleteMany({ where: { shop, orderId: { in: chunk } } }),
      ),
      mirrorOrder: await countInChunks(orders, (chunk) =>
        tx.mirrorOrder.deleteMany({ where: { shop, id: { in: chunk } } }),
      ),
      mirrorCustomer: (
        await tx.mirrorCustomer.deleteMany({
          where: { shop, OR: [...(customerId ? [{ id: customerId }] : []), ...(email ? [{ email }] : [])] },
        })
      ).count,
      // What the support desk recorded about those tickets: drafts quote the order, alerts the subject.
      ...(await forgetTickets(tx, shop, who, orders)),
      // The customer's tickets, and tickets about the erased orders.
      supportTicket:
        (who.length ? (await tx.supportTicket.deleteMany({ where: { shop, OR: who } })).count : 0) +
        (await countInChunks(orders, (chunk) =>
          tx.supportTicket.deleteMany({ where: { shop, orderId: { in: chunk } } }),
        )),
      dataExport: (
        await tx.dataExport.deleteMany({
          where: { shop, OR: [...(customerId ? [{ customerId }] : []), ...(email ? [{ email }] : [])] },
        })
      ).count,
      // Stored analyses may list the customer; the shop's are worked out again without them (ADR 0015).
      storedResult: (await tx.storedResult.deleteMany({ where: { shop } })).count,
    };
    // The daily sales rollup of those days no longer includes the erased orders.
    // (Rows written without a local day, by code other than the ingest, are in no day of the rollup.)
    await refreshDailySales(tx, shop, owned.map((o) => o.localDay).filter(Boolean));
    return { deleted };
  });
}

/** The support desk's findings and alerts about the customer's tickets (before the tickets go). */
async function forgetTickets(
  tx: Parameters<Parameters<Db["$transaction"]>[0]>[0],
  shop: string,
  who: ({ customerId: string } | { email: string })[],
  orders: string[],
): Promise<{ finding: number; alert: number }> {
  const ids = [
    ...(who.length ? await tx.supportTicket.findMany({ where: { shop, OR: who }, select: { id: true } }) : []),
    ...(await inChunks(orders, (chunk) =>
      tx.supportTicket.findMany({ where: { shop, orderId: { in: chunk } }, select: { id: true } }),
    )),
  ].map((t) => t.id);
  return {
    finding: await countInChunks(
      ids.map((id) => `ticket:${id}`),
      (chunk) =>
        tx.finding.deleteMany({
          where: { shop, kind: { in: ["overdue_ticket", "reply_draft"] }, subject: { in: chunk } },
        }),
    ),
    alert: await countInChunks(
      ids.map((id) => `support:${id}`),
      (chunk) => tx.alert.deleteMany({ where: { shop, kind: "support_overdue", dedupeKey: { in: chunk } } }),
    ),
  };
}

export async function exportCustomerData(
  db: Db,
  shop: string,
  customer: CustomerRef,
  requestId: string | null,
  orderIds: (string | number)[] = [],
) {
  const customerId = idOf(customer.id);
  const email = customer.email?.toLowerCase() ?? null;
  const who = [...(customerId ? [{ customerId }] : []), ...(email ? [{ email }] : [])];
  const customers = await db.mirrorCustomer.findMany({
    where: { shop, OR: [...(customerId ? [{ id: customerId }] : []), ...(email ? [{ email }] : [])] },
  });
  const orders = await customerOrders((where) => db.mirrorOrder.findMany({ where }), shop, who, orderIds);
  const lineItems = await inChunks(
    orders.map((o) => o.id),
    (chunk) => db.mirrorLineItem.findMany({ where: { shop, orderId: { in: chunk } } }),
  );
  const tickets = await db.supportTicket.findMany({
    where: { shop, OR: who.length ? who : [{ id: "__none__" }] },
    include: { replies: true },
  });
  const data = { customers, orders, lineItems, supportTickets: tickets };
  const record = await db.dataExport.create({
    data: { shop, requestId, customerId, email, data: JSON.parse(JSON.stringify(data)) },
  });
  return {
    exportId: record.id,
    counts: {
      customers: customers.length,
      orders: orders.length,
      lineItems: lineItems.length,
      supportTickets: tickets.length,
    },
    data,
  };
}
