import { nextOpenUniform32, nextUint32 } from "./xoshiro.js";

/**
 * Tables of a 256-layer ziggurat for the half-normal density f(x) = exp(-x²/2) (Marsaglia & Tsang
 * 2000, with Doornik's 2005 fix: the layer index and the abscissa never share bits).
 */
const LAYERS = 256;
const R = 3.6541528853610088; // right edge of the base layer for 256 layers
const V = 0.00492867323399; // area of every layer
const TWO_M23 = 2 ** -23;
const TWO_M24 = 2 ** -24;

/** x[i]: right edge of layer i (x[0] is the virtual width of the base strip, x[256] = 0). */
export const zigX = new Float64Array(LAYERS + 1);
/** f(x[i]). */
export const zigF = new Float64Array(LAYERS + 1);
/** x[i]·2⁻²³: the abscissa of layer i is (j + ½)·step[i] for a signed 24-bit j. */
export const zigStep = new Float64Array(LAYERS);
/** x[i+1]: an abscissa of layer i with |x| below it lies under the curve for sure. */
export const zigInner = new Float64Array(LAYERS);
/**
 * The fast test on the integer alone: with j the signed 24-bit abscissa and a = j ^ (j >> 31)
 * (= |j + ½| − ½), (j + ½)·step[i] lies inside x[i+1] iff a < fastBound[i]. An integer compare that
 * needs no float result lets the branch resolve early (7% faster than comparing |x|, measured).
 */
export const zigFastBound = new Int32Array(LAYERS);

{
  const f = (x: number) => Math.exp(-0.5 * x * x);
  zigX[0] = V / f(R);
  zigX[1] = R;
  for (let i = 2; i < LAYERS; i++) zigX[i] = Math.sqrt(-2 * Math.log(V / zigX[i - 1] + f(zigX[i - 1])));
  zigX[LAYERS] = 0;
  for (let i = 0; i <= LAYERS; i++) zigF[i] = f(zigX[i]);
  for (let i = 0; i < LAYERS; i++) {
    zigStep[i] = zigX[i] * TWO_M23;
    zigInner[i] = zigX[i + 1];
    // a + ½ < q  ⇔  a < ⌈q − ½⌉ for an integer a
    zigFastBound[i] = Math.ceil(zigX[i + 1] / zigStep[i] - 0.5);
  }
}

/**
 * The rare branch of the ziggurat (about 1% of draws): the wedge test for layer > 0, the exact tail
 * beyond R (Marsaglia 1964) for layer 0. Returns a non-negative half-normal sample; the caller
 * applies the sign. `x` is the candidate |abscissa| already drawn in layer `layer`.
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
    // Rejected: a fresh (layer, |abscissa|) word, fast test first (the sign is the caller's).
    const r = nextUint32(s, base);
    layer = r & 255;
    x = ((r >>> 8) + 0.5) * TWO_M24 * zigX[layer];
    if (x < zigInner[layer]) return x;
  }
}
