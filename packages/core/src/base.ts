// The light entry, "@langevin/core/base": everything but the spectra (fft.js, about half of this
// package's import time) and the eigensolvers (symmetricEigen; generalEigenvalues, on ml-matrix);
// worker threads and bundles that need neither load only this.
export * from "./errors.js";
export { marchingSquares } from "./geometry/marching-squares.js";
export {
  type JsonNumberCheck,
  jsonArray,
  jsonNumber,
  jsonNumbers,
  jsonObject,
  jsonString,
} from "./json-fields.js";
export { cholesky } from "./linalg/cholesky.js";
export { discreteLyapunov } from "./linalg/discrete-lyapunov.js";
export { type Inertia, inertia } from "./linalg/inertia.js";
export { inverse } from "./linalg/inverse.js";
export { lyapunov } from "./linalg/lyapunov.js";
export { solveLinear } from "./linalg/solve-linear.js";
export { symmetrize } from "./linalg/symmetrize.js";
export { fillNormalFromState } from "./rng/normal.js";
export { createNormalBuffers, NormalBuffers } from "./rng/normal-buffers.js";
export { permutation } from "./rng/permutation.js";
export { createRng, Rng } from "./rng/rng.js";
export type { SeedLike } from "./rng/seed.js";
export { createStreamBank, StreamBank } from "./rng/streams.js";
export { BatchMeans, type MeanSe, meanSe } from "./stats/batch-means.js";
export { entropy } from "./stats/entropy.js";
export { erf, erfc } from "./stats/erf.js";
export { Histogram1D, type Histogram1DJSON, type Histogram1DOptions } from "./stats/histogram1d.js";
export { Histogram2D, type Histogram2DJSON, type Histogram2DOptions } from "./stats/histogram2d.js";
export { klDivergence } from "./stats/kl-divergence.js";
export { ksPValue, ksStatistic } from "./stats/kolmogorov-smirnov.js";
export { covariance, mean, variance } from "./stats/moments.js";
export { normalCdf } from "./stats/normal-cdf.js";
export { RunningMoments, type RunningMomentsJSON } from "./stats/running-moments.js";
export { RunningVariances, type RunningVariancesJSON } from "./stats/running-variances.js";
export { type TimeAsymmetry, timeAsymmetry } from "./stats/time-asymmetry.js";
export * from "./validate.js";
export {
  funcBody,
  lazyModule,
  memoryOp,
  moduleBytes,
  section,
  simd,
  sleb,
  str,
  uleb,
  type WasmApi,
  type WasmMemory,
  wasmApi,
  wasmOp,
  wasmSimdOp,
} from "./wasm/assemble.js";
