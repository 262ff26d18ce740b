export {
  type AutoNebCycle,
  type AutoNebCycleReport,
  type AutoNebOptions,
  type AutoNebResult,
  autoNeb,
} from "./autoneb.js";
export type { SpringScheme } from "./band.js";
export type {
  ClimbOption,
  NebHistoryEntry,
  NebProgress,
  NebResult,
  SaddleEstimate,
  SpringOption,
} from "./engine.js";
export { straightLineEnergies } from "./line.js";
export { type MinimizeOptions, type MinimizeReason, type MinimizeResult, minimize } from "./minimize.js";
export { type NebOptions, neb } from "./neb.js";
export { type FireOptions, fire } from "./optimizers/fire.js";
export { type LbfgsOptions, lbfgs } from "./optimizers/lbfgs.js";
export { type MomentumOptions, momentum } from "./optimizers/momentum.js";
export type { NebOptimizer } from "./optimizers/optimizer.js";
export { type QuickMinOptions, quickMin } from "./optimizers/quickMin.js";
export { arcLengths, linearPath, type Path, redistribute, reparametrize, waypointPath } from "./path.js";
export { type EnergyProfile, energyProfile } from "./profile.js";
export {
  type CriticalKind,
  type CriticalPoint,
  type RefineOptions,
  type RefineReason,
  refineCriticalPoint,
  refineSaddle,
} from "./refine.js";
export * as surfaces from "./surfaces/index.js";
export { centralTangent, improvedTangent, type TangentEstimate } from "./tangent.js";
export type { EnergyFunction, PointLike } from "./types.js";
