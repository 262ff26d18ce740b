import { describe, expect, it } from "vitest";
import { neb } from "./neb.js";
import { refineCriticalPoint } from "./refine.js";
import { curvedValley } from "./surfaces/curvedValley.js";
import { doubleWell } from "./surfaces/doubleWell.js";
import { lepsHarmonic } from "./surfaces/leps.js";
import { mullerBrown } from "./surfaces/mullerBrown.js";
import type { Surface } from "./surfaces/surface.js";

/** Distance from point c to the polyline through the images. */
function distanceToPath(images: Float64Array[], c: ArrayLike<number>): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i + 1 < images.length; i++) {
    const p = images[i];
    const q = images[i + 1];
    const dx = q[0] - p[0];
    const dy = q[1] - p[1];
    const t = Math.max(0, Math.min(1, ((c[0] - p[0]) * dx + (c[1] - p[1]) * dy) / (dx * dx + dy * dy)));
    best = Math.min(best, Math.hypot(p[0] + t * dx - c[0], p[1] + t * dy - c[1]));
  }
  return best;
}

const FMAX = 1e-5;

interface Case {
  name: string;
  surface: Surface;
  from: number;
  to: number;
  saddle: number;
  options: Parameters<typeof neb>[3];
}

const cases: Case[] = [
  // Müller–Brown's curvatures are ~10³, so a stiffer spring than ASE's 0.1 keeps the band's
  // tangential modes from dominating the convergence to 1e-5.
  {
    name: "Müller–Brown, A → B (saddle S1)",
    surface: mullerBrown(),
    from: 0,
    to: 1,
    saddle: 0,
    options: { spring: 20 },
  },
  {
    name: "Müller–Brown, C → B (saddle S2)",
    surface: mullerBrown(),
    from: 2,
    to: 1,
    saddle: 1,
    options: { spring: 20 },
  },
  {
    name: "tilted 2-D double well",
    surface: doubleWell({ tilt: 0.05 }),
    from: 0,
    to: 1,
    saddle: 0,
    options: {},
  },
  { name: "LEPS + harmonic oscillator", surface: lepsHarmonic(), from: 0, to: 1, saddle: 0, options: {} },
  { name: "curved valley around a hump", surface: curvedValley(), from: 0, to: 1, saddle: 0, options: {} },
  {
    name: "curved valley, string method",
    surface: curvedValley(),
    from: 0,
    to: 1,
    saddle: 0,
    options: { method: "string" },
  },
  {
    name: "Müller–Brown A → B, energy-weighted springs",
    surface: mullerBrown(),
    from: 0,
    to: 1,
    saddle: 0,
    options: { spring: { kMax: 40, kMin: 10 } },
  },
];

describe("neb: the climbing image converges to the saddle found by Newton's method", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const s = c.surface;
    // Endpoints: the tabulated minima polished by Newton; reference saddle: Newton from the tabulated
    // approximate saddle (independent of NEB).
    const a = refineCriticalPoint(s.energy, s.minima[c.from]).x;
    const b = refineCriticalPoint(s.energy, s.minima[c.to]).x;
    const ref = refineCriticalPoint(s.energy, s.saddles[c.saddle]);
    expect(ref.index).toBe(1);
    const r = neb(s.energy, a, b, { images: 9, fmax: FMAX, maxIter: 4000, ...c.options });
    expect(r.converged, r.reason).toBe(true);
    expect(r.warnings).toEqual([]);
    expect(r.saddle.climbing).toBe(true);
    // The climbing image's NEB force has the norm of ∇E (tangential part inverted), so fmax bounds it.
    expect(r.saddle.gradientNorm).toBeLessThan(FMAX);
    // |Δx| ≤ |∇E|/|λ|min ≤ 1e-5/0.5 = 2e-5 and |ΔE| ≲ |∇E|²/(2|λ|min) ≈ 1e-10 on every surface
    // here (smallest |Hessian eigenvalue| at these saddles ≈ 0.52); the brief asks for 1e-4.
    expect(r.saddle.x).toBeAllclose(ref.x, { atol: 1e-4 });
    expect(r.saddle.energy).toBeAllclose(ref.energy, { atol: 1e-4 });
    expect(r.barrierForward).toBeAllclose(ref.energy - r.energies[0], { atol: 1e-4 });
    expect(r.barrierBackward).toBeAllclose(ref.energy - r.energies[r.n - 1], { atol: 1e-4 });
    expect(r.evaluations).toBe(2 + (r.n - 2) * (r.iterations + 1));
  });
});

describe("neb: paths", () => {
  it("Müller–Brown: the path from the global to the second minimum passes through the intermediate minimum", () => {
    const mb = mullerBrown();
    const a = refineCriticalPoint(mb.energy, mb.minima[0]).x;
    const b = refineCriticalPoint(mb.energy, mb.minima[1]).x;
    const c = refineCriticalPoint(mb.energy, mb.minima[2]);
    const r = neb(mb.energy, a, b, { images: 9, fmax: 1e-3, spring: 20 });
    expect(r.converged).toBe(true);
    // The polyline of 9 images (spacing h ≈ 0.35) sags from the curved MEP by ≲ h²κ/8 ≈ 0.015κ;
    // 0.01 allows κ ≈ 0.7 near C (measured distance 1.2e-3).
    expect(distanceToPath(r.images, c.x)).toBeLessThan(0.01);
    // The energy profile has an interior local minimum at E(C) (Hermite interpolation error ≲ 0.01 here).
    const sm = r.profile.sample(400);
    const mins: number[] = [];
    for (let i = 1; i < 399; i++) {
      if (sm.energy[i] < sm.energy[i - 1] && sm.energy[i] < sm.energy[i + 1]) mins.push(sm.energy[i]);
    }
    expect(mins.length).toBe(1);
    expect(mins[0]).toBeAllclose(c.energy, { atol: 0.01 });
    // Two barriers: S1 (the climbing image) and S2 beyond C.
    expect(r.barrierForward).toBeAllclose(-40.665 - -146.7, { atol: 1e-2 });
  });

  it("curved valley: the band leaves the straight line over the hump for the valley", () => {
    const v = curvedValley();
    const g = new Float64Array(2);
    const r = neb(v.energy, v.minima[0], v.minima[1], { images: 9, fmax: 1e-3 });
    expect(r.converged).toBe(true);
    // Straight line: its middle is the hump, E = 2 exactly; the valley's saddle is at 0.3749.
    expect(v.energy(new Float64Array([0, 0]), g)).toBe(2);
    expect(r.saddle.energy).toBeLessThan(0.38);
    for (const x of r.images.slice(1, -1)) {
      // Every moving image sits on the valley floor, whose radius runs from 0.942 (the saddle, by
      // Newton) to 1 (the minima); the radial stiffness 16 keeps a converged band within ≲ 0.01 of it.
      const r0 = Math.hypot(x[0], x[1]);
      expect(r0).toBeGreaterThan(0.93);
      expect(r0).toBeLessThan(1.01);
      expect(x[1]).toBeLessThan(0);
    }
  });

  it("reproduces ASE 3.22's NEB + FIRE run on Müller–Brown step for step", () => {
    // bench/ase_neb.py with climb=1 (k = 0.1, improved tangent, FIRE defaults, fmax 0.05, 9 images)
    // printed: 61 steps, 436 calculator calls, climbing image at (-0.8219370218885346, 0.6243259172048836).
    const mb = mullerBrown();
    const r = neb(mb.energy, mb.minima[0], mb.minima[1], { images: 9, fmax: 0.05, spring: 0.1 });
    expect(r.iterations).toBe(61);
    expect(r.evaluations).toBe(436);
    // Same arithmetic in a different order: round-off differences of 1e-16 grow over 61 steps;
    // 1e-9 is loose for that and tight against any algorithmic difference (which moves it ≥ 1e-4).
    expect(r.saddle.x).toBeAllclose([-0.8219370218885346, 0.6243259172048836], { atol: 1e-9 });
  });

  it("waypoints and an explicit initial path are honoured", () => {
    const v = curvedValley();
    const r = neb(v.energy, v.minima[0], v.minima[1], {
      images: 9,
      waypoints: [[0, -1]],
      fmax: 1e-3,
    });
    expect(r.converged).toBe(true);
    const r2 = neb(v.energy, v.minima[0], v.minima[1], { initialPath: r.path, fmax: 1e-3 });
    // Started from a converged band: no step needed.
    expect(r2.iterations).toBe(0);
    expect(r2.evaluations).toBe(2 + 7);
  });

  it("without climbing the highest image is reported, not converged to the saddle", () => {
    const v = curvedValley();
    const r = neb(v.energy, v.minima[0], v.minima[1], { images: 8, fmax: 1e-4, climb: false });
    expect(r.converged).toBe(true);
    expect(r.climbingImage).toBe(-1);
    expect(r.saddle.climbing).toBe(false);
    // 8 images: no image sits on the symmetric saddle, the profile maximum interpolates it
    // (Hermite error on a segment of length ≈ 0.45: ≲ 1e-3 of the 0.375 barrier).
    expect(r.saddle.energy).toBeLessThan(0.3749);
    expect(r.barrierForward).toBeAllclose(0.374854, { atol: 2e-3 });
  });
});
