// Seeded generators of series with known structure, shared by tests and benchmarks.
import { seededRandom } from "../../infra/random";

/** mulberry32 (agents/infra/random.ts): same seed → same series. */
export const rng = seededRandom;

export function normal(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

export function poisson(rand: () => number, mean: number): number {
  // Knuth's method costs ~mean draws; past 15 the normal approximation is close and cheap.
  if (mean > 15) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(rand)));
  const limit = Math.exp(-mean);
  let k = 0,
    p = rand();
  while (p > limit) {
    k++;
    p *= rand();
  }
  return k;
}

export const WEEKLY_PROFILE = [0.7, 0.8, 0.9, 1.0, 1.2, 1.6, 0.8];

/** Level × weekday profile + Gaussian noise, floored at 0. */
export function weeklySeries(rand: () => number, days: number, level = 50, noiseSd = 4): number[] {
  return Array.from({ length: days }, (_, t) => Math.max(0, level * WEEKLY_PROFILE[t % 7] + noiseSd * normal(rand)));
}

export function linearTrendSeries(rand: () => number, days: number, start = 10, slope = 0.5, noiseSd = 3): number[] {
  return Array.from({ length: days }, (_, t) => Math.max(0, start + slope * t + noiseSd * normal(rand)));
}

export function poissonSeries(rand: () => number, days: number, mean: number): number[] {
  return Array.from({ length: days }, () => poisson(rand, mean));
}

/** Retail-like count series: level, weekly profile, yearly swing, slow trend, Poisson noise. */
export function retailSeries(
  rand: () => number,
  days: number,
  opts: { level?: number; yearlyAmplitude?: number; trendPerYear?: number } = {},
): number[] {
  const level = opts.level ?? 5 + 40 * rand();
  const amp = opts.yearlyAmplitude ?? 0.3 * rand();
  const trend = opts.trendPerYear ?? 0.4 * (rand() - 0.3);
  const phase = 2 * Math.PI * rand();
  return Array.from({ length: days }, (_, t) => {
    const mean =
      level *
      WEEKLY_PROFILE[t % 7] *
      (1 + amp * Math.sin((2 * Math.PI * t) / 365.25 + phase)) *
      (1 + (trend * t) / 365);
    return poisson(rand, Math.max(0, mean));
  });
}
