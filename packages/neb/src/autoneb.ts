import {
  assertInteger,
  assertPositive,
  InvalidArgumentError,
  NonFiniteError,
  throwIfAborted,
} from "@langevin/core";
import { Band } from "./band.js";
import {
  buildResult,
  type ClimbOption,
  type NebProgress,
  type NebResult,
  nebMethod,
  type RelaxOutcome,
  relax,
  resolveSpring,
  type SpringOption,
  startRun,
} from "./engine.js";
import { initialPositions } from "./neb.js";
import { fire } from "./optimizers/fire.js";
import type { NebOptimizer } from "./optimizers/optimizer.js";
import { improvedTangent, type TangentEstimate } from "./tangent.js";
import type { EnergyFunction, PointLike } from "./types.js";

/**
 * One cycle of an AutoNEB schedule: insert images, then relax (without climbing).
 *
 * @example
 * ```ts
 * const cycle: AutoNebCycle = { insert: 2, maxIter: 100, fmax: 0.1, optimizer: momentum({ learningRate: 1e-3 }) };
 * ```
 */
export interface AutoNebCycle {
  /** Images to insert before relaxing (0 for the first cycle; default 1 for the others). */
  insert?: number;
  /** Steps at most in this cycle (default: `options.cycleMaxIter`). */
  maxIter?: number;
  /** Force tolerance of this cycle (default: as `options.cycleFmax`). */
  fmax?: number;
  /** Optimiser of this cycle, e.g. momentum with its own learning rate (default: `options.optimizer`). */
  optimizer?: NebOptimizer;
}

/**
 * Options of `autoNeb`.
 *
 * @example
 * ```ts
 * const options: AutoNebOptions = { startImages: 3, maxImages: 17, method: "string", fmax: 1e-4 };
 * ```
 */
export interface AutoNebOptions {
  /** Images at the start, endpoints included (default 4). */
  startImages?: number;
  /** Images at the end (default 9); the default schedule inserts until it is reached. */
  maxImages?: number;
  /** Intermediate points of the initial path. */
  waypoints?: readonly PointLike[];
  /**
   * Where to insert: "chord" (default; the sub-point whose energy rises most above the chord
   * between its two images; costs `subPoints` evaluations per segment), "gap" (midpoint of the
   * segment with the largest energy difference) or "length" (midpoint of the longest segment).
   */
  insertion?: "chord" | "gap" | "length";
  /** Sub-points per segment for "chord" (default 3). */
  subPoints?: number;
  /**
   * Explicit schedule (overrides the default one, which relaxes, then inserts one image into every
   * segment, i.e. doubles the segments, relaxing after each insertion, until `maxImages`).
   */
  cycles?: readonly AutoNebCycle[];
  /** Steps per cycle in the default schedule (default 200). */
  cycleMaxIter?: number;
  /**
   * Force tolerance of the intermediate cycles (default: max(10·fmax, 0.05 × the band's fmax at
   * the start of the cycle), i.e. a coarse relaxation whatever the energy scale).
   */
  cycleFmax?: number;
  /** "neb" (springs, default) or "string" (no springs; images redistributed evenly by arc length after every step). */
  method?: "neb" | "string";
  /** Spring constant k (default 0.1, as ASE), or `{ kMax, kMin }` for energy-weighted springs. */
  spring?: SpringOption;
  /** Tangent estimate (default: Henkelman–Jónsson improved tangent). */
  tangent?: TangentEstimate;
  /** Optimiser of the cycles and the final stage (default `fire()`). */
  optimizer?: NebOptimizer;
  /** Climbing image in the final stage (default true). */
  climb?: ClimbOption;
  /** Final force tolerance (default 0.05). */
  fmax?: number;
  /** Steps at most in the final stage (default 1000). */
  maxIter?: number;
  /** Gradient norm above which an endpoint is reported as not a minimum (default: `fmax`). */
  endpointTolerance?: number;
  /** Cancels the run between steps (it then throws `AbortError`). */
  signal?: AbortSignal;
  /** Called after each step with the fraction of the step budget used and the current history row. */
  onProgress?: (fraction: number, info?: NebProgress) => void;
}

/**
 * One finished AutoNEB cycle.
 *
 * @example
 * ```ts
 * autoNeb(energy, a, b).cycles.map((c) => `${c.images} images, ${c.evaluations} evaluations`);
 * ```
 */
export interface AutoNebCycleReport {
  /** Images in the band during the cycle, endpoints included. */
  images: number;
  /** Optimiser steps of the cycle. */
  iterations: number;
  /** Energy+gradient evaluations of the cycle. */
  evaluations: number;
  /** Largest per-image NEB force norm at the end of the cycle. */
  fmax: number;
  /** Whether the cycle reached its force tolerance. */
  converged: boolean;
  /** Indices where images were inserted before this cycle. */
  inserted: number[];
}

/**
 * AutoNEB result: a NEB result plus what each cycle did.
 *
 * @example
 * ```ts
 * const r: AutoNebResult = autoNeb(energy, a, b);
 * r.cycles.length; r.saddle.energy;
 * ```
 */
export interface AutoNebResult extends NebResult {
  /** What each cycle did, in order (the final stage last). */
  cycles: AutoNebCycleReport[];
}

/**
 * Inserts up to `count` images, at most one per segment, into the segments that need them most;
 * returns the new images' indices. "chord" scores a segment by the largest rise of the energy at
 * its sub-points above the chord (and inserts that sub-point, already evaluated); "gap" by |ΔE|;
 * "length" by its length (both insert the midpoint). Segments whose chord score is ≤ 0 are scored
 * by length instead.
 */
function insertImages(
  band: Band,
  energy: EnergyFunction,
  how: "chord" | "gap" | "length",
  subPoints: number,
  count: number,
  iteration: number,
): number[] {
  const { n, dim: d, x, energies: e } = band;
  const segs = n - 1;
  const take = Math.min(count, segs);
  const score = new Float64Array(segs);
  const tBest = new Float64Array(segs).fill(0.5);
  const eBest = new Float64Array(segs).fill(Number.NaN);
  const xBest = new Float64Array(segs * d);
  const gBest = new Float64Array(segs * d);
  const xw = new Float64Array(d);
  const gw = new Float64Array(d);
  const evalAt = (k: number, t: number): number => {
    for (let j = 0; j < d; j++) xw[j] = (1 - t) * x[k * d + j] + t * x[(k + 1) * d + j];
    const v = energy(xw, gw);
    band.evaluations++;
    if (!Number.isFinite(v)) {
      throw new NonFiniteError(`energy is ${v} at a sub-point of segment ${k} (iteration ${iteration})`, {
        segment: k,
        t,
        iteration,
      });
    }
    return v;
  };
  let maxLen = 0;
  const lens = new Float64Array(segs);
  for (let k = 0; k < segs; k++) {
    let l2 = 0;
    for (let j = 0; j < d; j++) l2 += (x[(k + 1) * d + j] - x[k * d + j]) ** 2;
    lens[k] = Math.sqrt(l2);
    if (lens[k] > maxLen) maxLen = lens[k];
  }
  for (let k = 0; k < segs; k++) {
    if (how === "length") score[k] = lens[k];
    else if (how === "gap") score[k] = Math.abs(e[k + 1] - e[k]);
    else {
      let best = Number.NEGATIVE_INFINITY;
      for (let p = 1; p <= subPoints; p++) {
        const t = p / (subPoints + 1);
        const v = evalAt(k, t);
        const rise = v - ((1 - t) * e[k] + t * e[k + 1]);
        if (rise > best) {
          best = rise;
          tBest[k] = t;
          eBest[k] = v;
          xBest.set(xw, k * d);
          gBest.set(gw, k * d);
        }
      }
      // A segment whose profile lies below the chord: rank it after every rising one, by length.
      score[k] = best > 0 ? best + maxLen : lens[k] / (maxLen || 1) - 1;
      if (!(best > 0)) {
        tBest[k] = 0.5;
        eBest[k] = Number.NaN;
      }
    }
  }
  const order = Array.from({ length: segs }, (_, k) => k).sort((p, q) => score[q] - score[p]);
  const chosen = order.slice(0, take).sort((p, q) => q - p); // insert from the back: indices stay valid
  const xi = new Float64Array(d);
  const gi = new Float64Array(d);
  for (const k of chosen) {
    let ek = eBest[k];
    if (Number.isNaN(ek)) {
      ek = evalAt(k, tBest[k]);
      xi.set(xw);
      gi.set(gw);
    } else {
      xi.set(xBest.subarray(k * d, (k + 1) * d));
      gi.set(gBest.subarray(k * d, (k + 1) * d));
    }
    band.insert(k + 1, xi, ek, gi);
  }
  // Final indices of the inserted images (ascending).
  return chosen
    .slice()
    .sort((p, q) => p - q)
    .map((k, r) => k + 1 + r);
}

/** Relax, then insert one image per segment (doubling the segments) until `maxImages`. */
function defaultSchedule(start: number, max: number): AutoNebCycle[] {
  const cycles: AutoNebCycle[] = [{ insert: 0 }];
  let n = start;
  while (n < max) {
    const add = Math.min(n - 1, max - n);
    cycles.push({ insert: add });
    n += add;
  }
  return cycles;
}

/**
 * AutoNEB (Kolsbjerg et al. 2016; Draxler et al. 2018): start with few images, relax, insert
 * images where the energy profile needs them, repeat through a schedule of cycles, then relax
 * with the climbing image. Cheaper than a full NEB because the early relaxations move few images.
 *
 * @example
 * ```ts
 * import { autoNeb, surfaces } from "@langevin/neb";
 * const v = surfaces.curvedValley();
 * const r = autoNeb(v.energy, v.minima[0], v.minima[1], { startImages: 4, maxImages: 9 });
 * r.saddle.x; r.cycles.length;
 * ```
 */
export function autoNeb(
  energy: EnergyFunction,
  a: PointLike,
  b: PointLike,
  options: AutoNebOptions = {},
): AutoNebResult {
  if (typeof energy !== "function")
    throw new InvalidArgumentError("energy", "must be a function (x, grad) => number");
  const startImages = options.startImages ?? 4;
  const maxImages = options.maxImages ?? 9;
  assertInteger(startImages, "options.startImages", 3);
  assertInteger(maxImages, "options.maxImages", startImages);
  const { x, n, dim } = initialPositions(
    a,
    b,
    { images: startImages, waypoints: options.waypoints },
    startImages,
  );
  const fmax = options.fmax ?? 0.05;
  assertPositive(fmax, "options.fmax");
  const cycleFmax = options.cycleFmax ?? 10 * fmax;
  assertPositive(cycleFmax, "options.cycleFmax");
  const relativeFmax = options.cycleFmax === undefined ? 0.05 : undefined;
  const cycleMaxIter = options.cycleMaxIter ?? 200;
  assertInteger(cycleMaxIter, "options.cycleMaxIter", 0);
  const maxIter = options.maxIter ?? 1000;
  assertInteger(maxIter, "options.maxIter", 0);
  const subPoints = options.subPoints ?? 3;
  assertInteger(subPoints, "options.subPoints", 1);
  const insertion = options.insertion ?? "chord";
  if (insertion !== "chord" && insertion !== "gap" && insertion !== "length") {
    throw new InvalidArgumentError(
      "options.insertion",
      `must be "chord", "gap" or "length", got ${String(insertion)}`,
    );
  }
  const method = nebMethod(options.method);
  const spring = resolveSpring(options.spring, method);
  const tangent = options.tangent ?? improvedTangent;
  const optimizer = options.optimizer ?? fire();
  const schedule: AutoNebCycle[] = options.cycles
    ? options.cycles.slice()
    : defaultSchedule(startImages, maxImages);
  const band = new Band(x, n, dim);
  const { warnings, ctx } = startRun(band, energy, options.endpointTolerance ?? fmax, options);
  const cycles: AutoNebCycleReport[] = [];
  const stages = schedule.length + 1;
  let fresh = false;
  let outcome: RelaxOutcome | undefined;
  for (let c = 0; c < schedule.length; c++) {
    throwIfAborted(options.signal);
    const cyc = schedule[c];
    const inserted: number[] = [];
    const count = cyc.insert ?? (c === 0 ? 0 : 1);
    assertInteger(count, `options.cycles[${c}].insert`, 0);
    let left = count;
    while (left > 0) {
      const got = insertImages(band, energy, insertion, subPoints, left, ctx.iterations);
      inserted.push(...got);
      left -= got.length;
    }
    const evalsBefore = band.evaluations;
    const itBefore = ctx.iterations;
    outcome = relax(
      band,
      ctx,
      {
        fmax: cyc.fmax ?? cycleFmax,
        relativeFmax: cyc.fmax === undefined ? relativeFmax : undefined,
        maxIter: cyc.maxIter ?? cycleMaxIter,
        method,
        spring,
        tangent,
        climb: false,
        optimizer: cyc.optimizer ?? optimizer,
        stage: `cycle ${c + 1}/${schedule.length} (${band.n} images)`,
        progressBase: c / stages,
        progressSpan: 1 / stages,
      },
      fresh,
      c > 0,
    );
    fresh = true;
    cycles.push({
      images: band.n,
      iterations: ctx.iterations - itBefore,
      evaluations: band.evaluations - evalsBefore,
      fmax: outcome.fmax,
      converged: outcome.converged,
      inserted,
    });
  }
  outcome = relax(
    band,
    ctx,
    {
      fmax,
      maxIter,
      method,
      spring,
      tangent,
      climb: options.climb ?? true,
      optimizer,
      stage: `final (${band.n} images)`,
      progressBase: (stages - 1) / stages,
      progressSpan: 1 / stages,
    },
    fresh,
    true,
  );
  return { ...buildResult(band, outcome, ctx, warnings), cycles };
}
