import {
  funcBody,
  moduleBytes,
  section,
  sleb,
  str,
  uleb,
  type WasmMemory,
  wasmApi,
  wasmOp,
} from "@langevin/core";

/**
 * A 4×4 register-blocked matrix-multiply micro-kernel in WebAssembly SIMD (f64x2), assembled here
 * byte by byte (no toolchain). op(A) is read in place through strides (any layout); op(B) must
 * hold 4 contiguous columns per step (row-major B as it is, a transposed B packed in 4-column
 * panels); C is written row-major with 4·nb columns, so ragged edges land in padding. `null` where WebAssembly
 * SIMD is unavailable; the caller then uses the JavaScript kernel.
 */

/** The kernels and their memory. */
export interface SimdKernel {
  memory: WasmMemory;
  /**
   * (pa, pb, pc, mb, nb, k, ldc, sai, sap, ablk, sbp, bblk, accumulate), offsets and strides in
   * bytes: op(A)[i,p] at pa + ⌊i/4⌋·ablk + (i mod 4)·sai + p·sap; op(B)[p, j..j+3] at
   * pb + ⌊j/4⌋·bblk + p·sbp (4 contiguous doubles); C row-major at pc with row stride ldc,
   * overwritten (accumulate 0) or added to (accumulate 1).
   */
  gemm: (...args: number[]) => void;
  /** (dst, src, idx, count): dst[i] = src[idx[i]] for i < count; idx holds i32 byte offsets. */
  gather: (dst: number, src: number, idx: number, count: number) => void;
  /** (dst, src, idx, count): dst[idx[i]] += src[i] for i < count, in order; idx as for gather. */
  scatterAdd: (dst: number, src: number, idx: number, count: number) => void;
  /** (ptr, count): x = max(x, 0) in place over count doubles (count even), f64x2.max (NaN stays NaN, −0 becomes 0). */
  relu: (ptr: number, count: number) => void;
}

const {
  localGet: GET,
  localSet: SET,
  localTee: TEE,
  i32Const: I32_CONST,
  i32Add: I32_ADD,
  i32Mul: I32_MUL,
  i32LtU: I32_LT_U,
  i32GeU: I32_GE_U,
  if: IF,
  f64Add: F64_ADD,
  block: BLOCK,
  loop: LOOP,
  void: VOID,
  br: BR,
  brIf: BR_IF,
  end: END,
} = wasmOp;
const simd = (op: number): number[] => [0xfd, ...uleb(op)];
const V128_LOAD = (offset: number) => [...simd(0x00), 3, ...uleb(offset)];
const V128_LOAD64_SPLAT = (offset: number) => [...simd(0x0a), 3, ...uleb(offset)];
const V128_STORE = (offset: number) => [...simd(0x0b), 3, ...uleb(offset)];
const V128_ZERO = [...simd(0x0c), ...new Array(16).fill(0)];
const F64X2_ADD = simd(240);
const F64X2_MUL = simd(242);
const F64X2_MAX = simd(245);
const ELSE = 0x05;
const I32_LOAD = [0x28, 2, 0];
const F64_LOAD = [0x2b, 3, 0];
const F64_STORE = [0x39, 3, 0];

function kernelBody(): number[] {
  // Parameters (offsets and strides in bytes): op(A)[i,p] is at PA0 + (i/4)·ABLK + (i%4)·SAI + p·SAP
  // and op(B)[p, j..j+3] (two v128) at PB0 + (j/4)·BBLK + p·SBP; C is row-major with row stride
  // LDC. mb, nb: 4×4 blocks; k: depth; ACCUM: 1 to add to C instead of overwriting it.
  const [PA0, PB0, PC0, MB, NB, K, LDC, SAI, SAP, ABLK, SBP, BBLK, ACCUM] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
  ];
  // i32 locals
  const [IB, JB, PA, PB, PEND, PCROW, PCB, SAI2, SAI3] = [13, 14, 15, 16, 17, 18, 19, 20, 21];
  // v128 locals: accumulators (row ii: ACC+2ii = columns 0-1, ACC+2ii+1 = columns 2-3), B, A splat
  const ACC = 22;
  const B01 = 30;
  const B23 = 31;
  const X = 32;
  const c: number[] = [];
  const addConst = (local: number, v: number) =>
    c.push(GET, local, I32_CONST, ...sleb(v), I32_ADD, SET, local);
  c.push(GET, SAI, I32_CONST, 2, I32_MUL, SET, SAI2);
  c.push(GET, SAI, I32_CONST, 3, I32_MUL, SET, SAI3);
  c.push(BLOCK, VOID, LOOP, VOID);
  c.push(GET, IB, GET, MB, I32_GE_U, BR_IF, 1);
  // PCROW = PC0 + 4·IB·LDC
  c.push(GET, PC0, GET, IB, I32_CONST, 4, I32_MUL, GET, LDC, I32_MUL, I32_ADD, SET, PCROW);
  c.push(I32_CONST, 0, SET, JB);
  c.push(BLOCK, VOID, LOOP, VOID);
  c.push(GET, JB, GET, NB, I32_GE_U, BR_IF, 1);
  // PCB = PCROW + 32·JB; row ii of the block at PCB + ii·LDC
  c.push(GET, PCROW, GET, JB, I32_CONST, ...sleb(32), I32_MUL, I32_ADD, SET, PCB);
  c.push(GET, ACCUM, IF, VOID);
  for (let ii = 0; ii < 4; ii++) {
    c.push(GET, PCB, ...V128_LOAD(0), SET, ACC + 2 * ii);
    c.push(GET, PCB, ...V128_LOAD(16), SET, ACC + 2 * ii + 1);
    c.push(GET, PCB, GET, LDC, I32_ADD, SET, PCB);
  }
  c.push(GET, PCROW, GET, JB, I32_CONST, ...sleb(32), I32_MUL, I32_ADD, SET, PCB);
  c.push(ELSE);
  for (let r = 0; r < 8; r++) c.push(...V128_ZERO, SET, ACC + r);
  c.push(END);
  // PA = PA0 + IB·ABLK; PEND = PA + K·SAP; PB = PB0 + JB·BBLK
  c.push(GET, PA0, GET, IB, GET, ABLK, I32_MUL, I32_ADD, TEE, PA);
  c.push(GET, K, GET, SAP, I32_MUL, I32_ADD, SET, PEND);
  c.push(GET, PB0, GET, JB, GET, BBLK, I32_MUL, I32_ADD, SET, PB);
  c.push(LOOP, VOID);
  c.push(GET, PB, ...V128_LOAD(0), SET, B01);
  c.push(GET, PB, ...V128_LOAD(16), SET, B23);
  for (let ii = 0; ii < 4; ii++) {
    c.push(GET, PA);
    if (ii === 1) c.push(GET, SAI, I32_ADD);
    if (ii === 2) c.push(GET, SAI2, I32_ADD);
    if (ii === 3) c.push(GET, SAI3, I32_ADD);
    c.push(...V128_LOAD64_SPLAT(0), SET, X);
    c.push(GET, ACC + 2 * ii, GET, X, GET, B01, ...F64X2_MUL, ...F64X2_ADD, SET, ACC + 2 * ii);
    c.push(GET, ACC + 2 * ii + 1, GET, X, GET, B23, ...F64X2_MUL, ...F64X2_ADD, SET, ACC + 2 * ii + 1);
  }
  c.push(GET, PB, GET, SBP, I32_ADD, SET, PB);
  c.push(GET, PA, GET, SAP, I32_ADD, TEE, PA, GET, PEND, I32_LT_U, BR_IF, 0);
  c.push(END);
  for (let ii = 0; ii < 4; ii++) {
    c.push(GET, PCB, GET, ACC + 2 * ii, ...V128_STORE(0));
    c.push(GET, PCB, GET, ACC + 2 * ii + 1, ...V128_STORE(16));
    if (ii < 3) c.push(GET, PCB, GET, LDC, I32_ADD, SET, PCB);
  }
  addConst(JB, 1);
  c.push(BR, 0, END, END);
  addConst(IB, 1);
  c.push(BR, 0, END, END);
  return funcBody(
    [
      [9, 0x7f],
      [11, 0x7b],
    ],
    c,
  ); // 9 × i32, 11 × v128
}

/**
 * gather (scatter = false): dst[i] = src[idx[i]]; scatterAdd (scatter = true): dst[idx[i]] += src[i]
 * (in order, so repeated indices accumulate). Parameters (dst, src, idx, count), pointers in bytes,
 * idx an i32 array of byte offsets from the indexed base.
 */
function indexedBody(scatter: boolean): number[] {
  const [DST, SRC, IDX, COUNT] = [0, 1, 2, 3];
  const [END_, AT] = [4, 5];
  const c: number[] = [];
  // END_ = IDX + 4·COUNT; nothing to do when COUNT = 0
  c.push(GET, IDX, GET, COUNT, I32_CONST, 4, I32_MUL, I32_ADD, SET, END_);
  c.push(BLOCK, VOID, GET, IDX, GET, END_, I32_GE_U, BR_IF, 0, LOOP, VOID);
  if (scatter) {
    // AT = DST + idx[i]; *AT = *AT + *SRC
    c.push(GET, DST, GET, IDX, ...I32_LOAD, I32_ADD, TEE, AT);
    c.push(GET, AT, ...F64_LOAD, GET, SRC, ...F64_LOAD, F64_ADD, ...F64_STORE);
    addLocal(c, SRC, 8);
  } else {
    // *DST = *(SRC + idx[i])
    c.push(GET, DST, GET, SRC, GET, IDX, ...I32_LOAD, I32_ADD, ...F64_LOAD, ...F64_STORE);
    addLocal(c, DST, 8);
  }
  c.push(GET, IDX, I32_CONST, 4, I32_ADD, TEE, IDX, GET, END_, I32_LT_U, BR_IF, 0);
  c.push(END, END);
  return funcBody([[2, 0x7f]], c);
}

function addLocal(c: number[], local: number, v: number): void {
  c.push(GET, local, I32_CONST, ...sleb(v), I32_ADD, SET, local);
}

/** relu(ptr, count): max(x, 0) over count doubles in place, two at a time. */
function reluBody(): number[] {
  const [PTR, COUNT, END_] = [0, 1, 2];
  const c: number[] = [];
  c.push(GET, PTR, GET, COUNT, I32_CONST, 8, I32_MUL, I32_ADD, SET, END_);
  c.push(BLOCK, VOID, GET, PTR, GET, END_, I32_GE_U, BR_IF, 0, LOOP, VOID);
  c.push(GET, PTR, GET, PTR, ...V128_LOAD(0), ...V128_ZERO, ...F64X2_MAX, ...V128_STORE(0));
  c.push(GET, PTR, I32_CONST, 16, I32_ADD, TEE, PTR, GET, END_, I32_LT_U, BR_IF, 0);
  c.push(END, END);
  return funcBody([[1, 0x7f]], c);
}

function kernelModule(): Uint8Array {
  const I32 = 0x7f;
  // type 0: the gemm (13 × i32); type 1: gather and scatterAdd (4 × i32); type 2: relu (2 × i32)
  const type = section(1, [
    3,
    0x60,
    13,
    ...new Array(13).fill(I32),
    0,
    0x60,
    4,
    ...new Array(4).fill(I32),
    0,
    0x60,
    2,
    I32,
    I32,
    0,
  ]);
  const func = section(3, [4, 0, 1, 1, 2]);
  const memory = section(5, [1, 0x00, 1]);
  const exports = section(7, [
    5,
    ...str("memory"),
    0x02,
    0,
    ...str("gemm"),
    0x00,
    0,
    ...str("gather"),
    0x00,
    1,
    ...str("scatterAdd"),
    0x00,
    2,
    ...str("relu"),
    0x00,
    3,
  ]);
  const code = section(10, [4, ...kernelBody(), ...indexedBody(false), ...indexedBody(true), ...reluBody()]);
  return moduleBytes(type, func, memory, exports, code);
}

function instantiate(): SimdKernel | null {
  const wasm = wasmApi();
  if (wasm === null) return null;
  try {
    const instance = new wasm.Instance(new wasm.Module(kernelModule()));
    const e = instance.exports as unknown as SimdKernel;
    return { memory: e.memory, gemm: e.gemm, gather: e.gather, scatterAdd: e.scatterAdd, relu: e.relu };
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
