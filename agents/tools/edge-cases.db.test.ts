// Data a real store has and a generated one does not: refunds larger than their order (by a cent,
// and by far), free line items and free orders, line items whose product was deleted (before the
// sync: no ids; after it: ids that point at nothing), and orders without a customer. A small
// generated store gets them in the emulator, is synced through the real bulk sync, and then every
// read-only tool of inventory, forecasting, pricing, research, fulfillment, finance, analytics,
// support and overview runs through the registry: each answers (or fails as expected, in words),
// never throws, and no money figure is NaN or below zero where it cannot be.
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSeedStore, startEmulator, type RunningEmulator } from "@royal-equips/emulator";
import { generateStore, type SeedOrder } from "@royal-equips/emulator/seed";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import type { ToolContext } from "../core/context";
import type { ToolResult } from "../core/result";
import { createDb, type Db } from "../db/client";
import { applyProductDeleteWebhook } from "../mirror/webhooks";
import { syncStore } from "../mirror/sync";
import { createAdminClient } from "../shopify/graphql-client";
import { ANALYTICS_QUERIES } from "../analytics/queries";
import { allTools, toolRegistry } from "./index";

const SHOP = "edge-cases.myshopify.com";
const TOKEN = "shpat_edge_cases";
const NOW = new Date("2026-11-01T16:00:00Z"); // Nov 1 midday in New York: Oct 31 is complete
let emulator: RunningEmulator;
let database: TestDatabase;
let db: Db;

const CAPABILITIES = [
  "inventory",
  "forecasting",
  "pricing",
  "research",
  "fulfillment",
  "finance",
  "analytics",
  "support",
];

const ctx = (): ToolContext => ({
  shop: SHOP,
  db,
  admin: createAdminClient({ shop: SHOP, accessToken: TOKEN, endpoint: emulator.url }),
  logger: pino({ level: "silent" }),
  actor: { kind: "merchant", id: "owner" },
  now: () => NOW,
});

// Ids far from the generator's (ID_BASE), so the edge orders never collide with generated rows.
const EDGE = { order: 5_690_000_000_000, line: 13_990_000_000_000, refund: 9_290_000_000_000 };
const GONE = { product: 7_199_999_999_991, variant: 4_399_999_999_991 };

interface Line {
  productId: number;
  variantId: number;
  sku: string;
  price: number;
  quantity: number;
}

function edgeOrder(
  n: number,
  day: string,
  lines: Line[],
  options: { refunds?: number[]; customerId?: number | null; shipping?: number } = {},
): SeedOrder {
  const id = EDGE.order + n;
  const subtotal = Math.round(lines.reduce((s, l) => s + l.price * l.quantity, 0) * 100) / 100;
  const shipping = options.shipping ?? 0;
  const total = subtotal + shipping;
  const at = `${day}T15:${String(10 + n).padStart(2, "0")}:00Z`;
  const refunds = (options.refunds ?? []).map((amount, i) => ({
    id: EDGE.refund + n * 10 + i,
    createdAt: `${day}T18:${String(10 + i).padStart(2, "0")}:00Z`,
    note: null,
    lineItems: [],
    amount,
  }));
  const refunded = refunds.reduce((s, r) => s + r.amount, 0);
  return {
    id,
    name: `#E${n}`,
    customerId: options.customerId === undefined ? null : options.customerId,
    email: null,
    createdAt: at,
    processedAt: at,
    cancelledAt: null,
    currencyCode: "USD",
    sourceName: "web",
    discountCodes: [],
    totalDiscounts: 0,
    subtotalPrice: subtotal,
    totalShipping: shipping,
    totalTax: 0,
    totalPrice: total,
    financialStatus: refunded === 0 ? "PAID" : refunded >= total ? "REFUNDED" : "PARTIALLY_REFUNDED",
    fulfillmentStatus: "UNFULFILLED",
    billingAddress: null,
    shippingAddress: null,
    note: null,
    tags: [],
    lineItems: lines.map((l, i) => ({
      id: EDGE.line + n * 10 + i,
      productId: l.productId,
      variantId: l.variantId,
      sku: l.sku,
      title: `Line ${i}`,
      quantity: l.quantity,
      unitPrice: l.price,
    })),
    refunds,
    risk: null,
  };
}

let deletedProductId: string;
let deletedSku: string;
let deletedTitle: string;
let paidSku: string;

beforeAll(async () => {
  [emulator, database] = await Promise.all([
    startEmulator({ dbPath: ":memory:", shopDomain: SHOP, accessToken: TOKEN, clientSecret: "secret" }),
    createTestDatabase(),
  ]);
  const seed = generateStore({
    seed: 23,
    products: 10,
    orders: 900,
    days: 240,
    endDate: "2026-10-31",
    sampleCsvDir: null,
  });
  const generated = [...seed.orders];
  const [paid, other] = seed.products;
  const line = (p: (typeof seed.products)[number], price: number, quantity = 1): Line => ({
    productId: p.id,
    variantId: p.variants[0].id,
    sku: p.variants[0].sku,
    price,
    quantity,
  });
  const gone: Line = { productId: GONE.product, variantId: GONE.variant, sku: "GONE-1", price: 12, quantity: 1 };
  paidSku = paid.variants[0].sku;
  const edges = [
    // A refund above the order's total by a cent, and by far (two refunds).
    edgeOrder(1, "2026-10-24", [line(paid, 20)], { refunds: [20.01], customerId: seed.customers[0].id }),
    edgeOrder(2, "2026-10-25", [line(other, 15)], { refunds: [10, 30] }),
    // Free line items beside a paid one, and an order that is free altogether.
    edgeOrder(3, "2026-10-26", [line(paid, 0, 2), line(other, 18)]),
    edgeOrder(4, "2026-10-27", [line(other, 0, 3)]),
    // A line item whose product was deleted before the sync (Shopify answers no product, no variant).
    edgeOrder(5, "2026-10-28", [gone, line(paid, 9)]),
    // No customer, nothing paid, and more refunded than the shipping it charged.
    edgeOrder(6, "2026-10-29", [line(paid, 0)], { refunds: [7.5], shipping: 5 }),
    edgeOrder(7, "2026-10-30", [line(other, 25, 2)]),
  ];
  const orders = [...generated, ...edges].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  loadSeedStore(emulator.store.db, { ...seed, orders, orderCount: orders.length });
  db = createDb(database.url);
  await syncStore({ db, admin: ctx().admin, shop: SHOP, logger: pino({ level: "silent" }) }, undefined, {
    pollMs: 20,
  });
  // A product with sales deleted after the sync: its line items keep ids that point at nothing.
  const sold = await db.mirrorLineItem.groupBy({
    by: ["productId"],
    where: { shop: SHOP, productId: { not: null } },
    _count: { _all: true },
    orderBy: { _count: { productId: "desc" } },
  });
  deletedProductId = sold.find((s) => s.productId !== String(paid.id) && s.productId !== String(other.id))!.productId!;
  const deletedVariant = (await db.mirrorVariant.findFirst({ where: { shop: SHOP, productId: deletedProductId } }))!;
  deletedSku = deletedVariant.sku!;
  deletedTitle = (await db.mirrorProduct.findFirstOrThrow({ where: { shop: SHOP, id: deletedProductId } })).title;
  await applyProductDeleteWebhook(db, SHOP, { id: Number(deletedProductId) });
  // A ticket about the order without a customer, and an applied price change to the deleted product.
  await db.supportTicket.create({
    data: {
      shop: SHOP,
      subject: "Where is my free gift?",
      body: "Order #E6 has not arrived.",
      orderId: String(EDGE.order + 6),
    },
  });
  await db.action.create({
    data: {
      shop: SHOP,
      kind: "price.update",
      tool: "propose_price_change",
      summary: "Price of a product since deleted",
      before: {},
      after: { variants: [{ variantId: deletedVariant.id, productId: deletedProductId, price: 1 }] },
      status: "applied",
      proposedBy: "merchant:owner",
      appliedAt: new Date("2026-10-10T12:00:00Z"),
    },
  });
}, 180_000);

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
  await emulator?.close();
});

describe("the synced store holds the edge cases", () => {
  it("as Shopify sent them", async () => {
    const order = (n: number) =>
      db.mirrorOrder.findUniqueOrThrow({ where: { shop_id: { shop: SHOP, id: String(EDGE.order + n) } } });
    expect((await order(1)).totalRefunded).toBeCloseTo(20.01, 2);
    expect((await order(1)).total).toBe(20);
    expect((await order(2)).totalRefunded).toBe(40);
    expect((await order(6)).customerId).toBeNull();
    const lines = await db.mirrorLineItem.findMany({ where: { shop: SHOP, orderId: String(EDGE.order + 5) } });
    expect(lines.find((l) => l.sku === "GONE-1")).toMatchObject({ productId: null, variantId: null });
    expect(await db.mirrorProduct.count({ where: { shop: SHOP, id: deletedProductId } })).toBe(0);
    expect(await db.mirrorLineItem.count({ where: { shop: SHOP, productId: deletedProductId } })).toBeGreaterThan(0);
  });
});

/** Money (and counts) that can never be below zero, by the last key of their path. */
const NON_NEGATIVE =
  /^(revenue|grossSales|sales|subtotal|total|totalSpent|amount|price|unitPrice|currentPrice|proposedPrice|floorPrice|valueAtCost|deadValueAtCost|averageOrderValue|refunded|refunds|discounts|discountGiven|shipping|tax|inflows|outflows|costOfGoods|paymentFees|units|totalUnits|orders|customers|onHand|quantity|unitCost|lineCost|totalCost|lo80|lo95|hi80|hi95|revenuePerDay)$/;

function problems(value: unknown, path = "data"): string[] {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return [`${path} is ${value}`];
    const key = path
      .split(".")
      .pop()!
      .replace(/\[\d+\]$/, "");
    return NON_NEGATIVE.test(key) && value < 0 ? [`${path} = ${value}`] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => problems(v, `${path}[${i}]`));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => problems(v, `${path}.${k}`));
  return [];
}

const readOnly = allTools.filter(
  (t) => t.annotations.readOnly && (CAPABILITIES.includes(t.capability) || t.name === "get_shop_overview"),
);

const EDGE_WEEK = { from: "2026-10-24", to: "2026-10-31" };

/** Inputs that reach the edge cases, beside the default input `{}` every tool gets. */
const INPUTS: Record<string, () => unknown[]> = {
  get_sales_summary: () => [EDGE_WEEK],
  compare_sales_periods: () => [EDGE_WEEK],
  get_cash_flow: () => [EDGE_WEEK],
  forecast_demand: () => [{ skus: [paidSku] }, { skus: [paidSku, deletedSku] }, { productIds: [deletedProductId] }],
  score_order_risk: () => ["#E1", "#E2", "#E4", "#E5", "#E6"].map((orderName) => ({ orderName })),
  suggest_order_routing: () => ["#E3", "#E4", "#E5", "#E6"].map((orderName) => ({ orderName })),
  run_analytics_query: () =>
    ANALYTICS_QUERIES.map((query) => ({ query, from: "2026-09-01", to: "2026-10-31", limit: 500 })),
};

/**
 * The clear failures expected, by tool and input: a default input that cannot name what the tool
 * needs, and the deleted product's SKU (no longer in the catalog).
 */
const EXPECTED_FAILURES: Record<string, string> = {
  "get_sales_summary({})": "invalid_input",
  "compare_sales_periods({})": "invalid_input",
  "get_cash_flow({})": "invalid_input",
  "forecast_demand({})": "invalid_input",
  "score_order_risk({})": "invalid_input",
  "suggest_order_routing({})": "invalid_input",
  "draft_support_reply({})": "invalid_input",
  "run_analytics_query({})": "invalid_input",
  "forecast_demand(skus: paid, deleted)": "not_found",
  "forecast_demand(productIds: deleted)": "insufficient_data",
};

function label(tool: string, input: unknown): string {
  const text = JSON.stringify(input)
    .replace(`"${paidSku}"`, "paid")
    .replace(`"${deletedSku}"`, "deleted")
    .replace(`"${deletedProductId}"`, "deleted");
  const m = /^\{"(\w+)":\[(.*)\]\}$/.exec(text);
  return m && tool === "forecast_demand" ? `${tool}(${m[1]}: ${m[2].replaceAll(",", ", ")})` : `${tool}(${text})`;
}

const outputs = new Map<string, unknown>();

describe("every read-only tool of the store's capabilities", () => {
  it("covers the capabilities asked for", () => {
    expect(readOnly.map((t) => t.name).sort()).toEqual(
      [
        "compare_sales_periods",
        "detect_revenue_anomalies",
        "draft_support_reply",
        "find_category_gaps",
        "find_dead_stock",
        "find_product_bundles",
        "find_trending_products",
        "forecast_demand",
        "forecast_revenue",
        "get_cash_flow",
        "get_change_outcomes",
        "get_sales_summary",
        "get_shop_overview",
        "get_stockout_risks",
        "get_support_metrics",
        "list_support_tickets",
        "run_analytics_query",
        "score_order_risk",
        "suggest_order_routing",
        "suggest_price_changes",
        "suggest_purchase_order",
      ].sort(),
    );
  });

  for (const tool of readOnly) {
    it(`${tool.name} answers, with default input and with the edge cases`, async () => {
      const inputs: unknown[] = [{}, ...(INPUTS[tool.name]?.() ?? [])];
      if (tool.name === "draft_support_reply") {
        const ticket = await db.supportTicket.findFirstOrThrow({ where: { shop: SHOP } });
        inputs.push({ ticketId: ticket.id });
      }
      for (const input of inputs) {
        const name = label(tool.name, input);
        let result: ToolResult<unknown>;
        try {
          result = await toolRegistry.call(ctx(), tool.name, input);
        } catch (error) {
          throw new Error(`${name} threw: ${(error as Error).message}`);
        }
        if (result.ok) {
          expect(EXPECTED_FAILURES[name], `${name} answered`).toBeUndefined();
          expect(problems(result.data), name).toEqual([]);
          outputs.set(name, result.data);
        } else {
          expect(`${name}: ${result.code}`, result.message).toBe(`${name}: ${EXPECTED_FAILURES[name]}`);
          expect(result.message.length).toBeGreaterThan(10);
        }
      }
    }, 60_000);
  }
});

describe("what the edge cases come to", () => {
  /** Refunds of the days as a merchant counts them: each order's refunds up to its total, in time order. */
  async function refundsCapped(from: string, to: string) {
    const orders = new Map(
      (await db.mirrorOrder.findMany({ where: { shop: SHOP, cancelledAt: null } })).map((o) => [o.id, o.total]),
    );
    const refunds = (await db.mirrorRefund.findMany({ where: { shop: SHOP } })).sort(
      (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id),
    );
    const used = new Map<string, number>();
    let sum = 0;
    let raw = 0;
    for (const r of refunds) {
      const total = orders.get(r.orderId);
      if (total === undefined) continue; // cancelled
      const counted = Math.max(0, Math.min(r.amount, total - (used.get(r.orderId) ?? 0)));
      used.set(r.orderId, (used.get(r.orderId) ?? 0) + r.amount);
      if (r.localDay >= from && r.localDay <= to) {
        sum += counted;
        raw += r.amount;
      }
    }
    return { counted: Math.round(sum * 100) / 100, raw: Math.round(raw * 100) / 100 };
  }

  it("refunds above an order's total count up to the total, in the summary, the comparison and the cash flow", async () => {
    const { counted, raw } = await refundsCapped(EDGE_WEEK.from, EDGE_WEEK.to);
    // #E1 refunded 20.01 of 20, #E2 40 of 15, #E6 7.50 of 5: 27.51 more than the orders took.
    expect(raw - counted).toBeCloseTo(27.51, 2);
    const summary = outputs.get(label("get_sales_summary", EDGE_WEEK)) as {
      totals: { refunded: number; netSales: number; revenue: number };
    };
    expect(summary.totals.refunded).toBeCloseTo(counted, 2);
    expect(summary.totals.netSales).toBeCloseTo(summary.totals.revenue - counted, 2);
    const compared = outputs.get(label("compare_sales_periods", EDGE_WEEK)) as {
      current: { totals: { refunded: number } };
    };
    expect(compared.current.totals.refunded).toBeCloseTo(counted, 2);
    const cash = outputs.get(label("get_cash_flow", EDGE_WEEK)) as { outflows: { refunds: { amount: number } } };
    expect(cash.outflows.refunds.amount).toBeCloseTo(counted, 2);
  });

  it("a customer's refunds above their order's total count up to the total in top_customers", async () => {
    const top = outputs.get(
      label("run_analytics_query", { query: "top_customers", from: "2026-09-01", to: "2026-10-31", limit: 500 }),
    ) as { rows: { customerId: string; revenue: number; refunded: number }[] };
    // #E1's customer: each of their orders refunded at most its total (#E1: 20 of the 20.01).
    const e1 = await db.mirrorOrder.findUniqueOrThrow({
      where: { shop_id: { shop: SHOP, id: String(EDGE.order + 1) } },
    });
    const theirs = await db.mirrorOrder.findMany({
      where: {
        shop: SHOP,
        customerId: e1.customerId,
        cancelledAt: null,
        localDay: { gte: "2026-09-01", lte: "2026-10-31" },
      },
    });
    const row = top.rows.find((r) => r.customerId === e1.customerId)!;
    expect(row.refunded).toBeCloseTo(
      theirs.reduce((sum, o) => sum + Math.min(o.totalRefunded, o.total), 0),
      2,
    );
    for (const r of top.rows) expect(r.refunded).toBeLessThanOrEqual(r.revenue);
  });

  it("a product deleted since it sold is named by its line items, never by a bare id", async () => {
    const named = [
      ...(
        outputs.get(label("find_product_bundles", {})) as { pairs: { products: { id: string; title: string }[] }[] }
      ).pairs.flatMap((p) => p.products),
      ...(
        outputs.get(label("find_trending_products", {})) as { rising: { productId: string; title: string }[] }
      ).rising.map((p) => ({ id: p.productId, title: p.title })),
    ];
    expect(named.filter((p) => /^\d+$/.test(p.title))).toEqual([]);
    expect(named.find((p) => p.id === deletedProductId)?.title).toBe(deletedTitle);
    const outcomes = outputs.get(label("get_change_outcomes", {})) as { outcomes: { subject: string }[] };
    expect(outcomes.outcomes.map((o) => o.subject)).toEqual([deletedTitle]);
  });

  it("free units leave the shelf but are no price: suggest_price_changes answers", async () => {
    const prices = outputs.get(label("suggest_price_changes", {})) as {
      suggestions: { currentPrice: number; proposedPrice: number }[];
    };
    for (const s of prices.suggestions) {
      expect(s.currentPrice).toBeGreaterThan(0);
      expect(s.proposedPrice).toBeGreaterThan(0);
    }
  });

  it("orders without a customer, free orders and deleted items are scored and routed", async () => {
    const score = outputs.get(label("score_order_risk", { orderName: "#E6" })) as { score: number; order: string };
    expect(score.order).toBe("#E6");
    const routed = outputs.get(label("suggest_order_routing", { orderName: "#E5" })) as {
      shortfall: { sku: string }[];
    };
    expect(routed.shortfall.map((s) => s.sku)).toEqual(["GONE-1"]);
  });
});
