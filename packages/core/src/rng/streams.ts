import { InvalidArgumentError } from "../errors.js";
import { fillNormalFromState } from "./normal.js";
import { type SeedLike, seedStates } from "./seed.js";
import { nextUniform } from "./xoshiro.js";

/**
 * Many streams of one seed in one flat state array: streams `first .. first+count-1`, local index k
 * for stream first+k. Ensembles give path i the stream i, so path i draws the same numbers whether
 * it runs in a batch of 1 or 10⁶, on the main thread or in a worker.
 * @example
 * const bank = createStreamBank(7, 0, 1000);
 * const z = new Float64Array(2);
 * bank.fillNormal(999, z, 0, 2); // the next two normals of stream 999
 */
export class StreamBank {
  /** xoshiro128** state, 4 words per stream, local stream k at `states[4k .. 4k+3]`. */
  readonly states: Int32Array;

  constructor(
    /** The seed shared by all streams of the bank. */
    readonly seed: SeedLike,
    /** Global index of the bank's first stream (local index 0). */
    readonly first: number,
    /** Number of consecutive streams held. */
    readonly count: number,
  ) {
    if (!(Number.isSafeInteger(first) && first >= 0))
      throw new InvalidArgumentError("first", `must be an integer >= 0, got ${first}`);
    if (!(Number.isSafeInteger(count) && count >= 0))
      throw new InvalidArgumentError("count", `must be an integer >= 0, got ${count}`);
    this.states = new Int32Array(4 * count);
    seedStates(seed, first, count, this.states, 0);
  }

  /** Fills out[offset .. offset+n) with the next n standard normals of local stream k. */
  fillNormal(k: number, out: Float64Array, offset: number, n: number): Float64Array {
    return fillNormalFromState(this.states, 4 * k, out, offset, n);
  }

  /** The next uniform in [0, 1) of local stream k. */
  uniform(k: number): number {
    return nextUniform(this.states, 4 * k);
  }
}

/**
 * Streams `first .. first+count-1` of `seed` in one {@link StreamBank}.
 * @example
 * const bank = createStreamBank(42, 0, 1000);
 * const z = bank.fillNormal(3, new Float64Array(5), 0, 5); // equals createRng(42, 3).fillNormal(...)
 */
export function createStreamBank(seed: SeedLike, first: number, count: number): StreamBank {
  return new StreamBank(seed, first, count);
}
