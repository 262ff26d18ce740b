export { Conv2d, type Conv2dLayerOptions } from "./conv.js";
export { type InitScheme, initWeights } from "./init.js";
export {
  Activation,
  type ActivationName,
  Flatten,
  type Layer,
  Linear,
  type LinearRecord,
  linear,
  type PerSampleTarget,
  recordOnTape,
  type TapeRecord,
  WeightBias,
} from "./layers.js";
export { type LenetOptions, lenet } from "./lenet.js";
export { AvgPool2d, MaxPool2d } from "./pool.js";
export { type ForwardOptions, flatGradients, flatParameters, mlp, Sequential } from "./sequential.js";
