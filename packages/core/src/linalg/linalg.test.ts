import { describe, expect, it } from "vitest";
import { InvalidArgumentError, NotPositiveDefiniteError, ShapeMismatchError } from "../errors.js";
import { createRng } from "../rng/rng.js";
import { cholesky } from "./cholesky.js";
import { lyapunov } from "./lyapunov.js";
import { solveLinear } from "./solve-linear.js";

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
