import { describe, expect, it } from "vitest";
import { deriveSeed, FenwickSampler, Rng, WeightedSampler } from "./random";

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs: number[]) => {
  const m = mean(xs);
  return xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
};
const draws = (n: number, f: () => number) => Array.from({ length: n }, f);

describe("Rng", () => {
  it("replays the same sequence for a seed and differs between seeds", () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const seqA = draws(100, () => a.nextUint32());
    expect(draws(100, () => b.nextUint32())).toEqual(seqA);
    expect(draws(100, () => c.nextUint32())).not.toEqual(seqA);
    expect(deriveSeed(1, 2, 3)).not.toBe(deriveSeed(1, 3, 2));
    expect(deriveSeed(1, 2 ** 40)).not.toBe(deriveSeed(1, 0));
  });

  it("draws uniform values in [0, 1) with the right moments", () => {
    const rng = new Rng(1);
    const xs = draws(50_000, () => rng.next());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(mean(xs)).toBeCloseTo(0.5, 2);
    expect(variance(xs)).toBeCloseTo(1 / 12, 2);
    const ints = draws(20_000, () => rng.int(3, 5));
    expect(new Set(ints)).toEqual(new Set([3, 4, 5]));
  });

  it("draws normal, exponential and Poisson values with the right moments", () => {
    const rng = new Rng(2);
    const n = draws(40_000, () => rng.normal(3, 2));
    expect(mean(n)).toBeCloseTo(3, 1);
    expect(Math.sqrt(variance(n))).toBeCloseTo(2, 1);
    expect(mean(draws(40_000, () => rng.exponential(5)))).toBeCloseTo(5, 0);
    for (const lambda of [0.05, 2.5, 9.9, 10, 37, 1200]) {
      const p = draws(30_000, () => rng.poisson(lambda));
      expect(p.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
      expect(Math.abs(mean(p) - lambda)).toBeLessThan(4 * Math.sqrt(lambda / 30_000) + 1e-3);
      expect(variance(p) / lambda).toBeGreaterThan(0.93);
      expect(variance(p) / lambda).toBeLessThan(1.07);
    }
    expect(rng.poisson(0)).toBe(0);
  });

  it("picks with the given weights (weightedChoice, alias sampler and Fenwick sampler)", () => {
    const rng = new Rng(3);
    const weights = [1, 0, 3, 6];
    const count = (draw: () => number) => {
      const c = [0, 0, 0, 0];
      for (let i = 0; i < 40_000; i++) c[draw()]++;
      return c.map((x) => x / 40_000);
    };
    const alias = new WeightedSampler(weights);
    const fenwick = new FenwickSampler(4);
    weights.forEach((w, i) => fenwick.set(i, w));
    for (const shares of [
      count(() => rng.weightedIndex(weights)),
      count(() => alias.sample(rng)),
      count(() => fenwick.sample(rng)),
    ]) {
      expect(shares[1]).toBe(0);
      expect(shares[0]).toBeCloseTo(0.1, 1);
      expect(shares[2]).toBeCloseTo(0.3, 1);
      expect(shares[3]).toBeCloseTo(0.6, 1);
    }
    fenwick.set(3, 0);
    fenwick.set(2, 0);
    expect(new Set(draws(1000, () => fenwick.sample(rng)))).toEqual(new Set([0]));
    fenwick.set(0, 0);
    expect(fenwick.sample(rng)).toBe(-1);
    expect(rng.weightedChoice(["a", "b"], [0, 1])).toBe("b");
    expect(() => rng.weightedIndex([0, 0])).toThrow(/positive/);
    expect(() => rng.choice([])).toThrow(/empty/);
  });

  it("shuffles a sub-range in place as a permutation", () => {
    const rng = new Rng(4);
    const arr = Array.from({ length: 20 }, (_, i) => i);
    rng.shuffle(arr, 5, 15);
    expect(arr.slice(0, 5)).toEqual([0, 1, 2, 3, 4]);
    expect(arr.slice(15)).toEqual([15, 16, 17, 18, 19]);
    expect([...arr.slice(5, 15)].sort((a, b) => a - b)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
  });
});
