// Live events: publish -> SSE frame latency through the shop's Redis stream, and how long a
// reconnecting browser takes to get a backlog of missed events replayed.
//   npx tsx bench/live-events.ts [events=2000] [backlog=1000]
import { performance } from "node:perf_hooks";
import { createRedis } from "../agents/infra/redis";
import { eventStreamResponse, publishEvent, type AgentEvent } from "../agents/runtime/events";
import { deleteKeysWithPrefix } from "../agents/runtime/testing/redis-keys";
import { randomPrefix, randomShop } from "../agents/runtime/testing/support";
import { startTestRedis } from "../tests/support/redis";

const events = Number(process.argv[2] ?? 2000);
const backlog = Number(process.argv[3] ?? 1000);
const testRedis = await startTestRedis();
const redis = createRedis(testRedis.url, { name: "bench-live-events" });
await new Promise((resolve) => redis.once("ready", resolve));
const prefix = randomPrefix();
const shop = randomShop();
const event = (i: number): AgentEvent => ({
  type: "agent.progress",
  runId: `bench-${i}`,
  agent: "noop",
  progress: i % 100,
  status: "running",
  message: String(performance.now()),
});

/** Opens the SSE response and calls `onFrame` with each event frame's payload as it arrives. */
async function open(lastEventId: string | null, onFrame: (data: string, id: string) => void) {
  const controller = new AbortController();
  const response = await eventStreamResponse({
    redisUrl: testRedis.url,
    shop,
    signal: controller.signal,
    prefix,
    lastEventId,
  });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += decoder.decode(value);
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = /^data: (.*)$/m.exec(frame)?.[1];
        const id = /^id: (.*)$/m.exec(frame)?.[1];
        if (data && id && frame.includes("event: agent.")) onFrame(data, id);
      }
    }
  })();
  return controller;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

// 1. Latency: one event at a time, each published after the previous one arrived.
const latencies: number[] = [];
let lastId = "";
let resolveNext: (() => void) | null = null;
const live = await open(null, (data, id) => {
  latencies.push(performance.now() - Number((JSON.parse(data) as AgentEvent).message));
  lastId = id;
  resolveNext?.();
});
for (let i = 0; i < events; i++) {
  const arrived = new Promise<void>((resolve) => (resolveNext = resolve));
  await publishEvent(redis, shop, event(i), prefix);
  await arrived;
}
live.abort();
latencies.sort((a, b) => a - b);
console.log(
  `live-events: ${events} events one at a time, publish -> SSE frame: p50 ${percentile(latencies, 0.5).toFixed(2)} ms, p95 ${percentile(latencies, 0.95).toFixed(2)} ms, max ${latencies.at(-1)!.toFixed(2)} ms`,
);

// 2. Replay: events published while the browser was away, delivered on reconnect.
const publishStart = performance.now();
for (let i = 0; i < backlog; i += 100) {
  const pipeline = redis.pipeline();
  for (let j = i; j < Math.min(backlog, i + 100); j++)
    pipeline.xadd(`${prefix}:events:${shop}`, "MAXLEN", "~", 1000, "*", "event", JSON.stringify(event(j)));
  await pipeline.exec();
}
const published = performance.now() - publishStart;
let replayed = 0;
const started = performance.now();
const done = new Promise<void>((resolve) => {
  void open(lastId, () => {
    if (++replayed === backlog) resolve();
  }).then((c) => done.finally(() => c.abort()));
});
await done;
const replayMs = performance.now() - started;
console.log(
  `live-events: ${backlog} missed events (written in ${published.toFixed(0)} ms) replayed on reconnect in ${replayMs.toFixed(1)} ms (${Math.round(backlog / (replayMs / 1000))} events/s), from request to last frame`,
);

await deleteKeysWithPrefix(redis, prefix);
redis.disconnect();
await testRedis.stop();
