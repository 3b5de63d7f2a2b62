// The app's Redis connection (rate limits, pub/sub publishing, readiness), one per process.
import { createRedis, type Redis } from "../agents/infra/redis";
import { env } from "../config/env.server";

declare global {
  var __royalEquipsRedis: Redis | undefined;
}

function connect(): Redis {
  const redis = createRedis(env().REDIS_URL, { name: "web" });
  // Connection errors are reported by /readyz; without a listener ioredis would log each retry.
  redis.on("error", () => {});
  return redis;
}

export const redis: Redis = (globalThis.__royalEquipsRedis ??= connect());
