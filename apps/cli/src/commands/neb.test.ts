import { describe, expect, it } from "vitest";
import { langevin, stderrLines } from "../test/run.js";

// f = (x²−1)² + (y − x²/2)²: minima (±1, 1/2), a curved valley, and the saddle (0, 0) with f = 1 and
// Hessian diag(−4, 2) (analytic), so the straight line between the minima is not the path.
const SURFACE = "(x^2-1)^2 + (y - 0.5*x^2)^2";
// A climbing-image band between the two minima.
const BAND = ["neb", "--potential", SURFACE, "--from", "-1,0.5", "--to", "1,0.5", "--climb"];

describe("langevin neb", () => {
  it("the climbing image converges to the analytic saddle (0, 0), energy 1", () => {
    const r = langevin([...BAND, "--fmax", "1e-4"]);
    expect(r.code).toBe(0);
    const j = r.json();
    expect(Object.keys(j)).toEqual(
      expect.arrayContaining(["images", "energies", "saddle", "barrier", "evaluations", "converged"]),
    );
    expect(j.images).toHaveLength(9);
    expect(j.energies).toHaveLength(9);
    expect(j.converged).toBe(true);
    // At the climbing image |∇f| <= fmax = 1e-4; the smallest |Hessian eigenvalue| is 2, so the
    // distance to the saddle is <= 1e-4/2, and the energy error is <= ½·4·(5e-5)² ≈ 5e-9.
    expect(j.saddle.x).toBeAllclose([0, 0], { atol: 5e-5 });
    expect(j.saddle.energy).toBeAllclose(1, { atol: 1e-8 });
    expect(j.saddle.gradientNorm).toBeLessThanOrEqual(1e-4);
    expect(j.barrier.forward).toBeAllclose(1, { atol: 1e-8 });
    expect(j.barrier.backward).toBeAllclose(1, { atol: 1e-8 });
    // The path follows the valley y = x²/2 (the straight line is y = 1/2): image 2 is well below it.
    expect(j.images[2][1]).toBeLessThan(0.3);
  });

  it("--auto (AutoNEB) finds the same saddle", () => {
    const r = langevin([...BAND, "--auto"]);
    expect(r.code).toBe(0);
    const j = r.json();
    // Default fmax 0.05 over the smallest curvature 2: |x − saddle| <= 0.025.
    expect(j.saddle.x).toBeAllclose([0, 0], { atol: 0.025 });
    expect(j.saddle.energy).toBeAllclose(1, { atol: 4 * 0.025 ** 2 });
  });

  it("exits 1 with the residual fmax when --max-iter is too small, still writing the JSON", () => {
    const r = langevin([...BAND, "--max-iter", "3"]);
    expect(r.code).toBe(1);
    expect(r.json().converged).toBe(false);
    const lines = stderrLines(r);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/did not converge.*residual fmax/);
  });
});
