// permutation moved to @langevin/core (datasets draw splits with it); re-exported so imports from here keep working
export { permutation } from "@langevin/core";
export { diffusionSpectrum, gradientCovariance, gradientGram, numericalRank } from "./covariance.js";
export { type BatchOptions, batches, takeLabels, takeRows } from "./data/batches.js";
export { accuracy, type ClassificationSet, gaussianMixture, splitSet, xorBlobs } from "./data/synthetic.js";
export { denseFromOperator } from "./dense.js";
export { backward, gradients, propagate, topologicalOrder } from "./engine.js";
export { flatLoss, grad, hessianOperator, hvp, type ScalarFn, valueAndGrad } from "./functional.js";
export { type GradCheckResult, gradCheck } from "./gradcheck.js";
export { gemmNN, gemmNT, gemmTN, gemmTT } from "./kernels/gemm.js";
export type { Pair } from "./kernels/window.js";
export { type LanczosResult, lanczos } from "./lanczos.js";
export { isDebug, isGradEnabled, noGrad, setDebug, withGradEnabled } from "./mode.js";
export * as nn from "./nn/index.js";
export { lenet } from "./nn/lenet.js";
export { flatGradients, flatParameters, mlp, Sequential } from "./nn/sequential.js";
export { add, div, mul, pow, scale, sub } from "./ops/binary.js";
export { type Conv2dOptions, conv2d, conv2dInput, conv2dRelu, conv2dWeight } from "./ops/conv.js";
export { oneHot, pick, scatterRows } from "./ops/gather.js";
export { checkLabels, mse, softmax, softmaxCrossEntropy } from "./ops/loss.js";
export { matmul, matmulT } from "./ops/matmul.js";
export {
  type AvgPool2dOptions,
  avgPool2d,
  maxPool2d,
  type Pool2dOptions,
  type PoolWindow,
} from "./ops/pool.js";
export { mean, sum } from "./ops/reduce.js";
export { broadcastTo, embed, flatten, reshape, slice, sumTo, transpose } from "./ops/shape.js";
export { exp, log, neg, relu, sigmoid, softplus, tanh } from "./ops/unary.js";
export * as optim from "./optim/index.js";
export { type Batch, type LossFn, perSampleGradients, perSampleGradientsLoop } from "./persample.js";
export { broadcastShapes, type Shape, sizeOf } from "./shape.js";
export {
  asTensor,
  type BackwardRule,
  fromArray,
  ones,
  randn,
  result,
  scalar,
  Tensor,
  type TensorLike,
  tensor,
  zeros,
} from "./tensor.js";
