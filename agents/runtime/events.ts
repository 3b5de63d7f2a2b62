// Live shop events (run progress and ends, alerts raised by runs): workers publish to
// `<prefix>:events:<shop>`; the web app streams them to the browser as Server-Sent Events over a
// dedicated subscriber connection per client.
import { createRedis, withTimeout, type Redis } from "../infra/redis";
import { DEFAULT_PREFIX, eventsChannel } from "./names";

import type { ShopEvent } from "./event-types";

export type { AgentEvent, AlertEvent, RunStatus, ShopEvent } from "./event-types";
export { SHOP_EVENT_TYPES } from "./event-types";

export async function publishEvent(redis: Redis, shop: string, event: ShopEvent, prefix = DEFAULT_PREFIX): Promise<void> {
  await redis.publish(eventsChannel(shop, prefix), JSON.stringify(event));
}

export interface Subscription {
  close(): Promise<void>;
}

/** Subscribes a new connection to one shop's events; resolves once the subscription is live. */
export async function subscribeShopEvents(redisUrl: string, shop: string, onEvent: (event: ShopEvent) => void, prefix = DEFAULT_PREFIX): Promise<Subscription> {
  const subscriber = createRedis(redisUrl, { name: "events-subscriber" });
  subscriber.on("error", () => {}); // reconnects on its own; the stream's heartbeat keeps the client informed
  const channel = eventsChannel(shop, prefix);
  try {
    if (subscriber.status !== "ready") await withTimeout(new Promise((resolve) => subscriber.once("ready", resolve)), 5_000, "redis did not become ready for the event subscription");
    await subscriber.subscribe(channel);
  } catch (error) {
    subscriber.disconnect();
    throw error;
  }
  subscriber.on("message", (from: string, text: string) => {
    if (from !== channel) return;
    try {
      onEvent(JSON.parse(text) as ShopEvent);
    } catch {
      // Not ours to crash on: a malformed message is skipped.
    }
  });
  return {
    async close() {
      subscriber.disconnect();
    },
  };
}

export interface EventStreamOptions {
  redisUrl: string;
  shop: string;
  /** The request's signal: the stream and its Redis connection end when the client goes away. */
  signal: AbortSignal;
  prefix?: string;
  heartbeatMs?: number;
}

/**
 * An SSE Response (`event:`, `id:`, `data:` lines; a `: heartbeat` comment every 15 s). Resolves
 * once the Redis subscription is live, so a Redis outage is an error here, not a silent stream.
 */
export async function eventStreamResponse(options: EventStreamOptions): Promise<Response> {
  const encoder = new TextEncoder();
  let sequence = 0;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  // Filled in once live; stop() may run before (the client left while we subscribed).
  const held: { subscription?: Subscription; heartbeat?: NodeJS.Timeout } = {};
  let closed = false;

  const send = (text: string) => {
    if (closed) return;
    try {
      controller.enqueue(encoder.encode(text));
    } catch {
      stop();
    }
  };
  const stop = () => {
    if (closed) return;
    closed = true;
    clearInterval(held.heartbeat);
    options.signal.removeEventListener("abort", stop);
    void held.subscription?.close();
    try {
      controller.close();
    } catch {
      // already closed or cancelled by the consumer
    }
  };

  const stream = new ReadableStream<Uint8Array>({
    start: (c) => void (controller = c),
    cancel: stop,
  });
  held.subscription = await subscribeShopEvents(options.redisUrl, options.shop, (event) => send(formatEvent(event, `${Date.now()}-${++sequence}`)), options.prefix);
  if (closed) void held.subscription.close();
  options.signal.addEventListener("abort", stop, { once: true });
  if (options.signal.aborted) stop();
  // How long the browser waits before reconnecting, and a first comment so it sees the stream open.
  send(`retry: 3000\n: connected\n\n`);
  if (!closed) {
    held.heartbeat = setInterval(() => send(`: heartbeat ${new Date().toISOString()}\n\n`), options.heartbeatMs ?? 15_000);
    held.heartbeat.unref?.();
  }

  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      // Stops proxies (nginx) from buffering the stream.
      "X-Accel-Buffering": "no",
    },
  });
}

export function formatEvent(event: ShopEvent, id: string): string {
  return `event: ${event.type}\nid: ${id}\ndata: ${JSON.stringify(event)}\n\n`;
}
