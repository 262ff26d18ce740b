import { InvalidArgumentError, ShapeMismatchError } from "@langevin/core/base";

/** Kinds of noise. `scalar`: one Wiener process, σ is a d-vector; `diagonal`: m = d, σ is diagonal and
 * σ_i may depend on (t, x); `additive`: σ is a constant d×m matrix; `general`: σ(t, x) is d×m. */
export type NoiseKind = "scalar" | "diagonal" | "additive" | "general";
/** Interpretation of the stochastic integral. */
export type Calculus = "ito" | "stratonovich";

/**
 * A batched field: fills `out` for the `n` paths of a batch at once. Layout: path-major
 * (`x[k * dim + i]` is component i of path k; `out` likewise, with the width of the field).
 */
export type BatchedFn = (t: number, x: Float64Array, out: Float64Array, n: number) => void;
/** A per-path field: `x` holds one path's `dim` components, `out` receives one path's values. */
export type PerPathFn = (t: number, x: Float64Array, out: Float64Array) => void;
/** A field marked as per-path by {@link perPath}; the problem wraps it once into a batched one. */
export interface PerPathMarker {
  /** The per-path field `(t, x, out) => void`. */
  readonly perPath: PerPathFn;
}
/** A field given either batched or marked per-path. */
export type FieldSpec = BatchedFn | PerPathMarker;

/**
 * Marks a per-path field `(t, x, out) => void`; the problem constructor wraps it into a batched one
 * (copying each path into a scratch vector, so no allocation per call).
 * @example
 * const problem = sdeProblem({ dim: 1, noise: "diagonal", x0: [1],
 *   drift: perPath((t, x, out) => { out[0] = 2 * x[0]; }),
 *   diffusion: perPath((t, x, out) => { out[0] = x[0]; }) });
 */
export function perPath(fn: PerPathFn): PerPathMarker {
  return { perPath: fn };
}

/** Structure kept by {@link fromPotential} (`structure.potential`), used by the `sgd` scheme. */
export interface PotentialInfo {
  /** ∇f, batched: fills `out[k*dim + i]` for the n paths. */
  readonly gradient: (x: Float64Array, out: Float64Array, n: number) => void;
  /** β⁻¹. */
  readonly temperature: number;
  /** D(x), per path: fills the dim×dim row-major matrix. Absent means D = I. */
  readonly diffusionMatrix?: (x: Float64Array, out: Float64Array) => void;
}

/** Structure kept by {@link underdamped} (`structure.langevin`), used by the `baoab` scheme. */
export interface LangevinInfo {
  /** Number of positions n (the state has 2n components: q then p). */
  readonly n: number;
  /** ∇U(q), batched over paths: `q` is given with stride `stride` (= 2n) and `out` with stride n. */
  readonly force: (q: Float64Array, out: Float64Array, paths: number) => void;
  /** Particle mass m. */
  readonly mass: number;
  /** Friction coefficient γ (per unit time). */
  readonly friction: number;
  /** β⁻¹ (> 0). */
  readonly temperature: number;
}

/**
 * What a problem knows beyond b and σ that particular schemes use, by key: set by the constructors
 * that know it, read by the schemes that list the key in `Scheme.requires`. Schemes written outside
 * the package may use keys of their own.
 */
export interface ProblemStructure {
  /** ∇f, β⁻¹ and D of a gradient problem (set by `fromPotential`; needed by `sgd`). */
  readonly potential?: PotentialInfo;
  /** Positions, forces, mass, friction, temperature (set by `underdamped`; needed by `baoab`). */
  readonly langevin?: LangevinInfo;
  readonly [key: string]: unknown;
}

/** A stochastic differential equation dx = b(t, x) dt + σ(t, x) dW, normalised for the solvers. */
export interface SdeProblem {
  /** State dimension d. */
  readonly dim: number;
  /** Noise dimension m (the number of Brownian motions). */
  readonly noiseDim: number;
  /** The noise structure, which decides the schemes that apply. */
  readonly noise: NoiseKind;
  /** Itô or Stratonovich interpretation of σ dW. */
  readonly calculus: Calculus;
  /** b(t, x), batched. */
  readonly drift: BatchedFn;
  /**
   * σ(t, x), batched, `sigmaWidth` values per path: d for scalar and diagonal noise, d·m (row-major)
   * for general noise. For additive noise it fills the constant matrix (schemes use `sigma` directly).
   */
  readonly diffusion: BatchedFn;
  /** Values of σ per path (d for scalar/diagonal, d·m for general and additive). */
  readonly sigmaWidth: number;
  /** Additive noise: the constant d×m matrix σ, row-major. */
  readonly sigma?: Float64Array;
  /** Additive noise with m = d and a diagonal σ: its d diagonal values (fast path). */
  readonly sigmaDiagonal?: Float64Array;
  /**
   * Optional ∂σ for Milstein: diagonal noise fills ∂σ_i/∂x_i (d values per path); scalar noise the
   * Jacobian ∂σ_i/∂x_j (d×d per path, row-major).
   */
  readonly diffusionDerivative?: BatchedFn;
  /** Writes the initial state of global path `path` into `out[offset .. offset+dim)`. */
  readonly initial: (path: number, out: Float64Array, offset: number) => void;
  /** Scheme-specific structure (see {@link ProblemStructure}). */
  readonly structure?: ProblemStructure;
}

/** Options of {@link sdeProblem}. */
export interface SdeProblemOptions {
  /** State dimension d. */
  dim: number;
  /** Noise dimension m (defaults: 1 for scalar, d for diagonal, d for general and additive). */
  noiseDim?: number;
  /** The noise structure: scalar, diagonal, additive or general. */
  noise: NoiseKind;
  /** Default "ito". */
  calculus?: Calculus;
  /** b(t, x): batched, or marked with {@link perPath}. */
  drift: FieldSpec;
  /**
   * σ: a field (scalar, diagonal, general) or, for additive noise, numbers: one number (σ·I),
   * d numbers (diagonal, m = d) or d·m numbers (row-major matrix).
   */
  diffusion: FieldSpec | number | ArrayLike<number>;
  /** Optional ∂σ for Milstein (see {@link SdeProblem.diffusionDerivative}). */
  diffusionDerivative?: FieldSpec;
  /** Initial state: d numbers shared by all paths, or a function of the global path index. */
  x0: ArrayLike<number> | ((path: number, out: Float64Array) => void);
}

/** Wraps a field spec of output width `width` into a batched function. */
export function toBatched(spec: FieldSpec, dim: number, width: number, argument: string): BatchedFn {
  if (typeof spec === "function") return spec;
  if (spec && typeof spec === "object" && typeof spec.perPath === "function") {
    const fn = spec.perPath;
    const xs = new Float64Array(dim);
    const os = new Float64Array(width);
    return (t, x, out, n) => {
      for (let k = 0; k < n; k++) {
        const bx = k * dim;
        for (let i = 0; i < dim; i++) xs[i] = x[bx + i];
        fn(t, xs, os);
        const bo = k * width;
        for (let i = 0; i < width; i++) out[bo + i] = os[i];
      }
    };
  }
  throw new InvalidArgumentError(argument, "must be a batched function (t, x, out, n) or perPath(fn)");
}

/**
 * The diffusion of additive noise with the constant dim×noiseDim matrix `sigma` (row-major): σ
 * copied for every path, with the width and the matrix that schemes read from the problem.
 */
export function constantDiffusion(
  sigma: Float64Array,
  dim: number,
  noiseDim: number,
): Pick<SdeProblem, "diffusion" | "sigmaWidth" | "sigma"> {
  const width = dim * noiseDim;
  return {
    diffusion: (_t, _x, out, n) => {
      for (let k = 0; k < n; k++) out.set(sigma, k * width);
    },
    sigmaWidth: width,
    sigma,
  };
}

/** Normalises an initial-state spec. */
export function toInitial(
  x0: ArrayLike<number> | ((path: number, out: Float64Array) => void),
  dim: number,
): (path: number, out: Float64Array, offset: number) => void {
  if (typeof x0 === "function") {
    const scratch = new Float64Array(dim);
    return (path, out, offset) => {
      scratch.fill(0);
      x0(path, scratch);
      for (let i = 0; i < dim; i++) out[offset + i] = scratch[i];
    };
  }
  if (!x0 || typeof x0.length !== "number")
    throw new InvalidArgumentError("x0", "must be an array of numbers or a function (path, out) => void");
  if (x0.length !== dim) throw new ShapeMismatchError("x0", `has length ${x0.length}, expected dim = ${dim}`);
  const v = Float64Array.from(x0);
  for (let i = 0; i < dim; i++)
    if (!Number.isFinite(v[i])) throw new InvalidArgumentError("x0", `x0[${i}] is ${v[i]}`);
  return (_path, out, offset) => {
    for (let i = 0; i < dim; i++) out[offset + i] = v[i];
  };
}

function checkDim(value: number, argument: string): void {
  if (!(Number.isSafeInteger(value) && value >= 1))
    throw new InvalidArgumentError(argument, `must be an integer >= 1, got ${value}`);
}

/**
 * Builds an SDE problem dx = b dt + σ dW (Itô by default).
 * @example
 * // 2-D Ornstein–Uhlenbeck, dx = -x dt + 0.5 dW
 * const ou = sdeProblem({ dim: 2, noise: "additive", diffusion: 0.5, x0: [1, 0],
 *   drift: (t, x, out, n) => { for (let j = 0; j < 2 * n; j++) out[j] = -x[j]; } });
 */
export function sdeProblem(options: SdeProblemOptions): SdeProblem {
  const { dim, noise } = options;
  checkDim(dim, "dim");
  const calculus = options.calculus ?? "ito";
  if (calculus !== "ito" && calculus !== "stratonovich")
    throw new InvalidArgumentError("calculus", `must be "ito" or "stratonovich", got ${String(calculus)}`);
  const drift = toBatched(options.drift, dim, dim, "drift");
  const initial = toInitial(options.x0, dim);
  const derivative = (width: number) =>
    options.diffusionDerivative === undefined
      ? undefined
      : toBatched(options.diffusionDerivative, dim, width, "diffusionDerivative");
  switch (noise) {
    case "scalar": {
      if (options.noiseDim !== undefined && options.noiseDim !== 1)
        throw new ShapeMismatchError("noiseDim", `scalar noise has noiseDim 1, got ${options.noiseDim}`);
      return {
        dim,
        noiseDim: 1,
        noise,
        calculus,
        drift,
        diffusion: toBatched(options.diffusion as FieldSpec, dim, dim, "diffusion"),
        sigmaWidth: dim,
        diffusionDerivative: derivative(dim * dim),
        initial,
      };
    }
    case "diagonal": {
      if (options.noiseDim !== undefined && options.noiseDim !== dim)
        throw new ShapeMismatchError(
          "noiseDim",
          `diagonal noise has noiseDim = dim = ${dim}, got ${options.noiseDim}`,
        );
      return {
        dim,
        noiseDim: dim,
        noise,
        calculus,
        drift,
        diffusion: toBatched(options.diffusion as FieldSpec, dim, dim, "diffusion"),
        sigmaWidth: dim,
        diffusionDerivative: derivative(dim),
        initial,
      };
    }
    case "general": {
      const m = options.noiseDim ?? dim;
      checkDim(m, "noiseDim");
      return {
        dim,
        noiseDim: m,
        noise,
        calculus,
        drift,
        diffusion: toBatched(options.diffusion as FieldSpec, dim, dim * m, "diffusion"),
        sigmaWidth: dim * m,
        initial,
      };
    }
    case "additive": {
      const s = options.diffusion;
      let m = options.noiseDim ?? dim;
      checkDim(m, "noiseDim");
      let sigma: Float64Array;
      let sigmaDiagonal: Float64Array | undefined;
      if (typeof s === "number") {
        if (m !== dim)
          throw new ShapeMismatchError("noiseDim", `a scalar σ means σ·I, so noiseDim must be ${dim}`);
        sigmaDiagonal = new Float64Array(dim).fill(s);
      } else if (s && typeof s === "object" && typeof (s as ArrayLike<number>).length === "number") {
        const a = s as ArrayLike<number>;
        if (a.length === dim && options.noiseDim === undefined) {
          sigmaDiagonal = Float64Array.from(a);
          m = dim;
        } else if (a.length === dim * m) {
          sigma = Float64Array.from(a);
        } else {
          throw new ShapeMismatchError(
            "diffusion",
            `additive σ has ${a.length} numbers; expected 1, dim = ${dim} or dim·noiseDim = ${dim * m}`,
          );
        }
      } else {
        throw new InvalidArgumentError(
          "diffusion",
          "additive noise takes σ as numbers (number, d or d·m values)",
        );
      }
      if (sigmaDiagonal) {
        sigma = new Float64Array(dim * dim);
        for (let i = 0; i < dim; i++) sigma[i * dim + i] = sigmaDiagonal[i];
      }
      const sig = sigma!;
      for (let i = 0; i < sig.length; i++)
        if (!Number.isFinite(sig[i])) throw new InvalidArgumentError("diffusion", `σ[${i}] is ${sig[i]}`);
      return {
        dim,
        noiseDim: m,
        noise,
        calculus,
        drift,
        ...constantDiffusion(sig, dim, m),
        sigmaDiagonal,
        initial,
      };
    }
    default:
      throw new InvalidArgumentError(
        "noise",
        `must be "scalar", "diagonal", "additive" or "general", got ${String(noise)}`,
      );
  }
}
