// Fuzzing every webhook route with malformed deliveries (fast-check, seeded so a failure replays):
// unsigned or forged requests with random headers and bodies, and correctly signed requests whose
// payloads are random JSON or Shopify-like objects with wrong types. No answer may be a 5xx (a
// signed payload the handler cannot read is the sender's error: 400, and Shopify's retries of it
// are acknowledged as failures, not retried forever by us), every 4xx says what is wrong, and the
// process does not grow beyond a bound.
import { createHmac, randomUUID } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_SECRET_KEY, APP_URL } from "@shopify/shopify-api/test-helpers";
import { createTestDatabase, type TestDatabase } from "../tests/support/database";
import { loadAppWithEnv } from "../tests/support/app";
import { EMBEDDED_ENV } from "../tests/support/shopify";

const SEED = 21;
const SHOP = "fuzz-shop.myshopify.com";

type Action = (args: { request: Request; params: object; context: object }) => Promise<Response>;
const routes: { topic: string; action: Action; loader: () => Response }[] = [];
let database: TestDatabase;
let app: Awaited<ReturnType<typeof loadAppWithEnv>>;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await loadAppWithEnv({ ...EMBEDDED_ENV, DATABASE_URL: database.url });
  const dir = path.join(import.meta.dirname, "routes");
  for (const file of readdirSync(dir).filter((f) => /^webhooks\..*\.tsx$/.test(f))) {
    const module = await import(/* @vite-ignore */ `./routes/${file}`);
    // webhooks.orders.create.tsx -> orders/create; webhooks.app.scopes_update.tsx -> app/scopes_update
    const topic = file
      .replace(/^webhooks\./, "")
      .replace(/\.tsx$/, "")
      .replace(".", "/");
    routes.push({ topic, action: module.action, loader: module.loader });
  }
});

afterAll(async () => {
  await app?.db.$disconnect();
  await database?.drop();
});

async function deliver(action: Action, request: Request): Promise<Response> {
  try {
    return await action({ request, params: {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown; // Remix would answer this with a 500: the property fails
  }
}

const sign = (body: Uint8Array | string, secret = API_SECRET_KEY) =>
  createHmac("sha256", secret).update(body).digest("base64");

/** Text a sender may put in a header (printable ASCII, as fetch's Headers allows). */
const headerText = fc.string({ maxLength: 80 }).map((s) => s.replace(/[^\x20-\x7e]/g, ""));

/** Payload keys Shopify's webhooks carry, so that random values reach the handlers' field readers. */
const KEYS = [
  "id",
  "admin_graphql_api_id",
  "name",
  "email",
  "created_at",
  "updated_at",
  "cancelled_at",
  "total_price",
  "subtotal_price",
  "current_total_price",
  "total_discounts",
  "total_tax",
  "currency",
  "line_items",
  "refunds",
  "transactions",
  "refund_line_items",
  "order_id",
  "customer",
  "variants",
  "title",
  "tags",
  "status",
  "product_type",
  "vendor",
  "inventory_item_id",
  "location_id",
  "available",
  "sku",
  "price",
  "quantity",
  "shop_domain",
  "orders_requested",
  "orders_to_redact",
  "current",
  "fulfillment_status",
  "financial_status",
  "shipping_lines",
];
const shopifyLike: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown; object: Record<string, unknown> }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constantFrom(
      null,
      true,
      0,
      -1,
      1e308,
      "",
      "0",
      "12.50",
      "not-a-date",
      "2026-02-30T25:61:00Z",
      "\u0000",
      "\ud800",
    ),
    fc.integer(),
    fc.double(),
    fc.string({ maxLength: 40 }),
    fc.array(tie("object"), { maxLength: 3 }),
    tie("object"),
  ),
  object: fc.dictionary(fc.constantFrom(...KEYS), tie("value"), { maxKeys: 8 }),
})).object;

const payloads = fc.oneof(
  shopifyLike,
  fc.jsonValue({ maxDepth: 4 }),
  fc.constantFrom("[]", "null", "{", '"text"', "1e999999", "{}".repeat(5)).map((raw) => ({ raw })),
);

const bodyText = (payload: unknown) =>
  payload && typeof payload === "object" && "raw" in payload && typeof payload.raw === "string"
    ? payload.raw
    : (JSON.stringify(payload) ?? "null");

function expectClear(response: Response, text: string) {
  expect(response.status, `status ${response.status}: ${text}`).toBeLessThan(500);
  if (response.status >= 400) expect(text.trim().length, `empty ${response.status} body`).toBeGreaterThan(0);
}

describe("webhook routes under malformed input", () => {
  it("unsigned, forged and mangled requests are 4xx with a reason, and nothing is recorded", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(routes.length - 1),
        fc.record(
          {
            hmac: fc.oneof(headerText, fc.constant(sign("something else"))),
            topic: headerText,
            shop: headerText,
            webhookId: headerText,
            eventId: headerText,
            apiVersion: headerText,
            contentType: fc.constantFrom("application/json", "text/plain", "multipart/form-data; boundary=x", ""),
          },
          { requiredKeys: [] },
        ),
        fc.oneof(
          payloads.map(bodyText),
          fc.uint8Array({ maxLength: 2048 }).map((bytes) => new Blob([new Uint8Array(bytes)])),
        ),
        async (index, h, body) => {
          const headers: Record<string, string> = {};
          if (h.hmac !== undefined) headers["X-Shopify-Hmac-Sha256"] = h.hmac;
          if (h.topic !== undefined) headers["X-Shopify-Topic"] = h.topic;
          if (h.shop !== undefined) headers["X-Shopify-Shop-Domain"] = h.shop;
          if (h.webhookId !== undefined) headers["X-Shopify-Webhook-Id"] = h.webhookId;
          if (h.eventId !== undefined) headers["X-Shopify-Event-Id"] = h.eventId;
          if (h.apiVersion !== undefined) headers["X-Shopify-API-Version"] = h.apiVersion;
          if (h.contentType) headers["Content-Type"] = h.contentType;
          const { topic, action } = routes[index];
          const response = await deliver(
            action,
            new Request(`${APP_URL}/webhooks/${topic}`, { method: "POST", headers, body }),
          );
          const text = await response.text();
          expectClear(response, text);
          expect(response.status).toBeGreaterThanOrEqual(400);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
    expect(await app.db.webhookEvent.count()).toBe(0);
  }, 60_000);

  it("signed deliveries with random payloads are acknowledged or refused as 4xx, never a 5xx", async () => {
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.nat(routes.length - 1), payloads, async (index, payload) => {
        const { topic, action } = routes[index];
        const body = bodyText(payload);
        const response = await deliver(
          action,
          new Request(`${APP_URL}/webhooks/${topic}`, {
            method: "POST",
            headers: {
              "Content-Type": "application/json",
              "X-Shopify-Topic": topic,
              "X-Shopify-Shop-Domain": SHOP,
              "X-Shopify-Webhook-Id": randomUUID(),
              "X-Shopify-Event-Id": randomUUID(),
              "X-Shopify-API-Version": "2026-10",
              "X-Shopify-Hmac-Sha256": sign(body),
            },
            body,
          }),
        );
        const text = await response.text();
        expectClear(response, text);
        if (response.status >= 400) failures.push(`${topic} ${response.status} ${text}`);
      }),
      { seed: SEED, numRuns: 250 },
    );
    // Refusals say the payload is what is wrong; and some random payloads are simply applied.
    for (const failure of failures) expect(failure).toMatch(/ 400 Bad request: .*payload/);
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.length).toBeLessThan(250);
  }, 120_000);

  it("GET on every webhook route is 405 with Allow: POST", async () => {
    for (const { loader } of routes) {
      const response = loader();
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("POST");
    }
  });

  it("two hundred oversized and malformed deliveries leave the process within a bound", async () => {
    const { action, topic } = routes.find((r) => r.topic === "orders/create")!;
    const big = new Uint8Array(6 * 1024 * 1024).fill(0x61);
    global.gc?.();
    const before = process.memoryUsage();
    for (let i = 0; i < 200; i++) {
      const signedBig = i % 2 === 0;
      const response = await deliver(
        action,
        new Request(`${APP_URL}/webhooks/${topic}`, {
          method: "POST",
          headers: {
            "Content-Type": "application/json",
            "X-Shopify-Topic": topic,
            "X-Shopify-Shop-Domain": SHOP,
            "X-Shopify-Webhook-Id": randomUUID(),
            ...(signedBig ? { "X-Shopify-Hmac-Sha256": sign(big) } : {}),
          },
          body: big,
        }),
      );
      expect(response.status).toBe(signedBig ? 413 : 401);
      await response.body?.cancel();
    }
    global.gc?.();
    const after = process.memoryUsage();
    // 1.2 GB went through; what stays is at most a few MB of caches (the bound leaves room for GC timing).
    expect(after.heapUsed - before.heapUsed).toBeLessThan(64 * 1024 * 1024);
    expect(after.rss - before.rss).toBeLessThan(256 * 1024 * 1024);
  }, 120_000);
});
