// The SSE stream on a real Redis: events published to the shop's channel arrive as SSE frames,
// other shops' events do not, heartbeats are comments, and aborting the request closes it all.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedis, type Redis } from "../infra/redis";
import { startTestRedis, type TestRedis } from "../../tests/support/redis";
import { eventStreamResponse, formatEvent, publishEvent, type AgentEvent } from "./events";
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

const event = (runId: string, progress: number): AgentEvent => ({ type: "agent.progress", runId, agent: "noop", progress, status: "running", message: `at ${progress}` });

async function subscribers(channel: string) {
  const [, count] = (await redis.pubsub("NUMSUB", channel)) as [string, number];
  return Number(count);
}

describe("eventStreamResponse", () => {
  it("streams the shop's events as SSE with ids and heartbeats, and cleans up on abort", async () => {
    const shop = randomShop();
    const controller = new AbortController();
    const response = await eventStreamResponse({ redisUrl: testRedis.url, shop, signal: controller.signal, prefix, heartbeatMs: 100 });
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(response.headers.get("cache-control")).toContain("no-cache");
    const channel = `${prefix}:events:${shop}`;
    expect(await subscribers(channel)).toBe(1);

    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    const pump = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        text += decoder.decode(value);
      }
    })();

    await publishEvent(redis, randomShop(), event("other-shop", 1), prefix);
    await publishEvent(redis, shop, event("run-1", 10), prefix);
    await publishEvent(redis, shop, { ...event("run-1", 100), type: "agent.finished", status: "succeeded" }, prefix);
    await waitFor(async () => text.includes("agent.finished") && text.includes(": heartbeat"), "two events and a heartbeat");

    const frames = text.split("\n\n").filter((frame) => frame.includes("data: "));
    expect(frames).toHaveLength(2);
    const [first, second] = frames.map((frame) => Object.fromEntries(frame.split("\n").filter((l) => !l.startsWith(":") && !l.startsWith("retry")).map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 2)])));
    expect(first.event).toBe("agent.progress");
    expect(JSON.parse(first.data)).toEqual(event("run-1", 10));
    expect(second.event).toBe("agent.finished");
    expect(first.id).not.toBe(second.id);
    expect(text).not.toContain("other-shop");
    expect(text.startsWith("retry: 3000\n")).toBe(true);

    controller.abort();
    await pump; // the stream ends
    await waitFor(async () => (await subscribers(channel)) === 0, "the subscriber connection to close");
  });

  it("formats an event as one SSE frame", () => {
    expect(formatEvent(event("r", 5), "7")).toBe(`event: agent.progress\nid: 7\ndata: ${JSON.stringify(event("r", 5))}\n\n`);
  });
});
