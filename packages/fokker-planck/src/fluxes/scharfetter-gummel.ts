import { fittedCoefficient } from "../bernoulli.js";
import type { TwoPointFlux } from "../flux.js";

/**
 * The exponentially fitted (Scharfetter–Gummel) flux `J = (1/h)[a_L B(−P) ρ_L − a_R B(P) ρ_R]` with
 * `B(z) = z/(e^z − 1)`, `P = (∫ b·n dl) / A_nn(face)` and a_L, a_R the cells' A_nn. With a potential
 * the integral is `−(f_R − f_L)`, so e^{−βf} is an exact discrete steady state for constant isotropic
 * D; the coefficients have the M-matrix signs for any drift. The default flux of `fokkerPlanck`.
 */
export const scharfetterGummel: TwoPointFlux = {
  name: "scharfetter-gummel",
  coefficients(f, out) {
    out[0] = fittedCoefficient(f.diffusionLeft, -f.drift, f.diffusion) / f.length;
    out[1] = -fittedCoefficient(f.diffusionRight, f.drift, f.diffusion) / f.length;
  },
};
