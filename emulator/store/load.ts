// Bulk persistence of a SeedStore: prepared statements inside large transactions, orders streamed
// from the iterable so that a million of them never sit in memory at once.
import type { DatabaseSync } from "node:sqlite";
import type { SeedOrder, SeedStore } from "../seed/types";
import { DDL, openStoreDb, toCents } from "./db";

/** Secondary indexes of the big tables: dropped while loading and rebuilt once at the end (faster than per row). */
const BULK_INDEXES = [
  "orders_processed",
  "orders_created",
  "orders_updated",
  "orders_customer",
  "line_items_order",
  "refunds_order",
  "refund_line_items_line",
  "fulfillment_orders_order",
];

const SHOPIFY_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const MILLIS_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/;

/** Normalises a seed time to Shopify's "YYYY-MM-DDTHH:MM:SSZ" cheaply (fast paths before Date parsing). */
export function normTime(value: string): string {
  if (SHOPIFY_TIME.test(value)) return value;
  if (MILLIS_TIME.test(value)) return value.slice(0, 19) + "Z";
  const d = new Date(value);
  if (Number.isNaN(d.getTime()))
    throw new Error(`Seed time "${value}" is not ISO-8601 (send e.g. 2026-01-31T12:00:00Z)`);
  return d.toISOString().slice(0, 19) + "Z";
}

export interface LoadStats {
  products: number;
  variants: number;
  customers: number;
  orders: number;
  lineItems: number;
  refunds: number;
  rows: number;
  ms: number;
}

const ORDERS_PER_TRANSACTION = 20_000;

/** Persists `store` into an empty emulator database. Throws if the database already holds a shop. */
export function loadSeedStore(db: DatabaseSync, store: SeedStore): LoadStats {
  const t0 = performance.now();
  // A bare shop row (the server's placeholder) may be replaced; catalog or order data may not.
  const existing = db.prepare("SELECT (SELECT COUNT(*) FROM products) + (SELECT COUNT(*) FROM orders) AS n").get();
  if (Number(existing?.n) > 0)
    throw new Error("Database already holds products or orders; seed into a fresh database file");
  const stats: LoadStats = {
    products: 0,
    variants: 0,
    customers: 0,
    orders: 0,
    lineItems: 0,
    refunds: 0,
    rows: 0,
    ms: 0,
  };
  db.exec("PRAGMA synchronous = OFF");
  for (const name of BULK_INDEXES) db.exec(`DROP INDEX IF EXISTS ${name}`);
  db.exec("BEGIN");
  try {
    const { shop } = store;
    const shopCreated = normTime(shop.createdAt);
    db.prepare("INSERT OR REPLACE INTO shop VALUES (1, ?, ?, ?, ?, ?, ?, ?)").run(
      shop.domain,
      shop.name,
      shop.email,
      shop.currencyCode,
      shop.ianaTimezone,
      shopCreated,
      shopCreated,
    );
    const insLocation = db.prepare("INSERT INTO locations VALUES (?, ?, ?, ?, ?)");
    for (const l of store.locations) insLocation.run(l.id, l.name, l.city, l.countryCode, shopCreated);
    stats.rows += 1 + store.locations.length;

    const insProduct = db.prepare("INSERT INTO products VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    const insVariant = db.prepare("INSERT INTO variants VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    const insLevel = db.prepare("INSERT INTO inventory_levels VALUES (?, ?, ?, ?, ?)");
    for (const p of store.products) {
      const created = normTime(p.createdAt);
      const updated = normTime(p.updatedAt);
      insProduct.run(
        p.id,
        p.handle,
        p.title,
        p.descriptionHtml,
        p.vendor,
        p.productType,
        JSON.stringify(p.tags),
        p.status,
        created,
        updated,
        p.imageUrl,
        p.seoTitle,
        p.seoDescription,
      );
      p.variants.forEach((v, i) => {
        insVariant.run(
          v.id,
          p.id,
          i + 1,
          v.inventoryItemId,
          v.title,
          v.sku,
          toCents(v.price),
          v.compareAtPrice == null ? null : toCents(v.compareAtPrice),
          v.unitCost == null ? null : toCents(v.unitCost),
          JSON.stringify(v.options),
          v.trueElasticity,
          v.baseDailyDemand,
          created,
          updated,
        );
        for (const [locationId, qty] of Object.entries(v.inventory)) {
          insLevel.run(v.inventoryItemId, Number(locationId), qty, qty, updated);
          stats.rows++;
        }
      });
      stats.products++;
      stats.variants += p.variants.length;
    }
    stats.rows += stats.products + stats.variants;

    const insCollection = db.prepare("INSERT INTO collections VALUES (?, ?, ?, ?)");
    const insMember = db.prepare("INSERT INTO collection_products VALUES (?, ?, ?)");
    for (const c of store.collections) {
      insCollection.run(c.id, c.handle, c.title, shopCreated);
      c.productIds.forEach((pid, i) => insMember.run(c.id, pid, i + 1));
      stats.rows += 1 + c.productIds.length;
    }

    const insCustomer = db.prepare("INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (const c of store.customers) {
      const created = normTime(c.createdAt);
      insCustomer.run(
        c.id,
        c.email,
        c.firstName,
        c.lastName,
        c.phone,
        c.city,
        c.province,
        c.countryCode,
        created,
        created,
        c.acceptsMarketing ? 1 : 0,
        JSON.stringify(c.tags),
        c.note,
      );
      stats.customers++;
    }
    stats.rows += stats.customers;

    const insPrice = db.prepare("INSERT OR REPLACE INTO price_history VALUES (?, ?, ?)");
    for (const pc of store.priceHistory) insPrice.run(pc.variantId, pc.from, toCents(pc.price));
    stats.rows += store.priceHistory.length;

    const usage = new Map<string, number>();
    const firstLocationId = store.locations[0]?.id ?? null;
    const orderWriter = prepareOrderWriter(db);
    for (const o of store.orders) {
      stats.rows += orderWriter(o, firstLocationId);
      stats.orders++;
      stats.lineItems += o.lineItems.length;
      stats.refunds += o.refunds.length;
      for (const code of o.discountCodes) usage.set(code.toLowerCase(), (usage.get(code.toLowerCase()) ?? 0) + 1);
      if (stats.orders % ORDERS_PER_TRANSACTION === 0) {
        db.exec("COMMIT");
        db.exec("BEGIN");
      }
    }

    const insDiscount = db.prepare("INSERT INTO discount_codes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (const d of store.discountCodes) {
      const starts = normTime(d.startsAt);
      insDiscount.run(
        d.id,
        d.code,
        d.title,
        d.percentage,
        d.amount == null ? null : toCents(d.amount),
        starts,
        d.endsAt == null ? null : normTime(d.endsAt),
        d.usageLimit,
        d.appliesOncePerCustomer ? 1 : 0,
        usage.get(d.code.toLowerCase()) ?? 0,
        starts,
        starts,
      );
    }
    stats.rows += store.discountCodes.length;
    db.exec("COMMIT");
  } catch (err) {
    db.exec("ROLLBACK");
    throw err;
  } finally {
    db.exec(DDL); // recreates the dropped indexes
    db.exec("PRAGMA synchronous = NORMAL");
  }
  stats.ms = performance.now() - t0;
  return stats;
}

/** Status of the one fulfillment order every order gets, derived from the order's own state. */
export function fulfillmentOrderStatus(o: Pick<SeedOrder, "cancelledAt" | "fulfillmentStatus">): string {
  if (o.cancelledAt) return "CANCELLED";
  if (o.fulfillmentStatus === "FULFILLED") return "CLOSED";
  if (o.fulfillmentStatus === "PARTIALLY_FULFILLED") return "IN_PROGRESS";
  return "OPEN";
}

/** Returns a function that inserts one order with its children and says how many rows it wrote. */
export function prepareOrderWriter(db: DatabaseSync): (o: SeedOrder, locationId: number | null) => number {
  const insOrder = db.prepare(
    "INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const insLine = db.prepare("INSERT INTO line_items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  const insRefund = db.prepare("INSERT INTO refunds VALUES (?, ?, ?, ?, ?)");
  const insRefundLine = db.prepare("INSERT INTO refund_line_items VALUES (?, ?, ?, ?)");
  const insRisk = db.prepare("INSERT INTO risk_assessments VALUES (?, ?, ?)");
  const insFo = db.prepare("INSERT INTO fulfillment_orders VALUES (?, ?, ?, ?, NULL, NULL, NULL, NULL, ?, ?)");
  return (o, locationId) => {
    const processed = normTime(o.processedAt);
    const created = normTime(o.createdAt);
    const cancelled = o.cancelledAt ? normTime(o.cancelledAt) : null;
    let updated = processed > created ? processed : created;
    if (cancelled && cancelled > updated) updated = cancelled;
    let refunded = 0;
    const refundTimes: string[] = [];
    for (const r of o.refunds) {
      const t = normTime(r.createdAt);
      refundTimes.push(t);
      if (t > updated) updated = t;
      refunded += toCents(r.amount);
    }
    const number = Number(o.name.replace(/\D/g, "")) || o.id;
    insOrder.run(
      o.id,
      o.name,
      number,
      o.customerId,
      o.email,
      created,
      processed,
      updated,
      cancelled,
      o.currencyCode,
      o.sourceName,
      JSON.stringify(o.discountCodes),
      toCents(o.totalDiscounts),
      toCents(o.subtotalPrice),
      toCents(o.totalShipping),
      toCents(o.totalTax),
      toCents(o.totalPrice),
      refunded,
      o.financialStatus,
      o.fulfillmentStatus,
      o.billingAddress ? JSON.stringify(o.billingAddress) : null,
      o.shippingAddress ? JSON.stringify(o.shippingAddress) : null,
      o.note,
      JSON.stringify(o.tags),
    );
    let rows = 2;
    o.lineItems.forEach((li, i) => {
      insLine.run(li.id, o.id, i + 1, li.productId, li.variantId, li.sku, li.title, li.quantity, toCents(li.unitPrice));
    });
    rows += o.lineItems.length;
    o.refunds.forEach((r, i) => {
      insRefund.run(r.id, o.id, refundTimes[i], r.note, toCents(r.amount));
      r.lineItems.forEach((rl, j) => insRefundLine.run(r.id, j + 1, rl.lineItemId, rl.quantity));
      rows += 1 + r.lineItems.length;
    });
    if (o.risk) {
      insRisk.run(o.id, o.risk.riskLevel, JSON.stringify(o.risk.facts));
      rows++;
    }
    insFo.run(o.id, o.id, locationId, fulfillmentOrderStatus(o), created, updated);
    return rows;
  };
}

/** Opens (or creates) `dbPath` and persists `store` into it. */
export function seedInto(dbPath: string, store: SeedStore): LoadStats {
  const db = openStoreDb(dbPath);
  try {
    return loadSeedStore(db, store);
  } finally {
    db.close();
  }
}
