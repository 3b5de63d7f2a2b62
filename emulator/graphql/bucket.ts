// Shopify's leaky bucket of query cost points, one per access token.
export interface BucketOptions {
  /** Points the bucket holds when full (Shopify standard plan: 2000). */
  max: number;
  /** Points restored per second (Shopify standard plan: 100). */
  restoreRate: number;
}

export const DEFAULT_BUCKET: BucketOptions = { max: 2000, restoreRate: 100 };

export class CostBucket {
  private level: number;
  private at: number;

  constructor(
    readonly options: BucketOptions,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.level = options.max;
    this.at = clock();
  }

  /** Points available now, after refilling for the time elapsed. */
  available(): number {
    const now = this.clock();
    this.level = Math.min(this.options.max, this.level + ((now - this.at) / 1000) * this.options.restoreRate);
    this.at = now;
    return this.level;
  }

  /** Takes `cost` points if the bucket holds them; false (nothing taken) otherwise. */
  take(cost: number): boolean {
    if (this.available() < cost) return false;
    this.level -= cost;
    return true;
  }

  /** Gives back points taken in excess (requested cost − actual cost). */
  refund(points: number): void {
    this.level = Math.min(this.options.max, this.available() + Math.max(0, points));
  }

  status() {
    return {
      maximumAvailable: this.options.max,
      currentlyAvailable: Math.floor(this.available()),
      restoreRate: this.options.restoreRate,
    };
  }
}
