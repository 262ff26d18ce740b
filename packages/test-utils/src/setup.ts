import { expect } from "vitest";
import { allclose, type Tolerance } from "./allclose.ts";

expect.extend({
  toBeAllclose(received: number | ArrayLike<number>, expected: number | ArrayLike<number>, tol?: Tolerance) {
    const r = allclose(received, expected, tol);
    return {
      pass: r.pass,
      message: () =>
        r.pass ? `expected values not to be allclose (${r.message})` : `not allclose: ${r.message}`,
    };
  },
});

declare module "vitest" {
  // biome-ignore lint/suspicious/noExplicitAny: vitest's own declaration uses `any` here.
  interface Matchers<T = any> {
    /** numpy-style |a - e| <= atol + rtol |e| on every element; the test must say why the tolerance is right. */
    toBeAllclose(expected: number | ArrayLike<number>, tol?: Tolerance): T;
  }
}
