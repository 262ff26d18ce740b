// Two Fokker–Planck discretisations the package does not have, written through the public
// `TwoPointFlux` interface of @langevin/fokker-planck only: the square-root approximation (SQRA)
// and first-order upwinding. Both give M-matrices; SQRA is exact on Gibbs states like the
// built-in Scharfetter–Gummel flux, upwinding is not.
import type { FaceSample, TwoPointFlux } from "@langevin/fokker-planck";

/**
 * Square-root approximation (Lie, Fackeldey & Weber 2013; Donati et al. 2018):
 * J = (A/ℓ)[e^{P/2} ρ_left − e^{−P/2} ρ_right], with the face Péclet number P = ∫b·n dl / A.
 * For a potential drift with isotropic constant D, P = β(f_left − f_right) exactly (see
 * `FaceSample.drift`), so the two terms balance on e^{−βf}: the Gibbs state is a discrete steady
 * state to round-off. Cheaper than Scharfetter–Gummel (two exponentials, no Bernoulli function).
 */
export const sqra: TwoPointFlux = {
  name: "sqra",
  coefficients(f: FaceSample, out: Float64Array) {
    const half = (0.5 * f.drift) / f.diffusion;
    const a = f.diffusion / f.length;
    out[0] = a * Math.exp(half);
    out[1] = -a * Math.exp(-half);
  },
};

/**
 * First-order upwinding: diffusion by central differences of A ρ between the cell centres, the
 * drift taken from the upwind cell. Monotone for every Péclet number, but only first order, and
 * Gibbs states are stationary only up to O(h).
 */
export const upwind: TwoPointFlux = {
  name: "upwind",
  coefficients(f: FaceSample, out: Float64Array) {
    const v = f.drift / f.length;
    out[0] = f.diffusionLeft / f.length + Math.max(v, 0);
    out[1] = -f.diffusionRight / f.length + Math.min(v, 0);
  },
};
