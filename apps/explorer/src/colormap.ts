/** Names of the colour maps. */
export type ColormapName = "viridis" | "magma";

// Control points (perceptually uniform maps of matplotlib, sampled at 9 points, linear in between).
const STOPS: Record<ColormapName, number[][]> = {
  viridis: [
    [68, 1, 84],
    [71, 44, 122],
    [59, 81, 139],
    [44, 113, 142],
    [33, 144, 141],
    [39, 173, 129],
    [92, 200, 99],
    [170, 220, 50],
    [253, 231, 37],
  ],
  magma: [
    [0, 0, 4],
    [28, 16, 68],
    [79, 18, 123],
    [129, 37, 129],
    [181, 54, 122],
    [229, 80, 100],
    [251, 135, 97],
    [254, 194, 135],
    [252, 253, 191],
  ],
};

/**
 * Colour of a value t ∈ [0, 1] (clamped; NaN → 0) as [r, g, b] bytes.
 * @example
 * colormap("viridis", 0); // [68, 1, 84]
 */
export function colormap(name: ColormapName, t: number): [number, number, number] {
  const s = STOPS[name];
  const u = Number.isNaN(t) ? 0 : Math.min(1, Math.max(0, t)) * (s.length - 1);
  const i = Math.min(s.length - 2, Math.floor(u));
  const w = u - i;
  const a = s[i];
  const b = s[i + 1];
  return [
    Math.round(a[0] + w * (b[0] - a[0])),
    Math.round(a[1] + w * (b[1] - a[1])),
    Math.round(a[2] + w * (b[2] - a[2])),
  ];
}

/**
 * A lookup table of `size` colours, packed RGBA little-endian (for a Uint32Array view of ImageData).
 * @example
 * const lut = colormapLut("magma", 256); lut.length; // 256
 */
export function colormapLut(name: ColormapName, size = 256): Uint32Array {
  const lut = new Uint32Array(size);
  for (let i = 0; i < size; i++) {
    const [r, g, b] = colormap(name, i / (size - 1));
    lut[i] = (255 << 24) | (b << 16) | (g << 8) | r;
  }
  return lut;
}

/**
 * Relative luminance (0..1, sRGB weights on the bytes) — used by the tests to check monotonicity.
 * @example
 * luminance([255, 255, 255]); // 1
 */
export function luminance(rgb: readonly number[]): number {
  return (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255;
}
