// "Find my slow movers and put them 20% off", end to end through the AIRA chat route: the dead stock
// is worked out by the analysis worker (a real BullMQ job on a real Redis), AIRA proposes a price
// change for exactly the variants it found, the merchant approves it, and the local dev store
// (emulator) holds the new prices. Once with the offline model, once with an OpenAI-compatible
// model (the local scripted server: it takes its targets and prices from the tools' results).
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UIMessage } from "ai";
import { loadSeedStore, startEmulator, type RunningEmulator } from "@royal-equips/emulator";
import { generateStore } from "@royal-equips/emulator/seed";
import { createDb, type Db } from "../../agents/db/client";
import { revertAction } from "../../agents/actions/actions";
import { syncStore } from "../../agents/mirror/sync";
import { createAdminClient } from "../../agents/shopify/graphql-client";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import { loadAppWithEnv, startAnalysisWorker } from "../../tests/support/app";
import { startTestRedis, type TestRedis } from "../../tests/support/redis";
import { readChatResponse, toolParts, withDecision } from "../../tests/support/aira";
import {
  startOpenAiTestServer,
  type ChatCompletionRequest,
  type OpenAiTestServer,
  type ScriptedReply,
} from "../../tests/support/openai-server";

const SHOP = `aira-slow-${Math.random().toString(36).slice(2, 8)}.myshopify.com`;
const TOKEN = "shpat_aira_slow_movers_test";
const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const REQUEST = "find my slow movers and put them 20% off";

let emulator: RunningEmulator;
let database: TestDatabase;
let testRedis: TestRedis;
let openai: OpenAiTestServer;
let db: Db;
let worker: Awaited<ReturnType<typeof startAnalysisWorker>> | undefined;
let script: (request: ChatCompletionRequest) => ScriptedReply = () => ({ text: "ok" });

interface DeadStock {
  items: { sku: string | null; variantId: string; onHand: number }[];
}
interface PriceChanges {
  changes: { sku: string; price: number }[];
}

const newId = () => `conv_${Math.random().toString(36).slice(2, 12)}`;
const userMessage = (text: string): UIMessage => ({
  id: `msg_${Math.random().toString(36).slice(2, 10)}`,
  role: "user",
  parts: [{ type: "text", text }],
});
async function send(body: unknown) {
  const chat = await import("./api.aira.chat");
  return chat.action({
    request: new Request("http://localhost/api/aira/chat", {
      method: "POST",
      body: JSON.stringify(body),
      headers: { "Content-Type": "application/json" },
    }),
    params: {},
    context: {},
  });
}
const toolMessages = (request: ChatCompletionRequest) => request.messages.filter((m) => m.role === "tool");
const twentyOff = (price: number) => Math.round((Math.round(price * 100) * 80) / 100) / 100;

/** Every variant's price in the store itself (the emulator), by SKU. */
async function storePrices(): Promise<Map<string, number>> {
  const admin = createAdminClient({ shop: SHOP, accessToken: TOKEN, endpoint: emulator.url });
  const prices = new Map<string, number>();
  let after: string | null = null;
  for (;;) {
    const data = (await admin.graphql(
      `query($after: String) { productVariants(first: 250, after: $after) { nodes { sku price } pageInfo { hasNextPage endCursor } } }`,
      { after },
    )) as {
      productVariants: {
        nodes: { sku: string | null; price: string }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    };
    for (const v of data.productVariants.nodes) if (v.sku) prices.set(v.sku, Number(v.price));
    if (!data.productVariants.pageInfo.hasNextPage) return prices;
    after = data.productVariants.pageInfo.endCursor;
  }
}

/** Syncs the store's current prices into the mirror (what AIRA reads), as the product webhooks would. */
async function resync() {
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
}

/** Asks, checks the proposal covers exactly the slow movers found, approves it, and checks the store. */
async function slowMoversTwentyOff(lookups: "none" | "get_product per slow mover") {
  const before = await storePrices();
  const conversationId = newId();
  const first = await readChatResponse(await send({ conversationId, message: userMessage(REQUEST) }));
  const parts = toolParts(first.message);
  const found = parts[0];
  expect(found).toMatchObject({ type: "tool-find_dead_stock", state: "output-available" });
  const dead = (found.output as { ok: boolean; data: DeadStock }).data;
  const slowMovers = dead.items.filter((i) => i.sku);
  expect(slowMovers.length).toBeGreaterThan(0);
  expect(parts.map((p) => p.type)).toEqual([
    "tool-find_dead_stock",
    ...(lookups === "none" ? [] : slowMovers.map(() => "tool-get_product")),
    "tool-propose_price_change",
  ]);

  const proposal = parts.at(-1)!;
  expect(proposal.state).toBe("approval-requested");
  const changes = (proposal.input as PriceChanges).changes;
  // Exactly the slow movers found, each 20% below its price in the store; nothing else.
  expect(changes.map((c) => c.sku).sort()).toEqual(slowMovers.map((i) => i.sku!).sort());
  for (const change of changes) expect(change.price).toBe(twentyOff(before.get(change.sku)!));
  expect(await storePrices()).toEqual(before); // proposed, not applied

  const approved = withDecision(first.message, true);
  const done = await readChatResponse(await send({ conversationId, message: approved }), approved);
  expect(toolParts(done.message).at(-1)!.state).toBe("output-available");
  const after = await storePrices();
  for (const change of changes) expect(after.get(change.sku)).toBe(change.price);
  for (const [sku, price] of before) if (!changes.some((c) => c.sku === sku)) expect(after.get(sku)).toBe(price);
  const action = await db.action.findFirstOrThrow({ where: { shop: SHOP }, orderBy: { createdAt: "desc" } });
  expect(action.status).toBe("applied");
  return { changes, before, actionId: action.id };
}

beforeAll(async () => {
  [emulator, database, testRedis, openai] = await Promise.all([
    startEmulator({ dbPath: ":memory:", shopDomain: SHOP, accessToken: TOKEN, clientSecret: "secret" }),
    createTestDatabase(),
    startTestRedis({ own: true }),
    startOpenAiTestServer((request) => script(request)),
  ]);
  // Few orders over a long catalogue: some variants have stock and no sale in the last 90 days.
  loadSeedStore(
    emulator.store.db,
    generateStore({ seed: 11, products: 30, orders: 150, days: 150, endDate: yesterday, sampleCsvDir: null }),
  );
  await loadAppWithEnv({
    DATABASE_URL: database.url,
    REDIS_URL: testRedis.url,
    LOCAL_MODE: "true",
    LOCAL_SHOP: SHOP,
    EMULATOR_URL: emulator.url,
    EMULATOR_ACCESS_TOKEN: TOKEN,
    LOG_LEVEL: "silent",
    AIRA_MODEL: "offline",
    OPENAI_BASE_URL: openai.url,
    OPENAI_API_KEY: "test-key",
    OPENAI_MODEL: "test-model",
  });
  db = createDb(database.url);
  await resync();
  worker = await startAnalysisWorker();
}, 120_000);

afterAll(async () => {
  await worker?.close();
  await db?.$disconnect();
  await Promise.all([database?.drop(), testRedis?.stop(), emulator?.close(), openai?.close()]);
});

describe("find my slow movers and put them 20% off", () => {
  it("offline model: the dead stock the worker found, then one price change for exactly those variants; approved, the store holds the new prices", async () => {
    const { before, actionId } = await slowMoversTwentyOff("none");
    // The merchant's Revert puts the old prices back, so the next test starts from the same store.
    const reverted = await revertAction(
      {
        shop: SHOP,
        db,
        admin: createAdminClient({ shop: SHOP, accessToken: TOKEN, endpoint: emulator.url }),
        logger: pino({ level: "silent" }),
        actor: { kind: "merchant", id: "slow-movers-test" },
        now: () => new Date(),
      },
      actionId,
    );
    expect(reverted.ok).toBe(true);
    expect(await storePrices()).toEqual(before);
  }, 90_000);

  it("an OpenAI-compatible model: finds them, reads their prices, proposes 20% off exactly those; approved, the store holds the new prices", async () => {
    await resync(); // the mirror reads the prices the revert wrote back
    await loadAppWithEnv({ AIRA_MODEL: "auto" });
    script = (request) => {
      const results = toolMessages(request).map((m) => JSON.parse(String(m.content)) as { ok: boolean; data: never });
      if (results.length === 0) return { toolCalls: [{ name: "find_dead_stock", arguments: {} }] };
      const dead = results[0].data as DeadStock;
      const skus = dead.items.map((i) => i.sku).filter((s): s is string => Boolean(s));
      // Step 2: each slow mover's current price, looked up rather than guessed.
      if (results.length === 1) return { toolCalls: skus.map((sku) => ({ name: "get_product", arguments: { sku } })) };
      if (results.length === 1 + skus.length) {
        const price = new Map<string, number>();
        for (const r of results.slice(1))
          for (const v of (r.data as { product: { variants: { sku: string | null; price: number }[] } }).product
            .variants)
            if (v.sku) price.set(v.sku, v.price);
        return {
          toolCalls: [
            {
              name: "propose_price_change",
              arguments: { changes: skus.map((sku) => ({ sku, price: twentyOff(price.get(sku)!) })) },
            },
          ],
        };
      }
      return { text: "Done: the slow movers are 20% off." };
    };
    const { changes } = await slowMoversTwentyOff("get_product per slow mover");
    expect(changes.length).toBeGreaterThan(0);
  }, 120_000);
});
