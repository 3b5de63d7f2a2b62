// SQLite layout of one emulated shop. Money is stored in integer cents (exact), times as ISO-8601
// UTC strings without milliseconds (Shopify's DateTime format), lists as JSON text.
import { DatabaseSync } from "node:sqlite";

export const DDL = `
CREATE TABLE IF NOT EXISTS shop (
  id INTEGER PRIMARY KEY, domain TEXT NOT NULL, name TEXT NOT NULL, email TEXT NOT NULL,
  currency_code TEXT NOT NULL, iana_timezone TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS locations (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT NOT NULL, country_code TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS products (
  id INTEGER PRIMARY KEY, handle TEXT NOT NULL, title TEXT NOT NULL, description_html TEXT NOT NULL,
  vendor TEXT NOT NULL, product_type TEXT NOT NULL, tags TEXT NOT NULL, status TEXT NOT NULL,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, image_url TEXT, seo_title TEXT, seo_description TEXT);
CREATE INDEX IF NOT EXISTS products_updated ON products(updated_at, id);
CREATE INDEX IF NOT EXISTS products_handle ON products(handle);
CREATE TABLE IF NOT EXISTS variants (
  id INTEGER PRIMARY KEY, product_id INTEGER NOT NULL, position INTEGER NOT NULL,
  inventory_item_id INTEGER NOT NULL UNIQUE, title TEXT NOT NULL, sku TEXT NOT NULL,
  price_cents INTEGER NOT NULL, compare_at_price_cents INTEGER, unit_cost_cents INTEGER,
  options TEXT NOT NULL, true_elasticity REAL, base_daily_demand REAL,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS variants_product ON variants(product_id, position);
CREATE INDEX IF NOT EXISTS variants_sku ON variants(sku);
CREATE TABLE IF NOT EXISTS collections (
  id INTEGER PRIMARY KEY, handle TEXT NOT NULL, title TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS collection_products (
  collection_id INTEGER NOT NULL, product_id INTEGER NOT NULL, position INTEGER NOT NULL,
  PRIMARY KEY (collection_id, product_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS collection_products_product ON collection_products(product_id);
CREATE TABLE IF NOT EXISTS inventory_levels (
  inventory_item_id INTEGER NOT NULL, location_id INTEGER NOT NULL,
  available INTEGER NOT NULL, on_hand INTEGER NOT NULL, updated_at TEXT NOT NULL,
  PRIMARY KEY (inventory_item_id, location_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS customers (
  id INTEGER PRIMARY KEY, email TEXT NOT NULL, first_name TEXT NOT NULL, last_name TEXT NOT NULL,
  phone TEXT, city TEXT NOT NULL, province TEXT NOT NULL, country_code TEXT NOT NULL,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, accepts_marketing INTEGER NOT NULL,
  tags TEXT NOT NULL, note TEXT);
CREATE INDEX IF NOT EXISTS customers_email ON customers(email);
CREATE TABLE IF NOT EXISTS orders (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, number INTEGER NOT NULL, customer_id INTEGER, email TEXT,
  created_at TEXT NOT NULL, processed_at TEXT NOT NULL, updated_at TEXT NOT NULL, cancelled_at TEXT,
  currency_code TEXT NOT NULL, source_name TEXT NOT NULL, discount_codes TEXT NOT NULL,
  total_discounts_cents INTEGER NOT NULL, subtotal_cents INTEGER NOT NULL, shipping_cents INTEGER NOT NULL,
  tax_cents INTEGER NOT NULL, total_cents INTEGER NOT NULL, refunded_cents INTEGER NOT NULL,
  financial_status TEXT NOT NULL, fulfillment_status TEXT NOT NULL,
  billing_address TEXT, shipping_address TEXT, note TEXT, tags TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS orders_processed ON orders(processed_at, id);
CREATE INDEX IF NOT EXISTS orders_created ON orders(created_at, id);
CREATE INDEX IF NOT EXISTS orders_updated ON orders(updated_at, id);
CREATE INDEX IF NOT EXISTS orders_customer ON orders(customer_id, processed_at);
CREATE TABLE IF NOT EXISTS line_items (
  id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL, position INTEGER NOT NULL, product_id INTEGER NOT NULL,
  variant_id INTEGER NOT NULL, sku TEXT NOT NULL, title TEXT NOT NULL, quantity INTEGER NOT NULL,
  unit_price_cents INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS line_items_order ON line_items(order_id, position);
CREATE TABLE IF NOT EXISTS refunds (
  id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL, created_at TEXT NOT NULL, note TEXT, amount_cents INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS refunds_order ON refunds(order_id);
CREATE TABLE IF NOT EXISTS refund_line_items (
  refund_id INTEGER NOT NULL, position INTEGER NOT NULL, line_item_id INTEGER NOT NULL, quantity INTEGER NOT NULL,
  PRIMARY KEY (refund_id, position)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS refund_line_items_line ON refund_line_items(line_item_id);
CREATE TABLE IF NOT EXISTS risk_assessments (
  order_id INTEGER PRIMARY KEY, risk_level TEXT NOT NULL, facts TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS fulfillment_orders (
  id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL, location_id INTEGER, status TEXT NOT NULL,
  hold_id INTEGER, hold_reason TEXT, hold_reason_notes TEXT, hold_handle TEXT,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS fulfillment_orders_order ON fulfillment_orders(order_id);
CREATE TABLE IF NOT EXISTS discount_codes (
  id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE COLLATE NOCASE, title TEXT NOT NULL,
  percentage REAL, amount_cents INTEGER, starts_at TEXT NOT NULL, ends_at TEXT, usage_limit INTEGER,
  applies_once_per_customer INTEGER NOT NULL, times_used INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS metafields (
  id INTEGER PRIMARY KEY, owner_type TEXT NOT NULL, owner_id INTEGER NOT NULL, namespace TEXT NOT NULL,
  key TEXT NOT NULL, type TEXT NOT NULL, value TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  UNIQUE (owner_type, owner_id, namespace, key));
CREATE TABLE IF NOT EXISTS price_history (
  variant_id INTEGER NOT NULL, from_date TEXT NOT NULL, price_cents INTEGER NOT NULL,
  PRIMARY KEY (variant_id, from_date)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS bulk_operations (
  id INTEGER PRIMARY KEY, type TEXT NOT NULL, status TEXT NOT NULL, query TEXT NOT NULL,
  created_at TEXT NOT NULL, completed_at TEXT, object_count INTEGER NOT NULL DEFAULT 0,
  root_object_count INTEGER NOT NULL DEFAULT 0, file_size INTEGER, file_path TEXT, error_code TEXT);
CREATE TABLE IF NOT EXISTS webhook_subscriptions (
  id INTEGER PRIMARY KEY, topic TEXT NOT NULL, uri TEXT NOT NULL, format TEXT NOT NULL,
  include_fields TEXT NOT NULL, name TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  UNIQUE (topic, uri));
CREATE TABLE IF NOT EXISTS webhook_deliveries (
  id INTEGER PRIMARY KEY, webhook_id TEXT NOT NULL, event_id TEXT NOT NULL, topic TEXT NOT NULL,
  uri TEXT NOT NULL, attempt INTEGER NOT NULL, status_code INTEGER, error TEXT, ok INTEGER NOT NULL,
  payload_bytes INTEGER NOT NULL, attempted_at TEXT NOT NULL);
`;

/** Opens (creating if needed) the database of one store; ":memory:" for tests. */
export function openStoreDb(dbPath: string): DatabaseSync {
  const db = new DatabaseSync(dbPath);
  if (dbPath !== ":memory:") db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536;");
  db.exec(DDL);
  return db;
}

/** Shopify's DateTime format: second precision, UTC, "Z" suffix. */
export function isoSeconds(input: string | number | Date): string {
  const d = input instanceof Date ? input : new Date(input);
  if (Number.isNaN(d.getTime())) throw new Error(`Not a date-time: ${String(input)}`);
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export const toCents = (amount: number): number => Math.round(amount * 100);
export const centsToDecimal = (cents: number): string => (cents / 100).toFixed(2);
