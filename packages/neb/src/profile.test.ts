import { describe, expect, it } from "vitest";
import { energyProfile } from "./profile.js";

describe("energyProfile", () => {
  it("reproduces a cubic exactly from values and slopes at the nodes", () => {
    const f = (s: number) => s * s * s - 2 * s * s + 0.5 * s + 1;
    const df = (s: number) => 3 * s * s - 4 * s + 0.5;
    const s = [0, 0.4, 1.1, 2];
    const p = energyProfile(s, s.map(f), s.map(df));
    const t = [0.1, 0.33, 0.7, 1.5, 1.99];
    // Cubic Hermite interpolation is exact on cubics: only round-off remains.
    expect(t.map((v) => p.at(v))).toBeAllclose(t.map(f), { atol: 1e-13 });
  });

  it("finds the maximum inside a segment", () => {
    // E = sin(πs) on [0, 1] with exact slopes: Hermite error on one segment is ≤ h⁴‖f⁗‖/384 = π⁴/384 ≈ 0.25
    // in the worst case, so use 5 nodes (h = 1/4): ≤ π⁴/(384·256) ≈ 1e-3.
    const s = [0, 0.25, 0.5, 0.75, 1];
    const p = energyProfile(
      s,
      s.map((v) => Math.sin(Math.PI * v)),
      s.map((v) => Math.PI * Math.cos(Math.PI * v)),
    );
    const m = p.maximum();
    expect(m.s).toBeAllclose(0.5, { atol: 1e-6 }); // symmetric data: the maximum is at the node 0.5 up to the search tolerance
    expect(m.energy).toBeAllclose(1, { atol: 1e-3 });
    const sm = p.sample(11);
    expect(sm.energy[5]).toBeAllclose(1, { atol: 1e-12 });
  });
});
