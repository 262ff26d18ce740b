import type { Experiment } from "@langevin/report";
import { linearised } from "./linearised.js";

/** The experiments in the order. */
export const experiments: Experiment[] = [linearised];
