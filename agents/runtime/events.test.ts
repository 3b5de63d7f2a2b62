// The SSE stream on a real Redis: events appended to the shop's log arrive as SSE frames, other
// shops' events do not, heartbeats are comments, a reconnect replays what it missed (or says
// "resync" when the log was trimmed past it), and aborting the request closes it all.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedis, type Redis } from "../infra/redis";
import { startTestRedis, type TestRedis } from "../../tests/support/redis";
import {
  compareStreamIds,
  EVENT_LOG_LENGTH,
  eventStreamResponse,
  formatEvent,
  publishEvent,
  type AgentEvent,
} from "./events";
import { randomPrefix, randomShop, waitFor } from "./testing/support";

let testRedis: TestRedis;
let redis: Redis;
const prefix = randomPrefix();

beforeAll(async () => {
  testRedis = await startTestRedis();
  redis = createRedis(testRedis.url, { name: "test" });
  await new Promise((resolve) => redis.once("ready", resolve));
});

afterAll(async () => {
  redis?.disconnect();
  await testRedis?.stop();
});

const event = (runId: string, progress: number): AgentEvent => ({
  type: "agent.progress",
  runId,
  agent: "noop",
  progress,
  status: "running",
  message: `at ${progress}`,
});

/** Open event-log readers of a shop (each holds a named connection). */
async function readers(shop: string) {
  const list = (await redis.client("LIST")) as string;
  return list.split("\n").filter((line) => line.includes(`name=royal-equips:events-reader:${shop} `)).length;
}

/** Reads an SSE body into text as it arrives. */
function collect(response: Response) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const state = { text: "" };
  const done = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      state.text += decoder.decode(value);
    }
  })();
  return { state, done };
}

type Frame = Record<string, string>;
const frames = (text: string): Frame[] =>
  text
    .split("\n\n")
    .map(
      (frame) =>
        Object.fromEntries(
          frame
            .split("\n")
            .filter((l) => l && !l.startsWith(":") && !l.startsWith("retry"))
            .map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 2)]),
        ) as Frame,
    )
    .filter((f) => f.event);

describe("eventStreamResponse", () => {
  it("streams the shop's events as SSE with ids and heartbeats, and cleans up on abort", async () => {
    const shop = randomShop();
    const controller = new AbortController();
    // An event from before the browser connected is not news to it: the page loaded after it.
    await publishEvent(redis, shop, event("run-0", 50), prefix);
    const response = await eventStreamResponse({
      redisUrl: testRedis.url,
      shop,
      signal: controller.signal,
      prefix,
      heartbeatMs: 100,
    });
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(response.headers.get("cache-control")).toContain("no-cache");
    expect(await readers(shop)).toBe(1);
    const { state, done } = collect(response);

    await publishEvent(redis, randomShop(), event("other-shop", 1), prefix);
    await publishEvent(redis, shop, event("run-1", 10), prefix);
    await publishEvent(redis, shop, { ...event("run-1", 100), type: "agent.finished", status: "succeeded" }, prefix);
    await waitFor(
      async () => state.text.includes("agent.finished") && state.text.includes(": heartbeat"),
      "two events and a heartbeat",
    );

    const [ready, first, second, ...rest] = frames(state.text);
    expect(rest).toEqual([]);
    expect(ready.event).toBe("ready");
    expect(first.event).toBe("agent.progress");
    expect(JSON.parse(first.data)).toEqual(event("run-1", 10));
    expect(second.event).toBe("agent.finished");
    expect(compareStreamIds(ready.id, first.id)).toBe(-1);
    expect(compareStreamIds(first.id, second.id)).toBe(-1);
    expect(state.text).not.toContain("other-shop");
    expect(state.text).not.toContain("run-0");
    expect(state.text.startsWith("retry: 3000\n")).toBe(true);

    controller.abort();
    await done; // the stream ends
    await waitFor(async () => (await readers(shop)) === 0, "the reader connection to close");
  });

  it("replays, in order, what a reconnecting browser missed after its Last-Event-ID", async () => {
    const shop = randomShop();
    const seen = await publishEvent(redis, shop, event("run-1", 10), prefix);
    await publishEvent(redis, shop, event("run-1", 20), prefix);
    await publishEvent(redis, shop, event("run-1", 30), prefix);
    const controller = new AbortController();
    const response = await eventStreamResponse({
      redisUrl: testRedis.url,
      shop,
      signal: controller.signal,
      prefix,
      lastEventId: seen,
    });
    const { state, done } = collect(response);
    await publishEvent(redis, shop, event("run-1", 40), prefix);
    await waitFor(async () => state.text.includes('"progress":40'), "the live event after the replay");
    const received = frames(state.text);
    expect(received.map((f) => f.event)).toEqual(["ready", "agent.progress", "agent.progress", "agent.progress"]);
    expect(received[0].id).toBe(seen);
    expect(received.slice(1).map((f) => JSON.parse(f.data).progress)).toEqual([20, 30, 40]);
    controller.abort();
    await done;
  });

  it("says resync when the log was trimmed past the browser's Last-Event-ID, or is not the one it read", async () => {
    const shop = randomShop();
    const oldest = await publishEvent(redis, shop, event("run-1", 0), prefix);
    for (let i = 0; i < EVENT_LOG_LENGTH + 300; i += 100) {
      const pipeline = redis.pipeline();
      for (let j = 0; j < 100; j++)
        pipeline.xadd(
          `${prefix}:events:${shop}`,
          "MAXLEN",
          "~",
          EVENT_LOG_LENGTH,
          "*",
          "event",
          JSON.stringify(event("run-1", 1)),
        );
      await pipeline.exec();
    }
    const open = async (lastEventId: string) => {
      const controller = new AbortController();
      const { state, done } = collect(
        await eventStreamResponse({ redisUrl: testRedis.url, shop, signal: controller.signal, prefix, lastEventId }),
      );
      await waitFor(async () => state.text.includes("event: ready"), "the ready event");
      await new Promise((resolve) => setTimeout(resolve, 50));
      controller.abort();
      await done;
      return frames(state.text).map((f) => f.event);
    };
    expect((await open(oldest)).slice(0, 2)).toEqual(["ready", "resync"]);
    // An id from the future: Redis was reset since the browser read it.
    expect(await open("99999999999999-0")).toEqual(["ready", "resync"]);
    // A recent id: nothing lost, no resync.
    const [last] = (await redis.xrevrange(`${prefix}:events:${shop}`, "+", "-", "COUNT", 1))[0];
    expect(await open(last)).toEqual(["ready"]);
  });

  it("formats an event as one SSE frame", () => {
    expect(formatEvent(event("r", 5), "7")).toBe(
      `event: agent.progress\nid: 7\ndata: ${JSON.stringify(event("r", 5))}\n\n`,
    );
  });
});
