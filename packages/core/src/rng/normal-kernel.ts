import {
  funcBody,
  lazyModule,
  moduleBytes,
  section,
  sleb,
  str,
  uleb,
  type WasmMemory,
  wasmOp,
} from "../wasm/assemble.js";
import { zigFastBound, zigStep } from "./ziggurat.js";

/**
 * The fast path of {@link fillNormalFromState} in WebAssembly (scalar): the same words, the same
 * integer test and the same double arithmetic, so the numbers are bit-identical; V8 compiles the
 * JavaScript loop with a map check, a length load and a bounds check per typed-array access and
 * spills the generator state, while this loop keeps everything in registers (≈ 2x the rate). The
 * kernel stops at the first slow-branch draw and returns its index; the caller runs the slow branch
 * in JavaScript (the one shared implementation) and resumes.
 *
 * Memory layout: [0, 2048) step table (f64), [2048, 3072) fast bounds (i32), 3072 the layer of the
 * draw that stopped the kernel, user data from {@link KERNEL_DATA} on.
 */
const STEP = 0;
const BOUND = 2048;
/** Byte address where the kernel leaves the layer of the slow draw it stopped at. */
export const KERNEL_LAYER = 3072;
/** First byte of memory free for states and outputs. */
export const KERNEL_DATA = 4096;

const {
  localGet: GET,
  localSet: SET,
  i32Const: I32,
  f64Const: F64C,
  block: BLOCK,
  loop: LOOP,
  if: IF,
  void: VOID,
  br: BR,
  brIf: BR_IF,
  end: END,
  i32GeS: GE_S,
  i32Add: ADD,
  i32Mul: MUL,
  i32And: AND,
  i32Xor: XOR,
  i32Shl: SHL,
  i32ShrS: SHR_S,
  i32Rotl: ROTL,
  f64ConvertI32S: F64_CONVERT_I32_S,
  f64Add: F64_ADD,
  f64Mul: F64_MUL,
} = wasmOp;
const I32_LOAD = (offset: number) => [0x28, 2, ...uleb(offset)];
const I32_STORE = (offset: number) => [0x36, 2, ...uleb(offset)];
const F64_LOAD = (offset: number) => [0x2b, 3, ...uleb(offset)];
const F64_STORE = (offset: number) => [0x39, 3, ...uleb(offset)];

function f64(v: number): number[] {
  return Array.from(new Uint8Array(new Float64Array([v]).buffer));
}

/** fill(state, out, k, end) → index of the first slow draw in [k, end), or end. */
function fillCode(): number[] {
  const [STATE, OUT, K, END_] = [0, 1, 2, 3];
  const [S0, S1, S2, S3, R, T, LAYER, J] = [4, 5, 6, 7, 8, 9, 10, 11];
  const X = 12;
  const c: number[] = [];
  for (let w = 0; w < 4; w++) c.push(GET, STATE, ...I32_LOAD(4 * w), SET, S0 + w);
  c.push(BLOCK, VOID, LOOP, VOID);
  c.push(GET, K, GET, END_, GE_S, BR_IF, 1);
  // r = rotl(s1·5, 7)·9; t = s1 << 9; the xoshiro128** state update
  c.push(GET, S1, I32, 5, MUL, I32, 7, ROTL, I32, 9, MUL, SET, R);
  c.push(GET, S1, I32, 9, SHL, SET, T);
  c.push(GET, S2, GET, S0, XOR, SET, S2);
  c.push(GET, S3, GET, S1, XOR, SET, S3);
  c.push(GET, S1, GET, S2, XOR, SET, S1);
  c.push(GET, S0, GET, S3, XOR, SET, S0);
  c.push(GET, S2, GET, T, XOR, SET, S2);
  c.push(GET, S3, I32, 11, ROTL, SET, S3);
  // layer = r & 255; j = r >> 8; x = (j + ½)·step[layer]; out[k] = x
  c.push(GET, R, I32, ...sleb(255), AND, SET, LAYER);
  c.push(GET, R, I32, 8, SHR_S, SET, J);
  c.push(GET, J, F64_CONVERT_I32_S, F64C, ...f64(0.5), F64_ADD);
  c.push(GET, LAYER, I32, 3, SHL, ...F64_LOAD(STEP), F64_MUL, SET, X);
  c.push(GET, OUT, GET, K, I32, 3, SHL, ADD, GET, X, ...F64_STORE(0));
  // slow draw: (j ^ (j >> 31)) >= bound[layer] → leave the layer for the caller and stop
  c.push(GET, J, GET, J, I32, 31, SHR_S, XOR, GET, LAYER, I32, 2, SHL, ...I32_LOAD(BOUND), GE_S);
  c.push(IF, VOID, I32, ...sleb(KERNEL_LAYER), GET, LAYER, ...I32_STORE(0), BR, 2, END);
  c.push(GET, K, I32, 1, ADD, SET, K, BR, 0);
  c.push(END, END);
  for (let w = 0; w < 4; w++) c.push(GET, STATE, GET, S0 + w, ...I32_STORE(4 * w));
  c.push(GET, K);
  return c;
}

function kernelModule(): Uint8Array {
  const T_I32 = 0x7f;
  const T_F64 = 0x7c;
  const type = section(1, [1, 0x60, 4, T_I32, T_I32, T_I32, T_I32, 1, T_I32]);
  const imports = section(2, [1, ...str("env"), ...str("memory"), 0x02, 0x00, 1]);
  const func = section(3, [1, 0]);
  const exports = section(7, [1, ...str("fill"), 0x00, 0]);
  const code = section(10, [
    1,
    ...funcBody(
      [
        [8, T_I32],
        [1, T_F64],
      ],
      fillCode(),
    ),
  ]);
  return moduleBytes(type, imports, func, exports, code);
}

/** A kernel instance on its own memory. */
export interface NormalKernel {
  memory: WasmMemory;
  /** (stateByte, outByte, k, end) → index of the first slow draw in [k, end), or end. */
  fill: (state: number, out: number, k: number, end: number) => number;
}

const compiled = lazyModule(kernelModule);

/**
 * A fresh kernel instance whose memory holds at least `bytes` bytes from {@link KERNEL_DATA} on, or
 * null when WebAssembly is unavailable (or LANGEVIN_NO_WASM=1): callers then use the JavaScript loop.
 */
export function createNormalKernel(bytes: number): NormalKernel | null {
  const m = compiled();
  if (m === null) return null;
  const memory = new m.api.Memory({ initial: Math.ceil((KERNEL_DATA + bytes) / 65536) });
  new Float64Array(memory.buffer, STEP, 256).set(zigStep);
  new Int32Array(memory.buffer, BOUND, 256).set(zigFastBound);
  const instance = new m.api.Instance(m.module, { env: { memory } });
  return { memory, fill: instance.exports.fill as NormalKernel["fill"] };
}
