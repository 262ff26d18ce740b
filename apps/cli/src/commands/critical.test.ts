import { describe, expect, it } from "vitest";
import { langevin, stderrLines } from "../test/run.js";

describe("langevin critical", () => {
  it("finds the saddle of (x²−1)² + y² at (0, 0) with index 1 and Hessian eigenvalues (−4, 2)", () => {
    const r = langevin(["critical", "--potential", "(x^2-1)^2 + y^2", "--near", "0.3,-0.2"]);
    expect(r.code).toBe(0);
    const j = r.json();
    expect(Object.keys(j)).toEqual(
      expect.arrayContaining([
        "x",
        "value",
        "gradientNorm",
        "hessian",
        "eigenvalues",
        "eigenvectors",
        "index",
        "kind",
      ]),
    );
    // Newton converges quadratically: it stops once the step is <= xtol·|near| = 3.6e-11, and the
    // point is then ~(that step)² from the saddle; 1e-10 is safe.
    expect(j.x).toBeAllclose([0, 0], { atol: 1e-10 });
    expect(j.value).toBeAllclose(1, { atol: 1e-12 });
    // Analytic Hessian at the origin: diag(12x²−4, 2) = diag(−4, 2); round-off only.
    expect(j.eigenvalues).toBeAllclose([-4, 2], { rtol: 1e-9 });
    expect(j.index).toBe(1);
    expect(j.kind).toBe("saddle");
  });

  it("classifies a minimum (index 0) in 3-D with --vars and --param", () => {
    const min = langevin(
      ["critical", "--potential", "(a-k)^2 + 2*b^2 + 3*(c+1)^2 - a*b"].concat([
        "--vars",
        "a,b,c",
        "--param",
        "k=1",
        "--near",
        "0,0,0",
      ]),
    );
    const j = min.json();
    expect(j.index).toBe(0);
    expect(j.kind).toBe("minimum");
    // ∇f = 0: 2(a−1) − b = 0, 4b − a = 0, 6(c+1) = 0 → a = 8/7, b = 2/7, c = −1. A quadratic is
    // solved by one exact Newton step: round-off only.
    expect(j.x).toBeAllclose([8 / 7, 2 / 7, -1], { atol: 1e-12 });
    // Hessian [[2, −1, 0], [−1, 4, 0], [0, 0, 6]]: eigenvalues 3 ∓ √2 and 6.
    expect(j.eigenvalues).toBeAllclose([3 - Math.SQRT2, 3 + Math.SQRT2, 6], { rtol: 1e-12 });
  });

  it("exits 1 with the residual when Newton does not converge in --max-iter", () => {
    const r = langevin(["critical", "--potential", "x^4", "--near", "1", "--max-iter", "2"]);
    expect(r.code).toBe(1);
    const lines = stderrLines(r);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/residual \|∇f\| = \d/);
  });

  it("exp(x) has no critical point: exit 1 'no critical point found', not a minimum at x = −24", () => {
    const r = langevin(["critical", "--potential", "exp(x)", "--near", "0"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    const lines = stderrLines(r);
    expect(lines).toHaveLength(1);
    // The Newton step e^x/e^x = 1 never shrinks, however small |∇f| = e^x gets.
    expect(lines[0]).toMatch(
      /^langevin critical: no critical point found from --near \(0\) in 200 iterations/,
    );
    expect(lines[0]).toMatch(
      /Newton step \|H⁻¹∇f\| = 1\.00 is above xtol·max\(\|x\|, \|start\|\) = 2\.00e-8/,
    );
  });

  it("x² + y has none either: |∇f| = 1 stalls, exit 1", () => {
    const r = langevin(["critical", "--potential", "x^2 + y", "--near", "1,1"]);
    expect(r.code).toBe(1);
    expect(stderrLines(r)[0]).toMatch(
      /no critical point found .* \|∇f\| has a local minimum there that is not zero/,
    );
  });

  it("does not depend on the scale of f: 1e-20·(x²−1)² and 1e12·(x²−1)² both give the minimum x = 1", () => {
    for (const scale of ["1e-20", "1e12"]) {
      const r = langevin(["critical", "--potential", `${scale}*(x^2-1)^2`, "--near", "0.7"]);
      expect(r.code).toBe(0);
      const j = r.json();
      // an absolute |∇f| <= 1e-10 accepted x = 0.7 for 1e-20 (|∇f| = 1e-20 there) and could not
      // be met for 1e12 (round-off in ∇f near x = 1 is ~1e12·ε ≈ 1e-4); Newton's last step is
      // <= 1e-10 and the error is its square: round-off only.
      expect(j.x).toBeAllclose([1], { atol: 1e-15 });
      expect(j.kind).toBe("minimum");
    }
  });

  it("x³: the inflection at 0 is 'degenerate' with a warning, never a minimum", () => {
    for (const near of ["1", "0.1", "-2"]) {
      const r = langevin(["critical", "--potential", "x^3", "--near", near]);
      expect(r.code).toBe(0);
      const j = r.json();
      expect(j.kind).toBe("degenerate");
      expect(j.zeroEigenvalues).toBe(1);
      // Newton halves x on x³ and stops when x/2 <= xtol·|near|.
      expect(Math.abs(j.x[0])).toBeLessThanOrEqual(2.1e-10 * Math.abs(Number(near)));
      expect(stderrLines(r)).toEqual([expect.stringMatching(/warning: degenerate critical point/)]);
    }
  });

  it("a potential that is not finite at --near is bad input (exit 2) naming --near", () => {
    const r = langevin(["critical", "--potential", "log(x)", "--near", "-1"]);
    expect(r.code).toBe(2);
    expect(stderrLines(r)).toEqual([
      'langevin critical: --potential "log(x)": f, its gradient or its Hessian is not finite at --near (-1)',
    ]);
  });
});
