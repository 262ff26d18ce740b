import { describe, expect, it } from "vitest";
import { monkeySaddle, quadraticSaddle, step2d } from "./saddle2d.js";

describe("step2d", () => {
  it("Newton on the monkey saddle halves the point (Euler: H x = 2∇f for degree 3)", () => {
    const p = new Float64Array([0.3, -0.7]);
    step2d(monkeySaddle, "newton", p, 0);
    expect(Array.from(p)).toBeAllclose([0.15, -0.35], { rtol: 1e-14 }); // round-off of a 2×2 eigen-solve
  });
  it("saddle-free Newton flips the step along the negative-curvature direction", () => {
    const p = new Float64Array([0.5, 0.25]);
    step2d(quadraticSaddle, "saddle-free newton", p, 0);
    expect(Array.from(p)).toBeAllclose([0, 0.5], { atol: 1e-15 }); // x − 10x/10, y + 2y/2, exact
  });
  it("the saddle-free step on the monkey saddle has length r/2 (|H| = 6r·I)", () => {
    const p = new Float64Array([0.2 * Math.cos(1), 0.2 * Math.sin(1)]);
    const before = Float64Array.from(p);
    step2d(monkeySaddle, "saddle-free newton", p, 0);
    expect(Math.hypot(p[0] - before[0], p[1] - before[1])).toBeAllclose(0.1, { rtol: 1e-13 }); // round-off
  });
});
