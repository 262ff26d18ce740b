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
  void: 0x40,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Const: 0x41,
  f64Const: 0x44,
  i32LtU: 0x49,
  i32GeS: 0x4e,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32Mul: 0x6c,
  i32And: 0x71,
  i32Xor: 0x73,
  i32Shl: 0x74,
  i32ShrS: 0x75,
  i32Rotl: 0x77,
  f64Add: 0xa0,
  f64Mul: 0xa2,
  f64ConvertI32S: 0xb7,
} as const;
