import { beforeAll, describe, expect, it } from "vitest";
import {
  bgNbdLogLikelihood,
  computeClv,
  expectedOrderValue,
  fitBgNbd,
  fitGammaGamma,
  gammaGammaLogLikelihood,
  probabilityAlive,
  type ClvOk,
} from "./clv";
import { dayIndex, type CustomerOrder } from "./orders";
import { simulateOrders, type SimulatedCustomer } from "./simulate";

const asOf = new Date("2025-06-30T00:00:00Z");
const truth = { r: 0.5, alpha: 20, a: 0.8, b: 2.5 };
const spendTruth = { p: 6, q: 4, gamma: 15 }; // population mean order value p * gamma / (q - 1) = 30

describe("computeClv on data simulated from a known BG/NBD process", () => {
  let orders: CustomerOrder[];
  let simulated: SimulatedCustomer[];
  let fit: ClvOk;
  beforeAll(() => {
    ({ orders, customers: simulated } = simulateOrders(truth, spendTruth, {
      customers: 1500,
      seed: 3,
      asOf,
      acquisitionDays: 365,
      holdoutDays: 180,
    }));
    const result = computeClv(orders, asOf, { horizonDays: 180 });
    if (!result.ok) throw new Error(`expected a fit, got ${result.message}`);
    fit = result;
  });

  it("recovers the BG/NBD parameters roughly", () => {
    const { r, alpha, a, b } = fit.bgNbd.params;
    expect(fit.bgNbd.converged).toBe(true);
    expect(r).toBeGreaterThan(truth.r * 0.75);
    expect(r).toBeLessThan(truth.r * 1.25);
    expect(alpha).toBeGreaterThan(truth.alpha * 0.7);
    expect(alpha).toBeLessThan(truth.alpha * 1.3);
    // a and b are individually loose; the mean purchase rate and mean drop-out probability are well identified.
    expect(a / b).toBeGreaterThan((truth.a / truth.b) * 0.6);
    expect(a / b).toBeLessThan((truth.a / truth.b) * 1.6);
    expect(r / alpha).toBeCloseTo(truth.r / truth.alpha, 2);
    expect(Math.abs(a / (a + b) - truth.a / (truth.a + truth.b))).toBeLessThan(0.06);
  });

  it("recovers the population mean order value with Gamma-Gamma", () => {
    const { p, q, gamma } = fit.gammaGamma.params;
    expect(Math.abs((p * gamma) / (q - 1) - 30)).toBeLessThan(3);
    expect(Math.abs(fit.gammaGamma.frequencySpendCorrelation)).toBeLessThan(0.2);
  });

  it("predicts the hold-out period's purchases within 10%", () => {
    const holdoutPurchaseDays = new Set(
      orders
        .filter((o) => new Date(o.createdAt) > asOf)
        .map((o) => `${o.customerId}|${dayIndex(new Date(o.createdAt))}`),
    ).size;
    const predicted = fit.customers.reduce((s, c) => s + c.expectedOrders, 0);
    expect(Math.abs(predicted - holdoutPurchaseDays) / holdoutPurchaseDays).toBeLessThan(0.1);
  });

  it("gives customers who truly dropped out a much lower P(alive)", () => {
    const dropped = new Map(simulated.map((c) => [c.customerId, c.droppedOutAt !== null && c.droppedOutAt <= 0]));
    const meanAlive = (wantDropped: boolean) => {
      const group = fit.customers.filter((c) => dropped.get(c.customerId) === wantDropped);
      return group.reduce((s, c) => s + c.pAlive, 0) / group.length;
    };
    expect(meanAlive(false)).toBeGreaterThan(0.75);
    expect(meanAlive(true)).toBeLessThan(0.45);
  });

  it("orders P(alive) sensibly: recent repeaters above lapsed ones, one-time buyers at 1", () => {
    const p = fit.bgNbd.params;
    const recent = probabilityAlive(p, { x: 5, tx: 290, T: 300 });
    const lapsed = probabilityAlive(p, { x: 5, tx: 60, T: 300 });
    const lapsedLonger = probabilityAlive(p, { x: 5, tx: 60, T: 360 });
    expect(recent).toBeGreaterThan(lapsed);
    expect(lapsed).toBeGreaterThan(lapsedLonger);
    expect(probabilityAlive(p, { x: 0, tx: 0, T: 300 })).toBe(1);
    for (const c of fit.customers) {
      expect(c.pAlive).toBeGreaterThanOrEqual(0);
      expect(c.pAlive).toBeLessThanOrEqual(1);
      expect(c.churnRisk).toBeCloseTo(1 - c.pAlive, 12);
      expect(c.pOrderInHorizon).toBeLessThanOrEqual(c.pAlive + 1e-12);
    }
  });

  it("gives CLV, expected order value and next-order dates consistent with the model", () => {
    const { p, q, gamma } = fit.gammaGamma.params;
    const population = (p * gamma) / (q - 1);
    // Gamma-Gamma shrinks a customer's own mean toward the population mean.
    const shrunk = expectedOrderValue(fit.gammaGamma.params, 3, 100);
    expect(shrunk).toBeGreaterThan(population);
    expect(shrunk).toBeLessThan(100);
    for (const c of fit.customers.slice(0, 200)) {
      expect(c.clv).toBeCloseTo(c.expectedOrders * c.expectedOrderValue, 6); // margin 1, no discounting
      expect(Date.parse(c.medianNextOrderDate)).toBeGreaterThan(asOf.getTime());
    }
    const discounted = computeClv(orders, asOf, { horizonDays: 180, annualDiscountRate: 0.1, margin: 0.5 });
    if (!discounted.ok) throw new Error(discounted.message);
    const c0 = discounted.customers[0];
    expect(c0.clv).toBeLessThan(c0.expectedOrders * c0.expectedOrderValue * 0.5);
    expect(c0.clv).toBeGreaterThan(c0.expectedOrders * c0.expectedOrderValue * 0.5 * 0.9);
  });
});

describe("model fits", () => {
  it("report log-likelihoods equal to the per-customer formulas at the fitted parameters", () => {
    const data = [
      { x: 0, tx: 0, T: 30 },
      { x: 0, tx: 0, T: 30 },
      { x: 2, tx: 20, T: 40 },
      { x: 5, tx: 90, T: 100 },
      { x: 1, tx: 3, T: 200 },
      { x: 3, tx: 150, T: 160 },
    ];
    const bg = fitBgNbd(data);
    const direct = data.reduce((s, d) => s + bgNbdLogLikelihood(bg.params, d), 0);
    expect(bg.logLikelihood).toBeCloseTo(direct, 6);
    const spend = [
      { x: 1, meanSpend: 20 },
      { x: 2, meanSpend: 35 },
      { x: 4, meanSpend: 28 },
      { x: 1, meanSpend: 50 },
      { x: 3, meanSpend: 22 },
    ];
    const gg = fitGammaGamma(spend);
    expect(gg.logLikelihood).toBeCloseTo(
      spend.reduce((s, d) => s + gammaGammaLogLikelihood(gg.params, d.x, d.meanSpend), 0),
      6,
    );
  });
});

describe("computeClv refuses thin data", () => {
  it("returns too_little_data with fewer than 100 customers", () => {
    const { orders } = simulateOrders(truth, spendTruth, { customers: 60, seed: 1, asOf, acquisitionDays: 365 });
    const result = computeClv(orders, asOf);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe("too_little_data");
    expect(result.customers).toBe(60);
    expect(result.message).toMatch(/60 customers/);
  });

  it("returns too_little_data when almost nobody has ordered twice", () => {
    const orders: CustomerOrder[] = [];
    for (let i = 0; i < 300; i++)
      orders.push({
        customerId: `c${i}`,
        createdAt: new Date(asOf.getTime() - (i + 1) * 86_400_000).toISOString(),
        total: 25,
      });
    for (let i = 0; i < 10; i++) orders.push({ customerId: `c${i}`, createdAt: asOf.toISOString(), total: 30 });
    const result = computeClv(orders, asOf);
    expect(result).toMatchObject({ ok: false, reason: "too_little_data", customers: 300, repeatCustomers: 10 });
  });

  it("rejects nonsense options", () => {
    expect(() => computeClv([], asOf, { margin: 30 })).toThrow(/margin/);
  });
});
