import { MNIST_PIXELS } from "./parse-digits.js";

/** The image sizes a 28 × 28 digit can be averaged down to (28 = as shipped). */
export type MnistSize = 28 | 14 | 7;

/**
 * Writes image `image` of `q` (28 × 28 grey levels in thousandths) at `size` × `size` into
 * `out[offset ..]`, each pixel the mean of its f × f block (f = 28/size): the sum of integer
 * thousandths is exact, so one division gives the correctly rounded block mean of the package's
 * values, and the pixel sum shrinks by exactly f² (up to that last rounding). Returns `out`.
 * @example
 * areaAverage(digitImages(3), 0, 14, x, 0); // the first 3, averaged over 2 × 2 blocks, in x[0..196)
 */
export function areaAverage(
  q: Uint16Array,
  image: number,
  size: MnistSize,
  out: Float64Array,
  offset: number,
): Float64Array {
  const f = 28 / size;
  const scale = 1000 * f * f;
  const base = image * MNIST_PIXELS;
  if (f === 1) {
    // as shipped: the block loops below would run once per pixel
    for (let p = 0; p < MNIST_PIXELS; p++) out[offset + p] = q[base + p] / 1000;
    return out;
  }
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      let sum = 0;
      for (let a = 0; a < f; a++) {
        const row = base + (i * f + a) * 28 + j * f;
        for (let b = 0; b < f; b++) sum += q[row + b];
      }
      out[offset + i * size + j] = sum / scale;
    }
  }
  return out;
}
