// Scores the shop's promotions as calendar events on a generated store's own history (the
// emulator's generator: trend, weekly and yearly seasonality, and promotions whose codes customers
// enter, each lifting demand for a few days). Shared by bench/forecast-promotions.ts and the test.
//
// For weekly origins, daily revenue and units are forecast `horizon` days ahead from the history
// before the origin with three calendars:
//   - holidays: retailCalendar alone (Black Friday to Cyber Monday, the Christmas weeks);
//   - past: + the campaign periods of the codes used before the origin (what the mirror knows):
//     the spikes are left out of fitting, nothing is assumed about the horizon;
//   - scheduled: + the promotion days inside the horizon too (a merchant who has scheduled the next
//     sale; Shopify codes carry their start and end in advance).
import type { SeedStore } from "@royal-equips/emulator/seed";
import { forecastSeries, retailCalendar } from "../index";
import { promotionPeriods, type DiscountCodeUse } from "../promotions";
import { DAY_MS, isoDay } from "../../core/time";

export type PromotionCalendar = "holidays" | "past" | "scheduled";
export const PROMOTION_CALENDARS: PromotionCalendar[] = ["holidays", "past", "scheduled"];

export interface PromotionScores {
  /** RMSSE per series-origin and calendar: every origin, those with a promotion in the 28 days before, in the horizon. */
  all: Record<PromotionCalendar, number[]>;
  after: Record<PromotionCalendar, number[]>;
  ahead: Record<PromotionCalendar, number[]>;
}

export function newPromotionScores(): PromotionScores {
  const empty = (): Record<PromotionCalendar, number[]> => ({ holidays: [], past: [], scheduled: [] });
  return { all: empty(), after: empty(), ahead: empty() };
}

export interface StoreHistory {
  startDate: string;
  revenue: number[];
  units: number[];
  uses: DiscountCodeUse[];
}

/** Daily revenue, units and code uses of a generated store on its shop-local days (New York). */
export function storeHistory(store: SeedStore, endDate: string, days: number): StoreHistory {
  const localDay = new Intl.DateTimeFormat("en-CA", { timeZone: store.shop.ianaTimezone });
  const start = Date.parse(`${endDate}T00:00:00Z`) - (days - 1) * DAY_MS;
  const revenue = new Array<number>(days).fill(0);
  const units = new Array<number>(days).fill(0);
  const uses = new Map<string, DiscountCodeUse>();
  for (const o of store.orders) {
    if (o.cancelledAt) continue;
    const day = localDay.format(new Date(o.createdAt));
    const t = Math.round((Date.parse(`${day}T00:00:00Z`) - start) / DAY_MS);
    if (t < 0 || t >= days) continue;
    revenue[t] += o.totalPrice;
    units[t] += o.lineItems.reduce((n, li) => n + li.quantity, 0);
    if (o.discountCodes.length === 0) continue;
    const codes = o.discountCodes.join(",");
    const u = uses.get(`${codes}|${day}`) ?? { codes, day, orders: 0 };
    u.orders++;
    uses.set(`${codes}|${day}`, u);
  }
  return { startDate: isoDay(start), revenue, units, uses: [...uses.values()] };
}

/** Scores weekly origins from `firstOrigin` (day index) to the end; adds to `scores`. */
export function scorePromotionCalendars(
  h: StoreHistory,
  scores: PromotionScores,
  opts: { horizon: number; firstOrigin: number; series?: ("revenue" | "units")[] },
): void {
  const { horizon } = opts;
  const days = h.revenue.length;
  const start = Date.parse(`${h.startDate}T00:00:00Z`);
  const dayOf = (t: number) => isoDay(start + t * DAY_MS);
  const index = (day: string) => Math.round((Date.parse(`${day}T00:00:00Z`) - start) / DAY_MS);
  for (let cut = opts.firstOrigin; cut + horizon <= days; cut += 7) {
    const before = promotionPeriods(h.uses.filter((u) => u.day < dayOf(cut)));
    // Scheduled: the campaigns as they ran, known for the horizon too.
    const scheduled = promotionPeriods(h.uses.filter((u) => u.day < dayOf(cut + horizon)));
    const promo = new Array<boolean>(cut + horizon).fill(false);
    for (const p of scheduled)
      for (let t = Math.max(0, index(p.from)); t <= Math.min(cut + horizon - 1, index(p.to)); t++) promo[t] = true;
    const after = promo.slice(Math.max(0, cut - 28), cut).some(Boolean);
    const ahead = promo.slice(cut, cut + horizon).some(Boolean);
    const calendars: Record<PromotionCalendar, (string | null)[]> = {
      holidays: retailCalendar(h.startDate, cut + horizon),
      past: retailCalendar(h.startDate, cut + horizon, before),
      scheduled: retailCalendar(h.startDate, cut + horizon, scheduled),
    };
    for (const name of opts.series ?? ["revenue", "units"]) {
      const y = h[name];
      const history = y.slice(0, cut);
      const future = y.slice(cut, cut + horizon);
      let scale = 0;
      for (let t = 1; t < cut; t++) scale += (history[t] - history[t - 1]) ** 2;
      scale /= cut - 1;
      for (const c of PROMOTION_CALENDARS) {
        const r = forecastSeries(history, { horizon, events: calendars[c] });
        if (!r.ok) throw new Error(r.message);
        const e = Math.sqrt(future.reduce((a, v, j) => a + (v - r.forecast[j]) ** 2, 0) / horizon / scale);
        scores.all[c].push(e);
        if (after) scores.after[c].push(e);
        if (ahead) scores.ahead[c].push(e);
      }
    }
  }
}
