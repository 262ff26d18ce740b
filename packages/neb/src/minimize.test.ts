import { AbortError, InvalidArgumentError, NonFiniteError } from "@langevin/core";
import { describe, expect, it } from "vitest";
import { minimize } from "./minimize.js";
import { refineCriticalPoint } from "./refine.js";
import { mullerBrown } from "./surfaces/mullerBrown.js";

/** Rosenbrock's function (1 − x)² + 100(y − x²)²: one minimum at (1, 1), E = 0. */
function rosenbrock(x: Float64Array, g: Float64Array): number {
  const a = 1 - x[0];
  const b = x[1] - x[0] * x[0];
  g[0] = -2 * a - 400 * x[0] * b;
  g[1] = 200 * b;
  return a * a + 100 * b * b;
}

describe("minimize", () => {
  it("BFGS solves Rosenbrock from (−1.2, 1) to the gradient tolerance", () => {
    const r = minimize(rosenbrock, [-1.2, 1], { gtol: 1e-10 });
    expect(r.converged).toBe(true);
    expect(r.reason).toBe("converged");
    // Near the minimum H = [[802, −400], [−400, 200]] (smallest eigenvalue 0.4): |x − x*| ≤ |∇E|/0.4.
    expect(r.x).toBeAllclose([1, 1], { atol: 1e-9 });
    expect(r.gradientNorm).toBeLessThanOrEqual(1e-10);
    // Superlinear: BFGS takes a few dozen steps here (scipy's BFGS: 32); steepest descent thousands.
    expect(r.iterations).toBeLessThan(60);
  });

  it("BFGS on a quadratic ends in at most n + a few steps (exact line search is not needed for that bound to be near)", () => {
    // E = ½ xᵀAx − bᵀx, A SPD 4 × 4: minimum at A⁻¹b = (1, −1, 0.5, 2) by construction.
    const A = [4, 1, 0, 0, 1, 3, 0.5, 0, 0, 0.5, 2, 0.2, 0, 0, 0.2, 1];
    const xs = [1, -1, 0.5, 2];
    const b = [0, 0, 0, 0].map((_, i) => xs.reduce((s, v, j) => s + A[i * 4 + j] * v, 0));
    const energy = (x: Float64Array, g: Float64Array) => {
      let e = 0;
      for (let i = 0; i < 4; i++) {
        let v = 0;
        for (let j = 0; j < 4; j++) v += A[i * 4 + j] * x[j];
        g[i] = v - b[i];
        e += 0.5 * x[i] * v - b[i] * x[i];
      }
      return e;
    };
    const r = minimize(energy, [0, 0, 0, 0], { gtol: 1e-12 });
    expect(r.converged).toBe(true);
    // κ(A) < 10: the error is at most |∇E| / λ_min < 1e-12 / 0.8.
    expect(r.x).toBeAllclose(xs, { atol: 2e-12 });
    expect(r.iterations).toBeLessThan(20);
  });

  it("gradient descent reaches the same Müller–Brown minimum as BFGS, and refineCriticalPoint calls it a minimum", () => {
    const mb = mullerBrown();
    const bf = minimize(mb.energy, [0, 0.5], { gtol: 1e-6 });
    const gd = minimize(mb.energy, [0, 0.5], { method: "gd", gtol: 1e-6 });
    expect(bf.converged && gd.converged).toBe(true);
    const c = refineCriticalPoint(mb.energy, bf.x);
    expect(c.kind).toBe("minimum");
    // Minimum C of the surface's table; |x − x*| ≤ |∇E| / λ_min (λ_min ≈ 100 here).
    const C = mb.minima[2];
    expect(c.x).toBeAllclose(C, { atol: 2e-3 });
    expect(bf.x).toBeAllclose(c.x, { atol: 1e-7 });
    expect(gd.x).toBeAllclose(c.x, { atol: 1e-7 });
    expect(gd.iterations).toBeGreaterThan(bf.iterations);
  });

  it("says when E is unbounded below, when the iteration limit is hit, and never calls them converged", () => {
    // E = −x²: every step triples x, so E passes −1e300 after about 315 steps.
    const hill = (x: Float64Array, g: Float64Array) => {
      g[0] = -2 * x[0];
      return -x[0] * x[0];
    };
    const d = minimize(hill, [1]);
    expect(d.reason).toBe("diverged");
    expect(d.diverged).toBe(true);
    expect(d.converged).toBe(false);
    const m = minimize(rosenbrock, [-1.2, 1], { maxIter: 3 });
    expect(m.reason).toBe("max-iter");
    expect(m.iterations).toBe(3);
    expect(m.converged).toBe(false);
  });

  it("names bad input and stops on an aborted signal", () => {
    expect(() => minimize(rosenbrock, [])).toThrow(InvalidArgumentError);
    expect(() => minimize(rosenbrock, [Number.NaN, 1])).toThrow(/x0: component 0 is NaN/);
    expect(() => minimize(rosenbrock, [0, 0], { gtol: 0 })).toThrow(/options.gtol/);
    expect(() => minimize(rosenbrock, [0, 0], { maxIter: 0.5 })).toThrow(/options.maxIter/);
    // @ts-expect-error: a method that does not exist, as from an untyped caller
    expect(() => minimize(rosenbrock, [0, 0], { method: "newton" })).toThrow(/options.method/);
    const log = (x: Float64Array, g: Float64Array) => {
      g[0] = 1 / x[0];
      return Math.log(x[0]);
    };
    expect(() => minimize(log, [-1])).toThrow(NonFiniteError);
    const ac = new AbortController();
    ac.abort();
    expect(() => minimize(rosenbrock, [0, 0], { signal: ac.signal })).toThrow(AbortError);
  });
});
