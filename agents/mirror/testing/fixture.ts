// Test support: a small SeedStore with the awkward cases (an order without a customer, refunds,
// a cancelled order, discount codes, risk levels, a product with many variants, several
// locations), an emulator seeded with it, and the per-table totals that must agree between the
// emulator's store and the mirror.
import type { Db } from "../../db/client";
import { loadSeedStore, startEmulator, type EmulatorOptions, type RunningEmulator } from "@royal-equips/emulator";
import type { SeedOrder, SeedProduct, SeedStore } from "@royal-equips/emulator/seed";

export const FIXTURE_SHOP = "mirror-test.myshopify.com";
export const FIXTURE_TOKEN = "shpat_mirror_test_token";

export function fixtureStore(opts: { products?: number; orders?: number; customers?: number } = {}): SeedStore {
  const nProducts = opts.products ?? 8;
  const nOrders = opts.orders ?? 30;
  const nCustomers = opts.customers ?? 6;
  const locations = [
    { id: 71, name: "Warehouse", city: "Leeds", countryCode: "GB" },
    { id: 72, name: "Shop floor", city: "York", countryCode: "GB" },
    { id: 73, name: "Overflow", city: "Hull", countryCode: "GB" },
  ];
  const products: SeedProduct[] = Array.from({ length: nProducts }, (_, i) => {
    const id = 2000 + i;
    // Product 0 has more variants than a paged query's first page holds.
    const variantCount = i === 0 ? 23 : 1 + (i % 3);
    return {
      id,
      handle: `item-${id}`,
      title: `Item ${id} "quoted" & 'apostrophe' \\' back\\slash ü`,
      descriptionHtml: "<p>x</p>",
      vendor: i % 2 ? "Royal" : "Equips",
      productType: i % 2 ? "Saddles" : "Bridles",
      tags: i % 3 ? ["core"] : ["core", "sale"],
      status: i === nProducts - 1 ? "ARCHIVED" : "ACTIVE",
      createdAt: "2025-01-02T03:04:05Z",
      updatedAt: `2025-02-0${1 + (i % 9)}T00:00:00Z`,
      // Every other product has a featured image, so the mirror sees both.
      imageUrl: i % 2 ? null : `https://cdn.example.com/products/item-${id}.jpg`,
      seoTitle: null,
      seoDescription: null,
      variants: Array.from({ length: variantCount }, (_, j) => {
        const vid = id * 100 + j;
        return {
          id: vid,
          inventoryItemId: 900_000 + vid,
          title: variantCount === 1 ? "Default Title" : `Size ${j + 1}`,
          sku: `RE-${vid}`,
          price: 12.5 + i * 3 + j,
          compareAtPrice: i % 4 === 0 ? 99.99 : null,
          unitCost: i % 5 === 4 ? null : 4.25 + i,
          options: variantCount === 1 ? [] : [{ name: "Size", value: `Size ${j + 1}` }],
          // Stock at one, two or three locations.
          inventory: Object.fromEntries(
            locations.slice(0, 1 + ((i + j) % 3)).map((l, k) => [l.id, 5 + ((i * 7 + j * 3 + k) % 40)]),
          ),
          trueElasticity: null,
          baseDailyDemand: null,
        };
      }),
    };
  });
  const customers = Array.from({ length: nCustomers }, (_, i) => ({
    id: 7000 + i,
    email: `rider${i}@example.com`,
    firstName: `Rider${i}`,
    lastName: `O'Brien ${i}`,
    phone: null,
    city: "Leeds",
    province: "ENG",
    countryCode: "GB",
    createdAt: "2024-12-01T00:00:00Z",
    acceptsMarketing: i % 2 === 0,
    tags: [],
    note: null,
  }));
  const variants = products.flatMap((p) => p.variants.map((v) => ({ p, v })));
  const orders: SeedOrder[] = [];
  let lineId = 1;
  let refundId = 1;
  for (let i = 0; i < nOrders; i++) {
    const at = new Date(Date.UTC(2025, 2, 1) + i * 3_600_000 * 7).toISOString();
    // Order 0 has more line items than a paged query's first page holds.
    const lines = Array.from({ length: i === 0 ? 14 : 1 + (i % 3) }, (_, k) => {
      const { p, v } = variants[(i * 5 + k * 3) % variants.length];
      return {
        id: lineId++,
        productId: p.id,
        variantId: v.id,
        sku: v.sku,
        title: p.title,
        quantity: 1 + ((i + k) % 3),
        unitPrice: v.price,
      };
    });
    const subtotal = Math.round(lines.reduce((s, l) => s + l.unitPrice * l.quantity, 0) * 100) / 100;
    const refunds =
      i % 4 === 1
        ? [
            {
              id: refundId++,
              createdAt: at,
              note: "Too big",
              lineItems: [{ lineItemId: lines[0].id, quantity: 1 }],
              amount: lines[0].unitPrice,
            },
          ]
        : [];
    if (i % 8 === 5) refunds.push({ id: refundId++, createdAt: at, note: "Goodwill", lineItems: [], amount: 3.33 });
    const customer = i % 7 === 6 ? null : customers[i % customers.length];
    const discount = i % 5 === 0 ? Math.round(subtotal * 10) / 100 : 0;
    const refunded = refunds.reduce((s, r) => s + r.amount, 0);
    orders.push({
      id: 300_000 + i,
      name: `#${2001 + i}`,
      customerId: customer?.id ?? null,
      email: customer?.email ?? null,
      createdAt: at,
      processedAt: at,
      cancelledAt: i % 11 === 10 ? at : null,
      currencyCode: "GBP",
      sourceName: i % 3 ? "web" : "pos",
      discountCodes: discount ? ["SPRING10"] : [],
      totalDiscounts: discount,
      subtotalPrice: subtotal,
      totalShipping: 4.95,
      totalTax: Math.round(subtotal * 20) / 100,
      totalPrice: Math.round((subtotal - discount + 4.95 + subtotal * 0.2) * 100) / 100,
      financialStatus: refunded ? "PARTIALLY_REFUNDED" : "PAID",
      fulfillmentStatus: i % 2 ? "FULFILLED" : "UNFULFILLED",
      billingAddress: null,
      shippingAddress: null,
      note: null,
      tags: [],
      lineItems: lines,
      refunds,
      risk: i % 3 === 0 ? { riskLevel: i % 9 === 0 ? "HIGH" : "MEDIUM", facts: [] } : null,
    });
  }
  return {
    shop: {
      domain: FIXTURE_SHOP,
      name: "Mirror Test",
      email: "owner@example.com",
      currencyCode: "GBP",
      ianaTimezone: "Europe/London",
      createdAt: "2024-01-01T00:00:00Z",
    },
    locations,
    products,
    collections: [],
    customers,
    discountCodes: [],
    priceHistory: [],
    orders,
    orderCount: orders.length,
  };
}

/** An emulator on a fresh in-memory store seeded with `store`. */
export async function startFixtureEmulator(
  store: SeedStore = fixtureStore(),
  extra: Partial<EmulatorOptions> = {},
): Promise<RunningEmulator> {
  const emulator = await startEmulator({
    dbPath: ":memory:",
    shopDomain: FIXTURE_SHOP,
    accessToken: FIXTURE_TOKEN,
    clientSecret: "mirror-test-secret",
    ...extra,
  });
  loadSeedStore(emulator.store.db, store);
  return emulator;
}

export interface Totals {
  products: number;
  variants: number;
  inventoryLevels: number;
  inventoryAvailable: number;
  orders: number;
  orderTotal: number;
  orderRefunded: number;
  lineItems: number;
  lineItemQuantity: number;
  refunds: number;
  refundAmount: number;
  customers: number;
}

const cents = (n: unknown) => Math.round(Number(n ?? 0) * 100);

/** Totals of the emulator's store (what Shopify holds). */
export function storeTotals(emulator: RunningEmulator): Totals {
  const one = (sql: string) => Number(emulator.store.one(sql)!.n ?? 0);
  return {
    products: one("SELECT COUNT(*) AS n FROM products"),
    variants: one("SELECT COUNT(*) AS n FROM variants"),
    inventoryLevels: one("SELECT COUNT(*) AS n FROM inventory_levels"),
    inventoryAvailable: one("SELECT SUM(available) AS n FROM inventory_levels"),
    orders: one("SELECT COUNT(*) AS n FROM orders"),
    orderTotal: one("SELECT SUM(total_cents) AS n FROM orders"),
    orderRefunded: one("SELECT SUM(refunded_cents) AS n FROM orders"),
    lineItems: one("SELECT COUNT(*) AS n FROM line_items"),
    lineItemQuantity: one("SELECT SUM(quantity) AS n FROM line_items"),
    refunds: one("SELECT COUNT(*) AS n FROM refunds"),
    refundAmount: one("SELECT SUM(amount_cents) AS n FROM refunds"),
    customers: one("SELECT COUNT(*) AS n FROM customers"),
  };
}

/** The same totals read from the mirror (money in cents, to compare exactly). */
export async function mirrorTotals(db: Db, shop: string): Promise<Totals> {
  const where = { where: { shop } };
  const [levels, orders, items, refunds] = await Promise.all([
    db.mirrorInventoryLevel.aggregate({ ...where, _count: true, _sum: { available: true } }),
    db.mirrorOrder.findMany({ ...where, select: { total: true, totalRefunded: true } }),
    db.mirrorLineItem.aggregate({ ...where, _count: true, _sum: { quantity: true } }),
    db.mirrorRefund.findMany({ ...where, select: { amount: true } }),
  ]);
  return {
    products: await db.mirrorProduct.count(where),
    variants: await db.mirrorVariant.count(where),
    inventoryLevels: levels._count,
    inventoryAvailable: levels._sum.available ?? 0,
    orders: orders.length,
    orderTotal: orders.reduce((s, o) => s + cents(o.total), 0),
    orderRefunded: orders.reduce((s, o) => s + cents(o.totalRefunded), 0),
    lineItems: items._count,
    lineItemQuantity: items._sum.quantity ?? 0,
    refunds: refunds.length,
    refundAmount: refunds.reduce((s, r) => s + cents(r.amount), 0),
    customers: await db.mirrorCustomer.count(where),
  };
}
