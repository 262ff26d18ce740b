import type { Experiment } from "@langevin/report";
import { escapeSharpMinima } from "./escape-sharp-minima.js";
import { highDimensionalMinima } from "./high-dimensional-minima.js";
import { noBarriers } from "./no-barriers.js";
import { saddles } from "./saddles.js";

/** The experiments in the order. */
export const experiments: Experiment[] = [noBarriers, saddles, escapeSharpMinima, highDimensionalMinima];
