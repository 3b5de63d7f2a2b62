// Orders with line items, refunds, risk and fulfillment orders; customers; fulfillment holds.
import type { EmulatorStore, Row } from "../store/store";
import type { ResourceSearch } from "../store/search";
import { listConnection, rootConnection, type RootConnectionSpec } from "./connection";
import { countOf, loadLocation, loadProduct, loadVariant, withId } from "./catalog";
import { metafieldFields } from "./metafields";
import {
  CONNECTION_ARGS,
  count,
  gid,
  idOf,
  money,
  moneyBag,
  notImplemented,
  parseJson,
  rejectUnknownInput,
  type Resolvers,
  type UserError,
} from "./util";

const withConn = (extra: string[] = []) => [...CONNECTION_ARGS, ...extra];

function address(json: unknown, id: number) {
  const a = parseJson<{ address1: string; city: string; province: string; zip: string; countryCode: string } | null>(
    json,
    null,
  );
  if (!a) return null;
  return {
    __typename: "MailingAddress",
    id: gid("MailingAddress", id),
    address1: a.address1,
    address2: null,
    city: a.city,
    province: a.province,
    provinceCode: null,
    zip: a.zip,
    countryCodeV2: a.countryCode,
    country: a.countryCode,
    company: null,
    firstName: null,
    lastName: null,
    name: null,
    phone: null,
    latitude: null,
    longitude: null,
    formatted: [a.address1, `${a.city} ${a.province} ${a.zip}`.trim(), a.countryCode],
    formattedArea: `${a.city}, ${a.countryCode}`,
  };
}

export function orderView(row: Row, currency: string) {
  const bag = (cents: number) => moneyBag(cents, row.currency_code ?? currency);
  const total = Number(row.total_cents);
  const refunded = Number(row.refunded_cents);
  return {
    __typename: "Order",
    _row: row,
    id: gid("Order", row.id),
    legacyResourceId: String(row.id),
    name: row.name,
    number: row.number,
    email: row.email,
    createdAt: row.created_at,
    processedAt: row.processed_at,
    updatedAt: row.updated_at,
    cancelledAt: row.cancelled_at,
    closed: false,
    closedAt: null,
    confirmed: true,
    test: false,
    currencyCode: row.currency_code,
    presentmentCurrencyCode: row.currency_code,
    sourceName: row.source_name,
    discountCodes: parseJson<string[]>(row.discount_codes, []),
    discountCode: parseJson<string[]>(row.discount_codes, [])[0] ?? null,
    note: row.note,
    tags: parseJson<string[]>(row.tags, []),
    displayFinancialStatus: row.financial_status,
    displayFulfillmentStatus: row.fulfillment_status,
    subtotalPriceSet: bag(Number(row.subtotal_cents)),
    currentSubtotalPriceSet: bag(Number(row.subtotal_cents)),
    totalPriceSet: bag(total),
    originalTotalPriceSet: bag(total),
    currentTotalPriceSet: bag(total - refunded),
    totalDiscountsSet: bag(Number(row.total_discounts_cents)),
    currentTotalDiscountsSet: bag(Number(row.total_discounts_cents)),
    totalShippingPriceSet: bag(Number(row.shipping_cents)),
    currentShippingPriceSet: bag(Number(row.shipping_cents)),
    totalTaxSet: bag(Number(row.tax_cents)),
    currentTotalTaxSet: bag(Number(row.tax_cents)),
    totalRefundedSet: bag(refunded),
    netPaymentSet: bag(total - refunded),
    totalReceivedSet: bag(row.financial_status === "PENDING" ? 0 : total),
    totalOutstandingSet: bag(row.financial_status === "PENDING" ? total : 0),
    fullyPaid: row.financial_status !== "PENDING",
    unpaid: row.financial_status === "PENDING",
    refundable: refunded < total && row.financial_status !== "PENDING",
    billingAddress: address(row.billing_address, row.id * 10 + 1),
    shippingAddress: address(row.shipping_address, row.id * 10 + 2),
    taxesIncluded: false,
    taxExempt: false,
    requiresShipping: true,
    customerAcceptsMarketing: false,
  };
}

export function lineItemView(row: Row, currency: string) {
  const bag = (cents: number) => moneyBag(cents, currency);
  const unit = Number(row.unit_price_cents);
  const refunded = Number(row.refunded_quantity ?? 0);
  return {
    __typename: "LineItem",
    _row: row,
    id: gid("LineItem", row.id),
    name: row.title,
    title: row.title,
    sku: row.sku,
    quantity: row.quantity,
    currentQuantity: row.quantity - refunded,
    refundableQuantity: row.quantity - refunded,
    originalUnitPriceSet: bag(unit),
    discountedUnitPriceSet: bag(unit),
    discountedUnitPriceAfterAllDiscountsSet: bag(unit),
    originalTotalSet: bag(unit * row.quantity),
    totalDiscountSet: bag(0),
    discountAllocations: [],
    requiresShipping: true,
    taxable: true,
    isGiftCard: false,
    merchantEditable: false,
    restockable: true,
    nonFulfillableQuantity: 0,
    unfulfilledQuantity: row.quantity - refunded,
    customAttributes: [],
  };
}

// The seed models a shipping charge per order, not carrier services: an order that ships gets one
// shipping line, titled by its price (free, standard, or international rates).
function shippingLinesOf(row: Row): { id: number; cents: number }[] {
  if (row.shipping_address == null) return [];
  return [{ id: Number(row.id), cents: Number(row.shipping_cents) }];
}

function shippingLineView(line: { id: number; cents: number }, currency: string) {
  const title = line.cents === 0 ? "Free shipping" : line.cents >= 1995 ? "International" : "Standard";
  return {
    __typename: "ShippingLine",
    id: gid("ShippingLine", line.id),
    title,
    code: title.toLowerCase().replace(/\s+/g, "-"),
    source: "shopify",
    carrierIdentifier: null,
    deliveryCategory: "shipping",
    custom: false,
    isRemoved: false,
    phone: null,
    shippingRateHandle: null,
    originalPriceSet: moneyBag(line.cents, currency),
    discountedPriceSet: moneyBag(line.cents, currency),
    currentDiscountedPriceSet: moneyBag(line.cents, currency),
    discountAllocations: [],
    taxLines: [],
  };
}

function lineItemsOf(store: EmulatorStore, orderId: number): Row[] {
  return store.all(
    "SELECT li.*, COALESCE((SELECT SUM(quantity) FROM refund_line_items rl WHERE rl.line_item_id = li.id), 0) " +
      "AS refunded_quantity FROM line_items li WHERE li.order_id = ? ORDER BY li.position",
    orderId,
  );
}

export function refundView(row: Row, currency: string) {
  return {
    __typename: "Refund",
    _row: row,
    id: gid("Refund", row.id),
    legacyResourceId: String(row.id),
    createdAt: row.created_at,
    processedAt: row.created_at,
    updatedAt: row.created_at,
    note: row.note,
    totalRefundedSet: moneyBag(Number(row.amount_cents), currency),
    _currency: currency,
  };
}

export function fulfillmentOrderView(row: Row) {
  const holds =
    row.hold_id == null
      ? []
      : [
          {
            __typename: "FulfillmentHold",
            id: gid("FulfillmentHold", row.hold_id),
            reason: row.hold_reason,
            reasonNotes: row.hold_reason_notes,
            handle: row.hold_handle,
            heldByRequestingApp: true,
            heldByApp: null,
            displayReason: String(row.hold_reason)
              .toLowerCase()
              .replace(/_/g, " ")
              .replace(/^./, (c) => c.toUpperCase()),
          },
        ];
  const actions: Record<string, string[]> = {
    OPEN: ["CREATE_FULFILLMENT", "HOLD", "MOVE"],
    ON_HOLD: ["RELEASE_HOLD"],
    IN_PROGRESS: ["CREATE_FULFILLMENT", "HOLD"],
  };
  return {
    __typename: "FulfillmentOrder",
    _row: row,
    id: gid("FulfillmentOrder", row.id),
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    orderId: gid("Order", row.order_id),
    requestStatus: "UNSUBMITTED",
    fulfillAt: null,
    fulfillBy: null,
    fulfillmentHolds: holds,
    supportedActions: (actions[row.status] ?? []).map((action) => ({ action, externalUrl: null })),
  };
}

export function customerView(row: Row) {
  return {
    __typename: "Customer",
    _row: row,
    id: gid("Customer", row.id),
    legacyResourceId: String(row.id),
    firstName: row.first_name,
    lastName: row.last_name,
    displayName: `${row.first_name} ${row.last_name}`.trim(),
    email: row.email,
    phone: row.phone,
    note: row.note,
    tags: parseJson<string[]>(row.tags, []),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    state: "ENABLED",
    verifiedEmail: true,
    taxExempt: false,
    locale: "en",
    canDelete: false,
    dataSaleOptOut: false,
    defaultAddress: {
      __typename: "MailingAddress",
      id: gid("MailingAddress", row.id * 10),
      city: row.city,
      province: row.province,
      countryCodeV2: row.country_code,
      country: row.country_code,
      address1: null,
      address2: null,
      zip: null,
      firstName: row.first_name,
      lastName: row.last_name,
      name: `${row.first_name} ${row.last_name}`.trim(),
      phone: row.phone,
      company: null,
      provinceCode: null,
      latitude: null,
      longitude: null,
      formatted: [`${row.city} ${row.province}`.trim(), row.country_code],
      formattedArea: `${row.city}, ${row.country_code}`,
    },
    defaultEmailAddress: {
      emailAddress: row.email,
      validFormat: true,
      marketingUpdatedAt: row.updated_at,
      marketingState: row.accepts_marketing ? "SUBSCRIBED" : "NOT_SUBSCRIBED",
      marketingOptInLevel: row.accepts_marketing ? "SINGLE_OPT_IN" : null,
    },
    defaultPhoneNumber: row.phone ? { phoneNumber: row.phone, marketingState: "NOT_SUBSCRIBED" } : null,
  };
}

export function loadOrder(store: EmulatorStore, id: number) {
  const row = store.one("SELECT * FROM orders WHERE id = ?", id);
  return row ? orderView(row, store.currency()) : null;
}
export function loadCustomer(store: EmulatorStore, id: number) {
  const row = store.one("SELECT * FROM customers WHERE id = ?", id);
  return row ? customerView(row) : null;
}
export function loadFulfillmentOrder(store: EmulatorStore, id: number) {
  const row = store.one("SELECT * FROM fulfillment_orders WHERE id = ?", id);
  return row ? fulfillmentOrderView(row) : null;
}
export function loadRefund(store: EmulatorStore, id: number) {
  const row = store.one("SELECT * FROM refunds WHERE id = ?", id);
  return row ? refundView(row, store.currency()) : null;
}
export function loadLineItem(store: EmulatorStore, id: number) {
  const row = store.one(
    "SELECT li.*, COALESCE((SELECT SUM(quantity) FROM refund_line_items rl WHERE rl.line_item_id = li.id), 0) " +
      "AS refunded_quantity FROM line_items li WHERE li.id = ?",
    id,
  );
  return row ? lineItemView(row, store.currency()) : null;
}

export const orderSearch: ResourceSearch = {
  resource: "orders",
  defaultField: "name",
  fields: {
    id: { kind: "number", expr: "o.id" },
    name: {
      kind: "exact",
      expr: "o.name",
      compile: (op, v) => ({ sql: `o.name ${op} ?`, params: [v.startsWith("#") ? v : `#${v}`] }),
    },
    created_at: { kind: "date", expr: "o.created_at" },
    processed_at: { kind: "date", expr: "o.processed_at" },
    updated_at: { kind: "date", expr: "o.updated_at" },
    customer_id: { kind: "number", expr: "o.customer_id" },
    email: { kind: "exact", expr: "o.email" },
    tag: { kind: "tag", expr: "o.tags" },
    source_name: { kind: "exact", expr: "o.source_name" },
    discount_code: { kind: "tag", expr: "o.discount_codes" },
    sku: {
      kind: "exact",
      expr: "",
      compile: (_op, v) => ({
        sql: "EXISTS (SELECT 1 FROM line_items sl WHERE sl.order_id = o.id AND sl.sku = ?)",
        params: [v],
      }),
    },
    financial_status: {
      kind: "enum",
      expr: "o.financial_status",
      values: {
        paid: "PAID",
        partially_refunded: "PARTIALLY_REFUNDED",
        refunded: "REFUNDED",
        pending: "PENDING",
        voided: "VOIDED",
      },
    },
    fulfillment_status: {
      kind: "enum",
      expr: "o.fulfillment_status",
      values: {
        shipped: "FULFILLED",
        fulfilled: "FULFILLED",
        unshipped: "UNFULFILLED",
        unfulfilled: "UNFULFILLED",
        partial: "PARTIALLY_FULFILLED",
        partially_fulfilled: "PARTIALLY_FULFILLED",
      },
    },
    status: {
      kind: "enum",
      expr: "o.cancelled_at",
      values: {
        open: { sql: "o.cancelled_at IS NULL" },
        cancelled: { sql: "o.cancelled_at IS NOT NULL" },
        any: { sql: "1" },
      },
    },
    risk_level: {
      kind: "enum",
      expr: "(SELECT risk_level FROM risk_assessments WHERE order_id = o.id)",
      values: { high: "HIGH", medium: "MEDIUM", low: "LOW" },
    },
  },
};
const orderSpec: RootConnectionSpec = {
  from: "orders o",
  idExpr: "o.id",
  search: orderSearch,
  sortKeys: {
    PROCESSED_AT: "o.processed_at",
    CREATED_AT: "o.created_at",
    UPDATED_AT: "o.updated_at",
    ID: "o.id",
    ORDER_NUMBER: "o.number",
    TOTAL_PRICE: "o.total_cents",
  },
};

const customerSpec: RootConnectionSpec = {
  from: "customers c",
  idExpr: "c.id",
  search: {
    resource: "customers",
    defaultField: "email",
    fields: {
      id: { kind: "number", expr: "c.id" },
      email: { kind: "exact", expr: "c.email" },
      first_name: { kind: "exact", expr: "c.first_name" },
      last_name: { kind: "exact", expr: "c.last_name" },
      country: { kind: "exact", expr: "c.country_code" },
      tag: { kind: "tag", expr: "c.tags" },
      created_at: { kind: "date", expr: "c.created_at" },
      updated_at: { kind: "date", expr: "c.updated_at" },
      accepts_marketing: { kind: "enum", expr: "c.accepts_marketing", values: { true: "1", false: "0" } },
    },
  },
  sortKeys: {
    ID: "c.id",
    CREATED_AT: "c.created_at",
    UPDATED_AT: "c.updated_at",
    NAME: "c.last_name || ' ' || c.first_name",
  },
};

const FO_STATUS = {
  open: "OPEN",
  on_hold: "ON_HOLD",
  in_progress: "IN_PROGRESS",
  closed: "CLOSED",
  cancelled: "CANCELLED",
  scheduled: "SCHEDULED",
  incomplete: "INCOMPLETE",
};
const fulfillmentOrderSpec: RootConnectionSpec = {
  from: "fulfillment_orders f",
  idExpr: "f.id",
  search: {
    resource: "fulfillmentOrders",
    defaultField: "status",
    fields: {
      id: { kind: "number", expr: "f.id" },
      status: { kind: "enum", expr: "f.status", values: FO_STATUS },
      order_id: { kind: "number", expr: "f.order_id" },
      assigned_location_id: { kind: "number", expr: "f.location_id" },
      updated_at: { kind: "date", expr: "f.updated_at" },
    },
  },
  sortKeys: { ID: "f.id", UPDATED_AT: "f.updated_at", CREATED_AT: "f.created_at" },
};

const OPEN_FO = { sql: "f.status NOT IN ('CLOSED', 'CANCELLED')", params: [] };

function recommendation(level: string | undefined): string {
  return level === "HIGH" ? "CANCEL" : level === "MEDIUM" ? "INVESTIGATE" : level === "LOW" ? "ACCEPT" : "NONE";
}

export const orderResolvers: Resolvers = {
  QueryRoot: {
    orders: {
      args: withConn(["query", "sortKey"]),
      resolve: (_p, a, ctx, info) => rootConnection(ctx, info, orderSpec, a, (r) => orderView(r, ctx.store.currency())),
    },
    ordersCount: { args: ["query", "limit"], resolve: (_p, a, ctx) => countOf(ctx.store, orderSpec, a.query, a.limit) },
    order: { args: ["id"], resolve: (_p, a, ctx) => withId(a.id, "Order", (id) => loadOrder(ctx.store, id)) },
    customers: {
      args: withConn(["query", "sortKey"]),
      resolve: (_p, a, ctx, info) => rootConnection(ctx, info, customerSpec, a, customerView),
    },
    customersCount: {
      args: ["query", "limit"],
      resolve: (_p, a, ctx) => countOf(ctx.store, customerSpec, a.query, a.limit),
    },
    customer: { args: ["id"], resolve: (_p, a, ctx) => withId(a.id, "Customer", (id) => loadCustomer(ctx.store, id)) },
    fulfillmentOrders: {
      args: withConn(["query", "sortKey", "includeClosed"]),
      resolve: (_p, a, ctx, info) =>
        rootConnection(
          ctx,
          info,
          { ...fulfillmentOrderSpec, where: a.includeClosed ? [] : [OPEN_FO] },
          a,
          fulfillmentOrderView,
        ),
    },
    fulfillmentOrder: {
      args: ["id"],
      resolve: (_p, a, ctx) => withId(a.id, "FulfillmentOrder", (id) => loadFulfillmentOrder(ctx.store, id)),
    },
  },
  Order: {
    customer: (o, _a, ctx) => (o._row.customer_id == null ? null : loadCustomer(ctx.store, o._row.customer_id)),
    lineItems: {
      args: withConn(),
      resolve: (o, a, ctx) =>
        listConnection(
          ctx,
          lineItemsOf(ctx.store, o._row.id),
          (r) => Number(r.id),
          a,
          (r) => lineItemView(r, o.currencyCode),
        ),
    },
    shippingLines: {
      args: withConn(["includeRemovals"]),
      resolve: (o, a, ctx) =>
        listConnection(
          ctx,
          shippingLinesOf(o._row),
          (l) => l.id,
          a,
          (l) => shippingLineView(l, o.currencyCode),
        ),
    },
    subtotalLineItemsQuantity: (o, _a, ctx) =>
      Number(ctx.store.one("SELECT COALESCE(SUM(quantity), 0) AS n FROM line_items WHERE order_id = ?", o._row.id)!.n),
    currentSubtotalLineItemsQuantity: (o, _a, ctx) =>
      lineItemsOf(ctx.store, o._row.id).reduce((s, li) => s + Number(li.quantity) - Number(li.refunded_quantity), 0),
    refunds: {
      args: ["first"],
      resolve: (o, a, ctx) =>
        ctx.store
          .all("SELECT * FROM refunds WHERE order_id = ? ORDER BY id", o._row.id)
          .slice(0, a.first ?? undefined)
          .map((r) => refundView(r, o.currencyCode)),
    },
    risk: (o, _a, ctx) => {
      const r = ctx.store.one("SELECT * FROM risk_assessments WHERE order_id = ?", o._row.id);
      return {
        recommendation: recommendation(r?.risk_level),
        assessments: r ? [{ riskLevel: r.risk_level, provider: null, facts: parseJson(r.facts, []) }] : [],
      };
    },
    fulfillmentOrders: {
      args: withConn(["query", "displayable"]),
      resolve: (o, a, ctx) => {
        if (a.query) throw notImplemented("Argument 'query' on field 'Order.fulfillmentOrders'");
        const rows = ctx.store.all("SELECT * FROM fulfillment_orders WHERE order_id = ? ORDER BY id", o._row.id);
        return listConnection(ctx, rows, (r) => Number(r.id), a, fulfillmentOrderView);
      },
    },
    ...metafieldFields("ORDER", (o) => o._row.id),
  },
  LineItem: {
    product: (li, _a, ctx) => loadProduct(ctx.store, li._row.product_id),
    variant: (li, _a, ctx) => loadVariant(ctx.store, li._row.variant_id),
    variantTitle: (li, _a, ctx) =>
      ctx.store.one("SELECT title FROM variants WHERE id = ?", li._row.variant_id)?.title ?? null,
    vendor: (li, _a, ctx) =>
      ctx.store.one("SELECT vendor FROM products WHERE id = ?", li._row.product_id)?.vendor ?? null,
    discountedTotalSet: { args: ["withCodeDiscounts"], resolve: (li) => li.originalTotalSet },
  },
  Refund: {
    order: (r, _a, ctx) => loadOrder(ctx.store, r._row.order_id),
    refundLineItems: {
      args: withConn(),
      resolve: (r, a, ctx) => {
        const rows = ctx.store.all("SELECT * FROM refund_line_items WHERE refund_id = ? ORDER BY position", r._row.id);
        return listConnection(
          ctx,
          rows,
          (x) => Number(x.position),
          a,
          (x) => {
            const li = ctx.store.one("SELECT unit_price_cents FROM line_items WHERE id = ?", x.line_item_id);
            const unit = Number(li?.unit_price_cents ?? 0);
            return {
              __typename: "RefundLineItem",
              id: gid("RefundLineItem", Number(r._row.id) * 1000 + Number(x.position)),
              quantity: x.quantity,
              restockType: "NO_RESTOCK",
              restocked: false,
              location: null,
              priceSet: moneyBag(unit, r._currency),
              subtotalSet: moneyBag(unit * Number(x.quantity), r._currency),
              totalTaxSet: moneyBag(0, r._currency),
              _lineItemId: x.line_item_id,
            };
          },
        );
      },
    },
  },
  RefundLineItem: {
    lineItem: (x, _a, ctx) => loadLineItem(ctx.store, x._lineItemId),
  },
  FulfillmentOrder: {
    order: (f, _a, ctx) => loadOrder(ctx.store, f._row.order_id),
    orderName: (f, _a, ctx) => ctx.store.one("SELECT name FROM orders WHERE id = ?", f._row.order_id)?.name,
    orderProcessedAt: (f, _a, ctx) =>
      ctx.store.one("SELECT processed_at FROM orders WHERE id = ?", f._row.order_id)?.processed_at,
    assignedLocation: (f, _a, ctx) => {
      const loc = f._row.location_id == null ? null : loadLocation(ctx.store, f._row.location_id);
      return {
        name: loc?.name ?? "",
        countryCode: loc?.address.countryCode ?? "US",
        city: loc?.address.city ?? null,
        location: loc,
        address1: null,
        address2: null,
        phone: null,
        province: null,
        zip: null,
      };
    },
    lineItems: {
      args: withConn(),
      resolve: (f, a, ctx) =>
        listConnection(
          ctx,
          lineItemsOf(ctx.store, f._row.order_id),
          (r) => Number(r.id),
          a,
          (r) => ({
            __typename: "FulfillmentOrderLineItem",
            id: gid("FulfillmentOrderLineItem", r.id),
            sku: r.sku,
            productTitle: r.title,
            totalQuantity: r.quantity,
            remainingQuantity: f._row.status === "CLOSED" ? 0 : r.quantity - r.refunded_quantity,
            requiresShipping: true,
            inventoryItemId: null,
            warnings: [],
            _lineItem: r,
          }),
        ),
    },
  },
  FulfillmentOrderLineItem: {
    lineItem: (x, _a, ctx) => lineItemView(x._lineItem, ctx.store.currency()),
    variant: (x, _a, ctx) => loadVariant(ctx.store, x._lineItem.variant_id),
  },
  Customer: {
    numberOfOrders: (c, _a, ctx) =>
      String(ctx.store.one("SELECT COUNT(*) AS n FROM orders WHERE customer_id = ?", c._row.id)!.n),
    amountSpent: (c, _a, ctx) =>
      money(
        Number(
          ctx.store.one(
            "SELECT COALESCE(SUM(total_cents - refunded_cents), 0) AS n FROM orders " +
              "WHERE customer_id = ? AND cancelled_at IS NULL",
            c._row.id,
          )!.n,
        ),
        ctx.store.currency(),
      ),
    lastOrder: (c, _a, ctx) => {
      const row = ctx.store.one(
        "SELECT * FROM orders WHERE customer_id = ? ORDER BY processed_at DESC, id DESC LIMIT 1",
        c._row.id,
      );
      return row ? orderView(row, ctx.store.currency()) : null;
    },
    orders: {
      args: withConn(["query", "sortKey"]),
      resolve: (c, a, ctx, info) =>
        rootConnection(
          ctx,
          info,
          { ...orderSpec, where: [{ sql: "o.customer_id = ?", params: [c._row.id] }] },
          a,
          (r) => orderView(r, ctx.store.currency()),
        ),
    },
    ...metafieldFields("CUSTOMER", (c) => c._row.id),
  },
  Mutation: {
    fulfillmentOrderHold: {
      args: ["id", "fulfillmentHold"],
      resolve: (_p, a, ctx) => {
        const input = a.fulfillmentHold;
        rejectUnknownInput(input, "FulfillmentOrderHoldInput", [
          "reason",
          "reasonNotes",
          "handle",
          "notifyMerchant",
          "externalId",
          "fulfillmentOrderLineItems",
        ]);
        if (input.fulfillmentOrderLineItems?.length)
          throw notImplemented("Input field 'FulfillmentOrderHoldInput.fulfillmentOrderLineItems' (partial holds)");
        const userErrors: UserError[] = [];
        const id = idOf(a.id, "FulfillmentOrder");
        const row = id == null ? undefined : ctx.store.one("SELECT * FROM fulfillment_orders WHERE id = ?", id);
        if (!row) {
          userErrors.push({
            field: ["id"],
            message: "Fulfillment order does not exist.",
            code: "FULFILLMENT_ORDER_NOT_FOUND",
          });
        } else if (!["OPEN", "IN_PROGRESS", "SCHEDULED"].includes(String(row.status))) {
          userErrors.push({
            field: ["id"],
            message: `Fulfillment order with status ${row.status} cannot be placed on hold.`,
            code: null,
          });
        }
        if (userErrors.length)
          return { fulfillmentHold: null, fulfillmentOrder: null, remainingFulfillmentOrder: null, userErrors };
        const holdId = Number(ctx.store.one("SELECT COALESCE(MAX(hold_id), 0) + 1 AS n FROM fulfillment_orders")!.n);
        ctx.store.run(
          "UPDATE fulfillment_orders SET status = 'ON_HOLD', hold_id = ?, hold_reason = ?, hold_reason_notes = ?, " +
            "hold_handle = ?, updated_at = ? WHERE id = ?",
          holdId,
          input.reason,
          input.reasonNotes ?? null,
          input.handle ?? "",
          ctx.store.now(),
          id,
        );
        ctx.store.run("UPDATE orders SET updated_at = ? WHERE id = ?", ctx.store.now(), row!.order_id);
        ctx.store.emit({ topic: "orders/updated", id: Number(row!.order_id) });
        const fo = loadFulfillmentOrder(ctx.store, id!)!;
        return {
          fulfillmentHold: fo.fulfillmentHolds[0],
          fulfillmentOrder: fo,
          remainingFulfillmentOrder: null,
          userErrors,
        };
      },
    },
    fulfillmentOrderReleaseHold: {
      args: ["id", "holdIds"],
      resolve: (_p, a, ctx) => {
        const id = idOf(a.id, "FulfillmentOrder");
        const row = id == null ? undefined : ctx.store.one("SELECT * FROM fulfillment_orders WHERE id = ?", id);
        if (!row) {
          return {
            fulfillmentOrder: null,
            userErrors: [
              { field: ["id"], message: "Fulfillment order does not exist.", code: "FULFILLMENT_ORDER_NOT_FOUND" },
            ],
          };
        }
        if (row.status !== "ON_HOLD") {
          return {
            fulfillmentOrder: null,
            userErrors: [{ field: ["id"], message: "The fulfillment order is not on hold.", code: null }],
          };
        }
        if (a.holdIds && !(a.holdIds as string[]).includes(gid("FulfillmentHold", row.hold_id))) {
          return {
            fulfillmentOrder: null,
            userErrors: [
              { field: ["holdIds"], message: "Fulfillment hold does not exist on this fulfillment order.", code: null },
            ],
          };
        }
        ctx.store.run(
          "UPDATE fulfillment_orders SET status = 'OPEN', hold_id = NULL, hold_reason = NULL, hold_reason_notes = NULL, " +
            "hold_handle = NULL, updated_at = ? WHERE id = ?",
          ctx.store.now(),
          id,
        );
        ctx.store.run("UPDATE orders SET updated_at = ? WHERE id = ?", ctx.store.now(), row.order_id);
        ctx.store.emit({ topic: "orders/updated", id: Number(row.order_id) });
        return { fulfillmentOrder: loadFulfillmentOrder(ctx.store, id!), userErrors: [] };
      },
    },
  },
};

export { count };
