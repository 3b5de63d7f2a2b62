// Yearly seasonality for series with at least two years of history: a smooth multiplicative
// profile from a least-squares fit of 3 Fourier harmonics (period 365.25 days) plus a linear
// trend, so the profile is calendar-free (no start date needed) and cannot chase single-day
// noise the way a raw day-of-year average would. The weekly Holt-Winters then runs on y / profile.
import { fitEts } from "./ets";
import { ModelNotApplicable, type FitStart, type FittedModel, type ModelSpec, type SeriesData } from "./model";
import { solveLinear } from "./stats";

export const YEARLY_MIN_DAYS = 730;
const PERIOD = 365.25;
const HARMONICS = 3;
const COLS = 2 + 2 * HARMONICS;
const MIN_FACTOR = 0.2;
const MAX_FACTOR = 5;

/** Fourier coefficients (sin/cos pairs) of the yearly profile relative to the mean level. */
interface YearlyProfile {
  coef: Float64Array; // [sin1, cos1, sin2, cos2, ...] divided by the mean level
}

function harmonicsAt(t: number, row: Float64Array): void {
  const theta = (2 * Math.PI * t) / PERIOD;
  const s1 = Math.sin(theta),
    c1 = Math.cos(theta);
  let s = s1,
    c = c1;
  for (let k = 0; k < HARMONICS; k++) {
    row[2 * k] = s;
    row[2 * k + 1] = c;
    const ns = s * c1 + c * s1; // angle addition: harmonic k+1 from harmonic k
    c = c * c1 - s * s1;
    s = ns;
  }
}

// Harmonics depend only on the day index, and X'X only on n when nothing is censored: both are
// cached, which turns the profile fit into one O(n·8) pass (it runs for every long series).
let harmonicTable = new Float64Array(0);

function harmonicsUpTo(count: number): Float64Array {
  const width = 2 * HARMONICS;
  if (harmonicTable.length < count * width) {
    const size = Math.max(count, (2 * harmonicTable.length) / width, 1024);
    const table = new Float64Array(size * width);
    const row = new Float64Array(width);
    for (let t = 0; t < size; t++) {
      harmonicsAt(t, row);
      table.set(row, t * width);
    }
    harmonicTable = table;
  }
  return harmonicTable;
}

const gramCache = new Map<number, Float64Array>();

function designRow(t: number, n: number, table: Float64Array, row: Float64Array): void {
  row[0] = 1;
  row[1] = t / n;
  const base = t * 2 * HARMONICS;
  for (let k = 0; k < 2 * HARMONICS; k++) row[2 + k] = table[base + k];
}

function gram(data: SeriesData, table: Float64Array): Float64Array {
  const cached = data.censored === null ? gramCache.get(data.n) : undefined;
  if (cached) return cached;
  const xtx = new Float64Array(COLS * COLS);
  const row = new Float64Array(COLS);
  for (let t = 0; t < data.n; t++) {
    if (data.censored && data.censored[t]) continue;
    designRow(t, data.n, table, row);
    for (let i = 0; i < COLS; i++) for (let j = i; j < COLS; j++) xtx[i * COLS + j] += row[i] * row[j];
  }
  for (let i = 0; i < COLS; i++) for (let j = 0; j < i; j++) xtx[i * COLS + j] = xtx[j * COLS + i];
  if (data.censored === null) {
    if (gramCache.size > 16) gramCache.clear();
    gramCache.set(data.n, xtx);
  }
  return xtx;
}

export function fitYearlyProfile(data: SeriesData): YearlyProfile | null {
  const { y, censored, n } = data;
  const table = harmonicsUpTo(n);
  const xty = new Float64Array(COLS);
  const row = new Float64Array(COLS);
  let sum = 0,
    count = 0;
  for (let t = 0; t < n; t++) {
    if (censored && censored[t]) continue;
    designRow(t, n, table, row);
    const v = y[t];
    for (let i = 0; i < COLS; i++) xty[i] += row[i] * v;
    sum += v;
    count++;
  }
  if (count < YEARLY_MIN_DAYS * 0.75 || sum <= 0) return null;
  const beta = solveLinear(Float64Array.from(gram(data, table)), xty, COLS);
  if (!beta) return null;
  const level = sum / count;
  const coef = new Float64Array(2 * HARMONICS);
  for (let i = 0; i < coef.length; i++) coef[i] = beta[i + 2] / level;
  return { coef };
}

export function yearlyFactors(profile: YearlyProfile, from: number, count: number): Float64Array {
  const out = new Float64Array(count);
  const width = 2 * HARMONICS;
  const table = harmonicsUpTo(from + count);
  for (let i = 0; i < count; i++) {
    const base = (from + i) * width;
    let f = 1;
    for (let k = 0; k < width; k++) f += profile.coef[k] * table[base + k];
    out[i] = Math.min(MAX_FACTOR, Math.max(MIN_FACTOR, f));
  }
  return out;
}

function fitHwYearly(data: SeriesData, start?: FitStart): FittedModel {
  const profile = fitYearlyProfile(data);
  if (!profile) throw new ModelNotApplicable("hw_yearly: not enough observed history for a yearly profile");
  const factors = yearlyFactors(profile, 0, data.n);
  const adjusted = new Float64Array(data.n);
  for (let t = 0; t < data.n; t++) adjusted[t] = data.y[t] / factors[t];
  const adjustedData: SeriesData = { y: adjusted, censored: data.censored, n: data.n };
  const shape = { trend: false, seasonal: true };
  const inner = fitEts("hw_yearly", adjustedData, shape, start);
  const n = data.n;
  return {
    ...inner,
    name: "hw_yearly",
    forecast(h) {
      const base = inner.forecast(h);
      const f = yearlyFactors(profile, n, h);
      for (let j = 0; j < h; j++) base[j] *= f[j];
      return base;
    },
    stepScale: (h) => yearlyFactors(profile, n, h),
    advance: undefined, // the inner model works on de-seasonalised units: refit instead
  };
}

export const hwYearlyModel: ModelSpec = { name: "hw_yearly", fit: fitHwYearly };
