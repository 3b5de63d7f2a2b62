// Synthetic daily sales with a known constant elasticity: used by the tests and bench/pricing-*.ts
// to check that the estimator recovers what was put in. Never used to produce figures for a shop.
import { seededRandom } from "../infra/random";
import type { DailyObservation } from "./elasticity";
import { DAY_MS } from "../core/time";

export { seededRandom };

/** Poisson draw: Knuth's product method for small means, normal approximation above 50 (fine for simulation). */
export function poissonSample(lambda: number, rand: () => number): number {
  if (lambda <= 0) return 0;
  if (lambda > 50) {
    const u1 = Math.max(rand(), 1e-12);
    const u2 = rand();
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * z));
  }
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rand();
  while (p > limit) {
    k++;
    p *= rand();
  }
  return k;
}

export interface SimulationSpec {
  /** True constant elasticity (d log units / d log price). */
  elasticity: number;
  /** Expected units/day at referencePrice on an average weekday, at the start of the series. */
  baseUnitsPerDay: number;
  referencePrice: number;
  /** Price in force on each day: called with the day index (0-based). */
  priceOnDay: (day: number) => number;
  days: number;
  startDate?: string;
  /** Multiplicative day-of-week effect, index = UTC getDay() (0 = Sunday). Defaults to a mild weekend lift. */
  weekly?: readonly number[];
  /** Log growth of demand per 365 days (0.3 = about +35% a year). */
  trendPerYear?: number;
  /** Probability a day is a stockout (units 0, inStock false). */
  stockoutRate?: number;
  seed?: number;
}

export const DEFAULT_WEEKLY = [1.25, 0.85, 0.9, 0.95, 1.0, 1.05, 1.3] as const;

export function simulateDailySales(spec: SimulationSpec): DailyObservation[] {
  const rand = seededRandom(spec.seed ?? 1);
  const weekly = spec.weekly ?? DEFAULT_WEEKLY;
  const start = Date.parse(`${spec.startDate ?? "2025-01-01"}T00:00:00Z`);
  const out: DailyObservation[] = [];
  for (let d = 0; d < spec.days; d++) {
    const ts = start + d * DAY_MS;
    const date = new Date(ts);
    const price = spec.priceOnDay(d);
    if (rand() < (spec.stockoutRate ?? 0)) {
      out.push({ date: date.toISOString().slice(0, 10), price, units: 0, inStock: false });
      continue;
    }
    const lambda =
      spec.baseUnitsPerDay *
      Math.pow(price / spec.referencePrice, spec.elasticity) *
      weekly[date.getUTCDay()] *
      Math.exp(((spec.trendPerYear ?? 0) * d) / 365);
    out.push({ date: date.toISOString().slice(0, 10), price, units: poissonSample(lambda, rand), inStock: true });
  }
  return out;
}

/** A price schedule that holds each level for `holdDays` days, cycling through `levels`. */
export function stepSchedule(levels: readonly number[], holdDays: number): (day: number) => number {
  return (day) => levels[Math.floor(day / holdDays) % levels.length];
}
