import { describe, expect, it } from "vitest";
import { refineCriticalPoint } from "./refine.js";

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
