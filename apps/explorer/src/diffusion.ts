import { cholesky, InvalidArgumentError } from "@langevin/core";

/** How the diffusion matrix D is entered in the form. */
export type DiffusionMode = "iso" | "diag" | "angle" | "matrix";

/**
 * The diffusion matrix as entered: the meaning of `a`, `b`, `c` depends on `mode`:
 * - `iso`: D = a·I;
 * - `diag`: D = diag(a, b);
 * - `angle`: D = c · R(a°) diag(1, b) R(a°)ᵀ (a = angle of the principal axis in degrees, b = anisotropy
 *   ratio λ₂/λ₁, c = scale λ₁);
 * - `matrix`: D = [[a, c], [c, b]] (D₁₁, D₂₂, D₁₂).
 */
export interface DiffusionSpec {
  mode: DiffusionMode;
  a: number;
  b: number;
  c: number;
}

/**
 * The 2×2 matrix D (row-major) of a specification. Does not check definiteness (see {@link checkDiffusion}).
 * @example
 * diffusionMatrix({ mode: "angle", a: 90, b: 0.5, c: 2 }); // ≈ [1, 0, 0, 2]
 */
export function diffusionMatrix(spec: DiffusionSpec): Float64Array {
  const { a, b, c } = spec;
  switch (spec.mode) {
    case "iso":
      return Float64Array.of(a, 0, 0, a);
    case "diag":
      return Float64Array.of(a, 0, 0, b);
    case "angle": {
      const th = (a * Math.PI) / 180;
      const co = Math.cos(th);
      const si = Math.sin(th);
      const l1 = c;
      const l2 = c * b;
      // R diag(l1, l2) Rᵀ with R = [[co, −si], [si, co]]
      return Float64Array.of(
        l1 * co * co + l2 * si * si,
        (l1 - l2) * co * si,
        (l1 - l2) * co * si,
        l1 * si * si + l2 * co * co,
      );
    }
    case "matrix":
      return Float64Array.of(a, c, c, b);
    default:
      throw new InvalidArgumentError("diffusion.mode", `unknown mode "${String(spec.mode)}"`);
  }
}

/**
 * Builds D and checks that it is finite and symmetric positive-definite (Cholesky from @langevin/core).
 * Throws `InvalidArgumentError` for non-finite entries and `NotPositiveDefiniteError` otherwise.
 * @example
 * checkDiffusion({ mode: "matrix", a: 1, b: 1, c: 2 }); // throws NotPositiveDefiniteError
 */
export function checkDiffusion(spec: DiffusionSpec): Float64Array {
  for (const k of ["a", "b", "c"] as const) {
    if (!Number.isFinite(spec[k]))
      throw new InvalidArgumentError(`diffusion.${k}`, "must be a finite number");
  }
  const d = diffusionMatrix(spec);
  cholesky(d, 2);
  return d;
}

/**
 * Eigenvalues (ascending) of a symmetric 2×2 matrix, closed form.
 * @example
 * eigenvalues2(Float64Array.of(2, 0, 0, 1)); // [1, 2]
 */
export function eigenvalues2(d: ArrayLike<number>): [number, number] {
  const m = 0.5 * (d[0] + d[3]);
  const r = Math.hypot(0.5 * (d[0] - d[3]), d[1]);
  return [m - r, m + r];
}
