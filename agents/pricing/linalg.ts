// Small dense linear algebra for the regressions here (a handful of parameters, so O(k^3) is nothing).
// Hand-written on purpose: the project keeps its statistics free of external libraries.

export type Matrix = number[][];

export function zeros(rows: number, cols: number): Matrix {
  return Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
}

/**
 * Cholesky factor L (lower triangular, A = L L^T) of a symmetric positive-definite matrix.
 * Returns null when A is not positive definite (e.g. a column of the design is constant or collinear),
 * so callers can say *why* a fit is impossible instead of returning NaNs.
 */
export function cholesky(a: Matrix): Matrix | null {
  const n = a.length;
  const l = zeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i][j];
      for (let k = 0; k < j; k++) sum -= l[i][k] * l[j][k];
      if (i === j) {
        // Relative tolerance: a pivot that is tiny next to the original diagonal means collinearity.
        if (!(sum > 1e-12 * Math.max(1, Math.abs(a[i][i])))) return null;
        l[i][i] = Math.sqrt(sum);
      } else {
        l[i][j] = sum / l[j][j];
      }
    }
  }
  return l;
}

/** Solve (L L^T) x = b given the Cholesky factor L. */
export function choleskySolve(l: Matrix, b: number[]): number[] {
  const n = l.length;
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i][k] * y[k];
    y[i] = s / l[i][i];
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= l[k][i] * x[k];
    x[i] = s / l[i][i];
  }
  return x;
}

/** Inverse of an SPD matrix from its Cholesky factor (column by column). */
export function choleskyInverse(l: Matrix): Matrix {
  const n = l.length;
  const inv = zeros(n, n);
  for (let j = 0; j < n; j++) {
    const e = new Array<number>(n).fill(0);
    e[j] = 1;
    const col = choleskySolve(l, e);
    for (let i = 0; i < n; i++) inv[i][j] = col[i];
  }
  return inv;
}
