// Imports the Olist Brazilian e-commerce extract (/work/shared/data/olist) as a SeedStore.
// The extract's files were cut independently, so they overlap only partly: an order becomes a
// Shopify order when it has line items (orders JOIN items on order_id), and everything the
// extract lacks is either left empty or tagged "olist:..." on the record. See README.md for the
// full field mapping.

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { localDateOf, zonedToUtcMs } from "./dates";
import { IdAllocator } from "./ids";
import type {
  SeedCollection,
  SeedCustomer,
  SeedLineItem,
  SeedOrder,
  SeedPriceChange,
  SeedProduct,
  SeedStore,
} from "./types";

export const OLIST_TIMEZONE = "America/Sao_Paulo";

const FILES = {
  orders: {
    name: "olist_orders_dataset.csv",
    columns: [
      "order_id",
      "customer_id",
      "order_status",
      "order_purchase_timestamp",
      "order_approved_at",
      "order_delivered_carrier_date",
      "order_delivered_customer_date",
    ],
  },
  items: {
    name: "olist_order_items_dataset.csv",
    columns: ["order_id", "order_item_id", "product_id", "seller_id", "shipping_limit_date", "price", "freight_value"],
  },
  payments: { name: "olist_order_payments_dataset.csv", columns: ["order_id", "payment_value"] },
  customers: {
    name: "olistcustomerdataset.csv",
    columns: ["customer_id", "customer_unique_id", "customer_zip_code_prefix", "customer_city", "customer_state"],
  },
  products: { name: "olist_products_dataset.csv", columns: ["product_id", "product_category_name"] },
  translation: {
    name: "product_category_name_translation.csv",
    columns: ["product_category_name", "product_category_name_english"],
  },
} as const;

export interface OlistImportOptions {
  /** Also import orders that have no line items in the extract (tagged "olist:no-items", totals from payments or 0). */
  keepOrdersWithoutItems?: boolean;
  ids?: IdAllocator;
}

/** What was joined and what was missing, so that callers can see the extract's gaps. */
export interface OlistImportReport {
  orderRows: number;
  ordersImported: number;
  ordersSkippedWithoutItems: number;
  itemRows: number;
  itemRowsJoined: number;
  ordersWithPayments: number;
  ordersWithKnownCustomer: number;
  customerRows: number;
  customersImported: number;
  productsFromProductsFile: number;
  productsOnlyInItems: number;
  productsWithoutPrice: number;
  /** Rows left out because they lack the key that joins them (file, 1-based row incl. header). */
  skippedRows: { file: string; row: number; reason: string }[];
}

export type OlistStore = SeedStore & { orders: SeedOrder[]; report: OlistImportReport };

class OlistError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OlistImportError";
  }
}

type Row = Record<string, string> & { __row: number };

/**
 * Reads one extract file. All-empty padding rows (",,,,") are dropped; a row with data but no key
 * cannot be joined to anything, so it is left out and listed in `skipped` (the real extract has one).
 */
function readTable(
  dir: string,
  file: { name: string; columns: readonly string[] },
  key: string,
  skipped: OlistImportReport["skippedRows"],
): Row[] {
  const full = path.join(dir, file.name);
  if (!existsSync(full))
    throw new OlistError(
      `Olist import: ${full} is missing; send the Olist extract folder with ${Object.values(FILES)
        .map((f) => f.name)
        .join(", ")}`,
    );
  let records: string[][];
  try {
    records = parse(readFileSync(full), { bom: true, relax_column_count: true, skip_empty_lines: true });
  } catch (err) {
    throw new OlistError(`Olist import: ${file.name} is not readable as CSV: ${(err as Error).message}`);
  }
  const header = (records[0] ?? []).map((h) => h.trim());
  for (const column of file.columns) {
    if (!header.includes(column))
      throw new OlistError(
        `Olist import: ${file.name} has no "${column}" column (found: ${header.join(", ")}); send the original Olist column layout`,
      );
  }
  const rows: Row[] = [];
  for (let r = 1; r < records.length; r++) {
    const record = records[r];
    if (record.every((c) => c.trim() === "")) continue;
    const row = { __row: r + 1 } as Row;
    header.forEach((h, i) => (row[h] = (record[i] ?? "").trim()));
    if (!row[key]) {
      skipped.push({ file: file.name, row: r + 1, reason: `"${key}" is empty` });
      continue;
    }
    rows.push(row);
  }
  return rows;
}

function numberOf(row: Row, column: string, file: string): number {
  const text = row[column];
  if (!/^-?\d+(\.\d+)?$/.test(text ?? ""))
    throw new OlistError(
      `Olist import: ${file} row ${row.__row}, column "${column}": "${text}" is not a number; expected a decimal such as 58.90`,
    );
  return Number(text);
}

const TS_US = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const TS_ISO = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * Olist local time (São Paulo) to UTC epoch ms. Accepts the extract's `M/D/YYYY H:MM` and the
 * original dataset's `YYYY-MM-DD HH:MM:SS`; returns null for an empty cell.
 */
export function parseOlistTimestamp(text: string, where = "timestamp"): number | null {
  if (!text) return null;
  let y: number, mo: number, d: number, h: number, mi: number, s: number;
  let m = TS_US.exec(text);
  if (m) [mo, d, y, h, mi, s] = [+m[1], +m[2], +m[3], +m[4], +m[5], +(m[6] ?? 0)];
  else if ((m = TS_ISO.exec(text))) [y, mo, d, h, mi, s] = [+m[1], +m[2], +m[3], +m[4], +m[5], +(m[6] ?? 0)];
  else
    throw new OlistError(
      `Olist import: ${where}: "${text}" is not a timestamp; expected M/D/YYYY H:MM (e.g. 10/2/2017 10:56)`,
    );
  const local = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(local);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59)
    throw new OlistError(`Olist import: ${where}: "${text}" is not a real date and time`);
  return zonedToUtcMs(local, OLIST_TIMEZONE);
}

const ts = (row: Row, column: string, file: string) =>
  parseOlistTimestamp(row[column], `${file} row ${row.__row}, column "${column}"`);

function titleCase(snake: string): string {
  return snake
    .split(/[_\s]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(" ");
}

export function importOlist(dir: string, options: OlistImportOptions = {}): OlistStore {
  const ids = options.ids ?? new IdAllocator();
  const skippedRows: OlistImportReport["skippedRows"] = [];
  const orderRows = readTable(dir, FILES.orders, "order_id", skippedRows);
  const itemRows = readTable(dir, FILES.items, "order_id", skippedRows);
  const paymentRows = readTable(dir, FILES.payments, "order_id", skippedRows);
  const customerRows = readTable(dir, FILES.customers, "customer_id", skippedRows);
  const productRows = readTable(dir, FILES.products, "product_id", skippedRows);
  const translationRows = readTable(dir, FILES.translation, "product_category_name", skippedRows);

  const english = new Map(translationRows.map((r) => [r.product_category_name, r.product_category_name_english]));
  const customerById = new Map(customerRows.map((r) => [r.customer_id, r]));
  const productRowById = new Map(productRows.map((r) => [r.product_id, r]));

  const itemsByOrder = new Map<string, Row[]>();
  for (const r of itemRows) {
    const list = itemsByOrder.get(r.order_id) ?? [];
    list.push(r);
    itemsByOrder.set(r.order_id, list);
  }
  const paymentByOrder = new Map<string, number>();
  for (const r of paymentRows)
    paymentByOrder.set(
      r.order_id,
      (paymentByOrder.get(r.order_id) ?? 0) + numberOf(r, "payment_value", FILES.payments.name),
    );

  // Orders, oldest first, with their purchase instants parsed once.
  const seenOrders = new Set<string>();
  const orders = orderRows
    .map((r) => {
      if (seenOrders.has(r.order_id))
        throw new OlistError(`Olist import: ${FILES.orders.name} row ${r.__row}: order_id ${r.order_id} appears twice`);
      seenOrders.add(r.order_id);
      const purchased = ts(r, "order_purchase_timestamp", FILES.orders.name);
      if (purchased === null)
        throw new OlistError(
          `Olist import: ${FILES.orders.name} row ${r.__row}: order_purchase_timestamp is empty; every order needs its purchase time`,
        );
      return { row: r, purchased };
    })
    .sort((a, b) => a.purchased - b.purchased || (a.row.order_id < b.row.order_id ? -1 : 1));
  const kept = orders.filter((o) => options.keepOrdersWithoutItems || itemsByOrder.has(o.row.order_id));

  // Products: every row of the products file, plus products that only appear in kept line items.
  const products = new Map<string, SeedProduct>();
  const productCategory = new Map<string, string>();
  let productsOnlyInItems = 0;
  const addProduct = (productId: string, createdAt: string) => {
    const row = productRowById.get(productId);
    const pt = row?.product_category_name ?? "";
    const category = pt ? (english.get(pt) ?? pt) : "";
    const typeTitle = category ? titleCase(category) : "Uncategorized";
    const tags = ["olist"];
    if (category) tags.push(category);
    if (!row) tags.push("olist:product-details-missing");
    const variantId = ids.next("variant");
    const product: SeedProduct = {
      id: ids.next("product"),
      handle: `${category ? category.replace(/_/g, "-") : "uncategorized"}-${productId.slice(0, 8)}`,
      title: `${typeTitle} ${productId.slice(0, 8)}`,
      descriptionHtml: "",
      vendor: "",
      productType: category ? typeTitle : "",
      tags,
      status: "ACTIVE",
      createdAt,
      updatedAt: createdAt,
      imageUrl: null,
      seoTitle: null,
      seoDescription: null,
      variants: [
        {
          id: variantId,
          inventoryItemId: ids.next("inventoryItem"),
          title: "Default Title",
          sku: `OL-${productId.slice(0, 12).toUpperCase()}`,
          price: 0,
          compareAtPrice: null,
          unitCost: null,
          options: [{ name: "Title", value: "Default Title" }],
          inventory: {},
          trueElasticity: null,
          baseDailyDemand: null,
          refPrice: null,
        },
      ],
      imageUrls: [],
    };
    products.set(productId, product);
    productCategory.set(productId, typeTitle);
    return product;
  };

  const firstPurchase = orders.length > 0 ? orders[0].purchased : Date.UTC(2016, 0, 1);
  const shopCreatedAt = new Date(firstPurchase - 86_400_000).toISOString();
  for (const r of productRows) if (!products.has(r.product_id)) addProduct(r.product_id, shopCreatedAt);
  const productsFromProductsFile = products.size;

  // Customers by customer_unique_id, so one person's orders share one customer.
  const customers = new Map<string, SeedCustomer>();
  const firstSeen = new Map<string, number>();
  for (const o of orders) {
    const c = customerById.get(o.row.customer_id);
    if (c && !firstSeen.has(c.customer_unique_id)) firstSeen.set(c.customer_unique_id, o.purchased);
  }
  for (const r of customerRows) {
    if (customers.has(r.customer_unique_id)) continue;
    const seen = firstSeen.get(r.customer_unique_id);
    customers.set(r.customer_unique_id, {
      id: ids.next("customer"),
      email: `${r.customer_unique_id}@customers.olist.test`,
      firstName: "Customer",
      lastName: r.customer_unique_id.slice(0, 8),
      phone: null,
      city: titleCase(r.customer_city),
      province: r.customer_state,
      countryCode: "BR",
      // Olist has no sign-up date: a customer dates from their first purchase in the extract.
      createdAt: new Date(seen !== undefined ? seen - 60_000 : firstPurchase - 86_400_000).toISOString(),
      acceptsMarketing: false,
      tags: seen === undefined ? ["olist", "olist:no-orders-in-extract"] : ["olist"],
      note: null,
    });
  }

  const locationId = ids.next("location");
  const priceChanges = new Map<string, { day: string; price: number }[]>();
  const seedOrders: SeedOrder[] = [];
  let itemRowsJoined = 0;
  let ordersWithPayments = 0;
  let ordersWithKnownCustomer = 0;

  kept.forEach(({ row, purchased }, index) => {
    const createdAt = new Date(purchased).toISOString();
    const items = itemsByOrder.get(row.order_id) ?? [];
    const lineItems: SeedLineItem[] = [];
    let subtotal = 0;
    let freight = 0;
    // Olist has one row per unit; Shopify has one line per product and price, with a quantity.
    for (const item of items.sort((a, b) => Number(a.order_item_id) - Number(b.order_item_id))) {
      itemRowsJoined++;
      const price = numberOf(item, "price", FILES.items.name);
      freight += numberOf(item, "freight_value", FILES.items.name);
      subtotal += price;
      let product = products.get(item.product_id);
      if (!product) {
        product = addProduct(item.product_id, createdAt);
        productsOnlyInItems++;
      }
      if (!product.vendor) product.vendor = `Olist seller ${item.seller_id.slice(0, 8)}`;
      const variant = product.variants[0];
      const line = lineItems.find((li) => li.variantId === variant.id && li.unitPrice === price);
      if (line) line.quantity++;
      else
        lineItems.push({
          id: ids.next("lineItem"),
          productId: product.id,
          variantId: variant.id,
          sku: variant.sku,
          title: product.title,
          quantity: 1,
          unitPrice: price,
        });
      const changes = priceChanges.get(item.product_id) ?? [];
      changes.push({ day: localDateOf(purchased, OLIST_TIMEZONE), price });
      priceChanges.set(item.product_id, changes);
    }
    subtotal = round2(subtotal);
    freight = round2(freight);

    const tags = ["olist"];
    if (items.length === 0) tags.push("olist:no-items");
    const paid = paymentByOrder.get(row.order_id);
    if (paid !== undefined) ordersWithPayments++;
    else tags.push("olist:no-payments");
    const totalPrice = round2(paid ?? subtotal + freight);

    const customerRow = customerById.get(row.customer_id);
    const customer = customerRow ? customers.get(customerRow.customer_unique_id)! : null;
    if (customer) ordersWithKnownCustomer++;
    else tags.push("olist:customer-unknown");
    const address = customerRow
      ? {
          address1: "",
          city: titleCase(customerRow.customer_city),
          province: customerRow.customer_state,
          zip: customerRow.customer_zip_code_prefix.padStart(5, "0"),
          countryCode: "BR",
        }
      : null;

    const approved = ts(row, "order_approved_at", FILES.orders.name);
    const carrier = ts(row, "order_delivered_carrier_date", FILES.orders.name);
    const delivered = ts(row, "order_delivered_customer_date", FILES.orders.name);
    const status = row.order_status;
    const cancelled = status === "canceled" || status === "unavailable";
    if (status === "unavailable") tags.push("olist:unavailable");
    // Olist records no cancellation time: use the last thing that happened to the order.
    const cancelledMs = cancelled ? Math.max(purchased, approved ?? 0, carrier ?? 0, delivered ?? 0) : null;
    let financialStatus: SeedOrder["financialStatus"] = status === "created" ? "PENDING" : "PAID";
    const refunds: SeedOrder["refunds"] = [];
    if (cancelled) {
      if (approved === null) financialStatus = "VOIDED";
      else {
        financialStatus = "REFUNDED";
        refunds.push({
          id: ids.next("refund"),
          createdAt: new Date(cancelledMs!).toISOString(),
          note: `Olist order ${status}`,
          lineItems: lineItems.map((li) => ({ lineItemId: li.id, quantity: li.quantity })),
          amount: totalPrice,
        });
      }
    }

    seedOrders.push({
      id: ids.next("order"),
      name: `#${1001 + index}`,
      customerId: customer?.id ?? null,
      email: customer?.email ?? null,
      createdAt,
      processedAt: new Date(approved ?? purchased).toISOString(),
      cancelledAt: cancelledMs !== null ? new Date(cancelledMs).toISOString() : null,
      currencyCode: "BRL",
      sourceName: "olist",
      discountCodes: [],
      totalDiscounts: 0,
      subtotalPrice: subtotal,
      totalShipping: freight,
      totalTax: 0,
      totalPrice,
      financialStatus,
      fulfillmentStatus: !cancelled && (status === "delivered" || status === "shipped") ? "FULFILLED" : "UNFULFILLED",
      billingAddress: address,
      shippingAddress: address ? { ...address } : null,
      note: `Olist order_id ${row.order_id} (status: ${status})`,
      tags,
      lineItems,
      refunds,
      risk: null,
    });
  });

  // Prices: each product's price history from its sales; the current price is the last one paid.
  // Products without a sale in the joined data take their last price from the other item rows.
  const lastListedPrice = new Map<string, { at: number; price: number }>();
  for (const item of itemRows) {
    const at = ts(item, "shipping_limit_date", FILES.items.name) ?? 0;
    const prev = lastListedPrice.get(item.product_id);
    if (!prev || at >= prev.at)
      lastListedPrice.set(item.product_id, { at, price: numberOf(item, "price", FILES.items.name) });
    const product = products.get(item.product_id);
    if (product && !product.vendor) product.vendor = `Olist seller ${item.seller_id.slice(0, 8)}`;
  }
  const priceHistory: SeedPriceChange[] = [];
  let productsWithoutPrice = 0;
  for (const [productId, product] of products) {
    const variant = product.variants[0];
    const changes = priceChanges.get(productId);
    if (changes) {
      let last: number | null = null;
      for (const c of changes) {
        if (c.price === last) continue;
        priceHistory.push({ variantId: variant.id, from: c.day, price: c.price });
        last = c.price;
      }
      variant.price = last!;
    } else if (lastListedPrice.has(productId)) {
      variant.price = lastListedPrice.get(productId)!.price;
    } else {
      // No price anywhere in the extract: keep it off the storefront rather than invent one.
      productsWithoutPrice++;
      product.status = "DRAFT";
      product.tags.push("olist:no-price");
    }
    variant.inventory = { [locationId]: 0 };
  }

  const byType = new Map<string, number[]>();
  for (const [productId, product] of products) {
    const type = productCategory.get(productId)!;
    const list = byType.get(type) ?? [];
    list.push(product.id);
    byType.set(type, list);
  }
  const collections: SeedCollection[] = [...byType.keys()].sort().map((type) => ({
    id: ids.next("collection"),
    handle: type.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
    title: type,
    productIds: byType.get(type)!,
  }));

  return {
    shop: {
      domain: "olist-import.myshopify.com",
      name: "Olist (imported)",
      email: "owner@olist-import.test",
      currencyCode: "BRL",
      ianaTimezone: OLIST_TIMEZONE,
      createdAt: shopCreatedAt,
    },
    locations: [{ id: locationId, name: "Olist Marketplace", city: "Sao Paulo", countryCode: "BR" }],
    products: [...products.values()],
    collections,
    customers: [...customers.values()],
    discountCodes: [],
    priceHistory,
    orders: seedOrders,
    orderCount: seedOrders.length,
    report: {
      orderRows: orderRows.length,
      ordersImported: seedOrders.length,
      ordersSkippedWithoutItems: orders.length - kept.length,
      itemRows: itemRows.length,
      itemRowsJoined,
      ordersWithPayments,
      ordersWithKnownCustomer,
      customerRows: customerRows.length,
      customersImported: customers.size,
      productsFromProductsFile,
      productsOnlyInItems,
      productsWithoutPrice,
      skippedRows,
    },
  };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
