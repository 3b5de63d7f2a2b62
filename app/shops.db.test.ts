// Page views do not write the Shop row: the first request of a process (per shop and scopes) reads
// it and writes only what differs; installs and new sessions (afterAuth) write it. One
// authentication per HTTP request, shared by the layout's and the page's loaders.
import {
  RequestType,
  setUpValidRequest,
  setUpValidSession,
  TEST_SHOP,
  API_KEY,
  API_SECRET_KEY,
} from "@shopify/shopify-api/test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAppWithEnv } from "../tests/support/app";
import { createTestDatabase, type TestDatabase } from "../tests/support/database";
import { EMBEDDED_ENV } from "../tests/support/shopify";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof loadAppWithEnv>>;
let auth: typeof import("./auth.server");
let shops: typeof import("./shops.server");

/** A fresh process's modules (nothing remembered), over the same database. */
async function freshProcess() {
  await app?.db.$disconnect();
  app = await loadAppWithEnv({ ...EMBEDDED_ENV, DATABASE_URL: database.url });
  auth = await import("./auth.server");
  shops = await import("./shops.server");
}

const pageRequest = (secret = API_SECRET_KEY) =>
  setUpValidRequest(
    { type: RequestType.Bearer, store: TEST_SHOP.replace(".myshopify.com", ""), apiKey: API_KEY, apiSecretKey: secret },
    new Request("https://my-test-app.myshopify.io/app"),
  );
const shopRow = () => app.db.shop.findUniqueOrThrow({ where: { domain: TEST_SHOP } });
const tick = () => new Promise((r) => setTimeout(r, 15));

beforeAll(async () => {
  database = await createTestDatabase();
  await freshProcess();
  const session = setUpValidSession({ shop: TEST_SHOP, expires: undefined, scope: EMBEDDED_ENV.SCOPES });
  await app.shopify.sessionStorage.storeSession(session);
});

afterAll(async () => {
  await app?.db.$disconnect();
  await database?.drop();
});

describe("the Shop row on page views", () => {
  it("is created by the first page view, with the session's scopes, and not written by the next ones", async () => {
    expect(await app.db.shop.findUnique({ where: { domain: TEST_SHOP } })).toBeNull();
    await auth.requireAdmin(await pageRequest());
    const first = await shopRow();
    expect(first).toMatchObject({ scopes: EMBEDDED_ENV.SCOPES, uninstalledAt: null });
    for (let i = 0; i < 3; i++) {
      await tick();
      await auth.requireAdmin(await pageRequest());
    }
    expect((await shopRow()).updatedAt).toEqual(first.updatedAt);
  });

  it("is marked installed again by the first page view of a process when it says uninstalled", async () => {
    await app.db.shop.update({ where: { domain: TEST_SHOP }, data: { uninstalledAt: new Date() } });
    await freshProcess();
    await auth.requireAdmin(await pageRequest());
    expect((await shopRow()).uninstalledAt).toBeNull();
  });

  it("is checked again after the process handled the shop's uninstall", async () => {
    await auth.requireAdmin(await pageRequest());
    await app.db.shop.update({ where: { domain: TEST_SHOP }, data: { uninstalledAt: new Date() } });
    shops.forgetShop(TEST_SHOP);
    await auth.requireAdmin(await pageRequest());
    expect((await shopRow()).uninstalledAt).toBeNull();
  });

  it("takes new scopes from a session that has them, once", async () => {
    await shops.ensureShop(TEST_SHOP, "read_products");
    expect((await shopRow()).scopes).toBe("read_products");
    const updated = await shopRow();
    await tick();
    await shops.ensureShop(TEST_SHOP, "read_products");
    expect((await shopRow()).updatedAt).toEqual(updated.updatedAt);
  });

  it("is written by an install (afterAuth) and not read again for that session's scopes", async () => {
    await app.db.shop.update({ where: { domain: TEST_SHOP }, data: { uninstalledAt: new Date(), scopes: "" } });
    await shops.recordInstall(TEST_SHOP, EMBEDDED_ENV.SCOPES);
    const installed = await shopRow();
    expect(installed).toMatchObject({ scopes: EMBEDDED_ENV.SCOPES, uninstalledAt: null });
    await tick();
    await auth.requireAdmin(await pageRequest());
    expect((await shopRow()).updatedAt).toEqual(installed.updatedAt);
  });
});

describe("one authentication per request", () => {
  it("gives the layout's and the page's loaders the same context for one request, not for two", async () => {
    const request = await pageRequest();
    const [layout, page] = await Promise.all([auth.requireAdmin(request), auth.requireAdmin(request)]);
    expect(page).toBe(layout);
    expect(page.shop).toBe(TEST_SHOP);
    expect(await auth.requireAdmin(await pageRequest())).not.toBe(layout);
  });

  it("rejects a forged token in every loader, each with its own readable response", async () => {
    const request = await pageRequest("someone-elses-secret");
    const failures = await Promise.all(
      [auth.requireAdmin(request), auth.requireAdmin(request)].map((p) =>
        p.then(
          () => null,
          (thrown: unknown) => thrown,
        ),
      ),
    );
    const [a, b] = failures as Response[];
    expect(a).toBeInstanceOf(Response);
    expect(b).toBeInstanceOf(Response);
    expect(a).not.toBe(b);
    expect([a.status, b.status]).toEqual([401, 401]);
    await a.text();
    await b.text();
  });
});
