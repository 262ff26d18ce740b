import { afterEach, describe, expect, it } from "vitest";
import { InvalidArgumentError, ShapeMismatchError } from "../errors.js";
import { createRng } from "../rng/rng.js";
import { type SymmetricEigen, symmetricEigen, symmetricEigenvalues } from "./symmetric-eigen.js";

// Tolerances. Householder tridiagonalisation and QL are backward stable: the computed eigenpairs
// are exact for A + E with ‖E‖₂ ≤ p(n)·ε·‖A‖₂, where the textbook bound p(n) grows like n (one
// rounding per reflector or rotation that touches an entry; Golub & Van Loan §8.3, Wilkinson).
// Hence, with ‖A‖₂ = max|λ|:
//   |λ̂ₖ − λₖ| ≤ ‖E‖₂ (Weyl),  ‖A v̂ₖ − λ̂ₖ v̂ₖ‖₂ ≲ ‖E‖₂,  |V̂ᵀV̂ − I| ≲ p(n)·ε,
//   and sin∠(v̂ₖ, vₖ) ≤ ‖E‖₂ / gapₖ for a simple eigenvalue (Davis–Kahan).
// Every test matrix A = Q Λ Qᵀ is itself built in floating point from 4 reflections, which adds a
// perturbation of the same kind (each two-sided reflection rounds every entry a few times through
// length-n dot products): the bounds below use p(n) = n for the solver plus n for the construction.
const EPS = Number.EPSILON;
const bound = (n: number) => 2 * n * EPS;

afterEach(() => {
  delete process.env.LANGEVIN_NO_WASM;
});

/** Unit vectors of 4 random reflections H = I − 2vvᵀ; Q = H₁H₂H₃H₄ is a dense random orthogonal matrix. */
function reflectors(n: number, seed: number): Float64Array[] {
  const rng = createRng(seed, 1);
  return Array.from({ length: 4 }, () => {
    const v = rng.fillNormal(new Float64Array(n));
    let s = 0;
    for (const x of v) s += x * x;
    const inv = 1 / Math.sqrt(s);
    for (let i = 0; i < n; i++) v[i] *= inv;
    return v;
  });
}

/** M ← H M H with H = I − 2vvᵀ: M − v wᵀ − w vᵀ, w = 2Mv − 2(vᵀMv)v (symmetric by construction). */
function reflectBothSides(m: Float64Array, n: number, v: Float64Array): void {
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += m[i * n + j] * v[j];
    p[i] = s;
  }
  let vp = 0;
  for (let i = 0; i < n; i++) vp += v[i] * p[i];
  const w = p.map((pi, i) => 2 * pi - 2 * vp * v[i]);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m[i * n + j] -= v[i] * w[j] + w[i] * v[j];
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) m[j * n + i] = m[i * n + j];
}

/** A = Q diag(λ) Qᵀ and the exact eigenvector matrix Q (row-major, column k ↔ λ[k]). */
function withSpectrum(lambda: ArrayLike<number>, seed: number): { a: Float64Array; q: Float64Array } {
  const n = lambda.length;
  const hs = reflectors(n, seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = lambda[i];
  for (let r = hs.length - 1; r >= 0; r--) reflectBothSides(a, n, hs[r]);
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  // Q = H₁(H₂(H₃(H₄ I))): apply the innermost first, from the left
  for (let r = hs.length - 1; r >= 0; r--) {
    const v = hs[r];
    for (let c = 0; c < n; c++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += v[i] * q[i * n + c];
      for (let i = 0; i < n; i++) q[i * n + c] -= 2 * s * v[i];
    }
  }
  return { a, q };
}

function normInf(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
}

/** max over k of ‖A vₖ − λₖ vₖ‖₂, and max |VᵀV − I|. */
function quality(a: ArrayLike<number>, n: number, values: Float64Array, vectors: Float64Array) {
  let residual = 0;
  const av = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    av.fill(0);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += a[i * n + j] * vectors[j * n + k];
      av[i] = s - values[k] * vectors[i * n + k];
    }
    let r = 0;
    for (let i = 0; i < n; i++) r += av[i] * av[i];
    residual = Math.max(residual, Math.sqrt(r));
  }
  // VᵀV through rows of V: (VᵀV)[k, l] = Σᵢ V[i, k] V[i, l]
  const g = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let k = 0; k < n; k++) {
      const x = vectors[row + k];
      for (let l = 0; l < n; l++) g[k * n + l] += x * vectors[row + l];
    }
  }
  for (let k = 0; k < n; k++) g[k * n + k] -= 1;
  return { residual, orthogonality: normInf(g) };
}

/** The computed pairs against the exact spectrum: values, residuals and orthogonality within the bound. */
function expectAccurate(a: Float64Array, n: number, lambda: Float64Array, got: SymmetricEigen): void {
  const norm = normInf(lambda);
  expect(got.values).toBeAllclose(lambda, { atol: bound(n) * norm });
  const { residual, orthogonality } = quality(a, n, got.values, got.vectors);
  expect(residual).toBeLessThanOrEqual(bound(n) * norm);
  expect(orthogonality).toBeLessThanOrEqual(bound(n));
}

function sorted(x: ArrayLike<number>): Float64Array {
  return Float64Array.from(x).sort();
}

const paths = [
  { name: "WebAssembly SIMD kernels", noWasm: false },
  { name: "JavaScript kernels (LANGEVIN_NO_WASM=1)", noWasm: true },
];

for (const path of paths) {
  describe(`symmetricEigen, ${path.name}`, () => {
    const solve = <T>(f: () => T): T => {
      if (path.noWasm) process.env.LANGEVIN_NO_WASM = "1";
      try {
        return f();
      } finally {
        delete process.env.LANGEVIN_NO_WASM;
      }
    };

    it("1×1, 2×2, diagonal and zero matrices exactly", () => {
      const one = solve(() => symmetricEigen(new Float64Array([-3.5]), 1));
      expect(Array.from(one.values)).toEqual([-3.5]);
      expect(Math.abs(one.vectors[0])).toBe(1);

      const two = solve(() => symmetricEigen(new Float64Array([2, 1, 1, 2]), 2));
      // eigenvalues 1 and 3, eigenvectors (1, ∓1)/√2: a few roundings of numbers of size 2
      expect(two.values).toBeAllclose([1, 3], { atol: 4 * EPS });
      const r = Math.SQRT1_2;
      expect(Math.abs(two.vectors[0] * r - two.vectors[2] * r)).toBeAllclose(1, { atol: 4 * EPS });
      expect(Math.abs(two.vectors[1] * r + two.vectors[3] * r)).toBeAllclose(1, { atol: 4 * EPS });

      // A diagonal matrix needs no reflection and no rotation: the diagonal, sorted, exactly
      const diag = [5, -1, 0, 2.5, -7, 3, 1e-3, -1e3];
      const n = diag.length;
      const dm = new Float64Array(n * n);
      diag.forEach((v, i) => {
        dm[i * n + i] = v;
      });
      const de = solve(() => symmetricEigen(dm, n));
      expect(Array.from(de.values)).toEqual(Array.from(sorted(diag)));
      for (let k = 0; k < n; k++) {
        const i = diag.indexOf(de.values[k]);
        for (let r2 = 0; r2 < n; r2++) expect(Math.abs(de.vectors[r2 * n + k])).toBe(r2 === i ? 1 : 0);
      }

      const zero = solve(() => symmetricEigen(new Float64Array(36), 6));
      expect(Array.from(zero.values)).toEqual(new Array(6).fill(0));
      const { orthogonality } = quality(new Float64Array(36), 6, zero.values, zero.vectors);
      expect(orthogonality).toBe(0);
    });

    it("a dense random spectrum at n = 500: values, residual, orthogonality, eigenvectors", () => {
      const n = 500;
      const rng = createRng(11, 0);
      const lambda = Float64Array.from({ length: n }, () => 2 * rng.uniform() - 1).sort();
      const { a, q } = withSpectrum(lambda, 1);
      const norm = normInf(lambda);
      const { values, vectors } = solve(() => symmetricEigen(a, n));
      expectAccurate(a, n, lambda, { values, vectors });
      // each eigenvector against Q's column, up to sign: sin θ ≤ ‖E‖/gap
      for (let k = 0; k < n; k++) {
        const gap = Math.min(
          k > 0 ? lambda[k] - lambda[k - 1] : 2,
          k < n - 1 ? lambda[k + 1] - lambda[k] : 2,
        );
        let dot = 0;
        for (let i = 0; i < n; i++) dot += vectors[i * n + k] * q[i * n + k];
        // ‖v̂ − ±q‖₂ = 2 sin(θ/2) ≈ θ, without the cancellation of √(1 − cos²θ)
        let dist = 0;
        for (let i = 0; i < n; i++) dist += (vectors[i * n + k] - Math.sign(dot) * q[i * n + k]) ** 2;
        expect(Math.sqrt(dist)).toBeLessThanOrEqual((bound(n) * norm) / gap);
      }
    });

    it("clustered and repeated eigenvalues (odd n: a padded row stride)", () => {
      const n = 301;
      const lambda = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        if (i < 100)
          lambda[i] = -1; // repeated 100 times
        else if (i < 200)
          lambda[i] = 0.5 + (i - 100) * 1e-13; // a tight cluster
        else if (i < 290)
          lambda[i] = 2; // repeated
        else lambda[i] = 3 + (i - 290); // a few isolated ones
      }
      const { a } = withSpectrum(lambda, 2);
      expectAccurate(
        a,
        n,
        lambda,
        solve(() => symmetricEigen(a, n)),
      );
    });

    it("a spectrum spanning 1e-16…1 (a network's D): absolute accuracy ε‖A‖, not relative", () => {
      const n = 400;
      const lambda = Float64Array.from({ length: n }, (_, i) => 10 ** (-16 + (16 * i) / (n - 1)));
      const { a } = withSpectrum(lambda, 3);
      const { values, vectors } = solve(() => symmetricEigen(a, n));
      expectAccurate(a, n, lambda, { values, vectors }); // ‖A‖ = 1
      // the values-only path makes the same arithmetic on the same tridiagonal matrix
      expect(Array.from(solve(() => symmetricEigenvalues(a, n)))).toEqual(Array.from(values));
    });

    it("rank-deficient PSD matrices: the zero eigenvalues come out as ±O(nε‖A‖)", () => {
      // exact spectrum: rank 60 of 250
      const n = 250;
      const rng = createRng(5, 0);
      const lambda = Float64Array.from({ length: n }, (_, i) => (i < n - 60 ? 0 : 1 + rng.uniform())).sort();
      const { a } = withSpectrum(lambda, 4);
      const values = solve(() => symmetricEigenvalues(a, n));
      expect(values).toBeAllclose(lambda, { atol: bound(n) * 2 });

      // a Gram matrix G Gᵀ (G: 200 × 40) as the apps form it: 160 eigenvalues are exactly 0
      const m = 200;
      const r = 40;
      const g = createRng(6, 0).fillNormal(new Float64Array(m * r));
      const k = new Float64Array(m * m);
      for (let i = 0; i < m; i++)
        for (let j = 0; j <= i; j++) {
          let s = 0;
          for (let p = 0; p < r; p++) s += g[i * r + p] * g[j * r + p];
          k[i * m + j] = s;
          k[j * m + i] = s;
        }
      const kv = solve(() => symmetricEigenvalues(k, m));
      const top = kv[m - 1];
      // forming K rounds each entry relative to Σ|gᵢₚ gⱼₚ| ≤ ‖K‖: the same order as the solver
      for (let i = 0; i < m - r; i++) expect(Math.abs(kv[i])).toBeLessThanOrEqual(bound(m) * top);
      expect(kv[m - r]).toBeGreaterThan(1); // the smallest non-zero one is of order (√200 − √40)²
    });

    it("the shared workspace of small solves carries nothing from one solve to the next", () => {
      const n = 37;
      const first = withSpectrum(
        Float64Array.from({ length: n }, (_, i) => i),
        8,
      ).a;
      const second = withSpectrum(
        Float64Array.from({ length: n }, (_, i) => -i / 3),
        9,
      ).a;
      const alone = solve(() => symmetricEigen(second, n));
      solve(() => symmetricEigen(first, n));
      const lead = Float64Array.from({ length: 30 * 30 }, (_, k) => first[Math.floor(k / 30) * n + (k % 30)]);
      solve(() => symmetricEigenvalues(lead, 30));
      const after = solve(() => symmetricEigen(second, n));
      expect(Array.from(after.values)).toEqual(Array.from(alone.values));
      expect(Array.from(after.vectors)).toEqual(Array.from(alone.vectors));
    });

    it("extreme magnitudes are scaled away: 1e±300 · A has the eigenvalues 1e±300 · λ", () => {
      const n = 40;
      const lambda = Float64Array.from({ length: n }, (_, i) => i - 20);
      const { a } = withSpectrum(lambda, 7);
      for (const s of [1e300, 1e-300, 2 ** -1070]) {
        const big = a.map((x) => x * s);
        const values = solve(() => symmetricEigenvalues(big, n));
        // subnormal input has lost bits already: its own rounding is ½·2⁻¹⁰⁷⁴ per entry
        const floor = s < 1e-307 ? n * 2 ** -1074 : 0;
        expect(values).toBeAllclose(
          lambda.map((x) => x * s),
          { atol: bound(n) * 20 * s + floor },
        );
      }
    });
  });
}

describe("symmetricEigen: input validation", () => {
  it("rejects wrong lengths, bad n, non-finite entries, asymmetry, bad options", () => {
    expect(() => symmetricEigen(new Float64Array(5), 2)).toThrow(ShapeMismatchError);
    expect(() => symmetricEigenvalues(new Float64Array(4), 0)).toThrow(InvalidArgumentError);
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const a = new Float64Array([1, 0, 0, 1]);
      a[2] = bad;
      try {
        symmetricEigen(a, 2);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(InvalidArgumentError);
        expect((e as InvalidArgumentError).argument).toBe("a");
        expect((e as Error).message).toContain("[1, 0]");
      }
    }
    const a = new Float64Array([1, 2, 2 + 1e-6, 1]);
    try {
      symmetricEigenvalues(a, 2);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidArgumentError);
      expect((e as InvalidArgumentError).argument).toBe("a");
      expect((e as Error).message).toMatch(/not symmetric: \|a\[1, 0\] − a\[0, 1\]\|/);
    }
    // within the tolerance: symmetrised, eigenvalues of [[1, 2 + δ/2], [2 + δ/2, 1]]
    const within = symmetricEigenvalues(a, 2, { symmetryTolerance: 1e-6 });
    expect(within).toBeAllclose([-1 - 5e-7, 3 + 5e-7], { atol: 8 * EPS });
    // round-off asymmetry (one ulp) passes the default
    expect(() => symmetricEigen(new Float64Array([1, 0.1, 0.1 + 2 ** -56, 1]), 2)).not.toThrow();
    expect(() => symmetricEigen(a, 2, { symmetryTolerance: -1 })).toThrow(InvalidArgumentError);
    expect(() => symmetricEigen(a, 2, { symmetryTolerance: Number.NaN })).toThrow(
      /options.symmetryTolerance/,
    );
  });
});
