// An embedded request carrying Shopify's session token reaches an app loader; a forged one does not.
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
type Loader = (args: { request: Request; params: object; context: object }) => Promise<unknown>;
let dashboardLoader: Loader;

async function call(loader: Loader, request: Request) {
  try {
    return { data: await loader({ request, params: {}, context: {} }), status: 200 };
  } catch (thrown) {
    if (thrown instanceof Response) return { data: null, status: thrown.status, headers: thrown.headers };
    throw thrown;
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await loadAppWithEnv({ ...EMBEDDED_ENV, DATABASE_URL: database.url });
  dashboardLoader = (await import("./routes/app._index")).loader as Loader;
  const session = setUpValidSession({ shop: TEST_SHOP, expires: undefined, scope: EMBEDDED_ENV.SCOPES });
  await app.shopify.sessionStorage.storeSession(session);
});

afterAll(async () => {
  await app?.db.$disconnect();
  await database?.drop();
});

describe("embedded admin requests", () => {
  it("a valid session token reaches the dashboard loader with that shop's data", async () => {
    const request = await setUpValidRequest(
      {
        type: RequestType.Bearer,
        store: TEST_SHOP.replace(".myshopify.com", ""),
        apiKey: API_KEY,
        apiSecretKey: API_SECRET_KEY,
      },
      new Request("https://my-test-app.myshopify.io/app"),
    );
    const result = await call(dashboardLoader, request);
    expect(result.status).toBe(200);
    expect(result.data).toMatchObject({ counts: { orders: 0 }, sales: { metrics: { orders: 0 } } });
    expect(await app.db.shop.findUnique({ where: { domain: TEST_SHOP } })).not.toBeNull();
  });

  it("a token signed with another secret is rejected", async () => {
    const request = await setUpValidRequest(
      {
        type: RequestType.Bearer,
        store: TEST_SHOP.replace(".myshopify.com", ""),
        apiKey: API_KEY,
        apiSecretKey: "someone-elses-secret",
      },
      new Request("https://my-test-app.myshopify.io/app"),
    );
    const result = await call(dashboardLoader, request);
    expect(result.status).toBe(401);
  });

  it("a request with no token at all is not served data", async () => {
    const result = await call(
      dashboardLoader,
      new Request("https://my-test-app.myshopify.io/app", { headers: { Authorization: "Bearer not-a-jwt" } }),
    );
    expect(result.status).toBe(401);
  });
});
