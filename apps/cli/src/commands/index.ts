import type { Command } from "../command.js";
import { criticalCommand } from "./critical.js";
import { fpEvolveCommand } from "./fp-evolve.js";
import { fpStationaryCommand } from "./fp-stationary.js";
import { mergeCommand } from "./merge.js";
import { minimizeCommand } from "./minimize.js";
import { nebCommand } from "./neb.js";
import { reproduceCommand } from "./reproduce.js";
import { sdeCommand } from "./sde.js";
import { slurmCommand } from "./slurm.js";

/** Every command of the tool, in the order the help lists them. */
export const COMMANDS: Command[] = [
  sdeCommand,
  mergeCommand,
  fpStationaryCommand,
  fpEvolveCommand,
  nebCommand,
  minimizeCommand,
  criticalCommand,
  reproduceCommand,
  slurmCommand,
];
