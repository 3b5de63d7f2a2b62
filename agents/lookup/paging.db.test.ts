// Cursor paging of the lookup tools on a real database (SQLite, and PostgreSQL with
// TEST_DATABASE=postgresql): a walk over every page, following nextCursor, returns each match
// exactly once, in the tool's order, even with many ties in the sort key; bad, foreign and
// other-search cursors are refused with invalid_input. No Shopify call is made (location names
// are read only for stock, and these products have none).
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import type { ToolContext } from "../core/context";
import { createDb, type Db } from "../db/client";
import { toolRegistry } from "../tools";

const SHOP = "paging-test.myshopify.com";
const NOW = new Date("2026-11-20T12:00:00Z");
let database: TestDatabase;
let db: Db;

const ctx = (): ToolContext => ({
  shop: SHOP,
  db,
  admin: null as never,
  logger: pino({ level: "silent" }),
  actor: { kind: "merchant", id: "owner" },
  now: () => NOW,
});
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const call = async (name: string, input: object): Promise<any> => {
  const result = await toolRegistry.call(ctx(), name, input);
  if (!result.ok) throw new Error(`${name}: ${result.message}`);
  return result.data;
};

/** Every page of `name` with `input`, following nextCursor; the items under `list` of each page. */
async function walk(name: string, input: object, list: string, id: string) {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await call(name, { ...input, ...(cursor ? { cursor } : {}) });
    pages.push(page[list].map((item: Record<string, string>) => item[id]));
    expect(page.more).toBe(page.nextCursor !== null);
    cursor = page.nextCursor ?? undefined;
    expect(pages.length).toBeLessThan(200);
  } while (cursor);
  return pages;
}

const at = (iso: string) => new Date(iso);
// 620 "Tee" products (more than the 500 a text search ranks) in 7 titles, so most share a title.
const TEES = 620;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  await db.shop.create({ data: { domain: SHOP, currencyCode: "EUR" } as never });
  const created = at("2026-01-01T00:00:00Z");
  const products = [
    ...Array.from({ length: TEES }, (_, i) => ({ id: `${1000 + i}`, title: `Tee ${i % 7}`, vendor: "Acme" })),
    // Found by vendor, not title; and one by its SKU.
    ...Array.from({ length: 9 }, (_, i) => ({ id: `${3000 + i}`, title: "Plain Cap", vendor: "TeeWorks" })),
    { id: "4000", title: "Mug", vendor: "Acme" },
  ];
  await db.mirrorProduct.createMany({
    data: products.map((p) => ({
      shop: SHOP,
      ...p,
      handle: p.id,
      status: "ACTIVE",
      createdAt: created,
      updatedAt: created,
    })),
  });
  await db.mirrorVariant.createMany({
    data: products.map((p, i) => ({
      shop: SHOP,
      id: `v${p.id}`,
      productId: p.id,
      title: "Default Title",
      sku: p.id === "4000" ? "TEE" : `SKU-${p.id}`,
      price: 5 + (i % 4),
      updatedAt: created,
    })),
  });
  await db.mirrorCustomer.createMany({
    data: Array.from({ length: 23 }, (_, i) => ({
      shop: SHOP,
      id: `c${i}`,
      firstName: "Paula",
      lastName: `Number ${i}`,
      email: `paula${i}@example.com`,
      ordersCount: 1,
      totalSpent: [10, 20, 20][i % 3],
      createdAt: NOW,
      updatedAt: NOW,
    })),
  });
  // 41 orders placed at only three instants; every third one is HIGH risk and unfulfilled.
  await db.mirrorOrder.createMany({
    data: Array.from({ length: 41 }, (_, i) => {
      const createdAt = at(["2026-11-18T10:00:00Z", "2026-11-17T10:00:00Z", "2026-11-16T10:00:00Z"][i % 3]);
      return {
        shop: SHOP,
        id: `o${i}`,
        name: `#${2000 + i}`,
        customerId: `c${i % 23}`,
        createdAt,
        subtotal: 40,
        totalDiscounts: 0,
        totalShipping: 5,
        totalTax: 0,
        total: 45,
        currencyCode: "EUR",
        riskLevel: i % 3 === 0 ? "HIGH" : null,
        fulfillmentStatus: i % 3 === 0 ? null : "FULFILLED",
        updatedAt: createdAt,
        localDay: createdAt.toISOString().slice(0, 10),
      };
    }),
  });
}, 60_000);

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

/** Each page after the first is what the tool would answer with a limit as big as everything. */
function expectWholeWalk(pages: string[][], all: string[], limit: number) {
  const flat = pages.flat();
  expect(pages.length).toBeGreaterThan(2);
  expect(new Set(flat).size).toBe(flat.length);
  expect([...flat].sort()).toEqual([...all].sort());
  for (const page of pages.slice(0, -1)) expect(page.length).toBe(limit);
}

describe("a walk over every page returns each match once", () => {
  it("search_products: SKU, the ranked title matches, the rest of the title matches beyond the first 500, then vendor", async () => {
    const pages = await walk("search_products", { query: "tee", limit: 50 }, "products", "productId");
    const flat = pages.flat();
    expect(flat[0]).toBe("4000"); // the exact SKU first
    const tees = Array.from({ length: TEES }, (_, i) => `${1000 + i}`);
    const caps = Array.from({ length: 9 }, (_, i) => `${3000 + i}`);
    expectWholeWalk(pages, ["4000", ...tees, ...caps], 50);
    expect(flat.slice(-9).sort()).toEqual(caps); // vendor matches after every title match
  });

  it("search_products: listings without words, with a price filter and with a vendor", async () => {
    const everything = await walk("search_products", { limit: 47 }, "products", "productId");
    expectWholeWalk(
      everything,
      (await db.mirrorProduct.findMany({ where: { shop: SHOP }, select: { id: true } })).map((p) => p.id),
      47,
    );
    const priced = await walk("search_products", { minPrice: 6, maxPrice: 6, limit: 40 }, "products", "productId");
    const inRange = await db.mirrorVariant.findMany({ where: { shop: SHOP, price: 6 }, select: { productId: true } });
    expectWholeWalk(
      priced,
      inRange.map((v) => v.productId),
      40,
    );
    // A filter on the variants: the pages may be short, but the walk still finds every match once.
    const filtered = await walk("search_products", { vendor: "Acme", maxPrice: 5, limit: 30 }, "products", "productId");
    const cheap = await db.mirrorVariant.findMany({ where: { shop: SHOP, price: 5 }, select: { productId: true } });
    const acme = new Set(
      (await db.mirrorProduct.findMany({ where: { shop: SHOP, vendor: "Acme" }, select: { id: true } })).map(
        (p) => p.id,
      ),
    );
    const want = cheap.map((v) => v.productId).filter((id) => acme.has(id));
    expect([...filtered.flat()].sort()).toEqual(want.sort());
    expect(new Set(filtered.flat()).size).toBe(want.length);
  });

  it("search_orders: newest first across pages, ties in the date broken by id", async () => {
    const pages = await walk("search_orders", { limit: 4 }, "orders", "orderId");
    expectWholeWalk(
      pages,
      Array.from({ length: 41 }, (_, i) => `o${i}`),
      4,
    );
    const all = await call("search_orders", { limit: 50 });
    expect(all.orders.map((o: { orderId: string }) => o.orderId)).toEqual(pages.flat());
    // The unfulfilled filter (an OR of its own) and the customer search (orders read per customer).
    const open = await walk("search_orders", { fulfillment: "unfulfilled", limit: 3 }, "orders", "orderId");
    expectWholeWalk(
      open,
      Array.from({ length: 41 }, (_, i) => i)
        .filter((i) => i % 3 === 0)
        .map((i) => `o${i}`),
      3,
    );
    const paulas = await walk("search_orders", { customer: "paula", limit: 5 }, "orders", "orderId");
    expectWholeWalk(
      paulas,
      Array.from({ length: 41 }, (_, i) => `o${i}`),
      5,
    );
  });

  it("search_customers: biggest spenders first, ties broken by id", async () => {
    const pages = await walk("search_customers", { query: "paula", limit: 5 }, "customers", "customerId");
    expectWholeWalk(
      pages,
      Array.from({ length: 23 }, (_, i) => `c${i}`),
      5,
    );
    const all = await call("search_customers", { query: "paula", limit: 25 });
    expect(all.customers.map((c: { customerId: string }) => c.customerId)).toEqual(pages.flat());
  });

  it("list_risky_orders: riskiest, then newest, then by id", async () => {
    const pages = await walk("list_risky_orders", { days: 14, limit: 4 }, "orders", "orderId");
    const high = Array.from({ length: 41 }, (_, i) => i).filter((i) => i % 3 === 0);
    expectWholeWalk(
      pages,
      high.map((i) => `o${i}`),
      4,
    );
    const all = await call("list_risky_orders", { days: 14, limit: 50 });
    expect(all.orders.map((o: { orderId: string }) => o.orderId)).toEqual(pages.flat());
  });
});

describe("cursors are checked", () => {
  const refused = async (name: string, input: object) => {
    const result = await toolRegistry.call(ctx(), name, input);
    expect(result).toMatchObject({ ok: false, code: "invalid_input" });
    return result as { message: string };
  };

  it("a malformed cursor, one with a forged position, one from another tool or another search", async () => {
    await refused("search_orders", { cursor: "not a cursor" });
    await refused("search_products", { cursor: Buffer.from("[1,2]").toString("base64url") });
    const first = await call("search_orders", { limit: 2 });
    const forged = JSON.parse(Buffer.from(first.nextCursor, "base64url").toString());
    forged.k = ["yesterday", 7];
    await refused("search_orders", { limit: 2, cursor: Buffer.from(JSON.stringify(forged)).toString("base64url") });
    expect((await refused("search_products", { cursor: first.nextCursor })).message).toMatch(/search_orders/);
    const tees = await call("search_products", { query: "tee", limit: 2 });
    expect((await refused("search_products", { query: "cap", limit: 2, cursor: tees.nextCursor })).message).toMatch(
      /other filters/,
    );
    // The page size may change between pages; the filters may not.
    expect((await call("search_products", { query: "tee", limit: 3, cursor: tees.nextCursor })).products).toHaveLength(
      3,
    );
    const paula = await call("search_customers", { query: "paula", limit: 2 });
    await refused("search_customers", { query: "paul", limit: 2, cursor: paula.nextCursor });
    const risky = await call("list_risky_orders", { days: 14, limit: 2 });
    await refused("list_risky_orders", { days: 7, limit: 2, cursor: risky.nextCursor });
  });
});
