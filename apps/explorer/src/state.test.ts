import { describe, expect, it } from "vitest";
import { PRESETS } from "./presets.js";
import { decodeState, effectiveBeta, encodeState, stateFromPreset } from "./state.js";

describe("URL state", () => {
  it("round-trips every preset and an edited state exactly", () => {
    for (const p of PRESETS) {
      const s = stateFromPreset(p.id);
      expect(decodeState(encodeState(s))).toEqual(s);
    }
    const edited = {
      ...stateFromPreset("example-19"),
      f: "x^2 + y^2 # & = ?",
      lambda: 0.5,
      tempMode: "sgd" as const,
      eta: 0.05,
      batch: 7,
      dMode: "matrix" as const,
      da: 1.25,
      db: 0.5,
      dc: -0.1,
      bounds: [-3, 3, -1.5, 2.5] as [number, number, number, number],
      nebA: [-0.3, 1e-7] as [number, number],
      neb: false,
      speed: 4,
    };
    expect(decodeState(`#${encodeState(edited)}`)).toEqual(edited);
  });

  it("falls back to the preset for missing or malformed entries", () => {
    const s = decodeState("preset=muller-brown&beta=abc&bounds=1,2,3&mode=nonsense");
    expect(s).toEqual(stateFromPreset("muller-brown"));
    expect(decodeState("preset=unknown")).toEqual(stateFromPreset("double-well"));
  });

  it("β from SGD parameters is 2b/η (β⁻¹ = η/2b, Lemma 2)", () => {
    expect(effectiveBeta({ tempMode: "sgd", beta: 1, eta: 0.1, batch: 10 })).toBeCloseTo(200, 12);
    expect(effectiveBeta({ tempMode: "beta", beta: 3, eta: 0.1, batch: 10 })).toBe(3);
  });
});
