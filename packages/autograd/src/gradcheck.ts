import { InvalidArgumentError } from "@langevin/core";
import { gradients } from "./engine.js";
import { noGrad } from "./mode.js";
import { fmt, type Shape } from "./shape.js";
import { Tensor } from "./tensor.js";

/** The outcome of `gradCheck`. */
export interface GradCheckResult {
  /** Reverse-mode gradient. */
  analytic: Float64Array;
  /** Central-difference gradient. */
  numeric: Float64Array;
  /** max |analytic − numeric|. */
  maxAbsError: number;
  /** max |analytic − numeric| / max(max |numeric|, 1e-300): norm-wise relative error. */
  relError: number;
}

/**
 * Compares the reverse-mode gradient of a scalar function with central differences
 * (f(x + h eᵢ) − f(x − h eᵢ)) / 2h, h = `eps` · max(1, |xᵢ|). The truncation error is O(h²) and
 * the round-off O(ε_machine/h): h = 1e-5 balances them near 1e-10 relative for smooth f.
 * @example
 * const r = gradCheck((x) => x.tanh().sum(), new Float64Array([0.3, -1.2]));
 * r.relError < 1e-8; // true
 */
export function gradCheck(
  f: (x: Tensor) => Tensor,
  x: ArrayLike<number>,
  options: { shape?: Shape; eps?: number } = {},
): GradCheckResult {
  const x0 = Float64Array.from(x);
  const shape = options.shape ? [...options.shape] : [x0.length];
  const eps = options.eps ?? 1e-5;
  const input = new Tensor(x0.slice(), shape);
  input.requiresGrad = true;
  const y = f(input);
  if (y.size !== 1) {
    throw new InvalidArgumentError("f", `gradCheck: f must return one value, got shape ${fmt(y.shape)}`);
  }
  const analytic = Float64Array.from(gradients(y, [input])[0].data);
  const numeric = new Float64Array(x0.length);
  const probe = x0.slice();
  const evaluate = (): number => noGrad(() => f(new Tensor(probe, shape)).data[0]);
  for (let i = 0; i < x0.length; i++) {
    const h = eps * Math.max(1, Math.abs(x0[i]));
    probe[i] = x0[i] + h;
    const fp = evaluate();
    probe[i] = x0[i] - h;
    const fm = evaluate();
    probe[i] = x0[i];
    numeric[i] = (fp - fm) / (2 * h);
  }
  let maxAbs = 0;
  let scale = 0;
  for (let i = 0; i < x0.length; i++) {
    maxAbs = Math.max(maxAbs, Math.abs(analytic[i] - numeric[i]));
    scale = Math.max(scale, Math.abs(numeric[i]));
  }
  return { analytic, numeric, maxAbsError: maxAbs, relError: maxAbs / Math.max(scale, 1e-300) };
}
