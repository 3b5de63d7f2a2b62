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

/** Points taken from the shared budget at a time: a twentieth of the limit, 1 to 50. */
export const leaseSize = (points: number) => Math.max(1, Math.min(50, Math.floor(points / 20)));

interface Lease {
  /** Points taken from the shared budget and not used yet. */
  left: number;
  /** When the shared window they belong to ends (epoch ms): unused points are dropped then. */
  until: number;
}

/**
 * A limit whose budget is shared (Redis) but taken `lease` points at a time (ADR 0050): a call is
 * served from this process's lease, and only an empty one asks Redis, for `lease` more, so a
 * busy key costs one round trip per `lease` calls instead of one per call. Every point served was
 * first counted in the shared window, so all processes together never serve more than `points`
 * per window; a process may hold up to `lease - 1` points it does not use, so with P processes a
 * key may be refused after `points - P * (lease - 1)` calls at the earliest. Calls that arrive
 * while a lease is asked for wait for it instead of asking too.
 */
export function leasedCallLimiter(
  limiter: RateLimiterAbstract,
  lease = leaseSize(limiter.points),
  now: () => number = Date.now,
): CallLimiter {
  const leases = new Map<string, Lease>();
  const asking = new Map<string, Promise<void>>();

  /** Takes `lease` points from the shared budget; what the window still had is this process's lease. */
  const refill = async (key: string): Promise<LimitDecision> => {
    let res: RateLimiterRes;
    let refused = false;
    try {
      res = await limiter.consume(key, lease);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      // Refused: the window had fewer than `lease` points left, maybe some (the count includes
      // this request's). A refusal without a count over the limit (a block) grants nothing.
      res = error;
      refused = true;
    }
    const granted =
      refused && res.consumedPoints <= limiter.points
        ? 0
        : Math.max(0, Math.min(lease, limiter.points - (res.consumedPoints - lease)));
    if (leases.size >= 10_000) for (const [k, l] of leases) if (l.until <= now()) leases.delete(k);
    leases.set(key, { left: granted, until: now() + res.msBeforeNext });
    return granted > 0 ? { ok: true } : { ok: false, retryAfterMs: res.msBeforeNext };
  };

  return {
    async consume(key) {
      for (;;) {
        const held = leases.get(key);
        if (held && held.left > 0 && now() < held.until) {
          held.left--;
          return { ok: true };
        }
        const pending = asking.get(key);
        if (pending) {
          await pending;
          continue;
        }
        let decided!: LimitDecision;
        const ask = refill(key).then((decision) => void (decided = decision));
        asking.set(key, ask);
        try {
          await ask;
        } finally {
          asking.delete(key);
        }
        if (!decided.ok) return decided;
        // This call takes the first point of the lease it asked for.
        const fresh = leases.get(key)!;
        fresh.left--;
        return { ok: true };
      }
    },
  };
}
