// A shop that sells in euros sees euros: the dashboard loader reads the shop's currency once
// (Shop.currencyCode, else the newest order's) and the page formats every amount with it.
import {
  RequestType,
  setUpValidRequest,
  setUpValidSession,
  TEST_SHOP,
  API_KEY,
  API_SECRET_KEY,
} from "@shopify/shopify-api/test-helpers";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadAppWithEnv } from "../tests/support/app";
import { createTestDatabase, type TestDatabase } from "../tests/support/database";
import { EMBEDDED_ENV } from "../tests/support/shopify";
import { rebuildDailySales } from "../agents/analytics/rollups";
import { HOUR_MS, isoDay } from "../agents/core/time";
import { money } from "./format";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof loadAppWithEnv>>;
type Loader = (args: { request: Request; params: object; context: object }) => Promise<unknown>;
type Dashboard = { currency: string; sales: { metrics: { revenue: number; orders: number } } };
let dashboardLoader: Loader;

const dashboard = async () =>
  (await dashboardLoader({
    request: await setUpValidRequest(
      {
        type: RequestType.Bearer,
        store: TEST_SHOP.replace(".myshopify.com", ""),
        apiKey: API_KEY,
        apiSecretKey: API_SECRET_KEY,
      },
      new Request("https://my-test-app.myshopify.io/app"),
    ),
    params: {},
    context: {},
  })) as Dashboard;

// One order yesterday (inside the default 30-day window, and not today, which is shown apart); the
// shops here keep UTC days, so its local day is its UTC day.
async function orderYesterday(id: string, total: number, currencyCode: string | null) {
  const createdAt = new Date(Date.now() - 26 * HOUR_MS);
  await app.db.mirrorOrder.create({
    data: {
      shop: TEST_SHOP,
      id,
      name: `#${id}`,
      createdAt,
      updatedAt: createdAt,
      localDay: isoDay(createdAt),
      currencyCode,
      subtotal: total,
      totalDiscounts: 0,
      totalShipping: 0,
      totalTax: 0,
      total,
    },
  });
  // Sales figures read the daily rollup, as they do after a store sync.
  await rebuildDailySales(app.db, TEST_SHOP);
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await loadAppWithEnv({ ...EMBEDDED_ENV, DATABASE_URL: database.url });
  dashboardLoader = (await import("./routes/app._index")).loader as Loader;
  const session = setUpValidSession({ shop: TEST_SHOP, expires: undefined, scope: EMBEDDED_ENV.SCOPES });
  await app.shopify.sessionStorage.storeSession(session);
});

beforeEach(async () => {
  await app.db.mirrorOrder.deleteMany({});
  await app.db.mirrorDailySales.deleteMany({});
  await app.db.shop.deleteMany({});
});

afterAll(async () => {
  await app?.db.$disconnect();
  await database?.drop();
});

describe("the dashboard's money is in the shop's currency", () => {
  it("a euro shop gets EUR, and its revenue reads in euros", async () => {
    await app.db.shop.create({ data: { domain: TEST_SHOP, currencyCode: "EUR", ianaTimezone: "UTC" } });
    await orderYesterday("1001", 1234.5, "EUR");
    const data = await dashboard();
    expect(data.currency).toBe("EUR");
    expect(data.sales.metrics).toMatchObject({ orders: 1, revenue: 1234.5 });
    expect(money(data.sales.metrics.revenue, data.currency)).toBe("€1,234.50");
  });

  it("before the shop's currency is saved, the newest order's currency is used", async () => {
    await app.db.shop.create({ data: { domain: TEST_SHOP, currencyCode: null, ianaTimezone: "UTC" } });
    await orderYesterday("1002", 5000, "JPY");
    const data = await dashboard();
    expect(data.currency).toBe("JPY");
    expect(money(data.sales.metrics.revenue, data.currency)).toBe("¥5,000");
  });

  it("a shop with no currency and no orders yet reads in dollars", async () => {
    const data = await dashboard();
    expect(data.currency).toBe("USD");
    expect(money(data.sales.metrics.revenue, data.currency)).toBe("$0.00");
  });
});
