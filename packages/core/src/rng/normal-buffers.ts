import { InvalidArgumentError } from "../errors.js";
import { fillNormalFromState } from "./normal.js";
import { createNormalKernel, KERNEL_DATA, KERNEL_LAYER, type NormalKernel } from "./normal-kernel.js";
import { type SeedLike, seedStates } from "./seed.js";
import { zigguratSlow } from "./ziggurat.js";

/**
 * Generator states of `streams` streams and a buffer of `normals` doubles, both inside the memory
 * of a WebAssembly normal kernel, so that `fill` runs the ziggurat's fast path there with no copy
 * in or out (≈ 2x the rate of the JavaScript loop). The numbers are bit-identical to
 * {@link fillNormalFromState} on the same states; where WebAssembly is unavailable (or with
 * LANGEVIN_NO_WASM=1) the buffers are plain typed arrays and `fill` is that function.
 * Ensembles seed the states (`seed(seed, first)`: local stream k is stream first + k of the seed,
 * as in a {@link StreamBank}), then fill rows of `out` per path.
 * @example
 * const buf = createNormalBuffers(2, 8);
 * buf.seed(7, 0);
 * buf.fill(1, 4, 4); // out[4..8) = the first four normals of stream 1 of seed 7
 */
export class NormalBuffers {
  /** 4 words of xoshiro128** state per stream. */
  readonly states: Int32Array;
  /** The normals. */
  readonly out: Float64Array;
  readonly #kernel: NormalKernel | null;
  readonly #statesByte: number;
  readonly #outByte: number;
  readonly #scratch: Int32Array;

  constructor(
    /** Number of independent streams, each with its own 4-word state. */
    readonly streams: number,
    normals: number,
  ) {
    if (!(Number.isSafeInteger(streams) && streams >= 0))
      throw new InvalidArgumentError("streams", `must be an integer >= 0, got ${streams}`);
    if (!(Number.isSafeInteger(normals) && normals >= 0))
      throw new InvalidArgumentError("normals", `must be an integer >= 0, got ${normals}`);
    const statesBytes = 16 * streams;
    this.#statesByte = KERNEL_DATA;
    this.#outByte = KERNEL_DATA + statesBytes; // a multiple of 16: doubles stay aligned
    const bytes = statesBytes + 8 * normals;
    // wasm32 addresses stop at 4 GiB; beyond ~2 GiB the JavaScript loop is the safer choice
    this.#kernel = bytes < 2 ** 31 - KERNEL_DATA ? createNormalKernel(bytes) : null;
    if (this.#kernel) {
      const buffer = this.#kernel.memory.buffer;
      this.states = new Int32Array(buffer, this.#statesByte, 4 * streams);
      this.out = new Float64Array(buffer, this.#outByte, normals);
      this.#scratch = new Int32Array(buffer, KERNEL_LAYER, 1);
    } else {
      this.states = new Int32Array(4 * streams);
      this.out = new Float64Array(normals);
      this.#scratch = new Int32Array(1);
    }
  }

  /** True when `fill` runs in WebAssembly. */
  get wasm(): boolean {
    return this.#kernel !== null;
  }

  /**
   * Sets local streams from .. from+count-1 to the start of streams first .. first+count-1 of `seed`
   * (the states `createRng(seed, first + k)` starts from).
   */
  seed(seed: SeedLike, first: number, from = 0, count = this.streams - from): void {
    if (!(Number.isSafeInteger(first) && first >= 0))
      throw new InvalidArgumentError("first", `must be an integer >= 0, got ${first}`);
    if (!(Number.isSafeInteger(from) && from >= 0 && Number.isSafeInteger(count) && count >= 0))
      throw new InvalidArgumentError("from/count", `must be integers >= 0, got ${from}, ${count}`);
    if (from + count > this.streams)
      throw new InvalidArgumentError("count", `streams ${from}..${from + count - 1} exceed ${this.streams}`);
    seedStates(seed, first, count, this.states, 4 * from);
  }

  /**
   * Fills out[offset .. offset+count) with the next `count` standard normals of stream k. A stream
   * never seeded (xoshiro's forbidden all-zero state, which would give one value forever) throws.
   */
  fill(k: number, offset: number, count: number): void {
    if (!(k >= 0 && k < this.streams && (k | 0) === k))
      throw new InvalidArgumentError("k", `must be an integer in [0, ${this.streams}), got ${k}`);
    if (!(offset >= 0 && count >= 0 && offset + count <= this.out.length && (offset | 0) === offset))
      throw new InvalidArgumentError(
        "offset/count",
        `[${offset}, ${offset + count}) is not inside out (length ${this.out.length})`,
      );
    const st = this.states;
    if ((st[4 * k] | st[4 * k + 1] | st[4 * k + 2] | st[4 * k + 3]) === 0)
      throw new InvalidArgumentError(
        "k",
        `stream ${k} has the all-zero state: seed it first (seed(seed, first))`,
      );
    const kernel = this.#kernel;
    if (kernel === null) {
      fillNormalFromState(this.states, 4 * k, this.out, offset, count);
      return;
    }
    const out = this.out;
    const end = offset + count;
    const state = this.#statesByte + 16 * k;
    let i = offset;
    for (;;) {
      i = kernel.fill(state, this.#outByte, i, end);
      if (i >= end) return;
      // the kernel stopped at a slow-branch draw: its abscissa is in out[i], its layer in scratch
      const x = out[i];
      const a = zigguratSlow(this.states, 4 * k, this.#scratch[0], Math.abs(x));
      out[i++] = x < 0 ? -a : a;
    }
  }
}

/**
 * {@link NormalBuffers} for `streams` streams and `normals` doubles (seed them before filling).
 * @example
 * const buf = createNormalBuffers(1000, 1000 * 128); // 128 normals per path
 * buf.seed(42, 0); // local stream k = stream k of seed 42
 */
export function createNormalBuffers(streams: number, normals: number): NormalBuffers {
  return new NormalBuffers(streams, normals);
}
