// The light entry, "@langevin/core/base": everything but the parts built on third-party packages
// (symmetricEigen on ml-matrix, the spectra on fft.js), which take about half of this package's
// import time; worker threads and bundles that need neither load only this.
export * from "./errors.js";
export { cholesky } from "./linalg/cholesky.js";
export { lyapunov } from "./linalg/lyapunov.js";
export { solveLinear } from "./linalg/solve-linear.js";
export { fillNormalFromState } from "./rng/normal.js";
export { createNormalBuffers, NormalBuffers } from "./rng/normal-buffers.js";
export { createRng, Rng } from "./rng/rng.js";
export type { SeedLike } from "./rng/seed.js";
export { createStreamBank, StreamBank } from "./rng/streams.js";
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
export * from "./validate.js";
export {
  funcBody,
  moduleBytes,
  section,
  sleb,
  str,
  uleb,
  type WasmApi,
  type WasmMemory,
  wasmApi,
  wasmOp,
} from "./wasm/assemble.js";
