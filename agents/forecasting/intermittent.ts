// Intermittent-demand methods: Croston, SBA (Syntetos–Boylan approximation) and TSB
// (Teunter–Syntetos–Babai). Censored days are skipped entirely: they count neither as a demand
// nor as a zero day in the inter-demand interval. Smoothing constants: small grid on one-step SSE
// (cheap enough to search afresh on every fit, including the final refit).
import { ones, SEASON, type FitStart, type FittedModel, type ModelSpec, type SeriesData } from "./model";
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

function fitCrostonFamily(name: "croston" | "sba", data: SeriesData, start?: FitStart): FittedModel {
  let bestAlpha = ALPHAS[0],
    bestSse = Infinity;
  const alphas = start?.fixed && start.params.alpha !== undefined ? [start.params.alpha] : ALPHAS;
  for (const a of alphas) {
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

function fitTsb(data: SeriesData, start?: FitStart): FittedModel {
  let best = { alpha: ALPHAS[0], beta: BETAS[0], sse: Infinity };
  const fixed = start?.fixed && start.params.alpha !== undefined && start.params.beta !== undefined;
  for (const a of fixed ? [start.params.alpha] : ALPHAS)
    for (const b of fixed ? [start.params.beta] : BETAS) {
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

/**
 * ADIDA (Nikolopoulos et al. 2011): add the days up into whole weeks (counted back from the last
 * day, so the newest week is complete), smooth the weekly totals with SES, and spread the weekly
 * forecast evenly over its days. Weekly totals are far less intermittent than days, so the level
 * is estimated from demand rather than from the pattern of zeros. Censored days are filled with
 * the week's observed mean (a week with no observed day is skipped).
 */
function fitAdida(data: SeriesData, start?: FitStart): FittedModel {
  const { y, censored, n } = data;
  const weeks = Math.floor(n / SEASON);
  const offset = n - weeks * SEASON;
  const totals: number[] = [];
  for (let w = 0; w < weeks; w++) {
    let sum = 0,
      seen = 0;
    for (let d = 0; d < SEASON; d++) {
      const t = offset + w * SEASON + d;
      if (censored && censored[t]) continue;
      sum += y[t];
      seen++;
    }
    if (seen > 0) totals.push((sum * SEASON) / seen);
  }
  const first = totals.length > 0 ? totals.slice(0, 4).reduce((a, b) => a + b, 0) / Math.min(4, totals.length) : 0;
  const run = (alpha: number): { sse: number; level: number } => {
    let level = first,
      sse = 0;
    for (const v of totals) {
      sse += (v - level) ** 2;
      level += alpha * (v - level);
    }
    return { sse, level };
  };
  let alpha = ALPHAS[0],
    best = Infinity;
  for (const a of start?.fixed && start.params.alpha !== undefined ? [start.params.alpha] : ALPHAS) {
    const { sse } = run(a);
    if (sse < best) {
      best = sse;
      alpha = a;
    }
  }
  const daily = run(alpha).level / SEASON;
  // Daily one-step residuals against the per-day rate in force at that time (for σ and interval shape).
  const residuals = new Float64Array(n).fill(NaN);
  let level = first;
  let w = 0;
  for (let t = offset; t < n; t++) {
    if (!(censored && censored[t])) residuals[t] = y[t] - level / SEASON;
    if ((t - offset) % SEASON === SEASON - 1 && w < totals.length) level += alpha * (totals[w++] - level);
  }
  return {
    name: "adida",
    params: { alpha },
    residuals,
    forecast: constantForecast(daily),
    // The weekly level moves by α·(weekly error) once a week: per day, about α/7 of a day's shock.
    psi: flatPsi(alpha / SEASON),
    stepScale: ones,
  };
}

export const crostonModel: ModelSpec = { name: "croston", fit: (d, s) => fitCrostonFamily("croston", d, s) };
export const sbaModel: ModelSpec = { name: "sba", fit: (d, s) => fitCrostonFamily("sba", d, s) };
export const tsbModel: ModelSpec = { name: "tsb", fit: (d, s) => fitTsb(d, s) };
export const adidaModel: ModelSpec = { name: "adida", fit: (d, s) => fitAdida(d, s) };

export type IntermittentModelName = Extract<ModelName, "croston" | "sba" | "tsb" | "adida">;
