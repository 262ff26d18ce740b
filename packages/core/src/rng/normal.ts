import { rotl } from "./xoshiro.js";
import { zigguratSlow, zigRatio, zigX } from "./ziggurat.js";

const TWO_M32 = 2.3283064365386963e-10;

/**
 * Fills out[offset .. offset+count) with standard normals from the xoshiro128** state at
 * s[base..base+3]. This is the hot loop of every simulation: the generator is inlined on local
 * variables (a method call per number costs 1.5-2x) and state goes back to `s` only around the
 * rare slow branch and at the end.
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
    // First word: layer (low 8 bits) and sign (bit 8).
    let r = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    let t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    const layer = r & 255;
    const negative = r & 256;
    // Second word: the abscissa within the layer.
    r = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    const u = ((r >>> 0) + 0.5) * TWO_M32;
    let x = u * zigX[layer];
    if (u >= zigRatio[layer]) {
      s[base] = s0;
      s[base + 1] = s1;
      s[base + 2] = s2;
      s[base + 3] = s3;
      x = zigguratSlow(s, base, layer, x);
      s0 = s[base];
      s1 = s[base + 1];
      s2 = s[base + 2];
      s3 = s[base + 3];
    }
    out[k] = negative ? -x : x;
  }
  s[base] = s0;
  s[base + 1] = s1;
  s[base + 2] = s2;
  s[base + 3] = s3;
  return out;
}
