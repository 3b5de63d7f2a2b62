// Lookup tools: find a product, an order or a customer the way a merchant names them, and the
// orders worth a second look. They read the store mirror only (never the store), paged and bounded,
// so AIRA, MCP clients and real models can resolve "the bracelet", "the latest order from Anna" or
// "suspicious orders" before they act.
import { z } from "zod";
import { fail, ok } from "../core/result";
import { defineTool } from "../core/tool";
import { inChunks } from "../db/chunk";
import { shopCurrency } from "../findings/words";
import { shopLocations, locationName } from "../purchasing/locations";
import {
  customersMatching,
  customerNames,
  fullName,
  orderNameOf,
  ORDER_FIELDS,
  productsWithVariants,
  searchOrders,
  searchProducts,
  type FoundProduct,
} from "./queries";
import { compareKeys, cursorInput, decodeCursor, encodeCursor, nextCursorOutput } from "./cursor";

const NEXT_PAGE = "More pages: when nextCursor is not null, call again with the same filters and cursor: nextCursor.";
/** search_orders' keyset: the last order's createdAt (ISO) and id. */
/** search_products' keyset: phase, exact title, title length, title and id of the last product. */
const productKey = z.tuple([
  z.number().int().min(0).max(5),
  z.number().int().min(0).max(1),
  z.number().int().min(0),
  z.string().max(2000),
  z.string().min(1).max(100),
]);
/** search_customers' keyset: exact email or words, the last customer's total spent and id. */
const customerKey = z.tuple([z.enum(["email", "words"]), z.number(), z.string().min(1).max(100)]);
/** list_risky_orders' keyset: the last order's rank, createdAt (ISO) and id. */
type RiskyKey = [rank: number, createdAt: string, id: string];
const riskyKey = z.tuple([z.number(), z.iso.datetime(), z.string().min(1).max(100)]);
const orderKey = z.tuple([z.iso.datetime(), z.string().min(1).max(100)]);

const READ_ONLY = { readOnly: true, destructive: false, idempotent: true } as const;

const variantOut = z.object({
  variantId: z.string(),
  title: z.string(),
  sku: z.string().nullable(),
  price: z.number(),
  cost: z.number().nullable(),
  stock: z.number().describe("Units available over all locations"),
  stockByLocation: z.array(z.object({ locationId: z.string(), location: z.string(), available: z.number() })),
});
const productOut = z.object({
  productId: z.string(),
  title: z.string(),
  vendor: z.string().nullable(),
  productType: z.string().nullable(),
  status: z.string(),
  tags: z.array(z.string()),
  variants: z.array(variantOut),
});

async function withLocationNames(ctx: Parameters<typeof shopLocations>[0], products: FoundProduct[]) {
  const anyStock = products.some((p) => p.variants.some((v) => v.stockByLocation.length));
  const names = anyStock ? await shopLocations(ctx) : new Map<string, string>();
  return products.map((p) => ({
    ...p,
    variants: p.variants.map(({ inventoryItemId: _item, ...v }) => ({
      ...v,
      stockByLocation: v.stockByLocation.map((l) => ({ ...l, location: locationName(names, l.locationId) })),
    })),
  }));
}

export const searchProductsTool = defineTool({
  name: "search_products",
  title: "Find products",
  description: `Finds products in the synced catalogue by what the merchant calls them: words of the title, an exact SKU, a vendor, a product type or a tag, optionally within a price range or a stock level. Returns each product with its variants: SKU, price, unit cost, and units in stock per location (by location name). Use it to resolve 'the bracelet' or 'the hoodie' before proposing a change: when several products match, ask the merchant which one. Read-only; up to 50 products a page. ${NEXT_PAGE} With price or stock filters a page may hold fewer than limit while nextCursor still leads on.`,
  capability: "catalog",
  input: z.object({
    query: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe("Words of the title, a SKU, a vendor, a type or a tag"),
    vendor: z.string().trim().min(1).max(200).optional().describe("Only this vendor (exact)"),
    productType: z.string().trim().min(1).max(200).optional().describe("Only this product type (exact)"),
    tag: z.string().trim().min(1).max(100).optional().describe("Only products with this tag"),
    minPrice: z.number().min(0).optional().describe("Only variants priced at least this (shop currency)"),
    maxPrice: z.number().min(0).optional().describe("Only variants priced at most this (shop currency)"),
    minStock: z.number().int().optional().describe("Only variants with at least this many units in stock"),
    maxStock: z.number().int().optional().describe("Only variants with at most this many units in stock"),
    limit: z.number().int().min(1).max(50).default(10).describe("Products per page (1-50)"),
    cursor: cursorInput,
  }),
  output: z.object({
    currency: z.string().nullable(),
    products: z.array(productOut),
    more: z.boolean().describe("More products may match than this page holds"),
    nextCursor: nextCursorOutput,
  }),
  annotations: READ_ONLY,
  changesStore: false,
  async handler(ctx, input) {
    const position = decodeCursor("search_products", input, productKey);
    if (!position.ok) return position;
    const [found, currency] = await Promise.all([
      searchProducts(ctx.db, ctx.shop, input, position.key),
      shopCurrency(ctx.db, ctx.shop),
    ]);
    return ok({
      currency,
      products: await withLocationNames(ctx, found.products),
      more: found.more,
      nextCursor: found.next ? encodeCursor("search_products", input, found.next) : null,
    });
  },
});

export const getProduct = defineTool({
  name: "get_product",
  title: "One product",
  description:
    "Reads one product from the synced catalogue by its product id or by one of its SKUs: title, vendor, type, tags, status, and every variant with SKU, price, unit cost and stock per location. Read-only.",
  capability: "catalog",
  input: z
    .object({
      productId: z.string().trim().min(1).max(100).optional().describe("The product's id (numeric, or its gid)"),
      sku: z.string().trim().min(1).max(100).optional().describe("A SKU of one of its variants"),
    })
    .refine((v) => Boolean(v.productId || v.sku), { message: "Send productId or sku" }),
  output: z.object({ currency: z.string().nullable(), product: productOut }),
  annotations: READ_ONLY,
  changesStore: false,
  async handler(ctx, input) {
    let productId = input.productId?.split("/").pop();
    if (!productId && input.sku) {
      const variant = await ctx.db.mirrorVariant.findFirst({
        where: { shop: ctx.shop, sku: input.sku },
        select: { productId: true },
      });
      productId = variant?.productId;
    }
    const [product] = productId ? await productsWithVariants(ctx.db, ctx.shop, [productId]) : [];
    if (!product)
      return fail(
        "not_found",
        input.sku ? `No product has the SKU ${input.sku}.` : `No product with id ${input.productId}.`,
        "Find it with search_products first.",
      );
    const [named] = await withLocationNames(ctx, [product]);
    return ok({ currency: await shopCurrency(ctx.db, ctx.shop), product: named });
  },
});

const orderOut = z.object({
  orderId: z.string(),
  name: z.string(),
  customer: z.string().nullable().describe("The customer's name, or their email"),
  createdAt: z.string(),
  total: z.number(),
  refunded: z.number(),
  currency: z.string().nullable(),
  paymentStatus: z.string().nullable(),
  fulfillmentStatus: z.string().nullable(),
  cancelled: z.boolean(),
  risk: z.string().nullable().describe("Shopify's risk level: HIGH, MEDIUM, LOW, or null when not assessed"),
});

type OrderRow = Awaited<ReturnType<typeof searchOrders>>[number];

async function ordersOut(ctx: { db: Parameters<typeof customerNames>[0]; shop: string }, rows: OrderRow[]) {
  const names = await customerNames(
    ctx.db,
    ctx.shop,
    rows.map((r) => r.customerId),
  );
  return rows.map((r) => ({
    orderId: r.id,
    name: r.name,
    customer: (r.customerId && names.get(r.customerId)) || r.email || null,
    createdAt: r.createdAt.toISOString(),
    total: r.total,
    refunded: r.totalRefunded,
    currency: r.currencyCode,
    paymentStatus: r.financialStatus,
    fulfillmentStatus: r.fulfillmentStatus,
    cancelled: r.cancelledAt !== null,
    risk: r.riskLevel,
  }));
}

export const searchOrdersTool = defineTool({
  name: "search_orders",
  title: "Find orders",
  description: `Finds synced orders by their name or number ('#1042'), the customer's name or email, a date range, Shopify's risk level, or fulfillment status; newest first. Returns each order's name, customer, date, total, refunds, payment and fulfillment status and risk level. Use it for 'the latest order', 'Anna's orders', 'unfulfilled orders this week'. Read-only; up to 50 orders a page. ${NEXT_PAGE}`,
  capability: "orders",
  input: z.object({
    name: z.string().trim().min(1).max(40).optional().describe("The order's name or number, e.g. #1042"),
    customer: z.string().trim().min(1).max(200).optional().describe("The customer's name or email"),
    from: z.iso.date().optional().describe("Orders placed on or after this day (YYYY-MM-DD, UTC)"),
    to: z.iso.date().optional().describe("Orders placed on or before this day (YYYY-MM-DD, UTC)"),
    risk: z.enum(["HIGH", "MEDIUM", "LOW"]).optional().describe("Only orders Shopify rates at this risk level"),
    fulfillment: z.enum(["unfulfilled", "fulfilled", "partial"]).optional(),
    limit: z.number().int().min(1).max(50).default(10).describe("Orders per page (1-50)"),
    cursor: cursorInput,
  }),
  output: z.object({
    orders: z.array(orderOut),
    more: z.boolean().describe("More orders match than this page holds"),
    nextCursor: nextCursorOutput,
  }),
  annotations: READ_ONLY,
  changesStore: false,
  async handler(ctx, input) {
    if (input.from && input.to && input.from > input.to)
      return fail("invalid_input", "The range ends before it starts.", "Send from on or before to.");
    const position = decodeCursor("search_orders", input, orderKey);
    if (!position.ok) return position;
    const rows = await searchOrders(ctx.db, ctx.shop, {
      ...input,
      from: input.from ? new Date(`${input.from}T00:00:00Z`) : undefined,
      to: input.to ? new Date(`${input.to}T23:59:59.999Z`) : undefined,
      after: position.key,
    });
    const page = rows.slice(0, input.limit);
    const last = page.at(-1);
    const more = rows.length > input.limit && last !== undefined;
    return ok({
      orders: await ordersOut(ctx, page),
      more,
      nextCursor: more ? encodeCursor("search_orders", input, [last.createdAt.toISOString(), last.id]) : null,
    });
  },
});

export const getOrder = defineTool({
  name: "get_order",
  title: "One order",
  description:
    "Reads one synced order by its name or number ('#1042'): customer, date, totals, refunds, payment and fulfillment status, Shopify's risk level, the fraud score our order-fulfillment agent gave it (when it checked it), and its line items with titles, SKUs, quantities and prices. Read-only.",
  capability: "orders",
  input: z.object({ name: z.string().trim().min(1).max(40).describe("The order's name or number, e.g. #1042") }),
  output: z.object({
    order: orderOut.extend({
      subtotal: z.number(),
      discounts: z.number(),
      shipping: z.number(),
      tax: z.number(),
      discountCodes: z.array(z.string()),
      riskScore: z.number().nullable().describe("Our fraud score out of 100, when the agent checked the order"),
      riskReason: z.string().nullable(),
      lines: z.array(
        z.object({ title: z.string(), sku: z.string().nullable(), quantity: z.number(), unitPrice: z.number() }),
      ),
    }),
  }),
  annotations: READ_ONLY,
  changesStore: false,
  async handler(ctx, input) {
    const name = orderNameOf(input.name);
    const order = await ctx.db.mirrorOrder.findFirst({ where: { shop: ctx.shop, name } });
    if (!order) return fail("not_found", `There is no order ${name}.`, "Find it with search_orders.");
    const [lines, [base], finding] = await Promise.all([
      ctx.db.mirrorLineItem.findMany({ where: { shop: ctx.shop, orderId: order.id }, take: 250 }),
      ordersOut(ctx, [order]),
      ctx.db.finding.findUnique({
        where: { shop_kind_subject: { shop: ctx.shop, kind: "risky_order", subject: `order:${name}` } },
      }),
    ]);
    const figures = (finding?.data ?? null) as { score?: number; reason?: string } | null;
    return ok({
      order: {
        ...base,
        subtotal: order.subtotal,
        discounts: order.totalDiscounts,
        shipping: order.totalShipping,
        tax: order.totalTax,
        discountCodes: order.discountCodes ? order.discountCodes.split(",").filter(Boolean) : [],
        riskScore: typeof figures?.score === "number" ? figures.score : null,
        riskReason: typeof figures?.reason === "string" ? figures.reason : null,
        lines: lines.map((l) => ({ title: l.title, sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice })),
      },
    });
  },
});

export const searchCustomers = defineTool({
  name: "search_customers",
  title: "Find customers",
  description: `Finds synced customers by name or email (an exact email first). Returns only what serving them needs: name, email, number of orders, total spent and their latest order's name and date; no addresses or phone numbers. Biggest spenders first. Read-only; up to 25 customers a page. ${NEXT_PAGE}`,
  capability: "customers",
  input: z.object({
    query: z.string().trim().min(2).max(200).describe("A name, part of a name, or an email"),
    limit: z.number().int().min(1).max(25).default(5).describe("Customers per page (1-25)"),
    cursor: cursorInput,
  }),
  output: z.object({
    currency: z.string().nullable(),
    customers: z.array(
      z.object({
        customerId: z.string(),
        name: z.string().nullable(),
        email: z.string().nullable(),
        orders: z.number(),
        totalSpent: z.number(),
        latestOrder: z.object({ name: z.string(), createdAt: z.string() }).nullable(),
      }),
    ),
    more: z.boolean().describe("More customers match than this page holds"),
    nextCursor: nextCursorOutput,
  }),
  annotations: READ_ONLY,
  changesStore: false,
  async handler(ctx, input) {
    const position = decodeCursor("search_customers", input, customerKey);
    if (!position.ok) return position;
    const found = await customersMatching(ctx.db, ctx.shop, input.query, input.limit + 1, position.key);
    const ids = found.slice(0, input.limit).map((c) => c.id);
    const more = found.length > input.limit;
    const [rows, latest, currency] = await Promise.all([
      inChunks(ids, (chunk) => ctx.db.mirrorCustomer.findMany({ where: { shop: ctx.shop, id: { in: chunk } } })),
      // One indexed read per customer (shop, customerId, cancelledAt, createdAt): at most 25.
      Promise.all(
        ids.map((customerId) =>
          ctx.db.mirrorOrder.findFirst({
            where: { shop: ctx.shop, customerId },
            orderBy: { createdAt: "desc" },
            select: { customerId: true, name: true, createdAt: true },
          }),
        ),
      ),
      shopCurrency(ctx.db, ctx.shop),
    ]);
    const byId = new Map(rows.map((c) => [c.id, c]));
    const latestBy = new Map(latest.filter((o) => o?.customerId).map((o) => [o!.customerId!, o!]));
    return ok({
      currency,
      customers: ids.flatMap((id) => {
        const c = byId.get(id);
        if (!c) return [];
        const last = latestBy.get(id);
        return [
          {
            customerId: c.id,
            name: fullName(c),
            email: c.email,
            orders: c.ordersCount,
            totalSpent: c.totalSpent,
            latestOrder: last ? { name: last.name, createdAt: last.createdAt.toISOString() } : null,
          },
        ];
      }),
      more,
      nextCursor: more ? encodeCursor("search_customers", input, found[input.limit - 1].key) : null,
    });
  },
});

export const listRiskyOrders = defineTool({
  name: "list_risky_orders",
  title: "Orders worth holding",
  description: `Lists recent orders that look risky and are not shipped yet: those our order-fulfillment agent scored as risky (with its score and reason) and those Shopify rates HIGH or MEDIUM risk, most risky first. Use it for 'any suspicious orders?' or 'what should I hold?'; holding one is a separate proposal (propose_fulfillment_hold). Read-only; up to 50 orders a page. ${NEXT_PAGE}`,
  capability: "orders",
  input: z.object({
    days: z.number().int().min(1).max(90).default(14).describe("Orders placed in this many days before now"),
    limit: z.number().int().min(1).max(50).default(10).describe("Orders per page (1-50)"),
    cursor: cursorInput,
  }),
  output: z.object({
    days: z.number(),
    orders: z.array(
      orderOut.extend({
        riskScore: z.number().nullable().describe("Our fraud score out of 100, when the agent checked the order"),
        riskReason: z.string().nullable(),
      }),
    ),
    more: z.boolean().describe("More orders match than this page holds"),
    nextCursor: nextCursorOutput,
  }),
  annotations: READ_ONLY,
  changesStore: false,
  async handler(ctx, input) {
    const position = decodeCursor("list_risky_orders", input, riskyKey);
    if (!position.ok) return position;
    const since = new Date(ctx.now().getTime() - input.days * 86_400_000);
    const [findings, rated] = await Promise.all([
      ctx.db.finding.findMany({
        where: { shop: ctx.shop, kind: "risky_order", status: "open" },
        orderBy: [{ score: "desc" }, { id: "asc" }],
        take: 200,
      }),
      // Indexed on (shop, riskLevel, createdAt): two bounded ranges.
      Promise.all(
        (["HIGH", "MEDIUM"] as const).map((risk) =>
          searchOrders(ctx.db, ctx.shop, { risk, from: since, fulfillment: "unfulfilled", limit: 200 }),
        ),
      ),
    ]);
    const scored = new Map(
      findings.map((f) => {
        const data = f.data as { order?: string; score?: number; reason?: string };
        return [
          data.order ?? f.subject.replace(/^order:/, ""),
          { score: data.score ?? f.score, reason: data.reason ?? null },
        ];
      }),
    );
    const names = new Set([...scored.keys(), ...rated.flat().map((o) => o.name)]);
    const rows = (
      await inChunks(names, (chunk) =>
        ctx.db.mirrorOrder.findMany({
          where: { shop: ctx.shop, name: { in: chunk }, cancelledAt: null, createdAt: { gte: since } },
          select: ORDER_FIELDS,
        }),
      )
    ).filter((o) => !/^fulfilled$/i.test(o.fulfillmentStatus ?? ""));
    const rank = (o: OrderRow) =>
      scored.get(o.name)?.score ?? (o.riskLevel === "HIGH" ? 75 : o.riskLevel === "MEDIUM" ? 50 : 0);
    // The candidates are bounded (200 findings, 200 per risk level), so the keyset is applied here:
    // most risky first, then newest, then by id, a total order whatever the ties.
    const keyOf = (o: OrderRow): RiskyKey => [rank(o), o.createdAt.toISOString(), o.id];
    const inOrder = (a: RiskyKey, b: RiskyKey) => compareKeys([-a[0], b[1], b[2]], [-b[0], a[1], a[2]]);
    const after = position.key;
    const ranked = rows
      .map((o) => ({ o, key: keyOf(o) }))
      .filter((r) => !after || inOrder(r.key, after) > 0)
      .sort((a, b) => inOrder(a.key, b.key));
    const page = ranked.slice(0, input.limit).map((r) => r.o);
    const more = ranked.length > input.limit;
    const out = await ordersOut(ctx, page);
    return ok({
      days: input.days,
      orders: out.map((o) => ({
        ...o,
        riskScore: scored.get(o.name)?.score ?? null,
        riskReason: scored.get(o.name)?.reason ?? null,
      })),
      more,
      nextCursor: more ? encodeCursor("list_risky_orders", input, ranked[input.limit - 1].key) : null,
    });
  },
});
