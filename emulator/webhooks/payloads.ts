// Webhook bodies in Shopify's REST-style JSON (snake_case, money as strings, numeric ids plus
// admin_graphql_api_id), built from the store at the moment of the change.
import type { EmulatorStore, Row, StoreChange } from "../store/store";
import { centsToDecimal } from "../store/db";

const dec = (cents: unknown) => centsToDecimal(Number(cents ?? 0));
const list = (json: unknown): string[] => (json == null ? [] : (JSON.parse(String(json)) as string[]));
const addr = (json: unknown, first?: string, last?: string) => {
  if (json == null) return null;
  const a = JSON.parse(String(json));
  return {
    first_name: first ?? null,
    last_name: last ?? null,
    address1: a.address1,
    address2: null,
    city: a.city,
    province: a.province,
    zip: a.zip,
    country_code: a.countryCode,
    country: a.countryCode,
    company: null,
    phone: null,
  };
};

export function customerPayload(store: EmulatorStore, c: Row) {
  const stats = store.one(
    "SELECT COUNT(*) AS n, COALESCE(SUM(total_cents - refunded_cents), 0) AS spent, MAX(id) AS last " +
      "FROM orders WHERE customer_id = ?",
    c.id,
  )!;
  const address = {
    id: c.id,
    customer_id: c.id,
    first_name: c.first_name,
    last_name: c.last_name,
    city: c.city,
    province: c.province,
    country_code: c.country_code,
    default: true,
  };
  return {
    id: c.id,
    email: c.email,
    created_at: c.created_at,
    updated_at: c.updated_at,
    first_name: c.first_name,
    last_name: c.last_name,
    orders_count: Number(stats.n),
    state: "enabled",
    total_spent: dec(stats.spent),
    last_order_id: stats.last ?? null,
    note: c.note,
    verified_email: true,
    tax_exempt: false,
    phone: c.phone,
    tags: list(c.tags).join(", "),
    currency: store.currency(),
    addresses: [address],
    default_address: address,
    email_marketing_consent: {
      state: c.accepts_marketing ? "subscribed" : "not_subscribed",
      opt_in_level: "single_opt_in",
      consent_updated_at: c.updated_at,
    },
    admin_graphql_api_id: `gid://shopify/Customer/${c.id}`,
  };
}

function lineItemPayload(li: Row, currency: string) {
  const price = dec(li.unit_price_cents);
  return {
    id: li.id,
    admin_graphql_api_id: `gid://shopify/LineItem/${li.id}`,
    product_id: li.product_id,
    variant_id: li.variant_id,
    sku: li.sku,
    title: li.title,
    name: li.title,
    variant_title: li.variant_title ?? null,
    vendor: li.vendor ?? null,
    quantity: li.quantity,
    current_quantity: li.quantity - Number(li.refunded_quantity ?? 0),
    price,
    price_set: {
      shop_money: { amount: price, currency_code: currency },
      presentment_money: { amount: price, currency_code: currency },
    },
    total_discount: "0.00",
    requires_shipping: true,
    taxable: true,
    gift_card: false,
    fulfillment_status: null,
    fulfillable_quantity: li.quantity,
    tax_lines: [],
    discount_allocations: [],
  };
}

function lineItems(store: EmulatorStore, orderId: number): Row[] {
  return store.all(
    "SELECT li.*, v.title AS variant_title, p.vendor, COALESCE((SELECT SUM(quantity) FROM refund_line_items rl " +
      "WHERE rl.line_item_id = li.id), 0) AS refunded_quantity FROM line_items li LEFT JOIN variants v ON v.id = li.variant_id " +
      "LEFT JOIN products p ON p.id = li.product_id WHERE li.order_id = ? ORDER BY li.position",
    orderId,
  );
}

export function refundPayload(store: EmulatorStore, r: Row) {
  const currency = store.currency();
  const items = new Map(lineItems(store, Number(r.order_id)).map((li) => [Number(li.id), li]));
  const rlis = store.all("SELECT * FROM refund_line_items WHERE refund_id = ? ORDER BY position", r.id);
  return {
    id: r.id,
    admin_graphql_api_id: `gid://shopify/Refund/${r.id}`,
    order_id: r.order_id,
    created_at: r.created_at,
    processed_at: r.created_at,
    note: r.note,
    restock: false,
    user_id: null,
    refund_line_items: rlis.map((x) => {
      const li = items.get(Number(x.line_item_id))!;
      return {
        id: Number(r.id) * 1000 + Number(x.position),
        line_item_id: x.line_item_id,
        quantity: x.quantity,
        location_id: null,
        restock_type: "no_restock",
        subtotal: dec(Number(li.unit_price_cents) * Number(x.quantity)),
        total_tax: "0.00",
        line_item: lineItemPayload(li, currency),
      };
    }),
    transactions: [
      {
        id: r.id,
        order_id: r.order_id,
        kind: "refund",
        status: "success",
        amount: dec(r.amount_cents),
        currency,
        gateway: "bogus",
        created_at: r.created_at,
        processed_at: r.created_at,
      },
    ],
    order_adjustments: [],
  };
}

export function orderPayload(store: EmulatorStore, o: Row) {
  const currency = String(o.currency_code);
  const customer = o.customer_id == null ? null : store.one("SELECT * FROM customers WHERE id = ?", o.customer_id);
  const money = (cents: unknown) => ({
    shop_money: { amount: dec(cents), currency_code: currency },
    presentment_money: { amount: dec(cents), currency_code: currency },
  });
  const risk = store.one("SELECT risk_level FROM risk_assessments WHERE order_id = ?", o.id);
  const codes = list(o.discount_codes);
  return {
    id: o.id,
    admin_graphql_api_id: `gid://shopify/Order/${o.id}`,
    name: o.name,
    order_number: o.number,
    number: Number(o.number) - 1000,
    email: o.email,
    contact_email: o.email,
    created_at: o.created_at,
    updated_at: o.updated_at,
    processed_at: o.processed_at,
    cancelled_at: o.cancelled_at,
    closed_at: null,
    currency,
    presentment_currency: currency,
    financial_status: String(o.financial_status).toLowerCase(),
    fulfillment_status:
      o.fulfillment_status === "FULFILLED"
        ? "fulfilled"
        : o.fulfillment_status === "PARTIALLY_FULFILLED"
          ? "partial"
          : null,
    source_name: o.source_name,
    test: false,
    confirmed: true,
    note: o.note,
    tags: list(o.tags).join(", "),
    subtotal_price: dec(o.subtotal_cents),
    subtotal_price_set: money(o.subtotal_cents),
    total_price: dec(o.total_cents),
    total_price_set: money(o.total_cents),
    total_discounts: dec(o.total_discounts_cents),
    total_discounts_set: money(o.total_discounts_cents),
    total_tax: dec(o.tax_cents),
    total_tax_set: money(o.tax_cents),
    total_shipping_price_set: money(o.shipping_cents),
    current_total_price: dec(Number(o.total_cents) - Number(o.refunded_cents)),
    discount_codes: codes.map((code) => ({
      code,
      amount: dec(Number(o.total_discounts_cents) / codes.length),
      type: "percentage",
    })),
    customer: customer
      ? {
          id: customer.id,
          email: customer.email,
          first_name: customer.first_name,
          last_name: customer.last_name,
          admin_graphql_api_id: `gid://shopify/Customer/${customer.id}`,
        }
      : null,
    billing_address: addr(o.billing_address, customer?.first_name, customer?.last_name),
    shipping_address: addr(o.shipping_address, customer?.first_name, customer?.last_name),
    line_items: lineItems(store, Number(o.id)).map((li) => lineItemPayload(li, currency)),
    refunds: store
      .all("SELECT * FROM refunds WHERE order_id = ? ORDER BY id", o.id)
      .map((r) => refundPayload(store, r)),
    risk_level: risk ? String(risk.risk_level).toLowerCase() : null,
  };
}

export function productPayload(store: EmulatorStore, p: Row) {
  const variants = store.all("SELECT * FROM variants WHERE product_id = ? ORDER BY position", p.id);
  const optionNames: string[] = [];
  for (const v of variants)
    for (const o of JSON.parse(String(v.options)) as { name: string }[]) {
      if (!optionNames.includes(o.name)) optionNames.push(o.name);
    }
  return {
    id: p.id,
    admin_graphql_api_id: `gid://shopify/Product/${p.id}`,
    title: p.title,
    body_html: p.description_html,
    vendor: p.vendor,
    product_type: p.product_type,
    handle: p.handle,
    created_at: p.created_at,
    updated_at: p.updated_at,
    published_at: p.status === "ACTIVE" ? p.created_at : null,
    status: String(p.status).toLowerCase(),
    tags: list(p.tags).join(", "),
    template_suffix: null,
    published_scope: "web",
    variants: variants.map((v) => {
      const opts = JSON.parse(String(v.options)) as { name: string; value: string }[];
      const qty = store.one(
        "SELECT COALESCE(SUM(available), 0) AS n FROM inventory_levels WHERE inventory_item_id = ?",
        v.inventory_item_id,
      )!;
      return {
        id: v.id,
        admin_graphql_api_id: `gid://shopify/ProductVariant/${v.id}`,
        product_id: p.id,
        title: v.title,
        price: dec(v.price_cents),
        compare_at_price: v.compare_at_price_cents == null ? null : dec(v.compare_at_price_cents),
        sku: v.sku,
        position: v.position,
        inventory_item_id: v.inventory_item_id,
        inventory_quantity: Number(qty.n),
        inventory_policy: "deny",
        taxable: true,
        barcode: null,
        created_at: v.created_at,
        updated_at: v.updated_at,
        option1: opts[0]?.value ?? null,
        option2: opts[1]?.value ?? null,
        option3: opts[2]?.value ?? null,
      };
    }),
    options: optionNames.map((name, i) => ({
      product_id: p.id,
      name,
      position: i + 1,
      values: [
        ...new Set(
          variants.flatMap((v) =>
            (JSON.parse(String(v.options)) as { name: string; value: string }[])
              .filter((o) => o.name === name)
              .map((o) => o.value),
          ),
        ),
      ],
    })),
    images: p.image_url ? [{ id: p.id, product_id: p.id, position: 1, src: p.image_url, alt: p.title }] : [],
    image: p.image_url ? { id: p.id, product_id: p.id, position: 1, src: p.image_url, alt: p.title } : null,
  };
}

export function shopPayload(shop: Row) {
  return {
    id: 1,
    name: shop.name,
    email: shop.email,
    domain: shop.domain,
    myshopify_domain: shop.domain,
    currency: shop.currency_code,
    iana_timezone: shop.iana_timezone,
    created_at: shop.created_at,
    updated_at: shop.updated_at,
    plan_name: "partner_test",
  };
}

/** The body of the webhook announcing `change`, or null when its subject no longer exists. */
export function payloadFor(store: EmulatorStore, change: StoreChange): Record<string, unknown> | null {
  switch (change.topic) {
    case "orders/create":
    case "orders/updated": {
      const o = store.one("SELECT * FROM orders WHERE id = ?", change.id);
      return o ? orderPayload(store, o) : null;
    }
    case "refunds/create": {
      const r = store.one("SELECT * FROM refunds WHERE id = ?", change.id);
      return r ? refundPayload(store, r) : null;
    }
    case "products/create":
    case "products/update": {
      const p = store.one("SELECT * FROM products WHERE id = ?", change.id);
      return p ? productPayload(store, p) : null;
    }
    case "products/delete":
      return { id: change.id };
    case "inventory_levels/update": {
      const l = store.inventoryLevel(change.id, change.locationId!);
      return l
        ? {
            inventory_item_id: l.inventory_item_id,
            location_id: l.location_id,
            available: l.available,
            updated_at: l.updated_at,
            admin_graphql_api_id: `gid://shopify/InventoryLevel/${l.location_id}?inventory_item_id=${l.inventory_item_id}`,
          }
        : null;
    }
    case "customers/create":
    case "customers/update": {
      const c = store.one("SELECT * FROM customers WHERE id = ?", change.id);
      return c ? customerPayload(store, c) : null;
    }
    case "app/uninstalled":
      return shopPayload(store.shop());
  }
}
