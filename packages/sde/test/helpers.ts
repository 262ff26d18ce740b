import { createRng } from "@langevin/core/base";
import { histogram1d, histogram2d } from "../src/observers/histogram.js";
import { moments } from "../src/observers/moments.js";
import { saveAt } from "../src/observers/save-at.js";
import { timeAverage } from "../src/observers/time-average.js";
import { perPath, type SdeProblem, sdeProblem } from "../src/problem.js";
import type { Scheme } from "../src/schemes/types.js";

/** Least-squares slope of log(err) against log(h). */
export function fitSlope(h: number[], err: number[]): number {
  const x = h.map(Math.log);
  const y = err.map(Math.log);
  const mx = x.reduce((a, b) => a + b, 0) / x.length;
  const my = y.reduce((a, b) => a + b, 0) / y.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
  }
  return sxy / sxx;
}

/** {@link fitSlope}, printed with its errors when SDE_REPORT=1 (how the README's orders are read). */
export function reportedSlope(label: string, h: number[], err: number[]): number {
  const slope = fitSlope(h, err);
  if (process.env.SDE_REPORT) console.log(label, slope, err);
  return slope;
}

/**
 * Fine Brownian increments for M paths and N fine steps of size dt (path p from stream p of
 * `seed`): dW[p*N + k]; with `withZ`, also dZ = ∫(W_s − W_{t_k}) ds over each fine step, drawn
 * exactly: dW = √dt a, dZ = ½ dt^{3/2} (a + b/√3).
 */
export function finePaths(seed: number, M: number, N: number, dt: number, withZ = false) {
  const dW = new Float64Array(M * N);
  const dZ = new Float64Array(withZ ? M * N : 0);
  const ab = new Float64Array(2);
  for (let p = 0; p < M; p++) {
    const rng = createRng(seed, p);
    for (let k = 0; k < N; k++) {
      if (withZ) {
        rng.fillNormal(ab);
        dW[p * N + k] = Math.sqrt(dt) * ab[0];
        dZ[p * N + k] = 0.5 * dt ** 1.5 * (ab[0] + ab[1] / Math.sqrt(3));
      } else dW[p * N + k] = Math.sqrt(dt) * rng.normal();
    }
  }
  return { dW, dZ };
}

/** W_T of each of the M paths of {@link finePaths}: the sum of its N fine increments. */
export function brownianEnds(fine: { dW: Float64Array }, M: number, N: number): Float64Array {
  const wT = new Float64Array(M);
  for (let p = 0; p < M; p++) for (let k = 0; k < N; k++) wT[p] += fine.dW[p * N + k];
  return wT;
}

/**
 * Runs `scheme` on M paths with coarse step h = R·dt, its noise built by summing the fine
 * increments (one noise dimension). With `withZ` (schemes taking [z1, z2] per noise dimension, as
 * SRA1), z2 is recovered from the coarse ΔZ so that the scheme sees the exact (ΔW, ΔZ) of the path.
 * Returns the final states (M × dim).
 */
export function runOnFinePath(
  problem: SdeProblem,
  scheme: Scheme,
  fine: { dW: Float64Array; dZ: Float64Array },
  M: number,
  N: number,
  dt: number,
  R: number,
  withZ = false,
): Float64Array {
  const d = problem.dim;
  const c = scheme.normalsPerStep(problem);
  const stepper = scheme.init(problem, M);
  const x = new Float64Array(M * d);
  for (let p = 0; p < M; p++) problem.initial(p, x, p * d);
  const z = new Float64Array(M * c);
  const h = R * dt;
  stepper.begin?.(0, x, M);
  for (let j = 0; j < N / R; j++) {
    for (let p = 0; p < M; p++) {
      let w = 0;
      let zz = 0;
      for (let r = 0; r < R; r++) {
        const k = p * N + j * R + r;
        if (withZ) zz += fine.dZ[k] + w * dt;
        w += fine.dW[k];
      }
      const z1 = w / Math.sqrt(h);
      z[p * c] = z1;
      if (withZ) z[p * c + 1] = Math.sqrt(3) * ((2 * zz) / h ** 1.5 - z1);
    }
    stepper.step(j * h, h, x, z, M);
  }
  return x;
}

/** Deep structural equality with bit-exact numbers (NaN equals NaN). */
export function same(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return Object.is(a, b);
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b))
    return same(Array.from(a as Float64Array), Array.from(b as Float64Array));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => same(v, b[i]));
  if (a && b && typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => same((a as never)[k], (b as never)[k]));
  }
  return a === b;
}

/** The 1-D Ornstein–Uhlenbeck process dX = −θX dt + σ dW from X0 = x0 (additive noise). */
export function ouProblem({ theta = 1, sigma = 1, x0 = 0 } = {}): SdeProblem {
  return sdeProblem({
    dim: 1,
    noise: "additive",
    diffusion: sigma,
    x0: [x0],
    drift: (_t, x, out, n) => {
      for (let k = 0; k < n; k++) out[k] = -theta * x[k];
    },
  });
}

/**
 * A rotating 2-D Ornstein–Uhlenbeck process with state-dependent (general) noise, so the generic
 * arithmetic path runs; paths start apart (x0 = (1 + 0.001 p, −0.5)), so a mixed-up path shows.
 */
export function rotatingGeneralOu(): SdeProblem {
  return sdeProblem({
    dim: 2,
    noise: "general",
    noiseDim: 2,
    x0: (path, out) => {
      out[0] = 1 + 0.001 * path;
      out[1] = -0.5;
    },
    drift: (_t, x, out, n) => {
      for (let k = 0; k < n; k++) {
        const a = x[2 * k];
        const b = x[2 * k + 1];
        out[2 * k] = -a - 0.5 * b;
        out[2 * k + 1] = 0.5 * a - b;
      }
    },
    diffusion: perPath((_t, x, out) => {
      out[0] = 0.5;
      out[1] = 0.1 * x[0];
      out[2] = 0;
      out[3] = 0.4 + 0.05 * Math.tanh(x[1]);
    }),
  });
}

/**
 * Fresh observers of the kinds that reduce over paths on a 2-D problem on [0, 2] (moments,
 * histograms after a burn-in, paths saved at 0, 1, 2 and a time average): one for each bit-exact
 * comparison between ways of running the same ensemble.
 */
export function ensembleObservers(savedPaths: number[]) {
  return {
    m: moments({ times: [0.5, 2] }),
    h: histogram1d({ min: -2, max: 2, bins: 16, burnIn: 1 }),
    h2: histogram2d({ xmin: -2, xmax: 2, xbins: 5, ymin: -2, ymax: 2, ybins: 5 }),
    s: saveAt([0, 1, 2], { paths: savedPaths }),
    L: timeAverage((_t, x, dx) => x[0] * dx[1] - x[1] * dx[0]),
  };
}
