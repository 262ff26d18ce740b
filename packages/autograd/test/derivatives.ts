import type { Rng } from "@langevin/core";
import { expect } from "vitest";
import { gradCheck, hvp, randn, type ScalarFn, type Shape, type Tensor, valueAndGrad } from "../src/index.js";

/** Largest errors seen by `checkDerivatives`: first order (gradCheck) and second order (hvp). */
export interface DerivativeErrors {
  first: number;
  second: number;
}

/**
 * First order: reverse mode vs central differences, relative error < 1e-6 (the truncation error
 * O(h²) with h = 1e-5 and round-off O(ε/h) are both ~1e-10 relative for smooth functions, and for
 * piecewise-linear ones whose kinks are farther than h from x).
 * Second order: hvp (double backward) vs central differences of gradients along a random v, same
 * reasoning. Returns both errors.
 */
export function checkDerivatives(
  f: ScalarFn,
  x: Float64Array,
  rng: Rng,
  secondOrder = true,
): DerivativeErrors {
  const r = gradCheck(f, x);
  expect(r.relError).toBeLessThan(1e-6);
  if (!secondOrder) return { first: r.relError, second: Number.NaN };
  const v = randn([x.length], rng).data;
  const hv = hvp(f, x, v);
  const g = valueAndGrad(f);
  const h = 1e-5;
  const gp = g(x.map((xi, i) => xi + h * v[i])).gradient;
  const gm = g(x.map((xi, i) => xi - h * v[i])).gradient;
  let err = 0;
  let scale = 0;
  for (let i = 0; i < x.length; i++) {
    const fd = (gp[i] - gm[i]) / (2 * h);
    err = Math.max(err, Math.abs(hv[i] - fd));
    scale = Math.max(scale, Math.abs(fd));
  }
  // Piecewise-linear functions have a zero Hessian: compare absolutely then (FD noise ~1e-10).
  const second = scale > 1e-6 ? err / scale : err;
  expect(second).toBeLessThan(1e-6);
  return { first: r.relError, second };
}

/** A random weighting w so that sum(w ⊙ op(x)) tests every output element's gradient. */
export function weighted(shape: Shape, rng: Rng): (t: Tensor) => Tensor {
  const w = randn(shape, rng);
  return (t) => t.mul(w).sum();
}

/** n numbers uniform in [lo, hi). */
export function uniform(n: number, lo: number, hi: number, rng: Rng): Float64Array {
  return rng.fillUniform(new Float64Array(n)).map((u) => lo + (hi - lo) * u);
}
