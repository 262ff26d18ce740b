// The built-in schemes, also reachable as `schemes.eulerMaruyama` etc.
export { baoab } from "./baoab.js";
export { eulerMaruyama } from "./euler-maruyama.js";
export { heun } from "./heun.js";
export { milstein } from "./milstein.js";
export { sgd } from "./sgd.js";
export { sra1 } from "./sra1.js";
