import { wasmApi } from "../wasm/assemble.js";
import { createWasmEigenKernels } from "./eigen-kernels-wasm.js";

/**
 * The three loops that carry the O(n³) work of the symmetric eigensolver, over one heap of doubles
 * (offsets and the row stride `ld` in doubles). Matrices are row-major with row stride `ld`. Two
 * implementations with the same arithmetic up to the order of the terms in dot products:
 * WebAssembly SIMD (f64x2) on a WebAssembly memory, and plain JavaScript on a Float64Array (no
 * WebAssembly, LANGEVIN_NO_WASM=1, or a heap beyond what 32-bit WebAssembly memory can address).
 * @internal
 */
export interface EigenKernels {
  /** The workspace; every offset below indexes it. */
  readonly heap: Float64Array;
  /** Whether the loops run in WebAssembly. */
  readonly wasm: boolean;
  /**
   * One pass over the lower triangle of rows 0..rows−1 of A: B = A − uo·woᵀ − wo·uoᵀ is stored
   * back, and p = B·u accumulated into p (which the caller zeroes). Fusing the pending rank-2
   * update of one Householder step with the matrix–vector product of the next reads and writes the
   * trailing matrix once per step instead of twice.
   */
  sweep(a: number, ld: number, rows: number, u: number, uo: number, wo: number, p: number): void;
  /**
   * Y ← Y H_0 H_1 ⋯ H_{count−1} with H_q = I − τ_q v_q v_qᵀ acting on the leading k_q = k0 + q
   * columns, v_q at v0 + q·ld and τ_q at taus + q; rows r ≥ k_q are taken to be zero in those
   * columns (as in the product of reflectors being formed) and left alone. Each row meets all the
   * reflectors while it is in L1, so Y streams through memory once per `count` reflectors.
   */
  reflectRows(y: number, ld: number, k0: number, count: number, v0: number, taus: number): void;
  /**
   * Applies `count` plane rotations to columns c0..c1−1 of Z, in order: rotation q is the triple
   * (i, c, s) at rot + 3q and maps rows (x, y) = (Z[i], Z[i+1]) to (c·x − s·y, s·x + c·y).
   * c0 and c1 − c0 are multiples of 4.
   */
  rotate(z: number, ld: number, c0: number, c1: number, rot: number, count: number): void;
}

/**
 * Heaps up to this many doubles (1 MiB: values of n ≲ 360, vectors of n ≲ 210) are one workspace
 * kept for the thread: a fresh WebAssembly memory and instance cost about 2 ms, many times the
 * solve of a small matrix, and the solver writes every word it reads before reading it.
 */
const SHARED = 1 << 17;
let sharedWasm: EigenKernels | null | undefined;
let sharedJs: EigenKernels | undefined;

/**
 * Kernels on a heap of at least `doubles` doubles (contents undefined): WebAssembly where
 * available, else JavaScript. Small heaps are shared, so a solve must finish before the next
 * begins (the solver is synchronous); large ones are fresh and freed with the returned object.
 * @internal
 */
export function createEigenKernels(doubles: number): EigenKernels {
  if (doubles > SHARED) return createWasmEigenKernels(doubles) ?? createJsEigenKernels(doubles);
  if (wasmApi() !== null) {
    if (sharedWasm === undefined) sharedWasm = createWasmEigenKernels(SHARED);
    if (sharedWasm !== null) return sharedWasm;
  }
  sharedJs ??= createJsEigenKernels(SHARED);
  return sharedJs;
}

/**
 * The JavaScript kernels (also the reference the WebAssembly ones are tested against).
 * @internal
 */
export function createJsEigenKernels(doubles: number): EigenKernels {
  const h = new Float64Array(doubles);
  return {
    heap: h,
    wasm: false,
    sweep(a, ld, rows, u, uo, wo, p) {
      for (let r = 0; r < rows; r++) {
        const row = a + r * ld;
        const ur = h[u + r];
        const our = h[uo + r];
        const owr = h[wo + r];
        let s = 0;
        for (let j = 0; j < r; j++) {
          const b = h[row + j] - our * h[wo + j] - owr * h[uo + j];
          h[row + j] = b;
          s += b * h[u + j];
          h[p + j] += b * ur;
        }
        const b = h[row + r] - 2 * our * owr;
        h[row + r] = b;
        h[p + r] += s + b * ur;
      }
    },
    reflectRows(y, ld, k0, count, v0, taus) {
      for (let r = 0; r < k0 + count - 1; r++) {
        const row = y + r * ld;
        for (let q = Math.max(0, r - k0 + 1); q < count; q++) {
          const k = k0 + q;
          const v = v0 + q * ld;
          let s = 0;
          for (let j = 0; j < k; j++) s += h[row + j] * h[v + j];
          const t = h[taus + q] * s;
          if (t === 0) continue;
          for (let j = 0; j < k; j++) h[row + j] -= t * h[v + j];
        }
      }
    },
    rotate(z, ld, c0, c1, rot, count) {
      const end = rot + 3 * count;
      for (let q = rot; q < end; q += 3) {
        const x = z + h[q] * ld;
        const y = x + ld;
        const c = h[q + 1];
        const s = h[q + 2];
        for (let j = c0; j < c1; j++) {
          const xj = h[x + j];
          const yj = h[y + j];
          h[x + j] = c * xj - s * yj;
          h[y + j] = s * xj + c * yj;
        }
      }
    },
  };
}
