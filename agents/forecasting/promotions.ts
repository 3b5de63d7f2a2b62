// The shop's past promotions, read from the discount codes its orders used: a code whose uses all
// fall within a few weeks is a campaign (a sale, a flash code, Black Friday), and the days from its
// first to its last use are a promotion period for the forecast's calendar (events.ts). Codes used
// all year round (a welcome code, a staff code) are not promotions: they do not move a day's sales.
// Pure: the mirror query that feeds it is agents/data/promotions.ts.
import { fromEpochDay } from "../core/time";
import { parseIsoDay } from "./validate";

/** Orders per day and combination of codes, as MirrorOrder.discountCodes holds them ("A,B"). */
export interface DiscountCodeUse {
  /** Comma-separated codes of the orders (one order may use several). */
  codes: string;
  /** The shop's local day, YYYY-MM-DD. */
  day: string;
  orders: number;
}

export interface PastPromotion {
  code: string;
  /** First and last day the code was used (inclusive). */
  from: string;
  to: string;
  orders: number;
}

/** Longest span of use for a campaign code; longer-lived codes are part of ordinary days. */
export const MAX_PROMOTION_DAYS = 31;
/** A code used on fewer orders is too little evidence of a campaign (a one-off code for a customer). */
export const MIN_PROMOTION_ORDERS = 5;

/** Campaign codes and their periods, oldest first (ties by code). Codes compare case-insensitively, as Shopify's do. */
export function promotionPeriods(uses: readonly DiscountCodeUse[]): PastPromotion[] {
  const byCode = new Map<string, { name: string; first: number; last: number; orders: number }>();
  for (const use of uses) {
    const day = parseIsoDay(use.day, "day");
    for (const raw of use.codes.split(",")) {
      const name = raw.trim();
      if (!name) continue;
      const key = name.toUpperCase();
      const c = byCode.get(key);
      if (!c) byCode.set(key, { name, first: day, last: day, orders: use.orders });
      else {
        c.first = Math.min(c.first, day);
        c.last = Math.max(c.last, day);
        c.orders += use.orders;
      }
    }
  }
  return [...byCode.values()]
    .filter((c) => c.last - c.first + 1 <= MAX_PROMOTION_DAYS && c.orders >= MIN_PROMOTION_ORDERS)
    .sort((a, b) => a.first - b.first || a.name.localeCompare(b.name))
    .map((c) => ({ code: c.name, from: fromEpochDay(c.first), to: fromEpochDay(c.last), orders: c.orders }));
}
