/**
 * A few helpers to assemble WebAssembly modules byte by byte, for the small hand-written kernels
 * of the langevin packages (no toolchain at build time, no .wasm files to ship or fetch), and the
 * runtime's WebAssembly API when it may be used.
 */

/** The part of the WebAssembly API used by the kernels (the compiler's lib has no WebAssembly types). */
export interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (
    module: object,
    imports?: Record<string, Record<string, unknown>>,
  ) => {
    exports: Record<string, unknown>;
  };
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
}

/** The part of WebAssembly.Memory used by the kernels. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/**
 * The runtime's WebAssembly API, or null where there is none or where LANGEVIN_NO_WASM=1 asks for
 * the JavaScript fallbacks (read when each kernel module is first evaluated).
 * @example
 * const api = wasmApi();
 * if (api === null) console.log("JavaScript kernels only");
 */
export function wasmApi(): WasmApi | null {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (api === undefined) return null;
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  if (env?.LANGEVIN_NO_WASM === "1") return null;
  return api;
}

/**
 * A module compiled on first use and then shared: the returned function gives the runtime's API
 * and the module, or null where there is no WebAssembly, LANGEVIN_NO_WASM=1 (checked on every
 * call), or the runtime rejects the module (no SIMD, say).
 * @example
 * const kernel = lazyModule(() => moduleBytes(...sections));
 * const m = kernel();
 * if (m !== null) new m.api.Instance(m.module, { env: { memory } });
 */
export function lazyModule(bytes: () => Uint8Array): () => { api: WasmApi; module: object } | null {
  let compiled: object | null | undefined;
  return () => {
    const api = wasmApi();
    if (api === null) return null;
    if (compiled === undefined) {
      try {
        compiled = new api.Module(bytes());
      } catch {
        compiled = null;
      }
    }
    return compiled === null ? null : { api, module: compiled };
  };
}

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (i32 immediates). */
export function sleb(n: number): number[] {
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

/** A section: id, byte length, body. */
export function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

/** A name: length, then its (ASCII) bytes. */
export function str(s: string): number[] {
  return [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
}

/** A function body: local declarations ([count, type] pairs) and code, with its byte length. */
export function funcBody(locals: [number, number][], code: number[]): number[] {
  const body = [...uleb(locals.length), ...locals.flatMap(([n, t]) => [...uleb(n), t]), ...code, 0x0b];
  return [...uleb(body.length), ...body];
}

/** The module header (magic, version 1) followed by the given sections. */
export function moduleBytes(...sections: number[][]): Uint8Array {
  return Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...sections.flat()]);
}

/** The opcodes the kernels use (numbering of the WebAssembly core specification). */
export const wasmOp = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  void: 0x40,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Const: 0x41,
  f64Const: 0x44,
  i32Eqz: 0x45,
  i32Eq: 0x46,
  i32LtS: 0x48,
  i32LtU: 0x49,
  i32GeS: 0x4e,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32And: 0x71,
  i32Xor: 0x73,
  i32Shl: 0x74,
  i32ShrS: 0x75,
  i32Rotl: 0x77,
  f64Ne: 0x62,
  f64Add: 0xa0,
  f64Sub: 0xa1,
  f64Mul: 0xa2,
  i32TruncF64S: 0xaa,
  f64ConvertI32S: 0xb7,
} as const;

/** The SIMD opcodes the kernels use; {@link simd} encodes one (prefix 0xfd, then LEB128). */
export const wasmSimdOp = {
  v128Load: 0x00,
  v128Load64Splat: 0x0a,
  v128Store: 0x0b,
  v128Const: 0x0c,
  f64x2Splat: 0x14,
  f64x2ExtractLane: 0x21,
  f64x2Add: 0xf0,
  f64x2Sub: 0xf1,
  f64x2Mul: 0xf2,
} as const;

/**
 * The bytes of a SIMD instruction.
 * @example
 * simd(wasmSimdOp.f64x2Add); // [0xfd, 0xf0, 0x01]
 */
export function simd(op: number): number[] {
  return [0xfd, ...uleb(op)];
}

/**
 * A load or store with its memarg: `align` is log2 of the alignment promised (a hint), `offset` a
 * constant byte offset added to the address on the stack.
 * @example
 * memoryOp([0x2b], 3, 8); // f64.load offset=8
 * memoryOp(simd(wasmSimdOp.v128Load), 4); // v128.load
 */
export function memoryOp(opcode: number[], align: number, offset = 0): number[] {
  return [...opcode, align, ...uleb(offset)];
}
