export { fillBatchNormals } from "./engine.js";
export { factorSemiDefinite } from "./factor.js";
export { createIntegrator, type Integrator, type IntegratorOptions } from "./integrator.js";
export { type FirstPassageResult, firstPassage } from "./observers/first-passage.js";
export {
  type Histogram1DResult,
  type Histogram2DResult,
  type HistogramTiming,
  histogram1d,
  histogram2d,
} from "./observers/histogram.js";
export { type MomentsResult, moments } from "./observers/moments.js";
export {
  type ObserverFactory,
  observerFromSpec,
  registerObserver,
  resolveObserver,
} from "./observers/registry.js";
export { type SaveAtResult, saveAt } from "./observers/save-at.js";
export { type TimeAverageResult, timeAverage } from "./observers/time-average.js";
export type { BoundObserver, Observer, ObserverContext, ObserverSpec } from "./observers/types.js";
export { createWorkerPool, type PoolJob, WorkerPool } from "./pool.js";
export { fromPotential, type PotentialOptions } from "./potential.js";
export {
  type BatchedFn,
  type Calculus,
  type FieldSpec,
  type LangevinInfo,
  type NoiseKind,
  type PerPathFn,
  type PerPathMarker,
  type PotentialInfo,
  type ProblemStructure,
  perPath,
  type SdeProblem,
  type SdeProblemOptions,
  sdeProblem,
} from "./problem.js";
export { ReductionTree, type TreeNode } from "./reduction.js";
export { type ObserverResults, type RunMeta, SolveResult, type SolveResultJSON } from "./result.js";
export { baoab } from "./schemes/baoab.js";
export { eulerMaruyama } from "./schemes/euler-maruyama.js";
export { heun } from "./schemes/heun.js";
export * as schemes from "./schemes/index.js";
export { type MilsteinDerivative, milstein } from "./schemes/milstein.js";
export { registerScheme, resolveScheme, type SchemeFactory, schemeFromSpec } from "./schemes/registry.js";
export { type SgdOptions, sgd, sgdTemperature } from "./schemes/sgd.js";
export { sra1 } from "./schemes/sra1.js";
export { checkScheme, type Scheme, type SchemeSpec, type Stepper } from "./schemes/types.js";
export {
  type ProblemFactoryResult,
  type ProblemRef,
  type SolveOptions,
  solve,
  solveSync,
  splitRange,
} from "./solve.js";
export { type UnderdampedOptions, underdamped } from "./underdamped.js";
