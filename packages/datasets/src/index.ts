export { DatasetFormatError } from "./errors.js";
export {
  type IrisDataset,
  type IrisOptions,
  type IrisProvenance,
  type IrisSpecies,
  iris,
} from "./iris/iris.js";
export type { MnistSize } from "./mnist/area-average.js";
export { type MnistDataset, type MnistOptions, type MnistProvenance, mnist } from "./mnist/mnist.js";
export { DEFAULT_TEST_FRACTION, type SplitOptions } from "./split/stratified.js";
export type { DataSplit, Dataset, Provenance, SplitRecord } from "./types.js";
