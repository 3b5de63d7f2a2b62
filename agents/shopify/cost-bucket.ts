// The client's model of a shop's query-cost bucket (Shopify's leaky bucket of points). Shopify
// reports the bucket after every request in extensions.cost.throttleStatus; between reports the
// model refills it at restoreRate, so the client can wait *before* a request until the bucket
// should hold its cost, instead of being throttled and retrying.

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface BucketModelOptions {
  /** Known bucket size; when omitted the model learns it from the first response. */
  maximumAvailable?: number;
  restoreRate?: number;
  /** Milliseconds added to every computed wait: the server floors its level and replies late. */
  marginMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * What the Admin client needs of a shop's bucket: the in-process model below, or the one shared
 * by every process through Redis (./shared-bucket.ts).
 */
export interface CostBucket {
  readonly limits: { maximumAvailable: number; restoreRate: number } | null;
  /** Milliseconds spent waiting for points, for reporting. */
  readonly waitedMs: number;
  /** Waits until the bucket should hold the cost, charges it and returns what was charged. */
  acquire(estimate: number | null | (() => number | null)): Promise<number>;
  /** Shopify's report after a request that was charged `charge.charged` and cost `charge.actual`. */
  observe(status: ThrottleStatus, charge?: { charged: number; actual: number | null }): void | Promise<void>;
  refund(points: number): void | Promise<void>;
  settle(): void;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

export class CostBucketModel implements CostBucket {
  private max: number | null;
  private rate: number | null;
  private level: number;
  private at: number;
  /** Requests wait in order: a large request is not starved by a stream of small ones. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly marginMs: number;
  /** Before the first report one request goes alone; the others wait for what it teaches. */
  private probe: { done: Promise<void>; resolve: () => void } | null = null;
  /** Milliseconds spent waiting for points, for reporting. */
  waitedMs = 0;

  constructor(options: BucketModelOptions = {}) {
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? sleep;
    this.marginMs = options.marginMs ?? 3;
    this.max = options.maximumAvailable ?? null;
    this.rate = options.restoreRate ?? null;
    this.level = this.max ?? 0;
    this.at = this.now();
  }

  /** Known bucket parameters, or null before the first report. */
  get limits(): { maximumAvailable: number; restoreRate: number } | null {
    return this.max != null && this.rate != null ? { maximumAvailable: this.max, restoreRate: this.rate } : null;
  }

  /** Points the bucket should hold now. */
  available(): number {
    if (this.max == null || this.rate == null) return Number.POSITIVE_INFINITY;
    const now = this.now();
    this.level = Math.min(this.max, this.level + ((now - this.at) / 1000) * this.rate);
    this.at = now;
    return this.level;
  }

  /**
   * Waits until the bucket should hold `cost` points, then charges them. An unknown cost (a
   * document never sent before) waits for a full bucket, the only level sure to be enough. A
   * function is asked again after each wait: a request queued behind the first of its kind learns
   * that one's cost.
   */
  acquire(estimate: number | null | (() => number | null)): Promise<number> {
    const turn = this.queue.then(async () => {
      for (;;) {
        const limits = this.limits;
        if (!limits) {
          if (this.probe) {
            await this.probe.done;
            continue;
          }
          let resolve!: () => void;
          const done = new Promise<void>((r) => (resolve = r));
          this.probe = { done, resolve };
          return 0; // nothing known yet: this request's response will teach us
        }
        const cost = typeof estimate === "function" ? estimate() : estimate;
        const need = Math.min(cost ?? limits.maximumAvailable, limits.maximumAvailable);
        const deficit = need - this.available();
        if (deficit <= 0) {
          this.level -= need;
          return need;
        }
        const ms = (deficit / limits.restoreRate) * 1000 + this.marginMs;
        this.waitedMs += ms;
        await this.sleep(ms);
      }
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** The server's report is the truth: reset the model to it. */
  observe(status: ThrottleStatus): void {
    this.max = status.maximumAvailable;
    this.rate = status.restoreRate;
    this.level = status.currentlyAvailable;
    this.at = this.now();
    this.settle();
  }

  /**
   * A request failed without a report (a 5xx, a reset): give back what acquire charged, or an
   * unknown cost's full bucket would make the next request wait for the whole bucket to refill.
   */
  refund(points: number): void {
    if (this.max != null) {
      this.available();
      this.level = Math.min(this.max, this.level + points);
    }
    this.settle();
  }

  /** A request ended (with or without a report): let waiters behind a probe go on. */
  settle(): void {
    const probe = this.probe;
    this.probe = null;
    probe?.resolve();
  }
}
