import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { localDateOf } from "./dates";
import { generateStore, SHOP_TIMEZONE } from "./generate";
import type { SeedOrder, SeedStore, SeedVariant } from "./types";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const sampleDir = path.resolve(repoRoot, "../shared/data/shopify-sample-products");

function hashStore(store: SeedStore): string {
  const h = createHash("sha256");
  const { orders, ...rest } = store;
  h.update(JSON.stringify(rest));
  for (const o of orders) h.update(JSON.stringify(o));
  return h.digest("hex");
}

const SMALL = { products: 40, orders: 3000, days: 120, endDate: "2026-03-31" } as const;

describe("generateStore determinism", () => {
  it("gives identical output for the same seed and different output for another seed", () => {
    const a = hashStore(generateStore({ seed: 7, ...SMALL }));
    const b = hashStore(generateStore({ seed: 7, ...SMALL }));
    const c = hashStore(generateStore({ seed: 8, ...SMALL }));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it("replays the same orders when the order stream is iterated twice", () => {
    const store = generateStore({ seed: 11, ...SMALL });
    const first = createHash("sha256");
    for (const o of store.orders) first.update(JSON.stringify(o));
    const second = createHash("sha256");
    let n = 0;
    for (const o of store.orders) {
      second.update(JSON.stringify(o));
      n++;
    }
    expect(second.digest("hex")).toBe(first.digest("hex"));
    expect(n).toBe(store.orderCount);
  });

  it("rejects bad options with a message naming the option", () => {
    expect(() => generateStore({ seed: 1.5, products: 10, orders: 10, days: 30 })).toThrow(/seed must be an integer/);
    expect(() => generateStore({ seed: 1, products: 0, orders: 10, days: 30 })).toThrow(/products must be/);
    expect(() => generateStore({ seed: 1, products: 10, orders: 10, days: 30, endDate: "31/10/2026" })).toThrow(
      /endDate must be a YYYY-MM-DD/,
    );
  });
});

describe("a generated store over two years", () => {
  let store: SeedStore;
  let orders: SeedOrder[];
  let localDate: string[];
  const variantById = new Map<number, SeedVariant>();

  beforeAll(() => {
    store = generateStore({
      seed: 2024,
      products: 160,
      orders: 40_000,
      days: 730,
      sampleCsvDir: existsSync(sampleDir) ? sampleDir : null,
    });
    orders = [...store.orders];
    // Local dates through Intl, memoised per UTC hour (offsets change on the hour).
    const byHour = new Map<number, string>();
    localDate = orders.map((o) => {
      const ms = Date.parse(o.createdAt);
      const hour = Math.floor(ms / 3_600_000);
      let date = byHour.get(hour);
      if (date === undefined) byHour.set(hour, (date = localDateOf(hour * 3_600_000, SHOP_TIMEZONE)));
      return date;
    });
    for (const p of store.products) for (const v of p.variants) variantById.set(v.id, v);
  });

  it("has roughly the requested number of orders, with sequential ids and names in time order", () => {
    expect(orders.length).toBe(store.orderCount);
    expect(orders.length).toBeGreaterThan(36_000);
    expect(orders.length).toBeLessThan(44_000);
    const problems: string[] = [];
    for (let i = 1; i < orders.length; i++) {
      if (orders[i].id !== orders[i - 1].id + 1)
        problems.push(`${orders[i].name}: id ${orders[i].id} after ${orders[i - 1].id}`);
      if (Number(orders[i].name.slice(1)) !== Number(orders[i - 1].name.slice(1)) + 1)
        problems.push(`${orders[i].name} follows ${orders[i - 1].name}`);
      if (orders[i].createdAt < orders[i - 1].createdAt)
        problems.push(`order ${orders[i].name} is earlier than ${orders[i - 1].name}`);
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(localDate[0] >= "2024-11-01").toBe(true);
    expect(localDate[localDate.length - 1] <= "2026-10-31").toBe(true);
  });

  it.skipIf(!existsSync(sampleDir))("lists the sample CSV products first", () => {
    expect(store.products[0].handle).toBe("ocean-blue-shirt");
    expect(store.products[0].filledIn).toEqual(expect.arrayContaining(["sku", "unitCost"]));
    expect(store.products.length).toBe(160);
  });

  it("has unique SKUs, handles and ids, and 2-3 locations holding non-negative stock", () => {
    const skus = new Set<string>();
    const handles = new Set(store.products.map((p) => p.handle));
    expect(handles.size).toBe(store.products.length);
    expect(store.locations.length).toBeGreaterThanOrEqual(2);
    expect(store.locations.length).toBeLessThanOrEqual(3);
    for (const v of variantById.values()) {
      skus.add(v.sku);
      expect(Object.keys(v.inventory).map(Number).sort()).toEqual(store.locations.map((l) => l.id).sort());
      for (const q of Object.values(v.inventory)) expect(Number.isInteger(q) && q >= 0).toBe(true);
      expect(v.unitCost).toBeGreaterThan(0);
      expect(v.unitCost!).toBeLessThan(v.refPrice!);
      expect(v.trueElasticity).toBeLessThan(0);
    }
    expect(skus.size).toBe(variantById.size);
  });

  it("charges the price in force on the order day and adds totals up", () => {
    const history = new Map<number, { from: string; price: number }[]>();
    for (const c of store.priceHistory) {
      const list = history.get(c.variantId) ?? [];
      list.push(c);
      history.set(c.variantId, list);
    }
    // Collect problems and assert once: an expect() per line item would dominate the runtime.
    const problems: string[] = [];
    orders.forEach((o, i) => {
      let lines = 0;
      for (const li of o.lineItems) {
        const changes = history.get(li.variantId)!;
        let k = changes.length - 1;
        while (k > 0 && changes[k].from > localDate[i]) k--;
        if (li.unitPrice !== changes[k].price)
          problems.push(`${o.name}: ${li.sku} at ${li.unitPrice}, price in force ${changes[k].price}`);
        lines += li.unitPrice * li.quantity;
      }
      if (Math.abs(o.subtotalPrice - (lines - o.totalDiscounts)) > 0.005)
        problems.push(`${o.name}: subtotal ${o.subtotalPrice} != lines ${lines} - discounts ${o.totalDiscounts}`);
      if (Math.abs(o.totalPrice - (o.subtotalPrice + o.totalShipping + o.totalTax)) > 0.005)
        problems.push(`${o.name}: total ${o.totalPrice} does not add up`);
    });
    expect(problems.slice(0, 5)).toEqual([]);
    // The catalogue shows the last price of each variant's history.
    for (const [variantId, changes] of history)
      expect(variantById.get(variantId)!.price).toBe(changes[changes.length - 1].price);
  });

  it("sells more on weekdays than at weekends", () => {
    const byWeekday = new Array(7).fill(0);
    const dayCount = new Array(7).fill(0);
    const start = Date.parse("2024-11-01");
    for (let d = 0; d < 730; d++) dayCount[new Date(start + d * 86_400_000).getUTCDay()]++;
    for (const date of localDate) byWeekday[new Date(`${date}T00:00:00Z`).getUTCDay()]++;
    const weekday =
      (byWeekday[1] + byWeekday[2] + byWeekday[3] + byWeekday[4] + byWeekday[5]) /
      (dayCount[1] + dayCount[2] + dayCount[3] + dayCount[4] + dayCount[5]);
    const weekend = (byWeekday[0] + byWeekday[6]) / (dayCount[0] + dayCount[6]);
    expect(weekday / weekend).toBeGreaterThan(1.15);
  });

  it("peaks in Q4: Oct-Dec beats the quarters on either side (trend cancelled)", () => {
    const perDay = (from: string, to: string) =>
      localDate.filter((d) => d >= from && d <= to).length / ((Date.parse(to) - Date.parse(from)) / 86_400_000 + 1);
    const q4 = perDay("2025-10-01", "2025-12-31");
    const around = (perDay("2025-07-01", "2025-09-30") + perDay("2026-01-01", "2026-03-31")) / 2;
    expect(q4 / around).toBeGreaterThan(1.15);
    // Black Friday weekend: promotion lift on top of the season.
    const bfcm = store.demandCalendar!.filter((d) => d.discountCode === "BFCM2025").map((d) => d.date);
    expect(bfcm.length).toBe(4);
    expect(perDay(bfcm[0], bfcm[3])).toBeGreaterThan(1.5 * perDay("2025-11-01", "2025-11-20"));
  });

  it("redeems promotion codes during promotions, with the code's discount", () => {
    const promoDays = new Map(
      store.demandCalendar!.filter((d) => d.discountCode).map((d) => [d.date, d.discountCode!]),
    );
    const codes = new Map(store.discountCodes.map((c) => [c.code, c]));
    let promoOrders = 0;
    let redeemed = 0;
    orders.forEach((o, i) => {
      const code = promoDays.get(localDate[i]);
      if (code) {
        promoOrders++;
        if (o.discountCodes.includes(code)) redeemed++;
      }
      for (const c of o.discountCodes) {
        const dc = codes.get(c)!;
        const lines = o.lineItems.reduce((s, li) => s + li.unitPrice * li.quantity, 0);
        if (dc.percentage !== null) expect(o.totalDiscounts).toBeCloseTo(lines * dc.percentage, 1);
        else expect(o.totalDiscounts).toBeCloseTo(Math.min(dc.amount!, lines), 2);
      }
    });
    expect(redeemed / promoOrders).toBeGreaterThan(0.3);
  });

  it("recovers a best seller's true elasticity with a log-log (Poisson) regression of daily units on price", () => {
    // Units sold per variant per local day.
    const dayIndex = new Map(store.demandCalendar!.map((d, i) => [d.date, i]));
    const units = new Map<number, Float64Array>();
    orders.forEach((o, i) => {
      for (const li of o.lineItems) {
        let arr = units.get(li.variantId);
        if (!arr) units.set(li.variantId, (arr = new Float64Array(730)));
        arr[dayIndex.get(localDate[i])!] += li.quantity;
      }
    });
    const segments = new Map<number, number>();
    for (const c of store.priceHistory) segments.set(c.variantId, (segments.get(c.variantId) ?? 0) + 1);
    const total = (id: number) => units.get(id)!.reduce((a, b) => a + b, 0);
    const candidate = [...units.keys()].filter((id) => segments.get(id)! >= 4).sort((a, b) => total(b) - total(a))[0];
    const variant = variantById.get(candidate)!;
    expect(total(candidate) / 730).toBeGreaterThan(1);

    const excluded = new Set<number>(); // stocked-out days (demand censored) and the sell-out day before them
    for (const s of store.stockouts!.filter((s) => s.variantId === candidate)) {
      const from = dayIndex.get(s.from)!;
      const until = s.until ? dayIndex.get(s.until)! : 730;
      for (let d = from - 1; d < until; d++) excluded.add(d);
    }
    const changes = store.priceHistory.filter((c) => c.variantId === candidate);
    const firstSaleDay = dayIndex.get(changes[0].from)!;
    const xs: number[] = [];
    const ys: number[] = [];
    const offsets: number[] = [];
    for (let d = firstSaleDay; d < 730; d++) {
      if (excluded.has(d)) continue;
      const date = store.demandCalendar![d].date;
      const price = changes.filter((c) => c.from <= date).pop()!.price;
      const day = store.demandCalendar![d];
      xs.push(Math.log(price / variant.refPrice!));
      ys.push(units.get(candidate)![d]);
      offsets.push(Math.log(day.trend * day.weekly * day.yearly * day.promotion));
    }
    expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(0.15); // the price did move
    const [, slope] = poissonRegression(xs, ys, offsets);
    expect(Math.abs(slope - variant.trueElasticity!)).toBeLessThan(0.3);
  });

  it("has intermittent demand for slow movers: most days without a sale", () => {
    const slow = [...variantById.values()].filter((v) => v.baseDailyDemand! > 0 && v.baseDailyDemand! < 0.05);
    expect(slow.length).toBeGreaterThan(10);
    const daysWithSale = new Map<number, Set<string>>();
    orders.forEach((o, i) => {
      for (const li of o.lineItems) {
        let set = daysWithSale.get(li.variantId);
        if (!set) daysWithSale.set(li.variantId, (set = new Set()));
        set.add(localDate[i]);
      }
    });
    for (const v of slow) expect(daysWithSale.get(v.id)?.size ?? 0).toBeLessThan(0.2 * 730);
  });

  it("sells nothing of a variant while it is out of stock, and stockouts end with a restock", () => {
    const soldOn = new Map<number, Set<string>>();
    orders.forEach((o, i) => {
      for (const li of o.lineItems) {
        let set = soldOn.get(li.variantId);
        if (!set) soldOn.set(li.variantId, (set = new Set()));
        set.add(localDate[i]);
      }
    });
    const stockouts = store.stockouts!;
    expect(stockouts.length).toBeGreaterThan(20);
    let checkedDays = 0;
    for (const s of stockouts) {
      const sold = soldOn.get(s.variantId) ?? new Set<string>();
      const end = s.until ?? "2026-11-01";
      for (let t = Date.parse(s.from); t < Date.parse(end); t += 86_400_000) {
        const date = new Date(t).toISOString().slice(0, 10);
        expect(sold.has(date)).toBe(false);
        checkedDays++;
      }
      if (s.until) expect(s.until > s.from).toBe(true);
    }
    expect(checkedDays).toBeGreaterThan(100);
  });

  it("refunds 3-8 % of orders, some partially, and never more than was paid", () => {
    const refunded = orders.filter((o) => o.refunds.length > 0);
    const rate = refunded.length / orders.length;
    expect(rate).toBeGreaterThan(0.03);
    expect(rate).toBeLessThan(0.08);
    const partial = refunded.filter((o) => o.financialStatus === "PARTIALLY_REFUNDED");
    expect(partial.length).toBeGreaterThan(0.2 * refunded.length);
    for (const o of refunded) {
      const amount = o.refunds.reduce((s, r) => s + r.amount, 0);
      expect(amount).toBeLessThanOrEqual(o.totalPrice + 0.01);
      expect(o.refunds[0].createdAt >= o.createdAt).toBe(true);
      const lineIds = new Set(o.lineItems.map((li) => li.id));
      for (const r of o.refunds) for (const rl of r.lineItems) expect(lineIds.has(rl.lineItemId)).toBe(true);
    }
  });

  it("has repeat customers with a heavy-tailed purchase frequency, and churn", () => {
    const perCustomer = new Map<number, number>();
    const lastOrder = new Map<number, string>();
    orders.forEach((o, i) => {
      if (o.customerId === null) return;
      perCustomer.set(o.customerId, (perCustomer.get(o.customerId) ?? 0) + 1);
      lastOrder.set(o.customerId, localDate[i]);
    });
    const counts = [...perCustomer.values()];
    const repeat = counts.filter((c) => c >= 2).length;
    expect(repeat / counts.length).toBeGreaterThan(0.1);
    expect(Math.max(...counts)).toBeGreaterThanOrEqual(10);
    // Heavy tail: the top 5 % of customers place far more than 5 % of the orders.
    const sorted = counts.sort((a, b) => b - a);
    const top = sorted.slice(0, Math.ceil(sorted.length * 0.05)).reduce((a, b) => a + b, 0);
    expect(top / sorted.reduce((a, b) => a + b, 0)).toBeGreaterThan(0.15);
    // Churn: among repeat customers acquired in the first months, many stop buying well before the end.
    const customers = new Map(store.customers.map((c) => [c.id, c]));
    const early = [...perCustomer.keys()].filter(
      (id) => perCustomer.get(id)! >= 2 && customers.get(id)!.createdAt < "2025-02-01",
    );
    const lapsed = early.filter((id) => lastOrder.get(id)! < "2026-02-01");
    expect(lapsed.length / early.length).toBeGreaterThan(0.2);
    // Every ordering customer exists and was created before their first order.
    const firstOrder = new Map<number, string>();
    for (const o of orders)
      if (o.customerId !== null && !firstOrder.has(o.customerId)) firstOrder.set(o.customerId, o.createdAt);
    for (const [id, at] of firstOrder) expect(customers.get(id)!.createdAt < at).toBe(true);
  });

  it("assesses risk: mostly LOW, some MEDIUM/HIGH with negative facts; mismatches and big first orders are riskier", () => {
    const assessed = orders.filter((o) => o.risk);
    const level = (l: string) => assessed.filter((o) => o.risk!.riskLevel === l).length;
    expect(level("LOW") / assessed.length).toBeGreaterThan(0.8);
    expect(level("MEDIUM")).toBeGreaterThan(0);
    expect(level("HIGH")).toBeGreaterThan(0);
    for (const o of assessed) {
      if (o.risk!.riskLevel !== "LOW") expect(o.risk!.facts.some((f) => f.sentiment === "NEGATIVE")).toBe(true);
    }
    const mismatched = assessed.filter(
      (o) => o.shippingAddress && o.billingAddress && o.shippingAddress.address1 !== o.billingAddress.address1,
    );
    const risky = (list: SeedOrder[]) => list.filter((o) => o.risk!.riskLevel !== "LOW").length / list.length;
    expect(mismatched.length).toBeGreaterThan(100);
    expect(risky(mismatched)).toBeGreaterThan(3 * risky(assessed));
    const seen = new Set<number>();
    const bigFirstOrders = assessed.filter((o) => {
      const first = o.customerId !== null && !seen.has(o.customerId);
      if (o.customerId !== null) seen.add(o.customerId);
      return first && o.totalPrice > 400;
    });
    expect(bigFirstOrders.length).toBeGreaterThan(20);
    expect(risky(bigFirstOrders)).toBeGreaterThan(3 * risky(assessed));
  });

  it("spreads orders over channels and charges tax and shipping", () => {
    const channels = new Set(orders.map((o) => o.sourceName));
    expect(channels.has("web")).toBe(true);
    expect(channels.has("shopify_draft_order")).toBe(true);
    expect(orders.filter((o) => o.sourceName === "web").length / orders.length).toBeGreaterThan(0.6);
    expect(orders.some((o) => o.totalTax > 0)).toBe(true);
    expect(orders.some((o) => o.totalShipping > 0)).toBe(true);
    expect(orders.some((o) => o.totalShipping === 0 && o.subtotalPrice >= 75)).toBe(true);
    expect(orders.some((o) => o.cancelledAt !== null)).toBe(true);
  });
});

/** Poisson GLM with log link and an offset, fitted by Newton-Raphson: log E[y] = a + b x + offset. */
function poissonRegression(x: number[], y: number[], offset: number[]): [number, number] {
  const meanY = y.reduce((s, v) => s + v, 0) / y.length;
  const meanExp = offset.reduce((s, v) => s + Math.exp(v), 0) / offset.length;
  let a = Math.log(meanY / meanExp);
  let b = 0;
  for (let iter = 0; iter < 50; iter++) {
    let g0 = 0,
      g1 = 0,
      h00 = 0,
      h01 = 0,
      h11 = 0;
    for (let i = 0; i < x.length; i++) {
      const mu = Math.exp(a + b * x[i] + offset[i]);
      g0 += y[i] - mu;
      g1 += (y[i] - mu) * x[i];
      h00 += mu;
      h01 += mu * x[i];
      h11 += mu * x[i] * x[i];
    }
    const det = h00 * h11 - h01 * h01;
    const da = (h11 * g0 - h01 * g1) / det;
    const db = (h00 * g1 - h01 * g0) / det;
    a += da;
    b += db;
    if (Math.abs(da) + Math.abs(db) < 1e-10) break;
  }
  return [a, b];
}
