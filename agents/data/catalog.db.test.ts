// The catalog cache AIRA resolves product names against: reused within its lifetime, and forgotten
// as soon as a product webhook changes the mirror (so a price just changed is the price AIRA sees).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import { createDb, type Db } from "../db/client";
import { applyProductWebhook } from "../mirror/webhooks";
import { cachedCatalog, forgetCatalog, loadCatalog, productImageUrls } from "./catalog";

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
