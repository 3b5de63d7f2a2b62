// Validation of plain order rows and the per-customer summaries that rfm.ts and clv.ts score.
// Totals (purchases, net revenue, first and last order: RFM) and histories (totals and purchase
// days, the first day's spend: CLV) hold only what the models need, in columns: a million
// customers fit in tens of megabytes. They come either from order rows (summarizeCustomers, for
// tests and small inputs) or from SQL that aggregates the mirror per customer (queries.ts),
// through the same builders.
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

/** One customer's totals (what RFM needs), as a builder takes them. Times are epoch milliseconds. */
export interface CustomerTotalsRow {
  customerId: string;
  /** Orders that count as purchases (not fully refunded, not after asOf). */
  orders: number;
  /** Sum of total - refunded over those orders. */
  netRevenue: number;
  firstOrderAt: number;
  lastOrderAt: number;
}

/** One customer's purchase days (what CLV needs), as a builder takes them. Days are epoch day numbers. */
export interface CustomerHistoryRow {
  customerId: string;
  /** Sum of total - refunded over the customer's purchases. */
  netRevenue: number;
  /** Distinct calendar days with a purchase (several orders on one day are one purchase day). */
  purchaseDays: number;
  firstDay: number;
  lastDay: number;
  /** Net value bought on the first purchase day. */
  netOnFirstDay: number;
}

/** Customers in columns, sorted by customerId: row i of each column is customerIds[i]. */
interface CustomerColumns {
  asOf: Date;
  size: number;
  customerIds: string[];
  netRevenue: Float64Array;
}

/** Every customer's totals in columns (RFM). */
export interface CustomerTotals extends CustomerColumns {
  orders: Int32Array;
  firstOrderAt: Float64Array;
  lastOrderAt: Float64Array;
}

/** Every customer's purchase days in columns (CLV). */
export interface CustomerHistories extends CustomerColumns {
  /** asOf's calendar day (epoch day number) in the calendar the purchase days use. */
  asOfDay: number;
  purchaseDays: Int32Array;
  firstDay: Int32Array;
  lastDay: Int32Array;
  netOnFirstDay: Float64Array;
}

/** summarizeCustomers' result: totals and histories, and the orders left out. */
export interface CustomerSummaries extends CustomerTotals, CustomerHistories {
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

type Column = Int32Array | Float64Array;
type Kind = "int" | "float" | "money";
const resized = <T extends Column>(column: T, size: number): T => {
  const out = new (column.constructor as new (n: number) => T)(size);
  out.set(column.subarray(0, Math.min(size, column.length)));
  return out;
};

/**
 * Collects one row per customer (in any order) into typed columns, then sorts them by customerId
 * in place. Give the number of customers when it is known: the columns are then allocated once.
 * Money columns are kept to a millionth (canonicalMoney).
 */
class ColumnsBuilder<Row extends { customerId: string }> {
  private size = 0;
  private capacity: number;
  private ids: string[] = [];
  private readonly names: (keyof Row & string)[];
  private readonly money: boolean[];
  private columns: Column[];

  constructor(kinds: Record<Exclude<keyof Row & string, "customerId">, Kind>, expected: number) {
    this.capacity = Math.max(1, expected);
    const entries = Object.entries<Kind>(kinds);
    this.names = entries.map(([name]) => name as keyof Row & string);
    this.money = entries.map(([, kind]) => kind === "money");
    this.columns = entries.map(([, kind]) =>
      kind === "int" ? new Int32Array(this.capacity) : new Float64Array(this.capacity),
    );
  }

  add(row: Row): void {
    if (this.size === this.capacity) {
      this.capacity *= 2;
      this.columns = this.columns.map((column) => resized(column, this.capacity));
    }
    const i = this.size++;
    this.ids.push(row.customerId);
    for (let c = 0; c < this.columns.length; c++) {
      const value = row[this.names[c]] as number;
      this.columns[c][i] = this.money[c] ? canonicalMoney(value) : value;
    }
  }

  /** The columns sorted by customerId (code-unit order, as JavaScript compares strings), in place. */
  finish(): { customerIds: string[]; columns: Record<string, Column> } {
    const n = this.size;
    const ids = this.ids;
    // The SQL reads return customers in id order already: one pass finds that and skips the sort
    // (a comparator sort of 600k ids held the event loop for about a second).
    let sorted = true;
    for (let i = 1; i < n && sorted; i++) sorted = !(ids[i - 1] > ids[i]);
    if (sorted) {
      this.ids = [];
      const columns: Record<string, Column> = {};
      this.columns.forEach((column, c) => (columns[this.names[c]] = column.subarray(0, n)));
      this.columns = [];
      return { customerIds: ids, columns };
    }
    const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) =>
      ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0,
    );
    // Position k takes the row at order[k]: follow each cycle of the permutation, one column at a
    // time, so no column is copied.
    const done = new Uint8Array(n);
    const columns: Record<string, Column> = {};
    this.columns.forEach((column, c) => {
      done.fill(0);
      for (let start = 0; start < n; start++) {
        if (done[start]) continue;
        const first = column[start];
        let k = start;
        for (;;) {
          done[k] = 1;
          const from = order[k];
          if (from === start) {
            column[k] = first;
            break;
          }
          column[k] = column[from];
          k = from;
        }
      }
      columns[this.names[c]] = column.subarray(0, n);
    });
    this.columns = [];
    this.ids = [];
    return { customerIds: Array.from(order, (i) => ids[i]), columns };
  }
}

const TOTALS = { orders: "int", netRevenue: "money", firstOrderAt: "float", lastOrderAt: "float" } as const;
const HISTORY = {
  netRevenue: "money",
  purchaseDays: "int",
  firstDay: "int",
  lastDay: "int",
  netOnFirstDay: "money",
} as const;

/** Collects customer totals (RFM) row by row. */
export class TotalsBuilder {
  private readonly builder: ColumnsBuilder<CustomerTotalsRow>;
  constructor(expected = 1024) {
    this.builder = new ColumnsBuilder<CustomerTotalsRow>(TOTALS, expected);
  }
  add(row: CustomerTotalsRow): void {
    this.builder.add(row);
  }
  finish(asOf: Date): CustomerTotals {
    const { customerIds, columns: c } = this.builder.finish();
    return {
      asOf,
      size: customerIds.length,
      customerIds,
      orders: c.orders as Int32Array,
      netRevenue: c.netRevenue as Float64Array,
      firstOrderAt: c.firstOrderAt as Float64Array,
      lastOrderAt: c.lastOrderAt as Float64Array,
    };
  }
}

/** Collects customer purchase days (CLV) row by row. */
export class HistoryBuilder {
  private readonly builder: ColumnsBuilder<CustomerHistoryRow>;
  constructor(expected = 1024) {
    this.builder = new ColumnsBuilder<CustomerHistoryRow>(HISTORY, expected);
  }
  add(row: CustomerHistoryRow): void {
    this.builder.add(row);
  }
  finish(asOf: Date, asOfDay = dayIndex(asOf)): CustomerHistories {
    const { customerIds, columns: c } = this.builder.finish();
    return {
      asOf,
      asOfDay,
      size: customerIds.length,
      customerIds,
      netRevenue: c.netRevenue as Float64Array,
      purchaseDays: c.purchaseDays as Int32Array,
      firstDay: c.firstDay as Int32Array,
      lastDay: c.lastDay as Int32Array,
      netOnFirstDay: c.netOnFirstDay as Float64Array,
    };
  }
}

/**
 * Per-customer totals and histories from order rows. Purchase days are calendar days in `timeZone` (default
 * UTC); the SQL path reads the same days from the mirror's stored localDay.
 */
export function summarizeCustomers(
  orders: readonly CustomerOrder[],
  asOf: Date | string,
  timeZone = "UTC",
): CustomerSummaries {
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

  const builder = new ColumnsBuilder<CustomerTotalsRow & CustomerHistoryRow>(
    { ...TOTALS, ...HISTORY },
    byCustomer.size,
  );
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
  const { customerIds, columns: c } = builder.finish();
  return {
    asOf: asOfDate,
    asOfDay: dayIn(asOfDate, timeZone),
    size: customerIds.length,
    customerIds,
    orders: c.orders as Int32Array,
    netRevenue: c.netRevenue as Float64Array,
    firstOrderAt: c.firstOrderAt as Float64Array,
    lastOrderAt: c.lastOrderAt as Float64Array,
    purchaseDays: c.purchaseDays as Int32Array,
    firstDay: c.firstDay as Int32Array,
    lastDay: c.lastDay as Int32Array,
    netOnFirstDay: c.netOnFirstDay as Float64Array,
    ignoredAfterAsOf,
    ignoredFullyRefunded,
  };
}
