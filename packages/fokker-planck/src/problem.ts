/** A vector field written into `out` (length = grid dimension). `x` is a scratch buffer: do not keep it. */
export type VectorField = (x: Float64Array, out: Float64Array) => void;

/**
 * The diffusion matrix D(x) (the paper's D; the equation uses A = β⁻¹ D):
 * - a number `c` (D = c I, isotropic and constant),
 * - `{ constantDiagonal: [d0, d1, …] }`, `{ constantMatrix: [d00, d01, …] }` (row-major, symmetric),
 * - `{ diagonal: (x, out) => … }` (out[k] = D_kk(x)),
 * - `{ matrix: (x, out) => … }` (out[k * dim + l] = D_kl(x), symmetric positive-definite).
 */
export type Diffusion =
  | number
  | {
      /** The same diagonal D everywhere, one entry per axis. */
      constantDiagonal: ArrayLike<number>;
    }
  | {
      /** The same full D everywhere, row-major dim × dim, symmetric positive-definite. */
      constantMatrix: ArrayLike<number>;
    }
  | {
      /** A diagonal D(x): writes the dim diagonal entries at x into its output. */
      diagonal: VectorField;
    }
  | {
      /** A full D(x): writes the row-major dim × dim matrix at x into its output. */
      matrix: VectorField;
    };

/**
 * A Fokker–Planck problem `∂ρ/∂t = −∇·(b ρ) + ∇·∇·(A ρ)` with flux `J = b ρ − ∇·(A ρ)`,
 * `A = β⁻¹ D(x)` and drift `b = −∇f + nonGradientDrift` (or `b = drift` when `drift` is given).
 * The SDE is the Itô equation `dx = b dt + sqrt(2 β⁻¹ D) dW`.
 */
export interface FokkerPlanckProblem {
  /** Inverse temperature β > 0 (A = D / β). */
  beta: number;
  /** f(x); when given, the face drift is the potential difference across the face (exact Gibbs). */
  potential?: (x: Float64Array) => number;
  /** ∇f(x) (used when `potential` is absent). */
  gradient?: VectorField;
  /** The full drift b(x); overrides `potential`/`gradient` for the fluxes. */
  drift?: VectorField;
  /** A drift added to −∇f (e.g. −A∇U for a rotational field). */
  nonGradientDrift?: VectorField;
  /** D(x); default 1 (identity). */
  diffusion?: Diffusion;
}
