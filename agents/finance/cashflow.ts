// Cash flow for a period, by week: money in from sales, money out for refunds, cost of goods and
// payment fees. Only sales and refunds are recorded facts; cost of goods and fees are estimates,
// and every estimated line carries the reason it is estimated and how.
import { DAY_MS, isoDay } from "../core/time";
import { roundMoney } from "../core/money";

export interface CashFlowOrder {
  id: string;
  createdAt: Date;
  /** What the customer paid: after discounts, with shipping and tax. */
  total: number;
  totalTax: number;
  totalShipping: number;
}

export interface CashFlowRefund {
  orderId: string;
  createdAt: Date;
  amount: number;
}

export interface CashFlowLine {
  orderId: string;
  createdAt: Date;
  quantity: number;
  unitPrice: number;
  /** Unit cost of the variant when known. */
  unitCost: number | null;
}

export interface PaymentFeeAssumption {
  /** Share of each order's total. */
  rate: number;
  /** Fixed amount per order, in the shop's currency. */
  fixedPerOrder: number;
  why: string;
}

/**
 * Shopify Payments' standard online card rate on the Basic plan in the US. The synced data holds no payout or
 * fee records (those come from Shopify Payments payouts, a separate permission), so the fee is estimated.
 */
export const DEFAULT_PAYMENT_FEE: PaymentFeeAssumption = {
  rate: 0.029,
  fixedPerOrder: 0.3,
  why:
    "Estimated: the synced data has no payment fee records (Shopify Payments payouts are not synced), so fees are taken at " +
    "2.9% + 0.30 per order, Shopify Payments' standard online card rate on the Basic plan in the US. Higher plans, other " +
    "countries, in-person sales and third-party gateways charge different rates; refunds do not return the fee.",
};

export interface CashFlowLineItem {
  amount: number;
  estimated: boolean;
  basis: string;
}

export interface CashFlowWeek {
  /** Monday of the week (UTC). */
  weekStart: string;
  /** The part of the week inside the period. */
  from: string;
  to: string;
  days: number;
  orders: number;
  inflows: number;
  refunds: number;
  costOfGoods: number;
  paymentFees: number;
  outflows: number;
  net: number;
}

export interface CashFlow {
  from: string;
  to: string;
  inflows: { sales: CashFlowLineItem; taxCollected: number; shippingCollected: number };
  outflows: {
    refunds: CashFlowLineItem;
    costOfGoodsKnown: CashFlowLineItem;
    costOfGoodsExtrapolated: CashFlowLineItem | null;
    paymentFees: CashFlowLineItem;
  };
  totals: { inflows: number; outflows: number; net: number; orders: number };
  /** Share of line-item sales whose unit cost is known (1 = every sold item has a cost). */
  costCoverage: number;
  weeks: CashFlowWeek[];
  notIncluded: string[];
}

function dayMs(iso: string, name: string): number {
  const ms = Date.parse(`${iso}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || Number.isNaN(ms) || isoDay(ms) !== iso)
    throw new Error(`${name} must be a calendar day YYYY-MM-DD; got ${JSON.stringify(iso)}`);
  return ms;
}

/** One day's sums: all computeCashFlow needs of the day's orders, refunds and lines. */
export interface CashFlowDay {
  /** The day, YYYY-MM-DD (the shop's day; computed as that day's UTC midnight). */
  day: string;
  orders: number;
  /** Sum of the orders' totals, taxes and shipping. */
  sales: number;
  tax: number;
  shipping: number;
  /** Orders with a total above zero (a free order pays no fee) and the sum of their totals. */
  paidOrders: number;
  paidSales: number;
  refunds: number;
  /** Line items: quantity x unit price, of all lines and of those with a known unit cost; that cost. */
  lineSales: number;
  costedSales: number;
  knownCost: number;
}

/** A day with nothing on it yet. */
export const emptyCashFlowDay = (day: string): CashFlowDay => ({
  day,
  orders: 0,
  sales: 0,
  tax: 0,
  shipping: 0,
  paidOrders: 0,
  paidSales: 0,
  refunds: 0,
  lineSales: 0,
  costedSales: 0,
  knownCost: 0,
});

/**
 * Orders, refunds and lines are those of the period (the caller filters by date and leaves cancelled orders out, with
 * their refunds and lines). Sales count in the week the order was placed, refunds in the week they were made.
 */
export function computeCashFlow(input: {
  from: string;
  to: string;
  orders: readonly CashFlowOrder[];
  refunds: readonly CashFlowRefund[];
  lines: readonly CashFlowLine[];
  fee?: PaymentFeeAssumption;
  currency?: string | null;
}): CashFlow {
  const days = new Map<string, CashFlowDay>();
  const on = (date: Date) => {
    const day = isoDay(date);
    let sums = days.get(day);
    if (!sums) days.set(day, (sums = emptyCashFlowDay(day)));
    return sums;
  };
  for (const o of input.orders) {
    const d = on(o.createdAt);
    d.orders++;
    d.sales += o.total;
    d.tax += o.totalTax;
    d.shipping += o.totalShipping;
    if (o.total > 0) {
      d.paidOrders++;
      d.paidSales += o.total;
    }
  }
  for (const r of input.refunds) on(r.createdAt).refunds += r.amount;
  for (const line of input.lines) {
    const d = on(line.createdAt);
    const sale = line.quantity * line.unitPrice;
    d.lineSales += sale;
    if (line.unitCost != null) {
      d.costedSales += sale;
      d.knownCost += line.unitCost * line.quantity;
    }
  }
  return computeCashFlowFromDays({ ...input, days: days.values() });
}

/**
 * computeCashFlow from each day's sums, which a database adds up without sending the rows: a year
 * of a big store's orders and lines as objects was gigabytes and half a minute on the event loop.
 * Days outside the period are left out.
 */
export function computeCashFlowFromDays(input: {
  from: string;
  to: string;
  days: Iterable<CashFlowDay>;
  fee?: PaymentFeeAssumption;
  currency?: string | null;
}): CashFlow {
  const start = dayMs(input.from, "from");
  const end = dayMs(input.to, "to");
  if (start > end) throw new Error(`from (${input.from}) must be on or before to (${input.to})`);
  const fee = input.fee ?? DEFAULT_PAYMENT_FEE;
  if (!(fee.rate >= 0 && fee.rate < 1) || !(fee.fixedPerOrder >= 0))
    throw new Error("the payment fee rate must be in [0, 1) and the fixed fee >= 0");

  // Weeks start on Monday; the first and last are clipped to the period.
  const weekOf = (ms: number) => {
    const day = Math.floor(ms / DAY_MS) * DAY_MS;
    return day - ((new Date(day).getUTCDay() + 6) % 7) * DAY_MS;
  };
  const weeks = new Map<number, CashFlowWeek>();
  for (let w = weekOf(start); w <= end; w += 7 * DAY_MS) {
    const from = Math.max(w, start);
    const to = Math.min(w + 6 * DAY_MS, end);
    weeks.set(w, {
      weekStart: isoDay(w),
      from: isoDay(from),
      to: isoDay(to),
      days: (to - from) / DAY_MS + 1,
      orders: 0,
      inflows: 0,
      refunds: 0,
      costOfGoods: 0,
      paymentFees: 0,
      outflows: 0,
      net: 0,
    });
  }

  let sales = 0,
    tax = 0,
    shipping = 0,
    fees = 0,
    orders = 0,
    refunds = 0,
    knownCost = 0,
    costedSales = 0,
    lineSales = 0;
  const uncostedByWeek = new Map<CashFlowWeek, number>();
  for (const d of input.days) {
    const at = dayMs(d.day, "a day's sums' day");
    if (at < start || at > end) continue;
    const w = weeks.get(weekOf(at))!;
    const dayFees = d.paidSales * fee.rate + d.paidOrders * fee.fixedPerOrder;
    sales += d.sales;
    tax += d.tax;
    shipping += d.shipping;
    fees += dayFees;
    orders += d.orders;
    w.orders += d.orders;
    w.inflows += d.sales;
    w.paymentFees += dayFees;
    refunds += d.refunds;
    w.refunds += d.refunds;
    lineSales += d.lineSales;
    knownCost += d.knownCost;
    costedSales += d.costedSales;
    w.costOfGoods += d.knownCost;
    const uncosted = d.lineSales - d.costedSales;
    if (uncosted !== 0) uncostedByWeek.set(w, (uncostedByWeek.get(w) ?? 0) + uncosted);
  }
  const uncostedSales = lineSales - costedSales;
  const costRatio = costedSales > 0 ? knownCost / costedSales : null;
  let extrapolated: CashFlowLineItem | null = null;
  if (uncostedSales > 0.005) {
    if (costRatio !== null) {
      for (const [w, sale] of uncostedByWeek) w.costOfGoods += sale * costRatio;
      extrapolated = {
        amount: roundMoney(uncostedSales * costRatio),
        estimated: true,
        basis: `Estimated: ${roundMoney(uncostedSales)} of item sales have no unit cost in Shopify, so their cost is taken at the ${(costRatio * 100).toFixed(1)}% cost-to-price ratio of the items whose cost is known. Add unit costs in Shopify to replace this estimate.`,
      };
    } else {
      extrapolated = {
        amount: 0,
        estimated: true,
        basis: `Unknown: none of the ${roundMoney(uncostedSales)} of item sales has a unit cost in Shopify, so cost of goods cannot be estimated and net cash flow is overstated. Add unit costs in Shopify.`,
      };
    }
  }

  const weekList = [...weeks.values()].map((w) => {
    const outflows = w.refunds + w.costOfGoods + w.paymentFees;
    return {
      ...w,
      inflows: roundMoney(w.inflows),
      refunds: roundMoney(w.refunds),
      costOfGoods: roundMoney(w.costOfGoods),
      paymentFees: roundMoney(w.paymentFees),
      outflows: roundMoney(outflows),
      net: roundMoney(w.inflows - outflows),
    };
  });
  const totalOut = refunds + knownCost + (extrapolated?.amount ?? 0) + fees;
  const currency = input.currency ? ` ${input.currency}` : "";
  return {
    from: input.from,
    to: input.to,
    inflows: {
      sales: {
        amount: roundMoney(sales),
        estimated: false,
        basis: `Recorded: what customers paid on the ${orders} orders placed in the period (after discounts, with shipping and tax), counted in the week of the order; cancelled orders are left out.`,
      },
      taxCollected: roundMoney(tax),
      shippingCollected: roundMoney(shipping),
    },
    outflows: {
      refunds: {
        amount: roundMoney(refunds),
        estimated: false,
        basis:
          "Recorded: refunds made in the period, counted in the week of the refund (whatever the order's date); refunds of cancelled orders are left out with the orders.",
      },
      costOfGoodsKnown: {
        amount: roundMoney(knownCost),
        estimated: true,
        basis:
          "Estimated: units sold x the variant's current unit cost in Shopify, i.e. the cost of replacing what was sold; supplier payments themselves are not in the synced data.",
      },
      costOfGoodsExtrapolated: extrapolated,
      paymentFees: { amount: roundMoney(fees), estimated: true, basis: fee.why },
    },
    totals: { inflows: roundMoney(sales), outflows: roundMoney(totalOut), net: roundMoney(sales - totalOut), orders },
    costCoverage: lineSales > 0 ? Math.round((costedSales / lineSales) * 10_000) / 10_000 : 0,
    weeks: weekList,
    notIncluded: [
      `Sales tax collected (${roundMoney(tax)}${currency}) is inside the inflows but is owed to the tax authorities; its remittance is not in the synced data.`,
      "Shipping label costs, apps, ads, payroll, rent and other operating expenses are not in the synced data.",
      "Timing is by order and refund date; Shopify pays out a few business days later, so bank deposits lag these weeks.",
    ],
  };
}
