// The lookup tools on a real database (SQLite, and PostgreSQL with TEST_DATABASE=postgresql): rows
// written into the store mirror as the sync writes them, location names from the local store
// (the emulator), every call through the registry as AIRA and MCP make it.
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSeedStore, startEmulator, type RunningEmulator } from "@royal-equips/emulator";
import { syntheticSeedStore } from "@royal-equips/emulator/testing";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import type { ToolContext } from "../core/context";
import { createDb, type Db } from "../db/client";
import { createAdminClient } from "../shopify/graphql-client";
import { toolRegistry } from "../tools";

const SHOP = "lookup-test.myshopify.com";
const OTHER = "someone-else.myshopify.com";
const TOKEN = "shpat_lookup_test";
const NOW = new Date("2026-11-20T12:00:00Z");
let emulator: RunningEmulator;
let database: TestDatabase;
let db: Db;
let locations: { id: string; name: string }[];

const ctx = (): ToolContext => ({
  shop: SHOP,
  db,
  admin: createAdminClient({ shop: SHOP, accessToken: TOKEN, endpoint: emulator.url }),
  logger: pino({ level: "silent" }),
  actor: { kind: "merchant", id: "owner" },
  now: () => NOW,
});
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const call = async (name: string, input: unknown): Promise<any> => {
  const result = await toolRegistry.call(ctx(), name, input);
  if (!result.ok) throw new Error(`${name}: ${result.message}`);
  return result.data;
};

async function product(shop: string, id: string, title: string, extra: Record<string, unknown>, variants: object[]) {
  const at = new Date("2026-01-01T00:00:00Z");
  await db.mirrorProduct.create({
    data: { shop, id, title, handle: id, status: "ACTIVE", createdAt: at, updatedAt: at, ...extra },
  });
  for (const v of variants as { id: string; stock?: [string, number][]; [k: string]: unknown }[]) {
    const { stock, ...variant } = v;
    await db.mirrorVariant.create({
      data: {
        shop,
        productId: id,
        title: "Default Title",
        price: 10,
        updatedAt: at,
        inventoryItemId: `i${v.id}`,
        ...variant,
      } as never,
    });
    for (const [locationId, available] of stock ?? [])
      await db.mirrorInventoryLevel.create({
        data: { shop, inventoryItemId: `i${v.id}`, locationId, available, updatedAt: at },
      });
  }
}

async function order(id: string, name: string, extra: Record<string, unknown> = {}) {
  const createdAt = (extra.createdAt as Date) ?? new Date("2026-11-18T10:00:00Z");
  await db.mirrorOrder.create({
    data: {
      shop: SHOP,
      id,
      name,
      createdAt,
      subtotal: 40,
      totalDiscounts: 0,
      totalShipping: 5,
      totalTax: 0,
      total: 45,
      currencyCode: "EUR",
      updatedAt: createdAt,
      localDay: createdAt.toISOString().slice(0, 10),
      ...extra,
    },
  });
}

beforeAll(async () => {
  [emulator, database] = await Promise.all([
    startEmulator({ dbPath: ":memory:", shopDomain: SHOP, accessToken: TOKEN, clientSecret: "secret" }),
    createTestDatabase(),
  ]);
  const seed = syntheticSeedStore({ products: 1, orders: 1, customers: 1, locations: 2 });
  loadSeedStore(emulator.store.db, seed);
  locations = seed.locations.map((l) => ({ id: String(l.id), name: l.name }));
  db = createDb(database.url);
  await db.shop.create({ data: { domain: SHOP, currencyCode: "EUR" } as never });
  const [a, b] = locations.map((l) => l.id);
  await product(
    SHOP,
    "1",
    "7 Shakra Bracelet",
    { vendor: "Company 123", productType: "Bracelet", tags: "yoga, gift" },
    [{ id: "11", sku: "SHAKRA-7", price: 42.99, unitCost: 12, stock: [[a, 5]] }],
  );
  await product(SHOP, "2", "Bangle Bracelet", { vendor: "Company 123", productType: "Bracelet" }, [
    {
      id: "21",
      sku: "BANGLE-1",
      price: 39.99,
      stock: [
        [a, 2],
        [b, 1],
      ],
    },
  ]);
  await product(SHOP, "3", "Ocean Blue Shirt", { vendor: "partners-demo", productType: "Shirts" }, [
    { id: "31", sku: "OBS-M", title: "M", price: 50, stock: [[a, 0]] },
    { id: "32", sku: "OBS-L", title: "L", price: 50, stock: [[a, 12]] },
  ]);
  await product(SHOP, "4", "Ocean Breeze Hoodie", { vendor: "partners-demo", productType: "Hoodies" }, [
    { id: "41", sku: "OBH-1", price: 60, stock: [[b, 9]] },
  ]);
  await product(OTHER, "1", "7 Shakra Bracelet (other shop)", {}, [{ id: "11", sku: "SHAKRA-7", price: 1 }]);

  await db.mirrorCustomer.createMany({
    data: [
      {
        shop: SHOP,
        id: "c1",
        firstName: "Anna",
        lastName: "Berg",
        email: "anna@example.com",
        ordersCount: 2,
        totalSpent: 90,
        createdAt: NOW,
        updatedAt: NOW,
      },
      {
        shop: SHOP,
        id: "c2",
        firstName: "Joanna",
        lastName: "Smith",
        email: "jo@example.com",
        ordersCount: 1,
        totalSpent: 45,
        createdAt: NOW,
        updatedAt: NOW,
      },
    ],
  });
  await order("o1", "#1001", {
    customerId: "c1",
    createdAt: new Date("2026-11-01T09:00:00Z"),
    fulfillmentStatus: "FULFILLED",
  });
  await order("o2", "#1002", { customerId: "c1", riskLevel: "HIGH" });
  await order("o3", "#1003", { customerId: "c2", riskLevel: "MEDIUM", createdAt: new Date("2026-11-19T09:00:00Z") });
  await order("o4", "#1004", {
    riskLevel: "HIGH",
    fulfillmentStatus: "FULFILLED",
    createdAt: new Date("2026-11-17T10:00:00Z"),
  });
  await order("o5", "#1005", { riskLevel: "HIGH", createdAt: new Date("2026-09-01T09:00:00Z") });
  await order("o6", "#1006", { customerId: "c2" });
  await db.mirrorLineItem.create({
    data: {
      shop: SHOP,
      id: "l1",
      orderId: "o2",
      productId: "2",
      variantId: "21",
      sku: "BANGLE-1",
      title: "Bangle Bracelet",
      quantity: 2,
      unitPrice: 20,
      createdAt: NOW,
    },
  });
  await db.finding.create({
    data: {
      shop: SHOP,
      kind: "risky_order",
      subject: "order:#1006",
      title: "Order #1006 looks risky (91 out of 100): consider holding it",
      agent: "order-fulfillment",
      score: 91,
      data: { order: "#1006", score: 91, level: "high", reason: "Billing and shipping countries differ", factors: [] },
    } as never,
  });
}, 60_000);

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
  await emulator?.close();
});

describe("search_products", () => {
  it("finds by title words, SKU, vendor and tag, with stock per location by name and the shop's currency", async () => {
    const byWords = await call("search_products", { query: "ocean" });
    expect(byWords.products.map((p: { title: string }) => p.title)).toEqual([
      "Ocean Blue Shirt",
      "Ocean Breeze Hoodie",
    ]);
    expect(byWords.currency).toBe("EUR");

    const bySku = await call("search_products", { query: "bangle-1" });
    expect(bySku.products[0].title).toBe("Bangle Bracelet");
    const bangle = bySku.products[0].variants[0];
    expect(bangle.stock).toBe(3);
    expect(
      bangle.stockByLocation.map((l: { location: string; available: number }) => [l.location, l.available]).sort(),
    ).toEqual(
      [
        [locations[0].name, 2],
        [locations[1].name, 1],
      ].sort(),
    );

    const exact = await call("search_products", { query: "Ocean Breeze Hoodie" });
    expect(exact.products.map((p: { title: string }) => p.title)).toEqual(["Ocean Breeze Hoodie"]);
    expect((await call("search_products", { query: "yoga" })).products.map((p: { title: string }) => p.title)).toEqual([
      "7 Shakra Bracelet",
    ]);
    expect((await call("search_products", { vendor: "partners-demo" })).products).toHaveLength(2);
  });

  it("filters variants by price and stock, and never reads another shop", async () => {
    const cheap = await call("search_products", { query: "bracelet", maxPrice: 40 });
    expect(cheap.products.map((p: { title: string }) => p.title)).toEqual(["Bangle Bracelet"]);
    const out = await call("search_products", { maxStock: 0 });
    expect(
      out.products.map((p: { title: string; variants: { sku: string }[] }) => [p.title, p.variants.map((v) => v.sku)]),
    ).toEqual([["Ocean Blue Shirt", ["OBS-M"]]]);
    const limited = await call("search_products", { query: "o", limit: 1 });
    expect(limited.products).toHaveLength(1);
    expect(limited.more).toBe(true);
    expect(JSON.stringify(await call("search_products", { query: "shakra" }))).not.toContain("other shop");
  });

  it("get_product reads one product by SKU or id, and says when there is none", async () => {
    expect((await call("get_product", { sku: "SHAKRA-7" })).product).toMatchObject({
      title: "7 Shakra Bracelet",
      variants: [{ sku: "SHAKRA-7", price: 42.99, cost: 12, stock: 5 }],
    });
    expect((await call("get_product", { productId: "gid://shopify/Product/4" })).product.title).toBe(
      "Ocean Breeze Hoodie",
    );
    expect(await toolRegistry.call(ctx(), "get_product", { sku: "NOPE" })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect(await toolRegistry.call(ctx(), "get_product", {})).toMatchObject({ ok: false, code: "invalid_input" });
  });
});

describe("orders and customers", () => {
  it("search_orders finds by number, customer, dates, risk and fulfilment, newest first", async () => {
    const names = async (input: object) =>
      (await call("search_orders", input)).orders.map((o: { name: string }) => o.name);
    expect(await names({ name: "1003" })).toEqual(["#1003"]);
    expect(await names({ customer: "Anna Berg" })).toEqual(["#1002", "#1001"]);
    expect(await names({ customer: "jo@example.com" })).toEqual(["#1003", "#1006"]);
    expect(await names({ from: "2026-11-19", to: "2026-11-20" })).toEqual(["#1003"]);
    expect(await names({ risk: "HIGH" })).toEqual(["#1002", "#1004", "#1005"]);
    expect(await names({ risk: "HIGH", fulfillment: "unfulfilled" })).toEqual(["#1002", "#1005"]);
    const first = await call("search_orders", { limit: 1 });
    expect(first).toMatchObject({ more: true, orders: [{ name: "#1003", customer: "Joanna Smith", currency: "EUR" }] });
    expect(await toolRegistry.call(ctx(), "search_orders", { from: "2026-11-20", to: "2026-11-01" })).toMatchObject({
      ok: false,
      code: "invalid_input",
    });
  });

  it("get_order has the lines, the customer and the agent's risk score", async () => {
    const { order } = await call("get_order", { name: "#1002" });
    expect(order).toMatchObject({
      name: "#1002",
      customer: "Anna Berg",
      risk: "HIGH",
      lines: [{ title: "Bangle Bracelet", sku: "BANGLE-1", quantity: 2, unitPrice: 20 }],
    });
    expect((await call("get_order", { name: "1006" })).order).toMatchObject({ riskScore: 91 });
    expect(await toolRegistry.call(ctx(), "get_order", { name: "#9999" })).toMatchObject({
      ok: false,
      code: "not_found",
    });
  });

  it("search_customers returns what serving them needs, nothing more", async () => {
    const { customers } = await call("search_customers", { query: "anna" });
    // "anna" is in Anna Berg and in Joanna Smith: the bigger spender first.
    expect(customers.map((c: { name: string }) => c.name)).toEqual(["Anna Berg", "Joanna Smith"]);
    expect(customers[0]).toEqual({
      customerId: "c1",
      name: "Anna Berg",
      email: "anna@example.com",
      orders: 2,
      totalSpent: 90,
      latestOrder: { name: "#1002", createdAt: "2026-11-18T10:00:00.000Z" },
    });
    expect(
      (await call("search_customers", { query: "ANNA@example.com" })).customers.map((c: { name: string }) => c.name),
    ).toEqual(["Anna Berg"]);
  });

  it("list_risky_orders: the agent's risky orders and Shopify's high and medium ones, unshipped and recent, riskiest first", async () => {
    const { orders } = await call("list_risky_orders", { days: 14 });
    expect(orders.map((o: { name: string }) => o.name)).toEqual(["#1006", "#1002", "#1003"]);
    expect(orders[0]).toMatchObject({ riskScore: 91, riskReason: "Billing and shipping countries differ" });
  });
});

describe("exact lookups read an index, not the table", () => {
  it.runIf(database?.provider !== "postgresql" && process.env.TEST_DATABASE !== "postgresql")(
    "order by name, risky orders by level and date, products by vendor, variants by SKU (SQLite's plan)",
    async () => {
      const plan = async (sql: string) =>
        (await db.$queryRawUnsafe<{ detail: string }[]>(`EXPLAIN QUERY PLAN ${sql}`)).map((r) => r.detail).join(" | ");
      expect(await plan(`SELECT * FROM "MirrorOrder" WHERE shop = 'x' AND name = '#1042' LIMIT 11`)).toMatch(
        /USING INDEX MirrorOrder_shop_name_idx/,
      );
      expect(
        await plan(
          `SELECT * FROM "MirrorOrder" WHERE shop = 'x' AND "riskLevel" = 'HIGH' AND "createdAt" >= 0 ORDER BY "createdAt" DESC LIMIT 201`,
        ),
      ).toMatch(/USING INDEX MirrorOrder_shop_riskLevel_createdAt_idx/);
      expect(await plan(`SELECT id FROM "MirrorProduct" WHERE shop = 'x' AND vendor = 'Acme' LIMIT 500`)).toMatch(
        /USING (?:COVERING )?INDEX MirrorProduct_shop_vendor_idx/,
      );
      expect(await plan(`SELECT "productId" FROM "MirrorVariant" WHERE shop = 'x' AND sku = 'A-1' LIMIT 20`)).toMatch(
        /USING INDEX MirrorVariant_shop_sku_idx/,
      );
      // A page of products by title after a cursor (ADR 0037): a range of the index, no sort.
      const page = await plan(
        `SELECT id, title FROM "MirrorProduct" WHERE shop = 'x' AND title >= 'T' AND (title > 'T' OR (title = 'T' AND id > '9')) ORDER BY title, id LIMIT 101`,
      );
      expect(page).toMatch(/USING (?:COVERING )?INDEX MirrorProduct_shop_title_id_idx/);
      expect(page).not.toMatch(/TEMP B-TREE/);
    },
  );
});
