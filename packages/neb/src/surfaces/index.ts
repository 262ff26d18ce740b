export { curvedValley } from "./curvedValley.js";
export { doubleWell } from "./doubleWell.js";
export { type LepsParameters, leps, lepsHarmonic } from "./leps.js";
export { mullerBrown, mullerBrownEnergy } from "./mullerBrown.js";
export type { Surface } from "./surface.js";
