import { InvalidArgumentError } from "@langevin/core/base";
import { factorSemiDefinite } from "./factor.js";
import { constantDiffusion, type SdeProblem, toInitial } from "./problem.js";

/** Options of {@link fromPotential}. */
export interface PotentialOptions {
  /** State dimension d. */
  dim: number;
  /** ∇f at one point: fills `out` (dim values). Ignored when `batchedGradient` is given. */
  gradient?: (x: Float64Array, out: Float64Array) => void;
  /** ∇f for n paths at once (`x[k*dim + i]`), faster than `gradient`. */
  batchedGradient?: (x: Float64Array, out: Float64Array, n: number) => void;
  /** β⁻¹ (> 0). */
  temperature: number;
  /** D(x): fills the dim×dim row-major symmetric positive semi-definite matrix. Default D = I. */
  diffusionMatrix?: (x: Float64Array, out: Float64Array) => void;
  /** Initial state: d numbers shared by all paths, or a function of the global path index. */
  x0: ArrayLike<number> | ((path: number, out: Float64Array) => void);
}

/**
 * The gradient-flow SDE of Chaudhari & Soatto: dx = −∇f(x) dt + sqrt(2β⁻¹ D(x)) dW (Itô), with
 * σ = sqrt(2β⁻¹)·L(x), L Lᵀ = D (Cholesky; semi-definite D accepted, an indefinite one throws
 * `NotPositiveDefiniteError` naming the point). Without `diffusionMatrix` the noise is additive
 * σ = sqrt(2β⁻¹)·I. The problem remembers ∇f, D and β⁻¹ for the `sgd` scheme.
 * @example
 * const dw = fromPotential({ dim: 1, temperature: 0.25, x0: [-1],
 *   gradient: (x, out) => { out[0] = x[0] ** 3 - x[0]; } });
 */
export function fromPotential(options: PotentialOptions): SdeProblem {
  const { dim, temperature } = options;
  if (!(Number.isSafeInteger(dim) && dim >= 1))
    throw new InvalidArgumentError("dim", `must be an integer >= 1, got ${dim}`);
  if (!(Number.isFinite(temperature) && temperature > 0))
    throw new InvalidArgumentError("temperature", `must be a finite number > 0, got ${temperature}`);
  let gradient: (x: Float64Array, out: Float64Array, n: number) => void;
  if (options.batchedGradient) {
    gradient = options.batchedGradient;
  } else if (options.gradient) {
    const g = options.gradient;
    const xs = new Float64Array(dim);
    const gs = new Float64Array(dim);
    gradient = (x, out, n) => {
      for (let k = 0; k < n; k++) {
        const b = k * dim;
        for (let i = 0; i < dim; i++) xs[i] = x[b + i];
        g(xs, gs);
        for (let i = 0; i < dim; i++) out[b + i] = gs[i];
      }
    };
  } else {
    throw new InvalidArgumentError("gradient", "give gradient(x, out) or batchedGradient(x, out, n)");
  }
  const drift = (_t: number, x: Float64Array, out: Float64Array, n: number) => {
    gradient(x, out, n);
    for (let j = 0; j < n * dim; j++) out[j] = -out[j];
  };
  const initial = toInitial(options.x0, dim);
  const scale = Math.sqrt(2 * temperature);
  const potential = { gradient, temperature, diffusionMatrix: options.diffusionMatrix };
  if (!options.diffusionMatrix) {
    const sigmaDiagonal = new Float64Array(dim).fill(scale);
    const sigma = new Float64Array(dim * dim);
    for (let i = 0; i < dim; i++) sigma[i * dim + i] = scale;
    return {
      dim,
      noiseDim: dim,
      noise: "additive",
      calculus: "ito",
      drift,
      ...constantDiffusion(sigma, dim, dim),
      sigmaDiagonal,
      initial,
      structure: { potential },
    };
  }
  const dm = options.diffusionMatrix;
  const xs = new Float64Array(dim);
  const dmat = new Float64Array(dim * dim);
  const w = dim * dim;
  const diffusion = (_t: number, x: Float64Array, out: Float64Array, n: number) => {
    for (let k = 0; k < n; k++) {
      const b = k * dim;
      for (let i = 0; i < dim; i++) xs[i] = x[b + i];
      dm(xs, dmat);
      factorSemiDefinite(dmat, 0, dim, out, k * w, xs);
      for (let j = k * w; j < (k + 1) * w; j++) out[j] *= scale;
    }
  };
  return {
    dim,
    noiseDim: dim,
    noise: "general",
    calculus: "ito",
    drift,
    diffusion,
    sigmaWidth: w,
    initial,
    structure: { potential },
  };
}
