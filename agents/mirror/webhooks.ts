// Keeps the mirror current between full syncs from Shopify's webhooks (REST-style JSON payloads).
// Every function is an upsert of what the payload says, so applying the same payload twice leaves
// the mirror as once; and a payload older than the row (by updated_at) is ignored, so webhooks
// arriving out of order cannot roll a row back.
import { refreshDailySales } from "../analytics/rollups";
import { PayloadError } from "../core/payload";
import { localDay } from "../core/time";
import { shopTimeZone } from "./local-days";
import { forgetCatalog } from "../data/catalog";
import { countInChunks } from "../db/chunk";
import type { Db } from "../db/client";
import type { MirrorDb } from "./tables";
import { joinTags, numericId, optionalDate, optionalString, optionalId, optionalMoney, toDate, toMoney } from "./rows";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Payload = Record<string, any>;

export type MirrorWebhookTopic =
  | "orders/create"
  | "orders/updated"
  | "refunds/create"
  | "products/create"
  | "products/update"
  | "products/delete"
  | "inventory_levels/update"
  | "customers/create"
  | "customers/update";

export interface WebhookOutcome {
  applied: boolean;
  /** Why nothing was written: "stale" (the mirror holds a newer version). */
  skipped?: "stale";
  [key: string]: unknown;
}

const TX_OPTIONS = { timeout: 30_000, maxWait: 30_000 };

function requireObject(payload: unknown, topic: string): Payload {
  if (payload === null || typeof payload !== "object" || Array.isArray(payload)) {
    throw new PayloadError(`${topic} webhook: expected a JSON object payload as Shopify sends it`);
  }
  return payload as Payload;
}

const upper = (value: unknown) => (typeof value === "string" && value ? value.toUpperCase() : null);
/** REST fulfillment_status -> the GraphQL displayFulfillmentStatus the bulk sync stores. */
function fulfillmentStatus(value: unknown): string {
  if (value == null) return "UNFULFILLED";
  const map: Record<string, string> = {
    fulfilled: "FULFILLED",
    partial: "PARTIALLY_FULFILLED",
    restocked: "RESTOCKED",
  };
  return map[String(value)] ?? String(value).toUpperCase();
}
const shopMoney = (set: Payload | undefined) => set?.shop_money?.amount;

/** Refund amount: its successful refund transactions, else its line items' subtotals and taxes. */
function refundAmount(refund: Payload): number {
  const transactions = (refund.transactions ?? []) as Payload[];
  const refunded = transactions.filter((t) => t.kind === "refund" && (t.status == null || t.status === "success"));
  if (refunded.length) return round2(refunded.reduce((s, t) => s + toMoney(t.amount, "refund transaction amount"), 0));
  return round2(
    ((refund.refund_line_items ?? []) as Payload[]).reduce(
      (s, r) => s + toMoney(r.subtotal ?? 0, "refund line subtotal") + toMoney(r.total_tax ?? 0, "refund line tax"),
      0,
    ),
  );
}
const round2 = (n: number) => Math.round(n * 100) / 100;

function isStale(current: { updatedAt: Date } | null, updatedAt: Date): boolean {
  return current !== null && current.updatedAt.getTime() > updatedAt.getTime();
}

// ---- orders and refunds ----------------------------------------------------------------------------

export async function applyOrderWebhook(db: Db, shop: string, raw: unknown): Promise<WebhookOutcome> {
  const p = requireObject(raw, "orders");
  const id = numericId(p.id, "order id");
  const updatedAt = toDate(p.updated_at ?? p.created_at, "order updated_at");
  const createdAt = toDate(p.created_at, "order created_at");
  return db.$transaction(async (tx) => {
    const current = await tx.mirrorOrder.findUnique({
      where: { shop_id: { shop, id } },
      select: { updatedAt: true, localDay: true },
    });
    const timeZone = await shopTimeZone(tx, shop);
    const day = localDay(createdAt, timeZone);
    if (isStale(current, updatedAt)) return { applied: false, skipped: "stale", order: id };
    const refunds = Array.isArray(p.refunds) ? (p.refunds as Payload[]) : null;
    const fields = {
      name: String(p.name ?? ""),
      customerId: optionalId(p.customer?.id, "customer id"),
      email: p.email ?? null,
      createdAt,
      localDay: day,
      cancelledAt: optionalDate(p.cancelled_at, "cancelled_at"),
      sourceName: p.source_name ?? null,
      currencyCode: p.currency ?? null,
      subtotal: toMoney(p.subtotal_price ?? 0, "subtotal_price"),
      totalDiscounts: toMoney(p.total_discounts ?? 0, "total_discounts"),
      totalShipping: toMoney(shopMoney(p.total_shipping_price_set) ?? 0, "total_shipping_price_set"),
      totalTax: toMoney(p.total_tax ?? 0, "total_tax"),
      total: toMoney(p.total_price, "total_price"),
      financialStatus: upper(p.financial_status),
      fulfillmentStatus: fulfillmentStatus(p.fulfillment_status),
      discountCodes: ((p.discount_codes ?? []) as Payload[]).map((d) => String(d.code)).join(","),
      updatedAt,
      // Only what the payload carries: a payload without risk keeps the mirror's value.
      ...("risk_level" in p ? { riskLevel: upper(p.risk_level) } : {}),
    };
    await tx.mirrorOrder.upsert({ where: { shop_id: { shop, id } }, create: { shop, id, ...fields }, update: fields });

    let lineItems = 0;
    if (Array.isArray(p.line_items)) {
      const items = (p.line_items as Payload[]).map((li) => ({
        id: numericId(li.id, "line item id"),
        orderId: id,
        productId: optionalId(li.product_id),
        variantId: optionalId(li.variant_id),
        sku: li.sku || null,
        title: String(li.title ?? li.name ?? ""),
        quantity: Number(li.quantity),
        unitPrice: toMoney(li.price ?? shopMoney(li.price_set), "line item price"),
        createdAt,
        localDay: day,
      }));
      // Line items the order no longer has: the order's rows minus the payload's (an order can carry
      // more line items than one statement may bind, so no `notIn` of the payload's ids).
      const kept = new Set(items.map((i) => i.id));
      const gone = (await tx.mirrorLineItem.findMany({ where: { shop, orderId: id }, select: { id: true } }))
        .map((row) => row.id)
        .filter((lineId) => !kept.has(lineId));
      await countInChunks(gone, (chunk) => tx.mirrorLineItem.deleteMany({ where: { shop, id: { in: chunk } } }));
      for (const item of items) {
        await tx.mirrorLineItem.upsert({
          where: { shop_id: { shop, id: item.id } },
          create: { shop, ...item },
          update: item,
        });
      }
      lineItems = items.length;
    }
    for (const refund of refunds ?? []) await upsertRefund(tx, shop, refund, id, timeZone);
    // Refunds only accumulate: the refunded total is the sum of every refund the mirror has seen
    // (this payload's and refunds/create's), so an older order snapshot cannot lower it.
    await recomputeRefunded(tx, shop, id);
    // The day the order was on (if its createdAt ever moved) and the day it is on now.
    await refreshDailySales(tx, shop, current?.localDay ? [current.localDay, day] : [day]);
    return { applied: true, order: id, lineItems, refunds: refunds?.length ?? 0 };
  }, TX_OPTIONS);
}

async function upsertRefund(
  tx: MirrorDb,
  shop: string,
  refund: Payload,
  orderId: string,
  timeZone: string,
): Promise<string> {
  const id = numericId(refund.id, "refund id");
  const createdAt = toDate(refund.created_at, "refund created_at");
  const fields = { orderId, amount: refundAmount(refund), createdAt, localDay: localDay(createdAt, timeZone) };
  await tx.mirrorRefund.upsert({ where: { shop_id: { shop, id } }, create: { shop, id, ...fields }, update: fields });
  return id;
}

/** The order's refunded total is the sum of its refunds: recomputed, so a replay changes nothing. */
async function recomputeRefunded(tx: MirrorDb, shop: string, orderId: string): Promise<boolean> {
  const sum = await tx.mirrorRefund.aggregate({ where: { shop, orderId }, _sum: { amount: true } });
  const orders = await tx.mirrorOrder.updateMany({
    where: { shop, id: orderId },
    data: { totalRefunded: round2(sum._sum.amount ?? 0) },
  });
  return orders.count === 1;
}

export async function applyRefundWebhook(db: Db, shop: string, raw: unknown): Promise<WebhookOutcome> {
  const p = requireObject(raw, "refunds/create");
  const orderId = numericId(p.order_id, "refund order_id");
  return db.$transaction(async (tx) => {
    const id = await upsertRefund(tx, shop, p, orderId, await shopTimeZone(tx, shop));
    const inMirror = await recomputeRefunded(tx, shop, orderId);
    const order = inMirror
      ? await tx.mirrorOrder.findUnique({ where: { shop_id: { shop, id: orderId } }, select: { localDay: true } })
      : null;
    if (order) await refreshDailySales(tx, shop, [order.localDay]);
    return { applied: true, refund: id, order: orderId, orderInMirror: inMirror };
  }, TX_OPTIONS);
}

// ---- products and inventory ------------------------------------------------------------------------

/** REST product payloads carry the featured image as `image`, and all images in `images` (first = featured). */
function webhookImageUrl(p: Payload): string | null {
  const images = Array.isArray(p.images) ? (p.images as Payload[]) : [];
  return optionalString(p.image?.src) ?? optionalString(images[0]?.src);
}

export async function applyProductWebhook(db: Db, shop: string, raw: unknown): Promise<WebhookOutcome> {
  const p = requireObject(raw, "products");
  const id = numericId(p.id, "product id");
  const updatedAt = toDate(p.updated_at ?? p.created_at, "product updated_at");
  const outcome = await db.$transaction(async (tx): Promise<WebhookOutcome> => {
    const current = await tx.mirrorProduct.findUnique({
      where: { shop_id: { shop, id } },
      select: { updatedAt: true },
    });
    if (isStale(current, updatedAt)) return { applied: false, skipped: "stale", product: id };
    const fields = {
      title: String(p.title ?? ""),
      handle: String(p.handle ?? ""),
      vendor: p.vendor || null,
      productType: p.product_type || null,
      status: upper(p.status) ?? "ACTIVE",
      tags: joinTags(p.tags),
      imageUrl: webhookImageUrl(p),
      createdAt: toDate(p.created_at, "product created_at"),
      updatedAt,
    };
    await tx.mirrorProduct.upsert({
      where: { shop_id: { shop, id } },
      create: { shop, id, ...fields },
      update: fields,
    });
    let variants = 0;
    if (Array.isArray(p.variants)) {
      const rows = (p.variants as Payload[]).map((v) => ({
        id: numericId(v.id, "variant id"),
        productId: id,
        title: String(v.title ?? ""),
        sku: v.sku || null,
        price: toMoney(v.price, "variant price"),
        compareAtPrice: optionalMoney(v.compare_at_price, "compare_at_price"),
        inventoryItemId: optionalId(v.inventory_item_id, "inventory_item_id"),
        updatedAt: toDate(v.updated_at ?? p.updated_at, "variant updated_at"),
      }));
      // Variants the product no longer has (a product may have 2,048: no `notIn` of the payload's ids).
      const kept = new Set(rows.map((r) => r.id));
      const gone = (await tx.mirrorVariant.findMany({ where: { shop, productId: id }, select: { id: true } }))
        .map((row) => row.id)
        .filter((variantId) => !kept.has(variantId));
      await countInChunks(gone, (chunk) => tx.mirrorVariant.deleteMany({ where: { shop, id: { in: chunk } } }));
      // unitCost is not in product payloads: a new variant starts without one, an existing one keeps it.
      for (const row of rows) {
        await tx.mirrorVariant.upsert({
          where: { shop_id: { shop, id: row.id } },
          create: { shop, ...row, unitCost: null },
          update: row,
        });
      }
      variants = rows.length;
    }
    return { applied: true, product: id, variants };
  }, TX_OPTIONS);
  if (outcome.applied) forgetCatalog(shop);
  return outcome;
}

export async function applyProductDeleteWebhook(db: Db, shop: string, raw: unknown): Promise<WebhookOutcome> {
  const p = requireObject(raw, "products/delete");
  const id = numericId(p.id, "product id");
  const outcome = await db.$transaction(async (tx): Promise<WebhookOutcome> => {
    const variants = await tx.mirrorVariant.findMany({
      where: { shop, productId: id },
      select: { inventoryItemId: true },
    });
    const items = variants.map((v) => v.inventoryItemId).filter((x): x is string => x !== null);
    const levels = {
      count: await countInChunks(items, (chunk) =>
        tx.mirrorInventoryLevel.deleteMany({ where: { shop, inventoryItemId: { in: chunk } } }),
      ),
    };
    const deletedVariants = await tx.mirrorVariant.deleteMany({ where: { shop, productId: id } });
    await tx.mirrorCollectionProduct.deleteMany({ where: { shop, productId: id } }); // Shopify drops it from its collections
    const products = await tx.mirrorProduct.deleteMany({ where: { shop, id } });
    return { applied: products.count > 0, product: id, variants: deletedVariants.count, inventoryLevels: levels.count };
  }, TX_OPTIONS);
  if (outcome.applied) forgetCatalog(shop);
  return outcome;
}

export async function applyInventoryLevelWebhook(db: Db, shop: string, raw: unknown): Promise<WebhookOutcome> {
  const p = requireObject(raw, "inventory_levels/update");
  const inventoryItemId = numericId(p.inventory_item_id, "inventory_item_id");
  const locationId = numericId(p.location_id, "location_id");
  if (typeof p.available !== "number" || !Number.isInteger(p.available)) {
    throw new PayloadError(
      `inventory_levels/update webhook: "available" must be an integer, got ${JSON.stringify(p.available)}`,
    );
  }
  const updatedAt = toDate(p.updated_at, "inventory level updated_at");
  const key = { shop_inventoryItemId_locationId: { shop, inventoryItemId, locationId } };
  const outcome = await db.$transaction(async (tx): Promise<WebhookOutcome> => {
    const current = await tx.mirrorInventoryLevel.findUnique({ where: key, select: { updatedAt: true } });
    if (isStale(current, updatedAt)) return { applied: false, skipped: "stale", inventoryItemId, locationId };
    const fields = { available: p.available as number, updatedAt };
    await tx.mirrorInventoryLevel.upsert({
      where: key,
      create: { shop, inventoryItemId, locationId, ...fields },
      update: fields,
    });
    return { applied: true, inventoryItemId, locationId, available: fields.available };
  }, TX_OPTIONS);
  if (outcome.applied) forgetCatalog(shop);
  return outcome;
}

// ---- customers -----------------------------------------------------------------------------------

export async function applyCustomerWebhook(db: Db, shop: string, raw: unknown): Promise<WebhookOutcome> {
  const p = requireObject(raw, "customers");
  const id = numericId(p.id, "customer id");
  const updatedAt = toDate(p.updated_at ?? p.created_at, "customer updated_at");
  return db.$transaction(async (tx) => {
    const current = await tx.mirrorCustomer.findUnique({
      where: { shop_id: { shop, id } },
      select: { updatedAt: true },
    });
    if (isStale(current, updatedAt)) return { applied: false, skipped: "stale", customer: id };
    const fields = {
      email: p.email ?? null,
      firstName: p.first_name ?? null,
      lastName: p.last_name ?? null,
      createdAt: toDate(p.created_at, "customer created_at"),
      updatedAt,
      ...(p.orders_count != null ? { ordersCount: Number(p.orders_count) } : {}),
      ...(p.total_spent != null ? { totalSpent: toMoney(p.total_spent, "total_spent") } : {}),
    };
    await tx.mirrorCustomer.upsert({
      where: { shop_id: { shop, id } },
      create: { shop, id, ...fields },
      update: fields,
    });
    return { applied: true, customer: id };
  }, TX_OPTIONS);
}

/** The applier of each topic the mirror follows. */
export const MIRROR_WEBHOOKS: Record<
  MirrorWebhookTopic,
  (db: Db, shop: string, payload: unknown) => Promise<WebhookOutcome>
> = {
  "orders/create": applyOrderWebhook,
  "orders/updated": applyOrderWebhook,
  "refunds/create": applyRefundWebhook,
  "products/create": applyProductWebhook,
  "products/update": applyProductWebhook,
  "products/delete": applyProductDeleteWebhook,
  "inventory_levels/update": applyInventoryLevelWebhook,
  "customers/create": applyCustomerWebhook,
  "customers/update": applyCustomerWebhook,
};
