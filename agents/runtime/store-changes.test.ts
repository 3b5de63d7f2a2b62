// The coalesced "store changed" events on a real Redis: a burst of 500 changes from two
// notifiers (two web processes) becomes a handful of events that together count all 500, the
// first at once; a quiet shop gets one event per change; a process that dies holding the gate is
// taken over once the gate expires; shops do not mix; and a Redis outage is reported, not thrown.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestRedis, type TestRedis } from "../../tests/support/redis";
import { createRedis, type Redis } from "../infra/redis";
import type { ShopEvent, StoreChangedEvent } from "./event-types";
import { eventsLog, storeChangesGate, storeChangesPending } from "./names";
import { createStoreChangeNotifier } from "./store-changes";
import { subscribeShopEvents } from "./events";
import { randomPrefix, randomShop, waitFor } from "./testing/support";

let testRedis: TestRedis;
let redis: Redis;
let second: Redis;
const prefix = randomPrefix();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  testRedis = await startTestRedis();
  redis = createRedis(testRedis.url, { name: "test-store-changes" });
  second = createRedis(testRedis.url, { name: "test-store-changes-2" });
  await Promise.all([redis, second].map((r) => new Promise((resolve) => r.once("ready", resolve))));
});

afterAll(async () => {
  redis?.disconnect();
  second?.disconnect();
  await testRedis?.stop();
});

async function listen(shop: string) {
  const events: { event: StoreChangedEvent; at: number }[] = [];
  const subscription = await subscribeShopEvents(
    testRedis.url,
    shop,
    (event: ShopEvent) => {
      if (event.type === "store.changed") events.push({ event, at: Date.now() });
    },
    prefix,
  );
  return { events, close: () => subscription.close() };
}

const total = (events: { event: StoreChangedEvent }[]) => events.reduce((sum, e) => sum + e.event.changes, 0);

describe("store change events", () => {
  it("turns a burst of 500 changes from two processes into a handful of events counting all 500", async () => {
    const shop = randomShop();
    const feed = await listen(shop);
    const windowMs = 200;
    const a = createStoreChangeNotifier(redis, { windowMs, prefix });
    const b = createStoreChangeNotifier(second, { windowMs, prefix });
    const started = Date.now();
    // 500 changes over about a second, alternating between the two processes, as webhooks arrive.
    for (let i = 0; i < 500; i++) {
      await (i % 2 ? b : a).changed(shop, [i % 5 === 0 ? "inventory" : "orders"]);
      if (i % 50 === 49) await sleep(100);
    }
    const burstMs = Date.now() - started;
    await waitFor(async () => (total(feed.events) === 500 ? true : undefined), "all 500 changes announced", 5_000);
    // The first change is announced at once (leading edge), then at most one event per window.
    expect(feed.events[0].at - started).toBeLessThan(windowMs);
    expect(feed.events.length).toBeGreaterThanOrEqual(2);
    expect(feed.events.length).toBeLessThanOrEqual(Math.ceil(burstMs / windowMs) + 2);
    for (let i = 1; i < feed.events.length; i++)
      expect(feed.events[i].at - feed.events[i - 1].at).toBeGreaterThanOrEqual(windowMs - 50);
    expect(new Set(feed.events.flatMap((e) => e.event.areas))).toEqual(new Set(["orders", "inventory"]));
    expect(feed.events.every((e) => e.event.since >= started && e.event.since <= e.at)).toBe(true);
    // Once quiet, the gate is given up and nothing is left pending.
    await waitFor(
      async () => ((await redis.exists(storeChangesGate(shop, prefix))) === 0 ? true : undefined),
      "the gate released",
      2_000,
    );
    expect(await redis.exists(storeChangesPending(shop, prefix))).toBe(0);
    console.log(
      `500 changes in ${burstMs} ms -> ${feed.events.length} events (window ${windowMs} ms): ${feed.events.map((e) => e.event.changes).join(", ")}`,
    );
    await Promise.all([a.close(), b.close(), feed.close()]);
  });

  it("announces each change of a quiet shop at once, and keeps shops apart", async () => {
    const shop = randomShop();
    const other = randomShop();
    const feed = await listen(shop);
    const otherFeed = await listen(other);
    const notifier = createStoreChangeNotifier(redis, { windowMs: 100, prefix });
    for (let i = 0; i < 3; i++) {
      const before = Date.now();
      await notifier.changed(shop, ["support"]);
      await waitFor(async () => (feed.events.length === i + 1 ? true : undefined), `event ${i + 1}`, 2_000);
      expect(feed.events[i].at - before).toBeLessThan(100);
      expect(feed.events[i].event).toMatchObject({ type: "store.changed", areas: ["support"], changes: 1 });
      await sleep(300); // longer than a window: the gate is released in between
    }
    expect(otherFeed.events).toEqual([]);
    await Promise.all([notifier.close(), feed.close(), otherFeed.close()]);
  });

  it("lets another process take over when the announcer died holding the gate", async () => {
    const shop = randomShop();
    const feed = await listen(shop);
    // A process took the gate, recorded a change and died before announcing it.
    await redis.set(storeChangesGate(shop, prefix), "1", "PX", 500);
    await redis.hset(storeChangesPending(shop, prefix), { orders: 1, _n: 1, _since: Date.now() });
    const survivor = createStoreChangeNotifier(second, { windowMs: 100, prefix });
    await survivor.changed(shop, ["products"]); // the gate is still held: only recorded
    await sleep(300);
    expect(feed.events).toEqual([]);
    await sleep(300); // the dead holder's gate expired
    await survivor.changed(shop, ["customers"]);
    await waitFor(async () => (total(feed.events) === 3 ? true : undefined), "everything announced", 2_000);
    expect(feed.events).toHaveLength(1);
    expect(feed.events[0].event.areas).toEqual(["orders", "products", "customers"]);
    await Promise.all([survivor.close(), feed.close()]);
  });

  it("reports a Redis it cannot reach instead of throwing, and ignores unknown areas", async () => {
    const errors: Error[] = [];
    const down = createRedis("redis://127.0.0.1:1", { name: "down" });
    down.on("error", () => {});
    const notifier = createStoreChangeNotifier(down, { prefix, onError: (e) => errors.push(e) });
    await expect(notifier.changed(randomShop(), ["orders"])).resolves.toBeUndefined();
    expect(errors.length).toBe(1);
    await notifier.changed(randomShop(), ["nonsense" as "orders"]);
    expect(errors.length).toBe(1); // nothing was attempted
    down.disconnect();
  });

  it("writes events in the shape the browser reads, areas in a fixed order, on the shop's capped log", async () => {
    const shop = randomShop();
    const notifier = createStoreChangeNotifier(redis, { windowMs: 100, prefix });
    const before = Date.now();
    await notifier.changed(shop, ["support", "orders"]);
    const entries = (await redis.xrange(eventsLog(shop, prefix), "-", "+")) as [string, string[]][];
    expect(entries).toHaveLength(1);
    const [, fields] = entries[0];
    expect(fields[0]).toBe("event");
    const event = JSON.parse(fields[1]) as StoreChangedEvent;
    expect(event).toEqual({ type: "store.changed", areas: ["orders", "support"], changes: 1, since: event.since });
    expect(event.since).toBeGreaterThanOrEqual(before);
    expect(event.since).toBeLessThanOrEqual(Date.now());
    expect(await redis.ttl(eventsLog(shop, prefix))).toBeGreaterThan(3600);
    await notifier.close();
  });
});
