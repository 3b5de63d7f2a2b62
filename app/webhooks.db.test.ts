import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../tests/support/database";
import { loadAppWithEnv } from "../tests/support/app";
import { schedulerIdFor } from "../agents/runtime/names";
import { EMBEDDED_ENV, webhookRequest } from "../tests/support/shopify";

const TOPICS = [
  "app/uninstalled",
  "app/scopes_update",
  "customers/data_request",
  "customers/redact",
  "shop/redact",
] as const;
const SHOP = "test-shop.myshopify.com";
const OTHER = "other-shop.myshopify.com";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof loadAppWithEnv>>;
type Action = (args: { request: Request; params: object; context: object }) => Promise<Response>;
const routes: Record<string, Action> = {};
const loaders: Record<string, () => Response> = {};

async function deliver(topic: string, request: Request) {
  try {
    return await routes[topic]({ request, params: {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

async function seedShopData(shop: string) {
  const { db } = app;
  const now = new Date();
  await db.shop.create({ data: { domain: shop } });
  await db.session.create({ data: { id: `offline_${shop}`, shop, state: "", accessToken: "shpat_x" } });
  await db.mirrorCustomer.createMany({
    data: [
      { shop, id: "101", email: "ann@example.com", firstName: "Ann", createdAt: now, updatedAt: now },
      { shop, id: "102", email: "bob@example.com", firstName: "Bob", createdAt: now, updatedAt: now },
    ],
  });
  const order = (id: string, customerId: string, email: string) => ({
    shop,
    id,
    name: `#${id}`,
    customerId,
    email,
    createdAt: now,
    subtotal: 10,
    totalDiscounts: 0,
    totalShipping: 0,
    totalTax: 0,
    total: 10,
    updatedAt: now,
  });
  await db.mirrorOrder.createMany({
    data: [order("9001", "101", "ann@example.com"), order("9002", "102", "bob@example.com")],
  });
  await db.mirrorLineItem.createMany({
    data: [
      { shop, id: "1", orderId: "9001", title: "Tee", quantity: 1, unitPrice: 10, createdAt: now },
      { shop, id: "2", orderId: "9002", title: "Mug", quantity: 2, unitPrice: 5, createdAt: now },
    ],
  });
  await db.supportTicket.create({
    data: { shop, subject: "Where is my order?", body: "...", customerId: "101", email: "ann@example.com" },
  });
  await db.auditLog.create({ data: { shop, actor: "system", action: "seed", outcome: "ok" } });
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await loadAppWithEnv({ ...EMBEDDED_ENV, DATABASE_URL: database.url });
  for (const topic of TOPICS) {
    const module = await import(`./routes/webhooks.${topic.replace("/", ".")}.tsx`);
    routes[topic] = module.action;
    loaders[topic] = module.loader;
  }
});

afterAll(async () => {
  await app?.db.$disconnect();
  await database?.drop();
});

describe.each(TOPICS)("webhook %s", (topic) => {
  it("answers 401 to a forged HMAC and to a missing one", async () => {
    const forged = await deliver(topic, webhookRequest(topic, { shop_domain: SHOP }, { secret: "not-the-app-secret" }));
    expect(forged.status).toBe(401);
    const missing = await deliver(topic, webhookRequest(topic, { shop_domain: SHOP }, { secret: null }));
    expect(missing.status).toBe(401);
    expect(await app.db.webhookEvent.count({ where: { topic } })).toBe(0);
  });

  it("accepts a correctly signed delivery and records it once", async () => {
    const webhookId = `valid-${topic}`;
    const payload = {
      shop_domain: OTHER,
      customer: { id: 1, email: "nobody@example.com" },
      current: ["read_products"],
      orders_requested: [],
      orders_to_redact: [],
    };
    const first = await deliver(topic, webhookRequest(topic, payload, { webhookId, shop: OTHER }));
    expect(first.status).toBe(200);
    const again = await deliver(topic, webhookRequest(topic, payload, { webhookId, shop: OTHER }));
    expect(again.status).toBe(200);
    expect(await app.db.webhookEvent.findUnique({ where: { webhookId } })).toMatchObject({
      status: "processed",
      topic,
    });
    expect(
      await app.db.auditLog.count({ where: { action: `webhook.${topic}`, input: { equals: { webhookId } } } }),
    ).toBe(1);
  });
});

describe("bounded and deduplicated deliveries", () => {
  const topic = "customers/data_request";
  const payload = (email: string) => ({
    shop_domain: OTHER,
    customer: { id: 77, email },
    orders_requested: [],
  });

  it("acknowledges the same event delivered again under another webhook id without running it twice", async () => {
    const eventId = "event-dup-1";
    const before = await app.db.dataExport.count({ where: { shop: OTHER } });
    const first = await deliver(topic, webhookRequest(topic, payload("dup@example.com"), { shop: OTHER, eventId }));
    const again = await deliver(topic, webhookRequest(topic, payload("dup@example.com"), { shop: OTHER, eventId }));
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(await app.db.dataExport.count({ where: { shop: OTHER } })).toBe(before + 1);
    expect(await app.db.webhookEvent.count({ where: { shop: OTHER, eventId } })).toBe(1);
  });

  it("refuses a body over 5 MB with 413 before reading it, declared or streamed, and records nothing", async () => {
    const big = JSON.stringify(payload("x".repeat(6 * 1024 * 1024)));
    const declared = webhookRequest(topic, JSON.parse(big), { shop: OTHER, webhookId: "too-big-declared" });
    expect((await deliver(topic, declared)).status).toBe(413);
    // No Content-Length: the body arrives as a stream and is cut off once it passes the cap.
    const signed = webhookRequest(topic, JSON.parse(big), { shop: OTHER, webhookId: "too-big-streamed" });
    const headers = new Headers(signed.headers);
    headers.delete("content-length");
    const chunk = new TextEncoder().encode(big);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= chunk.length) return controller.close();
        controller.enqueue(chunk.subarray(sent, sent + 64 * 1024));
        sent += 64 * 1024;
      },
    });
    const streamed = new Request(signed.url, { method: "POST", headers, body, duplex: "half" } as RequestInit);
    expect((await deliver(topic, streamed)).status).toBe(413);
    expect(sent).toBeLessThan(chunk.length);
    expect(
      await app.db.webhookEvent.count({ where: { webhookId: { in: ["too-big-declared", "too-big-streamed"] } } }),
    ).toBe(0);
  });

  it("answers GET with 405 and the allowed method", () => {
    const response = loaders[topic]();
    expect(response.status).toBe(405);
    expect(response.headers.get("Allow")).toBe("POST");
  });
});

describe("compliance webhooks", () => {
  beforeAll(async () => {
    await seedShopData(SHOP);
    await seedShopData(OTHER).catch(async () => {
      // OTHER's shop row may exist from the signed-delivery tests; add the rest.
      await app.db.shop.deleteMany({ where: { domain: OTHER } });
      await seedShopData(OTHER);
    });
  });

  it("customers/data_request exports what we hold about that customer, once per delivery", async () => {
    const payload = {
      shop_domain: SHOP,
      customer: { id: 101, email: "ann@example.com" },
      orders_requested: [9001],
      data_request: { id: 77 },
    };
    const request = () =>
      webhookRequest("customers/data_request", payload, { shop: SHOP, webhookId: "data-request-1" });
    expect((await deliver("customers/data_request", request())).status).toBe(200);
    expect((await deliver("customers/data_request", request())).status).toBe(200); // redelivery
    const exports = await app.db.dataExport.findMany({ where: { shop: SHOP } });
    expect(exports).toHaveLength(1);
    const data = exports[0].data as {
      customers: { id: string }[];
      orders: { id: string }[];
      lineItems: unknown[];
      supportTickets: unknown[];
    };
    expect(exports[0].requestId).toBe("77");
    expect(data.customers.map((c) => c.id)).toEqual(["101"]);
    expect(data.orders.map((o) => o.id)).toEqual(["9001"]);
    expect(data.lineItems).toHaveLength(1);
    expect(data.supportTickets).toHaveLength(1);
  });

  it("customers/redact deletes that customer's rows and nobody else's", async () => {
    const payload = { shop_domain: SHOP, customer: { id: 101, email: "ann@example.com" }, orders_to_redact: [9001] };
    expect(
      (await deliver("customers/redact", webhookRequest("customers/redact", payload, { shop: SHOP }))).status,
    ).toBe(200);
    const { db } = app;
    expect(await db.mirrorCustomer.findMany({ where: { shop: SHOP }, select: { id: true } })).toEqual([{ id: "102" }]);
    expect(await db.mirrorOrder.findMany({ where: { shop: SHOP }, select: { id: true } })).toEqual([{ id: "9002" }]);
    expect(await db.mirrorLineItem.count({ where: { shop: SHOP, orderId: "9001" } })).toBe(0);
    expect(await db.supportTicket.count({ where: { shop: SHOP, customerId: "101" } })).toBe(0);
    expect(await db.dataExport.count({ where: { shop: SHOP, customerId: "101" } })).toBe(0);
    // The same customer id in another shop is another person.
    expect(await db.mirrorCustomer.count({ where: { shop: OTHER, id: "101" } })).toBe(1);
  });

  it("shop/redact deletes every row of that shop and leaves other shops alone", async () => {
    const { db } = app;
    const before = await db.mirrorOrder.count({ where: { shop: OTHER } });
    // An assistant signed in over OAuth (ADR 0021): its grant and tokens go with the shop.
    const grant = await db.mcpGrant.create({
      data: { shop: SHOP, clientId: "c1", clientName: "Claude", scope: "read", resource: "http://app/mcp" },
    });
    await db.mcpOAuthSecret.create({
      data: { tokenHash: "h1", kind: "access", grantId: grant.id, expiresAt: new Date(Date.now() + 3_600_000) },
    });
    expect(
      (await deliver("shop/redact", webhookRequest("shop/redact", { shop_domain: SHOP }, { shop: SHOP }))).status,
    ).toBe(200);
    for (const [name, count] of Object.entries({
      shop: await db.shop.count({ where: { domain: SHOP } }),
      session: await db.session.count({ where: { shop: SHOP } }),
      customers: await db.mirrorCustomer.count({ where: { shop: SHOP } }),
      orders: await db.mirrorOrder.count({ where: { shop: SHOP } }),
      lineItems: await db.mirrorLineItem.count({ where: { shop: SHOP } }),
      tickets: await db.supportTicket.count({ where: { shop: SHOP } }),
      audit: await db.auditLog.count({ where: { shop: SHOP, action: { not: "webhook.shop/redact" } } }),
      mcpGrants: await db.mcpGrant.count({ where: { shop: SHOP } }),
      mcpTokens: await db.mcpOAuthSecret.count({ where: { grantId: grant.id } }),
    })) {
      expect(count, name).toBe(0);
    }
    expect(await db.mirrorOrder.count({ where: { shop: OTHER } })).toBe(before);
  });

  it("app/uninstalled removes the shop's sessions and schedules and marks it uninstalled", async () => {
    const { db } = app;
    const { appRuntime } = await import("./agents.server");
    const runtime = appRuntime();
    const scheduled = runtime.agents
      .list()
      .filter((agent) => agent.schedule)
      .map((agent) => agent.name);
    expect(scheduled.length).toBeGreaterThan(0);
    // Schedulers as the worker installs them, but due next New Year: an `every` schedule would queue
    // a job at once, and a worker sharing this Redis would run it for a shop that does not exist.
    for (const agent of scheduled) {
      await runtime
        .queue(agent)
        .upsertJobScheduler(
          schedulerIdFor(agent, OTHER),
          { pattern: "0 0 1 1 *" },
          { name: agent, data: { shop: OTHER, input: {}, trigger: "schedule" } },
        );
      expect(await runtime.isScheduled(OTHER, agent)).toBe(true);
    }
    await db.session
      .create({ data: { id: "offline_x", shop: OTHER, state: "", accessToken: "t" } })
      .catch(() => undefined);
    expect(
      (await deliver("app/uninstalled", webhookRequest("app/uninstalled", { id: 1 }, { shop: OTHER }))).status,
    ).toBe(200);
    expect(await db.session.count({ where: { shop: OTHER } })).toBe(0);
    expect((await db.shop.findUnique({ where: { domain: OTHER } }))?.uninstalledAt).toBeInstanceOf(Date);
    for (const agent of scheduled) {
      expect(await runtime.isScheduled(OTHER, agent), agent).toBe(false);
      // Nothing of the shop's is left waiting to run either.
      const left = await runtime.queue(agent).getJobs(["waiting", "delayed", "prioritized", "paused"]);
      expect(
        left.filter((job) => job?.data?.shop === OTHER),
        agent,
      ).toEqual([]);
    }
    await runtime.close();
  });
});
