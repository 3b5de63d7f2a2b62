// Domain operations on one emulated shop. GraphQL mutations validate input and produce userErrors;
// these methods assume valid input, write the change, and announce it on `events` so that webhooks fire.
import { EventEmitter } from "node:events";
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { SeedOrder } from "../seed/types";
import { isoSeconds, openStoreDb } from "./db";
import { prepareOrderWriter } from "./load";
import type { Loose } from "../loose";

/** A change that Shopify would announce with a webhook topic. */
export interface StoreChange {
  topic: WebhookTopic;
  id: number;
  /** Extra subject keys, e.g. the location of an inventory level. */
  locationId?: number;
  /** For deletes the row is gone: the payload is built from this snapshot. */
  snapshot?: Record<string, unknown>;
}

export const WEBHOOK_TOPICS = [
  "orders/create",
  "orders/updated",
  "refunds/create",
  "products/create",
  "products/update",
  "products/delete",
  "inventory_levels/update",
  "customers/create",
  "customers/update",
  "app/uninstalled",
] as const;
export type WebhookTopic = (typeof WEBHOOK_TOPICS)[number];

export type Row = Record<string, Loose>;

export class EmulatorStore {
  readonly db: DatabaseSync;
  readonly events = new EventEmitter<{ change: [StoreChange] }>();
  private readonly statements = new Map<string, StatementSync>();

  constructor(db: DatabaseSync, defaultShopDomain?: string) {
    this.db = db;
    if (!this.one("SELECT id FROM shop WHERE id = 1") && defaultShopDomain) {
      const now = this.now();
      this.run(
        "INSERT INTO shop VALUES (1, ?, ?, ?, 'USD', 'UTC', ?, ?)",
        defaultShopDomain,
        defaultShopDomain.split(".")[0],
        `owner@${defaultShopDomain}`,
        now,
        now,
      );
    }
  }

  static open(dbPath: string, defaultShopDomain?: string): EmulatorStore {
    return new EmulatorStore(openStoreDb(dbPath), defaultShopDomain);
  }

  close(): void {
    this.db.close();
  }

  now(): string {
    return isoSeconds(Date.now());
  }

  stmt(sql: string): StatementSync {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }
  all(sql: string, ...params: Loose[]): Row[] {
    return this.stmt(sql).all(...params) as Row[];
  }
  one(sql: string, ...params: Loose[]): Row | undefined {
    return this.stmt(sql).get(...params) as Row | undefined;
  }
  run(sql: string, ...params: Loose[]): { changes: number | bigint; lastInsertRowid: number | bigint } {
    return this.stmt(sql).run(...params);
  }
  nextId(table: string): number {
    return Number(this.one(`SELECT COALESCE(MAX(id), 0) + 1 AS n FROM ${table}`)!.n);
  }
  transaction<T>(fn: () => T): T {
    this.db.exec("BEGIN");
    try {
      const out = fn();
      this.db.exec("COMMIT");
      return out;
    } catch (err) {
      this.db.exec("ROLLBACK");
      throw err;
    }
  }
  emit(change: StoreChange): void {
    this.events.emit("change", change);
  }

  shop(): Row {
    const shop = this.one("SELECT * FROM shop WHERE id = 1");
    if (!shop) throw new Error("The emulator database holds no shop: seed it or start the server with a shopDomain");
    return shop;
  }
  currency(): string {
    return String(this.shop().currency_code);
  }

  // ---- inventory ---------------------------------------------------------------------------------

  inventoryLevel(itemId: number, locationId: number): Row | undefined {
    return this.one(
      "SELECT * FROM inventory_levels WHERE inventory_item_id = ? AND location_id = ?",
      itemId,
      locationId,
    );
  }

  /**
   * Moves stock by `available`/`onHand` deltas. Shopify semantics: adjusting "available" (stock
   * arriving or leaving) moves "on_hand" with it; a sale moves only "available" (units become committed).
   */
  moveInventory(itemId: number, locationId: number, delta: { available: number; onHand: number }): Row {
    const now = this.now();
    if (!this.inventoryLevel(itemId, locationId)) {
      this.run("INSERT INTO inventory_levels VALUES (?, ?, 0, 0, ?)", itemId, locationId, now);
    }
    this.run(
      "UPDATE inventory_levels SET available = available + ?, on_hand = on_hand + ?, updated_at = ? " +
        "WHERE inventory_item_id = ? AND location_id = ?",
      delta.available,
      delta.onHand,
      now,
      itemId,
      locationId,
    );
    this.emit({ topic: "inventory_levels/update", id: itemId, locationId });
    return this.inventoryLevel(itemId, locationId)!;
  }

  /** Adjusts a named quantity; both "available" and "on_hand" adjustments move the two together. */
  adjustInventory(itemId: number, locationId: number, delta: number): Row {
    return this.moveInventory(itemId, locationId, { available: delta, onHand: delta });
  }

  setInventory(itemId: number, locationId: number, name: "available" | "on_hand", quantity: number): Row {
    const current = this.inventoryLevel(itemId, locationId);
    const before = current ? Number(current[name]) : 0;
    return this.adjustInventory(itemId, locationId, quantity - before);
  }

  // ---- products ----------------------------------------------------------------------------------

  updateProduct(
    id: number,
    fields: Partial<
      Record<
        | "title"
        | "handle"
        | "description_html"
        | "vendor"
        | "product_type"
        | "tags"
        | "status"
        | "seo_title"
        | "seo_description",
        string
      >
    >,
  ): void {
    const keys = Object.keys(fields) as (keyof typeof fields)[];
    const sets = keys.map((k) => `${k} = ?`);
    this.run(
      `UPDATE products SET ${[...sets, "updated_at = ?"].join(", ")} WHERE id = ?`,
      ...keys.map((k) => fields[k]!),
      this.now(),
      id,
    );
    this.emit({ topic: "products/update", id });
  }

  updateVariant(
    id: number,
    fields: {
      price_cents?: number;
      compare_at_price_cents?: number | null;
      unit_cost_cents?: number | null;
      sku?: string;
    },
  ): void {
    const now = this.now();
    const before = this.one("SELECT product_id, price_cents FROM variants WHERE id = ?", id)!;
    const keys = Object.keys(fields) as (keyof typeof fields)[];
    this.run(
      `UPDATE variants SET ${[...keys.map((k) => `${k} = ?`), "updated_at = ?"].join(", ")} WHERE id = ?`,
      ...keys.map((k) => fields[k] ?? null),
      now,
      id,
    );
    if (fields.price_cents !== undefined && fields.price_cents !== Number(before.price_cents)) {
      this.run("INSERT OR REPLACE INTO price_history VALUES (?, ?, ?)", id, now.slice(0, 10), fields.price_cents);
    }
    this.run("UPDATE products SET updated_at = ? WHERE id = ?", now, before.product_id);
  }

  /** Creates a product with one default variant stocked at `locationId`; announces products/create. */
  createProduct(p: {
    id: number;
    variantId: number;
    inventoryItemId: number;
    title: string;
    sku: string;
    priceCents: number;
    costCents: number | null;
    locationId: number;
    quantity: number;
  }): void {
    const now = this.now();
    this.transaction(() => {
      this.run(
        "INSERT INTO products VALUES (?, ?, ?, '', 'Royal Equips', '', '[]', 'ACTIVE', ?, ?, NULL, NULL, NULL)",
        p.id,
        `product-${p.id}`,
        p.title,
        now,
        now,
      );
      this.run(
        "INSERT INTO variants VALUES (?, ?, 1, ?, 'Default Title', ?, ?, NULL, ?, '[]', NULL, NULL, ?, ?)",
        p.variantId,
        p.id,
        p.inventoryItemId,
        p.sku,
        p.priceCents,
        p.costCents,
        now,
        now,
      );
      this.run(
        "INSERT INTO inventory_levels VALUES (?, ?, ?, ?, ?)",
        p.inventoryItemId,
        p.locationId,
        p.quantity,
        p.quantity,
        now,
      );
      this.run("INSERT OR REPLACE INTO price_history VALUES (?, ?, ?)", p.variantId, now.slice(0, 10), p.priceCents);
    });
    this.emit({ topic: "products/create", id: p.id });
  }

  /** Deletes a product with its variants and stock; announces products/delete. */
  deleteProduct(id: number): void {
    this.transaction(() => {
      this.run(
        "DELETE FROM inventory_levels WHERE inventory_item_id IN (SELECT inventory_item_id FROM variants WHERE product_id = ?)",
        id,
      );
      this.run("DELETE FROM variants WHERE product_id = ?", id);
      this.run("DELETE FROM collection_products WHERE product_id = ?", id);
      this.run("DELETE FROM metafields WHERE owner_type = 'PRODUCT' AND owner_id = ?", id);
      this.run("DELETE FROM products WHERE id = ?", id);
    });
    this.emit({ topic: "products/delete", id });
  }

  announceProductUpdate(productId: number): void {
    this.emit({ topic: "products/update", id: productId });
  }

  // ---- metafields --------------------------------------------------------------------------------

  setMetafield(ownerType: string, ownerId: number, namespace: string, key: string, type: string, value: string): Row {
    const now = this.now();
    this.run(
      "INSERT INTO metafields (owner_type, owner_id, namespace, key, type, value, created_at, updated_at) " +
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (owner_type, owner_id, namespace, key) " +
        "DO UPDATE SET type = excluded.type, value = excluded.value, updated_at = excluded.updated_at",
      ownerType,
      ownerId,
      namespace,
      key,
      type,
      value,
      now,
      now,
    );
    return this.one(
      "SELECT * FROM metafields WHERE owner_type = ? AND owner_id = ? AND namespace = ? AND key = ?",
      ownerType,
      ownerId,
      namespace,
      key,
    )!;
  }

  // ---- orders ------------------------------------------------------------------------------------

  /**
   * Places a new order: writes it with its fulfillment order, takes the sold units out of
   * `locationId`'s stock and announces orders/create plus one inventory_levels/update per line.
   */
  placeOrder(order: SeedOrder, locationId: number): void {
    const writer = prepareOrderWriter(this.db);
    this.transaction(() => writer(order, locationId));
    this.emit({ topic: "orders/create", id: order.id });
    if (order.customerId != null) {
      // The customer's order count and amount spent changed: Shopify announces customers/update.
      this.run("UPDATE customers SET updated_at = ? WHERE id = ?", this.now(), order.customerId);
      this.emit({ topic: "customers/update", id: order.customerId });
    }
    for (const li of order.lineItems) {
      const v = this.one("SELECT inventory_item_id FROM variants WHERE id = ?", li.variantId);
      if (v) this.moveInventory(Number(v.inventory_item_id), locationId, { available: -li.quantity, onHand: 0 });
    }
  }

  /** Refunds line items of an order (amount from their unit prices) and announces refunds/create + orders/updated. */
  refundOrder(orderId: number, lines: { lineItemId: number; quantity: number }[], note: string | null): number {
    const now = this.now();
    const id = this.nextId("refunds");
    let amount = 0;
    this.transaction(() => {
      lines.forEach((l, i) => {
        const li = this.one("SELECT unit_price_cents FROM line_items WHERE id = ?", l.lineItemId)!;
        amount += Number(li.unit_price_cents) * l.quantity;
        this.run("INSERT INTO refund_line_items VALUES (?, ?, ?, ?)", id, i + 1, l.lineItemId, l.quantity);
      });
      this.run("INSERT INTO refunds VALUES (?, ?, ?, ?, ?)", id, orderId, now, note, amount);
      const o = this.one("SELECT total_cents, refunded_cents FROM orders WHERE id = ?", orderId)!;
      const refunded = Number(o.refunded_cents) + amount;
      const status = refunded >= Number(o.total_cents) ? "REFUNDED" : "PARTIALLY_REFUNDED";
      this.run(
        "UPDATE orders SET refunded_cents = ?, financial_status = ?, updated_at = ? WHERE id = ?",
        refunded,
        status,
        now,
        orderId,
      );
    });
    this.emit({ topic: "refunds/create", id });
    this.emit({ topic: "orders/updated", id: orderId });
    return id;
  }

  /** Units of a line item not yet refunded. */
  refundableQuantity(lineItemId: number): number {
    const row = this.one(
      "SELECT li.quantity - COALESCE((SELECT SUM(quantity) FROM refund_line_items " +
        "WHERE line_item_id = li.id), 0) AS q FROM line_items li WHERE li.id = ?",
      lineItemId,
    );
    return row ? Number(row.q) : 0;
  }

  // ---- customers ---------------------------------------------------------------------------------

  createCustomer(c: {
    id: number;
    email: string;
    firstName: string;
    lastName: string;
    city: string;
    province: string;
    countryCode: string;
    acceptsMarketing: boolean;
  }): void {
    const now = this.now();
    this.run(
      "INSERT INTO customers VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, '[]', NULL)",
      c.id,
      c.email,
      c.firstName,
      c.lastName,
      c.city,
      c.province,
      c.countryCode,
      now,
      now,
      c.acceptsMarketing ? 1 : 0,
    );
    this.emit({ topic: "customers/create", id: c.id });
  }

  /** Announces app/uninstalled, as Shopify does when the merchant removes the app. */
  uninstallApp(): void {
    this.emit({ topic: "app/uninstalled", id: 1 });
  }
}
