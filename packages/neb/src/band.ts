import { NonFiniteError } from "@langevin/core";
import type { TangentEstimate } from "./tangent.js";
import type { EnergyFunction } from "./types.js";

/**
 * How the springs between images are set (resolved from the `spring` option).
 *
 * @example
 * ```ts
 * const s: SpringScheme = { kind: "energy-weighted", kMax: 1, kMin: 0.1 };
 * ```
 */
export type SpringScheme =
  | {
      /** One spring constant for every segment. */
      kind: "constant";
      /** The spring constant. */
      k: number;
    }
  | {
      /** Stiffer springs near the top of the band (Henkelman–Uberuaga–Jónsson). */
      kind: "energy-weighted";
      /** Spring constant at the highest image. */
      kMax: number;
      /** Spring constant at the band's lowest energies. */
      kMin: number;
    }
  | {
      /** No springs (the string method redistributes the images instead). */
      kind: "none";
    };

/**
 * The state of a band of `n` images (internal, reused by `neb` and `autoNeb`). All arrays are
 * image-major (`x[i*dim + j]`).
 */
export class Band {
  n: number;
  readonly dim: number;
  x: Float64Array;
  energies: Float64Array;
  grads: Float64Array;
  /** NEB forces (zero at the endpoints). */
  forces: Float64Array;
  /** Unit tangents (at the endpoints: the direction to the neighbour). */
  tangents: Float64Array;
  /** |NEB force| per image. */
  forceNorms: Float64Array;
  evaluations = 0;
  /** Per-image views of x and grads (rebuilt when the band grows; no allocation per evaluation). */
  private xViews: Float64Array[] = [];
  private gViews: Float64Array[] = [];
  private readonly t: Float64Array;
  private readonly tp: Float64Array;
  private readonly tm: Float64Array;

  constructor(x: Float64Array, n: number, dim: number) {
    this.n = n;
    this.dim = dim;
    this.x = x;
    this.energies = new Float64Array(n);
    this.grads = new Float64Array(n * dim);
    this.forces = new Float64Array(n * dim);
    this.tangents = new Float64Array(n * dim);
    this.forceNorms = new Float64Array(n);
    this.tp = new Float64Array(dim);
    this.tm = new Float64Array(dim);
    this.t = new Float64Array(dim);
    this.buildViews();
  }

  private buildViews(): void {
    const d = this.dim;
    this.xViews = [];
    this.gViews = [];
    for (let i = 0; i < this.n; i++) {
      this.xViews.push(this.x.subarray(i * d, (i + 1) * d));
      this.gViews.push(this.grads.subarray(i * d, (i + 1) * d));
    }
  }

  /** Evaluates image i (writing its energy and gradient); throws NonFiniteError on NaN/∞. */
  evaluate(energy: EnergyFunction, i: number, iteration: number): number {
    const d = this.dim;
    const xi = this.xViews[i];
    const gi = this.gViews[i];
    const e = energy(xi, gi);
    this.evaluations++;
    if (!Number.isFinite(e)) {
      throw new NonFiniteError(`energy of image ${i} is ${e} at iteration ${iteration}`, {
        image: i,
        iteration,
        energy: e,
      });
    }
    for (let j = 0; j < d; j++) {
      if (!Number.isFinite(gi[j])) {
        throw new NonFiniteError(
          `gradient of image ${i} is not finite (component ${j}) at iteration ${iteration}`,
          {
            image: i,
            iteration,
            component: j,
          },
        );
      }
    }
    this.energies[i] = e;
    return e;
  }

  /** Inserts a new image at position `at` (between images at−1 and at) with the given data. */
  insert(at: number, xi: Float64Array, e: number, gi: Float64Array): void {
    const d = this.dim;
    const n = this.n + 1;
    const grow = (old: Float64Array, per: number, fill?: ArrayLike<number>): Float64Array => {
      const out = new Float64Array(n * per);
      out.set(old.subarray(0, at * per), 0);
      if (fill) out.set(fill, at * per);
      out.set(old.subarray(at * per), (at + 1) * per);
      return out;
    };
    this.x = grow(this.x, d, xi);
    this.grads = grow(this.grads, d, gi);
    this.energies = grow(this.energies, 1, [e]);
    this.forces = new Float64Array(n * d);
    this.tangents = new Float64Array(n * d);
    this.forceNorms = new Float64Array(n);
    this.n = n;
    this.buildViews();
  }

  /** The highest-energy moving image. */
  highestImage(): number {
    let best = 1;
    for (let i = 2; i < this.n - 1; i++) if (this.energies[i] > this.energies[best]) best = i;
    return best;
  }

  /**
   * Computes unit tangents and NEB forces from the current energies and gradients. `climbing` is
   * the climbing image's index or −1. Returns the largest per-image force norm (fmax).
   */
  computeForces(tangent: TangentEstimate, spring: SpringScheme, climbing: number): number {
    const { n, dim: d, x, energies: e, grads: g, forces: f, tangents: tau } = this;
    const t = this.t;
    const tp = this.tp;
    const tm = this.tm;
    let eRef = 0;
    let eMax = 0;
    if (spring.kind === "energy-weighted") {
      eRef = Math.max(e[0], e[n - 1]);
      eMax = e[0];
      for (let i = 1; i < n; i++) if (e[i] > eMax) eMax = e[i];
    }
    const springK = (i: number): number => {
      // Spring between images i−1 and i.
      if (spring.kind === "constant") return spring.k;
      if (spring.kind === "none") return 0;
      const ei = Math.max(e[i], e[i - 1]);
      if (ei <= eRef || !(eMax > eRef)) return spring.kMin;
      return spring.kMax - ((spring.kMax - spring.kMin) * (eMax - ei)) / (eMax - eRef);
    };
    let fmax = 0;
    for (let j = 0; j < d; j++) {
      f[j] = 0;
      f[(n - 1) * d + j] = 0;
    }
    let lenMinus = 0;
    for (let j = 0; j < d; j++) {
      const dj = x[d + j] - x[j];
      lenMinus += dj * dj;
    }
    lenMinus = Math.sqrt(lenMinus);
    let kMinus = springK(1);
    for (let i = 1; i < n - 1; i++) {
      const o = i * d;
      let np2 = 0;
      let nm2 = 0;
      for (let j = 0; j < d; j++) {
        tp[j] = x[o + d + j] - x[o + j];
        tm[j] = x[o + j] - x[o - d + j];
        np2 += tp[j] * tp[j];
        nm2 += tm[j] * tm[j];
      }
      const lenPlus = Math.sqrt(np2);
      tangent(x, e, i, d, t);
      let tn = 0;
      for (let j = 0; j < d; j++) tn += t[j] * t[j];
      tn = Math.sqrt(tn);
      if (!(tn > 0) || !Number.isFinite(tn)) {
        // Guard: a zero tangent (flat energies, coincident images): bisect the neighbour directions,
        // or else take the chord between the endpoints.
        const ip = lenPlus > 0 ? 1 / lenPlus : 0;
        const im = nm2 > 0 ? 1 / Math.sqrt(nm2) : 0;
        tn = 0;
        for (let j = 0; j < d; j++) {
          t[j] = tp[j] * ip + tm[j] * im;
          tn += t[j] * t[j];
        }
        tn = Math.sqrt(tn);
        if (!(tn > 0)) {
          tn = 0;
          for (let j = 0; j < d; j++) {
            t[j] = x[(n - 1) * d + j] - x[j];
            tn += t[j] * t[j];
          }
          tn = Math.sqrt(tn);
          if (!(tn > 0)) {
            t.fill(0);
            t[0] = 1;
            tn = 1;
          }
        }
      }
      let ft = 0;
      for (let j = 0; j < d; j++) {
        const tj = t[j] / tn;
        tau[o + j] = tj;
        ft -= g[o + j] * tj;
      }
      const kPlus = springK(i + 1);
      let fn2 = 0;
      if (i === climbing) {
        for (let j = 0; j < d; j++) {
          const v = -g[o + j] - 2 * ft * tau[o + j];
          f[o + j] = v;
          fn2 += v * v;
        }
      } else {
        const fs = kPlus * lenPlus - kMinus * lenMinus;
        for (let j = 0; j < d; j++) {
          const v = -g[o + j] - ft * tau[o + j] + fs * tau[o + j];
          f[o + j] = v;
          fn2 += v * v;
        }
      }
      const fn = Math.sqrt(fn2);
      this.forceNorms[i] = fn;
      if (fn > fmax) fmax = fn;
      lenMinus = lenPlus;
      kMinus = kPlus;
    }
    // Endpoint tangents: towards the neighbour.
    this.endpointTangent(0, 1);
    this.endpointTangent(n - 1, n - 2);
    return fmax;
  }

  private endpointTangent(i: number, nb: number): void {
    const { dim: d, x, tangents: tau } = this;
    const sign = i === 0 ? 1 : -1;
    let s = 0;
    for (let j = 0; j < d; j++) {
      const v = sign * (x[nb * d + j] - x[i * d + j]);
      tau[i * d + j] = v;
      s += v * v;
    }
    s = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let j = 0; j < d; j++) tau[i * d + j] *= s;
    this.forceNorms[i] = 0;
  }
}
