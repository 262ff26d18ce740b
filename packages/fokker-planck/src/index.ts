export { type BasinOptions, type Basins, metastableBasins } from "./basins.js";
export { bernoulli } from "./bernoulli.js";
export { coarseLogDensity } from "./coarse-estimate.js";
export { type CirculationOptions, circulation, current, faceCurrent } from "./current.js";
export { type Moments, marginal, mass, minDensity, mode, moments, normalize, sample } from "./density.js";
export type { DiffusionField } from "./diffusion-field.js";
export { SolverBreakdownError, UncertifiedStationaryError } from "./errors.js";
export { type EvolveMethod, type EvolveOptions, type EvolveResult, evolve } from "./evolve.js";
export { createEvolver, type Evolver, type EvolverOptions } from "./evolver.js";
export type {
  AssemblyContext,
  AxisFluxEntries,
  CrossDiffusionStencil,
  FaceRowWriter,
  FaceSample,
  FaceStencil,
  JumpFluxes,
  JumpStencil,
  TwoPointFlux,
} from "./flux.js";
export { centralCrossDiffusion } from "./fluxes/central-cross-diffusion.js";
export { scharfetterGummel } from "./fluxes/scharfetter-gummel.js";
export { sellingStencil } from "./fluxes/selling-stencil.js";
export { type BoundaryCondition, type Grid, type GridOptions, grid } from "./grid.js";
export {
  type FokkerPlanckOperator,
  type FokkerPlanckWarning,
  fokkerPlanck,
  type OperatorDiagnostics,
  type OperatorOptions,
} from "./operator.js";
export { type PositivePart, positivePart } from "./positive-part.js";
export {
  iluPreconditioner,
  type PreconditionerChoice,
  type PreconditionerFactory,
} from "./preconditioners.js";
export type { Diffusion, FokkerPlanckProblem, VectorField } from "./problem.js";
export { type Example19, example19 } from "./reference/example19.js";
export { stationaryResidual } from "./residual.js";
export { sellingDecomposition } from "./selling.js";
export { type OperatorSize, operatorSize } from "./size.js";
export {
  bicgstab,
  createBicgstabWork,
  type KrylovOptions,
  type KrylovResult,
  type Preconditioner,
} from "./sparse/bicgstab.js";
export { CooBuilder, type CsrMatrix, spmv } from "./sparse/csr.js";
export { type DissectionOptions, type EliminationTree, gridDissection } from "./sparse/dissection.js";
export { expmDense, type KrylovExpmOptions, type KrylovExpmResult, krylovExpm } from "./sparse/expm.js";
export { type GthOptions, type GthPlan, gthPlan, gthStationary } from "./sparse/gth.js";
export { type Ilu0, ilu0, iluSolve } from "./sparse/ilu.js";
export { type MultigridInfo, type MultigridOptions, multigridPreconditioner } from "./sparse/multigrid.js";
export {
  type SpectralEvolveOptions,
  type SpectralEvolveResult,
  type SpectralSolver,
  type SpectralStationaryOptions,
  spectralSolver,
} from "./spectral.js";
export {
  type BasinFlux,
  type SplitDiagnostic,
  type SplitDiagnosticOptions,
  splitDiagnostic,
} from "./split-diagnostic.js";
export {
  type StationaryMethod,
  type StationaryOptions,
  type StationaryResult,
  stationary,
} from "./stationary.js";
export { entropy, freeEnergy, klDivergence, type PotentialResult, potentialPhi } from "./thermo.js";
export {
  bdf2,
  crankNicolson,
  explicitEuler,
  implicitEuler,
  krylovExponential,
  type TimeStepper,
  type TimeStepperFactory,
  type TimeStepperOptions,
} from "./time-steppers.js";
