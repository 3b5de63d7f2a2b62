// The catalog cache AIRA resolves product names against: reused within its lifetime, and forgotten
// as soon as a product webhook changes the mirror (so a price just changed is the price AIRA sees).
// And the catalog of a store with more products than one statement may bind (SQLite's 999 values).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import { createDb, type Db } from "../db/client";
import { applyProductWebhook } from "../mirror/webhooks";
import { daysBetween } from "../core/time";
import { cachedCatalog, dailySales, forgetCatalog, loadCatalog, productImageUrls } from "./catalog";
import { BIG_LOCATIONS, seedBigStore, type BigStore } from "./testing/big-store";

const SHOP = "catalog-cache.myshopify.com";
let database: TestDatabase;
let db: Db;

const product = (price: string, updatedAt: string) => ({
  id: 101,
  title: "Bangle Bracelet",
  handle: "bangle-bracelet",
  vendor: "Royal",
  product_type: "Jewelry",
  status: "active",
  tags: "",
  created_at: "2026-01-01T00:00:00Z",
  updated_at: updatedAt,
  variants: [{ id: 201, title: "Default Title", sku: "BB-1", price, inventory_item_id: 301, updated_at: updatedAt }],
});

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

describe("cachedCatalog", () => {
  it("reuses the loaded catalog until a product webhook changes the mirror", async () => {
    await applyProductWebhook(db, SHOP, product("40.00", "2026-12-01T00:00:00Z"));
    forgetCatalog(SHOP);
    expect((await cachedCatalog(db, SHOP)).map((v) => v.price)).toEqual([40]);

    // A change the cache cannot know about (written behind its back) is not seen within the TTL...
    await db.mirrorVariant.updateMany({ where: { shop: SHOP }, data: { price: 41 } });
    expect((await cachedCatalog(db, SHOP)).map((v) => v.price)).toEqual([40]);

    // ...but a webhook that changes the product forgets the cached catalog at once.
    await applyProductWebhook(db, SHOP, product("44.44", "2026-12-02T00:00:00Z"));
    expect((await cachedCatalog(db, SHOP)).map((v) => v.price)).toEqual([44.44]);
  });

  it("keeps the cache when a stale webhook changed nothing", async () => {
    forgetCatalog(SHOP);
    const before = await cachedCatalog(db, SHOP);
    const outcome = await applyProductWebhook(db, SHOP, product("1.00", "2025-01-01T00:00:00Z"));
    expect(outcome.applied).toBe(false);
    expect(await cachedCatalog(db, SHOP)).toBe(before);
  });
});

describe("product images", () => {
  const IMAGES = "catalog-images.myshopify.com";
  const payload = (id: number, images: Record<string, unknown>) => ({
    ...product("10.00", "2026-12-01T00:00:00Z"),
    id,
    variants: [
      { id: id * 10, title: "Default Title", sku: `IMG-${id}`, price: "10.00", updated_at: "2026-12-01T00:00:00Z" },
    ],
    ...images,
  });

  it("come from a product webhook's image, else its first image, and reach the catalog and a page's lookup", async () => {
    await applyProductWebhook(db, IMAGES, payload(1, { image: { src: "https://cdn.example.com/a.jpg" } }));
    await applyProductWebhook(
      db,
      IMAGES,
      payload(2, { image: null, images: [{ src: "https://cdn.example.com/b.jpg" }] }),
    );
    await applyProductWebhook(db, IMAGES, payload(3, { image: null, images: [] }));

    const catalog = await loadCatalog(db, IMAGES);
    expect(Object.fromEntries(catalog.map((v) => [v.productId, v.imageUrl]))).toEqual({
      "1": "https://cdn.example.com/a.jpg",
      "2": "https://cdn.example.com/b.jpg",
      "3": null,
    });
    // Products without an image, unknown ids and other shops' products are simply absent.
    const images = await productImageUrls(db, IMAGES, ["1", "2", "3", "404", "1"]);
    expect([...images]).toEqual(
      expect.arrayContaining([
        ["1", "https://cdn.example.com/a.jpg"],
        ["2", "https://cdn.example.com/b.jpg"],
      ]),
    );
    expect(images.size).toBe(2);
    expect((await productImageUrls(db, SHOP, ["1"])).size).toBe(0);
    expect((await productImageUrls(db, IMAGES, [])).size).toBe(0);
  });
});

describe("a store with more products than one statement may list (2,500 products, 5,000 variants)", () => {
  const BIG = "catalog-big.myshopify.com";
  let store: BigStore;

  beforeAll(async () => {
    store = await seedBigStore(db, BIG);
  }, 60_000);

  it("loads the whole catalog with each variant's product and stock", async () => {
    const catalog = await loadCatalog(db, BIG);
    expect(catalog).toHaveLength(5_000);
    expect(new Set(catalog.map((v) => v.variantId))).toEqual(new Set(store.variantIds));
    for (const v of catalog) {
      const product = Number(v.productId) - 100_000;
      expect(v.productTitle).toBe(`Big Product ${product}`);
      expect(v.vendor).toBe(`Vendor ${product % 5}`);
      expect(v.imageUrl).toBe(product % 2 === 0 ? `https://cdn.example.com/big/${product}.jpg` : null);
      expect(v.stockByLocation.map((s) => s.locationId).sort()).toEqual(BIG_LOCATIONS);
      expect(v.onHand).toBe(store.onHand.get(v.variantId));
    }
    forgetCatalog(BIG);
    expect(await cachedCatalog(db, BIG)).toHaveLength(5_000);
  });

  it("filters by 1,200 SKUs, 2,000 variant ids or 1,500 products, and by SKUs and products together", async () => {
    const skus = store.skus.filter((_, n) => n % 4 !== 3).slice(0, 1_200);
    const bySku = await loadCatalog(db, BIG, { skus });
    expect(bySku.map((v) => v.sku).sort()).toEqual([...skus].sort());
    expect(bySku.every((v) => v.productTitle.startsWith("Big Product"))).toBe(true);

    const variantIds = store.variantIds.slice(1_000, 3_000);
    const byId = await loadCatalog(db, BIG, { variantIds });
    expect(byId.map((v) => v.variantId).sort()).toEqual([...variantIds].sort());
    expect(byId.every((v) => v.onHand === store.onHand.get(v.variantId))).toBe(true);

    const productIds = store.productIds.slice(500, 2_000);
    const byProduct = await loadCatalog(db, BIG, { productIds });
    expect(byProduct).toHaveLength(3_000);
    expect(new Set(byProduct.map((v) => v.productId))).toEqual(new Set(productIds));

    // Both lists: the variants whose SKU is listed AND whose product is listed.
    const both = await loadCatalog(db, BIG, { skus, productIds });
    const wanted = new Set(productIds);
    expect(both.map((v) => v.sku).sort()).toEqual(
      skus.filter((sku) => wanted.has(String(100_000 + Number(sku.split("-")[1])))).sort(),
    );
    expect(await loadCatalog(db, BIG, { skus: [] })).toEqual([]);
  });

  it("finds the images of 2,500 products and the daily sales of 5,000 variants", async () => {
    const images = await productImageUrls(db, BIG, store.productIds);
    expect(images.size).toBe(1_250);
    expect(images.get(store.productIds[0])).toBe("https://cdn.example.com/big/0.jpg");

    const days = store.weeks * 7;
    const series = await dailySales(db, BIG, { days, end: store.end, variantIds: store.variantIds });
    expect(series.units.size).toBe(5_000);
    for (const id of store.variantIds) {
      const expected = new Array<number>(days).fill(0);
      for (const [day, units] of store.sales.get(id) ?? []) expected[daysBetween(series.start, day)] += units;
      expect(series.units.get(id)).toEqual(expected);
    }
  });
});

describe("the whole catalog read in pages", () => {
  const PAGED = "catalog-paged.myshopify.com";
  const updatedAt = new Date("2026-01-01T00:00:00Z");
  // SKUs as a (shop, sku) index orders them: no SKU first, then by code unit; equal SKUs by id.
  const variants = [
    { id: "v09", sku: "B-2" },
    { id: "v01", sku: null },
    { id: "v05", sku: "A-10" },
    { id: "v03", sku: "B-2" },
    { id: "v07", sku: null },
    { id: "v02", sku: "C-1" },
    { id: "v08", sku: "A-9" },
    { id: "v04", sku: null },
    { id: "v06", sku: "Z" },
  ];
  const expectedOrder = ["v01", "v04", "v07", "v05", "v08", "v03", "v09", "v02", "v06"]; // A-10 < A-9 < B-2 < C-1 < Z

  beforeAll(async () => {
    await db.mirrorProduct.createMany({
      data: ["p1", "p2", "p3"].map((id, i) => ({
        shop: PAGED,
        id,
        title: `Paged ${i}`,
        handle: id,
        vendor: `Vendor ${i}`,
        productType: "Type\twith a tab",
        status: "ACTIVE",
        createdAt: updatedAt,
        updatedAt,
      })),
    });
    await db.mirrorVariant.createMany({
      data: variants.map((v, i) => ({
        shop: PAGED,
        id: v.id,
        productId: `p${(i % 3) + 1}`,
        title: `Variant\n${v.id}`,
        sku: v.sku,
        price: 10 + i,
        unitCost: i % 2 ? null : 2.5,
        inventoryItemId: i === 4 ? null : `item-${v.id}`,
        updatedAt,
      })),
    });
    await db.mirrorInventoryLevel.createMany({
      data: variants.flatMap((v, i) =>
        ["loc-b", "loc-a", "loc-c"].slice(0, 1 + (i % 3)).map((locationId, k) => ({
          shop: PAGED,
          inventoryItemId: `item-${v.id}`,
          locationId,
          available: i + k,
          updatedAt,
        })),
      ),
    });
  });

  it("gives the same catalog in SKU order (no SKU first, then id) whatever the page size", async () => {
    const whole = await loadCatalog(db, PAGED);
    expect(whole.map((v) => v.variantId)).toEqual(expectedOrder);
    for (const pageSize of [1, 2, 4]) expect(await loadCatalog(db, PAGED, {}, pageSize)).toEqual(whole);
    // Each variant as the filtered read (Prisma, by id) builds it: product, text, prices, stock by location.
    const byId = await loadCatalog(db, PAGED, { variantIds: expectedOrder });
    const sorted = (c: typeof whole) =>
      [...c]
        .map((v) => ({
          ...v,
          stockByLocation: [...v.stockByLocation].sort((a, b) => a.locationId.localeCompare(b.locationId)),
        }))
        .sort((a, b) => a.variantId.localeCompare(b.variantId));
    expect(sorted(whole)).toEqual(sorted(byId));
    const v02 = whole.find((v) => v.variantId === "v02")!;
    expect(v02).toMatchObject({
      productTitle: "Paged 2",
      variantTitle: "Variant\nv02",
      productType: "Type\twith a tab",
    });
    expect(v02.stockByLocation).toEqual([
      { locationId: "loc-a", available: 6 },
      { locationId: "loc-b", available: 5 },
      { locationId: "loc-c", available: 7 },
    ]);
    expect(whole.find((v) => v.variantId === "v07")).toMatchObject({
      inventoryItemId: null,
      onHand: 0,
      stockByLocation: [],
    });
  });
});
