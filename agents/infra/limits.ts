// Rate limits for every surface (MCP calls, AIRA turns): Redis when the process has it, so that
// all web processes share one budget, with an in-memory insurance limit during a Redis outage.
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Redis } from "./redis";

export type LimitDecision = { ok: true } | { ok: false; retryAfterMs: number };

export interface CallLimiter {
  /** Takes one call from `key`'s budget. */
  consume(key: string): Promise<LimitDecision>;
}

export interface LimitOptions {
  /** Calls allowed per window. */
  points: number;
  durationSeconds: number;
  keyPrefix: string;
}

/**
 * Redis when the app has it (shared by every web process), else memory (stdio: one process, one
 * merchant). A Redis outage falls back to an in-memory limit (insurance), never to no limit.
 */
export function createLimiter(options: LimitOptions, redis?: Redis | null): RateLimiterAbstract {
  const base = { points: options.points, duration: options.durationSeconds, keyPrefix: options.keyPrefix };
  if (!redis) return new RateLimiterMemory(base);
  return new RateLimiterRedis({ ...base, storeClient: redis, insuranceLimiter: new RateLimiterMemory(base) });
}

export function callLimiter(limiter: RateLimiterAbstract): CallLimiter {
  return {
    async consume(key) {
      try {
        await limiter.consume(key);
        return { ok: true };
      } catch (error) {
        if (error instanceof RateLimiterRes) return { ok: false, retryAfterMs: error.msBeforeNext };
        throw error;
      }
    },
  };
}
