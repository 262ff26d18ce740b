import { gemmNN, gemmTN } from "@langevin/autograd";

/**
 * Lemma 20's linearised SGD, in discrete time: x_{k+1} = A x_k + η ξ_k with A = I − ηH and
 * cov(ξ) = D/b (mini-batches drawn with replacement), for a symmetric Hessian H (weight decay
 * included) and a diffusion matrix D. Everything is computed in H's eigenbasis, where A is diagonal
 * (a_m = 1 − ηλ_m) and the discrete Lyapunov equation Σ = AΣA + η²D/b has the closed form
 * Σ̃_mn = η² D̃_mn / (b (1 − a_m a_n)). Directions of H with λ_m below `floor` are raised to it: the
 * linear model needs a stable A, and the network's negative or flat curvatures are not quadratic.
 */
export class LinearSgd {
  /** a_m = 1 − η·max(λ_m, floor). */
  readonly a: Float64Array;
  /** Σ in H's eigenbasis (P × P, row-major). */
  readonly sigma: Float64Array;
  private readonly vectors: Float64Array;

  /**
   * @param values H's eigenvalues (length P) and `vectors` its eigenvectors (P × P, column m the
   *   eigenvector of values[m], row-major storage as @langevin/core's symmetricEigen returns them).
   * @param D the diffusion matrix (P × P, row-major), or a number c for the isotropic D = c·I.
   */
  constructor(
    values: Float64Array,
    vectors: Float64Array,
    D: Float64Array | number,
    readonly P: number,
    readonly eta: number,
    readonly b: number,
    floor: number,
  ) {
    this.vectors = vectors;
    this.a = Float64Array.from(values, (l) => 1 - eta * Math.max(l, floor));
    this.sigma = new Float64Array(P * P);
    const c = (eta * eta) / b;
    if (typeof D === "number") {
      for (let m = 0; m < P; m++) this.sigma[m * P + m] = (c * D) / (1 - this.a[m] * this.a[m]);
      return;
    }
    // D̃ = Eᵀ D E (E = vectors, columns are eigenvectors).
    const t = gemmTN(vectors, D, new Float64Array(P * P), P, P, P);
    const dt = gemmNN(t, vectors, new Float64Array(P * P), P, P, P);
    for (let m = 0; m < P; m++)
      for (let n = 0; n < P; n++) {
        const s = 0.5 * (dt[m * P + n] + dt[n * P + m]);
        this.sigma[m * P + n] = (c * s) / (1 - this.a[m] * this.a[n]);
      }
  }

  /** ṽ = Eᵀv: a weight-space direction in H's eigenbasis. */
  toEigen(v: ArrayLike<number>): Float64Array {
    const P = this.P;
    const out = new Float64Array(P);
    for (let i = 0; i < P; i++) {
      const vi = v[i];
      if (vi === 0) continue;
      const row = i * P;
      for (let m = 0; m < P; m++) out[m] += this.vectors[row + m] * vi;
    }
    return out;
  }

  /** Stationary variance vᵀΣv of the coordinate along v (given in the eigenbasis). */
  variance(v: Float64Array): number {
    return this.quadratic(v, v, (m, n) => this.sigma[m * this.P + n]);
  }

  /**
   * The time-reversal asymmetry A_ij(τ) = C_ij(τ) − C_ji(τ) of the coordinates along u and v
   * (eigenbasis), τ SGD steps apart: C(τ) = Σ Aᵗ, so A(τ) = uᵀ(ΣAᵗ − AᵗΣ)v, with entries
   * Σ̃_mn (a_nᵗ − a_mᵗ). Zero whenever Σ commutes with H (isotropic D).
   */
  asymmetry(u: Float64Array, v: Float64Array, tau: number): number {
    const at = Float64Array.from(this.a, (x) => x ** tau);
    return this.quadratic(u, v, (m, n) => this.sigma[m * this.P + n] * (at[n] - at[m]));
  }

  /**
   * The one-sided power spectral density of the increments of the coordinate along v, sampled every
   * `thin` SGD steps (time unit: one SGD step), at the given frequencies (cycles per SGD step):
   * the thinned process is x' = Aᵗx + ε with cov ε = Σ − AᵗΣAᵗ, so with z = e^{−2πi f·thin},
   * S(f) = 2·thin·|1 − z|² Re Σ_mn ṽ_m ṽ_n Q̃_mn / ((1 − a_mᵗ z)(1 − a_nᵗ z̄)).
   */
  incrementSpectrum(v: Float64Array, thin: number, frequencies: ArrayLike<number>): Float64Array {
    const P = this.P;
    const at = Float64Array.from(this.a, (x) => x ** thin);
    const out = new Float64Array(frequencies.length);
    const gr = new Float64Array(P);
    const gi = new Float64Array(P);
    for (let k = 0; k < frequencies.length; k++) {
      const w = 2 * Math.PI * frequencies[k] * thin;
      const zr = Math.cos(w);
      const zi = -Math.sin(w);
      // g_m = ṽ_m / (1 − a_mᵗ z)
      for (let m = 0; m < P; m++) {
        const dr = 1 - at[m] * zr;
        const di = -at[m] * zi;
        const den = dr * dr + di * di;
        gr[m] = (v[m] * dr) / den;
        gi[m] = (-v[m] * di) / den;
      }
      // Re Σ_mn g_m Q_mn conj(g_n), Q symmetric real.
      let s = 0;
      for (let m = 0; m < P; m++) {
        if (gr[m] === 0 && gi[m] === 0) continue;
        const row = m * P;
        let accR = 0;
        let accI = 0;
        for (let n = 0; n < P; n++) {
          const q = this.sigma[row + n] * (1 - at[m] * at[n]);
          accR += q * gr[n];
          accI += q * gi[n];
        }
        s += gr[m] * accR + gi[m] * accI;
      }
      const one = (1 - zr) * (1 - zr) + zi * zi;
      out[k] = 2 * thin * one * s;
    }
    return out;
  }

  private quadratic(u: Float64Array, v: Float64Array, entry: (m: number, n: number) => number): number {
    let s = 0;
    for (let m = 0; m < this.P; m++) {
      if (u[m] === 0) continue;
      let r = 0;
      for (let n = 0; n < this.P; n++) r += entry(m, n) * v[n];
      s += u[m] * r;
    }
    return s;
  }
}
