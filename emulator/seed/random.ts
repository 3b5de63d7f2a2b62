// Seeded pseudo-random numbers: sfc32 (small fast counter generator, passes PractRand to 2^40+)
// seeded through splitmix32, plus the distributions the seed generator draws from.
// Everything is a pure function of the seed, so the same seed replays the same store.

/** splitmix32 step: spreads consecutive integers into well-mixed 32-bit states. */
function splitmix32(state: number): [next: number, out: number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [next, z >>> 0];
}

/**
 * Mixes a seed with any number of integer keys into one 32-bit seed, so independent streams
 * (per day, per customer, per purpose) can be derived without sharing a generator.
 */
export function deriveSeed(seed: number, ...keys: number[]): number {
  let h = (Math.trunc(seed) ^ 0x5bd1e995) >>> 0;
  for (const key of [Math.floor(seed / 0x100000000), ...keys]) {
    // Fold in both halves so keys above 2^32 still matter.
    const lo = key >>> 0;
    const hi = Math.floor(key / 0x100000000) >>> 0;
    h = Math.imul(h ^ lo, 0x9e3779b1) >>> 0;
    h = (h ^ (h >>> 15)) >>> 0;
    h = Math.imul(h ^ hi, 0x85ebca77) >>> 0;
    h = (h ^ (h >>> 13)) >>> 0;
  }
  return splitmix32(h)[1];
}

/** A 32-bit FNV-1a hash of a string, for seeds derived from names (handles, SKUs). */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const LOG_FACTORIAL_TABLE_SIZE = 256;
const logFactorialTable = (() => {
  const table = new Float64Array(LOG_FACTORIAL_TABLE_SIZE);
  for (let k = 1; k < LOG_FACTORIAL_TABLE_SIZE; k++) table[k] = table[k - 1] + Math.log(k);
  return table;
})();

/** ln(k!) exactly from a table for small k, Stirling's series (error < 1e-12) beyond it. */
export function logFactorial(k: number): number {
  if (k < LOG_FACTORIAL_TABLE_SIZE) return logFactorialTable[k];
  const x = k + 1;
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x * x * x);
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | null = null;

  constructor(seed: number) {
    let s = deriveSeed(seed);
    let out: number;
    [s, out] = splitmix32(s);
    this.a = out;
    [s, out] = splitmix32(s);
    this.b = out;
    [s, out] = splitmix32(s);
    this.c = out;
    [s, out] = splitmix32(s);
    this.d = out;
    // Discard the first outputs: sfc32 needs a few rounds to decorrelate from the seed.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  bernoulli(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal by Box-Muller; the second value of each pair is kept for the next call. */
  normal(mean = 0, sd = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + sd * z;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return mean + sd * r * Math.cos(2 * Math.PI * v);
  }

  logNormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Pareto with minimum xm and tail index alpha (heavier tail for smaller alpha). */
  pareto(xm: number, alpha: number): number {
    return xm * Math.pow(1 - this.next(), -1 / alpha);
  }

  /** Number of failures before the first success, P(success) = p. */
  geometric(p: number): number {
    if (p >= 1) return 0;
    return Math.floor(Math.log(1 - this.next()) / Math.log(1 - p));
  }

  /**
   * Poisson draw. Inversion by sequential search for small means, Hörmann's PTRS
   * (transformed rejection with squeeze) for mean >= 10, so cost stays O(1) for big means.
   */
  poisson(mean: number): number {
    if (!(mean > 0)) return 0;
    if (mean < 10) {
      let k = 0;
      let p = Math.exp(-mean);
      let cdf = p;
      const u = this.next();
      while (u > cdf) {
        k++;
        p *= mean / k;
        cdf += p;
        if (k > 200) break; // guards the floating-point tail
      }
      return k;
    }
    const sqrtMean = Math.sqrt(mean);
    const logMean = Math.log(mean);
    const b = 0.931 + 2.53 * sqrtMean;
    const a = -0.059 + 0.02483 * b;
    const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.next() - 0.5;
      const v = this.next();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -mean + k * logMean - logFactorial(k)) {
        return k;
      }
    }
  }

  choice<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("Rng.choice: cannot choose from an empty list; pass at least one item");
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks items[i] with probability weights[i] / sum(weights). For repeated draws build a WeightedSampler. */
  weightedChoice<T>(items: readonly T[], weights: readonly number[]): T {
    return items[this.weightedIndex(weights)];
  }

  weightedIndex(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i];
    if (!(total > 0)) throw new Error("Rng.weightedIndex: weights must contain a positive number");
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    // Floating-point leftovers land on the last positive weight.
    for (let i = weights.length - 1; i >= 0; i--) if (weights[i] > 0) return i;
    return weights.length - 1;
  }

  /** In-place Fisher-Yates shuffle of arr[from, to). */
  shuffle<T extends { length: number; [i: number]: unknown }>(arr: T, from = 0, to = arr.length): T {
    for (let i = to - 1; i > from; i--) {
      const j = from + Math.floor(this.next() * (i - from + 1));
      const tmp = arr[i];
      arr[i] = arr[j];
      arr[j] = tmp;
    }
    return arr;
  }
}

/** Walker's alias method: O(1) weighted draws from a fixed distribution. */
export class WeightedSampler {
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;

  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    if (n === 0) throw new Error("WeightedSampler: needs at least one weight");
    let total = 0;
    for (let i = 0; i < n; i++) {
      if (!(weights[i] >= 0))
        throw new Error(`WeightedSampler: weight ${i} is ${weights[i]}; weights must be finite and >= 0`);
      total += weights[i];
    }
    if (!(total > 0)) throw new Error("WeightedSampler: weights must contain a positive number");
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = new Float64Array(n);
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < n; i++) {
      scaled[i] = (weights[i] * n) / total;
      (scaled[i] < 1 ? small : large).push(i);
    }
    while (small.length > 0 && large.length > 0) {
      const s = small.pop()!;
      const l = large.pop()!;
      this.prob[s] = scaled[s];
      this.alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      (scaled[l] < 1 ? small : large).push(l);
    }
    for (const i of large) this.prob[i] = 1;
    for (const i of small) this.prob[i] = 1;
  }

  sample(rng: Rng): number {
    const u = rng.next() * this.prob.length;
    const i = Math.floor(u);
    return u - i < this.prob[i] ? i : this.alias[i];
  }
}

/**
 * Fenwick (binary indexed) tree of non-negative weights with weighted sampling in O(log n);
 * used for the active-customer pool, whose members join and churn over time.
 */
export class FenwickSampler {
  private readonly tree: Float64Array;
  private readonly weights: Float64Array;
  private total = 0;
  private readonly topBit: number;

  constructor(readonly size: number) {
    this.tree = new Float64Array(size + 1);
    this.weights = new Float64Array(size);
    let bit = 1;
    while (bit * 2 <= size) bit *= 2;
    this.topBit = bit;
  }

  get totalWeight(): number {
    return this.total;
  }

  weight(index: number): number {
    return this.weights[index];
  }

  set(index: number, weight: number): void {
    const delta = weight - this.weights[index];
    if (delta === 0) return;
    this.weights[index] = weight;
    this.total += delta;
    for (let i = index + 1; i <= this.size; i += i & -i) this.tree[i] += delta;
    // Sums drift with float rounding after many updates; an emptied pool must read as empty.
    if (this.total < 1e-9) this.total = 0;
  }

  /** Index drawn with probability weight / totalWeight; -1 when the pool is empty. */
  sample(rng: Rng): number {
    if (this.total <= 0) return -1;
    let target = rng.next() * this.total;
    let pos = 0;
    for (let bit = this.topBit; bit > 0; bit >>= 1) {
      const next = pos + bit;
      if (next <= this.size && this.tree[next] <= target) {
        pos = next;
        target -= this.tree[next];
      }
    }
    // pos is the count of leading items whose cumulative weight <= target; guard rounding onto zero weights.
    let index = Math.min(pos, this.size - 1);
    while (index > 0 && this.weights[index] === 0) index--;
    if (this.weights[index] === 0) {
      index = pos;
      while (index < this.size && this.weights[index] === 0) index++;
    }
    return index < this.size ? index : -1;
  }
}
