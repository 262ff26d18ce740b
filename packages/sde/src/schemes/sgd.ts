import { InvalidArgumentError } from "@langevin/core/base";
import { factorSemiDefinite } from "../factor.js";
import type { SdeProblem } from "../problem.js";
import { requiredStructure, type Scheme, type Stepper } from "./types.js";

/** Options of {@link sgd}. */
export interface SgdOptions {
  /** Mini-batch size b (≥ 1). */
  batchSize: number;
  /** Data set size N: when given, sampling is without replacement and var ξ = (1 − b/N) D/b. */
  dataSize?: number;
}

/**
 * The discrete SGD update with Gaussian gradient noise, x ← x − η (∇f(x) + ξ), ξ ~ N(0, D(x)/b),
 * with the step dt = η (the learning rate). Needs a problem from `fromPotential` (∇f and D; its
 * temperature is ignored: the SDE limit of this update is that problem with β⁻¹ = η/(2b),
 * or (η/2b)(1 − b/N) without replacement, see {@link sgdTemperature}). ξ = −L z/√b with L Lᵀ = D,
 * so that sgd and Euler–Maruyama on the SDE limit consume the same normals and agree to round-off:
 * the algorithm and its SDE limit run through the same machinery.
 * @example
 * const f = fromPotential({ dim: 2, temperature: 1, x0: [1, 1], gradient: (x, g) => { g[0] = x[0]; g[1] = x[1]; } });
 * const r = await solve(f, { scheme: sgd({ batchSize: 32 }), dt: 0.1, t1: 100, paths: 64, seed: 1, observers: {} });
 */
export function sgd(options: SgdOptions): Scheme {
  const b = options?.batchSize;
  if (!(Number.isSafeInteger(b) && b >= 1))
    throw new InvalidArgumentError("batchSize", `must be an integer >= 1, got ${b}`);
  const N = options.dataSize;
  if (N !== undefined && !(Number.isSafeInteger(N) && N >= b))
    throw new InvalidArgumentError("dataSize", `must be an integer >= batchSize (${b}), got ${N}`);
  const factor = Math.sqrt((N === undefined ? 1 : 1 - b / N) / b);
  const scheme: Scheme = {
    name: "sgd",
    strongOrder: 0.5,
    weakOrder: 1,
    noise: ["additive", "general"],
    calculus: ["ito"],
    spec: { name: "sgd", options: { batchSize: b, dataSize: N } },
    requires: { potential: "a problem built by fromPotential (∇f and D)" },
    normalsPerStep: (p) => p.dim,
    init(problem: SdeProblem, batch: number): Stepper {
      const pot = requiredStructure(scheme, problem, "potential");
      const d = problem.dim;
      const g = new Float64Array(batch * d);
      const dm = pot.diffusionMatrix;
      const xs = new Float64Array(d);
      const D = new Float64Array(d * d);
      const L = new Float64Array(d * d);
      return {
        strided: true,
        step(_t, h, x, z, n, zs = d, zo = 0) {
          pot.gradient(x, g, n);
          const c = h * factor;
          for (let k = 0; k < n; k++) {
            const bx = k * d;
            if (!dm) {
              for (let i = 0; i < d; i++) x[bx + i] += -(h * g[bx + i]) + c * z[k * zs + zo + i];
              continue;
            }
            for (let i = 0; i < d; i++) xs[i] = x[bx + i];
            dm(xs, D);
            factorSemiDefinite(D, 0, d, L, 0, xs);
            for (let i = 0; i < d; i++) {
              let s = 0;
              for (let j = 0; j <= i; j++) s += L[i * d + j] * z[k * zs + zo + j];
              x[bx + i] += -(h * g[bx + i]) + c * s;
            }
          }
        },
      };
    },
  };
  return scheme;
}

/**
 * β⁻¹ of the SDE limit of SGD with learning rate η and batch size b: η/(2b), times (1 − b/N) when
 * sampling without replacement from N examples (Chaudhari & Soatto, Lemma 2 and Remark 12).
 * @example
 * sgdTemperature(0.1, 32); // 0.0015625
 */
export function sgdTemperature(learningRate: number, batchSize: number, dataSize?: number): number {
  const t = learningRate / (2 * batchSize);
  return dataSize === undefined ? t : t * (1 - batchSize / dataSize);
}
