import { describe, expect, it } from "vitest";
import { cumulativeSd, forecastSeries } from "./index";
import { poissonSeries, rng, weeklySeries, normal } from "./testing/synthetic";

/** Fraction of future actuals inside each interval over many simulated series. */
function coverage(make: (seed: number) => number[], historyDays: number, horizon: number, seeds: number) {
  const hits: Record<number, number> = { 80: 0, 95: 0 };
  let total = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const s = make(seed);
    const r = forecastSeries(s.slice(0, historyDays), { horizon });
    if (!r.ok) throw new Error(r.message);
    for (const interval of r.intervals) {
      for (let j = 0; j < horizon; j++) {
        const y = s[historyDays + j];
        if (y >= interval.lower[j] && y <= interval.upper[j]) hits[interval.level]++;
        expect(interval.lower[j]).toBeGreaterThanOrEqual(0);
        expect(interval.upper[j]).toBeGreaterThanOrEqual(r.forecast[j]);
      }
    }
    total += horizon;
  }
  return { c80: hits[80] / total, c95: hits[95] / total };
}

describe("prediction interval coverage on simulated data", () => {
  it("is near nominal for weekly seasonal demand with Gaussian noise", () => {
    const { c80, c95 } = coverage((seed) => weeklySeries(rng(seed), 300 + 14, 50, 5), 300, 14, 120);
    expect(c80).toBeGreaterThan(0.7);
    expect(c80).toBeLessThan(0.9);
    expect(c95).toBeGreaterThan(0.88);
    expect(c95).toBeLessThan(0.99);
  });

  it("is near nominal for a local level that wanders (random walk + noise), where width must grow", () => {
    const make = (seed: number): number[] => {
      const rand = rng(1000 + seed);
      let level = 100;
      return Array.from({ length: 200 + 21 }, () => {
        level += 1.5 * normal(rand);
        return Math.max(0, level + 2 * normal(rand));
      });
    };
    const { c80, c95 } = coverage(make, 200, 21, 120);
    expect(c80).toBeGreaterThan(0.7);
    expect(c80).toBeLessThan(0.9);
    expect(c95).toBeGreaterThan(0.88);
  });

  it("covers count data (Poisson mean 6) near nominal without going below zero", () => {
    const { c80, c95 } = coverage((seed) => poissonSeries(rng(5000 + seed), 250 + 14, 6), 250, 14, 100);
    // Discrete outcomes make exact coverage impossible; intervals should not be far off.
    expect(c80).toBeGreaterThan(0.7);
    expect(c80).toBeLessThan(0.92);
    expect(c95).toBeGreaterThan(0.88);
  });
});

describe("cumulativeSd", () => {
  it("adds shared shocks: two days with psi a give sd sqrt((1+a)^2 + 1)", () => {
    const a = 0.3;
    expect(cumulativeSd({ sigma: 2, psi: [a], stepScale: [1, 1] }, 2)).toBeCloseTo(2 * Math.sqrt((1 + a) ** 2 + 1), 12);
  });

  it("matches the variance of simulated lead-time error sums", () => {
    const model = { sigma: 1.5, psi: [0.2, 0.25, 0.3, 0.5], stepScale: [1, 1.1, 0.9, 1, 1.2] };
    const rand = rng(9);
    const sums: number[] = [];
    for (let k = 0; k < 20000; k++) {
      const eps = Array.from({ length: 5 }, () => model.sigma * normal(rand));
      let total = 0;
      for (let j = 0; j < 5; j++) {
        let e = eps[j];
        for (let i = 1; i <= j; i++) e += model.psi[i - 1] * eps[j - i];
        total += model.stepScale[j] * e;
      }
      sums.push(total);
    }
    const mean = sums.reduce((s, v) => s + v, 0) / sums.length;
    const sd = Math.sqrt(sums.reduce((s, v) => s + (v - mean) ** 2, 0) / sums.length);
    expect(sd / cumulativeSd(model, 5)).toBeGreaterThan(0.97);
    expect(sd / cumulativeSd(model, 5)).toBeLessThan(1.03);
  });
});
