import { InvalidArgumentError } from "../errors.js";

/** A seed or stream id: a non-negative safe integer or a non-negative bigint below 2^64. */
export type SeedLike = number | bigint;

function splitWords(value: SeedLike, argument: string): [number, number] {
  if (typeof value === "bigint") {
    if (value < 0n || value >= 1n << 64n)
      throw new InvalidArgumentError(argument, `must be in [0, 2^64), got ${value}`);
    return [Number(value & 0xffffffffn) >>> 0, Number(value >> 32n) >>> 0];
  }
  if (!(Number.isSafeInteger(value) && value >= 0)) {
    throw new InvalidArgumentError(argument, `must be a non-negative safe integer or bigint, got ${value}`);
  }
  return [value >>> 0, Math.floor(value / 4294967296) >>> 0];
}

/** murmur3's 32-bit finaliser: a bijection on 32-bit words with full avalanche. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Derives the 128-bit xoshiro state of stream `stream` of seed `seed` (SplitMix-style splitting:
 * a keyed hash of (seed, stream) rather than a jump, so stream k costs O(1) whatever k is).
 * Writes 4 words at `state[offset..offset+3]`.
 */
export function seedState(seed: SeedLike, stream: SeedLike, state: Int32Array, offset: number): void {
  const [s0, s1] = splitWords(seed, "seed");
  const [t0, t1] = splitWords(stream, "stream");
  mixState(s0, s1, t0, t1, state, offset);
}

/**
 * The states of streams first .. first+count-1 of `seed` at state[offset + 4k ..]: `seedState` for
 * each, with the seed split once and no allocation per stream (ensembles seed one stream per path).
 */
export function seedStates(
  seed: SeedLike,
  first: number,
  count: number,
  state: Int32Array,
  offset: number,
): void {
  const [s0, s1] = splitWords(seed, "seed");
  if (!(Number.isSafeInteger(first) && first >= 0 && Number.isSafeInteger(first + count)))
    throw new InvalidArgumentError("first", `must be an integer >= 0 with first + count safe, got ${first}`);
  for (let k = 0; k < count; k++) {
    const v = first + k;
    mixState(s0, s1, v >>> 0, Math.floor(v / 4294967296) >>> 0, state, offset + 4 * k);
  }
}

function mixState(s0: number, s1: number, t0: number, t1: number, state: Int32Array, offset: number): void {
  // Two rounds of mixing over all four input words for every output word, each with its own
  // golden-ratio offset, so neighbouring streams and seeds land on unrelated states.
  let acc = 0x9e3779b9;
  for (let w = 0; w < 4; w++) {
    let h = fmix32((acc + Math.imul(w + 1, 0x7f4a7c15)) >>> 0);
    h = fmix32(h ^ s0);
    h = fmix32((h + s1) >>> 0);
    h = fmix32(h ^ t0);
    h = fmix32((h + t1 + 0x632be5ab) >>> 0);
    h = fmix32(h ^ Math.imul(w, 0x165667b1));
    state[offset + w] = h | 0;
    acc = (acc + 0x9e3779b9 + h) >>> 0;
  }
  // xoshiro's one forbidden state is all zeros.
  if ((state[offset] | state[offset + 1] | state[offset + 2] | state[offset + 3]) === 0) state[offset] = 1;
}
