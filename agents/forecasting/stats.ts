// Small numeric helpers shared by the models, intervals and inventory math.

/** Quantile of an already sorted array (linear interpolation, "type 7"). */
export function sortedQuantile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (n - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Inverse standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9),
 * used for service-level z values and aggregate intervals.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must be in (0, 1), got ${p}`);
  const a = [
    -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
    2.506628277459239,
  ];
  const b = [
    -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1,
  ];
  const c = [
    -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pLow = 0.02425;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  if (p > 1 - pLow) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

/**
 * Coordinate search inside a box, evaluated in batches: each round scores every ±step neighbour
 * along each axis (padded with ±step/2 neighbours to fill the batch) in as few calls as possible,
 * moves to the best improving neighbour, and halves the steps when none improves. Smoothing-model
 * SSE surfaces are smooth and low-dimensional, so a handful of rounds suffices.
 * `evaluate` scores up to `batchSize` points per call (one pass over the data).
 */
export function batchedCoordinateSearch(
  evaluate: (points: number[][]) => number[],
  batchSize: number,
  x0: number[],
  lower: number[],
  upper: number[],
  initialSteps: number[],
  maxCalls: number,
  tolerance = 0.01,
): { x: number[]; value: number; calls: number } {
  let x = x0.slice();
  const steps = initialSteps.slice();
  let best = NaN;
  let calls = 0;
  const clampTo = (i: number, v: number): number => Math.min(upper[i], Math.max(lower[i], v));
  while (calls < maxCalls) {
    const points: number[][] = Number.isNaN(best) ? [x.slice()] : [];
    for (const scale of [1, 0.5]) {
      for (let i = 0; i < x.length; i++) {
        for (const dir of [1, -1]) {
          if (scale !== 1 && points.length % batchSize === 0) break;
          const v = clampTo(i, x[i] + dir * scale * steps[i]);
          if (v === x[i]) continue;
          const p = x.slice();
          p[i] = v;
          points.push(p);
        }
      }
    }
    let moved = false;
    let bestPoint = x;
    for (let b = 0; b < points.length && calls < maxCalls; b += batchSize) {
      const batch = points.slice(b, b + batchSize);
      const values = evaluate(batch);
      calls++;
      values.forEach((v, i) => {
        if (Number.isNaN(best) && batch[i] === points[0] && b === 0) {
          best = v;
          return;
        }
        if (v < best) {
          best = v;
          bestPoint = batch[i];
          moved = true;
        }
      });
    }
    if (moved) {
      x = bestPoint.slice();
    } else {
      let allSmall = true;
      for (let i = 0; i < steps.length; i++) {
        steps[i] *= 0.5;
        if (steps[i] > tolerance) allSmall = false;
      }
      if (allSmall) break;
    }
  }
  return { x, value: best, calls };
}

/** Solves A x = b in place (Gaussian elimination, partial pivoting). Returns null if singular. */
export function solveLinear(a: Float64Array, b: Float64Array, size: number): Float64Array | null {
  for (let col = 0; col < size; col++) {
    let pivot = col;
    for (let r = col + 1; r < size; r++) if (Math.abs(a[r * size + col]) > Math.abs(a[pivot * size + col])) pivot = r;
    if (Math.abs(a[pivot * size + col]) < 1e-12) return null;
    if (pivot !== col) {
      for (let k = 0; k < size; k++) {
        const t = a[col * size + k];
        a[col * size + k] = a[pivot * size + k];
        a[pivot * size + k] = t;
      }
      const t = b[col];
      b[col] = b[pivot];
      b[pivot] = t;
    }
    for (let r = col + 1; r < size; r++) {
      const factor = a[r * size + col] / a[col * size + col];
      if (factor === 0) continue;
      for (let k = col; k < size; k++) a[r * size + k] -= factor * a[col * size + k];
      b[r] -= factor * b[col];
    }
  }
  const x = new Float64Array(size);
  for (let r = size - 1; r >= 0; r--) {
    let s = b[r];
    for (let k = r + 1; k < size; k++) s -= a[r * size + k] * x[k];
    x[r] = s / a[r * size + r];
  }
  return x;
}
