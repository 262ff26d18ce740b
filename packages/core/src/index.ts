// The full entry: the light one ("./base.js") plus the spectra (fft.js) and the eigensolvers (the general
// one on ml-matrix).
export * from "./base.js";
export { type GeneralEigenvalues, generalEigenvalues } from "./linalg/general-eigenvalues.js";
export {
  type SymmetricEigen,
  type SymmetricEigenOptions,
  symmetricEigen,
  symmetricEigenvalues,
} from "./linalg/symmetric-eigen.js";
export { autocorrelation } from "./spectra/autocorrelation.js";
export { type ComplexSpectrum, complexFft } from "./spectra/complex-fft.js";
export { type CrossSpectrum, type CrossSpectrumOptions, crossSpectrum } from "./spectra/cross-spectrum.js";
export { type PowerSpectrum, type PowerSpectrumOptions, powerSpectrum } from "./spectra/power-spectrum.js";
