// Numeric ids for seed records. Each resource type counts up from its own base so that an id of
// one type never collides with another (a mixed-up lookup fails instead of finding a wrong row),
// and the values look like real Shopify ids (13 digits) while staying far below 2^53.

export const ID_BASE = {
  product: 7_100_000_000_000,
  variant: 4_300_000_000_000,
  inventoryItem: 4_500_000_000_000,
  collection: 2_900_000_000_000,
  customer: 6_800_000_000_000,
  order: 5_600_000_000_000,
  lineItem: 13_900_000_000_000,
  refund: 9_200_000_000_000,
  discountCode: 1_700_000_000_000,
  location: 61_000_000_000,
} as const;

export type IdKind = keyof typeof ID_BASE;

/** Hands out sequential ids per resource type: base + 1, base + 2, ... */
export class IdAllocator {
  private readonly counters: Record<IdKind, number>;

  constructor(start: Partial<Record<IdKind, number>> = {}) {
    this.counters = { ...ID_BASE, ...start };
  }

  next(kind: IdKind): number {
    this.counters[kind] += 1;
    return this.counters[kind];
  }

  /** The last id handed out for `kind` (the base when none yet). */
  peek(kind: IdKind): number {
    return this.counters[kind];
  }
}
