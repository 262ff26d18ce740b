import { InvalidArgumentError, ShapeMismatchError } from "@langevin/core/base";
import { constantDiffusion, type SdeProblem } from "./problem.js";

/** Options of {@link underdamped}. */
export interface UnderdampedOptions {
  /** Number of positions n; the state has 2n components per path: q (n) then p (n). */
  dim: number;
  /** ∇U(q) at one point (n values). */
  gradient: (q: Float64Array, out: Float64Array) => void;
  /** Mass m (> 0), default 1. */
  mass?: number;
  /** Friction γ (> 0), in 1/time. */
  friction: number;
  /** k_B T (> 0). */
  temperature: number;
  /** Initial positions (n numbers). */
  q0: ArrayLike<number>;
  /** Initial momenta (n numbers), default 0. */
  p0?: ArrayLike<number>;
}

/**
 * Underdamped Langevin dynamics dq = p/m dt, dp = (−∇U(q) − γ p) dt + sqrt(2γ m k_BT) dW, whose
 * stationary law is ∝ exp(−(U(q) + |p|²/2m)/k_BT). State per path: `[q_0..q_{n-1}, p_0..p_{n-1}]`.
 * Additive noise (m = n Wiener processes acting on p), so every additive-noise scheme applies;
 * `baoab` uses the splitting structure.
 * @example
 * const osc = underdamped({ dim: 1, friction: 1, temperature: 1, q0: [0],
 *   gradient: (q, out) => { out[0] = q[0]; } });
 */
export function underdamped(options: UnderdampedOptions): SdeProblem {
  const n = options.dim;
  if (!(Number.isSafeInteger(n) && n >= 1))
    throw new InvalidArgumentError("dim", `must be an integer >= 1, got ${n}`);
  const mass = options.mass ?? 1;
  const { friction, temperature } = options;
  for (const [name, v] of [
    ["mass", mass],
    ["friction", friction],
    ["temperature", temperature],
  ] as const) {
    if (!(Number.isFinite(v) && v > 0))
      throw new InvalidArgumentError(name, `must be a finite number > 0, got ${v}`);
  }
  if (options.q0.length !== n)
    throw new ShapeMismatchError("q0", `has length ${options.q0.length}, expected ${n}`);
  const p0 = options.p0 ?? new Float64Array(n);
  if (p0.length !== n) throw new ShapeMismatchError("p0", `has length ${p0.length}, expected ${n}`);
  const d = 2 * n;
  const start = new Float64Array(d);
  start.set(Array.from(options.q0), 0);
  start.set(Array.from(p0), n);
  const g = options.gradient;
  const qs = new Float64Array(n);
  const gs = new Float64Array(n);
  const force = (x: Float64Array, out: Float64Array, paths: number) => {
    for (let k = 0; k < paths; k++) {
      const b = k * d;
      for (let i = 0; i < n; i++) qs[i] = x[b + i];
      g(qs, gs);
      for (let i = 0; i < n; i++) out[k * n + i] = gs[i];
    }
  };
  let gbuf = new Float64Array(0);
  const drift = (_t: number, x: Float64Array, out: Float64Array, paths: number) => {
    if (gbuf.length < paths * n) gbuf = new Float64Array(paths * n);
    force(x, gbuf, paths);
    for (let k = 0; k < paths; k++) {
      const b = k * d;
      for (let i = 0; i < n; i++) {
        out[b + i] = x[b + n + i] / mass;
        out[b + n + i] = -gbuf[k * n + i] - friction * x[b + n + i];
      }
    }
  };
  const s = Math.sqrt(2 * friction * mass * temperature);
  const sigma = new Float64Array(d * n);
  for (let i = 0; i < n; i++) sigma[(n + i) * n + i] = s;
  return {
    dim: d,
    noiseDim: n,
    noise: "additive",
    calculus: "ito",
    drift,
    ...constantDiffusion(sigma, d, n),
    initial: (_path, out, offset) => {
      for (let i = 0; i < d; i++) out[offset + i] = start[i];
    },
    structure: { langevin: { n, force, mass, friction, temperature } },
  };
}
