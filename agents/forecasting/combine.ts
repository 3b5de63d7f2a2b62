// Forecast combinations: the mean or median of several fitted models, day by day. The M4 and M5
// competitions' lesson is that such combinations are more robust than any single model picked per
// series, because they do not depend on one short backtest being representative.
import type { FittedModel } from "./model";
import type { ModelName } from "./types";

export type CombineHow = "mean" | "median";

export interface CombinationSpec {
  name: Extract<ModelName, "combo_mean" | "combo_median">;
  how: CombineHow;
  members: ModelName[];
}

/** Combines per-member values (already floored at zero where they are forecasts). */
export function combineValues(values: number[], how: CombineHow): number {
  if (how === "mean") return values.reduce((a, b) => a + b, 0) / values.length;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Combines equal-length arrays element by element. */
export function combineArrays(arrays: Float64Array[], how: CombineHow): Float64Array {
  const out = new Float64Array(arrays[0].length);
  const values = new Array<number>(arrays.length);
  for (let j = 0; j < out.length; j++) {
    for (let m = 0; m < arrays.length; m++) values[m] = arrays[m][j];
    out[j] = combineValues(values, how);
  }
  return out;
}

const floored = (a: Float64Array): Float64Array => a.map((v) => (v < 0 ? 0 : v));

/**
 * A fitted combination. Its one-step residual is exactly the combination of the members' residuals
 * (y − mean(f) = mean(y − f); the median is translation-equivariant too). The psi weights and step
 * scales are the members' means: an approximation, corrected by the backtest errors that set σ.
 */
export function combineFits(spec: CombinationSpec, fits: FittedModel[]): FittedModel {
  const n = fits[0].residuals.length;
  const residuals = new Float64Array(n).fill(NaN);
  const values = new Array<number>(fits.length);
  for (let t = 0; t < n; t++) {
    let ok = true;
    for (let m = 0; m < fits.length && ok; m++) {
      values[m] = fits[m].residuals[t];
      ok = !Number.isNaN(values[m]);
    }
    if (ok) residuals[t] = combineValues(values, spec.how);
  }
  const params: Record<string, number> = {};
  return {
    name: spec.name,
    params,
    residuals,
    forecast: (h) =>
      combineArrays(
        fits.map((f) => floored(f.forecast(h))),
        spec.how,
      ),
    psi: (h) =>
      combineArrays(
        fits.map((f) => f.psi(h)),
        "mean",
      ),
    stepScale: (h) =>
      combineArrays(
        fits.map((f) => f.stepScale(h)),
        "mean",
      ),
  };
}
