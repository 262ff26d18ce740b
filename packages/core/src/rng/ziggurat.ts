import { nextOpenUniform32, nextUint32 } from "./xoshiro.js";

/**
 * Tables of a 256-layer ziggurat for the half-normal density f(x) = exp(-x²/2) (Marsaglia & Tsang
 * 2000, with Doornik's 2005 fix: the layer index and the abscissa come from independent draws, so
 * the low bits of one word never decide both).
 */
const LAYERS = 256;
const R = 3.6541528853610088; // right edge of the base layer for 256 layers
const V = 0.00492867323399; // area of every layer

/** x[i]: right edge of layer i (x[0] is the virtual width of the base strip, x[256] = 0). */
export const zigX = new Float64Array(LAYERS + 1);
/** ratio[i] = x[i+1] / x[i]: an abscissa u·x[i] with u < ratio[i] lies under the curve for sure. */
export const zigRatio = new Float64Array(LAYERS);
/** f(x[i]). */
export const zigF = new Float64Array(LAYERS + 1);

{
  const f = (x: number) => Math.exp(-0.5 * x * x);
  zigX[0] = V / f(R);
  zigX[1] = R;
  for (let i = 2; i < LAYERS; i++) zigX[i] = Math.sqrt(-2 * Math.log(V / zigX[i - 1] + f(zigX[i - 1])));
  zigX[LAYERS] = 0;
  for (let i = 0; i < LAYERS; i++) zigRatio[i] = zigX[i + 1] / zigX[i];
  for (let i = 0; i <= LAYERS; i++) zigF[i] = f(zigX[i]);
}

/**
 * The rare branch of the ziggurat (about 1% of draws): the wedge test for layer > 0, the exact tail
 * beyond R (Marsaglia 1964) for layer 0. Returns a non-negative half-normal sample; the caller
 * applies the sign. `x` is the candidate abscissa already drawn in layer `layer`.
 */
export function zigguratSlow(s: Int32Array, base: number, layer: number, x: number): number {
  for (;;) {
    if (layer === 0) {
      for (;;) {
        const a = -Math.log(nextOpenUniform32(s, base)) / R;
        const b = -Math.log(nextOpenUniform32(s, base));
        if (b + b > a * a) return R + a;
      }
    }
    const y = zigF[layer] + nextOpenUniform32(s, base) * (zigF[layer + 1] - zigF[layer]);
    if (y < Math.exp(-0.5 * x * x)) return x;
    // Rejected: draw a fresh (layer, abscissa) pair and retry the fast test first.
    layer = nextUint32(s, base) & 255;
    const u = nextOpenUniform32(s, base);
    x = u * zigX[layer];
    if (u < zigRatio[layer]) return x;
  }
}
