import { describe, expect, it } from "vitest";
import { langevin } from "../test/run.js";

describe("langevin minimize", () => {
  it("BFGS finds Rosenbrock's minimum (1, 1) from (−1.2, 1)", () => {
    const r = langevin(["minimize", "--potential", "(1-x)^2 + 100*(y-x^2)^2", "--from", "-1.2,1"]);
    expect(r.code).toBe(0);
    const j = r.json();
    // |∇f| <= 1e-8 and the smallest Hessian eigenvalue is ~0.4, so |x − x*| <~ 2.5e-8.
    expect(j.x).toBeAllclose([1, 1], { atol: 1e-7 });
    expect(j.index).toBe(0);
    expect(j.converged).toBe(true);
    expect(j.gradientNorm).toBeLessThanOrEqual(1e-8);
  });

  it("exits 1 when the potential is unbounded below", () => {
    const r = langevin(["minimize", "--potential", "-x^2", "--from", "1"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unbounded below/);
  });
});
