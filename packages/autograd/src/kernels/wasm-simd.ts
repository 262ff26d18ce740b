/**
 * A 4×4 register-blocked matrix-multiply micro-kernel in WebAssembly SIMD (f64x2), assembled here
 * byte by byte (no toolchain). It multiplies packed panels: A in 4-row panels ([p][4] per panel),
 * B in 4-column panels, and writes every 4×4 block of C contiguously. `null` where WebAssembly
 * SIMD is unavailable; the caller then uses the JavaScript kernel.
 */

/** The part of WebAssembly.Memory used here (the compiler's lib has no WebAssembly types). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}

/** The kernel and its memory. */
export interface SimdKernel {
  memory: WasmMemory;
  /** (A panels byte offset, B panels byte offset, C blocks byte offset, mb, nb, k) */
  gemm: (pa: number, pb: number, pc: number, mb: number, nb: number, k: number) => void;
}

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function str(s: string): number[] {
  return [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
}

// Opcodes
const GET = 0x20;
const SET = 0x21;
const TEE = 0x22;
const I32_CONST = 0x41;
const I32_ADD = 0x6a;
const I32_MUL = 0x6c;
const I32_LT_U = 0x49;
const I32_GE_U = 0x4f;
const BLOCK = 0x02;
const LOOP = 0x03;
const VOID = 0x40;
const BR = 0x0c;
const BR_IF = 0x0d;
const END = 0x0b;
const simd = (op: number): number[] => [0xfd, ...uleb(op)];
const V128_LOAD = (offset: number) => [...simd(0x00), 3, ...uleb(offset)];
const V128_LOAD64_SPLAT = (offset: number) => [...simd(0x0a), 3, ...uleb(offset)];
const V128_STORE = (offset: number) => [...simd(0x0b), 3, ...uleb(offset)];
const V128_ZERO = [...simd(0x0c), ...new Array(16).fill(0)];
const F64X2_ADD = simd(240);
const F64X2_MUL = simd(242);

function kernelBody(): number[] {
  // params 0 pa0, 1 pb0, 2 pc, 3 mb, 4 nb, 5 k; i32 locals 6 ib, 7 jb, 8 pa, 9 pb, 10 end, 11 kb;
  // v128 locals 12..19 accumulators (row ii: 12+2ii = columns 0-1, 13+2ii = columns 2-3),
  // 20 b01, 21 b23, 22 x (a splat).
  const c: number[] = [];
  c.push(GET, 5, I32_CONST, ...sleb(32), I32_MUL, SET, 11);
  c.push(BLOCK, VOID, LOOP, VOID);
  c.push(GET, 6, GET, 3, I32_GE_U, BR_IF, 1);
  c.push(I32_CONST, 0, SET, 7);
  c.push(BLOCK, VOID, LOOP, VOID);
  c.push(GET, 7, GET, 4, I32_GE_U, BR_IF, 1);
  for (let r = 12; r < 20; r++) c.push(...V128_ZERO, SET, r);
  c.push(GET, 0, GET, 6, GET, 11, I32_MUL, I32_ADD, TEE, 8, GET, 11, I32_ADD, SET, 10);
  c.push(GET, 1, GET, 7, GET, 11, I32_MUL, I32_ADD, SET, 9);
  c.push(LOOP, VOID);
  c.push(GET, 9, ...V128_LOAD(0), SET, 20);
  c.push(GET, 9, ...V128_LOAD(16), SET, 21);
  for (let ii = 0; ii < 4; ii++) {
    c.push(GET, 8, ...V128_LOAD64_SPLAT(8 * ii), SET, 22);
    c.push(GET, 12 + 2 * ii, GET, 22, GET, 20, ...F64X2_MUL, ...F64X2_ADD, SET, 12 + 2 * ii);
    c.push(GET, 13 + 2 * ii, GET, 22, GET, 21, ...F64X2_MUL, ...F64X2_ADD, SET, 13 + 2 * ii);
  }
  c.push(GET, 9, I32_CONST, ...sleb(32), I32_ADD, SET, 9);
  c.push(GET, 8, I32_CONST, ...sleb(32), I32_ADD, TEE, 8, GET, 10, I32_LT_U, BR_IF, 0);
  c.push(END);
  for (let r = 0; r < 8; r++) c.push(GET, 2, GET, 12 + r, ...V128_STORE(16 * r));
  c.push(GET, 2, I32_CONST, ...sleb(128), I32_ADD, SET, 2);
  c.push(GET, 7, I32_CONST, 1, I32_ADD, SET, 7);
  c.push(BR, 0, END, END);
  c.push(GET, 6, I32_CONST, 1, I32_ADD, SET, 6);
  c.push(BR, 0, END, END);
  c.push(END);
  const locals = [2, 6, 0x7f, 11, 0x7b]; // 2 groups: 6 × i32, 11 × v128
  const body = [...locals, ...c];
  return [...uleb(body.length), ...body];
}

function moduleBytes(): Uint8Array {
  const I32 = 0x7f;
  const type = section(1, [1, 0x60, 6, I32, I32, I32, I32, I32, I32, 0]);
  const func = section(3, [1, 0]);
  const memory = section(5, [1, 0x00, 1]);
  const exports = section(7, [2, ...str("memory"), 0x02, 0, ...str("gemm"), 0x00, 0]);
  const code = section(10, [1, ...kernelBody()]);
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    1,
    0,
    0,
    0,
    ...type,
    ...func,
    ...memory,
    ...exports,
    ...code,
  ]);
}

function instantiate(): SimdKernel | null {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (wasm === undefined) return null;
  if (typeof process !== "undefined" && process.env?.LANGEVIN_NO_WASM === "1") return null;
  try {
    const instance = new wasm.Instance(new wasm.Module(moduleBytes()));
    const e = instance.exports as unknown as SimdKernel;
    return { memory: e.memory, gemm: e.gemm };
  } catch {
    return null;
  }
}

/**
 * The SIMD kernel, or null when this runtime has no WebAssembly SIMD (or LANGEVIN_NO_WASM=1).
 * @example
 * if (simdKernel === null) console.log("using the JavaScript gemm kernel");
 */
export const simdKernel: SimdKernel | null = instantiate();
