// Expiring offline tokens, against the emulator's refresh-token grant: an expired token is refreshed
// before the call (and the new one stored), concurrent callers share one refresh, a refresh another
// process made is picked up, and a token that cannot be refreshed fails with a clear error.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSeeded, TEST_SECRET, TEST_SHOP, type Harness } from "@royal-equips/emulator/testing";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import { createDb, type Db } from "../db/client";
import { adminClientFor } from "./local";
import { loadOffline, offlineAccessToken, REFRESH_MARGIN_MS, type AppCredentials } from "./offline-token";

const CLIENT_ID = "test-client-id";
let emulator: Harness;
let database: TestDatabase;
let db: Db;
let app: AppCredentials;
let refreshCalls = 0;

beforeAll(async () => {
  [emulator, database] = await Promise.all([
    startSeeded(
      { products: 2, orders: 2 },
      { clientId: CLIENT_ID, refreshTokens: ["shprt_first", "shprt_other"], scope: "read_products,write_products" },
    ),
    createTestDatabase(),
  ]);
  db = createDb(database.url);
  const counting: typeof fetch = (input, init) => {
    if (String(input).endsWith("/admin/oauth/access_token")) refreshCalls++;
    return fetch(input, init);
  };
  app = { apiKey: CLIENT_ID, apiSecret: TEST_SECRET, baseUrl: emulator.url, fetch: counting };
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
  await emulator?.close();
});

beforeEach(async () => {
  refreshCalls = 0;
  await db.session.deleteMany({});
});

const offline = (data: {
  accessToken: string;
  expires: Date | null;
  refreshToken?: string | null;
  refreshTokenExpires?: Date | null;
}) =>
  db.session.create({
    data: { id: `offline_${TEST_SHOP}`, shop: TEST_SHOP, state: "", isOnline: false, scope: "read_products", ...data },
  });

const shopName = async (client: Awaited<ReturnType<typeof adminClientFor>>) =>
  ((await client.graphql(`{ shop { name } }`)) as { shop: { name: string } }).shop.name;

describe("expiring offline tokens", () => {
  it("refreshes an expired token before the call, stores the new one and the rotated refresh token", async () => {
    await offline({
      accessToken: "shpat_expired",
      expires: new Date(Date.now() - 60_000),
      refreshToken: "shprt_first",
      refreshTokenExpires: new Date(Date.now() + 86_400_000),
    });
    // The expired token is useless on its own: the emulator does not know it.
    expect((await emulator.gql(`{ shop { name } }`, {}, "shpat_expired")).status).toBe(401);

    const client = await adminClientFor(db, TEST_SHOP, null, {}, app);
    expect(await shopName(client)).toBeTruthy();
    expect(refreshCalls).toBe(1);
    // Stored encrypted (ADR 0024); read back through the same reader.
    const stored = await db.session.findUniqueOrThrow({ where: { id: `offline_${TEST_SHOP}` } });
    expect(stored.accessToken).toMatch(/^enc:v1:/);
    const row = await loadOffline(db, TEST_SHOP);
    expect(row.accessToken).toMatch(/^shpat_[0-9a-f]{32}$/);
    expect(row.refreshToken).toMatch(/^shprt_[0-9a-f]{32}$/);
    expect(row.scope).toBe("read_products,write_products");
    expect(row.expires!.getTime() - Date.now()).toBeGreaterThan(3_500_000);
    // Further calls use the stored token without refreshing again.
    await shopName(client);
    await shopName(await adminClientFor(db, TEST_SHOP, null, {}, app));
    expect(refreshCalls).toBe(1);
  });

  it("shares one refresh among concurrent callers and refreshes a token about to expire", async () => {
    await offline({
      accessToken: "shpat_ending",
      expires: new Date(Date.now() + REFRESH_MARGIN_MS / 2),
      refreshToken: "shprt_other",
      refreshTokenExpires: null,
    });
    const token = offlineAccessToken(db, TEST_SHOP, app);
    const tokens = await Promise.all(Array.from({ length: 8 }, () => token()));
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe("shpat_ending");
    expect(refreshCalls).toBe(1);
  });

  it("picks up a token another process refreshed when its own refresh token was already spent", async () => {
    // This process read the row before another one refreshed it (spending "shprt_spent").
    const stale = {
      accessToken: "shpat_stale",
      expires: new Date(Date.now() - 1_000),
      refreshToken: "shprt_spent",
      refreshTokenExpires: null,
    };
    await offline(stale);
    const now = { value: Date.now() };
    const token = offlineAccessToken(db, TEST_SHOP, { ...app, now: () => now.value });
    // The other process's result lands in the database while ours is on its way.
    const racing: typeof fetch = async (input, init) => {
      await db.session.update({
        where: { id: `offline_${TEST_SHOP}` },
        data: { accessToken: "shpat_from_other_process", expires: new Date(Date.now() + 3_600_000) },
      });
      return fetch(input, init);
    };
    const raced = offlineAccessToken(db, TEST_SHOP, { ...app, fetch: racing });
    expect(await raced()).toBe("shpat_from_other_process");
    expect(await token()).toBe("shpat_from_other_process");
  });

  it("uses a token without an expiry as it is, and fails clearly when a token cannot be refreshed", async () => {
    await offline({ accessToken: "shpat_test_token", expires: null });
    expect(await shopName(await adminClientFor(db, TEST_SHOP, null, {}, app))).toBeTruthy();
    expect(refreshCalls).toBe(0);

    await db.session.deleteMany({});
    await offline({
      accessToken: "shpat_expired",
      expires: new Date(Date.now() - 1_000),
      refreshToken: "shprt_old",
      refreshTokenExpires: new Date(Date.now() - 1_000),
    });
    await expect(adminClientFor(db, TEST_SHOP, null, {}, app)).rejects.toMatchObject({
      details: { code: "TOKEN_EXPIRED" },
      message: expect.stringContaining("open the app in Shopify admin"),
    });

    await db.session.deleteMany({});
    await offline({
      accessToken: "shpat_expired",
      expires: new Date(Date.now() - 1_000),
      refreshToken: "shprt_unknown",
      refreshTokenExpires: null,
    });
    await expect(adminClientFor(db, TEST_SHOP, null, {}, app)).rejects.toMatchObject({
      details: { code: "TOKEN_REFRESH_FAILED", status: 400 },
      message: expect.stringContaining("invalid, expired or already used"),
    });

    await db.session.deleteMany({});
    await expect(adminClientFor(db, TEST_SHOP, null, {}, app)).rejects.toMatchObject({
      details: { code: "NO_SESSION" },
    });
  });
});

describe("local mode", () => {
  it("serves its one shop, and refuses work queued for another shop through a shared Redis", async () => {
    const local = { emulatorUrl: emulator.url, emulatorAccessToken: "shpat_test_token", shop: TEST_SHOP };
    expect(await shopName(await adminClientFor(db, TEST_SHOP, local))).toBeTruthy();
    await expect(adminClientFor(db, "other-shop.myshopify.com", local)).rejects.toMatchObject({
      details: { code: "WRONG_SHOP" },
      message: expect.stringContaining("serves only"),
    });
  });
});
