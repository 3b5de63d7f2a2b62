// Validation of plain order rows and the per-customer histories that rfm.ts and clv.ts score.
// A history holds, per customer, only what the models need (purchases, net revenue, first and
// last order, distinct purchase days, the first day's spend), in columns: a million customers fit
// in tens of megabytes. It comes either from order rows (summarizeCustomers, for tests and small
// inputs) or from SQL that aggregates the mirror per customer (queries.ts), through one builder.
import { DAY_MS, localDay } from "../core/time";

export interface CustomerOrder {
  customerId: string;
  /** ISO 8601 timestamp of the order. */
  createdAt: string;
  /** Order total in the shop currency (>= 0). */
  total: number;
  /** Amount refunded so far (>= 0). A refund above the total (shipping, rounding) counts as the total. */
  refunded?: number;
}

/** One customer's history, as the builder takes it. Times are epoch milliseconds, days epoch day numbers. */
export interface CustomerHistoryRow {
  customerId: string;
  /** Orders that count as purchases (not fully refunded, not after asOf). */
  orders: number;
  /** Sum of total - refunded over those orders. */
  netRevenue: number;
  firstOrderAt: number;
  lastOrderAt: number;
  /** Distinct calendar days with a purchase (several orders on one day are one purchase day). */
  purchaseDays: number;
  firstDay: number;
  lastDay: number;
  /** Net value bought on the first purchase day. */
  netOnFirstDay: number;
}

/** Every customer's history in columns, sorted by customerId. Row i of each column is customerIds[i]. */
export interface CustomerHistories {
  asOf: Date;
  /** asOf's calendar day (epoch day number) in the calendar the purchase days use. */
  asOfDay: number;
  size: number;
  customerIds: string[];
  orders: Int32Array;
  netRevenue: Float64Array;
  firstOrderAt: Float64Array;
  lastOrderAt: Float64Array;
  purchaseDays: Int32Array;
  firstDay: Int32Array;
  lastDay: Int32Array;
  netOnFirstDay: Float64Array;
  /** Orders dropped because they were placed after asOf. */
  ignoredAfterAsOf: number;
  /** Orders dropped because refunded >= total (they are not purchases). */
  ignoredFullyRefunded: number;
}

export function parseAsOf(asOf: Date | string): Date {
  const date = asOf instanceof Date ? asOf : new Date(asOf);
  if (Number.isNaN(date.getTime())) {
    throw new Error(`asOf must be a Date or an ISO 8601 string such as "2025-06-30T00:00:00Z"; got ${String(asOf)}`);
  }
  return date;
}

export function dayIndex(date: Date): number {
  return Math.floor(date.getTime() / DAY_MS);
}

/** The epoch day number of a "YYYY-MM-DD" calendar day. */
export const dayNumber = (day: string): number => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);

/** The calendar day of an instant in `timeZone` as an epoch day number (UTC: the UTC day). */
export function dayIn(at: Date, timeZone: string): number {
  return timeZone === "UTC" ? dayIndex(at) : dayNumber(localDay(at, timeZone));
}

/**
 * Sums of money are kept to a millionth: the same cents summed in another order (SQL's SUM, or a
 * customer's orders in another sequence) then give the same number, so ties in spend stay ties.
 */
export const canonicalMoney = (amount: number): number => Math.round(amount * 1e6) / 1e6;

/**
 * Throws a clear error for the first malformed order; returns the parsed date and net amount otherwise.
 * A refund larger than the total (Shopify refunds can include shipping or rounding) is capped at the
 * total: the order is fully refunded.
 */
export function validateOrder(order: CustomerOrder, index: number): { at: Date; net: number } {
  const where = `orders[${index}]`;
  if (typeof order.customerId !== "string" || order.customerId.length === 0) {
    throw new Error(`${where}.customerId must be a non-empty string (the Shopify customer id or GID)`);
  }
  const at = new Date(order.createdAt);
  if (typeof order.createdAt !== "string" || Number.isNaN(at.getTime())) {
    throw new Error(
      `${where}.createdAt must be an ISO 8601 string such as "2025-03-01T12:00:00Z"; got ${String(order.createdAt)}`,
    );
  }
  if (!Number.isFinite(order.total) || order.total < 0) {
    throw new Error(
      `${where}.total must be a finite number >= 0 (the order total in shop currency); got ${String(order.total)}`,
    );
  }
  const refunded = order.refunded ?? 0;
  if (!Number.isFinite(refunded) || refunded < 0) {
    throw new Error(`${where}.refunded must be a finite number >= 0; got ${String(order.refunded)}`);
  }
  return { at, net: refunded >= order.total ? 0 : order.total - refunded };
}

const grow = <T extends Int32Array | Float64Array>(column: T, size: number): T => {
  const bigger = new (column.constructor as new (n: number) => T)(size);
  bigger.set(column);
  return bigger;
};

/** Collects customer histories row by row (in any order) into sorted columns. */
export class HistoryBuilder {
  private size = 0;
  private ids: string[] = [];
  private orders = new Int32Array(1024);
  private net = new Float64Array(1024);
  private firstAt = new Float64Array(1024);
  private lastAt = new Float64Array(1024);
  private days = new Int32Array(1024);
  private firstDay = new Int32Array(1024);
  private lastDay = new Int32Array(1024);
  private netOnFirstDay = new Float64Array(1024);

  add(row: CustomerHistoryRow): void {
    if (this.size === this.orders.length) {
      const n = this.size * 2;
      this.orders = grow(this.orders, n);
      this.net = grow(this.net, n);
      this.firstAt = grow(this.firstAt, n);
      this.lastAt = grow(this.lastAt, n);
      this.days = grow(this.days, n);
      this.firstDay = grow(this.firstDay, n);
      this.lastDay = grow(this.lastDay, n);
      this.netOnFirstDay = grow(this.netOnFirstDay, n);
    }
    const i = this.size++;
    this.ids.push(row.customerId);
    this.orders[i] = row.orders;
    this.net[i] = canonicalMoney(row.netRevenue);
    this.firstAt[i] = row.firstOrderAt;
    this.lastAt[i] = row.lastOrderAt;
    this.days[i] = row.purchaseDays;
    this.firstDay[i] = row.firstDay;
    this.lastDay[i] = row.lastDay;
    this.netOnFirstDay[i] = canonicalMoney(row.netOnFirstDay);
  }

  /** The columns sorted by customerId (code-unit order, as JavaScript compares strings). */
  finish(
    asOf: Date,
    asOfDay: number,
    ignored: { ignoredAfterAsOf: number; ignoredFullyRefunded: number } = {
      ignoredAfterAsOf: 0,
      ignoredFullyRefunded: 0,
    },
  ): CustomerHistories {
    const n = this.size;
    const ids = this.ids;
    const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) =>
      ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0,
    );
    const pick = <T extends Int32Array | Float64Array>(column: T): T => {
      const out = new (column.constructor as new (n: number) => T)(n);
      for (let k = 0; k < n; k++) out[k] = column[order[k]];
      return out;
    };
    const histories: CustomerHistories = {
      asOf,
      asOfDay,
      size: n,
      customerIds: Array.from(order, (i) => ids[i]),
      orders: pick(this.orders),
      netRevenue: pick(this.net),
      firstOrderAt: pick(this.firstAt),
      lastOrderAt: pick(this.lastAt),
      purchaseDays: pick(this.days),
      firstDay: pick(this.firstDay),
      lastDay: pick(this.lastDay),
      netOnFirstDay: pick(this.netOnFirstDay),
      ...ignored,
    };
    this.ids = [];
    return histories;
  }
}

/**
 * Per-customer histories from order rows. Purchase days are calendar days in `timeZone` (default
 * UTC); the SQL path reads the same days from the mirror's stored localDay.
 */
export function summarizeCustomers(
  orders: readonly CustomerOrder[],
  asOf: Date | string,
  timeZone = "UTC",
): CustomerHistories {
  if (!Array.isArray(orders)) throw new Error("orders must be an array of { customerId, createdAt, total, refunded? }");
  const asOfDate = parseAsOf(asOf);
  const byCustomer = new Map<string, { at: number; net: number; day: number }[]>();
  let ignoredAfterAsOf = 0;
  let ignoredFullyRefunded = 0;
  orders.forEach((order, i) => {
    const { at, net } = validateOrder(order, i);
    if (at.getTime() > asOfDate.getTime()) {
      ignoredAfterAsOf++;
      return;
    }
    // A fully refunded order is not a purchase: counting it would inflate frequency and recency.
    if (net <= 0 && order.total > 0) {
      ignoredFullyRefunded++;
      return;
    }
    const list = byCustomer.get(order.customerId) ?? [];
    list.push({ at: at.getTime(), net, day: dayIn(at, timeZone) });
    byCustomer.set(order.customerId, list);
  });

  const builder = new HistoryBuilder();
  for (const [customerId, list] of byCustomer) {
    list.sort((x, y) => x.at - y.at);
    const days = new Map<number, number>();
    for (const o of list) days.set(o.day, (days.get(o.day) ?? 0) + o.net);
    const dayList = [...days.keys()].sort((a, b) => a - b);
    builder.add({
      customerId,
      orders: list.length,
      netRevenue: list.reduce((s, o) => s + o.net, 0),
      firstOrderAt: list[0].at,
      lastOrderAt: list[list.length - 1].at,
      purchaseDays: dayList.length,
      firstDay: dayList[0],
      lastDay: dayList[dayList.length - 1],
      netOnFirstDay: days.get(dayList[0])!,
    });
  }
  return builder.finish(asOfDate, dayIn(asOfDate, timeZone), { ignoredAfterAsOf, ignoredFullyRefunded });
}
