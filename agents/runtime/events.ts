// Live shop events (run progress and ends, alerts raised by runs). Workers append them to a
// per-shop Redis stream, `<prefix>:events:<shop>`, capped at about a thousand entries and two days;
// the web app reads it for each browser with XREAD and forwards entries as Server-Sent Events whose
// ids are the stream ids. A browser that reconnects sends the last id back (Last-Event-ID) and gets
// what it missed, in order; only when the log was trimmed past that id is it told to reload.
import { createRedis, withTimeout, type Redis } from "../infra/redis";
import { DEFAULT_PREFIX, eventsLog } from "./names";

import type { ShopEvent } from "./event-types";

export type { AgentEvent, AlertEvent, RunStatus, ShopEvent, StoreArea, StoreChangedEvent } from "./event-types";
export { SHOP_EVENT_TYPES, STORE_AREAS } from "./event-types";

/** Entries kept per shop (approximately: Redis trims whole nodes) and how long an idle log lives. */
export const EVENT_LOG_LENGTH = 1000;
export const EVENT_LOG_TTL_SECONDS = 2 * 24 * 3600;

// When this process last pushed each log's expiry out: once a minute is plenty for a two-day TTL,
// and it keeps an event to one XADD on the hot path.
const expiryRefreshed = new Map<string, number>();

export async function publishEvent(
  redis: Redis,
  shop: string,
  event: ShopEvent,
  prefix = DEFAULT_PREFIX,
): Promise<string> {
  const key = eventsLog(shop, prefix);
  const id = (await redis.xadd(key, "MAXLEN", "~", EVENT_LOG_LENGTH, "*", "event", JSON.stringify(event)))!;
  const now = Date.now();
  if ((expiryRefreshed.get(key) ?? 0) < now - 60_000) {
    if (expiryRefreshed.size > 10_000) expiryRefreshed.clear();
    expiryRefreshed.set(key, now);
    await redis.expire(key, EVENT_LOG_TTL_SECONDS);
  }
  return id;
}

const STREAM_ID = /^\d{1,20}-\d{1,20}$/;

/** Orders two stream ids ("<ms>-<seq>"). */
export function compareStreamIds(a: string, b: string): number {
  const [am, as] = a.split("-").map(BigInt);
  const [bm, bs] = b.split("-").map(BigInt);
  return am !== bm ? (am < bm ? -1 : 1) : as === bs ? 0 : as < bs ? -1 : 1;
}

interface LogInfo {
  length: number;
  entriesAdded: number;
  lastGeneratedId: string;
  firstEntryId: string | null;
}

async function logInfo(redis: Redis, key: string): Promise<LogInfo | null> {
  let reply: unknown[];
  try {
    reply = (await redis.xinfo("STREAM", key)) as unknown[];
  } catch (error) {
    if (/no such key/i.test((error as Error).message)) return null;
    throw error;
  }
  const field = (name: string) => reply[reply.indexOf(name) + 1];
  const first = field("first-entry") as [string, string[]] | null;
  return {
    length: Number(field("length")),
    entriesAdded: Number(field("entries-added")),
    lastGeneratedId: String(field("last-generated-id")),
    firstEntryId: first ? first[0] : null,
  };
}

/**
 * Where a reader starts: after `lastEventId` (a reconnecting browser), or at the log's end (a new
 * one). `gap` says events after `lastEventId` may have been trimmed away, or the log was reset.
 */
export async function resumePoint(
  redis: Redis,
  key: string,
  lastEventId: string | null,
): Promise<{ cursor: string; gap: boolean }> {
  const last = lastEventId && STREAM_ID.test(lastEventId) ? lastEventId : null;
  const info = await logInfo(redis, key);
  if (!info) return { cursor: "0-0", gap: Boolean(lastEventId) && last !== "0-0" };
  if (!last) return { cursor: info.lastGeneratedId, gap: Boolean(lastEventId) };
  // An id this log never handed out: Redis was reset since.
  if (compareStreamIds(last, info.lastGeneratedId) > 0) return { cursor: info.lastGeneratedId, gap: true };
  const trimmed =
    info.entriesAdded > info.length && (info.firstEntryId === null || compareStreamIds(last, info.firstEntryId) < 0);
  return { cursor: last, gap: trimmed };
}

/** The id of the shop's newest event ("0-0" before any): where a page that just loaded its data resumes. */
export async function eventLogCursor(redis: Redis, shop: string, prefix = DEFAULT_PREFIX): Promise<string> {
  return (await resumePoint(redis, eventsLog(shop, prefix), null)).cursor;
}

export interface ShopEventReader {
  /** The id the reader starts after: the browser's resume point until the next event arrives. */
  readonly cursor: string;
  /** Some events after the browser's Last-Event-ID are gone from the log: its views should reload. */
  readonly gap: boolean;
  /** Delivers every event after the cursor, in order, until closed. */
  start(onEvent: (event: ShopEvent, id: string) => void): void;
  close(): void;
}

/**
 * Opens a dedicated (blocking) connection on one shop's event log; resolves once Redis answers, so
 * an outage is an error here rather than a silent stream. After a Redis restart the reader resumes
 * from its cursor.
 */
export async function openShopEvents(
  redisUrl: string,
  shop: string,
  options: { lastEventId?: string | null; prefix?: string; blockMs?: number } = {},
): Promise<ShopEventReader> {
  const key = eventsLog(shop, options.prefix);
  const redis = createRedis(redisUrl, { name: `events-reader:${shop}`, blocking: true });
  redis.on("error", () => {}); // reconnects on its own; the SSE heartbeat keeps the browser informed
  let point: { cursor: string; gap: boolean };
  try {
    if (redis.status !== "ready")
      await withTimeout(
        new Promise((resolve) => redis.once("ready", resolve)),
        5_000,
        "redis did not become ready for the event log",
      );
    point = await withTimeout(
      resumePoint(redis, key, options.lastEventId ?? null),
      5_000,
      "redis did not answer for the event log",
    );
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  let closed = false;
  let cursor = point.cursor;
  return {
    cursor: point.cursor,
    gap: point.gap,
    start(onEvent) {
      void (async () => {
        while (!closed) {
          let reply: [string, [string, string[]][]][] | null;
          try {
            reply = (await redis.xread(
              "COUNT",
              100,
              "BLOCK",
              options.blockMs ?? 10_000,
              "STREAMS",
              key,
              cursor,
            )) as typeof reply;
          } catch {
            if (closed) return;
            await new Promise((resolve) => setTimeout(resolve, 1_000));
            continue;
          }
          for (const [, entries] of reply ?? []) {
            for (const [id, fields] of entries) {
              cursor = id;
              if (closed) return;
              try {
                onEvent(JSON.parse(fields[fields.indexOf("event") + 1]) as ShopEvent, id);
              } catch {
                // Not ours to crash on: a malformed entry is skipped.
              }
            }
          }
        }
      })();
    },
    close() {
      closed = true;
      redis.disconnect();
    },
  };
}

export interface Subscription {
  close(): Promise<void>;
}

/** Every event of one shop from now on (tests and server-side listeners). */
export async function subscribeShopEvents(
  redisUrl: string,
  shop: string,
  onEvent: (event: ShopEvent) => void,
  prefix = DEFAULT_PREFIX,
): Promise<Subscription> {
  const reader = await openShopEvents(redisUrl, shop, { prefix });
  reader.start((event) => onEvent(event));
  return { close: async () => reader.close() };
}

export interface EventStreamOptions {
  redisUrl: string;
  shop: string;
  /** The request's signal: the stream and its Redis connection end when the client goes away. */
  signal: AbortSignal;
  /** The Last-Event-ID request header: replay what came after it. */
  lastEventId?: string | null;
  prefix?: string;
  heartbeatMs?: number;
}

/**
 * An SSE Response: a `ready` event whose id is the resume point, a `resync` event when the log no
 * longer holds everything after the browser's Last-Event-ID, then every event after it (`event:`,
 * `id:`, `data:` lines), with a `: heartbeat` comment every 15 s.
 */
export async function eventStreamResponse(options: EventStreamOptions): Promise<Response> {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const held: { reader?: ShopEventReader; heartbeat?: NodeJS.Timeout } = {};
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
    held.reader?.close();
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
  const reader = await openShopEvents(options.redisUrl, options.shop, {
    lastEventId: options.lastEventId,
    prefix: options.prefix,
  });
  held.reader = reader;
  options.signal.addEventListener("abort", stop, { once: true });
  if (options.signal.aborted) stop();
  // How long the browser waits before reconnecting, and its resume point even before any event.
  send(`retry: 3000\n: connected\n\nevent: ready\nid: ${reader.cursor}\ndata: {}\n\n`);
  if (reader.gap) send(`event: resync\ndata: {}\n\n`);
  if (!closed) {
    reader.start((event, id) => send(formatEvent(event, id)));
    held.heartbeat = setInterval(
      () => send(`: heartbeat ${new Date().toISOString()}\n\n`),
      options.heartbeatMs ?? 15_000,
    );
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
