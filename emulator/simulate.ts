// Simulated shop activity: new orders from existing variants and customers (taking stock), refunds,
// stock moves and new customers — each change announced like Shopify so webhooks fire.
import type { SeedOrder } from "./seed/types";
import type { EmulatorStore } from "./store/store";

export interface SimulateOptions {
  orders?: number;
  refunds?: number;
  stockMoves?: number;
  customers?: number;
  /** New products (one stocked default variant each): products/create. */
  products?: number;
  /** Seed of the deterministic random generator. */
  seed?: number;
}

export interface SimulateResult {
  orderIds: number[];
  refundIds: number[];
  stockMoves: number;
  customerIds: number[];
  productIds: number[];
}

/**
 * Small, fast deterministic PRNG: mulberry32, the same generator as the agents' seededRandom
 * (agents/infra/random.ts), kept here so the emulator stands alone; the same seed gives the same sequence.
 */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function simulate(store: EmulatorStore, opts: SimulateOptions): SimulateResult {
  const random = rng(opts.seed ?? 1);
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];
  const result: SimulateResult = { orderIds: [], refundIds: [], stockMoves: 0, customerIds: [], productIds: [] };
  const shop = store.shop();

  for (let i = 0; i < (opts.customers ?? 0); i++) {
    const id = store.nextId("customers");
    store.createCustomer({
      id,
      email: `sim-${id}@example.com`,
      firstName: "Sim",
      lastName: `Customer ${id}`,
      city: "Toronto",
      province: "ON",
      countryCode: "CA",
      acceptsMarketing: random() < 0.5,
    });
    result.customerIds.push(id);
  }

  for (let i = 0; i < (opts.products ?? 0); i++) {
    const location = store.one("SELECT id FROM locations ORDER BY id LIMIT 1");
    if (!location) throw new Error("simulate: the store has no location to stock new products at; seed it first");
    const id = store.nextId("products");
    const variantId = store.nextId("variants");
    const inventoryItemId = Number(store.one("SELECT COALESCE(MAX(inventory_item_id), 0) + 1 AS n FROM variants")!.n);
    const priceCents = 500 + Math.floor(random() * 10_000);
    store.createProduct({
      id,
      variantId,
      inventoryItemId,
      title: `Simulated product ${id}`,
      sku: `SIM-${id}`,
      priceCents,
      costCents: Math.round(priceCents * 0.4),
      locationId: Number(location.id),
      quantity: 10 + Math.floor(random() * 50),
    });
    result.productIds.push(id);
  }

  for (let i = 0; i < (opts.orders ?? 0); i++) {
    // Variants with stock somewhere, at the location holding most of it.
    const stocked = store.all(
      "SELECT v.id, v.product_id, v.sku, v.title AS vtitle, v.price_cents, p.title, il.location_id, il.available " +
        "FROM inventory_levels il JOIN variants v ON v.inventory_item_id = il.inventory_item_id JOIN products p ON p.id = v.product_id " +
        "WHERE il.available > 0 AND p.status = 'ACTIVE' ORDER BY il.available DESC, v.id LIMIT 200",
    );
    if (!stocked.length)
      throw new Error(
        "simulate: no active product variant has stock to sell; seed the store first (seedInto) or restock with stockMoves",
      );
    const locationId = Number(stocked[0].location_id);
    const candidates = stocked.filter((s) => Number(s.location_id) === locationId);
    const lineCount = 1 + Math.floor(random() * Math.min(3, candidates.length));
    const chosen = new Map<number, (typeof candidates)[number]>();
    while (chosen.size < lineCount) {
      const c = pick(candidates);
      chosen.set(Number(c.id), c);
    }
    const customer = store.one(
      "SELECT * FROM customers ORDER BY id LIMIT 1 OFFSET ?",
      Math.floor(random() * Number(store.one("SELECT COUNT(*) AS n FROM customers")!.n)),
    );
    const orderId = store.nextId("orders");
    let lineId = store.nextId("line_items");
    const number = Number(store.one("SELECT COALESCE(MAX(number), 1000) + 1 AS n FROM orders")!.n);
    const now = store.now();
    const lineItems = [...chosen.values()].map((c) => ({
      id: lineId++,
      productId: Number(c.product_id),
      variantId: Number(c.id),
      sku: String(c.sku),
      title: String(c.title),
      quantity: Math.min(Number(c.available), 1 + Math.floor(random() * 2)),
      unitPrice: Number(c.price_cents) / 100,
    }));
    const subtotal = Math.round(lineItems.reduce((s, l) => s + l.unitPrice * l.quantity, 0) * 100) / 100;
    const tax = Math.round(subtotal * 0.1 * 100) / 100;
    const address = customer
      ? {
          address1: "1 Main St",
          city: String(customer.city),
          province: String(customer.province),
          zip: "00000",
          countryCode: String(customer.country_code),
        }
      : null;
    const order: SeedOrder = {
      id: orderId,
      name: `#${number}`,
      customerId: customer ? Number(customer.id) : null,
      email: customer ? String(customer.email) : null,
      createdAt: now,
      processedAt: now,
      cancelledAt: null,
      currencyCode: String(shop.currency_code),
      sourceName: "web",
      discountCodes: [],
      totalDiscounts: 0,
      subtotalPrice: subtotal,
      totalShipping: 0,
      totalTax: tax,
      totalPrice: Math.round((subtotal + tax) * 100) / 100,
      financialStatus: "PAID",
      fulfillmentStatus: "UNFULFILLED",
      billingAddress: address,
      shippingAddress: address,
      note: null,
      tags: ["simulated"],
      lineItems,
      refunds: [],
      risk: {
        riskLevel: random() < 0.05 ? "HIGH" : "LOW",
        facts: [{ description: "Simulated checkout", sentiment: "NEUTRAL" }],
      },
    };
    store.placeOrder(order, locationId);
    result.orderIds.push(orderId);
  }

  for (let i = 0; i < (opts.refunds ?? 0); i++) {
    const candidates = store.all(
      "SELECT li.id, li.order_id FROM line_items li JOIN orders o ON o.id = li.order_id " +
        "WHERE o.cancelled_at IS NULL AND o.financial_status IN ('PAID', 'PARTIALLY_REFUNDED') AND li.quantity > COALESCE(" +
        "(SELECT SUM(quantity) FROM refund_line_items rl WHERE rl.line_item_id = li.id), 0) ORDER BY o.processed_at DESC, li.id DESC LIMIT 100",
    );
    if (!candidates.length) break;
    const li = pick(candidates);
    result.refundIds.push(
      store.refundOrder(Number(li.order_id), [{ lineItemId: Number(li.id), quantity: 1 }], "Simulated return"),
    );
  }

  const levels = opts.stockMoves
    ? store.all("SELECT inventory_item_id, location_id FROM inventory_levels ORDER BY inventory_item_id, location_id")
    : [];
  for (let i = 0; i < (opts.stockMoves ?? 0) && levels.length; i++) {
    const l = pick(levels);
    const delta = random() < 0.7 ? 1 + Math.floor(random() * 20) : -(1 + Math.floor(random() * 3));
    const current = store.inventoryLevel(Number(l.inventory_item_id), Number(l.location_id))!;
    store.adjustInventory(
      Number(l.inventory_item_id),
      Number(l.location_id),
      Math.max(delta, -Number(current.available)),
    );
    result.stockMoves++;
  }
  return result;
}
