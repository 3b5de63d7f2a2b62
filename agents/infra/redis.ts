// The one way to open a Redis connection, for BullMQ and for the app (pub/sub, rate limits, health).
import { Redis, type RedisOptions } from "ioredis";

export type { Redis } from "ioredis";

export interface RedisConnectionOptions {
  /** BullMQ workers need blocking commands to wait forever (maxRetriesPerRequest: null). */
  blocking?: boolean;
  /** A name that shows up in CLIENT LIST, to tell connections apart. */
  name?: string;
}

export function createRedis(url: string, options: RedisConnectionOptions = {}): Redis {
  const redisOptions: RedisOptions = {
    connectionName: options.name ? `royal-equips:${options.name}` : "royal-equips",
    maxRetriesPerRequest: options.blocking ? null : 2,
    enableOfflineQueue: options.blocking ?? false,
    lazyConnect: false,
    // Reconnect with capped backoff; never give up (a restarted Redis must be picked up again).
    retryStrategy: (attempt) => Math.min(attempt * 200, 5_000),
  };
  return new Redis(url, redisOptions);
}

/** Redis cannot be reached (down, reconnecting, or not answering in time): requests fail fast with this. */
export class RedisUnavailable extends Error {
  constructor(what: string, detail: string) {
    super(`Redis is not reachable (${what}: ${detail})`);
    this.name = "RedisUnavailable";
  }
}

/**
 * Runs a Redis call within a deadline: a request must not hang while Redis is down (BullMQ waits
 * for the connection to be ready, ioredis for a reconnect). A connection still connecting (a new
 * process, a reconnect in progress) gets the deadline to become ready; a closed one fails at once.
 */
export async function withRedis<T>(redis: Redis, what: string, call: () => Promise<T>, timeoutMs = 2_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  if (redis.status === "end") throw new RedisUnavailable(what, "connection is closed");
  if (redis.status !== "ready") {
    let onReady!: () => void;
    const ready = new Promise<void>((resolve) => redis.once("ready", (onReady = resolve)));
    try {
      await withTimeout(ready, timeoutMs, `not connected within ${timeoutMs} ms (${redis.status})`);
    } catch (error) {
      redis.off("ready", onReady);
      throw new RedisUnavailable(what, (error as Error).message);
    }
  }
  const left = Math.max(1, deadline - Date.now());
  try {
    return await withTimeout(call(), left, `no answer within ${timeoutMs} ms`);
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    // Connection-level failures only; a command's own error is not "Redis is down".
    if (
      /no answer within|Connection is closed|Stream isn't writeable|ECONNREFUSED|ECONNRESET|ETIMEDOUT|max retries/i.test(
        message,
      )
    )
      throw new RedisUnavailable(what, message);
    throw error;
  }
}

/**
 * PING with a deadline: used by /readyz so a hung Redis cannot hang the probe. A connection still
 * connecting (a probe right after the process starts, a reconnect under way) gets the deadline to
 * become ready: failing at once would report a Redis that is up as down.
 */
export async function pingRedis(redis: Redis, timeoutMs = 1_000): Promise<void> {
  await withRedis(redis, "PING", () => redis.ping(), timeoutMs);
}

export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]);
}
