// Stock received through Shopify's inventory_levels/update webhook resolves the stockout alert of
// the restocked variant, recorded as resolved automatically with the reason, once stock on hand
// (all locations) exceeds what the lead time needs; a smaller delivery leaves the alert open.
// The real route action, with a signed request, on a real database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { raiseStockoutAlerts } from "../../agents/inventory/alerts";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import { loadAppWithEnv } from "../../tests/support/app";
import { EMBEDDED_ENV, webhookRequest } from "../../tests/support/shopify";

const SHOP = "stockout-webhook.myshopify.com";
let database: TestDatabase;
let app: Awaited<ReturnType<typeof loadAppWithEnv>>;
type Action = (args: { request: Request; params: object; context: object }) => Promise<Response>;
let action: Action;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await loadAppWithEnv({ ...EMBEDDED_ENV, DATABASE_URL: database.url });
  action = (await import("./webhooks.inventory_levels.update")).action as Action;
  const at = new Date("2026-11-01T00:00:00Z");
  await app.db.mirrorProduct.create({
    data: {
      shop: SHOP,
      id: "8001",
      title: "Trail Boots",
      handle: "trail-boots",
      status: "ACTIVE",
      createdAt: at,
      updatedAt: at,
    },
  });
  await app.db.mirrorVariant.createMany({
    data: [
      {
        shop: SHOP,
        id: "41001",
        productId: "8001",
        title: "42",
        sku: "TB-42",
        price: 120,
        inventoryItemId: "9001",
        updatedAt: at,
      },
      {
        shop: SHOP,
        id: "41002",
        productId: "8001",
        title: "43",
        sku: "TB-43",
        price: 120,
        inventoryItemId: "9002",
        updatedAt: at,
      },
    ],
  });
  await app.db.mirrorInventoryLevel.createMany({
    data: [
      { shop: SHOP, inventoryItemId: "9001", locationId: "71", available: 2, updatedAt: at },
      { shop: SHOP, inventoryItemId: "9001", locationId: "72", available: 5, updatedAt: at },
      { shop: SHOP, inventoryItemId: "9002", locationId: "71", available: 1, updatedAt: at },
    ],
  });
}, 120_000);

afterAll(async () => {
  await app?.db.$disconnect();
  await database?.drop();
});

async function deliver(inventoryItemId: number, locationId: number, available: number, minute: number) {
  const request = webhookRequest(
    "inventory_levels/update",
    {
      inventory_item_id: inventoryItemId,
      location_id: locationId,
      available,
      updated_at: new Date(Date.UTC(2026, 10, 20, 12, minute)).toISOString(),
    },
    { shop: SHOP },
  );
  const response = await action({ request, params: {}, context: {} });
  expect(response.status).toBe(200);
}

describe("stockout alerts and inventory webhooks", () => {
  it("resolve the restocked variant's alert once its stock covers the lead time, and leave the others open", async () => {
    const raisedAt = new Date("2026-11-20T06:00:00Z");
    const risk = (variantId: string, sku: string, onHand: number) => ({
      variantId,
      sku,
      product: "Trail Boots",
      onHand,
      dailyDemand: 1.2,
      daysOfCover: onHand / 1.2,
      stockoutDate: "2026-11-26",
    });
    expect(
      await raiseStockoutAlerts(app.db, SHOP, raisedAt, [risk("41001", "TB-42", 7), risk("41002", "TB-43", 1)], 14),
    ).toBe(2);
    const alerts = await app.db.alert.findMany({ where: { shop: SHOP }, orderBy: { title: "asc" } });
    expect(alerts.map((a) => a.title)).toEqual([
      "Trail Boots — 42 (SKU TB-42) may run out in 5 days",
      "Trail Boots — 43 (SKU TB-43) may run out within a day",
    ]);
    const [boots42, boots43] = alerts;
    expect(boots42.details).toMatchObject({ variantId: "41001", productId: "8001", leadTimeDemand: 17 });

    // 10 + 5 at the other location = 15: still short of the 17 the 14 days need.
    await deliver(9001, 71, 10, 1);
    expect(await app.db.alert.findUniqueOrThrow({ where: { id: boots42.id } })).toMatchObject({ resolvedAt: null });

    // 13 + 5 = 18 > 17: the stock received clears the risk.
    await deliver(9001, 71, 13, 2);
    expect(await app.db.alert.findUniqueOrThrow({ where: { id: boots42.id } })).toMatchObject({
      resolvedAt: expect.any(Date),
      resolvedBy: "system:inventory-webhook",
      resolutionKind: "automatic",
      resolution:
        "Resolved automatically: stock received (18 on hand, more than the 17 needed over the 14-day lead time)",
    });
    expect(await app.db.alert.findUniqueOrThrow({ where: { id: boots43.id } })).toMatchObject({ resolvedAt: null });

    // At risk again later: a new alert, not the resolved one silently updated.
    await raiseStockoutAlerts(app.db, SHOP, new Date("2026-12-01T06:00:00Z"), [risk("41001", "TB-42", 3)], 14);
    expect(await app.db.alert.count({ where: { shop: SHOP, kind: "stockout_risk", resolvedAt: null } })).toBe(2);
    expect(await app.db.alert.findUniqueOrThrow({ where: { id: boots42.id } })).toMatchObject({
      resolutionKind: "automatic",
    });
  });
});
