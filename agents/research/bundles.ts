// Frequently-bought-together: association rules over orders (each order = a set of product ids).
//
// One pass counts items, a second counts pairs among frequent items only (Apriori pruning: a pair cannot be
// more frequent than either item), keyed by a packed integer i * N + j in a Map, so 100k+ orders need no
// string concatenation per pair. Triples (optional) are counted only when all three sub-pairs are frequent.
//   support(X)        = count(X) / orders
//   confidence(A -> B) = count(A ∪ B) / count(A)
//   lift(A -> B)       = confidence(A -> B) / support(B)

import { runPaced, runSteps, type Steps } from "../core/pace";

export interface BundleOptions {
  /** Minimum support of an itemset (fraction of orders). Default 0.001. */
  minSupport?: number;
  /** Minimum number of orders containing the itemset. Default 5. */
  minCount?: number;
  /** Minimum confidence for a rule. Default 0.1. */
  minConfidence?: number;
  /** Also mine triples {A, B} -> C. Default false. */
  includeTriples?: boolean;
  /** Orders with more distinct items than this are skipped (bulk/wholesale orders say little about affinity). Default 50. */
  maxItemsPerOrder?: number;
  /** Pairs, triples and rules returned (each), highest lift first. Default 500. */
  limit?: number;
}

export interface ItemsetStats {
  items: string[];
  count: number;
  support: number;
  /** support(items) / product of single-item supports. */
  lift: number;
}

export interface AssociationRule {
  antecedent: string[];
  consequent: string;
  /** Orders containing antecedent and consequent. */
  count: number;
  support: number;
  confidence: number;
  lift: number;
}

export interface BundleReport {
  orderCount: number;
  ordersSkipped: number;
  itemCount: number;
  /** Itemsets passing the thresholds before `limit` was applied. */
  pairCount: number;
  tripleCount: number;
  pairs: ItemsetStats[];
  triples: ItemsetStats[];
  rules: AssociationRule[];
}

export function findBundles(orders: Iterable<Iterable<string>>, options: BundleOptions = {}): BundleReport {
  return runSteps(findBundlesSteps(orders, options));
}

/**
 * findBundles paced (agents/core/pace.ts): the same report, with the event loop given a turn every
 * slice (the passes over ~100k baskets of a million-order store are seconds in one go otherwise).
 */
export function findBundlesPaced(
  orders: Iterable<Iterable<string>>,
  options: BundleOptions = {},
): Promise<BundleReport> {
  return runPaced(findBundlesSteps(orders, options));
}

/** Orders, baskets or counted itemsets between yields of findBundlesSteps. */
const PER_STEP = 1024;

function* findBundlesSteps(orders: Iterable<Iterable<string>>, options: BundleOptions): Steps<BundleReport> {
  const minSupport = options.minSupport ?? 0.001;
  const minCountOpt = options.minCount ?? 5;
  const minConfidence = options.minConfidence ?? 0.1;
  const maxItems = options.maxItemsPerOrder ?? 50;
  const limit = options.limit ?? 500;
  if (!(minSupport >= 0 && minSupport <= 1)) throw new Error(`minSupport must be in [0, 1], got ${minSupport}`);
  if (!(minConfidence >= 0 && minConfidence <= 1))
    throw new Error(`minConfidence must be in [0, 1], got ${minConfidence}`);

  // Pass 1: intern ids, dedupe within each order, count items.
  const index = new Map<string, number>();
  const names: string[] = [];
  const itemCounts: number[] = [];
  const baskets: Int32Array[] = [];
  let orderCount = 0;
  let skipped = 0;
  for (const order of orders) {
    if ((orderCount + skipped) % PER_STEP === PER_STEP - 1) yield;
    if (order == null || typeof (order as Iterable<string>)[Symbol.iterator] !== "function")
      throw new Error(`order #${orderCount + skipped} is not a list of product ids; send string[] per order`);
    const ids = new Set<number>();
    for (const id of order) {
      if (typeof id !== "string" || id === "")
        throw new Error(
          `order #${orderCount + skipped} has a product id that is not a non-empty string: ${JSON.stringify(id)}`,
        );
      let k = index.get(id);
      if (k === undefined) {
        k = names.length;
        index.set(id, k);
        names.push(id);
        itemCounts.push(0);
      }
      ids.add(k);
    }
    if (ids.size > maxItems) {
      skipped++;
      continue;
    }
    orderCount++;
    for (const k of ids) itemCounts[k]++;
    if (ids.size >= 2) baskets.push(Int32Array.from(ids).sort());
  }
  const minCount = Math.max(minCountOpt, Math.ceil(minSupport * orderCount - 1e-9), 1);
  const n = names.length;
  const frequent = itemCounts.map((c) => c >= minCount);

  // Pass 2: pairs among frequent items.
  const pairCounts = new Map<number, number>();
  let step = 0;
  for (const b of baskets) {
    if (++step % PER_STEP === 0) yield;
    for (let x = 0; x < b.length; x++) {
      const i = b[x];
      if (!frequent[i]) continue;
      for (let y = x + 1; y < b.length; y++) {
        const j = b[y];
        if (!frequent[j]) continue;
        const key = i * n + j;
        pairCounts.set(key, (pairCounts.get(key) ?? 0) + 1);
      }
    }
  }
  const p = (k: number) => itemCounts[k] / orderCount;
  const pairs: ItemsetStats[] = [];
  const rules: AssociationRule[] = [];
  const frequentPairs = new Set<number>();
  for (const [key, count] of pairCounts) {
    if (++step % PER_STEP === 0) yield;
    if (count < minCount) continue;
    frequentPairs.add(key);
    const i = Math.floor(key / n);
    const j = key - i * n;
    const support = count / orderCount;
    const lift = support / (p(i) * p(j));
    pairs.push({ items: [names[i], names[j]], count, support, lift });
    for (const [a, c] of [
      [i, j],
      [j, i],
    ]) {
      const confidence = count / itemCounts[a];
      if (confidence >= minConfidence)
        rules.push({
          antecedent: [names[a]],
          consequent: names[c],
          count,
          support,
          confidence,
          lift: confidence / p(c),
        });
    }
  }

  const triples: ItemsetStats[] = [];
  if (options.includeTriples) {
    // Numeric packed keys while n^3 stays below 2^53 (n < ~208k products); strings beyond that.
    const packable = n * n * n < Number.MAX_SAFE_INTEGER;
    const tripleCounts = new Map<number | string, number>();
    for (const b of baskets) {
      if (++step % PER_STEP === 0) yield;
      const f = Array.from(b).filter((k) => frequent[k]);
      for (let x = 0; x < f.length; x++)
        for (let y = x + 1; y < f.length; y++) {
          if (!frequentPairs.has(f[x] * n + f[y])) continue;
          for (let z = y + 1; z < f.length; z++) {
            if (!frequentPairs.has(f[x] * n + f[z]) || !frequentPairs.has(f[y] * n + f[z])) continue;
            const key = packable ? (f[x] * n + f[y]) * n + f[z] : `${f[x]},${f[y]},${f[z]}`;
            tripleCounts.set(key, (tripleCounts.get(key) ?? 0) + 1);
          }
        }
    }
    for (const [key, count] of tripleCounts) {
      if (++step % PER_STEP === 0) yield;
      if (count < minCount) continue;
      let a: number, b: number, c: number;
      if (typeof key === "number") {
        c = key % n;
        b = ((key - c) / n) % n;
        a = (key - c - b * n) / (n * n);
      } else [a, b, c] = key.split(",").map(Number);
      const support = count / orderCount;
      triples.push({ items: [names[a], names[b], names[c]], count, support, lift: support / (p(a) * p(b) * p(c)) });
      for (const [x, y, cons] of [
        [a, b, c],
        [a, c, b],
        [b, c, a],
      ]) {
        const lo = Math.min(x, y);
        const hi = Math.max(x, y);
        const confidence = count / pairCounts.get(lo * n + hi)!;
        if (confidence >= minConfidence)
          rules.push({
            antecedent: [names[x], names[y]],
            consequent: names[cons],
            count,
            support,
            confidence,
            lift: confidence / p(cons),
          });
      }
    }
  }

  const byLift = <T extends { lift: number; count: number }>(a: T, b: T) => b.lift - a.lift || b.count - a.count;
  yield;
  pairs.sort(byLift);
  yield;
  triples.sort(byLift);
  yield;
  rules.sort((a, b) => byLift(a, b) || b.confidence - a.confidence);
  return {
    orderCount,
    ordersSkipped: skipped,
    itemCount: n,
    pairCount: pairs.length,
    tripleCount: triples.length,
    pairs: pairs.slice(0, limit),
    triples: triples.slice(0, limit),
    rules: rules.slice(0, limit),
  };
}
