/**
 * Splits [start, end) into `parts` contiguous ranges cut at block boundaries (some may be empty);
 * this is how workers and shards share the paths.
 * @example
 * splitRange([0, 3000], 1024, 2); // [[0, 1024], [1024, 3000]]
 */
export function splitRange(range: [number, number], blockSize: number, parts: number): [number, number][] {
  const [start, end] = range;
  const fb = Math.floor(start / blockSize);
  const nb = Math.ceil(end / blockSize) - fb;
  const out: [number, number][] = [];
  for (let w = 0; w < parts; w++) {
    const b0 = fb + Math.floor((nb * w) / parts);
    const b1 = fb + Math.floor((nb * (w + 1)) / parts);
    const s = Math.max(start, b0 * blockSize);
    const e = Math.min(end, b1 * blockSize);
    out.push([s, Math.max(s, e)]);
  }
  return out;
}
