import { describe, expect, it } from "vitest";
import { InvalidArgumentError, ShapeMismatchError } from "../errors.js";
import { createRng } from "../rng/rng.js";
import { complexFft } from "./complex-fft.js";

/** The direct O(n²) DFT Σ_t z_t e^{−2πi tk/n}, angles reduced mod n for accuracy. */
function directDft(re: Float64Array, im: Float64Array): { re: Float64Array; im: Float64Array } {
  const n = re.length;
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  for (let k = 0; k < n; k++)
    for (let t = 0; t < n; t++) {
      const ang = (-2 * Math.PI * ((t * k) % n)) / n;
      const c = Math.cos(ang);
      const s = Math.sin(ang);
      outRe[k] += re[t] * c - im[t] * s;
      outIm[k] += re[t] * s + im[t] * c;
    }
  return { re: outRe, im: outIm };
}

describe("complexFft", () => {
  for (const n of [1, 2, 3, 8, 12, 64, 100, 127]) {
    it(`equals the direct DFT for n = ${n}`, () => {
      const rng = createRng(7, n);
      const re = Float64Array.from({ length: n }, () => rng.normal());
      const im = Float64Array.from({ length: n }, () => rng.normal());
      const z = complexFft(re, im);
      const d = directDft(re, im);
      // |Z_k| ~ √n ≤ 12 for unit normals; both sums carry round-off ~ n·1e-16·max|z| ≤ 1e-12 absolute.
      expect(z.re).toBeAllclose(d.re, { rtol: 0, atol: 1e-11 });
      expect(z.im).toBeAllclose(d.im, { rtol: 0, atol: 1e-11 });
    });
  }

  it("puts a complex exponential into its own bin, negative frequencies at n − k", () => {
    const n = 12;
    const t = Array.from({ length: n }, (_, j) => (-2 * Math.PI * 2 * j) / n); // frequency −2
    const z = complexFft(t.map(Math.cos), t.map(Math.sin));
    const expectedRe = new Float64Array(n);
    expectedRe[n - 2] = n;
    // Round-off of the Bluestein convolution, ~1e-15 relative to n.
    expect(z.re).toBeAllclose(expectedRe, { atol: 1e-12 });
    expect(z.im).toBeAllclose(new Float64Array(n), { atol: 1e-12 });
  });

  it("throws for mismatched or empty input", () => {
    expect(() => complexFft([1, 2], [1])).toThrow(ShapeMismatchError);
    expect(() => complexFft([], [])).toThrow(InvalidArgumentError);
  });
});
