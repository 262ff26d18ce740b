import { describe, expect, it } from "vitest";
import { blockMeans, jsonImage } from "../../test/reference.js";
import { areaAverage } from "./area-average.js";
import { digitImages } from "./digits.js";

const U = 2 ** -53; // unit round-off of a double

describe("areaAverage on real digits", () => {
  // 40 images: the first and last of each of four digits, and others spread through the files.
  const picks = [0, 3, 7, 9].flatMap((d) => {
    const n = digitImages(d).length / 784;
    return [0, 1, Math.floor(n / 3), Math.floor(n / 2), n - 2, n - 1, 17, 101, 333, 512].map((i) => [d, i]);
  });

  it("28 × 28 is the file's values bit for bit", () => {
    for (const [d, i] of picks) {
      const out = areaAverage(digitImages(d), i, 28, new Float64Array(784), 0);
      expect(Array.from(out)).toEqual(jsonImage(d, i));
    }
  });

  for (const f of [2, 4]) {
    const size = (28 / f) as 14 | 7;
    it(`${size} × ${size} is the mean of each ${f} × ${f} block`, () => {
      for (const [d, i] of picks) {
        const out = new Float64Array(size * size + 3);
        areaAverage(digitImages(d), i, size, out, 3);
        // Ours is the exact block mean rounded once; the reference rounds each of the f² values on
        // reading and each partial sum: |ours − ref| ≤ (f² + 1)·u·mean, and means are ≤ 1.
        expect(out.subarray(3)).toBeAllclose(blockMeans(jsonImage(d, i), f), {
          rtol: 0,
          atol: (f * f + 1) * U,
        });
        expect(out.subarray(0, 3)).toEqual(new Float64Array(3)); // writes only from the offset
      }
    });

    it(`${size} × ${size} keeps the mass: pixel sum = 28 × 28 pixel sum / ${f * f}`, () => {
      for (const [d, i] of picks) {
        const small = areaAverage(digitImages(d), i, size, new Float64Array(size * size), 0);
        const sumSmall = small.reduce((a, b) => a + b, 0);
        const sumFull = jsonImage(d, i).reduce((a, b) => a + b, 0);
        // Both sums add ≤ 784 non-negative doubles (relative error ≤ 784·u each), and each input or
        // output value carries one rounding (≤ u): 2·(784 + 1)·u relative bounds the difference.
        expect(sumSmall).toBeAllclose(sumFull / (f * f), { rtol: 2 * 785 * U, atol: 0 });
        expect(sumFull).toBeGreaterThan(10); // a real digit, not a blank image
      }
    });
  }
});
