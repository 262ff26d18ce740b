export { Adam, type AdamOptions, adam } from "./adam.js";
export { Sgd, type SgdOptions, sgd } from "./sgd.js";
export { checkTarget, type FlatTarget } from "./target.js";
