/**
 * xoshiro128** (Blackman & Vigna) on an Int32Array state at `base`. 32-bit operations only, so it
 * runs at full speed in V8 without BigInt. Returns an unsigned 32-bit integer.
 */
export function nextUint32(s: Int32Array, base: number): number {
  const s0 = s[base];
  const s1 = s[base + 1];
  let s2 = s[base + 2];
  let s3 = s[base + 3];
  const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
  const t = s1 << 9;
  s2 ^= s0;
  s3 ^= s1;
  s[base + 1] = s1 ^ s2;
  s[base] = s0 ^ s3;
  s[base + 2] = s2 ^ t;
  s[base + 3] = rotl(s3, 11);
  return r >>> 0;
}

export function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

const TWO_M32 = 2.3283064365386963e-10; // 2^-32
const TWO_M53 = 1.1102230246251565e-16; // 2^-53

/** A uniform double in [0, 1) with 53 random bits (two draws). */
export function nextUniform(s: Int32Array, base: number): number {
  const a = nextUint32(s, base) >>> 5;
  const b = nextUint32(s, base) >>> 6;
  return (a * 67108864 + b) * TWO_M53;
}

/** A uniform double in (0, 1) with 32 random bits, never 0 (safe for log). */
export function nextOpenUniform32(s: Int32Array, base: number): number {
  return (nextUint32(s, base) + 0.5) * TWO_M32;
}
