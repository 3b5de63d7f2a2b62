// Shopify objects -> mirror rows. Ids are the numeric part of GIDs, money strings become numbers,
// enums keep the GraphQL spelling (PAID, FULFILLED, HIGH), tags and discount codes are joined
// with ", " and "," respectively (REST's spelling of tags).
import { PayloadError } from "../core/payload";
import type { Prisma } from "@prisma/client";

export type ProductRow = Prisma.MirrorProductCreateManyInput;
export type VariantRow = Prisma.MirrorVariantCreateManyInput;
export type LevelRow = Prisma.MirrorInventoryLevelCreateManyInput;
export type OrderRow = Prisma.MirrorOrderCreateManyInput;
export type LineItemRow = Prisma.MirrorLineItemCreateManyInput;
export type RefundRow = Prisma.MirrorRefundCreateManyInput;
export type CustomerRow = Prisma.MirrorCustomerCreateManyInput;
export type CollectionRow = Prisma.MirrorCollectionCreateManyInput;
export type CollectionProductRow = Prisma.MirrorCollectionProductCreateManyInput;

/** One object of a bulk operation's JSONL (or of a page, written the same way). */
export type Line = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const GID = /^gid:\/\/shopify\/(\w+)\/(\d+)/;

/** "gid://shopify/Order/123" -> "123"; a number or numeric string as is. */
export function numericId(value: unknown, what = "id"): string {
  if (typeof value === "number" && Number.isInteger(value)) return String(value);
  if (typeof value === "string") {
    const m = GID.exec(value);
    if (m) return m[2];
    if (/^\d+$/.test(value)) return value;
  }
  throw new PayloadError(
    `Expected a Shopify ${what} (a GID like gid://shopify/Order/123 or a number), got ${JSON.stringify(value)}`,
  );
}

export const optionalId = (value: unknown, what?: string) => (value == null ? null : numericId(value, what));

/** The object type of a GID ("Order"), or null. */
export function gidType(value: unknown): string | null {
  return typeof value === "string" ? (GID.exec(value)?.[1] ?? null) : null;
}

/** Money as Shopify sends it ("12.50", or a number in some REST fields) -> number. */
export function toMoney(value: unknown, what = "amount"): number {
  const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  if (!Number.isFinite(n)) throw new PayloadError(`Expected a money amount for ${what}, got ${JSON.stringify(value)}`);
  return n;
}
export const optionalMoney = (value: unknown, what?: string) =>
  value == null || value === "" ? null : toMoney(value, what);

export function toDate(value: unknown, what = "date"): Date {
  const d = typeof value === "string" || value instanceof Date ? new Date(value) : new Date(NaN);
  if (Number.isNaN(d.getTime()))
    throw new PayloadError(`Expected an ISO-8601 date for ${what}, got ${JSON.stringify(value)}`);
  return d;
}
export const optionalDate = (value: unknown, what?: string) => (value == null ? null : toDate(value, what));

/** A non-empty string, or null (image URLs and other optional text). */
export const optionalString = (value: unknown): string | null => (typeof value === "string" && value ? value : null);

export const joinTags = (tags: unknown): string =>
  (Array.isArray(tags) ? tags.map(String) : typeof tags === "string" ? tags.split(",") : [])
    .map((t) => t.trim())
    .filter(Boolean)
    .join(", ");

const RISK_RANK: Record<string, number> = { NONE: 0, PENDING: 1, LOW: 2, MEDIUM: 3, HIGH: 4 };
/** The highest of the order's risk assessments, or null when it has none. */
export function worstRisk(levels: (string | null | undefined)[]): string | null {
  let worst: string | null = null;
  for (const raw of levels) {
    if (!raw) continue;
    const level = raw.toUpperCase();
    if (worst === null || (RISK_RANK[level] ?? 0) > (RISK_RANK[worst] ?? 0)) worst = level;
  }
  return worst;
}

const amount = (set: Line | null | undefined, what: string) => toMoney(set?.shopMoney?.amount, what);

// ---- GraphQL (bulk JSONL / pages) -> rows -------------------------------------------------------

export function productFromNode(shop: string, n: Line): ProductRow {
  return {
    shop,
    id: numericId(n.id, "product id"),
    title: String(n.title ?? ""),
    handle: String(n.handle ?? ""),
    vendor: n.vendor || null,
    productType: n.productType || null,
    status: String(n.status ?? "ACTIVE"),
    tags: joinTags(n.tags),
    imageUrl: optionalString(n.featuredMedia?.preview?.image?.url),
    createdAt: toDate(n.createdAt, "product createdAt"),
    updatedAt: toDate(n.updatedAt, "product updatedAt"),
  };
}

export function variantFromNode(shop: string, n: Line, productId: string): VariantRow {
  return {
    shop,
    id: numericId(n.id, "variant id"),
    productId,
    title: String(n.title ?? ""),
    sku: n.sku || null,
    price: toMoney(n.price, "variant price"),
    compareAtPrice: optionalMoney(n.compareAtPrice, "compareAtPrice"),
    unitCost: optionalMoney(n.inventoryItem?.unitCost?.amount, "unitCost"),
    inventoryItemId: optionalId(n.inventoryItem?.id, "inventory item id"),
    updatedAt: toDate(n.updatedAt, "variant updatedAt"),
  };
}

/** InventoryLevel GIDs carry both keys: gid://shopify/InventoryLevel/<location>?inventory_item_id=<item>. */
export function levelFromNode(shop: string, n: Line, inventoryItemId?: string): LevelRow {
  const m = /^gid:\/\/shopify\/InventoryLevel\/(\d+)\?inventory_item_id=(\d+)/.exec(String(n.id ?? ""));
  const itemId = m?.[2] ?? inventoryItemId;
  const locationId = optionalId(n.location?.id, "location id") ?? m?.[1];
  if (!itemId || !locationId)
    throw new PayloadError(
      `Cannot tell the inventory item and location of inventory level ${JSON.stringify(n.id)}: select id and location { id }`,
    );
  const available = (n.quantities as { name: string; quantity: number }[] | undefined)?.find(
    (q) => q.name === "available",
  )?.quantity;
  if (typeof available !== "number")
    throw new PayloadError(
      `Inventory level ${n.id} has no "available" quantity: select quantities(names: ["available"])`,
    );
  return {
    shop,
    inventoryItemId: itemId,
    locationId,
    available,
    updatedAt: toDate(n.updatedAt ?? new Date().toISOString(), "level updatedAt"),
  };
}

export function orderFromNode(shop: string, n: Line): { order: OrderRow; refunds: RefundRow[] } {
  const id = numericId(n.id, "order id");
  const refunds: RefundRow[] = ((n.refunds ?? []) as Line[]).map((r) => ({
    shop,
    id: numericId(r.id, "refund id"),
    orderId: id,
    amount: amount(r.totalRefundedSet, "refund amount"),
    createdAt: toDate(r.createdAt, "refund createdAt"),
  }));
  const order: OrderRow = {
    shop,
    id,
    name: String(n.name ?? ""),
    customerId: optionalId(n.customer?.id, "customer id"),
    email: n.email ?? null,
    createdAt: toDate(n.createdAt, "order createdAt"),
    cancelledAt: optionalDate(n.cancelledAt),
    sourceName: n.sourceName ?? null,
    currencyCode: n.currencyCode ?? null,
    subtotal: amount(n.subtotalPriceSet, "subtotal"),
    totalDiscounts: amount(n.totalDiscountsSet, "totalDiscounts"),
    totalShipping: amount(n.totalShippingPriceSet, "totalShipping"),
    totalTax: amount(n.totalTaxSet, "totalTax"),
    total: amount(n.totalPriceSet, "total"),
    totalRefunded: n.totalRefundedSet
      ? amount(n.totalRefundedSet, "totalRefunded")
      : refunds.reduce((s, r) => s + r.amount, 0),
    financialStatus: n.displayFinancialStatus ?? null,
    fulfillmentStatus: n.displayFulfillmentStatus ?? null,
    discountCodes: ((n.discountCodes ?? []) as string[]).join(","),
    riskLevel: worstRisk(((n.risk?.assessments ?? []) as Line[]).map((a) => a.riskLevel)),
    updatedAt: toDate(n.updatedAt, "order updatedAt"),
  };
  return { order, refunds };
}

/** A line item without its order's createdAt (added once the order is known). */
export function lineItemFromNode(shop: string, n: Line, orderId: string): Omit<LineItemRow, "createdAt"> {
  return {
    shop,
    id: numericId(n.id, "line item id"),
    orderId,
    productId: optionalId(n.product?.id),
    variantId: optionalId(n.variant?.id),
    sku: n.sku || null,
    title: String(n.title ?? ""),
    quantity: Number(n.quantity),
    unitPrice: amount(n.originalUnitPriceSet, "line item unit price"),
  };
}

export function collectionFromNode(shop: string, n: Line): CollectionRow {
  return { shop, id: numericId(n.id, "collection id"), title: String(n.title ?? ""), handle: String(n.handle ?? "") };
}

export function customerFromNode(shop: string, n: Line): CustomerRow {
  return {
    shop,
    id: numericId(n.id, "customer id"),
    email: n.defaultEmailAddress?.emailAddress ?? n.email ?? null,
    firstName: n.firstName ?? null,
    lastName: n.lastName ?? null,
    ordersCount: Number(n.numberOfOrders ?? 0),
    totalSpent: n.amountSpent ? toMoney(n.amountSpent.amount, "amountSpent") : 0,
    createdAt: toDate(n.createdAt, "customer createdAt"),
    updatedAt: toDate(n.updatedAt, "customer updatedAt"),
  };
}
