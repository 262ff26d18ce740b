import {
  funcBody,
  lazyModule,
  memoryOp,
  moduleBytes,
  section,
  simd,
  sleb,
  str,
  type WasmMemory,
  wasmOp,
  wasmSimdOp,
} from "../wasm/assemble.js";
import type { EigenKernels } from "./eigen-kernels.js";

/**
 * The eigensolver's three loops in WebAssembly SIMD (f64x2), assembled here: V8 runs the
 * JavaScript loops one double at a time with a bounds check per access, and the fused sweep is
 * about 3× faster this way. Same arithmetic as the JavaScript kernels except that dot products
 * are summed in two (or four) lanes. All offsets are in bytes; rows and vectors start on 16-byte
 * boundaries (the caller rounds the row stride up to an even number of doubles).
 */

const {
  localGet: GET,
  localSet: SET,
  localTee: TEE,
  i32Const: I32,
  i32Add: ADD,
  i32Mul: MUL,
  i32And: AND,
  i32GeU: GE_U,
  i32LtU: LT_U,
  i32TruncF64S: TRUNC,
  f64Add: FADD,
  f64Sub: FSUB,
  f64Mul: FMUL,
  f64Ne: FNE,
  block: BLOCK,
  loop: LOOP,
  if: IF,
  void: VOID,
  br: BR,
  brIf: BR_IF,
  end: END,
} = wasmOp;
const F64_LOAD = memoryOp([0x2b], 3);
const F64_STORE = memoryOp([0x39], 3);
const V_LOAD = memoryOp(simd(wasmSimdOp.v128Load), 4);
const V_STORE = memoryOp(simd(wasmSimdOp.v128Store), 4);
const SPLAT = simd(wasmSimdOp.f64x2Splat);
const LANE = (k: number) => [...simd(wasmSimdOp.f64x2ExtractLane), k];
const VADD = simd(wasmSimdOp.f64x2Add);
const VSUB = simd(wasmSimdOp.f64x2Sub);
const VMUL = simd(wasmSimdOp.f64x2Mul);
const VZERO = [...simd(wasmSimdOp.v128Const), ...new Array(16).fill(0)];
const T_I32 = 0x7f;
const T_F64 = 0x7c;
const T_V128 = 0x7b;

const f64 = (v: number) => [wasmOp.f64Const, ...new Uint8Array(Float64Array.of(v).buffer)];
const get = (...locals: number[]) => locals.flatMap((l) => [GET, l]);
const i32 = (v: number) => [I32, ...sleb(v)];
/** f64.load of base[index] (base in bytes, index in doubles) */
const elementAt = (base: number, index: number) => [
  ...get(base, index),
  I32,
  3,
  wasmOp.i32Shl,
  ADD,
  ...F64_LOAD,
];
/** (local & mask) << 3: a count of doubles rounded down, in bytes */
const bytesRounded = (local: number, mask: number) => [
  ...get(local),
  ...i32(mask),
  AND,
  I32,
  3,
  wasmOp.i32Shl,
];
/** local += v (i32) */
const bump = (local: number, v: number | number[]) => [
  GET,
  local,
  ...(typeof v === "number" ? i32(v) : v),
  ADD,
  SET,
  local,
];
/** `block loop (br_if exit when cond) body (br loop) end end`; `cond` leaves an i32 on the stack. */
const whileLoop = (exit: number[], body: number[]) => [
  BLOCK,
  VOID,
  LOOP,
  VOID,
  ...exit,
  BR_IF,
  1,
  ...body,
  BR,
  0,
  END,
  END,
];

/** sweep(a, ld, rows, u, uo, wo, p): see EigenKernels.sweep. */
function sweepBody(): number[] {
  const [A, LD, ROWS, U, UO, WO, P] = [0, 1, 2, 3, 4, 5, 6];
  const [R, ROW, J, JEND] = [7, 8, 9, 10];
  const [URS, OURS, OWRS, SC, BS] = [11, 12, 13, 14, 15];
  const [UR, OUR, OWR, S, B] = [16, 17, 18, 19, 20];
  // b = row[j] − our·wo[j] − owr·uo[j] (scalar, at byte offset J)
  const scalarB = [
    ...get(ROW, J),
    ADD,
    ...F64_LOAD,
    ...get(OURS, WO, J),
    ADD,
    ...F64_LOAD,
    FMUL,
    FSUB,
    ...get(OWRS, UO, J),
    ADD,
    ...F64_LOAD,
    FMUL,
    FSUB,
    SET,
    BS,
  ];
  const vectorStep = [
    ...get(ROW, J),
    ADD,
    ...V_LOAD,
    ...get(OUR, WO, J),
    ADD,
    ...V_LOAD,
    ...VMUL,
    ...VSUB,
    ...get(OWR, UO, J),
    ADD,
    ...V_LOAD,
    ...VMUL,
    ...VSUB,
    SET,
    B,
    ...get(ROW, J),
    ADD,
    ...get(B),
    ...V_STORE,
    ...get(S, B, U, J),
    ADD,
    ...V_LOAD,
    ...VMUL,
    ...VADD,
    SET,
    S,
    ...get(P, J),
    ADD,
    ...get(P, J),
    ADD,
    ...V_LOAD,
    ...get(B, UR),
    ...VMUL,
    ...VADD,
    ...V_STORE,
    ...bump(J, 16),
  ];
  const rowBody = [
    ...get(A, R, LD),
    MUL,
    ADD,
    SET,
    ROW,
    // scalars of u[r], uo[r], wo[r] and their splats
    ...elementAt(U, R),
    SET,
    URS,
    ...elementAt(UO, R),
    SET,
    OURS,
    ...elementAt(WO, R),
    SET,
    OWRS,
    ...get(URS),
    ...SPLAT,
    SET,
    UR,
    ...get(OURS),
    ...SPLAT,
    SET,
    OUR,
    ...get(OWRS),
    ...SPLAT,
    SET,
    OWR,
    ...VZERO,
    SET,
    S,
    ...bytesRounded(R, -2),
    SET,
    JEND,
    ...i32(0),
    SET,
    J,
    ...whileLoop([...get(J, JEND), GE_U], vectorStep),
    ...get(S),
    ...LANE(0),
    ...get(S),
    ...LANE(1),
    FADD,
    SET,
    SC,
    // r odd: the element j = r − 1 left over by the pairs
    ...get(R),
    ...i32(1),
    AND,
    IF,
    VOID,
    ...scalarB,
    ...get(ROW, J),
    ADD,
    ...get(BS),
    ...F64_STORE,
    ...get(SC, BS, U, J),
    ADD,
    ...F64_LOAD,
    FMUL,
    FADD,
    SET,
    SC,
    ...get(P, J),
    ADD,
    ...get(P, J),
    ADD,
    ...F64_LOAD,
    ...get(BS, URS),
    FMUL,
    FADD,
    ...F64_STORE,
    ...bump(J, 8),
    END,
    // the diagonal: b = row[r] − 2·our·owr; p[r] += s + b·ur
    ...get(ROW, J),
    ADD,
    ...F64_LOAD,
    ...f64(2),
    ...get(OURS),
    FMUL,
    ...get(OWRS),
    FMUL,
    FSUB,
    SET,
    BS,
    ...get(ROW, J),
    ADD,
    ...get(BS),
    ...F64_STORE,
    ...get(P, J),
    ADD,
    ...get(P, J),
    ADD,
    ...F64_LOAD,
    ...get(SC, BS, URS),
    FMUL,
    FADD,
    FADD,
    ...F64_STORE,
    ...bump(R, 1),
  ];
  // Rows r, r+1 (r even) in one pass: the loads of wo, uo, u and p serve both rows, which cuts
  // the instructions per element by about a third (the single-row loop is instruction-bound).
  const ROW1 = 21;
  const [URS1, OURS1, OWRS1, SC1, BS1] = [22, 23, 24, 25, 26];
  const [UR1, OUR1, OWR1, S1, B1, WV, UOV, UV] = [27, 28, 29, 30, 31, 32, 33, 34];
  const vAt = (base: number) => [...get(base, J), ADD, ...V_LOAD];
  const fAt = (base: number) => [...get(base, J), ADD, ...F64_LOAD];
  // u[r], uo[r], wo[r] into scalar locals and their splats, r given by `index` (code leaving an i32)
  const splats = (index: number[], scalars: number[], vectors: number[]) =>
    [U, UO, WO].flatMap((base, k) => [
      ...get(base),
      ...index,
      I32,
      3,
      wasmOp.i32Shl,
      ADD,
      ...F64_LOAD,
      wasmOp.localTee,
      scalars[k],
      ...SPLAT,
      SET,
      vectors[k],
    ]);
  const pairStep = [
    ...vAt(WO),
    SET,
    WV,
    ...vAt(UO),
    SET,
    UOV,
    ...vAt(U),
    SET,
    UV,
    ...get(ROW, J),
    ADD,
    ...vAt(ROW),
    ...get(OUR, WV),
    ...VMUL,
    ...VSUB,
    ...get(OWR, UOV),
    ...VMUL,
    ...VSUB,
    wasmOp.localTee,
    B,
    ...V_STORE,
    ...get(ROW1, J),
    ADD,
    ...vAt(ROW1),
    ...get(OUR1, WV),
    ...VMUL,
    ...VSUB,
    ...get(OWR1, UOV),
    ...VMUL,
    ...VSUB,
    wasmOp.localTee,
    B1,
    ...V_STORE,
    ...get(S, B, UV),
    ...VMUL,
    ...VADD,
    SET,
    S,
    ...get(S1, B1, UV),
    ...VMUL,
    ...VADD,
    SET,
    S1,
    ...get(P, J),
    ADD,
    ...vAt(P),
    ...get(B, UR),
    ...VMUL,
    ...VADD,
    ...get(B1, UR1),
    ...VMUL,
    ...VADD,
    ...V_STORE,
    ...bump(J, 16),
  ];
  const pairBody = [
    ...get(A, R, LD),
    MUL,
    ADD,
    wasmOp.localTee,
    ROW,
    ...get(LD),
    ADD,
    SET,
    ROW1,
    ...splats(get(R), [URS, OURS, OWRS], [UR, OUR, OWR]),
    ...splats([...get(R), ...i32(1), ADD], [URS1, OURS1, OWRS1], [UR1, OUR1, OWR1]),
    ...VZERO,
    SET,
    S,
    ...VZERO,
    SET,
    S1,
    ...get(R),
    ...i32(3),
    wasmOp.i32Shl,
    SET,
    JEND,
    ...i32(0),
    SET,
    J,
    ...whileLoop([...get(J, JEND), GE_U], pairStep),
    ...get(S),
    ...LANE(0),
    ...get(S),
    ...LANE(1),
    FADD,
    SET,
    SC,
    ...get(S1),
    ...LANE(0),
    ...get(S1),
    ...LANE(1),
    FADD,
    SET,
    SC1,
    // row r, diagonal (J = 8r): b = a[r,r] − 2·our·owr; p[r] += s + b·ur
    ...fAt(ROW),
    ...f64(2),
    ...get(OURS),
    FMUL,
    ...get(OWRS),
    FMUL,
    FSUB,
    SET,
    BS,
    ...get(ROW, J),
    ADD,
    ...get(BS),
    ...F64_STORE,
    ...get(P, J),
    ADD,
    ...fAt(P),
    ...get(SC, BS, URS),
    FMUL,
    FADD,
    FADD,
    ...F64_STORE,
    // row r+1, column r: b1 = a[r+1,r] − our1·wo[r] − owr1·uo[r]; s1 += b1·u[r]; p[r] += b1·ur1
    ...fAt(ROW1),
    ...get(OURS1),
    ...fAt(WO),
    FMUL,
    FSUB,
    ...get(OWRS1),
    ...fAt(UO),
    FMUL,
    FSUB,
    SET,
    BS1,
    ...get(ROW1, J),
    ADD,
    ...get(BS1),
    ...F64_STORE,
    ...get(SC1, BS1),
    ...fAt(U),
    FMUL,
    FADD,
    SET,
    SC1,
    ...get(P, J),
    ADD,
    ...fAt(P),
    ...get(BS1, URS1),
    FMUL,
    FADD,
    ...F64_STORE,
    // row r+1, diagonal (J = 8(r+1))
    ...bump(J, 8),
    ...fAt(ROW1),
    ...f64(2),
    ...get(OURS1),
    FMUL,
    ...get(OWRS1),
    FMUL,
    FSUB,
    SET,
    BS1,
    ...get(ROW1, J),
    ADD,
    ...get(BS1),
    ...F64_STORE,
    ...get(P, J),
    ADD,
    ...fAt(P),
    ...get(SC1, BS1, URS1),
    FMUL,
    FADD,
    FADD,
    ...F64_STORE,
    ...bump(R, 2),
  ];
  const code = [
    ...i32(0),
    SET,
    R,
    ...whileLoop([...get(R), ...i32(1), ADD, ...get(ROWS), GE_U], pairBody),
    ...get(R, ROWS),
    LT_U,
    IF,
    VOID,
    ...rowBody,
    END,
  ];
  return funcBody(
    [
      [4, T_I32],
      [5, T_F64],
      [5, T_V128],
      [1, T_I32],
      [5, T_F64],
      [8, T_V128],
    ],
    code,
  );
}

/** reflectRows(y, ld, k0, count, v0, taus): see EigenKernels.reflectRows. */
function reflectRowsBody(): number[] {
  const [Y, LD, K0, COUNT, V0, TAUS] = [0, 1, 2, 3, 4, 5];
  const [R, ROW, J, END4, END2, Q, K, V, RMAX] = [6, 7, 8, 9, 10, 11, 12, 13, 14];
  const [SC, T] = [15, 16];
  const [S0, S1, TV] = [17, 18, 19];
  const dotStep = (acc: number, off: number) => [
    ...get(acc, ROW, J),
    ADD,
    ...memoryOp(simd(wasmSimdOp.v128Load), 4, off),
    ...get(V, J),
    ADD,
    ...memoryOp(simd(wasmSimdOp.v128Load), 4, off),
    ...VMUL,
    ...VADD,
    SET,
    acc,
  ];
  const axpyStep = [
    ...get(ROW, J),
    ADD,
    ...get(ROW, J),
    ADD,
    ...V_LOAD,
    ...get(TV, V, J),
    ADD,
    ...V_LOAD,
    ...VMUL,
    ...VSUB,
    ...V_STORE,
    ...bump(J, 16),
  ];
  // one reflector q on the row: k = k0 + q, v = v0 + q·ld, τ = taus[q]
  const reflector = [
    ...get(K0, Q),
    ADD,
    SET,
    K,
    ...get(V0, Q, LD),
    MUL,
    ADD,
    SET,
    V,
    ...bytesRounded(K, -4),
    SET,
    END4,
    ...bytesRounded(K, -2),
    SET,
    END2,
    ...VZERO,
    SET,
    S0,
    ...VZERO,
    SET,
    S1,
    ...i32(0),
    SET,
    J,
    // two accumulators: one add chain would wait on its own latency
    ...whileLoop([...get(J, END4), GE_U], [...dotStep(S0, 0), ...dotStep(S1, 16), ...bump(J, 32)]),
    ...get(J, END2),
    LT_U,
    IF,
    VOID,
    ...dotStep(S0, 0),
    ...bump(J, 16),
    END,
    ...get(S0, S1),
    ...VADD,
    SET,
    S0,
    ...get(S0),
    ...LANE(0),
    ...get(S0),
    ...LANE(1),
    FADD,
    SET,
    SC,
    ...get(K),
    ...i32(1),
    AND,
    IF,
    VOID,
    ...get(SC, ROW, J),
    ADD,
    ...F64_LOAD,
    ...get(V, J),
    ADD,
    ...F64_LOAD,
    FMUL,
    FADD,
    SET,
    SC,
    END,
    ...elementAt(TAUS, Q),
    ...get(SC),
    FMUL,
    TEE,
    T,
    ...f64(0),
    FNE,
    IF,
    VOID,
    ...get(T),
    ...SPLAT,
    SET,
    TV,
    ...i32(0),
    SET,
    J,
    ...whileLoop([...get(J, END2), GE_U], axpyStep),
    ...get(K),
    ...i32(1),
    AND,
    IF,
    VOID,
    ...get(ROW, J),
    ADD,
    ...get(ROW, J),
    ADD,
    ...F64_LOAD,
    ...get(T, V, J),
    ADD,
    ...F64_LOAD,
    FMUL,
    FSUB,
    ...F64_STORE,
    END,
    END,
    ...bump(Q, 1),
  ];
  // row r meets reflectors q with k0 + q > r only (its entries below column k0 + q are zero)
  const rowBody = [
    ...get(Y, R, LD),
    MUL,
    ADD,
    SET,
    ROW,
    ...get(R, K0),
    wasmOp.i32Sub,
    ...i32(1),
    ADD,
    TEE,
    Q,
    ...i32(0),
    wasmOp.i32LtS,
    IF,
    VOID,
    ...i32(0),
    SET,
    Q,
    END,
    ...whileLoop([...get(Q, COUNT), wasmOp.i32GeS], reflector),
    ...bump(R, 1),
  ];
  const code = [
    ...get(K0, COUNT),
    ADD,
    ...i32(1),
    wasmOp.i32Sub,
    SET,
    RMAX,
    ...i32(0),
    SET,
    R,
    ...whileLoop([...get(R, RMAX), wasmOp.i32GeS], rowBody),
  ];
  return funcBody(
    [
      [9, T_I32],
      [2, T_F64],
      [3, T_V128],
    ],
    code,
  );
}

/**
 * rotate(z, ld, c0, c1, rot, count): see EigenKernels.rotate. The window c1 − c0 must be a multiple
 * of 4 doubles (the loops take two f64x2 per step). Two consecutive rotations on rows (i, i+1) and
 * (i−1, i), as a QL sweep makes them, are applied in one pass: row i is loaded and stored once for
 * both, and the loop counts half as often.
 */
function rotateBody(): number[] {
  const [Z, LD, C0, C1, ROT, COUNT] = [0, 1, 2, 3, 4, 5];
  // YB, WB: the rows below and above X (addresses)
  const [Q, QEND, X, J, I, YB, WB] = [6, 7, 8, 9, 10, 11, 12];
  const [C, S, C2, S2, X0, X1, X2, T] = [13, 14, 15, 16, 17, 18, 19, 20];
  const load = (base: number, off: number) => [
    ...get(base, J),
    ADD,
    ...memoryOp(simd(wasmSimdOp.v128Load), 4, off),
  ];
  const store = (base: number, off: number, value: number[]) => [
    ...get(base, J),
    ADD,
    ...value,
    ...memoryOp(simd(wasmSimdOp.v128Store), 4, off),
  ];
  const single = (off: number) => [
    ...load(X, off),
    SET,
    X1,
    ...load(YB, off),
    SET,
    X2,
    ...store(X, off, [...get(C, X1), ...VMUL, ...get(S, X2), ...VMUL, ...VSUB]),
    ...store(YB, off, [...get(S, X1), ...VMUL, ...get(C, X2), ...VMUL, ...VADD]),
  ];
  const double = (off: number) => [
    ...load(X, off),
    SET,
    X1,
    ...load(YB, off),
    SET,
    X2,
    ...load(WB, off),
    SET,
    X0,
    // rotation (i, i+1), then (i−1, i) with the new row i kept in a register
    ...get(C, X1),
    ...VMUL,
    ...get(S, X2),
    ...VMUL,
    ...VSUB,
    SET,
    T,
    ...store(YB, off, [...get(S, X1), ...VMUL, ...get(C, X2), ...VMUL, ...VADD]),
    ...store(WB, off, [...get(C2, X0), ...VMUL, ...get(S2, T), ...VMUL, ...VSUB]),
    ...store(X, off, [...get(S2, X0), ...VMUL, ...get(C2, T), ...VMUL, ...VADD]),
  ];
  const splat = (off: number) => [...get(Q), ...memoryOp([0x2b], 3, off), ...SPLAT];
  const rotation = [
    ...get(Q),
    ...F64_LOAD,
    TRUNC,
    TEE,
    I,
    ...get(LD),
    MUL,
    ...get(Z),
    ADD,
    TEE,
    X,
    ...get(LD),
    ADD,
    SET,
    YB,
    ...splat(8),
    SET,
    C,
    ...splat(16),
    SET,
    S,
    ...get(C0),
    SET,
    J,
    // the next rotation continues the sweep upwards: fuse the two
    ...get(Q),
    ...i32(24),
    ADD,
    ...get(QEND),
    LT_U,
    IF,
    T_I32,
    ...get(Q),
    ...memoryOp([0x2b], 3, 24),
    TRUNC,
    ...get(I),
    ...i32(1),
    wasmOp.i32Sub,
    wasmOp.i32Eq,
    wasmOp.else,
    ...i32(0),
    END,
    IF,
    VOID,
    ...splat(32),
    SET,
    C2,
    ...splat(40),
    SET,
    S2,
    ...get(X, LD),
    wasmOp.i32Sub,
    SET,
    WB,
    ...whileLoop([...get(J, C1), GE_U], [...double(0), ...double(16), ...bump(J, 32)]),
    ...bump(Q, 48),
    wasmOp.else,
    ...whileLoop([...get(J, C1), GE_U], [...single(0), ...single(16), ...bump(J, 32)]),
    ...bump(Q, 24),
    END,
  ];
  const code = [
    ...get(ROT),
    SET,
    Q,
    ...get(ROT, COUNT),
    ...i32(24),
    MUL,
    ADD,
    SET,
    QEND,
    ...whileLoop([...get(Q, QEND), GE_U], rotation),
  ];
  return funcBody(
    [
      [7, T_I32],
      [8, T_V128],
    ],
    code,
  );
}

function kernelModule(): Uint8Array {
  const types = section(1, [
    2,
    ...[0x60, 7, ...new Array(7).fill(T_I32), 0],
    ...[0x60, 6, ...new Array(6).fill(T_I32), 0],
  ]);
  const imports = section(2, [1, ...str("env"), ...str("memory"), 0x02, 0x00, 1]);
  const funcs = section(3, [3, 0, 1, 1]);
  const exports = section(7, [
    3,
    ...str("sweep"),
    0x00,
    0,
    ...str("reflectRows"),
    0x00,
    1,
    ...str("rotate"),
    0x00,
    2,
  ]);
  const code = section(10, [3, ...sweepBody(), ...reflectRowsBody(), ...rotateBody()]);
  return moduleBytes(types, imports, funcs, exports, code);
}

const compiled = lazyModule(kernelModule);

/** 32-bit WebAssembly memory holds 65536 pages of 64 KiB. */
const MAX_PAGES = 65536;

/**
 * The SIMD kernels on a fresh, zeroed memory of at least `doubles` doubles (freed with the
 * returned object), or null without WebAssembly SIMD, with LANGEVIN_NO_WASM=1, or when the heap
 * does not fit in 4 GiB.
 * @internal
 */
export function createWasmEigenKernels(doubles: number): EigenKernels | null {
  const m = compiled();
  if (m === null) return null;
  const pages = Math.max(1, Math.ceil((doubles * 8) / 65536));
  if (pages > MAX_PAGES) return null;
  let memory: WasmMemory;
  try {
    memory = new m.api.Memory({ initial: pages });
  } catch {
    return null; // the runtime refused the allocation: the JavaScript kernels use ordinary memory
  }
  const e = new m.api.Instance(m.module, { env: { memory } }).exports as Record<
    string,
    (...args: number[]) => void
  >;
  const { sweep, reflectRows, rotate } = e;
  return {
    heap: new Float64Array(memory.buffer, 0, doubles),
    wasm: true,
    sweep: (a, ld, rows, u, uo, wo, p) => sweep(8 * a, 8 * ld, rows, 8 * u, 8 * uo, 8 * wo, 8 * p),
    reflectRows: (y, ld, k0, count, v0, taus) => reflectRows(8 * y, 8 * ld, k0, count, 8 * v0, 8 * taus),
    rotate: (z, ld, c0, c1, rot, count) => rotate(8 * z, 8 * ld, 8 * c0, 8 * c1, 8 * rot, count),
  };
}
