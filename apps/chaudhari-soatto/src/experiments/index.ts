import type { Experiment } from "@langevin/report";
import { diffusionSpectrum } from "./diffusion-spectrum.js";
import { example19 } from "./example-19.js";
import { freeEnergyExperiment } from "./free-energy.js";
import { gibbsVsAnisotropic } from "./gibbs-vs-anisotropic.js";
import { limitCycles } from "./limit-cycles.js";
import { linearised } from "./linearised.js";
import { temperature } from "./temperature.js";

/** The experiments in the order. */
export const experiments: Experiment[] = [
  gibbsVsAnisotropic,
  example19,
  freeEnergyExperiment,
  linearised,
  temperature,
  diffusionSpectrum,
  limitCycles,
];
