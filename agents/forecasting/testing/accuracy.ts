// Rolling-origin accuracy of the engine against the simple rules a merchant could use instead,
// scored like the M5 competition (RMSSE over the horizon). Shared by bench/forecast-accuracy.ts and
// the accuracy test on real data.
import { cumulativeSd, forecastSeries } from "../index";

type Rule = (history: number[], h: number) => number[];

/** The simple rules, computed here independently of the engine. */
export const SIMPLE_RULES: Record<string, Rule> = {
  seasonal_naive: (x, h) => Array.from({ length: h }, (_, j) => x[x.length - 7 + (j % 7)]),
  last_value: (x, h) => new Array(h).fill(x[x.length - 1]),
  mean_28: (x, h) => {
    const tail = x.slice(-28);
    return new Array(h).fill(tail.reduce((a, b) => a + b, 0) / tail.length);
  },
};

/** The engine refuses fewer observed days than this; origins with less history are not scored for anyone. */
const MIN_HISTORY = 28;
const Z80 = 1.2815515655446004;
const Z95 = 1.959963984540054;

export interface Tally {
  /** RMSSE per scored series-origin, per method ("engine" and each simple rule). */
  rmsse: Record<string, number[]>;
  inside80: number;
  inside95: number;
  days: number;
  /** Horizon totals inside total ± z·cumulativeSd (the lead-time spread safety stock uses). */
  total80: number;
  total95: number;
  totals: number;
  engineMs: number;
  engineCalls: number;
  models: Record<string, number>;
  classes: Record<string, number>;
  skipped: number;
}

export function newTally(): Tally {
  return {
    rmsse: Object.fromEntries([...Object.keys(SIMPLE_RULES), "engine"].map((k) => [k, []])),
    inside80: 0,
    inside95: 0,
    days: 0,
    total80: 0,
    total95: 0,
    totals: 0,
    engineMs: 0,
    engineCalls: 0,
    models: {},
    classes: {},
    skipped: 0,
  };
}

/** M5 scale: mean squared one-step naive error over the history (from the first sale on). */
function naiveScale(history: number[]): number {
  let s = 0;
  for (let t = 1; t < history.length; t++) s += (history[t] - history[t - 1]) ** 2;
  return history.length > 1 ? s / (history.length - 1) : 0;
}

function rmsse(actual: number[], forecast: number[], scale: number): number {
  let s = 0;
  for (let j = 0; j < actual.length; j++) s += (actual[j] - forecast[j]) ** 2;
  return Math.sqrt(s / actual.length / scale);
}

/**
 * Scores one series at `origins` origins stepping back `horizon` days from its end; the series
 * starts at its first sale (as the CLI does). Everyone sees only the history before the origin.
 */
export function evaluateSeries(series: number[], tally: Tally, horizon: number, origins: number): void {
  const first = series.findIndex((v) => v > 0);
  if (first < 0) return;
  const x = series.slice(first);
  for (let o = origins; o >= 1; o--) {
    const cut = x.length - o * horizon;
    const history = x.slice(0, Math.max(0, cut));
    const scale = naiveScale(history);
    if (cut < MIN_HISTORY || scale === 0) {
      tally.skipped++;
      continue;
    }
    const future = x.slice(cut, cut + horizon);
    const t0 = performance.now();
    const r = forecastSeries(history, { horizon });
    tally.engineMs += performance.now() - t0;
    tally.engineCalls++;
    if (!r.ok) {
      tally.skipped++;
      continue;
    }
    for (const [name, rule] of Object.entries(SIMPLE_RULES))
      tally.rmsse[name].push(rmsse(future, rule(history, horizon), scale));
    tally.rmsse.engine.push(rmsse(future, r.forecast, scale));
    tally.models[r.model] = (tally.models[r.model] ?? 0) + 1;
    tally.classes[r.demandClass] = (tally.classes[r.demandClass] ?? 0) + 1;
    const [i80, i95] = r.intervals;
    future.forEach((y, j) => {
      if (y >= i80.lower[j] && y <= i80.upper[j]) tally.inside80++;
      if (y >= i95.lower[j] && y <= i95.upper[j]) tally.inside95++;
      tally.days++;
    });
    const actual = future.reduce((a, b) => a + b, 0);
    const point = r.forecast.reduce((a, b) => a + b, 0);
    const sd = cumulativeSd(r.errorModel, horizon);
    if (Math.abs(actual - point) <= Z80 * sd) tally.total80++;
    if (Math.abs(actual - point) <= Z95 * sd) tally.total95++;
    tally.totals++;
  }
}

export interface AccuracySummary {
  /** Mean RMSSE over scored series-origins, per method. */
  means: Record<string, number>;
  bestSimpleRule: string;
  /** Engine mean RMSSE / best simple rule's (< 1: the engine is better). */
  ratio: number;
  scored: number;
}

export function summarise(tally: Tally): AccuracySummary {
  const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
  const means = Object.fromEntries(Object.entries(tally.rmsse).map(([k, v]) => [k, mean(v)]));
  const bestSimpleRule = Object.keys(SIMPLE_RULES).reduce((a, b) => (means[b] < means[a] ? b : a));
  return { means, bestSimpleRule, ratio: means.engine / means[bestSimpleRule], scored: tally.rmsse.engine.length };
}

export function scoreDataset(
  series: number[][],
  horizon: number,
  origins: number,
): { tally: Tally; summary: AccuracySummary } {
  const tally = newTally();
  for (const s of series) evaluateSeries(s, tally, horizon, origins);
  return { tally, summary: summarise(tally) };
}
