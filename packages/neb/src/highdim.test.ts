import { describe, expect, it } from "vitest";
import { autoNeb } from "./autoneb.js";
import { neb } from "./neb.js";
import { refineCriticalPoint } from "./refine.js";
import { curvedValley } from "./surfaces/curvedValley.js";

/**
 * The curved valley embedded in Rⁿ: E(x) = V(x₀, x₁) + ½ Σ_{i≥2} s_i (x_i − c_i x₁)², with fixed
 * stiffnesses s_i ∈ [1, 3] and couplings c_i. Every critical point of E is a critical point of V
 * with x_i = c_i x₁, at the same energy: the saddle is at (0, y*, c_i y*) with E = V(0, y*).
 */
function embedded(dim: number) {
  const v = curvedValley();
  const s = new Float64Array(dim);
  const c = new Float64Array(dim);
  for (let i = 2; i < dim; i++) {
    s[i] = 1 + ((i * 7919) % 101) / 50; // deterministic values in [1, 3]
    c[i] = (((i * 104729) % 201) - 100) / 400; // deterministic values in [-0.25, 0.25]
  }
  const g2 = new Float64Array(2);
  const x2 = new Float64Array(2);
  const energy = (x: Float64Array, g: Float64Array): number => {
    x2[0] = x[0];
    x2[1] = x[1];
    let e = v.energy(x2, g2);
    g[0] = g2[0];
    g[1] = g2[1];
    for (let i = 2; i < dim; i++) {
      const d = x[i] - c[i] * x[1];
      e += 0.5 * s[i] * d * d;
      g[i] = s[i] * d;
      g[1] -= s[i] * d * c[i];
    }
    return e;
  };
  return { energy, c };
}

describe("NEB in many dimensions", () => {
  const dim = 1000;
  const { energy, c } = embedded(dim);
  const a = new Float64Array(dim);
  const b = new Float64Array(dim);
  a[0] = -1;
  b[0] = 1;
  // Reference: Newton on V's analytic gradient in 2-D, independent of NEB.
  const ref = refineCriticalPoint(curvedValley().energy, curvedValley().saddles[0]);
  const ySaddle = ref.x[1];
  const eSaddle = ref.energy;

  it.each([
    ["neb", () => neb(energy, a, b, { images: 9, fmax: 1e-5, maxIter: 3000 })],
    [
      "autoNeb (string)",
      () => autoNeb(energy, a, b, { startImages: 3, maxImages: 9, method: "string", fmax: 1e-5 }),
    ],
  ] as const)("%s finds the embedded saddle in 1000 dimensions", (_, run) => {
    const r = run();
    expect(r.converged, r.reason).toBe(true);
    expect(r.dim).toBe(dim);
    // |∇E| < 1e-5 and the smallest |Hessian eigenvalue| at the saddle is ≈ 0.5 (V's, the embedding
    // only adds stiffnesses ≥ 1 after elimination), so |Δx| ≲ 2e-5 and |ΔE| ≲ |∇E|²/|λ| ≈ 2e-10.
    expect(r.saddle.energy).toBeAllclose(eSaddle, { atol: 1e-8 });
    expect(r.saddle.x[0]).toBeAllclose(0, { atol: 1e-4 });
    expect(r.saddle.x[1]).toBeAllclose(ySaddle, { atol: 1e-4 });
    let worst = 0;
    for (let i = 2; i < dim; i++) worst = Math.max(worst, Math.abs(r.saddle.x[i] - c[i] * ySaddle));
    expect(worst).toBeLessThan(1e-4);
  });
});
