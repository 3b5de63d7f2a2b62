// Intermittent-demand methods: Croston, SBA (Syntetos–Boylan approximation) and TSB
// (Teunter–Syntetos–Babai). Censored days are skipped entirely: they count neither as a demand
// nor as a zero day in the inter-demand interval. Smoothing constants: small grid on one-step SSE
// (cheap enough to search afresh on every fit, including the final refit).
import { ones, type FittedModel, type ModelSpec, type SeriesData } from "./model";
import type { ModelName } from "./types";

interface StartValues {
  size: number;
  interval: number;
  probability: number;
}

function startValues(data: SeriesData): StartValues {
  let observed = 0,
    demands = 0,
    total = 0;
  for (let t = 0; t < data.n; t++) {
    if (data.censored && data.censored[t]) continue;
    observed++;
    if (data.y[t] > 0) {
      demands++;
      total += data.y[t];
    }
  }
  if (demands === 0) return { size: 0, interval: Math.max(1, observed), probability: 0 };
  return { size: total / demands, interval: observed / demands, probability: demands / observed };
}

/** Croston / SBA pass; returns SSE and, when asked, residuals and final estimates. */
function crostonPass(
  data: SeriesData,
  alpha: number,
  bias: number,
  residuals: Float64Array | null,
): { sse: number; size: number; interval: number } {
  const { y, censored, n } = data;
  const s0 = startValues(data);
  let size = s0.size,
    interval = s0.interval,
    since = 1,
    sse = 0;
  for (let t = 0; t < n; t++) {
    if (censored && censored[t]) continue;
    const e = y[t] - (bias * size) / interval;
    sse += e * e;
    if (residuals) residuals[t] = e;
    if (y[t] > 0) {
      size += alpha * (y[t] - size);
      interval += alpha * (since - interval);
      since = 1;
    } else since++;
  }
  return { sse, size, interval };
}

function tsbPass(
  data: SeriesData,
  alpha: number,
  beta: number,
  residuals: Float64Array | null,
): { sse: number; size: number; probability: number } {
  const { y, censored, n } = data;
  const s0 = startValues(data);
  let size = s0.size,
    probability = s0.probability,
    sse = 0;
  for (let t = 0; t < n; t++) {
    if (censored && censored[t]) continue;
    const e = y[t] - probability * size;
    sse += e * e;
    if (residuals) residuals[t] = e;
    if (y[t] > 0) {
      probability += beta * (1 - probability);
      size += alpha * (y[t] - size);
    } else probability -= beta * probability;
  }
  return { sse, size, probability };
}

const ALPHAS = [0.02, 0.05, 0.1, 0.2, 0.3];
const BETAS = [0.01, 0.02, 0.05, 0.1, 0.2];

function constantForecast(value: number): (h: number) => Float64Array {
  return (h) => new Float64Array(h).fill(value);
}

function flatPsi(weight: number): (h: number) => Float64Array {
  return (h) => new Float64Array(Math.max(0, h - 1)).fill(weight);
}

function fitCrostonFamily(name: "croston" | "sba", data: SeriesData): FittedModel {
  let bestAlpha = ALPHAS[0],
    bestSse = Infinity;
  for (const a of ALPHAS) {
    const bias = name === "sba" ? 1 - a / 2 : 1;
    const { sse } = crostonPass(data, a, bias, null);
    if (sse < bestSse) {
      bestSse = sse;
      bestAlpha = a;
    }
  }
  const bias = name === "sba" ? 1 - bestAlpha / 2 : 1;
  const residuals = new Float64Array(data.n).fill(NaN);
  const { size, interval } = crostonPass(data, bestAlpha, bias, residuals);
  return {
    name,
    params: { alpha: bestAlpha },
    residuals,
    forecast: constantForecast((bias * size) / interval),
    // Approximation: the demand rate moves by about α/p per period (one update per demand).
    psi: flatPsi(bestAlpha / Math.max(1, interval)),
    stepScale: ones,
  };
}

function fitTsb(data: SeriesData): FittedModel {
  let best = { alpha: ALPHAS[0], beta: BETAS[0], sse: Infinity };
  for (const a of ALPHAS)
    for (const b of BETAS) {
      const { sse } = tsbPass(data, a, b, null);
      if (sse < best.sse) best = { alpha: a, beta: b, sse };
    }
  const residuals = new Float64Array(data.n).fill(NaN);
  const { size, probability } = tsbPass(data, best.alpha, best.beta, residuals);
  return {
    name: "tsb",
    params: { alpha: best.alpha, beta: best.beta },
    residuals,
    forecast: constantForecast(probability * size),
    // Approximation: the probability updates every period with weight β.
    psi: flatPsi(best.beta),
    stepScale: ones,
  };
}

export const crostonModel: ModelSpec = { name: "croston", fit: (d) => fitCrostonFamily("croston", d) };
export const sbaModel: ModelSpec = { name: "sba", fit: (d) => fitCrostonFamily("sba", d) };
export const tsbModel: ModelSpec = { name: "tsb", fit: (d) => fitTsb(d) };

export type IntermittentModelName = Extract<ModelName, "croston" | "sba" | "tsb">;
