import { describe, expect, it } from "vitest";
import { neb } from "../neb.js";
import { refineCriticalPoint } from "../refine.js";
import { curvedValley } from "../surfaces/curvedValley.js";
import { lepsHarmonic } from "../surfaces/leps.js";
import { fire } from "./fire.js";
import { lbfgs } from "./lbfgs.js";
import { momentum } from "./momentum.js";
import type { NebOptimizer } from "./optimizer.js";
import { quickMin } from "./quickMin.js";

describe("optimisers", () => {
  const v = curvedValley();
  const ref = refineCriticalPoint(v.energy, v.saddles[0]);
  const cases: [string, () => NebOptimizer][] = [
    ["FIRE", () => fire()],
    ["quick-min", () => quickMin({ dt: 0.05 })],
    ["momentum", () => momentum({ learningRate: 0.01, momentum: 0.8, maxStep: 0.1 })],
    ["L-BFGS", () => lbfgs({ maxStep: 0.1 })],
  ];
  it.each(cases)("%s takes the curved-valley band to the saddle", (_, make) => {
    const r = neb(v.energy, v.minima[0], v.minima[1], {
      images: 9,
      fmax: 1e-5,
      optimizer: make(),
      maxIter: 5000,
    });
    expect(r.converged, r.reason).toBe(true);
    // |Δx| ≤ |∇E|/|λ|min = 1e-5/0.517 ≈ 2e-5.
    expect(r.saddle.x).toBeAllclose(ref.x, { atol: 1e-4 });
  });

  it("L-BFGS with a trust radius converges on LEPS + harmonic oscillator", () => {
    const s = lepsHarmonic();
    const saddle = refineCriticalPoint(s.energy, s.saddles[0]);
    const r = neb(s.energy, s.minima[0], s.minima[1], { fmax: 1e-4, optimizer: lbfgs(), maxIter: 5000 });
    expect(r.converged, r.reason).toBe(true);
    // |Δx| ≤ 1e-4/0.665 (smallest |eigenvalue| at that saddle).
    expect(r.saddle.x).toBeAllclose(saddle.x, { atol: 2e-4 });
  });

  it("FIRE keeps the global step norm under maxStep", () => {
    const opt = fire({ maxStep: 0.05 });
    opt.reset(4, 2);
    const x = new Float64Array(4);
    const f = new Float64Array([100, 0, 0, 100]);
    opt.step(x, f);
    // ASE caps the norm of the whole step: exactly maxStep when the raw step is larger.
    expect(Math.hypot(...x)).toBeAllclose(0.05, { rtol: 1e-14 });
  });
});
