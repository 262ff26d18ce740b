import { createRng } from "@langevin/core";
import { compile, compileVector } from "@langevin/expr";
import { describe, expect, it } from "vitest";
import { example19 } from "./example19.js";

describe("example19", () => {
  const m = example19(1.5);
  const points = (() => {
    const rng = createRng(19);
    return Array.from({ length: 200 }, () => [3 * rng.normal(), 3 * rng.normal()]);
  })();

  it("the expressions and the JS functions are the same model (round-off apart)", () => {
    const phi = compile(m.expressions.phi, ["x", "y"], { derivatives: 1 });
    const g = compile(m.expressions.g, ["x", "y"], { constants: { lambda: 1.5 }, derivatives: 0 });
    const b = compileVector(m.expressions.drift, ["x", "y"], { constants: { lambda: 1.5 }, derivatives: 0 });
    const out = new Float64Array(2);
    const bx = new Float64Array(2);
    for (const p of points) {
      const x = Float64Array.from(p);
      // The same arithmetic in another order: a few ulps of the largest term.
      expect(phi.value(x)).toBeAllclose(m.phi(x), { rtol: 1e-14, atol: 1e-300 });
      expect(g.value(x)).toBeAllclose(m.g(x), { rtol: 1e-13, atol: 1e-300 }); // exp amplifies Φ's ulps by |Φ − r⁴/4| ≤ ~100
      b.value(x, bx);
      m.drift(x, out);
      const scale = Math.abs(x[0]) ** 3 + Math.abs(x[0]) + Math.abs(x[1]) + m.g(x) * Math.hypot(x[0], x[1]);
      for (let k = 0; k < 2; k++) expect(Math.abs(bx[k] - out[k])).toBeLessThan(1e-13 * scale);
    }
  });

  it("drift = −∇Φ + g·(−y, x) and the problem's parts add up to it", () => {
    const phi = compile(m.expressions.phi, ["x", "y"], { derivatives: 1 });
    const grad = new Float64Array(2);
    const out = new Float64Array(2);
    const rot = new Float64Array(2);
    const pr = m.problem();
    expect(pr.beta).toBe(1);
    expect(pr.diffusion).toBe(1);
    for (const p of points.slice(0, 50)) {
      const x = Float64Array.from(p);
      phi.gradient(x, grad);
      m.drift(x, out);
      pr.nonGradientDrift?.(x, rot);
      expect(pr.potential?.(x)).toBe(m.phi(x));
      const scale = 1 + Math.abs(x[0]) ** 3 + m.g(x) * Math.hypot(x[0], x[1]);
      for (let k = 0; k < 2; k++) expect(Math.abs(out[k] - (-grad[k] + rot[k]))).toBeLessThan(1e-14 * scale);
    }
  });

  it("e^{−Φ} is stationary: ∇·(ρ b) = Δρ, checked by central differences (error O(h²))", () => {
    // With D = I, β = 1 the Fokker–Planck flux is J = bρ − ∇ρ; stationarity is ∇·J = 0.
    const h = 1e-3;
    const rho = (x: number, y: number) => Math.exp(-m.phi([x, y]));
    const b = (x: number, y: number) => m.drift([x, y], new Float64Array(2));
    for (const [x, y] of points.slice(0, 40).map(([u, v]) => [u / 2, v / 2])) {
      const div =
        (b(x + h, y)[0] * rho(x + h, y) - b(x - h, y)[0] * rho(x - h, y)) / (2 * h) +
        (b(x, y + h)[1] * rho(x, y + h) - b(x, y - h)[1] * rho(x, y - h)) / (2 * h);
      const lap = (rho(x + h, y) + rho(x - h, y) + rho(x, y + h) + rho(x, y - h) - 4 * rho(x, y)) / (h * h);
      // Both stencils are O(h²) = 1e-6 relative to the third/fourth derivatives of ρ b and ρ,
      // which are O(10 ρ·(1 + |x|³)²) on |x| ≤ 3: 1e-4 of that scale is a safe bound.
      const scale = rho(x, y) * (1 + (x * x + y * y) ** 3);
      expect(Math.abs(div - lap)).toBeLessThan(1e-4 * scale);
    }
  });

  it("Z matches a trapezoid sum, the density integrates to 1, and λ = 0 has no rotation", () => {
    let s = 0;
    const h = 1e-3;
    for (let x = -8; x <= 8; x += h) s += Math.exp(-((x * x - 1) ** 2) / 4) * h;
    // The trapezoid rule is spectrally accurate for this smooth, rapidly decaying integrand.
    expect(m.partitionFunction()).toBeAllclose(s * Math.sqrt(2 * Math.PI), { rtol: 1e-9 });
    expect(example19(0).g([0.3, 0.4])).toBe(0);
    expect(() => example19(Number.NaN)).toThrow(/lambda: must be finite/);
  });
});
