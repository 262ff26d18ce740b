/**
 * Result arrays whose every element the caller is about to write. JavaScript zero-fills each new
 * ArrayBuffer, and for results of megabytes (a batch of feature maps) that fill and the fresh pages
 * it touches cost more than the kernel that then overwrites them (2-3 ms against 0.8 ms for 4.7 MB
 * here). Under Node, `Buffer.allocUnsafeSlow` gives memory without the fill; elsewhere, and for
 * small arrays (cheap either way), a plain zeroed Float64Array.
 */

/** Below this many elements (512 KB) allocation is cheap, and arrays stay zero-filled. */
const LARGE = 1 << 16;

type UnsafeAlloc = (bytes: number) => { buffer: ArrayBuffer; byteOffset: number };

const allocUnsafe: UnsafeAlloc | null =
  (globalThis as { Buffer?: { allocUnsafeSlow?: UnsafeAlloc } }).Buffer?.allocUnsafeSlow ?? null;

/**
 * A Float64Array of length n with unspecified contents (zeros for small n or outside Node): only
 * for results that a kernel writes in full.
 * @example
 * const out = uninitialized(x.size);
 * for (let i = 0; i < out.length; i++) out[i] = Math.exp(x.data[i]);
 */
export function uninitialized(n: number): Float64Array {
  if (n < LARGE || allocUnsafe === null) return new Float64Array(n);
  const b = allocUnsafe(n * 8);
  return b.byteOffset % 8 === 0 ? new Float64Array(b.buffer, b.byteOffset, n) : new Float64Array(n);
}
