export { type InitScheme, initWeights } from "./init.js";
export { Activation, type ActivationName, type Layer, Linear, type LinearRecord, linear } from "./layers.js";
export { type ForwardOptions, flatGradients, flatParameters, mlp, Sequential } from "./sequential.js";
