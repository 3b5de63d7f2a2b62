import "@shopify/shopify-api/adapters/node";
import { ApiVersion, LogSeverity, Session, shopifyApi } from "@shopify/shopify-api";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMULATOR_API_VERSION } from "./version";
import { startSeeded, TEST_SECRET, TEST_SHOP, TEST_TOKEN, type Harness } from "./testing/harness";
import type { Loose } from "./loose";

let h: Harness;
beforeAll(async () => {
  h = await startSeeded(
    { products: 6, orders: 10 },
    { bucket: { max: 60, restoreRate: 50 }, accessToken: [TEST_TOKEN, "shpat_other_token"] },
  );
});
afterAll(() => h.close());

describe("HTTP behaviour", () => {
  it("answers 401 with Shopify's body without a valid access token", async () => {
    for (const token of [undefined, "wrong"]) {
      const res = await fetch(h.graphqlUrl, {
        method: "POST",
        body: JSON.stringify({ query: "{ shop { name } }" }),
        headers: { "Content-Type": "application/json", ...(token ? { "X-Shopify-Access-Token": token } : {}) },
      });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        errors: "[API] Invalid API key or access token (unrecognized login or wrong password)",
      });
    }
  });

  it("answers 404 for an API version Shopify does not serve and 400 for a body that is not JSON", async () => {
    const res404 = await fetch(`${h.url}/admin/api/2019-01/graphql.json`, {
      method: "POST",
      body: "{}",
      headers: { "X-Shopify-Access-Token": TEST_TOKEN },
    });
    expect(res404.status).toBe(404);
    const res400 = await fetch(h.graphqlUrl, {
      method: "POST",
      body: "query { shop { name } }",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": TEST_TOKEN },
    });
    expect(res400.status).toBe(400);
    expect((await res400.json()).errors).toMatch(/Body must be JSON/);
  });

  it("serves /healthz", async () => {
    const res = await fetch(`${h.url}/healthz`);
    expect(await res.json()).toEqual({ ok: true, shop: TEST_SHOP, apiVersion: EMULATOR_API_VERSION });
  });

  it("throttles with HTTP 200 + THROTTLED when the bucket lacks the cost, then refills at the restore rate", async () => {
    const query = "{ products(first: 5) { nodes { id } } }"; // requested 2 + 5 = 7, actual 2 + 5 (6 products)
    const other = await h.gql(query, {}, "shpat_other_token"); // buckets are per token: this one is not drained
    expect(other.body.extensions.cost.throttleStatus.currentlyAvailable).toBe(60 - 7);
    // 2 + 6 × (1 + 2 + 2 × 1) = 32 points, all really spent (6 products × 2 variants): nothing refunded.
    const big = "{ products(first: 6) { nodes { variants(first: 2) { nodes { id } } } } }";
    const first = await h.gql(big);
    expect(first.body.errors).toBeUndefined();
    const second = await h.gql(big);
    expect(second.status).toBe(200);
    expect(second.body.errors).toEqual([
      {
        message: "Throttled",
        extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
      },
    ]);
    const status = second.body.extensions.cost.throttleStatus;
    expect(status.maximumAvailable).toBe(60);
    expect(status.restoreRate).toBe(50);
    expect(status.currentlyAvailable).toBeLessThan(32);
    expect(status.currentlyAvailable).toBeGreaterThanOrEqual(28);
    const wait = ((32 - status.currentlyAvailable) / 50) * 1000 + 60;
    await new Promise((r) => setTimeout(r, wait));
    const third = await h.gql(big);
    expect(third.body.errors).toBeUndefined();
    expect(third.body.data.products.nodes.length).toBe(6);
  });
});

describe("the real @shopify/shopify-api client", () => {
  it("runs queries end to end against the emulator", async () => {
    const h = await startSeeded({ products: 6, orders: 10 }); // default bucket, untouched by the throttling test
    // The client always builds https://<shop>/admin/api/...; route that to the emulator.
    setAbstractFetchFunc(async (input: Loose, init?: Loose) => {
      const u = new URL(typeof input === "string" ? input : input.url);
      return fetch(`${h.url}${u.pathname}${u.search}`, init);
    });
    const shopify = shopifyApi({
      apiKey: "test-key",
      apiSecretKey: TEST_SECRET,
      scopes: ["read_products"],
      hostName: "localhost:3000",
      apiVersion: ApiVersion.October26,
      isEmbeddedApp: true,
      logger: { level: LogSeverity.Error },
    });
    const session = new Session({
      id: "offline_" + TEST_SHOP,
      shop: TEST_SHOP,
      state: "s",
      isOnline: false,
      accessToken: TEST_TOKEN,
    });
    const client = new shopify.clients.Graphql({ session });
    const res = await client.request(
      `query($n: Int!) { shop { myshopifyDomain } products(first: $n) { nodes { id } } }`,
      { variables: { n: 2 } },
    );
    expect(res.data).toEqual({
      shop: { myshopifyDomain: TEST_SHOP },
      products: { nodes: [{ id: "gid://shopify/Product/1000" }, { id: "gid://shopify/Product/1001" }] },
    });
    expect((res.extensions as Loose).cost.requestedQueryCost).toBe(5);
    await h.close();
  });
});
