// A mid-size store against every query that passes a caller-sized list of ids, on SQLite (999 bound
// values per statement) and PostgreSQL: each list here is longer than 1,000, and every figure is
// checked against sums made here from the seeded rows.
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import { changeOutcome } from "../actions/outcomes";
import { exportCustomerData, redactCustomer } from "../compliance/privacy";
import type { ToolContext } from "../core/context";
import { DAY_MS } from "../core/time";
import { seedBigStore, type BigStore } from "../data/testing/big-store";
import { approveFindings } from "../findings/approve";
import { decideFindings } from "../findings/store";
import { resolveClearedStockouts, STOCKOUT_KIND } from "../inventory/alerts";
import { fillLocalDays } from "../mirror/local-days";
import { insertRows } from "../mirror/sql";
import { applyOrderWebhook, applyProductDeleteWebhook, applyProductWebhook } from "../mirror/webhooks";
import { createDraft, editDraft } from "../purchasing/orders";
import { reconcileReceipts } from "../purchasing/receiving";
import { detectRiskyOrders } from "../security/detectors";
import type { AdminClient } from "../shopify/admin-client";
import {
  findCategoryGapsTool,
  findDeadStockTool,
  findTrendingProducts,
  getStockoutRisks,
  suggestPriceChanges,
  suggestPurchaseOrder,
  toolRegistry,
} from "../tools";
import { createDb, type Db } from "./client";

const BIG = "bind-limits-big.myshopify.com";
const NOW = new Date("2026-06-30T12:00:00Z");
let database: TestDatabase;
let db: Db;
let store: BigStore;

const ctx = (shop = BIG): ToolContext => ({
  shop,
  db,
  // These read the mirror only; the shop's location names fall back to ids without a store.
  admin: {
    graphql: () => {
      throw new Error("no store in this test");
    },
  } as unknown as AdminClient,
  logger: pino({ level: "silent" }),
  actor: { kind: "merchant", id: "owner" },
  now: () => NOW,
});

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  store = await seedBigStore(db, BIG);
}, 60_000);

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

const productNumber = (productId: string) => Number(productId) - 100_000;

describe("tools over the whole catalog of a big store", () => {
  it("find_trending_products names 500 rising and 500 falling products", async () => {
    const result = await toolRegistry.run(ctx(), findTrendingProducts, { weeks: 12, limit: 500 });
    if (!result.ok) throw new Error(result.message);
    expect(result.data.productsTested).toBe(1_200);
    expect(result.data.rising).toHaveLength(500);
    expect(result.data.falling).toHaveLength(500);
    // The first 600 products rise week on week, the next 600 fall; each by its title, not its id.
    for (const p of result.data.rising) {
      expect(productNumber(p.productId)).toBeLessThan(600);
      expect(p.title).toBe(`Big Product ${productNumber(p.productId)}`);
    }
    for (const p of result.data.falling) {
      expect(productNumber(p.productId)).toBeGreaterThanOrEqual(600);
      expect(p.title).toBe(`Big Product ${productNumber(p.productId)}`);
    }
  });

  it("find_dead_stock lists every variant in stock that never sold", async () => {
    const result = await toolRegistry.run(ctx(), findDeadStockTool, { limit: 2_000 });
    if (!result.ok) throw new Error(result.message);
    const dead = store.variantIds.filter((id) => !store.sales.has(id) && store.onHand.get(id)! > 0);
    expect(dead.length).toBeGreaterThan(2_000);
    expect(result.data.deadUnits).toBe(dead.reduce((sum, id) => sum + store.onHand.get(id)!, 0));
    expect(result.data.items).toHaveLength(2_000);
    expect(result.data.items.every((i) => !store.sales.has(i.variantId) && i.onHand > 0)).toBe(true);
  });

  it("get_stockout_risks, suggest_purchase_order, suggest_price_changes and find_category_gaps answer", async () => {
    const risks = await toolRegistry.run(ctx(), getStockoutRisks, { withinDays: 14, limit: 2_000 });
    if (!risks.ok) throw new Error(risks.message);
    // Only variants that ever sold are forecast: the 1,200 sold ones.
    for (const r of risks.data.risks) expect(store.sales.has(r.variantId)).toBe(true);
    expect(risks.data.risks.length).toBeGreaterThan(0);

    const plan = await toolRegistry.run(ctx(), suggestPurchaseOrder, {});
    if (!plan.ok) throw new Error(plan.message);
    const lines = plan.data.orders.flatMap((o) => o.lines);
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(store.sales.has(l.variantId)).toBe(true);

    const prices = await toolRegistry.run(ctx(), suggestPriceChanges, {});
    if (!prices.ok) expect(prices.code).toBe("insufficient_data");
    else for (const s of prices.data.suggestions) expect(s.sku).toMatch(/^BIG-\d+-0$/); // only sold variants have sales

    const gaps = await toolRegistry.run(ctx(), findCategoryGapsTool, {});
    if (!gaps.ok) throw new Error(gaps.message);
    expect(gaps.data.categoriesChecked).toBe(7);
  }, 120_000);
});

describe("a change to 1,200 variants", () => {
  it("is measured on their sales before and after, without the window's cancelled orders", async () => {
    const variants = store.variantIds.filter((id) => store.sales.has(id));
    expect(variants).toHaveLength(1_200);
    const appliedAt = new Date("2026-06-01T00:00:00Z");
    // Two orders of the after window are cancelled: their units no longer count.
    const cancelled = store.orderIds.filter((id) => id.startsWith("11-")).slice(0, 2);
    await db.mirrorOrder.updateMany({
      where: { shop: BIG, id: { in: cancelled } },
      data: { cancelledAt: NOW },
    });
    const action = await db.action.create({
      data: {
        shop: BIG,
        kind: "price.update",
        tool: "test",
        summary: "prices",
        before: {},
        after: {
          variants: variants.map((variantId) => ({
            variantId: `gid://shopify/ProductVariant/${variantId}`,
            productId: variantId.slice(0, -1),
            price: 1,
          })),
        },
        status: "applied",
        proposedBy: "merchant:owner",
        appliedAt,
      },
    });
    const outcome = await changeOutcome(db, action, NOW);
    expect(outcome).not.toBeNull();
    // Windows of 28 days each side of the change; sums by hand from the seeded sales.
    const lines = await db.mirrorLineItem.findMany({ where: { shop: BIG } });
    const sum = (from: number, to: number) => {
      const inside = lines.filter(
        (l) => l.createdAt.getTime() >= from && l.createdAt.getTime() < to && !cancelled.includes(l.orderId),
      );
      return { units: inside.reduce((s, l) => s + l.quantity, 0), orders: new Set(inside.map((l) => l.orderId)).size };
    };
    const t = appliedAt.getTime();
    expect(outcome!.windowDays).toBe(28);
    expect(outcome!.before).toMatchObject(sum(t - 28 * DAY_MS, t));
    expect(outcome!.after).toMatchObject(sum(t, t + 28 * DAY_MS));
    expect(outcome!.after.units).toBeGreaterThan(0);
    // Product titles sort as text: "Big Product 0" first, then the 1,199 others.
    expect(outcome!.subject).toBe("Big Product 0 and 1199 more");
  });
});

describe("stockout alerts open for 1,200 variants", () => {
  it("resolve for the variants now stocked above their lead-time demand", async () => {
    const variants = store.variantIds.slice(0, 1_200);
    // Open alerts as raiseStockoutAlerts writes them (one per variant), written in one go.
    await db.alert.createMany({
      data: variants.map((variantId) => ({
        shop: BIG,
        kind: STOCKOUT_KIND,
        severity: "warning",
        title: `Big ${variantId} may run out`,
        dedupeKey: `${STOCKOUT_KIND}:${variantId}:2026-06-01T00:00:00.000Z`,
        details: { variantId, product: "Big", sku: null, leadTimeDays: 14, leadTimeDemand: 10 },
      })),
    });
    // Stock is 0..13 units over the two locations: the variants holding more than 10 resolve.
    const stocked = variants.filter((id) => store.onHand.get(id)! > 10);
    expect(stocked.length).toBeGreaterThan(0);
    const resolved = await resolveClearedStockouts(db, BIG, NOW, { atRisk: [], complete: false, leadTimeDays: 14 });
    expect(resolved).toBe(stocked.length);
    const open = await db.alert.findMany({ where: { shop: BIG, kind: STOCKOUT_KIND, resolvedAt: null } });
    expect(open).toHaveLength(1_200 - stocked.length);
  });
});

describe("findings", () => {
  it("approving 1,200 findings answers for each, and decisions reach all of them", async () => {
    await db.finding.createMany({
      data: store.variantIds.slice(0, 1_200).map((id) => ({
        shop: BIG,
        agent: "product-research",
        kind: "dead_stock",
        subject: `variant:${id}`,
        title: `Dead ${id}`,
        data: {},
      })),
    });
    const ids = (await db.finding.findMany({ where: { shop: BIG, kind: "dead_stock" }, select: { id: true } })).map(
      (f) => f.id,
    );
    expect(ids).toHaveLength(1_200);
    const outcome = await approveFindings(ctx(), ids);
    expect(outcome.approved).toHaveLength(0);
    expect(outcome.problems).toHaveLength(1_200);
    expect(outcome.problems[0].message).toMatch(/no store change to approve/);
    const dismissed = await decideFindings(ctx(), ids, { decision: "dismiss", reason: "clearance later" });
    expect(dismissed.changed).toBe(1_200);
  });
});

describe("purchase orders", () => {
  it("a draft of 1,200 lines is created from the catalog, and 1,100 lines are removed in one edit", async () => {
    const variants = store.variantIds.slice(0, 1_200);
    const draft = await createDraft(
      ctx(),
      "Vendor 0",
      variants.map((variantId) => ({ variantId, quantity: 2, unitCost: 3 })),
    );
    if (!draft.ok) throw new Error(draft.message);
    expect(draft.data.lines).toHaveLength(1_200);
    expect(draft.data.lines.every((l) => l.productTitle.startsWith("Big Product "))).toBe(true);
    const remove = draft.data.lines.slice(0, 1_100).map((l) => l.id);
    const edited = await editDraft(ctx(), draft.data.id, { remove });
    if (!edited.ok) throw new Error(edited.message);
    expect(edited.data.lines).toHaveLength(100);
  });

  it("reconciles a shop's 1,200 receipts: the 3 whose stock changes were denied are voided", async () => {
    const po = await db.purchaseOrder.create({
      data: { shop: BIG, number: 900, vendor: "Vendor 1", status: "ordered", createdBy: "merchant:owner" },
    });
    // Receipts stay applied for good once their change is: a shop collects them over the years.
    const actions = Array.from({ length: 1_200 }, (_, i) => ({
      id: `receipt-action-${i}`,
      shop: BIG,
      kind: "inventory.adjust",
      tool: "test",
      summary: "receive",
      before: {},
      after: {},
      status: i < 3 ? "denied" : "applied",
      proposedBy: "merchant:owner",
    }));
    await db.action.createMany({ data: actions });
    await db.purchaseReceipt.createMany({
      data: actions.map((a, i) => ({
        shop: BIG,
        purchaseOrderId: po.id,
        actionId: a.id,
        status: i < 3 ? "pending" : "applied",
        lines: [],
        createdBy: "merchant:owner",
      })),
    });
    await reconcileReceipts(db, BIG, po.id);
    const statuses = await db.purchaseReceipt.groupBy({
      by: ["status"],
      where: { shop: BIG, purchaseOrderId: po.id },
      _count: { _all: true },
    });
    expect(Object.fromEntries(statuses.map((s) => [s.status, s._count._all]))).toEqual({ void: 3, applied: 1_197 });
  });
});

describe("risky orders", () => {
  it("scores 500 recent orders holding 1,500 SKUs and 500 customers", async () => {
    const shop = "bind-limits-risk.myshopify.com";
    const orders = Array.from({ length: 500 }, (_, i) => {
      const at = new Date(NOW.getTime() - (i + 1) * 60_000);
      return {
        shop,
        id: String(i + 1),
        name: `#R${i + 1}`,
        customerId: `c${i}`,
        email: `c${i}@example.com`,
        createdAt: at,
        cancelledAt: null,
        sourceName: "web",
        currencyCode: "USD",
        subtotal: 30,
        totalDiscounts: 0,
        totalShipping: 0,
        totalTax: 0,
        total: 30,
        totalRefunded: 0,
        financialStatus: "PAID",
        fulfillmentStatus: null,
        discountCodes: "",
        riskLevel: null,
        updatedAt: at,
        localDay: "2026-06-30",
      };
    });
    await insertRows(db, "mirrorOrder", orders);
    await insertRows(
      db,
      "mirrorLineItem",
      orders.flatMap((o, i) =>
        [0, 1, 2].map((k) => ({
          shop,
          id: `${o.id}-${k}`,
          orderId: o.id,
          productId: null,
          variantId: null,
          sku: `R-${i}-${k}`,
          title: "Item",
          quantity: 1,
          unitPrice: 10,
          createdAt: o.createdAt,
          localDay: o.localDay,
        })),
      ),
    );
    const run = await detectRiskyOrders(db, shop, NOW);
    expect(run.examined).toBe(500);
    // Ordinary orders (the shop's average value, one unit a line, a customer each): none to hold.
    expect(run.raised).toEqual([]);
  });
});

describe("privacy requests for a customer with 1,200 orders", () => {
  const shop = "bind-limits-privacy.myshopify.com";
  const at = (i: number) => new Date(Date.parse("2026-03-01T12:00:00Z") + (i % 40) * DAY_MS);

  beforeAll(async () => {
    const order = (id: string, customerId: string | null, i: number) => ({
      shop,
      id,
      name: `#P${id}`,
      customerId,
      email: customerId ? `${customerId}@example.com` : null,
      createdAt: at(i),
      cancelledAt: null,
      sourceName: "web",
      currencyCode: "USD",
      subtotal: 10,
      totalDiscounts: 0,
      totalShipping: 0,
      totalTax: 0,
      total: 10,
      totalRefunded: 0,
      financialStatus: "PAID",
      fulfillmentStatus: null,
      discountCodes: "",
      riskLevel: null,
      updatedAt: at(i),
      localDay: at(i).toISOString().slice(0, 10),
    });
    // 1,200 orders of the wholesale buyer (the last 200 placed as a guest) and 50 of someone else.
    const orders = [
      ...Array.from({ length: 1_200 }, (_, i) => order(String(i + 1), i < 1_000 ? "wholesale" : null, i)),
      ...Array.from({ length: 50 }, (_, i) => order(String(5_000 + i), "other", i)),
    ];
    await insertRows(db, "mirrorOrder", orders);
    await insertRows(
      db,
      "mirrorLineItem",
      orders.map((o) => ({
        shop,
        id: `${o.id}-1`,
        orderId: o.id,
        productId: null,
        variantId: null,
        sku: null,
        title: "Item",
        quantity: 1,
        unitPrice: 10,
        createdAt: o.createdAt,
        localDay: o.localDay,
      })),
    );
    await insertRows(
      db,
      "mirrorRefund",
      orders
        .filter((_, i) => i % 3 === 0)
        .map((o) => ({
          shop,
          id: `r${o.id}`,
          orderId: o.id,
          amount: 5,
          createdAt: o.createdAt,
          localDay: o.localDay,
        })),
    );
    await db.supportTicket.createMany({
      data: [
        { shop, subject: "Late", body: "Where is it?", orderId: "1150" },
        { shop, subject: "Hi", body: "Question", customerId: "wholesale" },
        { shop, subject: "Other", body: "Mine", customerId: "other", orderId: "5001" },
      ],
    });
  });

  // Shopify names every order to redact: here all 1,200, as GIDs.
  const named = Array.from({ length: 1_200 }, (_, i) => `gid://shopify/Order/${i + 1}`);

  it("exports all 1,200 orders and their line items", async () => {
    const exported = await exportCustomerData(db, shop, { id: "wholesale" }, "req-1", named);
    expect(exported.counts).toEqual({ customers: 0, orders: 1_200, lineItems: 1_200, supportTickets: 1 });
  });

  it("redacts all 1,200 orders, their rows and tickets, and nobody else's", async () => {
    const report = await redactCustomer(db, shop, { id: "wholesale" }, named);
    expect(report.deleted).toMatchObject({
      mirrorOrder: 1_200,
      mirrorLineItem: 1_200,
      mirrorRefund: 400,
      supportTicket: 2,
    });
    expect(await db.mirrorOrder.count({ where: { shop } })).toBe(50);
    expect(await db.mirrorLineItem.count({ where: { shop } })).toBe(50);
    expect(await db.supportTicket.count({ where: { shop } })).toBe(1);
    // The daily rollup counts the other customer's orders only.
    const rollup = await db.mirrorDailySales.aggregate({ where: { shop }, _sum: { orders: true } });
    expect(rollup._sum.orders).toBe(50);
  });
});

describe("webhooks and local days", () => {
  const shop = "bind-limits-webhooks.myshopify.com";
  const variant = (id: number) => ({
    id,
    title: `V${id}`,
    sku: `W-${id}`,
    price: "9.50",
    inventory_item_id: 700_000 + id,
    updated_at: "2026-06-01T00:00:00Z",
  });
  const product = (variantIds: number[], updatedAt: string) => ({
    id: 77,
    title: "Many variants",
    handle: "many-variants",
    status: "active",
    created_at: "2026-01-01T00:00:00Z",
    updated_at: updatedAt,
    variants: variantIds.map(variant),
  });
  const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

  it("a product update drops exactly the variants it no longer has, of 1,100", async () => {
    await applyProductWebhook(db, shop, product(range(1, 1_100), "2026-06-01T00:00:00Z"));
    expect(await db.mirrorVariant.count({ where: { shop, productId: "77" } })).toBe(1_100);
    // 1,000 kept, 100 gone, 50 new.
    await applyProductWebhook(db, shop, product([...range(101, 1_000), ...range(2_001, 50)], "2026-06-02T00:00:00Z"));
    const ids = (await db.mirrorVariant.findMany({ where: { shop, productId: "77" }, select: { id: true } })).map((v) =>
      Number(v.id),
    );
    expect(ids.sort((a, b) => a - b)).toEqual([...range(101, 1_000), ...range(2_001, 50)]);
  });

  it("deleting the product removes the stock of its 1,050 inventory items", async () => {
    const items = (await db.mirrorVariant.findMany({ where: { shop, productId: "77" } })).map(
      (v) => v.inventoryItemId!,
    );
    await insertRows(
      db,
      "mirrorInventoryLevel",
      items.map((inventoryItemId) => ({ shop, inventoryItemId, locationId: "1", available: 4, updatedAt: NOW })),
    );
    const outcome = await applyProductDeleteWebhook(db, shop, { id: 77 });
    expect(outcome).toMatchObject({ applied: true, variants: 1_050, inventoryLevels: 1_050 });
    expect(await db.mirrorInventoryLevel.count({ where: { shop } })).toBe(0);
  });

  it("an order update drops exactly the line items it no longer has, of 1,200", async () => {
    const order = (lineIds: number[], updatedAt: string) => ({
      id: 9,
      name: "#9",
      created_at: "2026-06-10T10:00:00Z",
      updated_at: updatedAt,
      total_price: "0.00",
      line_items: lineIds.map((id) => ({
        id,
        product_id: null,
        variant_id: null,
        title: "Gift",
        quantity: 1,
        price: "0.00",
      })),
    });
    await applyOrderWebhook(db, shop, order(range(1, 1_200), "2026-06-10T10:00:00Z"));
    expect(await db.mirrorLineItem.count({ where: { shop, orderId: "9" } })).toBe(1_200);
    await applyOrderWebhook(db, shop, order(range(201, 1_000), "2026-06-10T11:00:00Z"));
    const ids = (await db.mirrorLineItem.findMany({ where: { shop, orderId: "9" }, select: { id: true } })).map((l) =>
      Number(l.id),
    );
    expect(ids.sort((a, b) => a - b)).toEqual(range(201, 1_000));
  });

  it("1,500 rows of one day written without a local day all get it", async () => {
    const at = new Date("2026-06-15T09:00:00Z");
    await insertRows(
      db,
      "mirrorLineItem",
      range(1, 1_500).map((n) => ({
        shop,
        id: `plain-${n}`,
        orderId: "plain",
        productId: null,
        variantId: null,
        sku: null,
        title: "Plain",
        quantity: 1,
        unitPrice: 1,
        createdAt: at,
        localDay: "",
      })),
    );
    await fillLocalDays(db, shop);
    expect(await db.mirrorLineItem.count({ where: { shop, orderId: "plain", localDay: "2026-06-15" } })).toBe(1_500);
  });
});
