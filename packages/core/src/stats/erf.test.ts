import { describe, expect, it } from "vitest";
import { erf, erfc } from "./erf.js";
import { normalCdf } from "./normal-cdf.js";

// Reference values from mpmath at 30 digits (independent of this code).
const table: [number, number, number][] = [
  [1e-10, 1.1283791670955126e-10, 0.999999999887162],
  [0.1, 0.1124629160182849, 0.887537083981715],
  [0.3, 0.3286267594591274, 0.6713732405408726],
  [0.46875, 0.49261347321793797, 0.507386526782062],
  [0.5, 0.5204998778130465, 0.4795001221869535],
  [1, 0.8427007929497149, 0.15729920705028513],
  [1.5, 0.9661051464753108, 0.033894853524689274],
  [2, 0.9953222650189527, 0.004677734981047266],
  [3, 0.9999779095030014, 0.00002209049699858544],
  [4, 0.9999999845827421, 1.541725790028002e-8],
  [4.5, 0.9999999998033839, 1.9661604415428876e-10],
  [6, 1, 2.1519736712498913e-17],
  [10, 1, 2.088487583762545e-45],
  [26, 1, 5.663192408856143e-296],
];

describe("erf / erfc (Cody)", () => {
  it("match mpmath to 1e-15 relative on all three intervals and in the far tail", () => {
    // Cody's approximations carry ~18 digits; what is left is a few ulp of double rounding
    // (2.2e-16 each), so 1e-15 relative is the brief's accuracy target with ~4 ulp of room.
    for (const [x, e, c] of table) {
      expect(erf(x)).toBeAllclose(e, { rtol: 1e-15 });
      expect(erfc(x)).toBeAllclose(c, { rtol: 1e-15 });
      expect(erf(-x)).toBeAllclose(-e, { rtol: 1e-15 });
      expect(erfc(-x)).toBeAllclose(2 - c, { rtol: 1e-15 });
    }
  });

  it("handles 0, ±Infinity, NaN and underflow", () => {
    expect(erf(0)).toBe(0);
    expect(erfc(0)).toBe(1);
    expect(erf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(erf(Number.NEGATIVE_INFINITY)).toBe(-1);
    expect(erfc(Number.POSITIVE_INFINITY)).toBe(0);
    expect(erfc(Number.NEGATIVE_INFINITY)).toBe(2);
    expect(erfc(27)).toBe(0); // true value 5e-319 is below the double's normal range
    expect(Number.isNaN(erf(Number.NaN))).toBe(true);
    expect(Number.isNaN(erfc(Number.NaN))).toBe(true);
  });

  it("erf + erfc = 1 on a fine grid (consistency between the branches)", () => {
    for (let x = -6; x <= 6; x += 0.01) {
      // both are within a few ulp of values <= 2, so their sum is within ~1e-15 of 1
      expect(erf(x) + erfc(x)).toBeAllclose(1, { atol: 1e-15 });
    }
  });
});

describe("normalCdf", () => {
  it("matches mpmath's ncdf including the far lower tail", () => {
    const ref: [number, number][] = [
      [-1.96, 0.024997895148220435],
      [-5, 2.866515718791939e-7],
      [-10, 7.619853024160525e-24],
      [-20, 2.7536241186062337e-89],
      [0.5, 0.6914624612740131],
      [3, 0.9986501019683699],
    ];
    // x/√2 is rounded (relative 1.1e-16) and erfc(z) amplifies an argument error by 2z² in
    // relative terms: at x = -20 that is 400·1.1e-16 ≈ 4.4e-14, hence 1e-13.
    for (const [x, p] of ref) expect(normalCdf(x)).toBeAllclose(p, { rtol: 1e-13 });
  });
});
