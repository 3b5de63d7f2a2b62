// The daily unit series the forecasting and pricing engines read, and the research tools' days and
// weeks, are the shop's own days. A New York shop's orders placed half an hour either side of local
// midnight land on the New York day (a UTC mix-up moves them to the next day and fails these), and
// the same orders in a UTC shop keep their UTC days. The instants below are written out in UTC, so
// the expected days do not come from the code under test: New York is UTC-5 from Nov 1, 2026
// (midnight at 05:00Z) and UTC-4 before it (midnight at 04:00Z).
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import type { ToolContext } from "../core/context";
import { createDb, type Db } from "../db/client";
import { fillLocalDays } from "../mirror/local-days";
import { raiseAlert } from "../ops/alerts";
import { findDeadStockTool, findTrendingProducts } from "../research/tools";
import { explainAlert } from "../security/alerts";
import { createAdminClient } from "../shopify/graphql-client";
import { toolRegistry } from "../tools";
import { dailySales, salesEndDay } from "./catalog";

const NY_SHOP = "local-days-ny.myshopify.com";
const UTC_SHOP = "local-days-utc.myshopify.com";
// Sunday Dec 6, 10:00 in New York: today is Dec 6 there, so the last complete day is Dec 5.
const NOW = new Date("2026-12-06T15:00:00Z");
const AT = new Date("2026-01-01T00:00:00Z");
let database: TestDatabase;
let db: Db;

/** One order of `quantity` units of `variant` at `createdAt` (an ISO instant), written without a local day. */
let nextId = 1;
async function order(shop: string, variant: "mug" | "lamp" | "rug", createdAt: string, quantity: number) {
  const id = String(nextId++);
  const at = new Date(createdAt);
  const price = 10;
  await db.mirrorOrder.create({
    data: {
      shop,
      id,
      name: `#${id}`,
      createdAt: at,
      subtotal: quantity * price,
      totalDiscounts: 0,
      totalShipping: 0,
      totalTax: 0,
      total: quantity * price,
      updatedAt: at,
    },
  });
  await db.mirrorLineItem.create({
    data: {
      shop,
      id: `${id}-1`,
      orderId: id,
      productId: `p-${variant}`,
      variantId: `v-${variant}`,
      title: variant,
      quantity,
      unitPrice: price,
      createdAt: at,
    },
  });
}

async function catalogue(shop: string, timeZone: string) {
  await db.shop.create({ data: { domain: shop, ianaTimezone: timeZone } });
  for (const name of ["mug", "lamp", "rug"]) {
    await db.mirrorProduct.create({
      data: { shop, id: `p-${name}`, title: name, handle: name, status: "ACTIVE", createdAt: AT, updatedAt: AT },
    });
    await db.mirrorVariant.create({
      data: {
        shop,
        id: `v-${name}`,
        productId: `p-${name}`,
        title: "Default Title",
        sku: name.toUpperCase(),
        price: 10,
        unitCost: 4,
        inventoryItemId: `i-${name}`,
        updatedAt: AT,
      },
    });
    await db.mirrorInventoryLevel.create({
      data: { shop, inventoryItemId: `i-${name}`, locationId: "l-1", available: 50, updatedAt: AT },
    });
  }
}

/** The same orders in both shops. */
async function orders(shop: string) {
  await order(shop, "mug", "2026-12-05T04:30:00Z", 1); // New York: Dec 4, 23:30
  await order(shop, "mug", "2026-12-05T05:30:00Z", 2); // New York: Dec 5, 00:30
  await order(shop, "mug", "2026-12-06T04:30:00Z", 4); // New York: Dec 5, 23:30
  await order(shop, "mug", "2026-12-06T05:30:00Z", 8); // New York: Dec 6, 00:30 (today)
  // The lamp sells once, at 23:30 on Saturday Nov 21 in New York: 14 days before Dec 5.
  await order(shop, "lamp", "2026-11-22T04:30:00Z", 1);
  // The rug sells more each week, each week's sale at 23:30 New York time on the week's Sunday
  // (the last six Monday–Sunday weeks of Oct 12 – Dec 6): a UTC mix-up moves every sale into the next week.
  const weekEnds = [
    "2026-11-02T04:30:00Z", // Sunday Nov 1 (UTC-5 from 02:00 that day)
    "2026-11-09T04:30:00Z", // Sunday Nov 8
    "2026-11-16T04:30:00Z",
    "2026-11-23T04:30:00Z",
    "2026-11-30T04:30:00Z",
    "2026-12-07T04:30:00Z", // Sunday Dec 6
  ];
  for (const [week, at] of weekEnds.entries()) await order(shop, "rug", at, week + 1);
}

function context(shop: string, now = NOW): ToolContext {
  return {
    shop,
    db,
    // The research tools only read the mirror; this client is never called.
    admin: createAdminClient({ shop, accessToken: "unused", endpoint: "http://127.0.0.1:9" }),
    logger: pino({ level: "silent" }),
    actor: { kind: "merchant", id: "owner" },
    now: () => now,
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  await catalogue(NY_SHOP, "America/New_York");
  await catalogue(UTC_SHOP, "UTC");
  await orders(NY_SHOP);
  await orders(UTC_SHOP);
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

describe("daily unit series on the shop's days", () => {
  it("ends on the shop's last complete local day, not on today's partial day", async () => {
    expect(await salesEndDay(db, NY_SHOP, NOW)).toBe("2026-12-05");
    expect(await salesEndDay(db, UTC_SHOP, NOW)).toBe("2026-12-05");
    // At 22:00 on Dec 4 in New York (already Dec 5 in UTC) the last complete day is Dec 3.
    expect(await salesEndDay(db, NY_SHOP, new Date("2026-12-05T03:00:00Z"))).toBe("2026-12-03");
    expect(await salesEndDay(db, UTC_SHOP, new Date("2026-12-05T03:00:00Z"))).toBe("2026-12-04");
    expect(await salesEndDay(db, "nothing-synced.myshopify.com", NOW)).toBe("2026-12-05");
  });

  it("counts each order on the New York day it was placed", async () => {
    const ny = await dailySales(db, NY_SHOP, { days: 3, end: "2026-12-05", variantIds: ["v-mug"] });
    expect(ny.start).toBe("2026-12-03");
    expect(ny.units.get("v-mug")).toEqual([0, 1, 6]);
    expect(ny.price.get("v-mug")!.slice(1)).toEqual([10, 10]);
    const today = await dailySales(db, NY_SHOP, { days: 1, end: "2026-12-06", variantIds: ["v-mug"] });
    expect(today.units.get("v-mug")).toEqual([8]);
  });

  it("keeps UTC days for a UTC shop", async () => {
    const utc = await dailySales(db, UTC_SHOP, { days: 3, end: "2026-12-05", variantIds: ["v-mug"] });
    expect(utc.start).toBe("2026-12-03");
    expect(utc.units.get("v-mug")).toEqual([0, 0, 3]);
  });

  it("leaves out cancelled orders by their local day", async () => {
    await order(NY_SHOP, "mug", "2026-12-04T05:30:00Z", 16); // New York: Dec 4, 00:30
    await db.mirrorOrder.update({
      where: { shop_id: { shop: NY_SHOP, id: String(nextId - 1) } },
      data: { cancelledAt: new Date("2026-12-04T06:00:00Z") },
    });
    const ny = await dailySales(db, NY_SHOP, { days: 3, end: "2026-12-05", variantIds: ["v-mug"] });
    expect(ny.units.get("v-mug")).toEqual([0, 1, 6]);
  });
});

describe("research on the shop's days", () => {
  it("finds dead stock by the local day of the last sale", async () => {
    const ny = await toolRegistry.run(context(NY_SHOP), findDeadStockTool, { noSalesDays: 14 });
    if (!ny.ok) throw new Error(ny.message);
    expect(ny.data.asOf).toBe("2026-12-05");
    const lamp = ny.data.items.find((i) => i.variantId === "v-lamp");
    expect(lamp).toMatchObject({ lastSaleDate: "2026-11-21", daysSinceLastSale: 14 });

    // In UTC the lamp sold on Nov 22, 13 days before: not dead yet.
    const utc = await toolRegistry.run(context(UTC_SHOP), findDeadStockTool, { noSalesDays: 14 });
    if (!utc.ok) throw new Error(utc.message);
    expect(utc.data.items.map((i) => i.variantId)).not.toContain("v-lamp");
  });

  it("tests weekly trends over whole local weeks ending on the last complete day", async () => {
    // Monday Dec 7, 10:00 in New York: the last complete day is Sunday Dec 6.
    const monday = new Date("2026-12-07T15:00:00Z");
    const ny = await toolRegistry.run(context(NY_SHOP, monday), findTrendingProducts, { weeks: 8 });
    if (!ny.ok) throw new Error(ny.message);
    expect(ny.data.window).toMatchObject({ from: "2026-10-12", to: "2026-12-06", weeks: 8 });
    expect(ny.data.rising.find((p) => p.productId === "p-rug")?.weeklyUnits).toEqual([0, 0, 1, 2, 3, 4, 5, 6]);

    // In UTC every rug sale falls on the Monday after: each a week later, the last after the window.
    const utc = await toolRegistry.run(context(UTC_SHOP, monday), findTrendingProducts, { weeks: 8 });
    if (!utc.ok) throw new Error(utc.message);
    expect(utc.data.window).toMatchObject({ from: "2026-10-12", to: "2026-12-06", weeks: 8 });
    expect(utc.data.rising.find((p) => p.productId === "p-rug")?.weeklyUnits ?? null).toEqual([0, 0, 0, 1, 2, 3, 4, 5]);
  });
});

describe("a revenue anomaly's day", () => {
  it("counts the orders of the shop-local day the finance monitor flagged", async () => {
    const orderCount = async (shop: string) => {
      await fillLocalDays(db, shop); // as the sync and webhooks do when they write orders
      const alert = await raiseAlert(db, shop, {
        kind: "revenue_anomaly",
        severity: "warning",
        title: "Revenue drop",
        details: { date: "2026-12-04", revenue: 10, expected: 400, z: -4.2, direction: "drop" },
        dedupeKey: "revenue:2026-12-04",
      });
      const explained = await explainAlert(db, shop, alert.id, { now: NOW, mode: "local" });
      return explained?.evidence.find((line) => line.endsWith("order(s) that day in the mirror."));
    };
    // New York's Dec 4 holds the 23:30 order (the 00:30 one was cancelled); UTC's Dec 4 holds none.
    expect(await orderCount(NY_SHOP)).toBe("1 order(s) that day in the mirror.");
    expect(await orderCount(UTC_SHOP)).toBe("0 order(s) that day in the mirror.");
  });
});
