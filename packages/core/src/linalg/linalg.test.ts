import { describe, expect, it } from "vitest";
import {
  ConvergenceError,
  InvalidArgumentError,
  NonFiniteError,
  NotPositiveDefiniteError,
  ShapeMismatchError,
} from "../errors.js";
import { createRng } from "../rng/rng.js";
import { cholesky } from "./cholesky.js";
import { discreteLyapunov } from "./discrete-lyapunov.js";
import { generalEigenvalues } from "./general-eigenvalues.js";
import { inertia } from "./inertia.js";
import { inverse } from "./inverse.js";
import { lyapunov } from "./lyapunov.js";
import { solveLinear } from "./solve-linear.js";
import { symmetrize } from "./symmetrize.js";

function matmul(a: ArrayLike<number>, b: ArrayLike<number>, n: number, bt = false): Float64Array {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += a[i * n + k] * (bt ? b[j * n + k] : b[k * n + j]);
      c[i * n + j] = s;
    }
  return c;
}

/** A random SPD matrix G Gᵀ + n I. */
function spd(n: number, seed: number): Float64Array {
  const g = createRng(seed).fillNormal(new Float64Array(n * n));
  const a = matmul(g, g, n, true);
  for (let i = 0; i < n; i++) a[i * n + i] += n;
  return a;
}

describe("cholesky", () => {
  it("L Lᵀ reproduces A and L is lower triangular", () => {
    expect(cholesky(new Float64Array([4, 2, 2, 5]), 2)).toBeAllclose([2, 0, 1, 2], { rtol: 1e-15 }); // exact in binary, rounding only
    const n = 12;
    const a = spd(n, 1);
    const l = cholesky(a, n);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) expect(l[i * n + j]).toBe(0);
    // backward stable: ‖LLᵀ − A‖ ~ n·eps·‖A‖ (entries of A ~ 20)
    expect(matmul(l, l, n, true)).toBeAllclose(a, { rtol: 1e-13, atol: 1e-12 });
  });

  it("throws NotPositiveDefiniteError with the pivot and the point", () => {
    const a = new Float64Array([1, 2, 2, 1]); // eigenvalues 3, -1
    try {
      cholesky(a, 2, [0.5, -1]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(NotPositiveDefiniteError);
      const err = e as NotPositiveDefiniteError;
      expect(err.pivot).toBe(1);
      expect(Array.from(err.point ?? [])).toEqual([0.5, -1]);
      expect(err.message).toMatch(/x = \[0.5, -1\]/);
    }
    expect(() => cholesky(new Float64Array([1, 0, 0, Number.NaN]), 2)).toThrow(NotPositiveDefiniteError);
    expect(() => cholesky(new Float64Array(3), 2)).toThrow(ShapeMismatchError);
  });
});

describe("solveLinear", () => {
  it("solves random systems and several right-hand sides", () => {
    expect(solveLinear(new Float64Array([2, 1, 1, 3]), 2, new Float64Array([3, 5]))).toBeAllclose(
      [0.8, 1.4],
      {
        rtol: 1e-15,
      },
    );
    const n = 15;
    const rng = createRng(3);
    const a = rng.fillNormal(new Float64Array(n * n));
    const x = rng.fillNormal(new Float64Array(n * 2));
    const b = new Float64Array(n * 2);
    for (let i = 0; i < n; i++)
      for (let k = 0; k < 2; k++) for (let j = 0; j < n; j++) b[i * 2 + k] += a[i * n + j] * x[j * 2 + k];
    // forward error ≤ cond(A)·eps; a 15×15 Gaussian matrix has cond ~ 1e2, so 1e-11 has margin
    expect(solveLinear(a, n, b)).toBeAllclose(x, { atol: 1e-11 });
    // a zero leading entry needs the pivot swap
    expect(solveLinear(new Float64Array([0, 1, 1, 0]), 2, new Float64Array([2, 3]))).toBeAllclose([3, 2], {
      rtol: 1e-15,
    });
  });

  it("throws on singular matrices and bad shapes", () => {
    expect(() => solveLinear(new Float64Array([1, 2, 2, 4]), 2, new Float64Array([1, 1]))).toThrow(
      InvalidArgumentError,
    );
    expect(() => solveLinear(new Float64Array(4), 2, new Float64Array(3))).toThrow(ShapeMismatchError);
  });
});

describe("lyapunov", () => {
  it("scalar OU: variance q / (2|a|)", () => {
    expect(lyapunov(new Float64Array([-1]), new Float64Array([2]), 1)).toBeAllclose([1], { rtol: 1e-15 }); // q/(2·|a|) = 1, exact
  });

  it("residual A Σ + Σ Aᵀ + Q vanishes for a non-normal stable A; Σ symmetric positive definite", () => {
    const n = 4;
    const rng = createRng(4);
    const a = rng.fillNormal(new Float64Array(n * n));
    for (let i = 0; i < n; i++) a[i * n + i] -= 4; // shift the spectrum into the left half-plane
    const q = spd(n, 5);
    const s = lyapunov(a, q, n);
    const r = matmul(a, s, n);
    const sat = matmul(s, a, n, true);
    for (let k = 0; k < n * n; k++) r[k] += sat[k] + q[k];
    // the n²×n² LU solve is backward stable; ‖Q‖ ~ 10, cond of the Kronecker system ~ 10
    expect(r).toBeAllclose(0, { atol: 1e-12 });
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(s[i * n + j]).toBe(s[j * n + i]);
    expect(() => cholesky(s, n)).not.toThrow();
  });

  it("2-D rotation-plus-damping has the closed form Σ = (q / 2γ) I", () => {
    // A = [[-γ, ω], [-ω, -γ]], Q = q I: A Σ + Σ Aᵀ = -2γ σ I when Σ = σ I.
    const g = 0.7;
    const w = 3;
    const q = 1.3;
    const s = lyapunov(new Float64Array([-g, w, -w, -g]), new Float64Array([q, 0, 0, q]), 2);
    expect(s).toBeAllclose([q / (2 * g), 0, 0, q / (2 * g)], { rtol: 1e-14, atol: 1e-15 }); // round-off
  });
});

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/** A random matrix scaled to spectral radius about `rho` (by its Frobenius norm, an upper bound). */
function contraction(n: number, rho: number, seed: number): Float64Array {
  const a = createRng(seed).fillNormal(new Float64Array(n * n));
  let f = 0;
  for (const v of a) f += v * v;
  for (let i = 0; i < a.length; i++) a[i] *= rho / Math.sqrt(f);
  return a;
}

describe("discreteLyapunov", () => {
  it("scalar AR(1): Var = q / (1 − a²), exact to a few ulps", () => {
    // 0.9² = 0.81: the series converges like 0.81^(2^k); 1.5e-16 relative is a few roundings.
    const s = discreteLyapunov([0.9], [2], 1);
    expect(s[0]).toBeCloseTo(2 / (1 - 0.81), 13);
    expect(Math.abs(s[0] / (2 / (1 - 0.81)) - 1)).toBeLessThan(4 * Number.EPSILON * 10);
  });

  it("agrees with the Kronecker solve (I − A⊗A) vec Σ = vec Q and satisfies Σ = AΣAᵀ + Q", () => {
    for (const [n, rho, seed] of [
      [2, 0.5, 1],
      [5, 0.95, 2],
      [8, 0.99, 3],
    ] as const) {
      const a = contraction(n, rho, seed);
      const g = createRng(seed + 10).fillNormal(new Float64Array(n * n));
      const q = matmul(g, g, n, true);
      const s = discreteLyapunov(a, q, n);
      // Kronecker: Σ_ij − Σ_kl A_ik A_jl Σ_kl = Q_ij
      const nn = n * n;
      const k = new Float64Array(nn * nn);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          const row = (i * n + j) * nn;
          k[row + i * n + j] += 1;
          for (let p = 0; p < n; p++)
            for (let r = 0; r < n; r++) k[row + p * n + r] -= a[i * n + p] * a[j * n + r];
        }
      const direct = solveLinear(k, nn, q);
      // Condition ~ 1/(1 − ρ²) ≤ 50: a relative agreement of 1e-11 leaves room for that and the
      // O(n²) rounding of both solves, while a wrong term of the series would be off by ≥ ρ^(2^k).
      expect(maxAbs(s.map((v, i) => v - direct[i]))).toBeLessThan(1e-11 * maxAbs(direct));
      const residual = matmul(matmul(a, s, n), a, n, true).map((v, i) => v + q[i] - s[i]);
      expect(maxAbs(residual)).toBeLessThan(1e-12 * maxAbs(s));
      for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(s[i * n + j]).toBe(s[j * n + i]);
    }
  });

  it("refuses a matrix with spectral radius ≥ 1 (no stationary state) and bad shapes", () => {
    expect(() => discreteLyapunov([1.01, 0, 0, 0.5], [1, 0, 0, 1], 2)).toThrow(ConvergenceError);
    expect(() => discreteLyapunov([1, 0, 0, 1], [1, 0, 0, 1], 2)).toThrow(/spectral radius/);
    expect(() => discreteLyapunov([0.5], [1, 0], 1)).toThrow(ShapeMismatchError);
    expect(() => discreteLyapunov([0.5, 0], [1], 1)).toThrow(/a: length 2/);
  });
});

describe("generalEigenvalues", () => {
  it("a rotation has ±i, a triangular matrix its diagonal", () => {
    const r = generalEigenvalues([0, -1, 1, 0], 2);
    expect(r.re).toEqual([0, 0]);
    expect([...r.im].sort()).toEqual([-1, 1]);
    const t = generalEigenvalues([3, 1, 7, 0, -2, 5, 0, 0, 0.5], 3);
    expect([...t.re].sort((x, y) => x - y)).toBeAllclose([-2, 0.5, 3], { rtol: 0, atol: 1e-14 }); // exact up to the rounding of a few similarity steps
    expect(t.im).toEqual([0, 0, 0]);
  });

  it("the eigenvalues' sum and product match the trace and determinant of a random 6 × 6", () => {
    const n = 6;
    const a = createRng(7).fillNormal(new Float64Array(n * n));
    const { re, im } = generalEigenvalues(a, n);
    let tr = 0;
    for (let i = 0; i < n; i++) tr += a[i * n + i];
    expect(re.reduce((s, v) => s + v, 0)).toBeCloseTo(tr, 12);
    // det from the product of (re + i·im), as complex numbers
    let pr = 1;
    let pi = 0;
    for (let i = 0; i < n; i++) [pr, pi] = [pr * re[i] - pi * im[i], pr * im[i] + pi * re[i]];
    const det = solveDet(a, n);
    expect(Math.abs(pi)).toBeLessThan(1e-12 * Math.abs(det));
    expect(pr / det).toBeCloseTo(1, 12);
  });

  it("names a non-finite entry", () => {
    expect(() => generalEigenvalues([1, Number.NaN, 0, 1], 2)).toThrow(NonFiniteError);
    expect(() => generalEigenvalues([1, Number.NaN, 0, 1], 2)).toThrow(/a: entry 1 is NaN/);
  });
});

/** det A by Gaussian elimination with partial pivoting (independent of solveLinear's code path). */
function solveDet(a: ArrayLike<number>, n: number): number {
  const m = Float64Array.from(a);
  let det = 1;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]) > Math.abs(m[p * n + c])) p = r;
    if (p !== c) {
      det = -det;
      for (let j = 0; j < n; j++) [m[c * n + j], m[p * n + j]] = [m[p * n + j], m[c * n + j]];
    }
    det *= m[c * n + c];
    for (let r = c + 1; r < n; r++) {
      const f = m[r * n + c] / m[c * n + c];
      for (let j = c; j < n; j++) m[r * n + j] -= f * m[c * n + j];
    }
  }
  return det;
}

describe("inverse", () => {
  it("A A⁻¹ = I to the conditioning of A, and refuses a singular matrix by name", () => {
    expect(inverse([2, 0, 0, 4], 2)).toEqual(new Float64Array([0.5, 0, 0, 0.25]));
    const n = 7;
    const a = createRng(3).fillNormal(new Float64Array(n * n));
    for (let i = 0; i < n; i++) a[i * n + i] += 4; // diagonally weighted: condition number ~ 10
    const p = matmul(a, inverse(a, n), n);
    for (let i = 0; i < n; i++) p[i * n + i] -= 1;
    expect(maxAbs(p)).toBeLessThan(1e-13); // ~ κ·n·ε
    expect(() => inverse([1, 2, 2, 4], 2)).toThrow(InvalidArgumentError);
    expect(() => inverse([1, 2, 2, 4], 2)).toThrow(/^a: /);
  });
});

describe("symmetrize", () => {
  it("replaces A by (A + Aᵀ)/2 in place", () => {
    const a = new Float64Array([1, 2, 4, 3]);
    expect(symmetrize(a, 2)).toBe(a);
    expect(a).toEqual(new Float64Array([1, 3, 3, 3]));
    expect(() => symmetrize(new Float64Array(3), 2)).toThrow(/a: length 3/);
  });
});

describe("inertia", () => {
  it("counts negative, zero and positive eigenvalues; NaN counts as zero", () => {
    expect(inertia([-2, 1e-14, 3], 1e-10)).toEqual({ negative: 1, zero: 1, positive: 1 });
    expect(inertia([-1, -1e-3, Number.NaN], 1e-2)).toEqual({ negative: 1, zero: 2, positive: 0 });
    expect(inertia([], 0)).toEqual({ negative: 0, zero: 0, positive: 0 });
    expect(() => inertia([1], -1)).toThrow(/tolerance: must be >= 0/);
  });
});
