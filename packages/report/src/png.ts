import { deflateSync } from "node:zlib";

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * Encodes an RGBA image (8 bits per channel, rows top to bottom) as a PNG file. Small and
 * dependency-free (zlib from Node): heatmaps are embedded in reports as one PNG instead of one SVG
 * rectangle per cell, which is what keeps reports small.
 *
 * @example
 * ```ts
 * const png = encodePng(1, 1, new Uint8Array([255, 0, 0, 255])); // one red pixel
 * png.subarray(1, 4).toString(); // "PNG"
 * ```
 */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  if (!(Number.isInteger(width) && width > 0 && Number.isInteger(height) && height > 0))
    throw new RangeError(`encodePng: width and height must be positive integers, got ${width} × ${height}`);
  if (rgba.length !== width * height * 4)
    throw new RangeError(
      `encodePng: rgba has ${rgba.length} bytes, expected ${width * height * 4} (width × height × 4)`,
    );
  // Each row is prefixed by its filter type (0: none); deflate does the compressing.
  const raw = new Uint8Array(height * (1 + 4 * width));
  for (let r = 0; r < height; r++)
    raw.set(rgba.subarray(r * 4 * width, (r + 1) * 4 * width), r * (1 + 4 * width) + 1);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", new Uint8Array(0)),
  ]);
}
