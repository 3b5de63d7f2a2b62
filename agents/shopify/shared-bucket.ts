// A shop's cost bucket shared by every process (web and workers) through Redis. Shopify keeps one
// bucket per shop and app; a model per process lets three workers each believe they own it, so
// together they overdraw it and get THROTTLED. Here the level lives in one Redis hash per shop,
// refilled and charged by Lua scripts on Redis's clock (TIME), so no process's clock matters.
//
// Each process keeps its own FIFO turn (a large request is not starved by small ones of the same
// process) and its own probe before the first report; across processes the bucket, not the order,
// is shared. When Redis cannot be reached within a short deadline the process falls back to its
// own in-memory model (fed every report meanwhile), so a Redis outage slows nothing down: it only
// loses the sharing until Redis is back.
import type { Redis } from "ioredis";
import { withRedis } from "../infra/redis";
import { CostBucketModel, sleep, type CostBucket, type ThrottleStatus } from "./cost-bucket";

/** Refill to now, then charge ARGV[1] points if held: {1, charged} or {0, ms to wait}; {-1} when nothing is known yet. */
const ACQUIRE = `
local h = redis.call('HMGET', KEYS[1], 'max', 'rate', 'level', 'at')
if not h[1] then return {-1} end
local max, rate = tonumber(h[1]), tonumber(h[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local level = math.min(max, tonumber(h[3]) + (now - tonumber(h[4])) / 1000 * rate)
local need = tonumber(ARGV[1])
if need < 0 or need > max then need = max end
if level >= need then
  redis.call('HSET', KEYS[1], 'level', tostring(level - need), 'at', now)
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return {1, need}
end
redis.call('HSET', KEYS[1], 'level', tostring(level), 'at', now)
return {0, math.ceil((need - level) / rate * 1000)}
`;

/**
 * A report from Shopify. The model already charged this request and every request still in flight
 * (of any process); Shopify's figure has charged only what it processed. So the level becomes the
 * lower of Shopify's figure and the model's corrected by this request's charged − actual cost
 * (positive: over-charged, given back; negative: a probe sent before the bucket was known, charged
 * now): never above what Shopify says, never giving back in-flight requests' points. The first
 * report of a shop takes Shopify's figure as it is.
 * ARGV: max, rate, currentlyAvailable, charged − actual, ttl.
 */
const OBSERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local max, rate, reported = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local h = redis.call('HMGET', KEYS[1], 'level', 'at')
local level = reported
if h[1] then
  local model = math.min(max, tonumber(h[1]) + (now - tonumber(h[2])) / 1000 * rate)
  level = math.min(reported, model + tonumber(ARGV[4]))
end
redis.call('HSET', KEYS[1], 'max', max, 'rate', rate, 'level', tostring(level), 'at', now)
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
`;

/** Gives back ARGV[1] points (a request that failed without a report). */
const REFUND = `
local h = redis.call('HMGET', KEYS[1], 'max', 'rate', 'level', 'at')
if not h[1] then return 0 end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local max, rate = tonumber(h[1]), tonumber(h[2])
local level = math.min(max, tonumber(h[3]) + (now - tonumber(h[4])) / 1000 * rate + tonumber(ARGV[1]))
redis.call('HSET', KEYS[1], 'level', tostring(level), 'at', now)
return 1
`;

export interface SharedBucketOptions {
  /** Key prefix (tests use a random one). Default "royal-equips". */
  prefix?: string;
  /** Deadline of each Redis call; past it this process uses its own model. Default 500 ms. */
  redisTimeoutMs?: number;
  /** Milliseconds added to every wait (Shopify floors its level and replies late). Default 3. */
  marginMs?: number;
  /** A bucket untouched this long is forgotten (an uninstalled shop). Default 1 hour. */
  ttlMs?: number;
  onFallback?: (error: Error) => void;
}

export function sharedBucketKey(shop: string, prefix = "royal-equips"): string {
  return `${prefix}:cost-bucket:{${shop}}`;
}

export class SharedCostBucket implements CostBucket {
  private readonly key: string;
  private readonly timeoutMs: number;
  private readonly marginMs: number;
  private readonly ttlMs: number;
  /** This process's own model: the limits it learned, and the bucket while Redis is unreachable. */
  private readonly local: CostBucketModel;
  private queue: Promise<unknown> = Promise.resolve();
  private probe: { done: Promise<void>; resolve: () => void } | null = null;
  waitedMs = 0;
  /** Redis calls that failed or timed out, for reporting. */
  fallbacks = 0;
  private healthy = true;

  constructor(
    private readonly redis: Redis,
    shop: string,
    private readonly options: SharedBucketOptions = {},
  ) {
    this.key = sharedBucketKey(shop, options.prefix);
    this.timeoutMs = options.redisTimeoutMs ?? 500;
    this.marginMs = options.marginMs ?? 3;
    this.ttlMs = options.ttlMs ?? 3_600_000;
    this.local = new CostBucketModel({ marginMs: this.marginMs });
  }

  get limits() {
    return this.local.limits;
  }

  // A connection still connecting (a process that just started) gets the deadline to become
  // ready, so a start-up is not reported as an outage; a closed one falls back at once.
  private async call(script: string, args: (string | number)[]): Promise<unknown> {
    const answer = await withRedis(
      this.redis,
      "shared cost bucket",
      () => this.redis.eval(script, 1, this.key, ...args),
      this.timeoutMs,
    );
    this.healthy = true;
    return answer;
  }

  private fellBack(error: unknown) {
    this.fallbacks++;
    // Said once per outage, not once per request.
    if (this.healthy) this.options.onFallback?.(error as Error);
    this.healthy = false;
  }

  acquire(estimate: number | null | (() => number | null)): Promise<number> {
    const turn = this.queue.then(async () => {
      for (;;) {
        const cost = typeof estimate === "function" ? estimate() : estimate;
        let answer: [number, number?];
        try {
          answer = (await this.call(ACQUIRE, [cost ?? -1, this.ttlMs])) as [number, number?];
        } catch (error) {
          this.fellBack(error);
          return this.local.acquire(estimate);
        }
        if (answer[0] === 1) return answer[1]!;
        if (answer[0] === -1) {
          // Nobody has reported this shop's bucket yet: one request of this process goes alone.
          if (this.probe) {
            await this.probe.done;
            continue;
          }
          let resolve!: () => void;
          this.probe = { done: new Promise<void>((r) => (resolve = r)), resolve };
          return 0;
        }
        const ms = answer[1]! + this.marginMs;
        this.waitedMs += ms;
        await sleep(ms);
      }
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  async observe(status: ThrottleStatus, charge?: { charged: number; actual: number | null }): Promise<void> {
    this.local.observe(status);
    // A THROTTLED answer (no actual cost) cost nothing: everything charged comes back.
    const correction = charge ? charge.charged - (charge.actual ?? 0) : 0;
    try {
      await this.call(OBSERVE, [
        status.maximumAvailable,
        status.restoreRate,
        status.currentlyAvailable,
        correction,
        this.ttlMs,
      ]);
    } catch (error) {
      this.fellBack(error);
    } finally {
      this.settle();
    }
  }

  async refund(points: number): Promise<void> {
    this.local.refund(points);
    try {
      if (points > 0) await this.call(REFUND, [points]);
    } catch (error) {
      this.fellBack(error);
    } finally {
      this.settle();
    }
  }

  settle(): void {
    const probe = this.probe;
    this.probe = null;
    probe?.resolve();
  }
}
