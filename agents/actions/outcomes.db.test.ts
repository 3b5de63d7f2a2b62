// Outcomes of applied changes, against a real migrated database holding a hand-written mirror: the
// figures per day must equal sums done by hand, and a change measured too soon must say so.
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import type { ToolContext } from "../core/context";
import { DAY_MS, HOUR_MS } from "../core/time";
import { createDb, type Db } from "../db/client";
import type { AdminClient } from "../shopify/admin-client";
import { getChangeOutcomes, toolRegistry } from "../tools";
import { changeOutcome } from "./outcomes";

const SHOP = "outcomes.myshopify.com";
const NOW = new Date("2026-06-30T12:00:00.000Z");
const APPLIED = new Date(NOW.getTime() - 14 * DAY_MS); // 14 days ago: windows of 14 days each side

let database: TestDatabase;
let db: Db;

const ctx = (): ToolContext => ({
  shop: SHOP,
  db,
  // Outcomes read only the mirror; a call to the store would be a bug.
  admin: {
    graphql: () => {
      throw new Error("outcomes must not call the Admin API");
    },
  } as unknown as AdminClient,
  logger: pino({ level: "silent" }),
  actor: { kind: "merchant", id: "owner" },
  now: () => NOW,
});

let orderSeq = 0;
async function order(at: Date, lines: { variantId: string; quantity: number; unitPrice: number }[], extra = {}) {
  const id = String(++orderSeq);
  const subtotal = lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0);
  await db.mirrorOrder.create({
    data: {
      shop: SHOP,
      id,
      name: `#${1000 + orderSeq}`,
      createdAt: at,
      subtotal,
      totalDiscounts: 0,
      totalShipping: 0,
      totalTax: 0,
      total: subtotal,
      updatedAt: at,
      ...extra,
    },
  });
  for (const [n, l] of lines.entries())
    await db.mirrorLineItem.create({
      data: {
        shop: SHOP,
        id: `${id}-${n}`,
        orderId: id,
        productId: "1",
        variantId: l.variantId,
        sku: "BOOT-1",
        title: "Trail Boots",
        quantity: l.quantity,
        unitPrice: l.unitPrice,
        createdAt: at,
      },
    });
  return id;
}

async function applied(kind: string, after: object, appliedAt: Date, summary = "change") {
  return db.action.create({
    data: {
      shop: SHOP,
      kind,
      tool: "test",
      summary,
      before: {},
      after,
      status: "applied",
      proposedBy: "merchant:owner",
      appliedAt,
    },
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  const at = new Date(0);
  await db.mirrorProduct.create({
    data: {
      shop: SHOP,
      id: "1",
      title: "Trail Boots",
      handle: "trail-boots",
      status: "ACTIVE",
      createdAt: at,
      updatedAt: at,
    },
  });
  await db.mirrorVariant.createMany({
    data: [
      {
        shop: SHOP,
        id: "101",
        productId: "1",
        title: "Default Title",
        sku: "BOOT-1",
        price: 60,
        unitCost: 25,
        inventoryItemId: "201",
        updatedAt: at,
      },
      {
        shop: SHOP,
        id: "102",
        productId: "1",
        title: "Large",
        sku: "BOOT-2",
        price: 60,
        unitCost: null,
        inventoryItemId: "202",
        updatedAt: at,
      },
    ],
  });
  // 40 days of history before the change so the before window is full.
  await order(new Date(APPLIED.getTime() - 40 * DAY_MS), [{ variantId: "102", quantity: 1, unitPrice: 50 }]);
  // Before (within 14 days before the change): 6 orders of v1 at 50.
  for (let d = 1; d <= 6; d++)
    await order(new Date(APPLIED.getTime() - d * DAY_MS), [
      { variantId: "101", quantity: d % 2 ? 2 : 1, unitPrice: 50 },
    ]);
  // Outside both windows (older than 14 days before): must not count.
  await order(new Date(APPLIED.getTime() - 20 * DAY_MS), [{ variantId: "101", quantity: 9, unitPrice: 50 }]);
  // After: 5 orders of v1 at 60, one cancelled order that must not count.
  for (let d = 1; d <= 5; d++)
    await order(new Date(APPLIED.getTime() + d * DAY_MS + HOUR_MS), [{ variantId: "101", quantity: 1, unitPrice: 60 }]);
  await order(new Date(APPLIED.getTime() + 2 * DAY_MS), [{ variantId: "101", quantity: 5, unitPrice: 60 }], {
    cancelledAt: new Date(APPLIED.getTime() + 3 * DAY_MS),
  });
  // Another variant's sale after the change: not affected by the price change.
  await order(new Date(APPLIED.getTime() + DAY_MS), [{ variantId: "102", quantity: 3, unitPrice: 55 }]);
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

describe("price change outcomes", () => {
  it("before and after over equal windows: per-day figures equal the hand sums", async () => {
    // An action records the variant as Shopify's GID; the mirror holds the numeric part.
    const action = await applied(
      "price.update",
      { variants: [{ variantId: "gid://shopify/ProductVariant/101", productId: "1", price: 60 }] },
      APPLIED,
    );
    const outcome = await changeOutcome(db, action, NOW);
    expect(outcome).not.toBeNull();
    if (!outcome) return;
    expect(outcome.windowDays).toBe(14);
    expect(outcome.daysSinceChange).toBe(14);
    expect(outcome.subject).toBe("Trail Boots");
    // Before: days 1..6 with quantities 2,1,2,1,2,1 = 9 units at 50 = 450; margin 9 * (50 - 25) = 225.
    expect(outcome.before).toMatchObject({ days: 14, orders: 6, units: 9, revenue: 450, margin: 225 });
    expect(outcome.before.perDay).toEqual({ orders: 0.43, units: 0.64, revenue: 32.14, margin: 16.07 });
    // After: 5 units at 60 = 300 (the cancelled order left out); margin 5 * 35 = 175.
    expect(outcome.after).toMatchObject({ days: 14, orders: 5, units: 5, revenue: 300, margin: 175 });
    expect(outcome.after.perDay).toEqual({ orders: 0.36, units: 0.36, revenue: 21.43, margin: 12.5 });
    // Margin per day 16.07 -> 12.50: down 22%.
    expect(outcome.verdict).toBe("worse");
    expect(outcome.note).toBe("Margin per day down 22% over 14 days each side.");
  });

  it("says it is too early to tell two days after the change", async () => {
    const recent = await applied(
      "price.update",
      { variants: [{ variantId: "101", productId: "1", price: 61 }] },
      new Date(NOW.getTime() - 2 * DAY_MS - HOUR_MS),
    );
    const outcome = await changeOutcome(db, recent, NOW);
    expect(outcome?.verdict).toBe("too_early");
    expect(outcome?.note).toBe("Too early to tell: 2 days since the change (wait for 7).");
    expect(outcome?.windowDays).toBe(2);
    await db.action.delete({ where: { id: recent.id } });
  });

  it("a variant without a unit cost has no margin, and is judged on revenue", async () => {
    const action = await applied(
      "price.update",
      { variants: [{ variantId: "102", productId: "1", price: 55 }] },
      APPLIED,
    );
    const outcome = await changeOutcome(db, action, NOW);
    expect(outcome?.before.margin).toBeNull();
    expect(outcome?.after).toMatchObject({ orders: 1, units: 3, revenue: 165, margin: null });
    expect(outcome?.verdict).toBe("too_few_orders");
    expect(outcome?.note).toBe("Too few orders to tell: 0 before and 1 after the change.");
    await db.action.delete({ where: { id: action.id } });
  });
});

describe("the tool", () => {
  it("lists applied changes with outcomes and measures stock corrections through the variant's inventory item", async () => {
    await applied(
      "inventory.set",
      { reason: "correction", items: [{ inventoryItemId: "201", locationId: "1", quantity: 5 }] },
      APPLIED,
    );
    await applied("product.update", { productId: "1", title: "New" }, APPLIED); // text: not measured
    const result = await toolRegistry.run(ctx(), getChangeOutcomes, {});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.outcomes.map((o) => o.kind).sort()).toEqual(["inventory.set", "price.update"]);
    const stock = result.data.outcomes.find((o) => o.kind === "inventory.set")!;
    expect(stock.after.units).toBe(5);
    expect(stock.before.units).toBe(9);
  });

  it("a discount: the shop's orders before and after, and the orders that used the code", async () => {
    await order(new Date(APPLIED.getTime() + 3 * DAY_MS), [{ variantId: "102", quantity: 2, unitPrice: 50 }], {
      discountCodes: "SPRING10,FREESHIP",
      total: 90,
      totalDiscounts: 10,
    });
    await order(new Date(APPLIED.getTime() + 4 * DAY_MS), [{ variantId: "102", quantity: 1, unitPrice: 50 }], {
      discountCodes: "SPRING100",
      total: 50,
    });
    const action = await applied("discount.create", { code: "SPRING10" }, APPLIED);
    const result = await toolRegistry.run(ctx(), getChangeOutcomes, { actionId: action.id });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [discount] = result.data.outcomes;
    expect(discount.subject).toBe("code SPRING10");
    // Only the exact code counts (SPRING100 is another code).
    expect(discount.code).toEqual({ code: "SPRING10", orders: 1, revenue: 90, discountGiven: 10 });
    // Shop-wide after: 5 x 60 + 165 + 90 + 50 = 605 over 8 orders (the cancelled one left out).
    expect(discount.after).toMatchObject({ orders: 8, revenue: 605 });
    expect(discount.after.perDay.revenue).toBe(43.21);
  });

  it("an unknown change is a clear failure", async () => {
    const result = await toolRegistry.run(ctx(), getChangeOutcomes, { actionId: "nope" });
    expect(result).toMatchObject({ ok: false, code: "not_found" });
  });
});
