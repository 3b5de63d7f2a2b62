// The page counts (countsOf) are the mirror's own counts, each shop apart, with orders from the
// daily rollup (cancelled included); top customers come in order of spend; low stock sums each
// item's levels over its locations, lowest first, named by its variant; the best seller is the
// product with the most units since a moment.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import { createDb, type Db } from "../db/client";
import { applyCustomerWebhook, applyOrderWebhook, applyProductWebhook } from "../mirror/webhooks";
import { bestSellingProduct, countsOf, lowStock, syncedCounts, topCustomers } from "./queries";

const SHOP = "counts.myshopify.com";
const OTHER = "other-counts.myshopify.com";
let database: TestDatabase;
let db: Db;

const at = "2026-03-02T12:00:00Z";
const product = (id: number, variants: number) => ({
  id,
  title: `Product ${id}`,
  handle: `p-${id}`,
  status: "active",
  created_at: at,
  updated_at: at,
  variants: Array.from({ length: variants }, (_, k) => ({ id: id * 100 + k, title: `V${k}`, price: "10.00" })),
});
const customer = (id: number, spent: string) => ({
  id,
  email: `c${id}@example.com`,
  created_at: at,
  updated_at: at,
  total_spent: spent,
});
const order = (id: number, cancelled = false) => ({
  id,
  name: `#${id}`,
  created_at: at,
  updated_at: at,
  total_price: "10.00",
  line_items: [{ id: id * 10, title: "Item", quantity: 1, price: "10.00" }],
  ...(cancelled ? { cancelled_at: at } : {}),
});

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  for (const [id, variants] of [
    [1, 2],
    [2, 3],
  ])
    await applyProductWebhook(db, SHOP, product(id, variants));
  for (const [id, spent] of [
    [1, "50.00"],
    [2, "500.00"],
    [3, "5.00"],
  ] as const)
    await applyCustomerWebhook(db, SHOP, customer(id, spent));
  for (const id of [1, 2, 3]) await applyOrderWebhook(db, SHOP, order(id, id === 3));
  await applyProductWebhook(db, OTHER, product(9, 1));
  await applyCustomerWebhook(db, OTHER, customer(9, "9999.00"));
  await applyOrderWebhook(db, OTHER, order(9));
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

describe("page counts", () => {
  it("count the shop's own rows, orders (cancelled included) from the rollup, in one statement", async () => {
    expect(await countsOf(db, SHOP, ["products", "variants", "customers", "orders"])).toEqual({
      products: 2,
      variants: 5,
      customers: 3,
      orders: 3,
    });
    expect(await syncedCounts(db, SHOP)).toEqual({ products: 2, orders: 3 });
    expect(await countsOf(db, "empty.myshopify.com", ["customers", "orders"])).toEqual({ customers: 0, orders: 0 });
  });

  it("list the shop's customers by spend", async () => {
    expect((await topCustomers(db, SHOP, 2)).map((c) => [c.id, c.totalSpent])).toEqual([
      ["2", 500],
      ["1", 50],
    ]);
  });
});

describe("low stock", () => {
  const STOCK = "stock.myshopify.com";
  const updatedAt = new Date(at);
  beforeAll(async () => {
    await db.mirrorVariant.createMany({
      data: ["1", "2", "3", "4"].map((n) => ({
        shop: STOCK,
        id: `v${n}`,
        productId: `p${n}`,
        title: `Size ${n}`,
        sku: `SKU-${n}`,
        price: 10,
        inventoryItemId: `item${n}`,
        updatedAt,
      })),
    });
    const levels: [string, string, number][] = [
      ["item1", "loc1", 5],
      ["item1", "loc2", 5], // 10 in all: more than item2's single location
      ["item2", "loc1", 7],
      ["item3", "loc1", -2], // oversold
      ["item3", "loc2", 1],
      ["item4", "loc1", 40],
      ["item9", "loc1", 0], // an item no variant names (deleted): still listed, without a name
    ];
    await db.mirrorInventoryLevel.createMany({
      data: levels.map(([inventoryItemId, locationId, available]) => ({
        shop: STOCK,
        inventoryItemId,
        locationId,
        available,
        updatedAt,
      })),
    });
    // Another shop's emptier item never shows.
    await db.mirrorInventoryLevel.create({
      data: { shop: OTHER, inventoryItemId: "item1", locationId: "loc1", available: -50, updatedAt },
    });
  });

  it("lists the items with the fewest units over all locations, lowest first, with their variant", async () => {
    const lowest = await lowStock(db, STOCK, 3);
    expect(lowest).toEqual([
      { inventoryItemId: "item3", available: -1, sku: "SKU-3", title: "Size 3", productId: "p3" },
      { inventoryItemId: "item9", available: 0 },
      { inventoryItemId: "item2", available: 7, sku: "SKU-2", title: "Size 2", productId: "p2" },
    ]);
    expect((await lowStock(db, STOCK, 10)).map((l) => [l.inventoryItemId, l.available])).toEqual([
      ["item3", -1],
      ["item9", 0],
      ["item2", 7],
      ["item1", 10],
      ["item4", 40],
    ]);
    expect(await lowStock(db, "empty.myshopify.com", 10)).toEqual([]);
  });
});

describe("best-selling product", () => {
  const BEST = "best.myshopify.com";
  const line = (id: number, productId: number, quantity: number) => ({
    id,
    title: `Product ${productId}`,
    quantity,
    price: "10.00",
    product_id: productId,
    variant_id: productId * 100,
  });
  const sale = (id: number, createdAt: string, lines: ReturnType<typeof line>[]) => ({
    id,
    name: `#${id}`,
    created_at: createdAt,
    updated_at: createdAt,
    total_price: "10.00",
    line_items: lines,
  });
  beforeAll(async () => {
    for (const id of [1, 2, 3]) await applyProductWebhook(db, BEST, product(id, 1));
    // Since March 1st: product 2 sells 5 units over two orders, product 1 sells 4 in one; product 3
    // sold 50 in February, before the window.
    await applyOrderWebhook(db, BEST, sale(101, "2026-02-20T10:00:00Z", [line(1001, 3, 50)]));
    await applyOrderWebhook(db, BEST, sale(102, "2026-03-01T10:00:00Z", [line(1002, 2, 3), line(1003, 1, 4)]));
    await applyOrderWebhook(db, BEST, sale(103, "2026-03-02T10:00:00Z", [line(1004, 2, 2)]));
  });

  it("names the product with the most units sold since the given moment", async () => {
    expect(await bestSellingProduct(db, BEST, new Date("2026-03-01T00:00:00Z"))).toBe("Product 2");
    expect(await bestSellingProduct(db, BEST, new Date("2026-02-01T00:00:00Z"))).toBe("Product 3");
    expect(await bestSellingProduct(db, BEST, new Date("2026-03-02T00:00:00Z"))).toBe("Product 2");
    expect(await bestSellingProduct(db, BEST, new Date("2026-03-03T00:00:00Z"))).toBeNull();
    expect(await bestSellingProduct(db, "empty.myshopify.com", new Date("2026-01-01T00:00:00Z"))).toBeNull();
  });
});
