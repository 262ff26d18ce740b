import { example19 } from "@langevin/fokker-planck";
import type { ScenarioFields } from "./protocol.js";

/** A built-in problem: the loss (or a drift), the box, temperature, diffusion and NEB endpoints. */
export interface Preset extends ScenarioFields {
  id: string;
  label: string;
  /** Diffusion given as [mode, a, b, c] (see state.ts). */
  diffusion: { mode: "iso" | "diag" | "angle" | "matrix"; a: number; b: number; c: number };
}

/** Müller–Brown divided by 20 so that its barriers are a few β⁻¹ at β ≈ 1. */
export const MULLER_BROWN_SCALED =
  "(-200*exp(-(x-1)^2 - 10*y^2) - 100*exp(-x^2 - 10*(y-0.5)^2) " +
  "- 170*exp(-6.5*(x+0.5)^2 + 11*(x+0.5)*(y-1.5) - 6.5*(y-1.5)^2) " +
  "+ 15*exp(0.7*(x+1)^2 + 0.6*(x+1)*(y-1) + 0.7*(y-1)^2)) / 20";

// Example 19 (Chaudhari–Soatto, after Noh & Lee) as @langevin/fokker-planck defines it; its
// expressions read λ from the preset's `lambda`.
const EXAMPLE19 = example19(1.5);

/**
 * The presets of the explorer.
 * @example
 * PRESETS.find((p) => p.id === "double-well")?.f; // "(x^2 - 1)^2 + 0.5*y^2"
 */
export const PRESETS: readonly Preset[] = [
  {
    id: "double-well",
    label: "Double well",
    mode: "potential",
    f: "(x^2 - 1)^2 + 0.5*y^2",
    bx: "",
    by: "",
    ref: "",
    lambda: 0,
    beta: 3,
    bounds: [-2, 2, -2, 2],
    x0: [-1.2, 1.2],
    s0: 0.25,
    dtFrame: 0.01,
    nebA: [-1, 0],
    nebB: [1, 0],
    neb: true,
    diffusion: { mode: "iso", a: 1, b: 1, c: 0 },
  },
  {
    id: "muller-brown",
    label: "Müller–Brown (÷20)",
    mode: "potential",
    // capped at 6 (13 β⁻¹ above the global minimum, where ρ ~ e^{-13}): the box's corners reach 800,
    // whose drift would make the explicit step 6× more expensive without changing what is seen
    f: `min(${MULLER_BROWN_SCALED}, 6)`,
    bx: "",
    by: "",
    ref: "",
    lambda: 0,
    beta: 1,
    bounds: [-1.6, 1.2, -0.5, 2.1],
    x0: [0.6, 0.05],
    s0: 0.1,
    dtFrame: 0.004,
    nebA: [-0.558224, 1.441726],
    nebB: [0.623499, 0.028038],
    neb: true,
    diffusion: { mode: "iso", a: 1, b: 1, c: 0 },
  },
  {
    id: "example-19",
    label: "Example 19 (limit cycles)",
    mode: "drift",
    f: "",
    bx: EXAMPLE19.expressions.drift[0],
    by: EXAMPLE19.expressions.drift[1],
    ref: EXAMPLE19.expressions.phi,
    lambda: EXAMPLE19.lambda,
    beta: 1,
    bounds: [-2.5, 2.5, -2.5, 2.5],
    x0: [1, 1.5],
    s0: 0.25,
    dtFrame: 0.015,
    nebA: [-1, 0],
    nebB: [1, 0],
    neb: true,
    diffusion: { mode: "iso", a: 1, b: 1, c: 0 },
  },
  {
    id: "rotated-quadratic",
    label: "Rotated anisotropic quadratic",
    mode: "potential",
    f: "0.5*(4*(0.866*x + 0.5*y)^2 + 0.5*(-0.5*x + 0.866*y)^2)",
    bx: "",
    by: "",
    ref: "",
    lambda: 0,
    beta: 2,
    bounds: [-2.5, 2.5, -2.5, 2.5],
    x0: [1.5, -1.5],
    s0: 0.2,
    dtFrame: 0.01,
    nebA: [-1.5, 1.5],
    nebB: [1.5, -1.5],
    neb: false,
    diffusion: { mode: "angle", a: -30, b: 0.3, c: 1 },
  },
];

/**
 * Looks a preset up by id.
 * @example
 * presetById("muller-brown").beta; // 1
 */
export function presetById(id: string): Preset {
  const p = PRESETS.find((q) => q.id === id);
  if (!p) throw new Error(`unknown preset "${id}"`);
  return p;
}
