import { InvalidArgumentError } from "@langevin/core/base";
import type { SdeProblem } from "../problem.js";
import type { Scheme, Stepper } from "./types.js";

/** How Milstein obtains σ'σ. */
export type MilsteinDerivative = "auto" | "supplied" | "finite-difference";

/**
 * Milstein's scheme for scalar and diagonal noise, Itô or Stratonovich:
 * x_i ← x_i + b_i h + σ_i ΔW_i + ½ (σ'σ)_i (ΔW_i² − h)   (Stratonovich: without the −h).
 * Strong order 1, weak order 1. For diagonal noise σ_i must depend on x_i only (and t), the
 * commutative case in which no Lévy areas are needed.
 *
 * σ'σ comes from `problem.diffusionDerivative` ("supplied": ∂σ_i/∂x_i for diagonal noise, the
 * Jacobian ∂σ_i/∂x_j for scalar noise) or, by "finite-difference", from the Kloeden–Platen
 * derivative-free form (σ(x̄) − σ(x))/√h with x̄ = x + b h + σ√h, which keeps strong order 1 at one
 * extra σ evaluation per step. "auto" (default) uses the supplied derivative when there is one.
 * @example
 * const gbm = sdeProblem({ dim: 1, noise: "diagonal", x0: [1],
 *   drift: (t, x, out, n) => { for (let k = 0; k < n; k++) out[k] = 2 * x[k]; },
 *   diffusion: (t, x, out, n) => { for (let k = 0; k < n; k++) out[k] = x[k]; },
 *   diffusionDerivative: (t, x, out, n) => { out.fill(1, 0, n); } });
 * const r = await solve(gbm, { scheme: milstein(), dt: 2 ** -8, t1: 1, paths: 100, seed: 3, observers: {} });
 */
export function milstein(options: { derivative?: MilsteinDerivative } = {}): Scheme {
  const mode = options.derivative ?? "auto";
  if (!["auto", "supplied", "finite-difference"].includes(mode))
    throw new InvalidArgumentError(
      "derivative",
      `must be "auto", "supplied" or "finite-difference", got ${mode}`,
    );
  return {
    name: "milstein",
    strongOrder: 1,
    weakOrder: 1,
    noise: ["scalar", "diagonal"],
    calculus: ["ito", "stratonovich"],
    spec: { name: "milstein", options: { derivative: mode } },
    normalsPerStep: (p) => p.noiseDim,
    init(problem: SdeProblem, batch: number): Stepper {
      const d = problem.dim;
      const scalar = problem.noise === "scalar";
      const supplied = problem.diffusionDerivative;
      if (mode === "supplied" && !supplied)
        throw new InvalidArgumentError(
          "scheme",
          "milstein({ derivative: 'supplied' }) needs problem.diffusionDerivative",
        );
      const useSupplied = mode !== "finite-difference" && supplied !== undefined;
      const ito = problem.calculus === "ito";
      const { drift, diffusion } = problem;
      const f = new Float64Array(batch * d);
      const g = new Float64Array(batch * d);
      const c = new Float64Array(batch * d); // σ'σ
      const dg = new Float64Array(useSupplied ? batch * (scalar ? d * d : d) : 0);
      const xbar = new Float64Array(useSupplied ? 0 : batch * d);
      const gbar = new Float64Array(useSupplied ? 0 : batch * d);
      return {
        strided: true,
        step(t, h, x, z, n, zs = scalar ? 1 : d, zo = 0) {
          drift(t, x, f, n);
          diffusion(t, x, g, n);
          const sq = Math.sqrt(h);
          const nd = n * d;
          if (useSupplied) {
            (supplied as NonNullable<typeof supplied>)(t, x, dg, n);
            if (scalar) {
              for (let k = 0; k < n; k++) {
                for (let i = 0; i < d; i++) {
                  let s = 0;
                  for (let j = 0; j < d; j++) s += dg[k * d * d + i * d + j] * g[k * d + j];
                  c[k * d + i] = s;
                }
              }
            } else {
              for (let j = 0; j < nd; j++) c[j] = g[j] * dg[j];
            }
          } else {
            for (let j = 0; j < nd; j++) xbar[j] = x[j] + f[j] * h + g[j] * sq;
            diffusion(t, xbar, gbar, n);
            for (let j = 0; j < nd; j++) c[j] = (gbar[j] - g[j]) / sq;
          }
          const corr = ito ? h : 0;
          if (scalar) {
            for (let k = 0; k < n; k++) {
              const dw = sq * z[k * zs + zo];
              const q = 0.5 * (dw * dw - corr);
              for (let i = 0; i < d; i++) {
                const j = k * d + i;
                x[j] += f[j] * h + g[j] * dw + c[j] * q;
              }
            }
          } else {
            for (let k = 0; k < n; k++) {
              for (let i = 0; i < d; i++) {
                const j = k * d + i;
                const dw = sq * z[k * zs + zo + i];
                x[j] += f[j] * h + g[j] * dw + 0.5 * c[j] * (dw * dw - corr);
              }
            }
          }
        },
      };
    },
  };
}
