// Builds SeedOrder objects from the order plan, one at a time and in time order, so that a
// million orders never sit in memory. Everything random here comes from one generator seeded at
// the start of each iteration: iterating twice yields the same orders.

import type { Catalog } from "./catalog";
import { round2 } from "./catalog";
import { localToUtcMs, WELCOME_CODE, type DemandCalendar } from "./calendar";
import { DAY_MS } from "./dates";
import { ID_BASE } from "./ids";
import { CHANNELS, CHANNEL_DRAFT, CHANNEL_POS, type OrderPlan } from "./plan";
import { segmentAt, type PricePaths } from "./pricing";
import { deriveSeed, hashString, Rng } from "./random";
import type { SeedAddress, SeedLineItem, SeedOrder, SeedRefund, SeedRiskAssessment } from "./types";
import { CITIES, STREETS } from "./vocab";

/** What the stream needs to know about the customers (struct-of-arrays, index = acquisition order). */
export interface CustomerDirectory {
  id: Float64Array;
  email: string[];
  city: Uint8Array;
  wholesale: Uint8Array;
}

export interface OrderStreamInput {
  seed: number;
  plan: OrderPlan;
  catalog: Catalog;
  paths: PricePaths;
  calendar: DemandCalendar;
  customers: CustomerDirectory;
  currencyCode: string;
  /** City index (into CITIES) of the retail store, for POS tax. */
  storeCity: number;
}

const STREAM_KEY = 0x0de5;
const FREE_SHIPPING_THRESHOLD = 75;
const REFUND_NOTES = [
  "Item arrived damaged",
  "Wrong size",
  "Customer changed their mind",
  "Not as described",
  null,
  null,
];
const ORDER_NOTES = ["Please gift wrap", "Leave at the barn door", "Deliver after 5pm", "Call on arrival"];

export function orderStream(input: OrderStreamInput): Iterable<SeedOrder> {
  return { [Symbol.iterator]: () => generateOrders(input) };
}

function* generateOrders(input: OrderStreamInput): Generator<SeedOrder> {
  const { plan, catalog, paths, calendar, customers, currencyCode } = input;
  const { model, products } = catalog;
  const rng = new Rng(deriveSeed(input.seed, STREAM_KEY));
  const days = calendar.days;
  const historyEndMs = localToUtcMs(calendar, days - 1, 86_399);
  let lineItemId: number = ID_BASE.lineItem;
  let refundId: number = ID_BASE.refund;
  // Scratch for merging repeated variants within one basket.
  const lineVariant: number[] = [];
  const lineQty: number[] = [];

  for (let d = 0; d < days; d++) {
    const ageDays = days - 1 - d;
    const promoIndex = calendar.promotionOfDay[d];
    const promo = promoIndex >= 0 ? calendar.promotions[promoIndex] : null;
    for (let o = plan.dayOrderStart[d]; o < plan.dayOrderStart[d + 1]; o++) {
      const createdMs = localToUtcMs(calendar, d, plan.orderSecond[o]);
      const createdAt = new Date(createdMs).toISOString();
      const channel = plan.orderChannel[o];
      const customer = plan.orderCustomer[o];
      const isFirst = customer < 0 || plan.orderIsFirst[o] === 1;
      const orderNumber = 1001 + o;

      // Lines: merge a variant drawn twice into one line with the summed quantity.
      lineVariant.length = lineQty.length = 0;
      const evStart = plan.orderEventStart[o];
      for (let e = evStart; e < evStart + plan.orderEventCount[o]; e++) {
        const v = plan.eventVariant[e];
        const at = lineVariant.indexOf(v);
        if (at >= 0) lineQty[at] += plan.eventQty[e];
        else {
          lineVariant.push(v);
          lineQty.push(plan.eventQty[e]);
        }
      }
      const lineItems: SeedLineItem[] = new Array(lineVariant.length);
      let lineTotal = 0;
      let units = 0;
      for (let i = 0; i < lineVariant.length; i++) {
        const v = lineVariant[i];
        const variant = model.variants[v];
        const product = products[model.productIndex[v]];
        const unitPrice = paths.segPrice[segmentAt(paths, v, d)];
        lineItems[i] = {
          id: ++lineItemId,
          productId: product.id,
          variantId: variant.id,
          sku: variant.sku,
          title: product.title,
          quantity: lineQty[i],
          unitPrice,
        };
        lineTotal += unitPrice * lineQty[i];
        units += lineQty[i];
      }
      lineTotal = round2(lineTotal);

      // Who and where.
      let email: string | null = null;
      let shipping: SeedAddress | null = null;
      let billing: SeedAddress | null = null;
      let cityIndex = input.storeCity;
      let mismatch = false;
      if (customer >= 0) {
        email = customers.email[customer];
        cityIndex = customers.city[customer];
        billing = addressOf(customer, cityIndex);
      } else if (channel !== CHANNEL_POS) {
        email = `guest${orderNumber}@example.com`;
        cityIndex = pickCity(rng);
        billing = addressOf(1_000_000_000 + o, cityIndex);
      }
      if (channel !== CHANNEL_POS && billing) {
        shipping = { ...billing };
        if (rng.next() < 0.04) {
          // Shipped somewhere else than the card's address: gifts, a yard, a holiday home ... or fraud.
          mismatch = true;
          cityIndex = pickCity(rng);
          shipping = addressOf(2_000_000_000 + o, cityIndex);
        }
      } else if (channel === CHANNEL_POS) {
        cityIndex = input.storeCity;
      }
      const city = CITIES[cityIndex];
      const international = city.countryCode !== "US";

      // Discounts: the running promotion's code, or the welcome code on a first order.
      const discountCodes: string[] = [];
      let totalDiscounts = 0;
      if (promo && rng.next() < promo.redemption) {
        if (promo.percentage !== null) {
          totalDiscounts = round2(lineTotal * promo.percentage);
          discountCodes.push(promo.code);
        } else if (promo.amount !== null && lineTotal >= promo.minimumSubtotal) {
          totalDiscounts = Math.min(promo.amount, lineTotal);
          discountCodes.push(promo.code);
        }
      } else if (isFirst && customer >= 0 && channel !== CHANNEL_POS && rng.next() < 0.15) {
        totalDiscounts = round2(lineTotal * WELCOME_CODE.percentage);
        discountCodes.push(WELCOME_CODE.code);
      }
      const subtotalPrice = round2(lineTotal - totalDiscounts);
      let totalShipping = 0;
      if (channel !== CHANNEL_POS && shipping) {
        if (international) totalShipping = city.countryCode === "CA" ? 19.95 : 29.95;
        else if (subtotalPrice < FREE_SHIPPING_THRESHOLD) totalShipping = units >= 3 ? 9.95 : 6.95;
      }
      const totalTax = round2(subtotalPrice * city.taxRate);
      const totalPrice = round2(subtotalPrice + totalShipping + totalTax);

      const risk =
        channel === CHANNEL_POS
          ? null
          : assessRisk(rng, {
              isFirst,
              totalPrice,
              mismatch,
              international,
              previousOrders: customer >= 0 && !isFirst,
            });

      // Lifecycle: cancellations (fraud mostly), pending payments, fulfilment, refunds.
      let financialStatus: SeedOrder["financialStatus"] = "PAID";
      let fulfillmentStatus: SeedOrder["fulfillmentStatus"] = "FULFILLED";
      let cancelledAt: string | null = null;
      const refunds: SeedRefund[] = [];
      const pending =
        (ageDays <= 2 && rng.next() < 0.2) || (channel === CHANNEL_DRAFT && ageDays < 30 && rng.next() < 0.3);
      const cancelChance = risk?.riskLevel === "HIGH" ? 0.35 : risk?.riskLevel === "MEDIUM" ? 0.04 : 0.006;
      if (rng.next() < cancelChance) {
        const cancelMs = Math.min(createdMs + (1 + rng.next() * 20) * 3600_000, historyEndMs);
        cancelledAt = new Date(cancelMs).toISOString();
        fulfillmentStatus = "UNFULFILLED";
        if (pending) financialStatus = "VOIDED";
        else {
          financialStatus = "REFUNDED";
          refunds.push({
            id: ++refundId,
            createdAt: cancelledAt,
            note: "Order cancelled",
            lineItems: lineItems.map((li) => ({ lineItemId: li.id, quantity: li.quantity })),
            amount: totalPrice,
          });
        }
      } else {
        if (pending) financialStatus = "PENDING";
        if (channel !== CHANNEL_POS) {
          if (pending || ageDays === 0) fulfillmentStatus = "UNFULFILLED";
          else if (ageDays <= 2) {
            const r = rng.next();
            fulfillmentStatus =
              r < 0.5 ? "UNFULFILLED" : r < 0.6 && lineItems.length > 1 ? "PARTIALLY_FULFILLED" : "FULFILLED";
          }
        }
        if (!pending && fulfillmentStatus === "FULFILLED" && rng.next() < (risk?.riskLevel === "HIGH" ? 0.15 : 0.055)) {
          const refundMs = createdMs + (3 + rng.next() * 27) * DAY_MS;
          if (refundMs <= historyEndMs) {
            const note = REFUND_NOTES[Math.floor(rng.next() * REFUND_NOTES.length)];
            if (rng.next() < 0.35) {
              refunds.push({
                id: ++refundId,
                createdAt: new Date(refundMs).toISOString(),
                note,
                lineItems: lineItems.map((li) => ({ lineItemId: li.id, quantity: li.quantity })),
                amount: totalPrice,
              });
              financialStatus = "REFUNDED";
            } else {
              // Partial: some units of one line, at the price paid after the order discount, with tax.
              const li = lineItems[Math.floor(rng.next() * lineItems.length)];
              const quantity = 1 + Math.floor(rng.next() * li.quantity);
              const paidShare = lineTotal > 0 ? subtotalPrice / lineTotal : 1;
              const amount = round2(li.unitPrice * quantity * paidShare * (1 + city.taxRate));
              refunds.push({
                id: ++refundId,
                createdAt: new Date(refundMs).toISOString(),
                note,
                lineItems: [{ lineItemId: li.id, quantity }],
                amount,
              });
              financialStatus = "PARTIALLY_REFUNDED";
            }
          }
        }
      }

      const tags: string[] = [];
      if (channel === CHANNEL_POS) tags.push("in-store");
      if (channel === CHANNEL_DRAFT) tags.push("phone-order");
      if (customer >= 0 && customers.wholesale[customer]) tags.push("wholesale");
      const note = rng.next() < 0.01 ? ORDER_NOTES[Math.floor(rng.next() * ORDER_NOTES.length)] : null;

      yield {
        id: ID_BASE.order + 1 + o,
        name: `#${orderNumber}`,
        customerId: customer >= 0 ? customers.id[customer] : null,
        email,
        createdAt,
        processedAt: createdAt,
        cancelledAt,
        currencyCode,
        sourceName: CHANNELS[channel],
        discountCodes,
        totalDiscounts,
        subtotalPrice,
        totalShipping,
        totalTax,
        totalPrice,
        financialStatus,
        fulfillmentStatus,
        billingAddress: billing,
        shippingAddress: shipping,
        note,
        tags,
        lineItems,
        refunds,
        risk,
      };
    }
  }
}

const citySampler = (() => {
  const cumulative: number[] = [];
  let s = 0;
  for (const c of CITIES) cumulative.push((s += c.weight));
  return { cumulative, total: s };
})();

export function pickCity(rng: Rng): number {
  const u = rng.next() * citySampler.total;
  let i = 0;
  while (i < citySampler.cumulative.length - 1 && citySampler.cumulative[i] <= u) i++;
  return i;
}

/** A stable street address for a key (customer index, or an order-derived key for guests). */
export function addressOf(key: number, cityIndex: number): SeedAddress {
  const city = CITIES[cityIndex];
  const h = hashString(`addr:${key}`);
  const zipTail =
    city.countryCode === "US"
      ? String(h % 100).padStart(2, "0")
      : city.countryCode === "CA"
        ? ` ${1 + (h % 9)}A${h % 10}`
        : ` ${1 + (h % 9)}AA`;
  return {
    address1: `${1 + (h % 9899)} ${STREETS[(h >>> 16) % STREETS.length]}`,
    city: city.city,
    province: city.province,
    zip: city.zipPrefix + zipTail,
    countryCode: city.countryCode,
  };
}

/**
 * Risk facts in the style of Shopify's fraud analysis. Billing/shipping mismatches and high-value
 * first orders are the main signals; a clean history pulls the other way.
 */
function assessRisk(
  rng: Rng,
  o: { isFirst: boolean; totalPrice: number; mismatch: boolean; international: boolean; previousOrders: boolean },
): SeedRiskAssessment {
  const facts: SeedRiskAssessment["facts"] = [];
  let score = 0;
  if (o.isFirst && o.totalPrice > 400) {
    score += 2;
    facts.push({ description: "High order value for a customer with no previous orders", sentiment: "NEGATIVE" });
  }
  if (o.mismatch) {
    score += 2;
    facts.push({ description: "Billing address is different from the shipping address", sentiment: "NEGATIVE" });
  }
  if (o.international && rng.next() < 0.3) {
    score += 1;
    facts.push({
      description: "IP address is in a different country than the shipping address",
      sentiment: "NEGATIVE",
    });
  }
  if (rng.next() < 0.012) {
    score += 3;
    facts.push({
      description: `Payment was declined ${2 + Math.floor(rng.next() * 4)} times before it succeeded`,
      sentiment: "NEGATIVE",
    });
  }
  if (rng.next() < 0.006) {
    score += 2;
    facts.push({ description: "Order was placed through an anonymous proxy", sentiment: "NEGATIVE" });
  }
  if (o.previousOrders) {
    score -= 1;
    facts.push({ description: "Customer has paid for previous orders", sentiment: "POSITIVE" });
  }
  if (score < 4) facts.push({ description: "Card verification (CVV) matched", sentiment: "POSITIVE" });
  if (score < 2)
    facts.push({
      description: "Characteristics of this order are similar to non-fraudulent orders",
      sentiment: "POSITIVE",
    });
  const riskLevel = score >= 4 ? "HIGH" : score >= 2 ? "MEDIUM" : "LOW";
  return { riskLevel, facts };
}
