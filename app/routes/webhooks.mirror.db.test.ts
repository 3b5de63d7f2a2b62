// The mirror's webhook routes end to end: the emulator changes the store and delivers signed
// webhooks over HTTP to these route actions; the mirror must follow the store, and a delivery
// repeated (same webhook id, or the same event under a new id) must change it once.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { API_SECRET_KEY, APP_URL } from "@shopify/shopify-api/test-helpers";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulate, type RunningEmulator } from "@royal-equips/emulator";
import { syncStore } from "../../agents/mirror/sync";
import { subscribeShopEvents, type StoreChangedEvent } from "../../agents/runtime/events";
import { STORE_CHANGE_WINDOW_MS } from "../../agents/runtime/store-changes";
import {
  FIXTURE_SHOP,
  FIXTURE_TOKEN,
  mirrorTotals,
  startFixtureEmulator,
  storeTotals,
  fixtureStore,
} from "../../agents/mirror/testing/fixture";
import { CostBucketModel } from "../../agents/shopify/cost-bucket";
import { createAdminClient, resetShopClientState } from "../../agents/shopify/graphql-client";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import { loadAppWithEnv } from "../../tests/support/app";
import { EMBEDDED_ENV, webhookRequest } from "../../tests/support/shopify";

const TOPICS = [
  "orders/create",
  "orders/updated",
  "refunds/create",
  "products/create",
  "products/update",
  "products/delete",
  "inventory_levels/update",
  "customers/create",
  "customers/update",
] as const;
type Action = (args: { request: Request; params: object; context: object }) => Promise<Response>;

let database: TestDatabase;
let app: Awaited<ReturnType<typeof loadAppWithEnv>>;
let emulator: RunningEmulator;
let receiver: Server;
const routes: Record<string, Action> = {};
const delivered: { topic: string; webhookId: string; status: number; body: Record<string, unknown> }[] = [];

async function deliver(topic: string, request: Request): Promise<Response> {
  try {
    return await routes[topic]({ request, params: {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** Receives the emulator's webhooks and hands each, as the Fetch Request Remix would build, to its route. */
async function startReceiver(): Promise<string> {
  receiver = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(key, value);
    const topic = String(req.headers["x-shopify-topic"]);
    const response = await deliver(topic, new Request(`${APP_URL}${req.url}`, { method: "POST", headers, body }));
    delivered.push({
      topic,
      webhookId: String(req.headers["x-shopify-webhook-id"]),
      status: response.status,
      body: JSON.parse(body),
    });
    res.statusCode = response.status;
    res.end();
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks`;
}

const snapshot = async (orderId: string) => ({
  order: await app.db.mirrorOrder.findUnique({ where: { shop_id: { shop: FIXTURE_SHOP, id: orderId } } }),
  lineItems: await app.db.mirrorLineItem.findMany({ where: { shop: FIXTURE_SHOP, orderId }, orderBy: { id: "asc" } }),
  refunds: await app.db.mirrorRefund.findMany({ where: { shop: FIXTURE_SHOP, orderId }, orderBy: { id: "asc" } }),
});

beforeAll(async () => {
  database = await createTestDatabase();
  app = await loadAppWithEnv({ ...EMBEDDED_ENV, DATABASE_URL: database.url });
  for (const topic of TOPICS) routes[topic] = (await import(`./webhooks.${topic.replace("/", ".")}.tsx`)).action;
  const url = await startReceiver();
  emulator = await startFixtureEmulator(fixtureStore({ products: 5, orders: 12, customers: 4 }), {
    clientSecret: API_SECRET_KEY,
    webhooks: { url, topics: [...TOPICS] },
    retrySchedule: [20, 50, 100, 200, 400],
  });
  const admin = createAdminClient({
    shop: FIXTURE_SHOP,
    accessToken: FIXTURE_TOKEN,
    endpoint: emulator.url,
    bucket: new CostBucketModel(),
  });
  await syncStore({ db: app.db, admin, shop: FIXTURE_SHOP, logger: pino({ level: "silent" }) }, undefined, {
    pollMs: 5,
  });
});

afterAll(async () => {
  await emulator?.close();
  await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
  await app?.db.$disconnect();
  await database?.drop();
  resetShopClientState(FIXTURE_SHOP);
});

describe("mirror webhooks", () => {
  it("keep the mirror equal to the store as orders, refunds, stock, customers and products change", async () => {
    expect(await mirrorTotals(app.db, FIXTURE_SHOP)).toEqual(storeTotals(emulator));
    const store = emulator.store;
    simulate(store, { orders: 5, refunds: 3, stockMoves: 8, customers: 2, seed: 7 });
    // The product gains an image: the update's payload carries it as image.src.
    store.run("UPDATE products SET image_url = ? WHERE id = 2001", "https://cdn.example.com/products/new-bridle.jpg");
    store.updateProduct(2001, { title: "Renamed bridle", tags: JSON.stringify(["renamed"]) });
    store.deleteProduct(2002);
    store.createProduct({
      id: 9100,
      variantId: 910_000,
      inventoryItemId: 919_000,
      title: "New girth",
      sku: "NEW-1",
      priceCents: 4500,
      costCents: 2000,
      locationId: 71,
      quantity: 9,
    });
    store.adjustInventory(919_000, 71, 1); // the emulator announces new stock only when it moves
    await emulator.webhooks.idle();

    const topics = new Set(delivered.map((d) => d.topic));
    for (const topic of TOPICS) expect(topics, topic).toContain(topic);
    expect(
      delivered
        .filter((d) => d.status !== 200)
        .every((d) => delivered.some((x) => x.webhookId === d.webhookId && x.status === 200)),
    ).toBe(true);
    expect(await mirrorTotals(app.db, FIXTURE_SHOP)).toEqual(storeTotals(emulator));

    const renamed = await app.db.mirrorProduct.findUniqueOrThrow({
      where: { shop_id: { shop: FIXTURE_SHOP, id: "2001" } },
    });
    expect(renamed).toMatchObject({
      title: "Renamed bridle",
      tags: "renamed",
      imageUrl: "https://cdn.example.com/products/new-bridle.jpg",
    });
    expect(await app.db.mirrorVariant.count({ where: { shop: FIXTURE_SHOP, productId: "2002" } })).toBe(0);
    // The product payload has no unit cost: the variant synced earlier keeps its own.
    expect(
      (await app.db.mirrorVariant.findUniqueOrThrow({ where: { shop_id: { shop: FIXTURE_SHOP, id: "200100" } } }))
        .unitCost,
    ).toBe(5.25);
    const refundedOrder = store.one(
      "SELECT id, refunded_cents FROM orders WHERE refunded_cents > 0 ORDER BY updated_at DESC LIMIT 1",
    )!;
    const mirrored = await app.db.mirrorOrder.findUniqueOrThrow({
      where: { shop_id: { shop: FIXTURE_SHOP, id: String(refundedOrder.id) } },
    });
    expect(Math.round(mirrored.totalRefunded * 100)).toBe(Number(refundedOrder.refunded_cents));
  });

  it("a webhook delivered twice changes the mirror once", async () => {
    const original = delivered.find((d) => d.topic === "orders/create" && d.status === 200)!;
    const orderId = String(original.body.id);
    await app.db.mirrorLineItem.deleteMany({ where: { shop: FIXTURE_SHOP, orderId } });
    await app.db.mirrorOrder.deleteMany({ where: { shop: FIXTURE_SHOP, id: orderId } });
    const before = await mirrorTotals(app.db, FIXTURE_SHOP);

    const request = () =>
      webhookRequest("orders/create", original.body, { shop: FIXTURE_SHOP, webhookId: "replayed-order-1" });
    expect((await deliver("orders/create", request())).status).toBe(200);
    const once = await snapshot(orderId);
    const afterOnce = await mirrorTotals(app.db, FIXTURE_SHOP);
    expect(afterOnce.orders).toBe(before.orders + 1);
    expect(afterOnce.lineItems).toBe(before.lineItems + (original.body.line_items as unknown[]).length);

    expect((await deliver("orders/create", request())).status).toBe(200); // Shopify's redelivery: same webhook id
    expect(await mirrorTotals(app.db, FIXTURE_SHOP)).toEqual(afterOnce);
    expect(
      await app.db.auditLog.count({
        where: { action: "webhook.orders/create", input: { equals: { webhookId: "replayed-order-1" } } },
      }),
    ).toBe(1);

    // The same event under a new webhook id runs the handler again: the upserts leave every row as it was.
    const fresh = webhookRequest("orders/create", original.body, { shop: FIXTURE_SHOP, webhookId: "replayed-order-2" });
    expect((await deliver("orders/create", fresh)).status).toBe(200);
    expect(await snapshot(orderId)).toEqual(once);
    expect(await mirrorTotals(app.db, FIXTURE_SHOP)).toEqual(afterOnce);

    const refund = delivered.find((d) => d.topic === "refunds/create")!;
    const refundOrder = String(refund.body.order_id);
    const beforeRefund = await snapshot(refundOrder);
    for (const webhookId of ["replayed-refund-1", "replayed-refund-2"]) {
      expect(
        (
          await deliver(
            "refunds/create",
            webhookRequest("refunds/create", refund.body, { shop: FIXTURE_SHOP, webhookId }),
          )
        ).status,
      ).toBe(200);
    }
    expect(await snapshot(refundOrder)).toEqual(beforeRefund);
  });

  it("ignores a payload older than the mirror's row (out-of-order delivery)", async () => {
    const update = delivered.filter((d) => d.topic === "orders/updated" && d.status === 200).at(-1)!;
    const orderId = String(update.body.id);
    const before = await snapshot(orderId);
    const stale = { ...update.body, updated_at: "2020-01-01T00:00:00Z", total_price: "0.01", line_items: [] };
    expect(
      (await deliver("orders/updated", webhookRequest("orders/updated", stale, { shop: FIXTURE_SHOP }))).status,
    ).toBe(200);
    expect(await snapshot(orderId)).toEqual(before);
  });

  it("answers 401 to a forged signature and leaves the mirror alone", async () => {
    const before = await mirrorTotals(app.db, FIXTURE_SHOP);
    const forged = webhookRequest(
      "products/delete",
      { id: 2000 },
      { shop: FIXTURE_SHOP, secret: "not-the-app-secret" },
    );
    expect((await deliver("products/delete", forged)).status).toBe(401);
    expect(await mirrorTotals(app.db, FIXTURE_SHOP)).toEqual(before);
  });

  it("answers 400 naming the field to a payload it cannot read (Shopify retries any non-2xx), and records why", async () => {
    const response = await deliver(
      "inventory_levels/update",
      webhookRequest(
        "inventory_levels/update",
        { inventory_item_id: 1, location_id: 71, available: "lots", updated_at: "2025-01-01T00:00:00Z" },
        { shop: FIXTURE_SHOP, webhookId: "bad-level" },
      ),
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(
      /^Bad request: the inventory_levels\/update payload cannot be read: .*available/,
    );
    expect(await app.db.webhookEvent.findUnique({ where: { webhookId: "bad-level" } })).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/available/),
    });
  });

  it("tells the shop's open pages what changed, coalesced, and nothing for a payload the mirror ignored", async () => {
    const events: StoreChangedEvent[] = [];
    const subscription = await subscribeShopEvents(app.env.REDIS_URL, FIXTURE_SHOP, (event) => {
      if (event.type === "store.changed") events.push(event);
    });
    try {
      // What the earlier tests' webhooks left for the end of their window goes out first.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      events.length = 0;
      const order = delivered.find((d) => d.topic === "orders/create" && d.status === 200)!;
      const customer = delivered.find((d) => d.topic === "customers/create" && d.status === 200)!;
      const stale = { ...order.body, updated_at: "2020-01-01T00:00:00Z" };
      expect(
        (await deliver("orders/updated", webhookRequest("orders/updated", stale, { shop: FIXTURE_SHOP }))).status,
      ).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 2_000)); // longer than a window
      expect(events).toEqual([]);

      const burstStarted = performance.now();
      for (let i = 0; i < 4; i++) {
        const request = webhookRequest("orders/create", order.body, { shop: FIXTURE_SHOP, webhookId: `burst-${i}` });
        expect((await deliver("orders/create", request)).status).toBe(200);
      }
      const update = webhookRequest("customers/update", customer.body, { shop: FIXTURE_SHOP, webhookId: "burst-c" });
      expect((await deliver("customers/update", update)).status).toBe(200);
      const burstMs = performance.now() - burstStarted;
      const announced = () => events.reduce((sum, e) => sum + e.changes, 0);
      for (let i = 0; i < 100 && announced() < 5; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(announced()).toBe(5);
      // The first change at once, the rest together at the end of each window the burst spanned
      // (one on a quiet machine; a loaded one can take longer than a window to deliver five).
      expect(events.length).toBeLessThanOrEqual(1 + Math.ceil(burstMs / STORE_CHANGE_WINDOW_MS));
      expect(new Set(events.flatMap((e) => e.areas))).toEqual(new Set(["orders", "customers"]));
    } finally {
      await subscription.close();
    }
  });
});
