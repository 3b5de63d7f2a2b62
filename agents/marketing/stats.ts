// Hand-written numerical helpers for the marketing models (no stats library by design).
import { runSteps, type Steps } from "../core/pace";

/**
 * Scores 1..5 by quintile with ties sharing one score.
 * Each value gets its mid-rank (1-based average rank of its tie group) and score = ceil(5 * (midRank - 0.5) / n),
 * i.e. the quintile of its plotting position. With distinct values this is plain quintiles (n=10 -> 1,1,2,2,3,3,4,4,5,5);
 * tied values always share a score (all-equal values get the middle score 3), so bins can be uneven when ties are
 * many (e.g. most customers with exactly one order).
 */
export function quintileScores(values: ArrayLike<number>): number[] {
  return Array.from(quintileScoresOf(values));
}

/**
 * quintileScores into a Uint8Array, for hundreds of thousands of values: the values are sorted as
 * a Float64Array (a native numeric sort, no comparator calls or boxed numbers) and each value's tie
 * group is found by binary search.
 */
export function quintileScoresOf(values: ArrayLike<number>): Uint8Array {
  return runSteps(quintileScoresSteps(values));
}

/** quintileScoresOf as steps: yields every few thousand values (the sort itself is one native call). */
export function* quintileScoresSteps(values: ArrayLike<number>): Steps<Uint8Array> {
  const n = values.length;
  const scores = new Uint8Array(n);
  const sorted = Float64Array.from(values).sort();
  yield;
  for (let i = 0; i < n; i++) {
    if ((i & 4095) === 4095) yield;
    const v = values[i];
    // The tie group of v is sorted[first..last]; -0 and 0 are one group, as === has them.
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    const first = lo;
    hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] > v) hi = mid;
      else lo = mid + 1;
    }
    const last = lo - 1;
    const midRank = (first + 1 + last + 1) / 2;
    scores[i] = Math.min(5, Math.max(1, Math.ceil((5 * (midRank - 0.5)) / n - 1e-12)));
  }
  return scores;
}

const LANCZOS_G = 7;
const LANCZOS_COEF = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, ~15 significant digits). */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new Error(`logGamma needs x > 0; got ${x}`);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS_COEF[0];
  for (let i = 1; i < LANCZOS_G + 2; i++) sum += LANCZOS_COEF[i] / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** log(exp(x) + exp(y)) without overflow. */
export function logSumExp(x: number, y: number): number {
  if (x === -Infinity) return y;
  if (y === -Infinity) return x;
  const m = Math.max(x, y);
  return m + Math.log(Math.exp(x - m) + Math.exp(y - m));
}

/**
 * Gauss hypergeometric 2F1(a, b; c; z) by its power series, for 0 <= z < 1.
 * Terms shrink roughly like z^k, so even z = 0.99 converges in a few thousand terms; throws rather than
 * returning a wrong number if it does not converge.
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) throw new Error(`hyp2f1 series needs 0 <= z < 1; got ${z}`);
  let term = 1;
  let sum = 1;
  for (let k = 0; k < 200_000; k++) {
    term *= (((a + k) * (b + k)) / ((c + k) * (k + 1))) * z;
    sum += term;
    if (Math.abs(term) <= 1e-14 * Math.abs(sum)) return sum;
  }
  throw new Error(`hyp2f1(${a}, ${b}; ${c}; ${z}) did not converge; shorten the horizon`);
}

export interface NelderMeadOptions {
  maxIterations?: number;
  /** Stop when the spread of function values across the simplex falls below this. */
  tolerance?: number;
  /** Initial simplex step along each axis. */
  step?: number;
}

export interface NelderMeadResult {
  x: number[];
  value: number;
  iterations: number;
  converged: boolean;
}

/** Minimises f with the Nelder-Mead simplex method (standard coefficients 1, 2, 0.5, 0.5). */
export function nelderMead(
  f: (x: number[]) => number,
  start: readonly number[],
  options: NelderMeadOptions = {},
): NelderMeadResult {
  return runSteps(nelderMeadSteps(f, start, options));
}

/**
 * nelderMead as steps (agents/core/pace.ts): it yields after each evaluation of f, which on a big
 * store is one pass over ~100k customer groups (a few ms), so a paced caller never blocks for a fit.
 */
export function* nelderMeadSteps(
  f: (x: number[]) => number,
  start: readonly number[],
  options: NelderMeadOptions = {},
): Steps<NelderMeadResult> {
  const { maxIterations = 2000, tolerance = 1e-9, step = 0.5 } = options;
  const n = start.length;
  // Non-finite values (overflow at silly parameters) are treated as +Infinity so the simplex moves away.
  const evaluate = (x: number[]) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  let simplex: { x: number[]; v: number }[] = [{ x: [...start], v: evaluate([...start]) }];
  yield;
  for (let i = 0; i < n; i++) {
    const x = [...start];
    x[i] += step;
    simplex.push({ x, v: evaluate(x) });
    yield;
  }
  const combine = (p: number[], q: number[], t: number) => p.map((pi, i) => pi + t * (q[i] - pi));

  let iterations = 0;
  let converged = false;
  for (; iterations < maxIterations; iterations++) {
    simplex.sort((p, q) => p.v - q.v);
    const best = simplex[0];
    const worst = simplex[n];
    if (Number.isFinite(worst.v) && Math.abs(worst.v - best.v) <= tolerance * (Math.abs(best.v) + tolerance)) {
      converged = true;
      break;
    }
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] += simplex[i].x[j] / n;

    const reflected = combine(centroid, worst.x, -1);
    const vr = evaluate(reflected);
    yield;
    if (vr < best.v) {
      const expanded = combine(centroid, worst.x, -2);
      const ve = evaluate(expanded);
      yield;
      simplex[n] = ve < vr ? { x: expanded, v: ve } : { x: reflected, v: vr };
      continue;
    }
    if (vr < simplex[n - 1].v) {
      simplex[n] = { x: reflected, v: vr };
      continue;
    }
    const outside = vr < worst.v;
    const contracted = outside ? combine(centroid, reflected, 0.5) : combine(centroid, worst.x, 0.5);
    const vc = evaluate(contracted);
    yield;
    if (vc < (outside ? vr : worst.v)) {
      simplex[n] = { x: contracted, v: vc };
      continue;
    }
    const shrunk: { x: number[]; v: number }[] = [best];
    for (let i = 1; i <= n; i++) {
      const x = combine(best.x, simplex[i].x, 0.5);
      shrunk.push({ x, v: evaluate(x) });
      yield;
    }
    simplex = shrunk;
  }
  simplex.sort((p, q) => p.v - q.v);
  return { x: simplex[0].x, value: simplex[0].v, iterations, converged };
}

/** Optimises from the start, then restarts from each optimum until the value stops improving (escapes early stalls). */
export function nelderMeadWithRestarts(
  f: (x: number[]) => number,
  start: readonly number[],
  options: NelderMeadOptions & { restarts?: number } = {},
): NelderMeadResult {
  return runSteps(nelderMeadWithRestartsSteps(f, start, options));
}

/** nelderMeadWithRestarts as steps (a yield after each evaluation of f). */
export function* nelderMeadWithRestartsSteps(
  f: (x: number[]) => number,
  start: readonly number[],
  options: NelderMeadOptions & { restarts?: number } = {},
): Steps<NelderMeadResult> {
  const { restarts = 4, ...rest } = options;
  let result = yield* nelderMeadSteps(f, start, rest);
  for (let i = 0; i < restarts; i++) {
    const next = yield* nelderMeadSteps(f, result.x, { ...rest, step: (rest.step ?? 0.5) / 2 });
    const improved = result.value - next.value > 1e-7 * (Math.abs(result.value) + 1);
    result = next.value <= result.value ? { ...next, iterations: result.iterations + next.iterations } : result;
    if (!improved) break;
  }
  return result;
}

export function mean(values: ArrayLike<number>): number {
  if (values.length === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

export function pearson(xs: ArrayLike<number>, ys: ArrayLike<number>): number {
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}
