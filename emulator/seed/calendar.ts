// The demand calendar: one multiplier per local day shared by every variant,
// multiplier = trend * weekly * yearly * promotion, plus the promotions (discount codes) behind
// the promotion factor. Weekly and yearly factors have mean 1, the trend is 1 on the last day,
// so a variant's baseDailyDemand is its mean daily units "today" at its reference price.

import { DAY_MS, dayOfWeek, dayOfYear, formatIsoDate, timeZoneOffsetMinutes, zonedToUtcMs } from "./dates";
import { type IdAllocator } from "./ids";
import { type Rng } from "./random";
import type { SeedDemandDay, SeedDiscountCode } from "./types";

/** Online demand dips at the weekend (Sunday = 0). Normalised to mean 1 below. */
const WEEKLY_RAW = [0.8, 1.08, 1.1, 1.06, 1.04, 0.98, 0.78];
const WEEKLY = WEEKLY_RAW.map((w) => (w * 7) / WEEKLY_RAW.reduce((a, b) => a + b, 0));

/** Yearly shape by day of year: holiday bump peaking early December, January and summer dips. */
function yearlyRaw(doy: number): number {
  const bump = (centre: number, width: number) => {
    let d = Math.abs(doy - centre);
    d = Math.min(d, 365 - d); // wraps around new year
    return Math.exp(-0.5 * (d / width) ** 2);
  };
  return 1 + 0.6 * bump(338, 20) + 0.15 * bump(300, 25) - 0.12 * bump(200, 35) - 0.15 * bump(18, 12);
}
const YEARLY_MEAN = (() => {
  let s = 0;
  for (let d = 0; d < 365; d++) s += yearlyRaw(d);
  return s / 365;
})();

export interface Promotion {
  code: string;
  title: string;
  startDay: number; // inclusive day index
  endDay: number; // exclusive day index
  percentage: number | null;
  amount: number | null;
  /** Minimum merchandise total for a fixed-amount code. */
  minimumSubtotal: number;
  lift: number;
  /** Share of the promotion's orders that enter the code. */
  redemption: number;
}

export interface DemandCalendar {
  days: number;
  /** UTC-midnight epoch ms of the first local date (calendar arithmetic only). */
  startMs: number;
  dates: string[];
  trend: Float64Array;
  weekly: Float64Array;
  yearly: Float64Array;
  promotion: Float64Array;
  multiplier: Float64Array;
  /** cumulative[d] = sum of multiplier[0..d); length days + 1. */
  cumulative: Float64Array;
  /** Mean multiplier of the next 28 days: what a planner forecasting the season expects. */
  outlook: Float64Array;
  /** Promotion index per day, -1 when none. */
  promotionOfDay: Int16Array;
  promotions: Promotion[];
  /** UTC instant of each local day's midnight; length days + 1. */
  dayStartUtcMs: Float64Array;
  /**
   * DST changes: on a day whose offset changes, the local clock second at which it changes
   * (-1 on other days) and the change in minutes (+60 when clocks spring forward).
   */
  dstSecond: Int32Array;
  dstDeltaMinutes: Int16Array;
  /** Annual growth rate of the trend. */
  growth: number;
}

/**
 * UTC instant of local clock second `secondOfDay` on local day `day`. On a DST day the clock
 * seconds that do not exist (spring) map to the change instant and repeated ones (autumn) to
 * their first occurrence, so that later clock times never map to earlier instants. Days outside
 * the history (products created before it) use the nearest day's offset.
 */
export function localToUtcMs(calendar: DemandCalendar, day: number, secondOfDay: number): number {
  if (day < 0 || day >= calendar.days) {
    const ref = day < 0 ? 0 : calendar.days;
    return calendar.dayStartUtcMs[ref] + (day - ref) * DAY_MS + secondOfDay * 1000;
  }
  const change = calendar.dstSecond[day];
  let elapsed = secondOfDay;
  if (change >= 0 && secondOfDay >= change)
    elapsed = Math.max(change, secondOfDay - calendar.dstDeltaMinutes[day] * 60);
  return calendar.dayStartUtcMs[day] + elapsed * 1000;
}

/** The Friday after the fourth Thursday of November. */
function blackFriday(year: number): number {
  const nov1 = Date.UTC(year, 10, 1);
  const firstThursday = 1 + ((4 - new Date(nov1).getUTCDay() + 7) % 7);
  return Date.UTC(year, 10, firstThursday + 21 + 1);
}

export function buildCalendar(rng: Rng, startMs: number, days: number, timeZone: string): DemandCalendar {
  const growth = rng.uniform(0.2, 0.55);
  const dates: string[] = new Array(days);
  const trend = new Float64Array(days);
  const weekly = new Float64Array(days);
  const yearly = new Float64Array(days);
  const promotion = new Float64Array(days).fill(1);
  const promotionOfDay = new Int16Array(days).fill(-1);
  const dayStartUtcMs = new Float64Array(days + 1);
  const offsets = new Int16Array(days + 1);
  const dstSecond = new Int32Array(days).fill(-1);
  const dstDeltaMinutes = new Int16Array(days);
  const logGrowth = Math.log(1 + growth);
  for (let d = 0; d < days; d++) {
    const ms = startMs + d * DAY_MS;
    dates[d] = formatIsoDate(ms);
    trend[d] = Math.exp((logGrowth * (d - (days - 1))) / 365);
    weekly[d] = WEEKLY[dayOfWeek(ms)];
    yearly[d] = yearlyRaw(Math.min(dayOfYear(ms), 364)) / YEARLY_MEAN;
  }
  for (let d = 0; d <= days; d++) {
    const local = startMs + d * DAY_MS;
    dayStartUtcMs[d] = zonedToUtcMs(local, timeZone);
    offsets[d] = Math.round((local - dayStartUtcMs[d]) / 60_000);
  }
  for (let d = 0; d < days; d++) {
    if (offsets[d] === offsets[d + 1]) continue;
    // Binary search for the minute the offset changes; before it, clock time = elapsed time.
    let lo = dayStartUtcMs[d];
    let hi = dayStartUtcMs[d + 1];
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (timeZoneOffsetMinutes(timeZone, mid) === offsets[d]) lo = mid;
      else hi = mid;
    }
    dstSecond[d] = Math.round((hi - dayStartUtcMs[d]) / 1000);
    dstDeltaMinutes[d] = offsets[d + 1] - offsets[d];
  }

  const promotions = planPromotions(rng, startMs, days);
  promotions.forEach((p, i) => {
    for (let d = Math.max(0, p.startDay); d < Math.min(days, p.endDay); d++) {
      promotion[d] = p.lift;
      promotionOfDay[d] = i;
    }
  });

  const multiplier = new Float64Array(days);
  const cumulative = new Float64Array(days + 1);
  for (let d = 0; d < days; d++) {
    multiplier[d] = trend[d] * weekly[d] * yearly[d] * promotion[d];
    cumulative[d + 1] = cumulative[d] + multiplier[d];
  }
  const outlook = new Float64Array(days);
  for (let d = 0; d < days; d++) {
    const end = Math.min(days, d + 28);
    // Past the end of the history the planner extrapolates with the last day's trend level.
    outlook[d] = (cumulative[end] - cumulative[d] + (d + 28 - end) * trend[days - 1]) / 28;
  }
  return {
    days,
    startMs,
    dates,
    trend,
    weekly,
    yearly,
    promotion,
    multiplier,
    cumulative,
    outlook,
    promotionOfDay,
    promotions,
    dayStartUtcMs,
    dstSecond,
    dstDeltaMinutes,
    growth,
  };
}

/**
 * Yearly events (Black Friday to Cyber Monday, a summer sale, a spring sale) plus a few flash
 * sales, never overlapping. Codes carry the year so that each run of an event is its own code.
 */
function planPromotions(rng: Rng, startMs: number, days: number): Promotion[] {
  const endMs = startMs + days * DAY_MS;
  const candidates: Promotion[] = [];
  const dayIndex = (ms: number) => Math.round((ms - startMs) / DAY_MS);
  const firstYear = new Date(startMs).getUTCFullYear();
  const lastYear = new Date(endMs).getUTCFullYear();
  for (let year = firstYear; year <= lastYear; year++) {
    const bf = dayIndex(blackFriday(year));
    candidates.push({
      code: `BFCM${year}`,
      title: `Black Friday / Cyber Monday ${year}`,
      startDay: bf,
      endDay: bf + 4,
      percentage: 0.25,
      amount: null,
      minimumSubtotal: 0,
      lift: rng.uniform(2.0, 2.6),
      redemption: 0.7,
    });
    const summer = dayIndex(Date.UTC(year, 6, rng.int(5, 15)));
    candidates.push({
      code: `SUMMER${year}`,
      title: `Summer Sale ${year}`,
      startDay: summer,
      endDay: summer + 5,
      percentage: 0.15,
      amount: null,
      minimumSubtotal: 0,
      lift: rng.uniform(1.3, 1.5),
      redemption: 0.55,
    });
    const spring = dayIndex(Date.UTC(year, 3, rng.int(3, 20)));
    candidates.push({
      code: `SPRING${year}`,
      title: `Spring Tack-Up ${year}`,
      startDay: spring,
      endDay: spring + 3,
      percentage: null,
      amount: 10,
      minimumSubtotal: 60,
      lift: rng.uniform(1.2, 1.35),
      redemption: 0.5,
    });
  }
  const flashCount = Math.max(1, Math.round((days / 365) * 3));
  for (let i = 0; i < flashCount; i++) {
    const start = rng.int(0, Math.max(0, days - 3));
    const pct = rng.choice([0.1, 0.15, 0.2]);
    candidates.push({
      code: `FLASH${Math.round(pct * 100)}-${formatIsoDate(startMs + start * DAY_MS)
        .slice(2)
        .replace(/-/g, "")}`,
      title: `Flash Sale ${Math.round(pct * 100)}% off`,
      startDay: start,
      endDay: start + rng.int(2, 3),
      percentage: pct,
      amount: null,
      minimumSubtotal: 0,
      lift: 1 + pct * rng.uniform(1.5, 2.5),
      redemption: 0.5,
    });
  }
  const chosen: Promotion[] = [];
  for (const p of candidates) {
    if (p.endDay <= 0 || p.startDay >= days) continue;
    if (chosen.some((q) => p.startDay < q.endDay + 7 && q.startDay < p.endDay + 7)) continue; // keep a week apart
    chosen.push(p);
  }
  return chosen.sort((a, b) => a.startDay - b.startDay);
}

/** The welcome code new customers may use on their first order; not tied to a promotion window. */
export const WELCOME_CODE = { code: "WELCOME10", percentage: 0.1 } as const;

export function discountCodesOf(
  calendar: DemandCalendar,
  ids: IdAllocator,
  toUtcIso: (day: number) => string,
): SeedDiscountCode[] {
  const codes: SeedDiscountCode[] = [
    {
      id: ids.next("discountCode"),
      code: WELCOME_CODE.code,
      title: "Welcome: 10% off your first order",
      percentage: WELCOME_CODE.percentage,
      amount: null,
      startsAt: toUtcIso(0),
      endsAt: null,
      usageLimit: null,
      appliesOncePerCustomer: true,
    },
  ];
  for (const p of calendar.promotions) {
    codes.push({
      id: ids.next("discountCode"),
      code: p.code,
      title: p.title,
      percentage: p.percentage,
      amount: p.amount,
      startsAt: toUtcIso(p.startDay),
      endsAt: toUtcIso(p.endDay),
      usageLimit: null,
      appliesOncePerCustomer: false,
    });
  }
  return codes;
}

export function demandDaysOf(calendar: DemandCalendar): SeedDemandDay[] {
  const out: SeedDemandDay[] = new Array(calendar.days);
  for (let d = 0; d < calendar.days; d++) {
    const p = calendar.promotionOfDay[d];
    out[d] = {
      date: calendar.dates[d],
      trend: calendar.trend[d],
      weekly: calendar.weekly[d],
      yearly: calendar.yearly[d],
      promotion: calendar.promotion[d],
      discountCode: p >= 0 ? calendar.promotions[p].code : null,
    };
  }
  return out;
}
