import { InvalidArgumentError } from "@langevin/core";
import type { FokkerPlanckProblem } from "../problem.js";

/**
 * Example 19 of Chaudhari & Soatto (ICLR 2018), after Noh & Lee (2015): in the plane, with D = I and
 * β = 1, the drift −∇Φ + g·(−x₂, x₁) with Φ = (x₁² − 1)²/4 + x₂²/2 and
 * g = λ exp(Φ − (x₁² + x₂²)²/4) has the Gibbs density e^{−Φ}/Z as its stationary state for every λ
 * (the rotational part is divergence-free against e^{−Φ}), while its dynamics circulate for λ ≠ 0:
 * a non-equilibrium steady state known in closed form, the reference test of a solver's currents.
 */
export interface Example19 {
  /** The strength λ of the rotational part (0: the gradient flow of Φ, in equilibrium). */
  readonly lambda: number;
  /** The model as expressions in x, y and the constant `lambda`, for @langevin/expr, the CLI and the explorer. */
  readonly expressions: {
    /** Φ(x, y), the stationary potential. */
    readonly phi: string;
    /** g(x, y), the rotation rate. */
    readonly g: string;
    /** The full drift (b₁, b₂) = −∇Φ + g·(−y, x). */
    readonly drift: readonly [string, string];
  };
  /** Φ(x). */
  phi(x: ArrayLike<number>): number;
  /** g(x) = λ exp(Φ − |x|⁴/4). */
  g(x: ArrayLike<number>): number;
  /** Writes the full drift −∇Φ + g·(−x₂, x₁) at x into `out` and returns it. */
  drift(x: ArrayLike<number>, out: Float64Array): Float64Array;
  /** The Fokker–Planck problem: β = 1, potential Φ, the rotational part as `nonGradientDrift`, D = I. */
  problem(): FokkerPlanckProblem;
  /** Z = ∫ e^{−Φ} over the plane (independent of λ). */
  partitionFunction(): number;
  /** The exact stationary density e^{−Φ(x)}/Z. */
  stationaryDensity(x: ArrayLike<number>): number;
}

const PHI = "(x^2 - 1)^2/4 + y^2/2";
const G = `lambda*exp(${PHI} - (x^2 + y^2)^2/4)`;

function phi(x: ArrayLike<number>): number {
  const a = x[0] * x[0] - 1;
  return (a * a) / 4 + (x[1] * x[1]) / 2;
}

let cachedZ = 0;

/**
 * Z = √(2π) ∫ e^{−(x²−1)²/4} dx by composite Simpson on [−8, 8] with 20 000 panels: the integrand is
 * below e^{−980} outside, and Simpson's error h⁴·max|f⁗|/180 is far below 1e-12 here.
 */
function partitionFunction(): number {
  if (cachedZ > 0) return cachedZ;
  const n = 20000;
  const a = -8;
  const h = 16 / n;
  let s = 0;
  for (let i = 0; i <= n; i++) {
    const x = a + i * h;
    const w = i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2;
    s += w * Math.exp(-((x * x - 1) ** 2) / 4);
  }
  cachedZ = ((s * h) / 3) * Math.sqrt(2 * Math.PI);
  return cachedZ;
}

/**
 * The model of Example 19 with rotation strength λ (the paper's figures use λ = 1.5 and larger).
 * Throws `InvalidArgumentError` naming `lambda` when it is not finite.
 * @example
 * const m = example19(1.5);
 * const op = fokkerPlanck(m.problem(), grid({ bounds: [[-3, 3], [-3, 3]], cells: [128, 128] }));
 * m.stationaryDensity([1, 0]); // e^{0}/Z: the exact answer op's stationary state must approach
 */
export function example19(lambda: number): Example19 {
  if (!Number.isFinite(lambda)) throw new InvalidArgumentError("lambda", `must be finite, got ${lambda}`);
  const g = (x: ArrayLike<number>): number => {
    if (lambda === 0) return 0;
    const r2 = x[0] * x[0] + x[1] * x[1];
    return lambda * Math.exp(phi(x) - (r2 * r2) / 4);
  };
  return {
    lambda,
    expressions: { phi: PHI, g: G, drift: [`-x^3 + x - ${G}*y`, `-y + ${G}*x`] },
    phi,
    g,
    drift(x, out) {
      const gg = g(x);
      out[0] = -x[0] * x[0] * x[0] + x[0] - gg * x[1];
      out[1] = -x[1] + gg * x[0];
      return out;
    },
    problem: () => ({
      beta: 1,
      potential: (x) => phi(x),
      nonGradientDrift: (x, out) => {
        const gg = g(x);
        out[0] = -gg * x[1];
        out[1] = gg * x[0];
      },
      diffusion: 1,
    }),
    partitionFunction,
    stationaryDensity: (x) => Math.exp(-phi(x)) / partitionFunction(),
  };
}
