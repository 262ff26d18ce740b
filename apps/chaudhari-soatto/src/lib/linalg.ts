// Small dense linear algebra for the experiments (matrices are row-major Float64Array n×n).
import { EigenvalueDecomposition, Matrix, inverse as mlInverse } from "ml-matrix";

/** C = A B (n×n). */
export function matmul(a: ArrayLike<number>, b: ArrayLike<number>, n: number): Float64Array {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < n; k++) {
      const aik = a[i * n + k];
      if (aik === 0) continue;
      for (let j = 0; j < n; j++) c[i * n + j] += aik * b[k * n + j];
    }
  return c;
}

/** Aᵀ. */
export function transpose(a: ArrayLike<number>, n: number): Float64Array {
  const t = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) t[j * n + i] = a[i * n + j];
  return t;
}

/** Frobenius norm. */
export function frob(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

/** a − b. */
export function sub(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const c = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) c[i] = a[i] - b[i];
  return c;
}

/** s·a. */
export function scaled(a: ArrayLike<number>, s: number): Float64Array {
  const c = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) c[i] = s * a[i];
  return c;
}

/** A⁻¹ (ml-matrix LU). */
export function inverse(a: ArrayLike<number>, n: number): Float64Array {
  return Float64Array.from(mlInverse(new Matrix(toRows(a, n))).to1DArray());
}

function toRows(a: ArrayLike<number>, n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => a[i * n + j]));
}

/** Eigenvalues (real and imaginary parts) of a general square matrix. */
export function eigenvalues(a: ArrayLike<number>, n: number): { re: number[]; im: number[] } {
  const e = new EigenvalueDecomposition(new Matrix(toRows(a, n)));
  return { re: e.realEigenvalues, im: e.imaginaryEigenvalues };
}

/**
 * Solves the discrete Lyapunov equation Σ = A Σ Aᵀ + Q (spectral radius of A < 1) by Smith's
 * doubling: Σ = Σ_k A^k Q (A^k)ᵀ, summed in doubling blocks until the increment is below round-off.
 */
export function discreteLyapunov(a: ArrayLike<number>, q: ArrayLike<number>, n: number): Float64Array {
  let s: Float64Array = Float64Array.from(q);
  let ak: Float64Array = Float64Array.from(a);
  for (let it = 0; it < 64; it++) {
    const inc = matmul(matmul(ak, s, n), transpose(ak, n), n);
    let ni = 0;
    for (let i = 0; i < s.length; i++) {
      s[i] += inc[i];
      ni += Math.abs(inc[i]);
    }
    ak = matmul(ak, ak, n);
    if (ni <= 1e-17 * frob(s)) break;
  }
  s = Float64Array.from(s);
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const v = 0.5 * (s[i * n + j] + s[j * n + i]);
      s[i * n + j] = v;
      s[j * n + i] = v;
    }
  return s;
}
