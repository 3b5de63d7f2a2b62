// Validation and per-customer aggregation of plain order rows, shared by rfm.ts and clv.ts.
import { DAY_MS } from "../core/time";

export interface CustomerOrder {
  customerId: string;
  /** ISO 8601 timestamp of the order. */
  createdAt: string;
  /** Order total in the shop currency (>= 0). */
  total: number;
  /** Amount refunded so far (0..total). */
  refunded?: number;
}

/** One calendar day (UTC) on which the customer bought, with the net value bought that day. */
export interface PurchaseDay {
  /** Whole days since 1970-01-01 UTC. */
  day: number;
  net: number;
}

export interface CustomerSummary {
  customerId: string;
  /** Orders that count as purchases (not fully refunded, not after asOf). */
  orders: number;
  /** Sum of total - refunded over those orders. */
  netRevenue: number;
  firstOrderAt: Date;
  lastOrderAt: Date;
  /** Distinct purchase days, ascending (several orders on one day merge into one purchase day). */
  purchaseDays: PurchaseDay[];
}

export interface CustomerSummaries {
  customers: CustomerSummary[];
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

/** Throws a clear error for the first malformed order; returns the parsed date and net amount otherwise. */
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
  if (!Number.isFinite(refunded) || refunded < 0 || refunded > order.total + 1e-9) {
    throw new Error(`${where}.refunded must be between 0 and total (${order.total}); got ${String(order.refunded)}`);
  }
  return { at, net: order.total - refunded };
}

export function summarizeCustomers(orders: readonly CustomerOrder[], asOf: Date | string): CustomerSummaries {
  if (!Array.isArray(orders)) throw new Error("orders must be an array of { customerId, createdAt, total, refunded? }");
  const asOfDate = parseAsOf(asOf);
  const byCustomer = new Map<string, { at: Date; net: number }[]>();
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
    list.push({ at, net });
    byCustomer.set(order.customerId, list);
  });

  const customers: CustomerSummary[] = [];
  for (const [customerId, list] of byCustomer) {
    list.sort((x, y) => x.at.getTime() - y.at.getTime());
    const days = new Map<number, number>();
    for (const o of list) {
      const d = dayIndex(o.at);
      days.set(d, (days.get(d) ?? 0) + o.net);
    }
    customers.push({
      customerId,
      orders: list.length,
      netRevenue: list.reduce((s, o) => s + o.net, 0),
      firstOrderAt: list[0].at,
      lastOrderAt: list[list.length - 1].at,
      purchaseDays: [...days].map(([day, net]) => ({ day, net })).sort((x, y) => x.day - y.day),
    });
  }
  customers.sort((x, y) => (x.customerId < y.customerId ? -1 : x.customerId > y.customerId ? 1 : 0));
  return { customers, ignoredAfterAsOf, ignoredFullyRefunded };
}
