import { assertPositive, InvalidArgumentError } from "@langevin/core";
import { diffusionField } from "./diffusion-field.js";
import { driftSampler } from "./drift-sampler.js";
import { faceFluxes } from "./face-fluxes.js";
import type { CrossDiffusionStencil, FaceStencil, JumpStencil, TwoPointFlux } from "./flux.js";
import { centralCrossDiffusion } from "./fluxes/central-cross-diffusion.js";
import { scharfetterGummel } from "./fluxes/scharfetter-gummel.js";
import { sellingStencil } from "./fluxes/selling-stencil.js";
import { generatorFromFluxes } from "./generator.js";
import type { Grid } from "./grid.js";
import type { FokkerPlanckOperator, FokkerPlanckWarning, OperatorOptions } from "./operator.js";
import { operatorDiagnostics } from "./operator-diagnostics.js";
import type { FokkerPlanckProblem } from "./problem.js";

/** The flux behind `options.flux` (a name or an object). */
export function resolveFlux(flux: OperatorOptions["flux"]): TwoPointFlux {
  if (flux === undefined || flux === "scharfetter-gummel") return scharfetterGummel;
  if (typeof flux === "object" && flux !== null && typeof flux.coefficients === "function") return flux;
  throw new InvalidArgumentError(
    "options.flux",
    `must be "scharfetter-gummel" or an object with coefficients(face, out), got ${String(flux)}`,
  );
}

/** The stencil behind `options.crossDiffusion` (a name or an object). */
export function resolveStencil(s: OperatorOptions["crossDiffusion"]): CrossDiffusionStencil {
  if (s === undefined || s === "central") return centralCrossDiffusion;
  if (s === "monotone") return sellingStencil;
  if (typeof s === "object" && s !== null) {
    if (s.kind === "face" && typeof s.addFace === "function") return s;
    if (s.kind === "jumps" && typeof s.jumps === "function") return s;
  }
  throw new InvalidArgumentError(
    "options.crossDiffusion",
    `must be "central", "monotone" or a stencil object ({ kind: "face", addFace } or { kind: "jumps", jumps }), got ${String(s)}`,
  );
}

/**
 * Builds the operator from resolved parts: the checked diffusion, the drift sampling, the face fluxes
 * (a jump stencil's, or the two-point flux plus a face stencil's transverse terms), L = −div J and its
 * diagnostics.
 */
export function assemble(
  problem: FokkerPlanckProblem,
  grid: Grid,
  options: OperatorOptions,
  flux: TwoPointFlux,
  stencil: CrossDiffusionStencil,
): FokkerPlanckOperator {
  assertPositive(problem.beta, "problem.beta");
  const beta = problem.beta;
  const warnings: FokkerPlanckWarning[] = [];
  const warn = (w: FokkerPlanckWarning) => {
    warnings.push(w);
    options.onWarning?.(w);
  };
  const diffusion = diffusionField(problem, grid, beta);
  const sampler = driftSampler(problem, grid);
  const x = new Float64Array(grid.dim);
  const ctx = {
    grid,
    problem,
    beta,
    diffusion,
    centreDrift: (c: number, out: Float64Array) => sampler.centre(grid.center(c, x), out),
  };
  if (
    stencil.kind === "jumps" &&
    diffusion.full &&
    stencil.dimensions &&
    !stencil.dimensions.includes(grid.dim)
  ) {
    throw new InvalidArgumentError(
      "options.crossDiffusion",
      `"${stencil.name}" is implemented for ${stencil.dimensions.join(", ")}-D grids (Selling's decomposition); this grid has ${grid.dim} dimensions`,
    );
  }
  const jumpStencil: JumpStencil | undefined =
    diffusion.full && stencil.kind === "jumps" ? stencil : undefined;
  const faceStencil: FaceStencil | undefined =
    diffusion.full && stencil.kind === "face" ? stencil : undefined;
  const jumps = jumpStencil?.jumps(ctx);
  const faces = faceFluxes(ctx, sampler, flux, faceStencil, jumps);
  // routed jumps cancel exactly in the cells their paths cross: drop those zeros, keep the diagonal
  const generator = generatorFromFluxes(grid, faces.matrices, faces.shapes, jumps !== undefined);
  const stencilReach = jumps ? [...jumps.reach] : new Array<number>(grid.dim).fill(1);
  const diagnostics = operatorDiagnostics(
    {
      grid,
      generator,
      maxPeclet: faces.maxPeclet,
      maxPecletPoint: faces.maxPecletPoint,
      stencilReach,
      pecletWarning: options.pecletWarning,
    },
    warn,
  );
  return {
    grid,
    beta,
    generator,
    faceFluxes: faces.matrices,
    faceShapes: faces.shapes,
    potentialValues: sampler.potentialValues,
    diagnostics,
    warnings,
    problem,
    crossDiffusion: diffusion.full && (jumps || faceStencil) ? stencil.name : "central",
    discretisation: { flux, crossDiffusion: stencil },
  };
}
