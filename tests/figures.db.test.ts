// One set of figures: the last 30 days' revenue, orders and average order value are the same on the
// Dashboard, Revenue, Finance and Analytics pages (their loaders' data), in AIRA's answer (offline
// model, through the chat route) and through MCP, and equal the emulator's own orders summed here
// over the 30 complete New York days before today. Orders placed half an hour either side of local
// midnight at both ends of the window make a UTC/local mix-up fail.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { UIMessage } from "ai";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSeedStore, startEmulator, type RunningEmulator } from "@royal-equips/emulator";
import { generateStore, type SeedOrder } from "@royal-equips/emulator/seed";
import { createDb, type Db } from "../agents/db/client";
import { syncStore } from "../agents/mirror/sync";
import { createAdminClient } from "../agents/shopify/graphql-client";
import { mcpToolContext } from "../mcp/context";
import { createMcpServer } from "../mcp/server";
import { loadAppWithEnv, startAnalysisWorker } from "./support/app";
import { readChatResponse, textOf, toolParts } from "./support/aira";
import { createTestDatabase, type TestDatabase } from "./support/database";
import { startTestRedis, type TestRedis } from "./support/redis";

const SHOP = `figures-${Math.random().toString(36).slice(2, 8)}.myshopify.com`;
const TOKEN = "shpat_figures_test";
const ZONE = "America/New_York"; // the emulator seed's shop timezone
let emulator: RunningEmulator;
let database: TestDatabase;
let testRedis: TestRedis;
let db: Db;
let worker: Awaited<ReturnType<typeof startAnalysisWorker>> | undefined;

// ---- the shop's calendar, computed here with Intl alone ----------------------------------------

const dayFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});
const hourFormat = new Intl.DateTimeFormat("en-GB", { timeZone: ZONE, hour: "2-digit", hourCycle: "h23" });
const nyDay = (at: Date | string) => dayFormat.format(new Date(at));
const shiftDay = (day: string, n: number) =>
  new Date(Date.parse(`${day}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** New York midnight starting `day`: 04:00 or 05:00 UTC, whichever New York calls hour 0 of that day. */
function nyMidnight(day: string): Date {
  for (const utcHour of ["04", "05"]) {
    const at = new Date(`${day}T${utcHour}:00:00Z`);
    if (nyDay(at) === day && Number(hourFormat.format(at)) === 0) return at;
  }
  throw new Error(`no New York midnight found for ${day}`);
}

const now = new Date();
const today = nyDay(now);
const window = { from: shiftDay(today, -30), to: shiftDay(today, -1) };
const HALF_HOUR = 30 * 60_000;
/** Half an hour either side of local midnight at both ends of the window (the last one only if already past). */
const edges = [
  new Date(nyMidnight(window.from).getTime() - HALF_HOUR), // the day before the window
  new Date(nyMidnight(window.from).getTime() + HALF_HOUR), // its first day
  new Date(nyMidnight(today).getTime() - HALF_HOUR), // its last day
  new Date(nyMidnight(today).getTime() + HALF_HOUR), // today, after the window
].filter((at) => at < now);

/** A new order in the emulator's store at `createdAt` (an ISO instant). */
function placeOrder(createdAt: string): void {
  const store = emulator.store;
  const [v] = store.all(
    "SELECT v.id, v.product_id, v.sku, v.price_cents, p.title, il.location_id FROM inventory_levels il JOIN variants v ON v.inventory_item_id = il.inventory_item_id JOIN products p ON p.id = v.product_id WHERE il.available > 5 ORDER BY v.id LIMIT 1",
  );
  const id = store.nextId("orders");
  const unitPrice = Number(v.price_cents) / 100;
  const order: SeedOrder = {
    id,
    name: `#E${id}`,
    customerId: null,
    email: null,
    createdAt,
    processedAt: createdAt,
    cancelledAt: null,
    currencyCode: "USD",
    sourceName: "web",
    discountCodes: [],
    totalDiscounts: 0,
    subtotalPrice: unitPrice,
    totalShipping: 7,
    totalTax: 0,
    totalPrice: Math.round((unitPrice + 7) * 100) / 100,
    financialStatus: "PAID",
    fulfillmentStatus: "UNFULFILLED",
    billingAddress: null,
    shippingAddress: null,
    note: null,
    tags: [],
    lineItems: [
      {
        id: store.nextId("line_items"),
        productId: Number(v.product_id),
        variantId: Number(v.id),
        sku: String(v.sku),
        title: String(v.title),
        quantity: 1,
        unitPrice,
      },
    ],
    refunds: [],
    risk: null,
  };
  store.placeOrder(order, Number(v.location_id));
}

/** The emulator's own orders of the window: not cancelled, placed on a New York day inside it. */
function emulatorFigures() {
  const rows = emulator.store.all("SELECT created_at, cancelled_at, total_cents FROM orders");
  let cents = 0;
  let orders = 0;
  for (const r of rows) {
    const day = nyDay(String(r.created_at));
    if (r.cancelled_at || day < window.from || day > window.to) continue;
    cents += Number(r.total_cents);
    orders++;
  }
  const revenue = cents / 100;
  return { revenue, orders, averageOrderValue: Math.round((revenue / orders) * 100) / 100 };
}

/** What a UTC-day window would have counted instead (must differ, or the edges prove nothing). */
function utcFigures() {
  const rows = emulator.store.all("SELECT created_at, cancelled_at, total_cents FROM orders");
  const utcToday = now.toISOString().slice(0, 10);
  const from = shiftDay(utcToday, -30);
  const to = shiftDay(utcToday, -1);
  const live = rows.filter((r) => !r.cancelled_at);
  const inUtc = live.filter(
    (r) => String(r.created_at).slice(0, 10) >= from && String(r.created_at).slice(0, 10) <= to,
  );
  return { orders: inUtc.length, revenue: inUtc.reduce((s, r) => s + Number(r.total_cents), 0) / 100 };
}

const request = (path: string) => ({ request: new Request(`http://localhost${path}`), params: {}, context: {} });

beforeAll(async () => {
  [emulator, database, testRedis] = await Promise.all([
    startEmulator({ dbPath: ":memory:", shopDomain: SHOP, accessToken: TOKEN, clientSecret: "secret" }),
    createTestDatabase(),
    startTestRedis({ own: true }),
  ]);
  loadSeedStore(
    emulator.store.db,
    generateStore({ seed: 7, products: 15, orders: 1500, days: 120, endDate: today, sampleCsvDir: null }),
  );
  for (const at of edges) placeOrder(at.toISOString());
  await loadAppWithEnv({
    DATABASE_URL: database.url,
    REDIS_URL: testRedis.url,
    LOCAL_MODE: "true",
    LOCAL_SHOP: SHOP,
    EMULATOR_URL: emulator.url,
    EMULATOR_ACCESS_TOKEN: TOKEN,
    LOG_LEVEL: "silent",
    AIRA_MODEL: "offline",
  });
  worker = await startAnalysisWorker();
  db = createDb(database.url);
  await syncStore(
    {
      db,
      admin: createAdminClient({ shop: SHOP, accessToken: TOKEN, endpoint: emulator.url }),
      shop: SHOP,
      logger: pino({ level: "silent" }),
    },
    undefined,
    { pollMs: 20 },
  );
}, 180_000);

afterAll(async () => {
  await worker?.close();
  await (await import("../app/runtime.server")).appRuntime().close();
  await db?.$disconnect();
  await database?.drop();
  await testRedis?.stop();
  await emulator?.close();
});

describe("one set of figures", () => {
  it("the sync stores the shop's timezone, and the window is the 30 complete New York days before today", async () => {
    expect(await db.shop.findUnique({ where: { domain: SHOP }, select: { ianaTimezone: true } })).toEqual({
      ianaTimezone: ZONE,
    });
    expect(edges.length).toBeGreaterThanOrEqual(3);
    const utc = utcFigures();
    const local = emulatorFigures();
    // The edge orders make UTC days count differently from the shop's days.
    expect(utc.orders !== local.orders || Math.abs(utc.revenue - local.revenue) > 0.001).toBe(true);
  });

  it("Dashboard, Revenue, Finance, Analytics, AIRA and MCP agree with the emulator's own sum", async () => {
    const expected = emulatorFigures();
    const figures: Record<string, { revenue: number; orders: number; averageOrderValue: number }> = {};
    const label = `${window.from} – ${window.to}`;

    const dashboard = await (await import("../app/routes/app._index")).loader(request("/app"));
    expect({ from: dashboard.window.from, to: dashboard.window.to }).toEqual(window);
    figures.dashboard = dashboard.sales.metrics;
    // The daily bars end at the last complete day and add up to the cards.
    expect(dashboard.revenueByDay.at(-1)!.day).toBe(window.to);
    expect(dashboard.revenueByDay.reduce((s, d) => s + d.orders, 0)).toBe(expected.orders);

    const revenue = await (await import("../app/routes/app.revenue")).loader(request("/app/revenue?days=30"));
    figures.revenue = revenue.sales.metrics;

    // The page's sales summary and comparison are worked out in the background (ADR 0049).
    const financeRoute = await import("../app/routes/app.finance");
    let finance = await financeRoute.loader(request("/app/finance"));
    for (let tries = 0; !(finance.summary.ok && finance.comparison.ok) && tries < 100; tries++) {
      for (const waiting of [finance.summary, finance.comparison].filter((r) => !r.ok))
        expect(waiting).toMatchObject({ code: "pending" });
      await new Promise((resolve) => setTimeout(resolve, 100));
      finance = await financeRoute.loader(request("/app/finance"));
    }
    figures.finance = finance.sales.metrics;
    expect(finance.comparison.ok && finance.comparison.data.current.totals).toMatchObject({
      revenue: expected.revenue,
      orders: expected.orders,
    });
    expect(finance.summary.ok && finance.summary.data.totals).toMatchObject({
      revenue: expected.revenue,
      orders: expected.orders,
      netSales: finance.sales.metrics.netSales,
    });

    // The report is worked out in the background (ADR 0015); the page reloads when it is ready.
    const analyticsRoute = await import("../app/routes/app.analytics");
    let analytics = await analyticsRoute.loader(request("/app/analytics"));
    for (let tries = 0; !analytics.report && tries < 100; tries++) {
      expect(analytics.failure).toMatchObject({ code: "pending" });
      await new Promise((resolve) => setTimeout(resolve, 100));
      analytics = await analyticsRoute.loader(request("/app/analytics"));
    }
    figures.analytics = analytics.sales.metrics;
    expect(analytics.report?.totals).toMatchObject({ revenue: expected.revenue, orders: expected.orders });

    // AIRA, offline model, through the chat route.
    const chat = await import("../app/routes/api.aira.chat");
    const question: UIMessage = {
      id: "msg_figures",
      role: "user",
      parts: [{ type: "text", text: "How did sales do in the last 30 days?" }],
    };
    const reply = await readChatResponse(
      await chat.action({
        request: new Request("http://localhost/api/aira/chat", {
          method: "POST",
          body: JSON.stringify({ conversationId: "conv_figures", message: question }),
          headers: { "Content-Type": "application/json" },
        }),
        params: {},
        context: {},
      }),
    );
    const [call] = toolParts(reply.message);
    expect(call).toMatchObject({ type: "tool-get_sales_summary", input: { from: window.from, to: window.to } });
    const aira = (call.output as { data: { totals: { revenue: number; orders: number; averageOrderValue: number } } })
      .data.totals;
    figures.aira = aira;
    expect(textOf(reply.message).replace(/,/g, "")).toContain(expected.revenue.toFixed(2));

    // MCP: the shop overview and the sales summary for the same days.
    const server = createMcpServer(() =>
      mcpToolContext(
        {
          db,
          logger: pino({ level: "silent" }),
          adminFor: () => createAdminClient({ shop: SHOP, accessToken: TOKEN, endpoint: emulator.url }),
        },
        SHOP,
        { kind: "mcp", id: "figures", scope: "read" },
      ),
    );
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: "figures", version: "1.0.0" });
    await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
    try {
      const overview = (await client.callTool({
        name: "get_shop_overview",
        arguments: { days: 30 },
      })) as CallToolResult;
      const sales = (overview.structuredContent as { sales: Record<string, number | string> }).sales;
      expect({ from: sales.from, to: sales.to }).toEqual(window);
      figures.mcpOverview = sales as unknown as typeof expected;
      const summary = (await client.callTool({ name: "get_sales_summary", arguments: window })) as CallToolResult;
      figures.mcpSummary = (summary.structuredContent as { totals: typeof expected }).totals;
    } finally {
      await client.close();
    }

    const picked = Object.fromEntries(
      Object.entries(figures).map(([where, f]) => [
        where,
        { revenue: f.revenue, orders: f.orders, averageOrderValue: f.averageOrderValue },
      ]),
    );
    for (const where of Object.keys(picked)) expect({ where, ...picked[where] }).toEqual({ where, ...expected });
    console.log(`figures for ${label} (${ZONE}):`, JSON.stringify(expected), "UTC days would say", utcFigures());
  });

  it("a bad date range gets a clear message and the default window", async () => {
    const dashboard = await (await import("../app/routes/app._index")).loader(request("/app?from=2026-13-01&to=x"));
    expect(dashboard.error).toMatch(/is not a date/);
    expect({ from: dashboard.window.from, to: dashboard.window.to }).toEqual(window);
    const ahead = await (await import("../app/routes/app.revenue")).loader(request(`/app/revenue?days=0`));
    expect(ahead.error).toMatch(/not a number of days from 1 to 1096/);
    const custom = await (
      await import("../app/routes/app.finance")
    ).loader(request(`/app/finance?from=${shiftDay(today, -7)}&to=${shiftDay(today, -1)}`));
    expect(custom.error).toBeNull();
    expect(custom.window).toMatchObject({ from: shiftDay(today, -7), to: shiftDay(today, -1), days: 7 });
    // The previous period is the 7 days before, and the change is measured against it.
    expect(custom.sales.previous).toMatchObject({ from: shiftDay(today, -14), to: shiftDay(today, -8) });
  });
});
