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

/** PING with a deadline: used by /readyz so a hung Redis cannot hang the probe. */
export async function pingRedis(redis: Redis, timeoutMs = 1_000): Promise<void> {
  if (redis.status !== "ready") throw new Error(`redis connection is ${redis.status}`);
  await withTimeout(redis.ping(), timeoutMs, "redis PING timed out");
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
