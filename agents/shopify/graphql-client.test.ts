import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import type { RunningEmulator } from "@royal-equips/emulator";
import { FIXTURE_SHOP, FIXTURE_TOKEN, fixtureStore, startFixtureEmulator } from "../mirror/testing/fixture";
import { AdminApiError, type ResultOf, type TypedDocument, type VariablesOf } from "./admin-client";
import { CostBucketModel } from "./cost-bucket";
import {
  breakerState,
  createAdminClient,
  graphqlUrl,
  isMutation,
  pageThrough,
  resetShopClientState,
} from "./graphql-client";
import { localAdminClient } from "./local";

const PRODUCTS = 60;
const ALL_PRODUCT_IDS = `query { products(first: ${PRODUCTS}) { nodes { id } } }`; // requested = actual = 62 points
let emulator: RunningEmulator;
let shopCounter = 0;
const freshShop = () => `client-test-${++shopCounter}.myshopify.com`;

beforeAll(async () => {
  emulator = await startFixtureEmulator(fixtureStore({ products: PRODUCTS, orders: 2, customers: 1 }), {
    bucket: { max: 100, restoreRate: 100 },
    accessToken: [FIXTURE_TOKEN, "shpat_pacing", "shpat_throttle", "shpat_pages"],
  });
});
afterAll(async () => {
  await emulator?.close();
  for (let i = 1; i <= shopCounter; i++) resetShopClientState(`client-test-${i}.myshopify.com`);
});

/** A free port with nothing listening on it: every request fails to connect. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe("createAdminClient", () => {
  it("posts to the shop's versioned endpoint, or the emulator's, with the access token", async () => {
    expect(graphqlUrl({ shop: "royal.myshopify.com" })).toBe(
      "https://royal.myshopify.com/admin/api/2026-10/graphql.json",
    );
    expect(graphqlUrl({ shop: "x", endpoint: "http://127.0.0.1:4010/" })).toBe(
      "http://127.0.0.1:4010/admin/api/2026-10/graphql.json",
    );
    expect(() => graphqlUrl({ shop: "not a shop" })).toThrow(/myshopify\.com/);
    const client = localAdminClient({
      shop: freshShop(),
      emulatorUrl: emulator.url,
      emulatorAccessToken: FIXTURE_TOKEN,
    });
    const data = (await client.graphql("{ shop { myshopifyDomain currencyCode } }")) as {
      shop: { myshopifyDomain: string; currencyCode: string };
    };
    expect(data.shop).toEqual({ myshopifyDomain: FIXTURE_SHOP, currencyCode: "GBP" });
    expect(client.stats()).toMatchObject({ requests: 1, failedRequests: 0 });
  });

  it("retries a 503 with backoff and returns the data", async () => {
    let calls = 0;
    const flaky: typeof fetch = async (input, init) => {
      calls++;
      if (calls <= 2) return new Response("upstream unavailable", { status: 503 });
      return fetch(input, init);
    };
    const client = createAdminClient({
      shop: freshShop(),
      accessToken: FIXTURE_TOKEN,
      endpoint: emulator.url,
      fetch: flaky,
      retry: { baseDelayMs: 5 },
    });
    const data = (await client.graphql("{ shop { myshopifyDomain } }")) as { shop: { myshopifyDomain: string } };
    expect(data.shop.myshopifyDomain).toBe(FIXTURE_SHOP);
    expect(calls).toBe(3);
    expect(client.stats()).toMatchObject({ requests: 3, failedRequests: 2, retries: 2 });
  });

  it("gives up on a 5xx after maxRetries with the status, and never retries a 4xx", async () => {
    let calls = 0;
    const down: typeof fetch = async () => (calls++, new Response("boom", { status: 500 }));
    const client = createAdminClient({
      shop: freshShop(),
      accessToken: "t",
      endpoint: emulator.url,
      fetch: down,
      retry: { maxRetries: 2, baseDelayMs: 1 },
    });
    await expect(client.graphql("{ shop { name } }")).rejects.toMatchObject({
      name: "AdminApiError",
      details: { status: 500, code: "UNAVAILABLE" },
    });
    expect(calls).toBe(3);

    const wrongToken = createAdminClient({ shop: freshShop(), accessToken: "shpat_wrong", endpoint: emulator.url });
    const error = await wrongToken.graphql("{ shop { name } }").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdminApiError);
    expect((error as AdminApiError).details.status).toBe(401);
    expect((error as AdminApiError).message).toMatch(/access token/);
    expect(wrongToken.stats().requests).toBe(1);
  });

  it("throws GraphQL errors naming them", async () => {
    const client = createAdminClient({ shop: freshShop(), accessToken: FIXTURE_TOKEN, endpoint: emulator.url });
    const error = (await client.graphql("{ shop { noSuchField } }").catch((e: unknown) => e)) as AdminApiError;
    expect(error).toBeInstanceOf(AdminApiError);
    expect(error.message).toMatch(/noSuchField/);
    expect(error.details.errors?.length).toBe(1);
  });

  it("waits for a THROTTLED answer's deficit and retries", async () => {
    // Another process (its own bucket model) has drained the shop's bucket.
    const other = createAdminClient({ shop: freshShop(), accessToken: "shpat_throttle", endpoint: emulator.url });
    await other.graphql(ALL_PRODUCT_IDS);
    // This client knows nothing of the bucket yet, so it sends at once and is throttled.
    const client = createAdminClient({ shop: freshShop(), accessToken: "shpat_throttle", endpoint: emulator.url });
    const data = (await client.graphql(ALL_PRODUCT_IDS)) as { products: { nodes: unknown[] } };
    expect(data.products.nodes).toHaveLength(PRODUCTS);
    expect(client.stats()).toMatchObject({ throttled: 1, retries: 1, requests: 2, pointsConsumed: 62 });
  });

  it("waits before requests so that a burst against a small bucket is never throttled", async () => {
    const client = createAdminClient({ shop: freshShop(), accessToken: "shpat_pacing", endpoint: emulator.url });
    const started = performance.now();
    await Promise.all(Array.from({ length: 5 }, () => client.graphql(ALL_PRODUCT_IDS)));
    const seconds = (performance.now() - started) / 1000;
    const stats = client.stats();
    // The first request teaches the client the bucket; all others wait for their 62 points.
    expect(stats).toMatchObject({ requests: 5, throttled: 0, failedRequests: 0, pointsConsumed: 5 * 62 });
    expect(stats.bucketWaitMs).toBeGreaterThan(0);
    expect(seconds).toBeGreaterThan((5 * 62 - 100) / 100 - 0.2); // it cannot be faster than the restore rate
  });

  it("gives back the points a failed request was charged: a retry does not wait for the bucket to refill", async () => {
    let calls = 0;
    const flaky: typeof fetch = async (input, init) => {
      calls++;
      if (calls <= 2) return new Response("upstream unavailable", { status: 503 });
      return fetch(input, init);
    };
    // A known bucket that takes 20 s to refill: a new document's unknown cost is charged a full bucket.
    const client = createAdminClient({
      shop: freshShop(),
      accessToken: FIXTURE_TOKEN,
      endpoint: emulator.url,
      fetch: flaky,
      bucket: { maximumAvailable: 1_000, restoreRate: 50 },
      retry: { baseDelayMs: 5 },
    });
    const started = Date.now();
    await client.graphql("{ shop { name } }");
    expect(Date.now() - started).toBeLessThan(2_000); // was 2 x 20 s
    expect(calls).toBe(3);
  });

  it("honours Retry-After within the retry budget, and fails at once when the shop asks for longer", async () => {
    let calls = 0;
    const asks =
      (seconds: string, failures: number): typeof fetch =>
      async (input, init) => {
        calls++;
        if (calls <= failures) return new Response("busy", { status: 503, headers: { "Retry-After": seconds } });
        return fetch(input, init);
      };
    const patient = createAdminClient({
      shop: freshShop(),
      accessToken: FIXTURE_TOKEN,
      endpoint: emulator.url,
      fetch: asks("0.2", 2),
      retry: { budgetMs: 1_000 },
    });
    let started = Date.now();
    await patient.graphql("{ shop { name } }");
    expect(Date.now() - started).toBeGreaterThanOrEqual(400); // two waits of 200 ms, as asked
    expect(calls).toBe(3);

    calls = 0;
    const hurried = createAdminClient({
      shop: freshShop(),
      accessToken: FIXTURE_TOKEN,
      endpoint: emulator.url,
      fetch: asks("20", 3),
    });
    started = Date.now();
    const error = (await hurried.graphql("{ shop { name } }").catch((e: unknown) => e)) as AdminApiError;
    expect(Date.now() - started).toBeLessThan(1_000); // not 20 s per failure
    expect(error.details).toMatchObject({ code: "UNAVAILABLE", status: 503 });
    expect(error.message).toMatch(/asked to retry after 20 s/);
    expect(calls).toBe(1);
  });

  it("never resends a mutation after a failure that may have reached the shop; resends after a 429", async () => {
    const mutation = `mutation { productUpdate(product: { id: "gid://shopify/Product/1", title: "x" }) { userErrors { message } } }`;
    let calls = 0;
    const lost: typeof fetch = async () => (calls++, new Response("gateway", { status: 503 }));
    const client = createAdminClient({
      shop: freshShop(),
      accessToken: FIXTURE_TOKEN,
      endpoint: emulator.url,
      fetch: lost,
    });
    const error = (await client.graphql(mutation).catch((e: unknown) => e)) as AdminApiError;
    expect(error.details.code).toBe("OUTCOME_UNKNOWN");
    expect(error.message).toMatch(/check the store/);
    expect(calls).toBe(1);

    calls = 0;
    const limited: typeof fetch = async () => {
      calls++;
      if (calls === 1) return new Response("slow down", { status: 429, headers: { "Retry-After": "0.05" } });
      return new Response(JSON.stringify({ data: { ok: true } }), { status: 200 });
    };
    const retried = createAdminClient({
      shop: freshShop(),
      accessToken: FIXTURE_TOKEN,
      endpoint: emulator.url,
      fetch: limited,
    });
    expect(await retried.graphql(mutation)).toEqual({ ok: true });
    expect(calls).toBe(2);
    // A query is still retried after a 503.
    expect(isMutation("#graphql\n  mutation ActionX { a }")).toBe(true);
    expect(isMutation("#graphql\n  query ActionX { mutation }")).toBe(false);
  });

  it("opens the shop's circuit after consecutive failures, fails fast while open, closes after a good trial", async () => {
    const shop = freshShop();
    let calls = 0;
    const port = await deadPort();
    const counting: typeof fetch = (input, init) => (calls++, fetch(input, init));
    const broken = createAdminClient({
      shop,
      accessToken: FIXTURE_TOKEN,
      endpoint: `http://127.0.0.1:${port}`,
      fetch: counting,
      breaker: { failureThreshold: 3, resetTimeoutMs: 150 },
      retry: { maxRetries: 10, baseDelayMs: 1 },
    });
    expect(breakerState(shop)).toBe("closed");
    await expect(broken.graphql("{ shop { name } }")).rejects.toMatchObject({ details: { code: "CIRCUIT_OPEN" } });
    expect(calls).toBe(3);
    expect(breakerState(shop)).toBe("open");
    // Fails at once, nothing sent, even with a bucket that would make the request wait for points.
    broken.bucket.observe({ maximumAvailable: 100, currentlyAvailable: 0, restoreRate: 50 }); // a 2 s wait
    const openedAt = Date.now();
    await expect(broken.graphql("{ shop { name } }")).rejects.toMatchObject({ details: { code: "CIRCUIT_OPEN" } });
    expect(Date.now() - openedAt).toBeLessThan(50);
    expect(calls).toBe(3);

    await new Promise((r) => setTimeout(r, 200));
    expect(breakerState(shop)).toBe("halfOpen");
    // The shop is reachable again (here: another client of the same shop, sharing its breaker).
    const healthy = createAdminClient({ shop, accessToken: FIXTURE_TOKEN, endpoint: emulator.url });
    await healthy.graphql("{ shop { name } }");
    expect(breakerState(shop)).toBe("closed");
  });
});

describe("pageThrough", () => {
  it("yields every page of a connection, resizing pages to a target cost", async () => {
    const client = createAdminClient({ shop: freshShop(), accessToken: "shpat_pages", endpoint: emulator.url });
    const query =
      "query($first: Int!, $after: String) { products(first: $first, after: $after) { pageInfo { hasNextPage endCursor } nodes { id title } } }";
    const sizes: number[] = [];
    const ids = new Set<string>();
    for await (const page of pageThrough<{ id: string }>(client, query, { first: 3 }, "products", {
      targetCost: () => 22,
    })) {
      sizes.push(page.length);
      for (const node of page) ids.add(node.id);
    }
    expect(ids.size).toBe(PRODUCTS);
    expect(sizes[0]).toBe(3);
    // 3 products cost 5 points: pages grow to 22 / (5/3) = 13 products.
    expect(sizes[1]).toBe(13);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(PRODUCTS);
  });

  it("refuses a query without $after", async () => {
    const client = createAdminClient({ shop: freshShop(), accessToken: FIXTURE_TOKEN, endpoint: emulator.url });
    const pages = pageThrough(
      client,
      "{ products(first: 5) { pageInfo { hasNextPage endCursor } nodes { id } } }",
      {},
      "products",
    );
    await expect(pages.next()).rejects.toThrow(/\$after: String/);
  });
});

describe("CostBucketModel", () => {
  it("charges known costs, waits out deficits at the restore rate, and waits for a full bucket for unknown costs", async () => {
    let now = 0;
    const waits: number[] = [];
    const model = new CostBucketModel({
      maximumAvailable: 100,
      restoreRate: 50,
      marginMs: 0,
      now: () => now,
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
    });
    await model.acquire(60);
    expect(waits).toEqual([]);
    await model.acquire(60); // 40 left: 20 short = 400 ms
    expect(waits).toEqual([400]);
    await model.acquire(null); // unknown: a full bucket, 100 points = 2 s
    expect(waits).toEqual([400, 2000]);
    model.observe({ maximumAvailable: 200, currentlyAvailable: 10, restoreRate: 100 });
    await model.acquire(30);
    expect(waits.at(-1)).toBe(200);
  });
});

describe("document types (checked by tsc)", () => {
  it("a #graphql document's result and variables come from the generated types; other strings give unknown", () => {
    type CurrentBulk = Extract<TypedDocument, `${string}query MirrorCurrentBulkOperation ${string}`>;
    type BulkById = Extract<TypedDocument, `${string}query MirrorBulkOperation(${string}`>;
    expectTypeOf<CurrentBulk>().not.toBeNever();
    expectTypeOf<ResultOf<CurrentBulk>>().toHaveProperty("currentBulkOperation");
    expectTypeOf<VariablesOf<BulkById>>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<ResultOf<"{ shop { name } }">>().toBeUnknown();
    expectTypeOf<ResultOf<string>>().toBeUnknown();
    expectTypeOf<VariablesOf<string>>().toEqualTypeOf<Record<string, unknown>>();
  });
});
