// Additive-error exponential smoothing (ETS, error-correction form) with optional damped trend
// and weekly additive seasonality: SES, Holt damped, Holt-Winters additive (± damped trend).
//
//   forecast_t = l + φ·b + s[t mod 7]            e_t = y_t − forecast_t
//   l ← l + φ·b + α·e     b ← φ·b + β·e     s[t mod 7] ← s[t mod 7] + γ·e
//
// Censored (stockout) days get e = 0: states roll forward without learning from the censored
// zero, which is exactly "treat as missing" in this form. Parameters minimise in-sample one-step
// SSE: a coarse grid, then a batched coordinate search (see etsSse4). β = α·β*, γ = (1−α)·γ* keep the usual
// admissible region (β ≤ α, γ ≤ 1−α) while the search box stays rectangular.
import { ones, SEASON, type FitStart, type FittedModel, type ModelSpec, type SeriesData } from "./model";
import { batchedCoordinateSearch } from "./stats";
import type { ModelName } from "./types";

export interface EtsShape {
  trend: boolean;
  seasonal: boolean;
}

interface EtsState {
  l: number;
  b: number;
  s: Float64Array;
}

/** Heuristic initial states from the first (up to) 8 weeks: OLS line, then weekday means. */
export function etsInitialState(data: SeriesData, shape: EtsShape): EtsState {
  const { y, censored } = data;
  const w = Math.min(data.n, 8 * SEASON);
  let cnt = 0,
    st = 0,
    sy = 0,
    stt = 0,
    sty = 0;
  for (let t = 0; t < w; t++) {
    if (censored && censored[t]) continue;
    cnt++;
    st += t;
    sy += y[t];
    stt += t * t;
    sty += t * y[t];
  }
  if (cnt === 0) return { l: 0, b: 0, s: new Float64Array(SEASON) };
  let slope = 0;
  const denom = cnt * stt - st * st;
  if (shape.trend && cnt >= 2 * SEASON && denom > 0) slope = (cnt * sty - st * sy) / denom;
  const intercept = (sy - slope * st) / cnt;
  const s = new Float64Array(SEASON);
  if (shape.seasonal) {
    const sums = new Float64Array(SEASON);
    const counts = new Float64Array(SEASON);
    for (let t = 0; t < w; t++) {
      if (censored && censored[t]) continue;
      sums[t % SEASON] += y[t] - intercept - slope * t;
      counts[t % SEASON]++;
    }
    let total = 0,
      seen = 0;
    for (let k = 0; k < SEASON; k++)
      if (counts[k] > 0) {
        s[k] = sums[k] / counts[k];
        total += s[k];
        seen++;
      }
    const centre = seen > 0 ? total / seen : 0;
    for (let k = 0; k < SEASON; k++) s[k] = counts[k] > 0 ? s[k] - centre : 0;
  }
  return { l: intercept - slope, b: slope, s };
}

export const LANES = 4;

/**
 * The hot loop: one-step SSE of LANES parameter sets in a single pass. One set is a serial
 * dependency chain (each error needs the previous level), so a lone pass is latency-bound; four
 * independent chains interleaved cost little more than one. `params` = [α×4, β×4, γ×4, φ×4].
 */
function etsSse4(data: SeriesData, init: EtsState, params: Float64Array, ring: Float64Array, out: Float64Array): void {
  const { y, censored, n } = data;
  for (let lane = 0; lane < LANES; lane++) ring.set(init.s, lane * SEASON);
  const a0 = params[0],
    a1 = params[1],
    a2 = params[2],
    a3 = params[3];
  const b0c = params[4],
    b1c = params[5],
    b2c = params[6],
    b3c = params[7];
  const g0 = params[8],
    g1 = params[9],
    g2 = params[10],
    g3 = params[11];
  const f0 = params[12],
    f1 = params[13],
    f2 = params[14],
    f3 = params[15];
  let l0 = init.l,
    l1 = init.l,
    l2 = init.l,
    l3 = init.l;
  let b0 = init.b,
    b1 = init.b,
    b2 = init.b,
    b3 = init.b;
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0,
    k = 0;
  for (let t = 0; t < n; t++) {
    const p0 = f0 * b0,
      p1 = f1 * b1,
      p2 = f2 * b2,
      p3 = f3 * b3;
    if (censored === null || censored[t] === 0) {
      const v = y[t];
      const e0 = v - (l0 + p0 + ring[k]);
      const e1 = v - (l1 + p1 + ring[k + 7]);
      const e2 = v - (l2 + p2 + ring[k + 14]);
      const e3 = v - (l3 + p3 + ring[k + 21]);
      s0 += e0 * e0;
      s1 += e1 * e1;
      s2 += e2 * e2;
      s3 += e3 * e3;
      l0 += p0 + a0 * e0;
      l1 += p1 + a1 * e1;
      l2 += p2 + a2 * e2;
      l3 += p3 + a3 * e3;
      b0 = p0 + b0c * e0;
      b1 = p1 + b1c * e1;
      b2 = p2 + b2c * e2;
      b3 = p3 + b3c * e3;
      ring[k] += g0 * e0;
      ring[k + 7] += g1 * e1;
      ring[k + 14] += g2 * e2;
      ring[k + 21] += g3 * e3;
    } else {
      // Censored day: e = 0, states roll forward without learning.
      l0 += p0;
      l1 += p1;
      l2 += p2;
      l3 += p3;
      b0 = p0;
      b1 = p1;
      b2 = p2;
      b3 = p3;
    }
    if (++k === SEASON) k = 0;
  }
  out[0] = s0;
  out[1] = s1;
  out[2] = s2;
  out[3] = s3;
}

function etsRun(
  data: SeriesData,
  init: EtsState,
  alpha: number,
  beta: number,
  gamma: number,
  phi: number,
): { state: EtsState; residuals: Float64Array } {
  const { y, censored, n } = data;
  const ring = Float64Array.from(init.s);
  const residuals = new Float64Array(n).fill(NaN);
  let l = init.l,
    b = init.b,
    k = 0;
  for (let t = 0; t < n; t++) {
    const pb = phi * b;
    let e = 0;
    if (censored === null || censored[t] === 0) {
      e = y[t] - (l + pb + ring[k]);
      residuals[t] = e;
    }
    l += pb + alpha * e;
    b = pb + beta * e;
    ring[k] += gamma * e;
    if (++k === SEASON) k = 0;
  }
  return { state: { l, b, s: ring }, residuals };
}

interface EtsParams {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

/** Builds a FittedModel from final states; also used by the yearly wrapper. */
export function etsFitted(name: ModelName, data: SeriesData, shape: EtsShape, p: EtsParams): FittedModel {
  const init = etsInitialState(data, shape);
  const { state, residuals } = etsRun(data, init, p.alpha, p.beta, p.gamma, p.phi);
  const n = data.n;
  const params: Record<string, number> = { alpha: p.alpha };
  if (shape.trend) {
    params.beta = p.beta;
    params.phi = p.phi;
  }
  if (shape.seasonal) params.gamma = p.gamma;
  const forecastFrom =
    (from: EtsState, at: number) =>
    (h: number): Float64Array => {
      const out = new Float64Array(h);
      let phiSum = 0,
        phiPow = 1;
      for (let j = 1; j <= h; j++) {
        phiPow *= p.phi;
        phiSum += phiPow;
        out[j - 1] = from.l + (shape.trend ? phiSum * from.b : 0) + from.s[(at + j - 1) % SEASON];
      }
      return out;
    };
  return {
    name,
    params,
    residuals,
    forecast: forecastFrom(state, n),
    advance(longer, end) {
      // The same recursion as etsRun, continued from the final state over days n..end−1.
      const { y, censored } = longer;
      const s = Float64Array.from(state.s);
      let l = state.l,
        b = state.b;
      for (let t = n; t < end; t++) {
        const k = t % SEASON;
        const pb = p.phi * b;
        const e = censored === null || censored[t] === 0 ? y[t] - (l + pb + s[k]) : 0;
        l += pb + p.alpha * e;
        b = pb + p.beta * e;
        s[k] += p.gamma * e;
      }
      return forecastFrom({ l, b, s }, end);
    },
    psi(h) {
      const out = new Float64Array(Math.max(0, h - 1));
      let phiSum = 0,
        phiPow = 1;
      for (let i = 1; i < h; i++) {
        phiPow *= p.phi;
        phiSum += phiPow;
        out[i - 1] = p.alpha + (shape.trend ? p.beta * phiSum : 0) + (shape.seasonal && i % SEASON === 0 ? p.gamma : 0);
      }
      return out;
    },
    stepScale: ones,
  };
}

const BOX = {
  // x = [alpha, beta*, gamma*, phi]
  lower: [0.01, 0.001, 0.001, 0.8],
  upper: [0.99, 0.5, 0.99, 0.98],
  steps: [0.1, 0.1, 0.1, 0.04],
};

/** Fits ETS parameters by one-step SSE; `start` replaces the coarse grid (see FitStart). */
export function fitEts(name: ModelName, data: SeriesData, shape: EtsShape, start?: FitStart): FittedModel {
  if (start?.fixed && start.params.alpha !== undefined) {
    const { alpha, beta = 0, gamma = 0, phi = 1 } = start.params;
    return etsFitted(name, data, shape, {
      alpha,
      beta: shape.trend ? beta : 0,
      gamma: shape.seasonal ? gamma : 0,
      phi: shape.trend ? phi : 1,
    });
  }
  const init = etsInitialState(data, shape);
  const ring = new Float64Array(SEASON * LANES);
  const lanes = new Float64Array(4 * LANES);
  const sse = new Float64Array(LANES);
  // Only the active coordinates are searched; x = [alpha, beta*, gamma*, phi].
  const active: number[] = [0];
  if (shape.trend) active.push(1, 3);
  if (shape.seasonal) active.push(2);
  const full = [0.2, 0.05, 0.05, 0.98];
  const toParams = (x: number[]): EtsParams => ({
    alpha: x[0],
    beta: shape.trend ? x[0] * x[1] : 0,
    gamma: shape.seasonal ? (1 - x[0]) * x[2] : 0,
    phi: shape.trend ? x[3] : 1,
  });
  const evaluate = (points: number[][]): number[] => {
    for (let lane = 0; lane < LANES; lane++) {
      const sub = points[Math.min(lane, points.length - 1)];
      for (let i = 0; i < active.length; i++) full[active[i]] = sub[i];
      const p = toParams(full);
      lanes[lane] = p.alpha;
      lanes[LANES + lane] = p.beta;
      lanes[2 * LANES + lane] = p.gamma;
      lanes[3 * LANES + lane] = p.phi;
    }
    etsSse4(data, init, lanes, ring, sse);
    return points.map((_, i) => sse[i]);
  };

  let x0: number[];
  let steps = active.map((i) => BOX.steps[i]);
  let maxPasses = 8;
  const hint = start?.params;
  if (hint && hint.alpha !== undefined) {
    const a = hint.alpha;
    const asFull = [
      a,
      hint.beta !== undefined ? hint.beta / a : 0.05,
      hint.gamma !== undefined ? hint.gamma / Math.max(1e-9, 1 - a) : 0.05,
      hint.phi ?? 0.98,
    ];
    x0 = active.map((i) => Math.min(BOX.upper[i], Math.max(BOX.lower[i], asFull[i])));
    if (start.local) {
      steps = steps.map((s) => s / 4);
      maxPasses = 3;
    }
  } else {
    // Coarse grid over the active coordinates; the best point seeds the local search.
    const grids: Record<number, number[]> = { 0: [0.05, 0.2, 0.5], 1: [0.05, 0.3], 2: [0.05, 0.3], 3: [0.9, 0.98] };
    let points: number[][] = [[]];
    for (const i of active) points = points.flatMap((p) => grids[i].map((g) => [...p, g]));
    let best = Infinity;
    x0 = points[0];
    for (let b = 0; b < points.length; b += LANES) {
      const batch = points.slice(b, b + LANES);
      evaluate(batch).forEach((v, i) => {
        if (v < best) {
          best = v;
          x0 = batch[i];
        }
      });
    }
  }
  const result = batchedCoordinateSearch(
    evaluate,
    LANES,
    x0,
    active.map((i) => BOX.lower[i]),
    active.map((i) => BOX.upper[i]),
    steps,
    maxPasses,
  );
  for (let i = 0; i < active.length; i++) full[active[i]] = result.x[i];
  return etsFitted(name, data, shape, toParams(full));
}

export const sesModel: ModelSpec = {
  name: "ses",
  fit: (d, s) => fitEts("ses", d, { trend: false, seasonal: false }, s),
};
export const holtDampedModel: ModelSpec = {
  name: "holt_damped",
  fit: (d, s) => fitEts("holt_damped", d, { trend: true, seasonal: false }, s),
};
export const hwAdditiveModel: ModelSpec = {
  name: "hw_additive",
  fit: (d, s) => fitEts("hw_additive", d, { trend: false, seasonal: true }, s),
};
export const hwDampedModel: ModelSpec = {
  name: "hw_damped",
  fit: (d, s) => fitEts("hw_damped", d, { trend: true, seasonal: true }, s),
};
