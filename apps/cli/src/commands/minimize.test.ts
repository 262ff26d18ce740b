import { describe, expect, it } from "vitest";
import { langevin, stderrLines } from "../test/run.js";

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

  it("x³ from several --from: the inflection 0 is 'degenerate' (never 'minimum'), or an error naming --from", () => {
    for (const from of ["1", "0.1", "2", "0.001", "0"]) {
      const r = langevin(["minimize", "--potential", "x^3", "--from", from]);
      expect(r.code).toBe(0);
      const j = r.json();
      expect(j.kind).toBe("degenerate");
      expect(j.zeroEigenvalues).toBe(1);
      // Newton from where BFGS stopped halves x until the step is <= 1e-10 times that start.
      expect(Math.abs(j.x[0])).toBeLessThan(1e-9);
      expect(r.stderr).toMatch(/warning: not a verified minimum: degenerate critical point/);
    }
    for (const from of ["-1", "-0.5"]) {
      const r = langevin(["minimize", "--potential", "x^3", "--from", from]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(stderrLines(r)).toEqual([
        expect.stringMatching(
          new RegExp(
            `^langevin minimize: --potential "x\\^3" looks unbounded below: bfgs from --from \\(${from}\\) reached f = -`,
          ),
        ),
      ]);
    }
  });

  it("exp(x): BFGS meets |∇f| <= gtol at x ≈ −19, but there is no minimum: exit 1", () => {
    const r = langevin(["minimize", "--potential", "exp(x)", "--from", "0"]);
    expect(r.code).toBe(1);
    expect(stderrLines(r)).toEqual([
      expect.stringMatching(/^langevin minimize: no minimum found from --from \(0\)/),
    ]);
  });

  it("a saddle reached along its ridge is reported as a saddle with a warning", () => {
    const r = langevin(["minimize", "--potential", "x^2 - y^2", "--from", "1,0"]);
    expect(r.code).toBe(0);
    const j = r.json();
    expect(j.kind).toBe("saddle");
    expect(j.index).toBe(1);
    expect(r.stderr).toMatch(/warning: not a minimum: the descent stopped at a saddle/);
  });
});
