// One calendar and one set of figures. Every page, tool and agent that reports sales over a period
// takes its window and its figures from here, so "Revenue, last 30 days" is the same number on the
// Dashboard, Revenue, Finance and Analytics pages, in AIRA's answers and through MCP.
//
// Days are the shop's local days (Shop.ianaTimezone; MirrorOrder.localDay). A window is a run of
// whole local days:
//   - "last N days" = the N complete days before today (today is still in progress), e.g. on
//     Dec 6 "last 30 days" is Nov 6 – Dec 5;
//   - "today so far" is a separate, partial window of one day;
//   - a custom range is whole local days, from and to inclusive.
//
// The figures of a window (salesMetrics), the one definition used everywhere:
//   - orders: orders placed in the window (local day of createdAt), cancelled orders excluded;
//   - revenue (gross sales): the sum of those orders' totals (after discounts, with shipping and tax);
//   - average order value: revenue / orders;
//   - discounts: the discounts on those orders;
//   - refunds: money refunded in the window, by the refund's own local day (refunds of cancelled
//     orders excluded, as the orders are), whatever day the order was placed; an order's refunds
//     count at most its total (countedRefunds);
//   - net sales: revenue - refunds.
import { inChunks } from "../db/chunk";
import type { Db } from "../db/client";
import { addDays, daysBetween, localDay, nextDay, type IsoDay } from "../core/time";
import { roundMoney } from "../core/money";
import { shopCalendar } from "../mirror/local-days";
import { dialect, num, selectRows } from "./sql";

export const WINDOW_PRESETS = [7, 30, 90] as const;
export const DEFAULT_WINDOW_DAYS = 30;
/** The longest window a page or tool reports at once (three years). */
export const MAX_WINDOW_DAYS = 1096;

export interface SalesWindow {
  /** First and last shop-local day, inclusive. */
  from: IsoDay;
  to: IsoDay;
  days: number;
  timeZone: string;
  /** "Nov 6 – Dec 5" (with years when they differ from today's or between the ends). */
  label: string;
  /** Whether the window includes today, which is still in progress. */
  partial: boolean;
}

/** The shop-local day it is at `now`. */
export const todayIn = (now: Date, timeZone: string): IsoDay => localDay(now, timeZone);

function window(from: IsoDay, to: IsoDay, timeZone: string, now: Date): SalesWindow {
  const today = todayIn(now, timeZone);
  return {
    from,
    to,
    days: daysBetween(from, to) + 1,
    timeZone,
    label: windowLabel(from, to, today),
    partial: to >= today,
  };
}

/** The N complete shop-local days before today. */
export function lastDays(days: number, now: Date, timeZone: string): SalesWindow {
  const today = todayIn(now, timeZone);
  return window(addDays(today, -days), addDays(today, -1), timeZone, now);
}

/** Today so far (partial). */
export function todaySoFar(now: Date, timeZone: string): SalesWindow {
  const today = todayIn(now, timeZone);
  return window(today, today, timeZone, now);
}

/** Whole shop-local days from `from` to `to`, inclusive (validated by the caller or parseWindow). */
export function customWindow(from: IsoDay, to: IsoDay, now: Date, timeZone: string): SalesWindow {
  return window(from, to, timeZone, now);
}

/** The window of equal length just before `w`, for "change against the previous period". */
export function previousWindow(w: SalesWindow, now: Date): SalesWindow {
  const to = addDays(w.from, -1);
  return window(addDays(to, -(w.days - 1)), to, w.timeZone, now);
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A real calendar day spelled YYYY-MM-DD (not "2026-02-30"). */
const validDay = (day: string) => {
  if (!ISO_DAY.test(day)) return false;
  const at = Date.parse(`${day}T12:00:00Z`);
  return !Number.isNaN(at) && new Date(at).toISOString().slice(0, 10) === day;
};

export type WindowRequest = { days?: string | null; from?: string | null; to?: string | null };

/**
 * The window a page asked for through its URL: ?days=N (1 to 1096 complete days before today) or
 * ?from=YYYY-MM-DD&to=YYYY-MM-DD (whole days, ending today at the latest). Bad input gets the
 * default window (last 30 days) and a message saying what was wrong.
 */
export function parseWindow(
  request: WindowRequest,
  now: Date,
  timeZone: string,
): { window: SalesWindow; error: string | null } {
  const fallback = (error: string) => ({ window: lastDays(DEFAULT_WINDOW_DAYS, now, timeZone), error });
  const today = todayIn(now, timeZone);
  const { days, from, to } = request;
  if (from || to) {
    if (!from || !to) return fallback("Choose both a start and an end date; showing the last 30 days instead.");
    if (!validDay(from) || !validDay(to))
      return fallback(
        `"${!validDay(from) ? from : to}" is not a date (use YYYY-MM-DD); showing the last 30 days instead.`,
      );
    if (from > to) return fallback("The start date is after the end date; showing the last 30 days instead.");
    if (to > today)
      return fallback(
        `The range ends after today (${windowLabel(today, today, today)}); showing the last 30 days instead.`,
      );
    if (daysBetween(from, to) + 1 > MAX_WINDOW_DAYS)
      return fallback("Choose at most three years at a time; showing the last 30 days instead.");
    return { window: customWindow(from, to, now, timeZone), error: null };
  }
  if (days != null && days !== "") {
    const n = Number(days);
    if (!Number.isInteger(n) || n < 1 || n > MAX_WINDOW_DAYS)
      return fallback(
        `"${days}" is not a number of days from 1 to ${MAX_WINDOW_DAYS}; showing the last 30 days instead.`,
      );
    return { window: lastDays(n, now, timeZone), error: null };
  }
  return { window: lastDays(DEFAULT_WINDOW_DAYS, now, timeZone), error: null };
}

/** The window of a page's URL in the shop's own calendar (reads Shop.ianaTimezone). */
export async function windowFromUrl(
  db: Db,
  shop: string,
  url: URL,
  now: Date,
): Promise<{ window: SalesWindow; error: string | null }> {
  const { timeZone } = await shopCalendar(db, shop);
  const p = url.searchParams;
  return parseWindow({ days: p.get("days"), from: p.get("from"), to: p.get("to") }, now, timeZone);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
function dayLabel(day: IsoDay, withYear: boolean): string {
  const [y, m, d] = day.split("-").map(Number);
  return `${MONTHS[m - 1]} ${d}${withYear ? `, ${y}` : ""}`;
}

/** "Nov 6 – Dec 5"; years are shown when the ends differ in year or are not this year. */
export function windowLabel(from: IsoDay, to: IsoDay, today: IsoDay): string {
  const years = from.slice(0, 4) !== to.slice(0, 4) || to.slice(0, 4) !== today.slice(0, 4);
  return from === to ? dayLabel(from, years) : `${dayLabel(from, years)} – ${dayLabel(to, years)}`;
}

export interface SalesMetrics {
  revenue: number;
  orders: number;
  averageOrderValue: number;
  discounts: number;
  refunds: number;
  netSales: number;
  /** Units sold (line item quantities of those orders). */
  units: number;
}

export interface DaySales {
  day: IsoDay;
  revenue: number;
  orders: number;
  refunds: number;
}

export interface CountedRefund {
  orderId: string;
  /** The refund's own shop-local day. */
  day: IsoDay;
  amount: number;
}

// An order's refunds count at most its total, in the order they were made. A refund beyond the total
// (a cent of tax rounding, a refund recorded twice) is not money the order took, and counting it
// would push net sales below what the orders brought in. The mirror keeps the amounts as Shopify sent
// them; only the figures cap them. Such orders are few: they are found by their refunded total
// (MirrorOrder.totalRefunded, the sum of their refunds) and capped here, so the common case stays
// one indexed aggregation over the window's refunds.
const over = `o."totalRefunded" > o."total"`;
const windowRefunds = (d: ReturnType<typeof dialect>, shop: string, from: IsoDay, to: IsoDay) =>
  `FROM "MirrorRefund" r JOIN "MirrorOrder" o ON o."shop" = r."shop" AND o."id" = r."orderId"
WHERE r."shop" = ${d.lit(shop)} AND r."localDay" >= ${d.lit(from)} AND r."localDay" <= ${d.lit(to)} AND o."cancelledAt" IS NULL`;

/** Each refund of these orders (all days) as counted: up to what its order still held. */
async function cappedRefunds(db: Db, shop: string, orderIds: string[]): Promise<Map<string, CountedRefund>> {
  const [refunds, orders] = await Promise.all([
    inChunks(orderIds, (chunk) =>
      db.mirrorRefund.findMany({
        where: { shop, orderId: { in: chunk } },
        select: { id: true, orderId: true, localDay: true, amount: true, createdAt: true },
      }),
    ),
    inChunks(orderIds, (chunk) =>
      db.mirrorOrder.findMany({ where: { shop, id: { in: chunk } }, select: { id: true, total: true } }),
    ),
  ]);
  const left = new Map(orders.map((o) => [o.id, Math.max(0, o.total)]));
  const counted = new Map<string, CountedRefund>();
  refunds.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const r of refunds) {
    const amount = Math.max(0, Math.min(r.amount, left.get(r.orderId) ?? 0));
    left.set(r.orderId, (left.get(r.orderId) ?? 0) - amount);
    counted.set(r.id, { orderId: r.orderId, day: r.localDay, amount });
  }
  return counted;
}

/** The refunds made on the local days [from, to] of orders not cancelled, each as counted (see above). */
export async function countedRefunds(db: Db, shop: string, from: IsoDay, to: IsoDay): Promise<CountedRefund[]> {
  const d = dialect();
  const rows = await selectRows<{ id: string; orderId: string; day: string; amount: number; over: number }>(
    db,
    `SELECT r."id" AS "id", r."orderId" AS "orderId", r."localDay" AS "day", r."amount" AS "amount",
  CASE WHEN ${over} THEN 1 ELSE 0 END AS "over"
${windowRefunds(d, shop, from, to)}`,
  );
  const capped = await cappedRefunds(db, shop, [
    ...new Set(rows.filter((r) => num(r.over)).map((r) => String(r.orderId))),
  ]);
  return rows
    .map((r) => capped.get(String(r.id)) ?? { orderId: String(r.orderId), day: String(r.day), amount: num(r.amount) })
    .filter((r) => r.amount > 0);
}

/** Refunds by their own local day in [from, to], refunds of cancelled orders left out, as counted (see above). */
async function refundsByDay(db: Db, shop: string, from: IsoDay, to: IsoDay): Promise<Map<IsoDay, number>> {
  const d = dialect();
  // Per day; an order refunded beyond its total gets a row of its own, to be capped.
  const overOrder = `CASE WHEN ${over} THEN r."orderId" END`;
  const rows = await selectRows<{ day: string; overOrder: string | null; amount: number }>(
    db,
    `SELECT r."localDay" AS "day", ${overOrder} AS "overOrder", SUM(r."amount") AS "amount"
${windowRefunds(d, shop, from, to)}
GROUP BY r."localDay", ${overOrder}`,
  );
  const byDay = new Map<IsoDay, number>();
  const add = (day: IsoDay, amount: number) => byDay.set(day, (byDay.get(day) ?? 0) + amount);
  for (const r of rows) if (r.overOrder === null) add(String(r.day), num(r.amount));
  const overOrders = [...new Set(rows.flatMap((r) => (r.overOrder === null ? [] : [String(r.overOrder)])))];
  for (const r of (await cappedRefunds(db, shop, overOrders)).values())
    if (r.day >= from && r.day <= to) add(r.day, r.amount);
  return byDay;
}

/** One day of the daily rollup: orders not cancelled and their money (MirrorDailySales). */
interface RollupDay {
  orders: number;
  revenue: number;
  discounts: number;
  units: number;
}

/**
 * What every figure of the windows inside [from, to] is computed from: the daily rollup's days and
 * the counted refunds by day. Two statements whatever the span's length, so a page that shows a
 * window, the previous period, its days and today reads the span once (salesOverview).
 */
export interface SalesDays {
  from: IsoDay;
  to: IsoDay;
  rollup: Map<IsoDay, RollupDay>;
  refunds: Map<IsoDay, number>;
}

export async function salesDays(db: Db, shop: string, from: IsoDay, to: IsoDay): Promise<SalesDays> {
  const d = dialect();
  const [rows, refunds] = await Promise.all([
    selectRows<{ day: string; orders: number; revenue: number; discounts: number; units: number }>(
      db,
      `SELECT "day", "orders", "revenue", "discounts", "units" FROM "MirrorDailySales"
WHERE "shop" = ${d.lit(shop)} AND "day" >= ${d.lit(from)} AND "day" <= ${d.lit(to)}`,
    ),
    refundsByDay(db, shop, from, to),
  ]);
  const rollup = new Map<IsoDay, RollupDay>();
  for (const r of rows)
    rollup.set(String(r.day), {
      orders: num(r.orders),
      revenue: num(r.revenue),
      discounts: num(r.discounts),
      units: num(r.units),
    });
  return { from, to, rollup, refunds };
}

function within(days: SalesDays, w: Pick<SalesWindow, "from" | "to">) {
  if (w.from < days.from || w.to > days.to)
    throw new Error(`window ${w.from}..${w.to} is outside the days read (${days.from}..${days.to})`);
}

/**
 * The figures of a window, as defined at the top of this module, from days read by salesDays.
 * Orders and money come from the daily rollup (a few hundred rows whatever the store's size),
 * refunds from the refunds of the window's days.
 */
export function metricsIn(days: SalesDays, w: Pick<SalesWindow, "from" | "to">): SalesMetrics {
  within(days, w);
  let revenue = 0;
  let orders = 0;
  let discounts = 0;
  let units = 0;
  let refunded = 0;
  for (const [day, r] of days.rollup)
    if (day >= w.from && day <= w.to) {
      revenue += r.revenue;
      orders += r.orders;
      discounts += r.discounts;
      units += r.units;
    }
  for (const [day, amount] of days.refunds) if (day >= w.from && day <= w.to) refunded += amount;
  return {
    revenue: roundMoney(revenue),
    orders,
    averageOrderValue: orders ? roundMoney(revenue / orders) : 0,
    discounts: roundMoney(discounts),
    refunds: roundMoney(refunded),
    netSales: roundMoney(revenue - refunded),
    units,
  };
}

/** Every day of the window, oldest first, days without sales as zeros (so charts do not gap). */
export function daysIn(days: SalesDays, w: Pick<SalesWindow, "from" | "to">): DaySales[] {
  within(days, w);
  const out: DaySales[] = [];
  for (let day = w.from; day <= w.to; day = nextDay(day)) {
    const r = days.rollup.get(day);
    out.push({
      day,
      revenue: roundMoney(r?.revenue ?? 0),
      orders: r?.orders ?? 0,
      refunds: roundMoney(days.refunds.get(day) ?? 0),
    });
  }
  return out;
}

/** The figures of a window (see metricsIn). */
export async function salesMetrics(db: Db, shop: string, w: Pick<SalesWindow, "from" | "to">): Promise<SalesMetrics> {
  return metricsIn(await salesDays(db, shop, w.from, w.to), w);
}

/** Every day of the window (see daysIn). */
export async function dailySales(db: Db, shop: string, w: Pick<SalesWindow, "from" | "to">): Promise<DaySales[]> {
  return daysIn(await salesDays(db, shop, w.from, w.to), w);
}

export interface MetricChange {
  current: number;
  previous: number;
  change: number;
  /** change / previous; null when the previous period had none. */
  changePct: number | null;
}

/** Each metric against the previous period's. */
export function compareMetrics(
  current: SalesMetrics,
  previous: SalesMetrics,
): Record<keyof SalesMetrics, MetricChange> {
  const out = {} as Record<keyof SalesMetrics, MetricChange>;
  for (const key of Object.keys(current) as (keyof SalesMetrics)[]) {
    const change = roundMoney(current[key] - previous[key]);
    out[key] = {
      current: current[key],
      previous: previous[key],
      change,
      changePct: previous[key] === 0 ? null : Math.round((change / previous[key]) * 10_000) / 10_000,
    };
  }
  return out;
}

/** A window's figures with the previous period's and the changes: what the KPI cards show. */
export async function salesReport(db: Db, shop: string, w: SalesWindow, now: Date) {
  const previous = previousWindow(w, now);
  return reportIn(await salesDays(db, shop, previous.from, w.to), w, now);
}

/** A window's report (see salesReport) from days read by salesDays, the previous period included. */
export function reportIn(days: SalesDays, w: SalesWindow, now: Date) {
  const previous = previousWindow(w, now);
  const metrics = metricsIn(days, w);
  return { window: w, previous, metrics, changes: compareMetrics(metrics, metricsIn(days, previous)) };
}

/**
 * What a sales page shows at the top, read in one pass over [previous period, today]: the window's
 * report (with the previous period), its days, and today so far (partial, apart).
 */
export async function salesOverview(db: Db, shop: string, w: SalesWindow, now: Date) {
  const previous = previousWindow(w, now);
  const today = todaySoFar(now, w.timeZone);
  // A window ending yesterday or today (the presets) shares the read with today; an older custom
  // range reads today apart rather than every day in between.
  const adjacent = w.to >= addDays(today.from, -1);
  const [days, todays] = await Promise.all([
    salesDays(db, shop, previous.from, adjacent && w.to < today.to ? today.to : w.to),
    adjacent ? null : salesDays(db, shop, today.from, today.to),
  ]);
  return { report: reportIn(days, w, now), days: daysIn(days, w), today: metricsIn(todays ?? days, today) };
}
