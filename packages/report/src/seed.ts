/**
 * A deterministic 31-bit seed from a base seed and labels (FNV-1a over the text, then a murmur finaliser).
 *
 * @example
 * ```ts
 * const s = deriveSeed(2018, "example-19", "sde"); // same inputs, same seed, on every machine
 * ```
 */
export function deriveSeed(base: number, ...labels: string[]): number {
  let h = 0x811c9dc5 ^ (base >>> 0);
  const text = labels.join("\u0000");
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) & 0x7fffffff;
}
