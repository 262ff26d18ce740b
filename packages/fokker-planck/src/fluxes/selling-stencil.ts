import type { JumpStencil } from "../flux.js";
import { monotoneFluxes } from "../monotone.js";

/**
 * The monotone 2-D stencil: the whole operator as a Markov chain on Selling's lattice directions
 * with exponentially fitted rates (see `monotoneFluxes` and the README, "Discretisation notes"): an
 * M-matrix for any positive-definite D and any drift, second order, with a stencil that widens like
 * √(condition number of D). `crossDiffusion: "monotone"` is this stencil.
 */
export const sellingStencil: JumpStencil = {
  kind: "jumps",
  name: "monotone",
  dimensions: [2],
  jumps(ctx) {
    const { grid, diffusion } = ctx;
    return monotoneFluxes(grid, diffusion.atCell, ctx.centreDrift);
  },
};
