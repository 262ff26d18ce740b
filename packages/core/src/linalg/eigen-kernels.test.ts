import { describe, expect, it } from "vitest";
import { createEigenKernels, createJsEigenKernels, type EigenKernels } from "./eigen-kernels.js";
import { createWasmEigenKernels } from "./eigen-kernels-wasm.js";

// The WebAssembly kernels against the JavaScript ones on the same heap. They differ only in the
// order of the sums (two or four lanes); with at most 20 terms a sum's rounding differs by at most
// 20·ε·20 ≈ 1e-13 times the size of the entries (the random "reflectors" here are not unit
// vectors, so entries grow), and a larger difference is a wrong index or opcode.
const TOL = 1e-13;
const SIZE = 4000;

function pair(): [EigenKernels, EigenKernels] {
  const w = createWasmEigenKernels(SIZE);
  if (w === null) throw new Error("no WebAssembly SIMD in this runtime");
  const j = createJsEigenKernels(SIZE);
  for (let i = 0; i < SIZE; i++) {
    const v = Math.sin(i * 1.7);
    w.heap[i] = v;
    j.heap[i] = v;
  }
  return [w, j];
}

/** max |w − j| relative to max |j| (at least 1). */
function maxDiff(w: EigenKernels, j: EigenKernels): number {
  let m = 0;
  let size = 1;
  for (let i = 0; i < SIZE; i++) {
    m = Math.max(m, Math.abs(w.heap[i] - j.heap[i]));
    size = Math.max(size, Math.abs(j.heap[i]));
  }
  return m / size;
}

describe("eigen kernels: WebAssembly SIMD = JavaScript", () => {
  it("sweep, odd and even row counts (the scalar tail and the diagonal)", () => {
    const [w, j] = pair();
    for (const rows of [1, 2, 3, 4, 7, 20]) {
      for (const k of [w, j]) k.sweep(0, 20, rows, 1000, 1100, 1200, 1300);
      expect(maxDiff(w, j)).toBeLessThanOrEqual(TOL);
    }
    expect(w.heap[1300]).not.toBe(Math.sin(1300 * 1.7)); // p was written
  });

  it("reflectRows, blocks of reflectors with every k mod 4", () => {
    const [w, j] = pair();
    for (const [k0, count] of [
      [1, 1],
      [2, 3],
      [3, 4],
      [5, 5],
      [4, 9],
      [12, 6],
    ]) {
      for (const x of [w, j]) x.reflectRows(0, 20, k0, count, 1400, 1900);
      expect(maxDiff(w, j)).toBeLessThanOrEqual(TOL);
    }
    // τ = 0 leaves Y alone
    for (const x of [w, j]) x.heap.fill(0, 3000, 3010);
    const before = Float64Array.from(w.heap);
    w.reflectRows(0, 20, 5, 9, 1400, 3000);
    expect(w.heap).toEqual(before);
  });

  it("rotate, a column window and a rotation list with fused and single rotations", () => {
    const [w, j] = pair();
    // 7→6 and 3→2 continue a sweep upwards (applied fused), 5, 9 and 1 stand alone
    const rows = [7, 6, 5, 9, 3, 2, 1];
    rows.forEach((i, q) => {
      for (const k of [w, j]) {
        k.heap[2000 + 3 * q] = i;
        k.heap[2001 + 3 * q] = Math.cos(q + 1);
        k.heap[2002 + 3 * q] = Math.sin(q + 1);
      }
    });
    for (const k of [w, j]) k.rotate(0, 20, 4, 12, 2000, rows.length);
    expect(maxDiff(w, j)).toBe(0); // no sums: the same roundings
    for (const c of [3, 12]) expect(w.heap[20 + c]).toBe(Math.sin((20 + c) * 1.7)); // outside the window
  });

  it("createEigenKernels picks WebAssembly (Node ≥ 20 has SIMD)", () => {
    expect(createEigenKernels(16).wasm).toBe(true);
  });
});
