import { assertInteger, assertPositive, InvalidArgumentError, ShapeMismatchError } from "@langevin/core";
import { Band } from "./band.js";
import {
  buildResult,
  type ClimbOption,
  type NebProgress,
  type NebResult,
  nebMethod,
  relax,
  resolveSpring,
  type SpringOption,
  startRun,
} from "./engine.js";
import { fire } from "./optimizers/fire.js";
import type { NebOptimizer } from "./optimizers/optimizer.js";
import { waypointPath } from "./path.js";
import { improvedTangent, type TangentEstimate } from "./tangent.js";
import type { EnergyFunction, PointLike } from "./types.js";

/**
 * Options of `neb`.
 *
 * @example
 * ```ts
 * const options: NebOptions = { images: 9, spring: 0.1, climb: true, optimizer: fire(), fmax: 0.05 };
 * ```
 */
export interface NebOptions {
  /** Number of images including both endpoints (default 9: 7 moving). */
  images?: number;
  /** Intermediate points the initial path goes through (piecewise linear, evenly spaced by arc length). */
  waypoints?: readonly PointLike[];
  /**
   * A full initial path, image after image, endpoints included (overrides `images`/`waypoints`; its
   * first and last images are replaced by `a` and `b`).
   */
  initialPath?: Float64Array;
  /** "neb" (springs, default) or "string" (no springs; images redistributed evenly by arc length after every step). */
  method?: "neb" | "string";
  /** Spring constant k (default 0.1, as ASE), or `{ kMax, kMin }` for energy-weighted springs. */
  spring?: SpringOption;
  /** Tangent estimate (default: Henkelman–Jónsson improved tangent). */
  tangent?: TangentEstimate;
  /** Climbing image (default true: on from the start, as ASE's `climb=True`). */
  climb?: ClimbOption;
  /** Optimiser (default `fire()` with ASE's parameters). */
  optimizer?: NebOptimizer;
  /** Tolerance on the largest per-image NEB force norm (default 0.05). */
  fmax?: number;
  /** Largest number of optimiser steps (default 1000). */
  maxIter?: number;
  /** Gradient norm above which an endpoint is reported as not a minimum (default: `fmax`). */
  endpointTolerance?: number;
  /** Cancels the run between steps (it then throws `AbortError`). */
  signal?: AbortSignal;
  /** Called after each step with the fraction of the step budget used and the current history row. */
  onProgress?: (fraction: number, info?: NebProgress) => void;
}

/** Validates endpoints and builds the initial positions. */
export function initialPositions(
  a: PointLike,
  b: PointLike,
  options: { images?: number; waypoints?: readonly PointLike[]; initialPath?: Float64Array },
  defaultImages: number,
): { x: Float64Array; n: number; dim: number } {
  if (a.length !== b.length) {
    throw new ShapeMismatchError("b", `endpoint b has length ${b.length} but a has length ${a.length}`);
  }
  const dim = a.length;
  if (dim < 1) throw new InvalidArgumentError("a", "endpoints must have at least one coordinate");
  if (options.initialPath) {
    const p = options.initialPath;
    if (p.length % dim !== 0) {
      throw new ShapeMismatchError(
        "options.initialPath",
        `length ${p.length} is not a multiple of dim ${dim}`,
      );
    }
    const n = p.length / dim;
    if (n < 3) throw new InvalidArgumentError("options.initialPath", `needs at least 3 images, got ${n}`);
    const x = Float64Array.from(p);
    for (let j = 0; j < dim; j++) {
      x[j] = a[j];
      x[(n - 1) * dim + j] = b[j];
    }
    for (let i = 0; i < x.length; i++) {
      if (!Number.isFinite(x[i]))
        throw new InvalidArgumentError("options.initialPath", `element ${i} is ${x[i]}`);
    }
    return { x, n, dim };
  }
  const n = options.images ?? defaultImages;
  if (!(Number.isSafeInteger(n) && n >= 3)) {
    throw new InvalidArgumentError(
      "options.images",
      `need at least 3 images (2 endpoints + 1 moving), got ${n}`,
    );
  }
  const path = waypointPath([a, ...(options.waypoints ?? []), b], n);
  return { x: path.x, n, dim };
}

/**
 * Finds a minimum-energy path between two points with the nudged elastic band: the images feel
 * the energy's force perpendicular to the path and springs along it (or, with `method: "string"`,
 * no springs and even redistribution by arc length), and the highest image climbs to the saddle.
 *
 * @example
 * ```ts
 * import { neb, surfaces } from "@langevin/neb";
 * const mb = surfaces.mullerBrown();
 * const r = neb(mb.energy, mb.minima[0], mb.minima[1], { images: 9, fmax: 0.05 });
 * r.converged; r.saddle.energy; r.barrierForward;
 * ```
 */
export function neb(energy: EnergyFunction, a: PointLike, b: PointLike, options: NebOptions = {}): NebResult {
  if (typeof energy !== "function")
    throw new InvalidArgumentError("energy", "must be a function (x, grad) => number");
  const { x, n, dim } = initialPositions(a, b, options, 9);
  const fmax = options.fmax ?? 0.05;
  assertPositive(fmax, "options.fmax");
  const maxIter = options.maxIter ?? 1000;
  assertInteger(maxIter, "options.maxIter", 0);
  const method = nebMethod(options.method);
  const band = new Band(x, n, dim);
  const { warnings, ctx } = startRun(band, energy, options.endpointTolerance ?? fmax, options);
  const outcome = relax(band, ctx, {
    fmax,
    maxIter,
    method,
    spring: resolveSpring(options.spring, method),
    tangent: options.tangent ?? improvedTangent,
    climb: options.climb ?? true,
    optimizer: options.optimizer ?? fire(),
    stage: "neb",
    progressBase: 0,
    progressSpan: 1,
  });
  return buildResult(band, outcome, ctx, warnings);
}
