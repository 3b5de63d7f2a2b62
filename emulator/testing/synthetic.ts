// A small deterministic SeedStore for tests and benchmarks (independent of the real seed generator).
import type { SeedOrder, SeedProduct, SeedStore } from "../seed/types";

export interface SyntheticOptions {
  products: number;
  orders: number;
  customers?: number;
  variantsPerProduct?: number;
  locations?: number;
  /** First order's day; orders are spread one per `minutesApart` minutes. */
  start?: string;
  minutesApart?: number;
}

export function syntheticSeedStore(opts: SyntheticOptions): SeedStore {
  const variantsPer = opts.variantsPerProduct ?? 2;
  const nLocations = opts.locations ?? 2;
  const nCustomers = opts.customers ?? Math.max(1, Math.min(1000, Math.ceil(opts.orders / 5)));
  const start = Date.parse(opts.start ?? "2025-01-01T00:00:00Z");
  const minutes = opts.minutesApart ?? 7;
  const locations = Array.from({ length: nLocations }, (_, i) => ({
    id: 100 + i,
    name: i === 0 ? "Main warehouse" : `Store ${i}`,
    city: i === 0 ? "Toronto" : "Montreal",
    countryCode: "CA",
  }));
  const products: SeedProduct[] = Array.from({ length: opts.products }, (_, i) => {
    const id = 1000 + i;
    return {
      id,
      handle: `product-${id}`,
      title: `Product ${id}`,
      descriptionHtml: `<p>Product ${id}</p>`,
      vendor: i % 3 === 0 ? "Acme" : "Royal",
      productType: i % 2 === 0 ? "Tools" : "Apparel",
      tags: i % 4 === 0 ? ["sale", "summer"] : ["core"],
      status: i % 10 === 9 ? "DRAFT" : "ACTIVE",
      createdAt: new Date(start - 86_400_000 * 30).toISOString(),
      updatedAt: new Date(start - 86_400_000 * (i % 30)).toISOString(),
      imageUrl: i % 2 === 0 ? `https://cdn.example.com/p/${id}.jpg` : null,
      seoTitle: null,
      seoDescription: null,
      variants: Array.from({ length: variantsPer }, (_, j) => {
        const vid = id * 10 + j;
        return {
          id: vid,
          inventoryItemId: vid + 5_000_000,
          title: variantsPer === 1 ? "Default Title" : `Size ${j + 1}`,
          sku: `SKU-${vid}`,
          price: 10 + (i % 50) + j * 2.5,
          compareAtPrice: i % 5 === 0 ? 80 : null,
          unitCost: 4 + (i % 7),
          options: variantsPer === 1 ? [] : [{ name: "Size", value: `Size ${j + 1}` }],
          inventory: Object.fromEntries(locations.map((l, k) => [l.id, 20 + ((i + j + k) % 30)])),
          trueElasticity: -1.5,
          baseDailyDemand: 1,
        };
      }),
    };
  });
  const customers = Array.from({ length: nCustomers }, (_, i) => ({
    id: 5000 + i,
    email: `customer${i}@example.com`,
    firstName: `First${i}`,
    lastName: `Last${i}`,
    phone: null,
    city: "Toronto",
    province: "ON",
    countryCode: "CA",
    createdAt: new Date(start - 86_400_000).toISOString(),
    acceptsMarketing: i % 2 === 0,
    tags: i % 3 === 0 ? ["vip"] : [],
    note: null,
  }));
  const variants = products.flatMap((p) => p.variants.map((v) => ({ p, v })));
  function* orders(): Generator<SeedOrder> {
    let lineId = 1;
    let refundId = 1;
    for (let i = 0; i < opts.orders; i++) {
      const id = 100_000 + i;
      const at = new Date(start + i * minutes * 60_000).toISOString();
      const lines = Array.from({ length: 1 + (i % 3) }, (_, k) => {
        const { p, v } = variants[(i * 7 + k * 13) % variants.length];
        return {
          id: lineId++,
          productId: p.id,
          variantId: v.id,
          sku: v.sku,
          title: p.title,
          quantity: 1 + (k % 2),
          unitPrice: v.price,
        };
      });
      const subtotal = Math.round(lines.reduce((s, l) => s + l.unitPrice * l.quantity, 0) * 100) / 100;
      const refunded = i % 10 === 3;
      const refunds = refunded
        ? [
            {
              id: refundId++,
              createdAt: new Date(start + i * minutes * 60_000 + 86_400_000).toISOString(),
              note: "Damaged",
              lineItems: [{ lineItemId: lines[0].id, quantity: 1 }],
              amount: lines[0].unitPrice,
            },
          ]
        : [];
      yield {
        id,
        name: `#${1001 + i}`,
        customerId: customers[i % customers.length].id,
        email: customers[i % customers.length].email,
        createdAt: at,
        processedAt: at,
        cancelledAt: i % 50 === 49 ? at : null,
        currencyCode: "CAD",
        sourceName: i % 4 === 0 ? "pos" : "web",
        discountCodes: i % 6 === 0 ? ["WELCOME10"] : [],
        totalDiscounts: i % 6 === 0 ? Math.round(subtotal * 10) / 100 : 0,
        subtotalPrice: subtotal,
        totalShipping: 5,
        totalTax: Math.round(subtotal * 13) / 100,
        totalPrice: Math.round((subtotal + 5 + subtotal * 0.13) * 100) / 100,
        financialStatus: refunded ? "PARTIALLY_REFUNDED" : "PAID",
        fulfillmentStatus: i % 3 === 0 ? "UNFULFILLED" : "FULFILLED",
        billingAddress: { address1: "1 King St", city: "Toronto", province: "ON", zip: "M5H", countryCode: "CA" },
        shippingAddress: { address1: "1 King St", city: "Toronto", province: "ON", zip: "M5H", countryCode: "CA" },
        note: null,
        tags: i % 8 === 0 ? ["wholesale"] : [],
        lineItems: lines,
        refunds,
        risk:
          i % 5 === 0
            ? {
                riskLevel: i % 15 === 0 ? "HIGH" : "LOW",
                facts: [
                  { description: "Billing address matches shipping", sentiment: "POSITIVE" },
                  { description: "Card verification failed once", sentiment: "NEGATIVE" },
                ],
              }
            : null,
      };
    }
  }
  return {
    shop: {
      domain: "royal-equips-dev.myshopify.com",
      name: "Royal Equips Dev",
      email: "owner@royal-equips.example",
      currencyCode: "CAD",
      ianaTimezone: "America/Toronto",
      createdAt: "2024-01-01T00:00:00Z",
    },
    locations,
    products,
    collections: [
      {
        id: 9001,
        handle: "tools",
        title: "Tools",
        productIds: products.filter((_, i) => i % 2 === 0).map((p) => p.id),
      },
      { id: 9002, handle: "sale", title: "Sale", productIds: products.filter((_, i) => i % 4 === 0).map((p) => p.id) },
    ],
    customers,
    discountCodes: [
      {
        id: 1,
        code: "WELCOME10",
        title: "Welcome 10%",
        percentage: 0.1,
        amount: null,
        startsAt: "2024-01-01T00:00:00Z",
        endsAt: null,
        usageLimit: null,
        appliesOncePerCustomer: true,
      },
      {
        id: 2,
        code: "FIVEOFF",
        title: "$5 off",
        percentage: null,
        amount: 5,
        startsAt: "2024-01-01T00:00:00Z",
        endsAt: "2024-06-01T00:00:00Z",
        usageLimit: 100,
        appliesOncePerCustomer: false,
      },
    ],
    priceHistory: variants.slice(0, 10).map(({ v }) => ({ variantId: v.id, from: "2024-06-01", price: v.price })),
    orders: { [Symbol.iterator]: orders },
  };
}
