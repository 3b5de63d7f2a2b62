// Synthetic order histories drawn from a known BG/NBD + Gamma-Gamma process, for tests and benchmarks.
import { type CustomerOrder } from "./orders";
import type { BgNbdParams, GammaGammaParams } from "./clv";
import { DAY_MS } from "../core/time";

/** Deterministic PRNG (mulberry32) so generated data and test outcomes are reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Gamma(shape, rate) by Marsaglia & Tsang, with the shape < 1 boost. */
export function sampleGamma(random: () => number, shape: number, rate: number): number {
  if (shape < 1) return sampleGamma(random, shape + 1, rate) * (1 - random()) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(random);
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = 1 - random();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

export function sampleBeta(random: () => number, a: number, b: number): number {
  const x = sampleGamma(random, a, 1);
  const y = sampleGamma(random, b, 1);
  return x / (x + y);
}

export interface SimulationOptions {
  customers: number;
  seed: number;
  /** End of the calibration period; customers are acquired uniformly over the acquisitionDays before it. */
  asOf: Date;
  acquisitionDays: number;
  /** Also simulate this many days after asOf (orders dated after asOf form a hold-out period). */
  holdoutDays?: number;
}

export interface SimulatedCustomer {
  customerId: string;
  lambda: number;
  p: number;
  /** Day (relative to asOf, negative = before) on which the customer dropped out; null if active at the end. */
  droppedOutAt: number | null;
}

/**
 * Each customer: lambda ~ Gamma(r, alpha), p ~ Beta(a, b), first purchase at a uniform time in the acquisition
 * window, then Poisson(lambda) purchases, dropping out after each repeat purchase with probability p. Spend per order
 * follows Gamma-Gamma: nu ~ Gamma(q, gamma) per customer, order value ~ Gamma(p, nu).
 */
export function simulateOrders(
  bgNbd: BgNbdParams,
  spend: GammaGammaParams,
  options: SimulationOptions,
): { orders: CustomerOrder[]; customers: SimulatedCustomer[] } {
  const random = seededRandom(options.seed);
  const end = options.holdoutDays ?? 0;
  const orders: CustomerOrder[] = [];
  const customers: SimulatedCustomer[] = [];
  for (let i = 0; i < options.customers; i++) {
    const customerId = `c${String(i).padStart(5, "0")}`;
    const lambda = sampleGamma(random, bgNbd.r, bgNbd.alpha);
    const p = sampleBeta(random, bgNbd.a, bgNbd.b);
    const nu = sampleGamma(random, spend.q, spend.gamma);
    let t = -options.acquisitionDays * random();
    let droppedOutAt: number | null = null;
    // BG/NBD: the first purchase starts the clock; drop-out can only follow a repeat purchase.
    for (let purchase = 0; ; purchase++) {
      const total = Math.round(sampleGamma(random, spend.p, nu) * 100) / 100;
      orders.push({ customerId, createdAt: new Date(options.asOf.getTime() + t * DAY_MS).toISOString(), total });
      if (purchase > 0 && random() < p) {
        droppedOutAt = t;
        break;
      }
      t += -Math.log(1 - random()) / lambda;
      if (t > end) break;
    }
    customers.push({ customerId, lambda, p, droppedOutAt });
  }
  return { orders, customers };
}
