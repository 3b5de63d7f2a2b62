// Test support: a mid-size store written straight into the mirror, big enough that every list of its
// ids is longer than one statement may bind (SQLite: 999 values): 2,500 products with 2 variants
// each, stock at 2 locations, and 12 weeks of sales for the first 1,200 products (600 rising week
// on week, 600 falling), the other 1,300 never sold.
import type { Db } from "../../db/client";
import { addDays, DAY_MS, type IsoDay } from "../../core/time";
import { insertRows } from "../../mirror/sql";

export interface BigStoreOptions {
  products?: number;
  /** Products 0..sold-1 sell every week: the first half rising, the second half falling. */
  sold?: number;
  /** The last day of sales (UTC: the shop has no timezone row). */
  end?: IsoDay;
  weeks?: number;
}

export interface BigStore {
  productIds: string[];
  variantIds: string[];
  skus: string[];
  /** Variant id -> units on hand over every location. */
  onHand: Map<string, number>;
  /** Variant id -> units sold per local day. */
  sales: Map<string, Map<IsoDay, number>>;
  soldProductIds: string[];
  end: IsoDay;
  weeks: number;
  orderIds: string[];
}

export const BIG_LOCATIONS = ["71", "72"];
export const variantIdOf = (product: number, j: number) => String((100_000 + product) * 10 + j);
export const productIdOf = (product: number) => String(100_000 + product);

export async function seedBigStore(db: Db, shop: string, options: BigStoreOptions = {}): Promise<BigStore> {
  const nProducts = options.products ?? 2_500;
  const nSold = options.sold ?? 1_200;
  const end = options.end ?? "2026-06-29";
  const weeks = options.weeks ?? 12;
  const updatedAt = new Date("2026-01-01T00:00:00Z");
  const products = Array.from({ length: nProducts }, (_, i) => ({
    shop,
    id: productIdOf(i),
    title: `Big Product ${i}`,
    handle: `big-product-${i}`,
    vendor: `Vendor ${i % 5}`,
    productType: `Type ${i % 7}`,
    status: "ACTIVE",
    imageUrl: i % 2 === 0 ? `https://cdn.example.com/big/${i}.jpg` : null,
    createdAt: updatedAt,
    updatedAt,
  }));
  const variants = products.flatMap((p, i) =>
    [0, 1].map((j) => ({
      shop,
      id: variantIdOf(i, j),
      productId: p.id,
      title: j === 0 ? "Small" : "Large",
      sku: `BIG-${i}-${j}`,
      price: 10 + (i % 40) + j * 5,
      unitCost: i % 11 === 0 ? null : 4 + (i % 5),
      inventoryItemId: `9${variantIdOf(i, j)}`,
      updatedAt,
    })),
  );
  const levels = variants.flatMap((v, n) =>
    BIG_LOCATIONS.map((locationId, k) => ({
      shop,
      inventoryItemId: v.inventoryItemId,
      locationId,
      available: (n + k * 3) % 9,
      updatedAt,
    })),
  );
  const onHand = new Map<string, number>();
  for (const v of variants) onHand.set(v.id, 0);
  for (const l of levels) {
    const variantId = l.inventoryItemId.slice(1);
    onHand.set(variantId, onHand.get(variantId)! + l.available);
  }

  // One sale a week per sold product (its first variant), mid-week: units rise 1..weeks or fall.
  const first = addDays(end, -(weeks * 7 - 1));
  const orders: {
    shop: string;
    id: string;
    name: string;
    createdAt: Date;
    localDay: string;
    subtotal: number;
    totalDiscounts: number;
    totalShipping: number;
    totalTax: number;
    total: number;
    updatedAt: Date;
  }[] = [];
  const lines: {
    shop: string;
    id: string;
    orderId: string;
    productId: string;
    variantId: string;
    sku: string;
    title: string;
    quantity: number;
    unitPrice: number;
    createdAt: Date;
    localDay: string;
  }[] = [];
  const sales = new Map<string, Map<IsoDay, number>>();
  for (let w = 0; w < weeks; w++) {
    const day = addDays(first, w * 7 + 3);
    const at = new Date(Date.parse(`${day}T15:00:00Z`));
    // Ten products per order.
    for (let start = 0; start < nSold; start += 10) {
      const orderId = `${w}-${start}`;
      let total = 0;
      for (let i = start; i < Math.min(nSold, start + 10); i++) {
        const quantity = i < nSold / 2 ? w + 1 : weeks - w;
        const v = variants[i * 2];
        total += quantity * v.price;
        lines.push({
          shop,
          id: `${orderId}-${i}`,
          orderId,
          productId: v.productId,
          variantId: v.id,
          sku: v.sku,
          title: `Big Product ${i}`,
          quantity,
          unitPrice: v.price,
          createdAt: at,
          localDay: day,
        });
        const byDay = sales.get(v.id) ?? new Map<IsoDay, number>();
        byDay.set(day, (byDay.get(day) ?? 0) + quantity);
        sales.set(v.id, byDay);
      }
      orders.push({
        shop,
        id: orderId,
        name: `#B${w}-${start}`,
        createdAt: at,
        localDay: day,
        subtotal: total,
        totalDiscounts: 0,
        totalShipping: 0,
        totalTax: 0,
        total,
        updatedAt: new Date(at.getTime() + DAY_MS),
      });
    }
  }
  // Multi-row INSERTs of literals: about ten times faster than createMany on SQLite.
  await insertRows(
    db,
    "mirrorProduct",
    products.map((p) => ({ ...p, tags: "" })),
  );
  await insertRows(
    db,
    "mirrorVariant",
    variants.map((v) => ({ ...v, compareAtPrice: null })),
  );
  await insertRows(db, "mirrorInventoryLevel", levels);
  await insertRows(
    db,
    "mirrorOrder",
    orders.map((o) => ({
      ...o,
      customerId: null,
      email: null,
      cancelledAt: null,
      sourceName: "web",
      currencyCode: "USD",
      totalRefunded: 0,
      financialStatus: "PAID",
      fulfillmentStatus: null,
      discountCodes: "",
      riskLevel: null,
    })),
  );
  await insertRows(db, "mirrorLineItem", lines);
  return {
    productIds: products.map((p) => p.id),
    variantIds: variants.map((v) => v.id),
    skus: variants.map((v) => v.sku),
    onHand,
    sales,
    soldProductIds: products.slice(0, nSold).map((p) => p.id),
    end,
    weeks,
    orderIds: orders.map((o) => o.id),
  };
}
