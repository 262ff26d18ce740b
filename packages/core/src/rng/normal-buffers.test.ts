import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.js";
import { fillNormalFromState } from "./normal.js";
import { createNormalBuffers } from "./normal-buffers.js";
import { createStreamBank } from "./streams.js";

// Reference: the JavaScript loop on a copy of the same states, with the same chunking.
function reference(
  seed: number,
  streams: number,
  chunks: number[],
): { states: Int32Array; out: Float64Array } {
  const perStream = chunks.reduce((a, b) => a + b, 0);
  const states = createStreamBank(seed, 0, streams).states;
  const out = new Float64Array(streams * perStream);
  for (let k = 0; k < streams; k++) {
    let o = k * perStream;
    for (const n of chunks) {
      fillNormalFromState(states, 4 * k, out, o, n);
      o += n;
    }
  }
  return { states, out };
}

function viaBuffers(seed: number, streams: number, chunks: number[], noWasm: boolean) {
  const perStream = chunks.reduce((a, b) => a + b, 0);
  if (noWasm) process.env.LANGEVIN_NO_WASM = "1";
  try {
    const buf = createNormalBuffers(streams, streams * perStream);
    buf.seed(seed, 0);
    for (let k = 0; k < streams; k++) {
      let o = k * perStream;
      for (const n of chunks) {
        buf.fill(k, o, n);
        o += n;
      }
    }
    return buf;
  } finally {
    delete process.env.LANGEVIN_NO_WASM;
  }
}

describe("NormalBuffers", () => {
  // 300 streams × 1000 normals = 3·10⁵ draws, ~4500 of them through the slow branch (wedge and tail)
  const chunks = [1, 0, 127, 128, 3, 741];
  const ref = reference(5, 300, chunks);

  it.each([
    ["WebAssembly kernel", false],
    ["JavaScript fallback (LANGEVIN_NO_WASM=1)", true],
  ])("%s: bit-identical normals and final states to fillNormalFromState, any chunking", (_, noWasm) => {
    const buf = viaBuffers(5, 300, chunks, noWasm as boolean);
    expect(buf.wasm).toBe(!noWasm);
    let bad = 0;
    for (let i = 0; i < ref.out.length; i++) if (buf.out[i] !== ref.out[i]) bad++;
    expect(bad).toBe(0);
    expect(Array.from(buf.states)).toEqual(Array.from(ref.states));
  });

  it("buffers are independent: filling one leaves another untouched", () => {
    const a = createNormalBuffers(1, 10);
    const b = createNormalBuffers(1, 10);
    a.seed(1, 0);
    b.states.set(createStreamBank(1, 0, 1).states); // the same state, set by hand
    a.fill(0, 0, 10);
    expect(Array.from(b.out)).toEqual(new Array(10).fill(0));
    b.fill(0, 0, 10);
    expect(Array.from(b.out)).toEqual(Array.from(a.out));
  });

  it("seed(seed, first, from, count) gives local streams the states of streams first.. of the seed", () => {
    const buf = createNormalBuffers(4, 0);
    buf.seed(3, 100, 1, 2);
    expect(Array.from(buf.states.subarray(0, 4))).toEqual([0, 0, 0, 0]);
    expect(Array.from(buf.states.subarray(4, 12))).toEqual(Array.from(createStreamBank(3, 100, 2).states));
    expect(() => buf.seed(3, 0, 3, 2)).toThrow(/^count: /);
  });

  it("names the offending argument", () => {
    const buf = createNormalBuffers(2, 8);
    expect(() => buf.fill(0, 0, 1)).toThrow(/^k: stream 0 has the all-zero state/); // never seeded
    buf.seed(1, 0);
    expect(() => buf.fill(2, 0, 1)).toThrow(InvalidArgumentError);
    expect(() => buf.fill(-1, 0, 1)).toThrow(/^k: /);
    expect(() => buf.fill(0, 5, 4)).toThrow(/^offset\/count: /);
    expect(() => buf.fill(0, 0.5, 1)).toThrow(/^offset\/count: /);
    expect(() => createNormalBuffers(-1, 1)).toThrow(/^streams: /);
    expect(() => createNormalBuffers(1, Number.NaN)).toThrow(/^normals: /);
  });
});
