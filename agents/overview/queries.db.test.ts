// The page counts (countsOf) are the mirror's own counts, each shop apart, with orders from the
// daily rollup (cancelled included); top customers come in order of spend.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import { createDb, type Db } from "../db/client";
import { applyCustomerWebhook, applyOrderWebhook, applyProductWebhook } from "../mirror/webhooks";
import { countsOf, syncedCounts, topCustomers } from "./queries";

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
