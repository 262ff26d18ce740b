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

/** The kernel and its memory. */
export interface SimdKernel {
  memory: WasmMemory;
  /**
   * (pa, pb, pc, mb, nb, k, ldc, sai, sap, ablk, sbp, bblk), offsets and strides in bytes:
   * op(A)[i,p] at pa + ⌊i/4⌋·ablk + (i mod 4)·sai + p·sap; op(B)[p, j..j+3] at pb + ⌊j/4⌋·bblk + p·sbp
   * (4 contiguous doubles); C row-major at pc with row stride ldc.
   */
  gemm: (...args: number[]) => void;
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

function kernelBody(): number[] {
  // Parameters (offsets and strides in bytes): op(A)[i,p] is at PA0 + (i/4)·ABLK + (i%4)·SAI + p·SAP
  // and op(B)[p, j..j+3] (two v128) at PB0 + (j/4)·BBLK + p·SBP; C is row-major with row stride
  // LDC. mb, nb: 4×4 blocks; k: depth.
  const [PA0, PB0, PC0, MB, NB, K, LDC, SAI, SAP, ABLK, SBP, BBLK] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  // i32 locals
  const [IB, JB, PA, PB, PEND, PCROW, PCB, SAI2, SAI3] = [12, 13, 14, 15, 16, 17, 18, 19, 20];
  // v128 locals: accumulators (row ii: ACC+2ii = columns 0-1, ACC+2ii+1 = columns 2-3), B, A splat
  const ACC = 21;
  const B01 = 29;
  const B23 = 30;
  const X = 31;
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
  for (let r = 0; r < 8; r++) c.push(...V128_ZERO, SET, ACC + r);
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
  // PCB = PCROW + 32·JB; row ii of the block at PCB + ii·LDC
  c.push(GET, PCROW, GET, JB, I32_CONST, ...sleb(32), I32_MUL, I32_ADD, SET, PCB);
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

function gemmModule(): Uint8Array {
  const I32 = 0x7f;
  const type = section(1, [1, 0x60, 12, ...new Array(12).fill(I32), 0]);
  const func = section(3, [1, 0]);
  const memory = section(5, [1, 0x00, 1]);
  const exports = section(7, [2, ...str("memory"), 0x02, 0, ...str("gemm"), 0x00, 0]);
  const code = section(10, [1, ...kernelBody()]);
  return moduleBytes(type, func, memory, exports, code);
}

function instantiate(): SimdKernel | null {
  const wasm = wasmApi();
  if (wasm === null) return null;
  try {
    const instance = new wasm.Instance(new wasm.Module(gemmModule()));
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
