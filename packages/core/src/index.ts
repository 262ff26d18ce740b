// The full entry: the light one ("./base.js") plus the spectra (fft.js) and the eigensolver.
export * from "./base.js";
export {
  type SymmetricEigen,
  type SymmetricEigenOptions,
  symmetricEigen,
  symmetricEigenvalues,
} from "./linalg/symmetric-eigen.js";
export { autocorrelation } from "./spectra/autocorrelation.js";
export { type ComplexSpectrum, complexFft } from "./spectra/complex-fft.js";
export { type PowerSpectrum, type PowerSpectrumOptions, powerSpectrum } from "./spectra/power-spectrum.js";
