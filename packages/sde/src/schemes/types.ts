import { InvalidArgumentError } from "@langevin/core/base";
import type { Calculus, NoiseKind, ProblemStructure, SdeProblem } from "../problem.js";

/** Advances a batch of paths by one step. Created once per solve by {@link Scheme.init}. */
export interface Stepper {
  /** Called at the start of every batch with the initial states (e.g. to cache forces). */
  begin?(t: number, x: Float64Array, n: number): void;
  /**
   * Advances the n paths in `x` (path-major, `x[k*dim + i]`) from t to t + h in place. `z` holds
   * `normalsPerStep` standard normals per path (`z[k*c + j]`), drawn from path k's own stream.
   */
  step(
    t: number,
    h: number,
    x: Float64Array,
    z: Float64Array,
    n: number,
    zStride?: number,
    zOffset?: number,
  ): void;
  /**
   * Set when `step` honours `zStride`/`zOffset`: the normals of path k are then at
   * `z[k*zStride + zOffset + j]` (the solver passes its per-chunk noise buffer without copying).
   * Steppers without it receive `z[k*c + j]` (zStride = c, zOffset = 0).
   */
  readonly strided?: boolean;
}

/**
 * A serialisable description of a scheme, so a worker thread (or a shard in another process) can
 * rebuild it: a built-in or registered `name`, or a `module` (URL or absolute path) whose export
 * `export` (default `name`) is the Scheme or a factory called with `options`.
 */
export interface SchemeSpec {
  /** The built-in scheme's name (its registry key). */
  readonly name: string;
  /** The options it was created with (structured-cloneable). */
  readonly options?: Record<string, unknown>;
  /** Module to import (e.g. `import.meta.url` of the module defining the scheme). */
  readonly module?: string;
  /** Export of `module` to use (default: `name`). */
  readonly export?: string;
}

/**
 * An SDE scheme as a plug-in: declares its orders and the noise it accepts, says how many standard
 * normals per path it consumes per step, and builds a stepper for a problem and a batch capacity.
 */
export interface Scheme {
  /** Name for results and errors ("em", "milstein", …). */
  readonly name: string;
  /** Strong order of convergence (for the noise kinds it accepts; see each scheme's docs). */
  readonly strongOrder: number;
  /** Weak order of convergence. */
  readonly weakOrder: number;
  /** Noise kinds accepted. */
  readonly noise: readonly NoiseKind[];
  /** Calculi accepted (additive noise is the same in both, so any scheme accepts it). */
  readonly calculus: readonly Calculus[];
  /**
   * Keys of `problem.structure` the scheme needs (e.g. sgd: `potential`), each with what provides
   * it, for the error `checkScheme` throws when one is missing.
   */
  readonly requires?: Readonly<Record<string, string>>;
  /** Set by built-in schemes; needed to run a scheme on worker threads. */
  readonly spec?: SchemeSpec;
  /** Standard normals each path consumes per step (fixes the RNG stream layout). */
  normalsPerStep(problem: SdeProblem): number;
  /** Builds a stepper for the problem with room for `batch` paths (work arrays allocated once). */
  init(problem: SdeProblem, batch: number): Stepper;
}

/**
 * Throws `InvalidArgumentError` naming the scheme and the unsupported noise kind or calculus.
 * @example
 * checkScheme(milstein(), generalNoiseProblem); // throws "milstein does not support general noise …"
 */
export function checkScheme(scheme: Scheme, problem: SdeProblem): void {
  if (!scheme || typeof scheme.init !== "function" || typeof scheme.normalsPerStep !== "function")
    throw new InvalidArgumentError("scheme", "must be a Scheme object (e.g. eulerMaruyama)");
  if (!scheme.noise.includes(problem.noise)) {
    throw new InvalidArgumentError(
      "scheme",
      `${scheme.name} does not support ${problem.noise} noise (it accepts ${scheme.noise.join(", ")})`,
    );
  }
  for (const key of Object.keys(scheme.requires ?? {}))
    if (problem.structure?.[key] === undefined) throw missingStructure(scheme, key);
  if (problem.noise !== "additive" && !scheme.calculus.includes(problem.calculus)) {
    throw new InvalidArgumentError(
      "scheme",
      `${scheme.name} solves ${scheme.calculus.join("/")} SDEs, but the problem is ${problem.calculus}`,
    );
  }
}

/**
 * Returns `(G, z, zStride, zOffset, scale, n, out)` that writes out[k*d + i] = scale · Σ_j σ_ij z_j
 * for each path, for the problem's noise kind (G is the batched diffusion output; ignored for
 * additive noise, which uses the constant σ).
 */
export function noiseProduct(
  problem: SdeProblem,
): (
  g: Float64Array,
  z: Float64Array,
  zStride: number,
  zOffset: number,
  scale: number,
  n: number,
  out: Float64Array,
) => void {
  const d = problem.dim;
  const m = problem.noiseDim;
  switch (problem.noise) {
    case "scalar":
      return (g, z, zs, zo, scale, n, out) => {
        for (let k = 0; k < n; k++) {
          const w = scale * z[k * zs + zo];
          for (let i = 0; i < d; i++) out[k * d + i] = g[k * d + i] * w;
        }
      };
    case "diagonal":
      return (g, z, zs, zo, scale, n, out) => {
        for (let k = 0; k < n; k++) {
          const bz = k * zs + zo;
          for (let i = 0; i < d; i++) out[k * d + i] = g[k * d + i] * scale * z[bz + i];
        }
      };
    case "general":
      return (g, z, zs, zo, scale, n, out) => {
        const w = d * m;
        for (let k = 0; k < n; k++) {
          const bz = k * zs + zo;
          for (let i = 0; i < d; i++) {
            const bg = k * w + i * m;
            let s = 0;
            for (let j = 0; j < m; j++) s += g[bg + j] * z[bz + j];
            out[k * d + i] = scale * s;
          }
        }
      };
    case "additive": {
      const sd = problem.sigmaDiagonal;
      const sigma = problem.sigma as Float64Array;
      if (sd) {
        return (_g, z, zs, zo, scale, n, out) => {
          for (let k = 0; k < n; k++) {
            const bz = k * zs + zo;
            for (let i = 0; i < d; i++) out[k * d + i] = sd[i] * scale * z[bz + i];
          }
        };
      }
      return (_g, z, zs, zo, scale, n, out) => {
        for (let k = 0; k < n; k++) {
          const bz = k * zs + zo;
          for (let i = 0; i < d; i++) {
            let s = 0;
            for (let j = 0; j < m; j++) s += sigma[i * m + j] * z[bz + j];
            out[k * d + i] = scale * s;
          }
        }
      };
    }
  }
}

/** The error for a problem without the `structure[key]` that `scheme.requires` says it needs. */
function missingStructure(scheme: Pick<Scheme, "name" | "requires">, key: string): InvalidArgumentError {
  return new InvalidArgumentError(
    "scheme",
    `${scheme.name} needs ${scheme.requires?.[key]}: the problem has no structure.${key}`,
  );
}

/**
 * The problem's `structure[key]`, which `scheme` declares in `requires`; without it, the error
 * {@link checkScheme} throws (a scheme's `init` may be called without checkScheme).
 * @example
 * const lv = requiredStructure(baoab, problem, "langevin");
 */
export function requiredStructure<K extends "potential" | "langevin">(
  scheme: Pick<Scheme, "name" | "requires">,
  problem: SdeProblem,
  key: K,
): NonNullable<ProblemStructure[K]> {
  const value = problem.structure?.[key];
  if (!value) throw missingStructure(scheme, key);
  return value as NonNullable<ProblemStructure[K]>;
}
