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
    // Newton converges quadratically: |∇f| <= gtol 1e-10 and |x| ~ |∇f|/min|λ| (λ = 2), so 1e-10 is safe.
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
});
