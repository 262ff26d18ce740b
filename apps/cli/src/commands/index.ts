import type { Command } from "../command.js";
import { criticalCommand } from "./critical.js";
import { minimizeCommand } from "./minimize.js";
import { nebCommand } from "./neb.js";
import { reproduceCommand } from "./reproduce.js";

/** Every command of the tool, in the order the help lists them. */
export const COMMANDS: Command[] = [nebCommand, minimizeCommand, criticalCommand, reproduceCommand];
