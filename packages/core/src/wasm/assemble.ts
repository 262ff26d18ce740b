/**
 * A few helpers to assemble WebAssembly modules byte by byte, for the small hand-written kernels
 * of the langevin packages (no toolchain at build time, no .wasm files to ship or fetch), and the
 * runtime's WebAssembly API when it may be used.
 */

/** The part of the WebAssembly API used by the kernels (the compiler's lib has no WebAssembly types). */
export interface WasmApi {
  /** `WebAssembly.Module`. */
  Module: {
    /** Compiles a module's binary encoding (synchronously). */
    new (bytes: Uint8Array): object;
  };
  /** `WebAssembly.Instance`. */
  Instance: {
    /** Instantiates a compiled module with its imports (synchronously). */
    new (
      module: object,
      imports?: Record<string, Record<string, unknown>>,
    ): {
      /** The instance's exported functions and memories, by name. */
      exports: Record<string, unknown>;
    };
  };
  /** `WebAssembly.Memory`. */
  Memory: {
    /** A linear memory of 64 KiB pages. */
    new (descriptor: {
      /** Initial size in pages. */
      initial: number;
      /** Largest size in pages it may grow to. */
      maximum?: number;
    }): WasmMemory;
  };
}

/** The part of WebAssembly.Memory used by the kernels. */
export interface WasmMemory {
  /** The memory's bytes (a new ArrayBuffer after each `grow`: views must be re-created). */
  readonly buffer: ArrayBuffer;
  /** Grows the memory by `pages` 64 KiB pages; returns the previous size in pages. */
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
export function lazyModule(bytes: () => Uint8Array): () => {
  /** The runtime's WebAssembly API. */
  api: WasmApi;
  /** The compiled module, to instantiate with `new api.Instance(module, imports)`. */
  module: object;
} | null {
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
  /** `block` */
  block: 0x02,
  /** `loop` */
  loop: 0x03,
  /** `if` */
  if: 0x04,
  /** `else` */
  else: 0x05,
  /** The empty block type (a block with no result), not an instruction. */
  void: 0x40,
  /** `end` */
  end: 0x0b,
  /** `br` */
  br: 0x0c,
  /** `br_if` */
  brIf: 0x0d,
  /** `local.get` */
  localGet: 0x20,
  /** `local.set` */
  localSet: 0x21,
  /** `local.tee` */
  localTee: 0x22,
  /** `i32.const` */
  i32Const: 0x41,
  /** `f64.const` */
  f64Const: 0x44,
  /** `i32.eqz` */
  i32Eqz: 0x45,
  /** `i32.eq` */
  i32Eq: 0x46,
  /** `i32.lt_s` */
  i32LtS: 0x48,
  /** `i32.lt_u` */
  i32LtU: 0x49,
  /** `i32.ge_s` */
  i32GeS: 0x4e,
  /** `i32.ge_u` */
  i32GeU: 0x4f,
  /** `i32.add` */
  i32Add: 0x6a,
  /** `i32.sub` */
  i32Sub: 0x6b,
  /** `i32.mul` */
  i32Mul: 0x6c,
  /** `i32.and` */
  i32And: 0x71,
  /** `i32.xor` */
  i32Xor: 0x73,
  /** `i32.shl` */
  i32Shl: 0x74,
  /** `i32.shr_s` */
  i32ShrS: 0x75,
  /** `i32.rotl` */
  i32Rotl: 0x77,
  /** `f64.ne` */
  f64Ne: 0x62,
  /** `f64.add` */
  f64Add: 0xa0,
  /** `f64.sub` */
  f64Sub: 0xa1,
  /** `f64.mul` */
  f64Mul: 0xa2,
  /** `i32.trunc_f64_s` */
  i32TruncF64S: 0xaa,
  /** `f64.convert_i32_s` */
  f64ConvertI32S: 0xb7,
} as const;

/** The SIMD opcodes the kernels use; {@link simd} encodes one (prefix 0xfd, then LEB128). */
export const wasmSimdOp = {
  /** `v128.load` */
  v128Load: 0x00,
  /** `v128.load64_splat` */
  v128Load64Splat: 0x0a,
  /** `v128.store` */
  v128Store: 0x0b,
  /** `v128.const` */
  v128Const: 0x0c,
  /** `f64x2.splat` */
  f64x2Splat: 0x14,
  /** `f64x2.extract_lane` */
  f64x2ExtractLane: 0x21,
  /** `f64x2.add` */
  f64x2Add: 0xf0,
  /** `f64x2.sub` */
  f64x2Sub: 0xf1,
  /** `f64x2.mul` */
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
