// TODO(core): replace with @langevin/core's solveLinear when it lands.
/** Solves a·x = b (a row-major n×n, copied) by Gaussian elimination with partial pivoting. */
export function solveDense(a: Float64Array, n: number, b: Float64Array): Float64Array {
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(m[i * n + k]) > Math.abs(m[p * n + k])) p = i;
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = m[k * n + j];
        m[k * n + j] = m[p * n + j];
        m[p * n + j] = t;
      }
      const t = x[k];
      x[k] = x[p];
      x[p] = t;
    }
    const piv = m[k * n + k];
    for (let i = k + 1; i < n; i++) {
      const l = m[i * n + k] / piv;
      if (l === 0) continue;
      for (let j = k; j < n; j++) m[i * n + j] -= l * m[k * n + j];
      x[i] -= l * x[k];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let j = i + 1; j < n; j++) s -= m[i * n + j] * x[j];
    x[i] = s / m[i * n + i];
  }
  return x;
}

/**
 * Number of negative eigenvalues of a symmetric matrix from the inertia of its LDLᵀ factorisation
 * without pivoting (Sylvester's law); NaN when a zero pivot stops the factorisation.
 */
export function negativeEigenvalueCount(a: Float64Array, n: number): number {
  const m = Float64Array.from(a);
  let neg = 0;
  for (let k = 0; k < n; k++) {
    const piv = m[k * n + k];
    if (piv === 0 || !Number.isFinite(piv)) return Number.NaN;
    if (piv < 0) neg++;
    for (let i = k + 1; i < n; i++) {
      const l = m[i * n + k] / piv;
      for (let j = k; j < n; j++) m[i * n + j] -= l * m[k * n + j];
    }
  }
  return neg;
}
