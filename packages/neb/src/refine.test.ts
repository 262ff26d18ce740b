import { InvalidArgumentError, NonFiniteError } from "@langevin/core";
import { describe, expect, it } from "vitest";
import { refineCriticalPoint, refineSaddle } from "./refine.js";

describe("refineCriticalPoint", () => {
  it("finds the saddle of a quadratic in one Newton step and reports index 1", () => {
    // E = x² − 2y² + xy − x: ∇E = (2x + y − 1, x − 4y) = 0 at x = 4/9, y = 1/9.
    const energy = (x: Float64Array, g: Float64Array) => {
      g[0] = 2 * x[0] + x[1] - 1;
      g[1] = x[0] - 4 * x[1];
      return x[0] * x[0] - 2 * x[1] * x[1] + x[0] * x[1] - x[0];
    };
    const c = refineCriticalPoint(energy, [0.5, 0.05], { maxStep: 10 });
    expect(c.iterations).toBe(1);
    expect(c.index).toBe(1);
    // The finite-difference Hessian of a linear gradient is exact up to round-off ε/h ≈ 1e-11.
    expect(c.x).toBeAllclose([4 / 9, 1 / 9], { atol: 1e-10 });
  });

  it("converges quadratically to a minimum of a non-quadratic function", () => {
    // E = cosh(x − 1) + (y + 2)⁴/4 + (y + 2)²: minimum at (1, −2).
    const energy = (x: Float64Array, g: Float64Array) => {
      const u = x[1] + 2;
      g[0] = Math.sinh(x[0] - 1);
      g[1] = u * u * u + 2 * u;
      return Math.cosh(x[0] - 1) + (u * u * u * u) / 4 + u * u;
    };
    const c = refineCriticalPoint(energy, [1.3, -1.8]);
    expect(c.converged).toBe(true);
    expect(c.index).toBe(0);
    expect(c.iterations).toBeLessThanOrEqual(6); // quadratic convergence from 0.3 away: a handful of steps
    expect(c.x).toBeAllclose([1, -2], { atol: 1e-10 }); // |∇E| ≤ 1e-10 and H ≈ I ⇒ |Δx| ≲ 1e-10
  });
});

/** A 1-D energy from its value, slope and curvature. */
function oneD(f: (x: number) => number, df: (x: number) => number, d2f: (x: number) => number) {
  return {
    energy: (x: Float64Array, g: Float64Array) => {
      g[0] = df(x[0]);
      return f(x[0]);
    },
    hessian: (x: Float64Array, out: Float64Array) => {
      out[0] = d2f(x[0]);
    },
  };
}

describe("refineCriticalPoint: scale-aware convergence (issue 15)", () => {
  it("exp(x) has no critical point: not converged, although |∇E| falls below any absolute tolerance", () => {
    const { energy, hessian } = oneD(Math.exp, Math.exp, Math.exp);
    const c = refineCriticalPoint(energy, [0], { hessian, maxStep: Number.POSITIVE_INFINITY, maxIter: 200 });
    expect(c.converged).toBe(false);
    expect(c.reason).toBe("max-iter");
    // An absolute test |∇E| ≤ 1e-10 stopped at x ≈ −24 and called it a minimum; the Newton step
    // e^x / e^x = 1 never shrinks, whatever the gradient.
    expect(c.gradientNorm).toBeLessThan(1e-80);
    expect(c.newtonStep).toBeAllclose(1, { rtol: 1e-12 }); // exactly 1 up to round-off of e^x/e^x
  });

  it("x³: the inflection at 0 is degenerate from every start, never a minimum", () => {
    const { energy, hessian } = oneD(
      (x) => x ** 3,
      (x) => 3 * x * x,
      (x) => 6 * x,
    );
    for (const start of [1, 0.1, -1, 1e-3, 37]) {
      const c = refineCriticalPoint(energy, [start], {
        hessian,
        maxStep: Number.POSITIVE_INFINITY,
        maxIter: 200,
      });
      expect(c.converged).toBe(true);
      expect(c.kind).toBe("degenerate");
      expect(c.zeroEigenvalues).toBe(1);
      // Newton halves x on x³, so it stops once x/2 ≤ xtol·|start| (1e-10 relative).
      expect(Math.abs(c.x[0])).toBeLessThanOrEqual(2e-10 * Math.abs(start) * 1.01);
    }
  });

  it("x⁴ is degenerate; 1e-10·x² + x⁴ is a minimum with a tiny curvature (the test is not relative to the start)", () => {
    const flat = oneD(
      (x) => x ** 4,
      (x) => 4 * x ** 3,
      (x) => 12 * x * x,
    );
    const c4 = refineCriticalPoint(flat.energy, [1], { hessian: flat.hessian, maxIter: 200 });
    expect(c4.converged).toBe(true);
    expect(c4.kind).toBe("degenerate");
    const soft = oneD(
      (x) => 1e-10 * x * x + x ** 4,
      (x) => 2e-10 * x + 4 * x ** 3,
      (x) => 2e-10 + 12 * x * x,
    );
    const c = refineCriticalPoint(soft.energy, [1], { hessian: soft.hessian, maxIter: 200 });
    expect(c.converged).toBe(true);
    expect(c.kind).toBe("minimum");
    // H(0) = 2e-10; at the end x is far inside the quadratic zone |x| ≪ 4e-6, so 12x² is negligible.
    expect(c.eigenvalues[0]).toBeAllclose(2e-10, { rtol: 1e-6 });
  });

  it("the answer does not depend on the scale of E (1e-20 and 1e12 times a double well)", () => {
    const found = [1e-20, 1, 1e12].map((s) => {
      const { energy, hessian } = oneD(
        (x) => s * (x * x - 1) ** 2,
        (x) => s * 4 * x * (x * x - 1),
        (x) => s * (12 * x * x - 4),
      );
      return refineCriticalPoint(energy, [0.7], { hessian, maxStep: Number.POSITIVE_INFINITY });
    });
    for (const c of found) {
      expect(c.converged).toBe(true);
      expect(c.kind).toBe("minimum");
      // Quadratic convergence: the last step ≤ 1e-10 leaves an error ~1e-20; round-off only.
      expect(c.x).toBeAllclose([1], { atol: 1e-15 });
    }
  });

  it("x² + y has no critical point: a stall of |∇E| at (0, y) is reported, not a critical point", () => {
    const energy = (x: Float64Array, g: Float64Array) => {
      g[0] = 2 * x[0];
      g[1] = 1;
      return x[0] * x[0] + x[1];
    };
    const c = refineCriticalPoint(energy, [0.3, 0.2], { maxStep: Number.POSITIVE_INFINITY });
    expect(c.converged).toBe(false);
    expect(c.reason).toBe("stalled");
    expect(c.gradientNorm).toBeAllclose(1, { atol: 1e-9 }); // ∂E/∂y = 1 everywhere
  });

  it("a NaN start is an InvalidArgumentError naming x0; a NaN energy at x0 a NonFiniteError", () => {
    const energy = (x: Float64Array, g: Float64Array) => {
      g[0] = 2 * x[0];
      return x[0] * x[0];
    };
    expect(() => refineSaddle(energy, [0.1, Number.NaN])).toThrow(InvalidArgumentError);
    expect(() => refineSaddle(energy, [0.1, Number.NaN])).toThrow(
      /^x0: x0\[1\] must be a finite number, got NaN/,
    );
    const logE = (x: Float64Array, g: Float64Array) => {
      g[0] = 1 / x[0];
      return Math.log(x[0]);
    };
    expect(() => refineCriticalPoint(logE, [-1])).toThrow(NonFiniteError);
    expect(() => refineCriticalPoint(logE, [-1])).toThrow(/not finite at x0 = \[-1\]/);
  });
});
