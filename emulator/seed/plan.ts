// Turns the simulated sales events into an order plan (compact typed arrays, no objects):
// each day's events are shuffled and cut into baskets of 1-5 lines, every basket gets a channel
// and a local time of day, baskets are put in time order, and then customers are assigned in
// time order: a known-customer order either acquires a new customer or goes to a returning one
// drawn from the active pool by a heavy-tailed purchase frequency; customers churn out of the pool.

import type { DemandCalendar } from "./calendar";
import { FenwickSampler, type Rng, WeightedSampler } from "./random";
import type { SalesEvents } from "./simulate";

/** Lines per order: P(1) .. P(5); mean 1.49. */
export const BASKET_SIZES = [0.68, 0.2, 0.08, 0.03, 0.01];
export const MEAN_BASKET = BASKET_SIZES.reduce((s, p, i) => s + p * (i + 1), 0);

export const CHANNELS = ["web", "pos", "shopify_draft_order", "iphone", "android"] as const;
export const CHANNEL_WEB = 0;
export const CHANNEL_POS = 1;
export const CHANNEL_DRAFT = 2;
const CHANNEL_WEIGHTS = [0.8, 0.09, 0.03, 0.04, 0.04];
const GUEST_SHARE = [0.04, 0.55, 0, 0, 0];

// Hourly order profiles (local time): online peaks at lunch and in the evening, the shop keeps
// opening hours, draft orders are keyed in during office hours.
const ONLINE_HOURS = [
  1.2, 0.8, 0.5, 0.4, 0.3, 0.4, 0.8, 1.5, 2.5, 3.2, 3.6, 3.8, 4.2, 4.0, 3.7, 3.5, 3.6, 4.0, 4.6, 5.2, 5.6, 5.0, 3.6,
  2.2,
];
const STORE_HOURS = ONLINE_HOURS.map((_, h) => (h >= 10 && h < 19 ? (h >= 12 && h < 15 ? 1.4 : 1) : 0));
const OFFICE_HOURS = ONLINE_HOURS.map((_, h) => (h >= 9 && h < 17 ? 1 : 0));

export interface OrderPlan {
  orderCount: number;
  /** Orders of day d are dayOrderStart[d] .. dayOrderStart[d+1]-1, already in time order. */
  dayOrderStart: Int32Array;
  /** Each order's lines are eventVariant/eventQty[orderEventStart[o] .. + orderEventCount[o]). */
  orderEventStart: Int32Array;
  orderEventCount: Uint8Array;
  orderSecond: Int32Array; // local second of the day
  orderChannel: Uint8Array;
  /** Customer index (acquisition order) or -1 for a guest checkout. */
  orderCustomer: Int32Array;
  /** 1 when the order is its customer's first. */
  orderIsFirst: Uint8Array;
  eventVariant: Int32Array;
  eventQty: Uint8Array;
  buyerCount: number;
  customerFirstOrder: Int32Array;
  customerOrderCount: Int32Array;
}

export function planOrders(
  rng: Rng,
  events: SalesEvents,
  calendar: DemandCalendar,
  opts: { hasStore: boolean; customers?: number },
): OrderPlan {
  const days = calendar.days;
  const E = events.count;

  // Bucket events by day (counting sort), then shuffle within each day.
  const dayEventStart = new Int32Array(days + 1);
  for (let i = 0; i < E; i++) dayEventStart[events.day[i] + 1]++;
  for (let d = 0; d < days; d++) dayEventStart[d + 1] += dayEventStart[d];
  const fill = dayEventStart.slice(0, days);
  const eventVariant = new Int32Array(E);
  const eventQty = new Uint8Array(E);
  for (let i = 0; i < E; i++) {
    const at = fill[events.day[i]]++;
    eventVariant[at] = events.variant[i];
    eventQty[at] = events.qty[i];
  }

  const channelWeights = CHANNEL_WEIGHTS.map((w, c) => (c === CHANNEL_POS && !opts.hasStore ? 0 : w));
  const channelSampler = new WeightedSampler(channelWeights);
  const basketSampler = new WeightedSampler(BASKET_SIZES);
  const hourSamplers = [
    new WeightedSampler(ONLINE_HOURS),
    new WeightedSampler(STORE_HOURS),
    new WeightedSampler(OFFICE_HOURS),
  ];
  const hourSamplerOf = (channel: number) =>
    channel === CHANNEL_POS ? hourSamplers[1] : channel === CHANNEL_DRAFT ? hourSamplers[2] : hourSamplers[0];

  // Upper bound: one order per event.
  const orderEventStart = new Int32Array(E);
  const orderEventCount = new Uint8Array(E);
  const orderSecond = new Int32Array(E);
  const orderChannel = new Uint8Array(E);
  const orderCustomer = new Int32Array(E);
  const dayOrderStart = new Int32Array(days + 1);
  let orders = 0;
  let dayKeys = new Float64Array(1024);
  const tmpStart: number[] = [];
  const tmpCount: number[] = [];
  const tmpChannel: number[] = [];
  const tmpGuest: number[] = [];

  for (let d = 0; d < days; d++) {
    dayOrderStart[d] = orders;
    const from = dayEventStart[d];
    const to = dayEventStart[d + 1];
    for (let i = to - 1; i > from; i--) {
      const j = from + Math.floor(rng.next() * (i - from + 1));
      const tv = eventVariant[i];
      eventVariant[i] = eventVariant[j];
      eventVariant[j] = tv;
      const tq = eventQty[i];
      eventQty[i] = eventQty[j];
      eventQty[j] = tq;
    }
    tmpStart.length = tmpCount.length = tmpChannel.length = tmpGuest.length = 0;
    let at = from;
    while (at < to) {
      const size = Math.min(1 + basketSampler.sample(rng), to - at);
      const channel = channelSampler.sample(rng);
      tmpStart.push(at);
      tmpCount.push(size);
      tmpChannel.push(channel);
      tmpGuest.push(rng.next() < GUEST_SHARE[channel] ? 1 : 0);
      at += size;
    }
    const k = tmpStart.length;
    if (k > dayKeys.length) dayKeys = new Float64Array(Math.max(k, dayKeys.length * 2));
    for (let i = 0; i < k; i++) {
      const second = hourSamplerOf(tmpChannel[i]).sample(rng) * 3600 + Math.floor(rng.next() * 3600);
      dayKeys[i] = second * 4_194_304 + i; // time first, basket index to break ties (2^22 baskets a day max)
    }
    const keys = dayKeys.subarray(0, k).sort();
    for (let i = 0; i < k; i++) {
      const basket = keys[i] % 4_194_304;
      orderEventStart[orders] = tmpStart[basket];
      orderEventCount[orders] = tmpCount[basket];
      orderSecond[orders] = Math.floor(keys[i] / 4_194_304);
      orderChannel[orders] = tmpChannel[basket];
      orderCustomer[orders] = tmpGuest[basket] ? -1 : 0;
      orders++;
    }
  }
  dayOrderStart[days] = orders;

  const assignment = assignCustomers(rng, orders, orderCustomer, dayOrderStart, days, opts.customers);
  return {
    orderCount: orders,
    dayOrderStart,
    orderEventStart: orderEventStart.slice(0, orders),
    orderEventCount: orderEventCount.slice(0, orders),
    orderSecond: orderSecond.slice(0, orders),
    orderChannel: orderChannel.slice(0, orders),
    orderCustomer: orderCustomer.slice(0, orders),
    orderIsFirst: assignment.isFirst,
    eventVariant,
    eventQty,
    buyerCount: assignment.buyers,
    customerFirstOrder: assignment.firstOrder,
    customerOrderCount: assignment.orderCount,
  };
}

/** Share of known-customer orders placed by first-time buyers when the caller gives no customer count. */
const NEW_CUSTOMER_ORDER_SHARE = 0.62;
const ONE_TIME_BUYER_SHARE = 0.4;
const MEAN_LIFETIME_DAYS = 420;

function assignCustomers(
  rng: Rng,
  orders: number,
  orderCustomer: Int32Array,
  dayOrderStart: Int32Array,
  days: number,
  requested?: number,
) {
  let known = 0;
  for (let o = 0; o < orders; o++) if (orderCustomer[o] !== -1) known++;
  const buyers = Math.min(known, requested ?? Math.round(known * NEW_CUSTOMER_ORDER_SHARE));
  const firstOrder = new Int32Array(buyers);
  const orderCount = new Int32Array(buyers);
  const isFirst = new Uint8Array(orders);
  const pool = new FenwickSampler(Math.max(1, buyers));
  const churnByDay: number[][] = [];
  let acquired = 0;
  let remainingKnown = known;

  for (let d = 0; d < days; d++) {
    const leaving = churnByDay[d];
    if (leaving) for (const c of leaving) pool.set(c, 0);
    for (let o = dayOrderStart[d]; o < dayOrderStart[d + 1]; o++) {
      if (orderCustomer[o] === -1) continue;
      if (buyers === 0) {
        orderCustomer[o] = -1; // the caller asked for no customers: every order is a guest checkout
        continue;
      }
      const remainingNew = buyers - acquired;
      let customer = -1;
      const mustBeNew = remainingNew >= remainingKnown || pool.totalWeight <= 0;
      if (remainingNew > 0 && (mustBeNew || rng.next() < remainingNew / remainingKnown)) {
        customer = acquired++;
        firstOrder[customer] = o;
        isFirst[o] = 1;
        if (!rng.bernoulli(ONE_TIME_BUYER_SHARE)) {
          // Heavy-tailed purchase frequency: most return rarely, a few (trainers, yards) very often.
          pool.set(customer, Math.min(60, rng.pareto(1, 1.3)));
          const churnDay = d + 1 + Math.floor(rng.exponential(MEAN_LIFETIME_DAYS));
          if (churnDay < days) (churnByDay[churnDay] ??= []).push(customer);
        }
      } else {
        customer = pool.sample(rng);
        // Everyone active has churned and no new customers are left: a lapsed customer comes back.
        if (customer < 0) customer = Math.floor(rng.next() * acquired);
      }
      orderCustomer[o] = customer;
      orderCount[customer]++;
      remainingKnown--;
    }
    churnByDay[d] = undefined as never;
  }
  return { buyers, firstOrder, orderCount, isFirst };
}
