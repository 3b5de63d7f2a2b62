// The period a report covers: given days, or by default the last 90 days of synced sales.
import type { Db } from "../db/client";
import { addDays } from "../core/time";

export const DEFAULT_PERIOD_DAYS = 90;

export interface Period {
  /** ISO days, inclusive. */
  from: string;
  to: string;
}

export type PeriodResolution =
  | { ok: true; period: Period; lastSaleDay: string; currency: string | null }
  | { ok: false; code: "invalid_input" | "insufficient_data"; message: string; hint: string };

/**
 * `to` defaults to the day of the newest synced order (not today: a mirror synced last week still
 * answers "the last 90 days" with 90 days of sales), `from` to 89 days before `to`.
 */
export async function resolvePeriod(
  db: Db,
  shop: string,
  input: { from?: string; to?: string },
): Promise<PeriodResolution> {
  const newest = await db.mirrorOrder.findFirst({
    where: { shop },
    orderBy: { createdAt: "desc" },
    select: { localDay: true, currencyCode: true },
  });
  if (!newest) {
    return {
      ok: false,
      code: "insufficient_data",
      message: "No orders are synced for this shop yet, so there is nothing to analyse.",
      hint: "Sync the store first (run the store-sync agent).",
    };
  }
  // The shop-local day of the newest order (days are the shop's, as everywhere: window.ts).
  const lastSaleDay = newest.localDay;
  const to = input.to ?? lastSaleDay;
  const from = input.from ?? addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
  if (from > to) {
    const why = input.to ? "" : ` (to defaults to ${lastSaleDay}, the day of the newest synced order)`;
    return {
      ok: false,
      code: "invalid_input",
      message: `from (${from}) is after to (${to})${why}.`,
      hint: "Send from on or before to, as YYYY-MM-DD days.",
    };
  }
  return { ok: true, period: { from, to }, lastSaleDay, currency: newest.currencyCode };
}
