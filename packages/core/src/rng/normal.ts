import { rotl } from "./xoshiro.js";
import { zigguratSlow, zigRatio, zigX } from "./ziggurat.js";

const TWO_M31 = 4.656612873077393e-10; // 2^-31

/**
 * Fills out[offset .. offset+count) with standard normals from the xoshiro128** state at
 * s[base..base+3] and returns `out`. This is the hot loop of every simulation: the generator is
 * inlined on local variables (a method call per number costs 1.5-2x) and state goes back to `s`
 * only around the rare slow branch and at the end.
 *
 * Each normal takes exactly two 32-bit words (plus more in the ~1% slow branch), so a stream's
 * numbers do not depend on how the calls are chunked: `fillNormal(out, 0, 2)` equals two `normal()`.
 * - word 1, low 8 bits: the ziggurat layer (256 layers);
 * - word 2, read as a signed 32-bit integer j: the signed abscissa u = (j + ½)·2⁻³¹ ∈ (−1, 1), so
 *   the sign comes with the abscissa and needs no branch (a data-dependent `negative ? −x : x`
 *   mispredicts half the time and cost ~40% of the loop).
 * The layer and the abscissa come from different words (Doornik 2005: in Marsaglia & Tsang's
 * original the low bits of one word chose the layer and also fed the abscissa, which correlates
 * them and fails tests); the sign bit is the abscissa word's top bit, independent of |u|.
 * @example
 * const rng = createRng(1);
 * const z = fillNormalFromState(rng.state, 0, new Float64Array(8), 0, 8);
 */
export function fillNormalFromState(
  s: Int32Array,
  base: number,
  out: Float64Array,
  offset: number,
  count: number,
): Float64Array {
  let s0 = s[base];
  let s1 = s[base + 1];
  let s2 = s[base + 2];
  let s3 = s[base + 3];
  const end = offset + count;
  for (let k = offset; k < end; k++) {
    // Word 1: the layer (low 8 bits).
    let r = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    let t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    const layer = r & 255;
    // Word 2: the signed abscissa.
    r = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    const u = (r + 0.5) * TWO_M31;
    const x = u * zigX[layer];
    if (Math.abs(u) >= zigRatio[layer]) {
      s[base] = s0;
      s[base + 1] = s1;
      s[base + 2] = s2;
      s[base + 3] = s3;
      const a = zigguratSlow(s, base, layer, Math.abs(x));
      s0 = s[base];
      s1 = s[base + 1];
      s2 = s[base + 2];
      s3 = s[base + 3];
      out[k] = x < 0 ? -a : a;
    } else {
      out[k] = x;
    }
  }
  s[base] = s0;
  s[base + 1] = s1;
  s[base + 2] = s2;
  s[base + 3] = s3;
  return out;
}
