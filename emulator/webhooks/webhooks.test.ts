import "@shopify/shopify-api/adapters/node";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ApiVersion, LogSeverity, shopifyApi } from "@shopify/shopify-api";
import { afterEach, describe, expect, it } from "vitest";
import { startSeeded, TEST_SECRET, TEST_SHOP, type Harness } from "../testing/harness";
import { simulate } from "../simulate";
import type { Loose } from "../loose";

const shopify = shopifyApi({
  apiKey: "test-key",
  apiSecretKey: TEST_SECRET,
  scopes: [],
  hostName: "localhost:3000",
  apiVersion: ApiVersion.October26,
  isEmbeddedApp: true,
  logger: { level: LogSeverity.Error },
});

interface Received {
  topic: string;
  valid: boolean;
  webhookId: string;
  body: Loose;
  headers: IncomingMessage["headers"];
}

/** A receiver that validates with @shopify/shopify-api and answers `statusFor(n)` to the n-th attempt of each webhook. */
async function receiver(statusFor: (n: number) => number) {
  const received: Received[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks).toString("utf8");
    const check = await shopify.webhooks.validate({ rawBody, rawRequest: req, rawResponse: res });
    received.push({
      topic: String(req.headers["x-shopify-topic"]),
      valid: check.valid,
      webhookId: String(req.headers["x-shopify-webhook-id"]),
      body: JSON.parse(rawBody),
      headers: req.headers,
    });
    const webhookId = String(req.headers["x-shopify-webhook-id"]);
    res.statusCode = statusFor(received.filter((r) => r.webhookId === webhookId).length);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

let h: Harness | null = null;
let rx: Awaited<ReturnType<typeof receiver>> | null = null;
afterEach(async () => {
  await h?.close();
  await rx?.close();
});

describe("webhooks", () => {
  it("delivers signed webhooks that @shopify/shopify-api validates, for subscriptions made through GraphQL", async () => {
    rx = await receiver(() => 200);
    h = await startSeeded({ products: 5, orders: 5 });
    const sub = await h.gql(
      `mutation($uri: String!) { webhookSubscriptionCreate(topic: INVENTORY_LEVELS_UPDATE, webhookSubscription: { uri: $uri, format: JSON }) {
      webhookSubscription { id topic uri } userErrors { field message } } }`,
      { uri: rx.url },
    );
    expect(sub.body.data.webhookSubscriptionCreate.webhookSubscription).toMatchObject({
      topic: "INVENTORY_LEVELS_UPDATE",
      uri: rx.url,
    });
    const list = await h.gql("{ webhookSubscriptions(first: 5) { nodes { topic uri } } }");
    expect(list.body.data.webhookSubscriptions.nodes).toEqual([{ topic: "INVENTORY_LEVELS_UPDATE", uri: rx.url }]);

    await h.gql(`mutation { inventoryAdjustQuantities(input: { name: "available", reason: "received", changes: [
      { inventoryItemId: "gid://shopify/InventoryItem/5010000", locationId: "gid://shopify/Location/100", delta: 3 }] }) { userErrors { message } } }`);
    await h.webhooks.idle();
    expect(rx.received).toHaveLength(1);
    const w = rx.received[0];
    expect(w.valid).toBe(true);
    expect(w.topic).toBe("inventory_levels/update");
    expect(w.headers["x-shopify-shop-domain"]).toBe(TEST_SHOP);
    expect(w.headers["x-shopify-api-version"]).toBe("2026-10");
    expect(w.headers["x-shopify-event-id"]).toBeTruthy();
    expect(w.headers["x-shopify-triggered-at"]).toBeTruthy();
    expect(w.body).toMatchObject({
      inventory_item_id: 5010000,
      location_id: 100,
      available: Number(h.store.inventoryLevel(5010000, 100)!.available),
    });

    const del = await h.gql(
      `mutation { webhookSubscriptionDelete(id: "${sub.body.data.webhookSubscriptionCreate.webhookSubscription.id}") { deletedWebhookSubscriptionId } }`,
    );
    expect(del.body.data.webhookSubscriptionDelete.deletedWebhookSubscriptionId).toBeTruthy();
  });

  it("retries a failing receiver on the configured schedule with the same webhook id, recording each attempt", async () => {
    rx = await receiver((n) => (n <= 2 ? 500 : 200));
    h = await startSeeded(
      { products: 5, orders: 5 },
      {
        webhooks: {
          url: rx.url,
          topics: ["orders/create", "refunds/create", "inventory_levels/update", "products/update"],
        },
        retrySchedule: [5, 10, 20],
      },
    );
    const res = simulate(h.store, { orders: 1, seed: 7 });
    await h.webhooks.idle();
    const orderHooks = rx.received.filter((r) => r.topic === "orders/create");
    expect(orderHooks.length).toBeGreaterThanOrEqual(1);
    const firstId = rx.received[0].webhookId;
    const attempts = rx.received.filter((r) => r.webhookId === firstId);
    expect(attempts).toHaveLength(3); // two 500s then a 200
    expect(attempts.every((a) => a.valid)).toBe(true);
    const log = h.store.all(
      "SELECT attempt, ok, status_code FROM webhook_deliveries WHERE webhook_id = ? ORDER BY attempt",
      firstId,
    );
    expect(log).toEqual([
      { attempt: 1, ok: 0, status_code: 500 },
      { attempt: 2, ok: 0, status_code: 500 },
      { attempt: 3, ok: 1, status_code: 200 },
    ]);
    const order = orderHooks[0].body;
    expect(order.id).toBe(res.orderIds[0]);
    expect(order.line_items.length).toBeGreaterThan(0);
    expect(order.admin_graphql_api_id).toBe(`gid://shopify/Order/${res.orderIds[0]}`);
  });

  it("gives up after the last retry of a receiver that keeps failing", async () => {
    rx = await receiver(() => 503);
    h = await startSeeded(
      { products: 3, orders: 3 },
      { webhooks: { url: rx.url, topics: ["APP_UNINSTALLED"] }, retrySchedule: [2, 4] },
    );
    h.store.uninstallApp();
    await h.webhooks.idle();
    expect(rx.received.map((r) => r.topic)).toEqual(["app/uninstalled", "app/uninstalled", "app/uninstalled"]);
    expect(rx.received[0].body).toMatchObject({ myshopify_domain: TEST_SHOP });
    expect(h.store.all("SELECT ok FROM webhook_deliveries").every((r) => r.ok === 0)).toBe(true);
  });
});
