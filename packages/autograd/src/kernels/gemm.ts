import { type SimdKernel, simdKernel } from "./wasm-simd.js";

/**
 * Dense matrix products on row-major Float64Array, writing into `out` (overwritten, returned).
 * Four variants so that backward passes never materialise a transpose. Products of at least 4×4
 * go through one packed kernel: op(A) and op(B) are copied into 4-wide panels (so every variant
 * reads memory sequentially) and a 4×4 register block accumulates 16 sums per step. Smaller
 * products use plain loops that stream along rows.
 */

let scratch = new Float64Array(0);

/**
 * Copies the `rows` × k operand x[r·sr + p·sp] into 4-row panels at w[offset…]: panel q holds
 * rows 4q..4q+3 interleaved by p (w[offset + 4kq + 4p + r mod 4]), zero-padded past `rows`.
 */
function packPanels(
  x: Float64Array,
  sr: number,
  sp: number,
  w: Float64Array,
  offset: number,
  rows: number,
  k: number,
): void {
  const full = rows >> 2;
  let dst = offset;
  for (let q = 0; q < full; q++) {
    const s0 = 4 * q * sr;
    const s1 = s0 + sr;
    const s2 = s1 + sr;
    const s3 = s2 + sr;
    let src = 0;
    for (let p = 0; p < k; p++, src += sp, dst += 4) {
      w[dst] = x[s0 + src];
      w[dst + 1] = x[s1 + src];
      w[dst + 2] = x[s2 + src];
      w[dst + 3] = x[s3 + src];
    }
  }
  const rest = rows - 4 * full;
  if (rest > 0) {
    for (let p = 0; p < k; p++, dst += 4) {
      for (let r = 0; r < 4; r++) w[dst + r] = r < rest ? x[(4 * full + r) * sr + p * sp] : 0;
    }
  }
}
let wasmView = new Float64Array(0);

/** A Float64Array of at least `n` doubles: WebAssembly memory when the SIMD kernel exists. */
function workspace(n: number): Float64Array {
  if (simdKernel === null) {
    if (scratch.length < n) scratch = new Float64Array(n);
    return scratch;
  }
  const mem = simdKernel.memory;
  const bytes = n * 8;
  if (mem.buffer.byteLength < bytes) mem.grow(Math.ceil((bytes - mem.buffer.byteLength) / 65536));
  if (wasmView.buffer !== mem.buffer) wasmView = new Float64Array(mem.buffer);
  return wasmView;
}

/**
 * The WebAssembly path: A is copied as stored and read through its strides; B is copied as stored
 * when its columns are contiguous (sbj = 1), else packed in 4-column panels. Blocks past the edge
 * read whatever follows in the workspace, which only reaches rows and columns of C that are not
 * copied out.
 */
function gemmSimd(
  kernel: SimdKernel,
  a: Float64Array,
  sai: number,
  sap: number,
  b: Float64Array,
  sbp: number,
  sbj: number,
  out: Float64Array,
  m: number,
  k: number,
  n: number,
): Float64Array {
  const mb = (m + 3) >> 2;
  const nb = (n + 3) >> 2;
  const width = nb * 4;
  // Operands are used as stored when that reads memory sequentially or they are small (cache- and
  // TLB-resident); otherwise they are packed into 4-wide panels, e.g. a large transposed A, whose
  // four rows per step would be a page apart.
  const small = 32768;
  const rawA = sap === 1 || m * k <= small;
  const rawB = sbj === 1 && k * n <= small;
  const offB = rawA ? m * k : mb * 4 * k;
  const offC = offB + (rawB ? k * n : width * k) + 4;
  const w = workspace(offC + mb * 4 * width);
  if (rawA) w.set(a.length === m * k ? a : a.subarray(0, m * k), 0);
  else packPanels(a, sai, sap, w, 0, m, k);
  if (rawB) w.set(b.length === k * n ? b : b.subarray(0, k * n), offB);
  else packPanels(b, sbj, sbp, w, offB, n, k);
  kernel.gemm(
    0,
    offB * 8,
    offC * 8,
    mb,
    nb,
    k,
    width * 8,
    rawA ? sai * 8 : 8,
    rawA ? sap * 8 : 32,
    rawA ? 32 * sai : 32 * k,
    rawB ? sbp * 8 : 32,
    rawB ? 32 : 32 * k,
    0,
  );
  if (width === n) out.set(w.subarray(offC, offC + m * n));
  else for (let i = 0; i < m; i++) out.set(w.subarray(offC + i * width, offC + i * width + n), i * n);
  return out;
}

/**
 * out (m×n) = op(A)·op(B) where op(A)[i,p] = a[i·sai + p·sap] and op(B)[p,j] = b[p·sbp + j·sbj]:
 * the strides select the transposes. op(A) is packed in 4-row panels and op(B) in 4-column panels
 * (zero-padded), then each 4×4 block of C is accumulated in registers over p (JavaScript), or,
 * where WebAssembly SIMD exists, `gemmSimd` does the same in f64x2 registers.
 */
function gemmPacked(
  a: Float64Array,
  sai: number,
  sap: number,
  b: Float64Array,
  sbp: number,
  sbj: number,
  out: Float64Array,
  m: number,
  k: number,
  n: number,
): Float64Array {
  // The SIMD workspace lives in 32-bit WebAssembly memory: keep it under 1 GiB (2²⁷ doubles).
  if (simdKernel !== null && (m + 3) * k + (n + 3) * k + (m + 3) * (n + 3) + 8 <= 2 ** 27) {
    return gemmSimd(simdKernel, a, sai, sap, b, sbp, sbj, out, m, k, n);
  }
  const mb = (m + 3) >> 2;
  const nb = (n + 3) >> 2;
  const offB = mb * 4 * k;
  const w = workspace(offB + nb * 4 * k);
  packPanels(a, sai, sap, w, 0, m, k);
  packPanels(b, sbj, sbp, w, offB, n, k);
  const pA = w;
  const pB = w;
  for (let ib = 0; ib < mb; ib++) {
    for (let jb = 0; jb < nb; jb++) {
      let c00 = 0;
      let c01 = 0;
      let c02 = 0;
      let c03 = 0;
      let c10 = 0;
      let c11 = 0;
      let c12 = 0;
      let c13 = 0;
      let c20 = 0;
      let c21 = 0;
      let c22 = 0;
      let c23 = 0;
      let c30 = 0;
      let c31 = 0;
      let c32 = 0;
      let c33 = 0;
      let pa = ib * 4 * k;
      let pb = offB + jb * 4 * k;
      const end = pa + 4 * k;
      for (; pa < end; pa += 4, pb += 4) {
        const b0 = pB[pb];
        const b1 = pB[pb + 1];
        const b2 = pB[pb + 2];
        const b3 = pB[pb + 3];
        let x = pA[pa];
        c00 += x * b0;
        c01 += x * b1;
        c02 += x * b2;
        c03 += x * b3;
        x = pA[pa + 1];
        c10 += x * b0;
        c11 += x * b1;
        c12 += x * b2;
        c13 += x * b3;
        x = pA[pa + 2];
        c20 += x * b0;
        c21 += x * b1;
        c22 += x * b2;
        c23 += x * b3;
        x = pA[pa + 3];
        c30 += x * b0;
        c31 += x * b1;
        c32 += x * b2;
        c33 += x * b3;
      }
      const c = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
      const i0 = ib * 4;
      const j0 = jb * 4;
      for (let ii = 0; ii < 4 && i0 + ii < m; ii++) {
        for (let jj = 0; jj < 4 && j0 + jj < n; jj++) out[(i0 + ii) * n + j0 + jj] = c[ii * 4 + jj];
      }
    }
  }
  return out;
}

function packs(m: number, k: number, n: number): boolean {
  return m >= 4 && n >= 4 && k >= 4;
}

/**
 * out (m×n) = A (m×k) · B (k×n).
 * @example
 * gemmNN(new Float64Array([1, 2]), new Float64Array([3, 4]), new Float64Array(1), 1, 2, 1); // [11]
 */
export function gemmNN(
  a: Float64Array,
  b: Float64Array,
  out: Float64Array,
  m: number,
  k: number,
  n: number,
): Float64Array {
  if (packs(m, k, n)) return gemmPacked(a, k, 1, b, n, 1, out, m, k, n);
  const k4 = k - (k % 4);
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    const ai = i * k;
    for (let j = 0; j < n; j++) out[ci + j] = 0;
    let p = 0;
    for (; p < k4; p += 4) {
      const a0 = a[ai + p];
      const a1 = a[ai + p + 1];
      const a2 = a[ai + p + 2];
      const a3 = a[ai + p + 3];
      if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0) continue;
      const b0 = p * n;
      const b1 = b0 + n;
      const b2 = b1 + n;
      const b3 = b2 + n;
      for (let j = 0; j < n; j++) {
        out[ci + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
      }
    }
    for (; p < k; p++) {
      const a0 = a[ai + p];
      if (a0 === 0) continue;
      const b0 = p * n;
      for (let j = 0; j < n; j++) out[ci + j] += a0 * b[b0 + j];
    }
  }
  return out;
}

/**
 * out (m×n) = A (m×k) · Bᵀ with B stored (n×k).
 * @example
 * gemmNT(new Float64Array([1, 2]), new Float64Array([3, 4]), new Float64Array(1), 1, 2, 1); // [11]
 */
export function gemmNT(
  a: Float64Array,
  b: Float64Array,
  out: Float64Array,
  m: number,
  k: number,
  n: number,
): Float64Array {
  if (packs(m, k, n)) return gemmPacked(a, k, 1, b, 1, k, out, m, k, n);
  const n4 = n - (n % 4);
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    const ci = i * n;
    let j = 0;
    for (; j < n4; j += 4) {
      const b0 = j * k;
      const b1 = b0 + k;
      const b2 = b1 + k;
      const b3 = b2 + k;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let p = 0; p < k; p++) {
        const x = a[ai + p];
        s0 += x * b[b0 + p];
        s1 += x * b[b1 + p];
        s2 += x * b[b2 + p];
        s3 += x * b[b3 + p];
      }
      out[ci + j] = s0;
      out[ci + j + 1] = s1;
      out[ci + j + 2] = s2;
      out[ci + j + 3] = s3;
    }
    for (; j < n; j++) {
      const b0 = j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[ai + p] * b[b0 + p];
      out[ci + j] = s;
    }
  }
  return out;
}

/**
 * out (m×n) = Aᵀ · B with A stored (k×m), B (k×n).
 * @example
 * gemmTN(new Float64Array([1, 2]), new Float64Array([3, 4]), new Float64Array(1), 1, 2, 1); // [11]
 */
export function gemmTN(
  a: Float64Array,
  b: Float64Array,
  out: Float64Array,
  m: number,
  k: number,
  n: number,
): Float64Array {
  if (packs(m, k, n)) return gemmPacked(a, 1, m, b, n, 1, out, m, k, n);
  out.fill(0, 0, m * n);
  const k4 = k - (k % 4);
  let p = 0;
  for (; p < k4; p += 4) {
    const r0 = p * m;
    const r1 = r0 + m;
    const r2 = r1 + m;
    const r3 = r2 + m;
    const b0 = p * n;
    const b1 = b0 + n;
    const b2 = b1 + n;
    const b3 = b2 + n;
    for (let i = 0; i < m; i++) {
      const a0 = a[r0 + i];
      const a1 = a[r1 + i];
      const a2 = a[r2 + i];
      const a3 = a[r3 + i];
      if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0) continue;
      const ci = i * n;
      for (let j = 0; j < n; j++) {
        out[ci + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
      }
    }
  }
  for (; p < k; p++) {
    const r0 = p * m;
    const b0 = p * n;
    for (let i = 0; i < m; i++) {
      const a0 = a[r0 + i];
      if (a0 === 0) continue;
      const ci = i * n;
      for (let j = 0; j < n; j++) out[ci + j] += a0 * b[b0 + j];
    }
  }
  return out;
}

/**
 * out (m×n) = Aᵀ · Bᵀ with A stored (k×m), B (n×k).
 * @example
 * gemmTT(new Float64Array([1, 2]), new Float64Array([3, 4]), new Float64Array(1), 1, 2, 1); // [11]
 */
export function gemmTT(
  a: Float64Array,
  b: Float64Array,
  out: Float64Array,
  m: number,
  k: number,
  n: number,
): Float64Array {
  if (packs(m, k, n)) return gemmPacked(a, 1, m, b, 1, k, out, m, k, n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const bj = j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[p * m + i] * b[bj + p];
      out[i * n + j] = s;
    }
  }
  return out;
}
