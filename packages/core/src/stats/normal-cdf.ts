import { erfc } from "./erf.js";

const SQRT1_2 = Math.SQRT1_2;

/**
 * The standard normal CDF Φ(x) = ½ erfc(−x/√2), with full relative accuracy in the lower tail
 * (Φ(−10) = 7.6e-24, not 0) thanks to erfc.
 * @example
 * normalCdf(1.959963984540054); // 0.975
 */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x * SQRT1_2);
}
