// Coalesced "store changed" events (agents/runtime/store-changes.ts) on a real Redis: how many
// changes a second the notifiers absorb, how many events the shop's stream carries for them, and how
// long a change waits before an event announces it.
//   npx tsx bench/store-changes.ts [burst=5000] [processes=4] [paced=200/s for 10 s]
import { performance } from "node:perf_hooks";
import { createRedis } from "../agents/infra/redis";
import { subscribeShopEvents } from "../agents/runtime/events";
import { createStoreChangeNotifier, STORE_CHANGE_WINDOW_MS } from "../agents/runtime/store-changes";
import { deleteKeysWithPrefix } from "../agents/runtime/testing/redis-keys";
import { randomPrefix, randomShop } from "../agents/runtime/testing/support";
import { startTestRedis } from "../tests/support/redis";

const burst = Number(process.argv[2] ?? 5000);
const processes = Number(process.argv[3] ?? 4);
const pacedPerSecond = Number(process.argv[4] ?? 200);
const pacedSeconds = 10;
const testRedis = await startTestRedis();
const prefix = randomPrefix();
const connections = Array.from({ length: processes }, (_, i) => createRedis(testRedis.url, { name: `bench-web-${i}` }));
await Promise.all(connections.map((r) => new Promise((resolve) => r.once("ready", resolve))));
const notifiers = connections.map((redis) => createStoreChangeNotifier(redis, { prefix }));

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

async function measure(label: string, fire: (shop: string) => Promise<number>) {
  const shop = randomShop();
  const received: { at: number; changes: number; since: number }[] = [];
  const subscription = await subscribeShopEvents(
    testRedis.url,
    shop,
    (event) => {
      if (event.type === "store.changed") received.push({ at: Date.now(), changes: event.changes, since: event.since });
    },
    prefix,
  );
  const started = performance.now();
  const fired = await fire(shop);
  const firedMs = performance.now() - started;
  const deadline = Date.now() + 10_000;
  while (received.reduce((s, e) => s + e.changes, 0) < fired && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20));
  const spanMs = received.length ? received.at(-1)!.at - received[0].at : 0;
  const waits = received.map((e) => e.at - e.since); // the oldest change in each event: the longest wait
  console.log(
    `${label}: ${fired} changes from ${processes} processes in ${firedMs.toFixed(0)} ms (${Math.round((fired / firedMs) * 1000)} changes/s absorbed) -> ` +
      `${received.length} events carrying ${received.reduce((s, e) => s + e.changes, 0)} changes ` +
      `(${spanMs ? ((received.length - 1) / (spanMs / 1000)).toFixed(2) : "—"} events/s on the stream; ` +
      `longest wait of a change before its event p50 ${pct(waits, 50)} ms, max ${Math.max(...waits)} ms; window ${STORE_CHANGE_WINDOW_MS} ms)`,
  );
  await subscription.close();
}

// A burst: every process fires its share as fast as Redis answers.
await measure("burst", async (shop) => {
  const per = Math.ceil(burst / processes);
  await Promise.all(
    notifiers.map(async (n, i) => {
      for (let k = 0; k < per; k++) await n.changed(shop, [k % 4 === 0 ? "inventory" : i % 2 ? "orders" : "products"]);
    }),
  );
  return per * processes;
});

// A steady flow of webhooks: pacedPerSecond spread over the processes for pacedSeconds.
await measure(`steady ${pacedPerSecond}/s`, async (shop) => {
  const total = pacedPerSecond * pacedSeconds;
  const gap = 1000 / pacedPerSecond;
  const start = performance.now();
  for (let k = 0; k < total; k++) {
    const due = start + k * gap;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    void notifiers[k % processes].changed(shop, ["orders"]);
  }
  return total;
});

// A quiet store: one change, announced at once.
await measure("single change", async (shop) => {
  await notifiers[0].changed(shop, ["orders"]);
  return 1;
});

await Promise.all(notifiers.map((n) => n.close()));
await deleteKeysWithPrefix(connections[0], prefix);
connections.forEach((r) => r.disconnect());
await testRedis.stop();
