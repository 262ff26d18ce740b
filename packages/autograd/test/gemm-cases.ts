import { createRng } from "@langevin/core";
import { expect, it } from "vitest";

type Gemm = (
  a: Float64Array,
  b: Float64Array,
  out: Float64Array,
  m: number,
  k: number,
  n: number,
) => Float64Array;

/** Naive triple loop over op(A)[i,p] = at(i,p), op(B)[p,j] = bt(p,j). */
function reference(
  m: number,
  k: number,
  n: number,
  at: (i: number, p: number) => number,
  bt: (p: number, j: number) => number,
): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += at(i, p) * bt(p, j);
      c[i * n + j] = s;
    }
  return c;
}

/** Registers one test per shape comparing the four kernels with a triple loop. */
export function gemmCases(kernels: { gemmNN: Gemm; gemmNT: Gemm; gemmTN: Gemm; gemmTT: Gemm }): void {
  const rng = createRng(77);
  // Shapes below and above the packing threshold (4), with ragged edges (not multiples of 4).
  const shapes = [
    [1, 3, 2],
    [3, 5, 7],
    [4, 4, 4],
    [9, 6, 13],
    [17, 33, 10],
    [2, 40, 9],
    [64, 128, 130],
    [150, 230, 151], // above the size where the SIMD path packs a transposed A and a row-major B
  ];
  for (const [m, k, n] of shapes) {
    it(`all four variants agree with a triple loop for ${m}×${k}·${k}×${n}`, () => {
      const a = rng.fillNormal(new Float64Array(m * k));
      const b = rng.fillNormal(new Float64Array(k * n));
      const out = new Float64Array(m * n).fill(Number.NaN); // stale contents must be overwritten
      // Sums of k ≤ 230 products of N(0,1) numbers in another order: the round-off is about
      // √k·ε·Σ|aᵢbᵢ| ≈ 15 · 1.1e-16 · 150 ≈ 3e-13, and at worst k·ε·Σ|aᵢbᵢ| ≈ 4e-12.
      const tol = { atol: 1e-11, rtol: 1e-12 };
      const nn = reference(
        m,
        k,
        n,
        (i, p) => a[i * k + p],
        (p, j) => b[p * n + j],
      );
      expect(kernels.gemmNN(a, b, out, m, k, n)).toBeAllclose(nn, tol);
      // a read as (k×m) stored, b as (n×k) stored: the same buffers under other layouts.
      const nt = reference(
        m,
        k,
        n,
        (i, p) => a[i * k + p],
        (p, j) => b[j * k + p],
      );
      expect(kernels.gemmNT(a, b, out.fill(Number.NaN), m, k, n)).toBeAllclose(nt, tol);
      const tn = reference(
        m,
        k,
        n,
        (i, p) => a[p * m + i],
        (p, j) => b[p * n + j],
      );
      expect(kernels.gemmTN(a, b, out.fill(Number.NaN), m, k, n)).toBeAllclose(tn, tol);
      const tt = reference(
        m,
        k,
        n,
        (i, p) => a[p * m + i],
        (p, j) => b[j * k + p],
      );
      expect(kernels.gemmTT(a, b, out.fill(Number.NaN), m, k, n)).toBeAllclose(tt, tol);
    });
  }
}
