import { type SimdKernel, simdKernel } from "./wasm-simd.js";
import type { Geometry } from "./window.js";

/**
 * Convolutions on the WebAssembly kernel's memory: each image is copied in once, unfolded there by
 * an index gather (the im2col matrix or its transpose, padding read from a zero cell past the
 * image), multiplied by the SIMD gemm in place, and only the product is copied out. The index maps
 * depend on the geometry alone and are built once. This replaces im2col's JavaScript loops (about
 * 1 ns per element here) and the gemm's copies of its operands in and out, which together took a
 * quarter of a LeNet training step.
 *
 * Layout of the memory (in doubles): A | B | C | image, 0, 1 | index map (i32).
 */

/** The index maps of one geometry: i32 byte offsets into the image, or to its zero cell. */
interface Maps {
  /** im2col (c·kh·kw × oh·ow) and a last row of ones (the one cell after the zero): W·col + b as one product. */
  col: Int32Array;
  /** Its transpose (oh·ow × c·kh·kw). */
  colT: Int32Array;
  /** im2col over rows padded to `width` columns (the gemm's C layout): for col2im. */
  colPadded: Int32Array;
  width: number;
}

const maps = new Map<string, Maps>();

function mapsOf(g: Geometry): Maps {
  const key = `${g.c},${g.h},${g.w},${g.kh},${g.kw},${g.sh},${g.sw},${g.ph},${g.pw}`;
  let m = maps.get(key);
  if (m !== undefined) return m;
  const ckk = g.c * g.kh * g.kw;
  const len = g.oh * g.ow;
  const width = 4 * Math.ceil(len / 4);
  const zero = g.c * g.h * g.w * 8;
  const col = new Int32Array((ckk + 1) * len).fill(zero + 8, ckk * len);
  const colT = new Int32Array(ckk * len);
  const colPadded = new Int32Array(ckk * width).fill(zero);
  let r = 0;
  for (let ci = 0; ci < g.c; ci++) {
    for (let p = 0; p < g.kh; p++) {
      for (let q = 0; q < g.kw; q++, r++) {
        for (let i = 0; i < g.oh; i++) {
          const y = i * g.sh + p - g.ph;
          for (let j = 0; j < g.ow; j++) {
            const x = j * g.sw + q - g.pw;
            const at = y >= 0 && y < g.h && x >= 0 && x < g.w ? ((ci * g.h + y) * g.w + x) * 8 : zero;
            const s = i * g.ow + j;
            col[r * len + s] = at;
            colT[s * ckk + r] = at;
            colPadded[r * width + s] = at;
          }
        }
      }
    }
  }
  m = { col, colT, colPadded, width };
  // A handful of geometries per network; keep the cache from growing without bound all the same.
  if (maps.size >= 64) maps.clear();
  maps.set(key, m);
  return m;
}

/** Where per-example weight gradients go: row n of `out` (rows of `rowLength`) at `offset`, times `scale`. */
export interface PerSampleRows {
  out: Float64Array;
  rowLength: number;
  offset: number;
  scale: number;
}

let f64 = new Float64Array(0);
let i32 = new Int32Array(0);

/** Views of the kernel's memory, grown to at least `bytes`. */
function memoryOf(kernel: SimdKernel, bytes: number): void {
  const mem = kernel.memory;
  if (mem.buffer.byteLength < bytes) mem.grow(Math.ceil((bytes - mem.buffer.byteLength) / 65536));
  if (f64.buffer !== mem.buffer) {
    f64 = new Float64Array(mem.buffer);
    i32 = new Int32Array(mem.buffer);
  }
}

/** The offsets (in doubles) of a product with A (m × k), B (k × n) and C (4⌈m/4⌉ × 4⌈n/4⌉). */
function layout(m: number, k: number, n: number, image: number, indices: number) {
  const width = 4 * Math.ceil(n / 4);
  const b = m * k;
  // Blocks past the edges read up to 3 doubles beyond B and 3 rows beyond A: they land in the
  // next region and only reach C's padding.
  const c = b + k * n + 4;
  const x = c + 4 * Math.ceil(m / 4) * width;
  const idx = x + image + 2;
  const end = idx + Math.ceil(indices / 2);
  return { b, c, x, idx, width, bytes: end * 8 };
}

/** The kernel if it can hold a problem of this many doubles (32-bit memory: keep under 1 GiB). */
export function convKernel(doubles: number): SimdKernel | null {
  return simdKernel !== null && doubles <= 2 ** 27 ? simdKernel : null;
}

/** Doubles a convolution of this geometry needs in the kernel's memory (an upper bound). */
export function convDoubles(g: Geometry, oc: number): number {
  const ckk = g.c * g.kh * g.kw;
  const len = g.oh * g.ow;
  return (oc + 4) * (ckk + 4) + 2 * (ckk + 4) * (len + 4) + (oc + 4) * (len + 4) + g.c * g.h * g.w + 16;
}

/**
 * out[n] = W · im2col(x[n]) (+ b), W (oc × c·kh·kw); the bias as a column of W against a row of
 * ones; with `relu`, max(·, 0) applied on the way out.
 */
export function convForwardSimd(
  kernel: SimdKernel,
  x: Float64Array,
  w: Float64Array,
  b: Float64Array | null,
  g: Geometry,
  oc: number,
  out: Float64Array,
  relu = false,
): void {
  const ckk = g.c * g.kh * g.kw;
  const k = b === null ? ckk : ckk + 1;
  const len = g.oh * g.ow;
  const image = g.c * g.h * g.w;
  const { col } = mapsOf(g);
  const L = layout(oc, k, len, image, k * len);
  memoryOf(kernel, L.bytes);
  if (b === null) f64.set(w.subarray(0, oc * ckk), 0);
  else {
    for (let o = 0; o < oc; o++) {
      f64.set(w.subarray(o * ckk, (o + 1) * ckk), o * k);
      f64[o * k + ckk] = b[o];
    }
  }
  i32.set(b === null ? col.subarray(0, ckk * len) : col, 2 * L.idx);
  f64[L.x + image] = 0;
  f64[L.x + image + 1] = 1;
  for (let n = 0; n < g.n; n++) {
    f64.set(x.subarray(n * image, (n + 1) * image), L.x);
    kernel.gather(8 * L.b, 8 * L.x, 8 * L.idx, k * len);
    kernel.gemm(
      0,
      8 * L.b,
      8 * L.c,
      Math.ceil(oc / 4),
      Math.ceil(len / 4),
      k,
      8 * L.width,
      8 * k,
      8,
      32 * k,
      8 * len,
      32,
      0,
    );
    if (relu) kernel.relu(8 * L.c, oc * L.width);
    const base = n * oc * len;
    if (L.width === len) out.set(f64.subarray(L.c, L.c + oc * len), base);
    else {
      for (let o = 0; o < oc; o++) {
        out.set(f64.subarray(L.c + o * L.width, L.c + o * L.width + len), base + o * len);
      }
    }
  }
}

/**
 * dst[d + i] = g[s + i] where mask[s + i] > 0, else 0 (a ReLU's backward from its output), or a plain
 * copy when mask is null. Without branches: g·(mask > 0) + 0; a non-finite g takes the exact path.
 */
export function maskedCopy(
  g: Float64Array,
  mask: Float64Array | null,
  s: number,
  dst: Float64Array,
  d: number,
  count: number,
): void {
  if (mask === null) {
    dst.set(g.subarray(s, s + count), d);
    return;
  }
  for (let i = 0; i < count; i++) {
    const r = g[s + i] * +(mask[s + i] > 0) + 0;
    dst[d + i] = Number.isNaN(r) ? (mask[s + i] > 0 ? g[s + i] : 0) : r;
  }
}

/**
 * Σₙ scale·gy[n]·im2col(x[n])ᵀ (oc × c·kh·kw), summed over the batch into `gw` (perSample null), or
 * written per example into rows of `perSample` (N × rowLength) at `offset`; gy masked where `mask`
 * ≤ 0, when given; with `biasOut`, Σ over batch and positions of (masked) gy added to it per channel.
 */
export function convWeightGradSimd(
  kernel: SimdKernel,
  x: Float64Array,
  gy: Float64Array,
  g: Geometry,
  oc: number,
  gw: Float64Array | null,
  perSample: PerSampleRows | null,
  mask: Float64Array | null = null,
  biasOut: Float64Array | null = null,
): void {
  const ckk = g.c * g.kh * g.kw;
  const len = g.oh * g.ow;
  const image = g.c * g.h * g.w;
  const { colT } = mapsOf(g);
  const L = layout(oc, len, ckk, image, colT.length);
  memoryOf(kernel, L.bytes);
  i32.set(colT, 2 * L.idx);
  f64[L.x + image] = 0;
  const block = oc * len;
  for (let n = 0; n < g.n; n++) {
    maskedCopy(gy, mask, n * block, f64, 0, block);
    // The bias gradient from the copy while it is in cache, instead of another pass over gy.
    if (biasOut !== null) {
      for (let o = 0; o < oc; o++) {
        let t = 0;
        for (let s = o * len; s < (o + 1) * len; s++) t += f64[s];
        biasOut[o] += t;
      }
    }
    f64.set(x.subarray(n * image, (n + 1) * image), L.x);
    kernel.gather(8 * L.b, 8 * L.x, 8 * L.idx, colT.length);
    const accumulate = perSample === null && n > 0 ? 1 : 0;
    kernel.gemm(
      0,
      8 * L.b,
      8 * L.c,
      Math.ceil(oc / 4),
      Math.ceil(ckk / 4),
      len,
      8 * L.width,
      8 * len,
      8,
      32 * len,
      8 * ckk,
      32,
      accumulate,
    );
    if (perSample !== null) {
      const { out, rowLength, offset, scale } = perSample;
      for (let o = 0; o < oc; o++) {
        const src = L.c + o * L.width;
        const dst = n * rowLength + offset + o * ckk;
        for (let r = 0; r < ckk; r++) out[dst + r] = scale * f64[src + r];
      }
    }
  }
  if (gw !== null) {
    if (g.n === 0) gw.fill(0);
    else
      for (let o = 0; o < oc; o++) gw.set(f64.subarray(L.c + o * L.width, L.c + o * L.width + ckk), o * ckk);
  }
}

/** gx[n] = col2im(Wᵀ · gy[n]) (gy masked where `mask` ≤ 0, when given); gx is overwritten. */
export function convInputGradSimd(
  kernel: SimdKernel,
  gy: Float64Array,
  w: Float64Array,
  g: Geometry,
  oc: number,
  gx: Float64Array,
  mask: Float64Array | null = null,
): void {
  const ckk = g.c * g.kh * g.kw;
  const len = g.oh * g.ow;
  const image = g.c * g.h * g.w;
  const { colPadded } = mapsOf(g);
  // op(A) = Wᵀ (ckk × oc) read in place from W (oc × ckk) as stored; B = gy[n] (oc × len).
  const L = layout(ckk, oc, len, image, colPadded.length);
  memoryOf(kernel, L.bytes);
  f64.set(w.subarray(0, oc * ckk), 0);
  i32.set(colPadded, 2 * L.idx);
  const block = oc * len;
  for (let n = 0; n < g.n; n++) {
    maskedCopy(gy, mask, n * block, f64, L.b, block);
    kernel.gemm(
      0,
      8 * L.b,
      8 * L.c,
      Math.ceil(ckk / 4),
      Math.ceil(len / 4),
      oc,
      8 * L.width,
      8,
      8 * ckk,
      32,
      8 * len,
      32,
      0,
    );
    f64.fill(0, L.x, L.x + image + 1);
    kernel.scatterAdd(8 * L.x, 8 * L.c, 8 * L.idx, ckk * L.width);
    gx.set(f64.subarray(L.x, L.x + image), n * image);
  }
}
