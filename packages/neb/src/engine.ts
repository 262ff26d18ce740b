import { assertPositive, InvalidArgumentError, throwIfAborted } from "@langevin/core";
import type { Band, SpringScheme } from "./band.js";
import type { NebOptimizer } from "./optimizers/optimizer.js";
import { redistribute } from "./path.js";
import { type EnergyProfile, energyProfile } from "./profile.js";
import type { TangentEstimate } from "./tangent.js";
import type { EnergyFunction } from "./types.js";

/**
 * When the climbing image switches on: `true` at once, `false` never, or after a number of
 * iterations and/or once fmax falls below a level (whichever comes first).
 *
 * @example
 * ```ts
 * neb(energy, a, b, { climb: { belowFmax: 0.5, afterIterations: 200 } });
 * ```
 */
export type ClimbOption =
  | boolean
  | {
      /** Switch on after this many optimiser steps. */
      afterIterations?: number;
      /** Switch on once the band's fmax falls below this level. */
      belowFmax?: number;
    };

/**
 * One row of the per-iteration history.
 *
 * @example
 * ```ts
 * neb(energy, a, b).history.map((h) => h.fmax);
 * ```
 */
export interface NebHistoryEntry {
  /** Optimiser step (counted over all stages). */
  iteration: number;
  /** Largest per-image NEB force norm. */
  fmax: number;
  /** Highest image energy. */
  maxEnergy: number;
  /** Cumulative energy+gradient evaluations. */
  evaluations: number;
  /** Climbing image index, or −1. */
  climbing: number;
  /** Number of images (changes in AutoNEB). */
  images: number;
}

/**
 * Progress information passed to `onProgress`.
 *
 * @example
 * ```ts
 * neb(energy, a, b, { onProgress: (f, info) => console.log(f, info?.stage, info?.fmax) });
 * ```
 */
export interface NebProgress extends NebHistoryEntry {
  /** Which stage is running: "neb", or for AutoNEB "cycle 2/5 (9 images)" and then "final (17 images)". */
  stage: string;
}

/**
 * The saddle estimate: the climbing image (or the highest image without climbing).
 *
 * @example
 * ```ts
 * const { x, energy, gradientNorm } = neb(energy, a, b).saddle;
 * ```
 */
export interface SaddleEstimate {
  /** Index of the image (the climbing image when one was active). */
  image: number;
  /** Whether it is a converged climbing image (then it approximates the saddle point itself). */
  climbing: boolean;
  /** Position of the image. */
  x: Float64Array;
  /** Its energy. */
  energy: number;
  /** |∇E| there (near 0 for a converged climbing image). */
  gradientNorm: number;
}

/**
 * Everything a NEB or AutoNEB run returns.
 *
 * @example
 * ```ts
 * const r: NebResult = neb(energy, a, b);
 * if (!r.converged) console.warn(r.reason);
 * r.profile.sample(200); r.barrierForward;
 * ```
 */
export interface NebResult {
  /** Whether fmax fell below the tolerance (with the climbing image active when one was requested). */
  converged: boolean;
  /** Why the run stopped: "fmax below tolerance" or "maxIter (N) reached with fmax = …". */
  reason: string;
  /** Optimiser steps taken. */
  iterations: number;
  /** Energy+gradient evaluations (endpoints and AutoNEB sub-points included). */
  evaluations: number;
  /** Final largest per-image NEB force norm (ASE's convention). */
  fmax: number;
  /** Number of images, endpoints included. */
  n: number;
  /** Dimension of each image. */
  dim: number;
  /** Positions, image after image (n·dim). */
  path: Float64Array;
  /** Copies of each image. */
  images: Float64Array[];
  /** Energy of each image. */
  energies: Float64Array;
  /** |∇E| per image. */
  gradientNorms: Float64Array;
  /** NEB force norm per image (0 at the endpoints). */
  forceNorms: Float64Array;
  /** Unit tangents (n·dim). */
  tangents: Float64Array;
  /** Climbing image index, or −1. */
  climbingImage: number;
  /** Energy along the path (cubic Hermite in arc length). */
  profile: EnergyProfile;
  /** max(highest image, profile maximum, climbing image) − E(first endpoint). */
  barrierForward: number;
  /** The same minus E(last endpoint). */
  barrierBackward: number;
  /** The saddle estimate: the climbing image, or the highest image. */
  saddle: SaddleEstimate;
  /** One row per optimiser step. */
  history: NebHistoryEntry[];
  /** Non-fatal problems (endpoints that are not minima, …). */
  warnings: string[];
}

/** The resolved settings of one relaxation. */
export interface RelaxSettings {
  fmax: number;
  /** When set, the tolerance is max(fmax, relativeFmax × the band's fmax at the first step). */
  relativeFmax?: number;
  maxIter: number;
  method: "neb" | "string";
  spring: SpringScheme;
  tangent: TangentEstimate;
  climb: ClimbOption;
  optimizer: NebOptimizer;
  stage: string;
  /** Fraction of the whole run before this stage, and this stage's share, for onProgress. */
  progressBase: number;
  progressSpan: number;
}

/** Shared context across stages. */
export interface RunContext {
  energy: EnergyFunction;
  signal?: AbortSignal;
  onProgress?: (fraction: number, info?: NebProgress) => void;
  history: NebHistoryEntry[];
  iterations: number;
}

/** The outcome of one relaxation. */
export interface RelaxOutcome {
  converged: boolean;
  reason: string;
  fmax: number;
  climbing: number;
  iterations: number;
}

/**
 * Spring option as the user gives it: a constant k, or energy-weighted between kMin and kMax.
 *
 * @example
 * ```ts
 * neb(energy, a, b, { spring: 5 });
 * neb(energy, a, b, { spring: { kMax: 10, kMin: 1 } });
 * ```
 */
export type SpringOption =
  | number
  | {
      /** The spring constant of every segment. */
      k: number;
    }
  | {
      /** Energy-weighted springs: the constant at the highest image. */
      kMax: number;
      /** The constant at the band's lowest energies. */
      kMin: number;
    };

export function resolveSpring(spring: SpringOption | undefined, method: "neb" | "string"): SpringScheme {
  if (method === "string") return { kind: "none" };
  if (spring === undefined) return { kind: "constant", k: 0.1 };
  if (typeof spring === "number") {
    assertPositive(spring, "options.spring");
    return { kind: "constant", k: spring };
  }
  if ("k" in spring) {
    assertPositive(spring.k, "options.spring.k");
    return { kind: "constant", k: spring.k };
  }
  assertPositive(spring.kMax, "options.spring.kMax");
  assertPositive(spring.kMin, "options.spring.kMin");
  if (spring.kMin > spring.kMax)
    throw new InvalidArgumentError("options.spring", "kMin must not exceed kMax");
  return { kind: "energy-weighted", kMax: spring.kMax, kMin: spring.kMin };
}

function climbWanted(climb: ClimbOption): boolean {
  return climb !== false;
}

function climbDue(climb: ClimbOption, iteration: number, fmax: number): boolean {
  if (climb === true) return true;
  if (climb === false) return false;
  const after = climb.afterIterations;
  const below = climb.belowFmax;
  if (after === undefined && below === undefined) return true;
  return (after !== undefined && iteration >= after) || (below !== undefined && fmax < below);
}

/**
 * Relaxes the band's moving images until fmax < settings.fmax (with the climbing image on when
 * requested) or maxIter steps. Endpoints must have been evaluated; `fresh` says that the moving
 * images have been evaluated at their current positions too. On return the band is fresh.
 */
export function relax(
  band: Band,
  ctx: RunContext,
  st: RelaxSettings,
  fresh = false,
  warm = false,
): RelaxOutcome {
  const { energy, signal, onProgress } = ctx;
  const d = band.dim;
  // The band does not reallocate inside relax: these views stay valid.
  const xs = band.x.subarray(d, (band.n - 1) * d);
  const fs = band.forces.subarray(d, (band.n - 1) * d);
  st.optimizer.reset(xs.length, d, warm);
  const work = new Float64Array(band.n * d);
  const sWork = new Float64Array(band.n);
  let climbing = -1;
  let fmax = Number.POSITIVE_INFINITY;
  let tol = st.fmax;
  let fmax0 = 0;
  let lastFrac = 0;
  for (let it = 0; ; it++) {
    throwIfAborted(signal);
    const globalIt = ctx.iterations;
    // A fresh band (energies and gradients of the current positions are known) skips one sweep.
    if (!(fresh && it === 0)) for (let i = 1; i < band.n - 1; i++) band.evaluate(energy, i, globalIt);
    if (climbing >= 0) climbing = band.highestImage();
    fmax = band.computeForces(st.tangent, st.spring, climbing);
    if (climbing < 0 && climbWanted(st.climb) && climbDue(st.climb, it, fmax)) {
      climbing = band.highestImage();
      fmax = band.computeForces(st.tangent, st.spring, climbing);
      st.optimizer.reset(xs.length, d, true);
    }
    if (it === 0 && st.relativeFmax !== undefined) tol = Math.max(st.fmax, st.relativeFmax * fmax);
    let maxEnergy = band.energies[0];
    for (let i = 1; i < band.n; i++) if (band.energies[i] > maxEnergy) maxEnergy = band.energies[i];
    const entry: NebHistoryEntry = {
      iteration: globalIt,
      fmax,
      maxEnergy,
      evaluations: band.evaluations,
      climbing,
      images: band.n,
    };
    ctx.history.push(entry);
    const done = fmax < tol && (climbing >= 0 || !climbWanted(st.climb));
    if (onProgress) {
      // Progress: the larger of the iteration budget used and the (log-scale) way from the first
      // fmax to the tolerance, never decreasing.
      if (it === 0) fmax0 = fmax;
      const byForce = fmax0 > tol && fmax < fmax0 ? Math.log(fmax0 / fmax) / Math.log(fmax0 / tol) : 0;
      lastFrac = done ? 1 : Math.max(lastFrac, Math.min(0.999, Math.max(it / st.maxIter, byForce)));
      const frac = lastFrac;
      onProgress(st.progressBase + st.progressSpan * frac, { ...entry, stage: st.stage });
    }
    if (done) {
      return { converged: true, reason: "fmax below tolerance", fmax, climbing, iterations: it };
    }
    if (it >= st.maxIter) {
      return {
        converged: false,
        reason: `maxIter (${st.maxIter}) reached with fmax = ${fmax.toPrecision(4)} > ${tol}${
          climbWanted(st.climb) && climbing < 0 ? " (climbing image never switched on)" : ""
        }`,
        fmax,
        climbing,
        iterations: it,
      };
    }
    st.optimizer.step(xs, fs);
    ctx.iterations++;
    if (st.method === "string") {
      if (climbing > 0) {
        redistribute(band.x, d, 0, climbing, work, sWork);
        redistribute(band.x, d, climbing, band.n - 1, work, sWork);
      } else {
        redistribute(band.x, d, 0, band.n - 1, work, sWork);
      }
    }
  }
}

/**
 * The `method` option of neb and autoNeb, checked (default "neb").
 *
 * @example
 * ```ts
 * const method = nebMethod(options.method);
 * ```
 */
export function nebMethod(method: "neb" | "string" | undefined): "neb" | "string" {
  const m = method ?? "neb";
  if (m !== "neb" && m !== "string") {
    throw new InvalidArgumentError("options.method", `must be "neb" or "string", got ${String(m)}`);
  }
  return m;
}

/**
 * How neb and autoNeb start on a band: its endpoints evaluated (a warning for each that is not a
 * minimum to within `tolerance`) and a fresh run context.
 *
 * @example
 * ```ts
 * const { warnings, ctx } = startRun(band, energy, options.endpointTolerance ?? fmax, options);
 * ```
 */
export function startRun(
  band: Band,
  energy: EnergyFunction,
  tolerance: number,
  options: Pick<RunContext, "signal" | "onProgress">,
): { warnings: string[]; ctx: RunContext } {
  const warnings = evaluateEndpoints(band, energy, tolerance);
  return {
    warnings,
    ctx: { energy, signal: options.signal, onProgress: options.onProgress, history: [], iterations: 0 },
  };
}

/** Evaluates both endpoints and returns warnings for endpoints that are not minima. */
export function evaluateEndpoints(band: Band, energy: EnergyFunction, tolerance: number): string[] {
  const warnings: string[] = [];
  const d = band.dim;
  for (const [i, name] of [
    [0, "a"],
    [band.n - 1, "b"],
  ] as const) {
    band.evaluate(energy, i, 0);
    let g2 = 0;
    for (let j = 0; j < d; j++) g2 += band.grads[i * d + j] ** 2;
    const gn = Math.sqrt(g2);
    if (gn > tolerance) {
      warnings.push(
        `endpoint ${name} is not a minimum: |∇E| = ${gn.toPrecision(4)} > ${tolerance} (relax it first for a meaningful barrier)`,
      );
    }
  }
  return warnings;
}

/** Builds the result from the final band. */
export function buildResult(
  band: Band,
  outcome: RelaxOutcome,
  ctx: RunContext,
  warnings: string[],
): NebResult {
  const { n, dim: d } = band;
  const gradientNorms = new Float64Array(n);
  const s = new Float64Array(n);
  const slopes = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let g2 = 0;
    let gt = 0;
    for (let j = 0; j < d; j++) {
      const gj = band.grads[i * d + j];
      g2 += gj * gj;
      gt += gj * band.tangents[i * d + j];
    }
    gradientNorms[i] = Math.sqrt(g2);
    slopes[i] = gt;
    if (i > 0) {
      let l2 = 0;
      for (let j = 0; j < d; j++) l2 += (band.x[i * d + j] - band.x[(i - 1) * d + j]) ** 2;
      s[i] = s[i - 1] + Math.sqrt(l2);
    }
  }
  const profile = energyProfile(s, band.energies, slopes);
  const top = outcome.climbing >= 0 ? outcome.climbing : band.highestImage();
  const pmax = profile.maximum();
  const eTop = Math.max(band.energies[top], pmax.energy);
  const images: Float64Array[] = [];
  for (let i = 0; i < n; i++) images.push(band.x.slice(i * d, (i + 1) * d));
  return {
    converged: outcome.converged,
    reason: outcome.reason,
    iterations: ctx.iterations,
    evaluations: band.evaluations,
    fmax: outcome.fmax,
    n,
    dim: d,
    path: band.x.slice(),
    images,
    energies: band.energies.slice(),
    gradientNorms,
    forceNorms: band.forceNorms.slice(),
    tangents: band.tangents.slice(),
    climbingImage: outcome.climbing,
    profile,
    barrierForward: eTop - band.energies[0],
    barrierBackward: eTop - band.energies[n - 1],
    saddle: {
      image: top,
      climbing: outcome.climbing >= 0,
      x: band.x.slice(top * d, (top + 1) * d),
      energy: band.energies[top],
      gradientNorm: gradientNorms[top],
    },
    history: ctx.history,
    warnings,
  };
}
