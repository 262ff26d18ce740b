import { describe, expect, it } from "vitest";
import { neb } from "./neb.js";

/** E = y: ∇E = (0, 1) everywhere, so every NEB force is computable by hand. */
const tilt = (x: Float64Array, g: Float64Array) => {
  g[0] = 0;
  g[1] = 1;
  return x[1];
};

/** Hand computation for one moving image of a 2-D band with E = y. */
function expectedForce(
  xm: number[],
  x0: number[],
  xp: number[],
  em: number,
  e0: number,
  ep: number,
  kMinus: number,
  kPlus: number,
  climbing = false,
) {
  const tp = [xp[0] - x0[0], xp[1] - x0[1]];
  const tm = [x0[0] - xm[0], x0[1] - xm[1]];
  let t: number[];
  if (ep > e0 && e0 > em) t = tp;
  else if (ep < e0 && e0 < em) t = tm;
  else {
    const vmax = Math.max(Math.abs(ep - e0), Math.abs(em - e0));
    const vmin = Math.min(Math.abs(ep - e0), Math.abs(em - e0));
    t =
      ep > em
        ? [tp[0] * vmax + tm[0] * vmin, tp[1] * vmax + tm[1] * vmin]
        : [tp[0] * vmin + tm[0] * vmax, tp[1] * vmin + tm[1] * vmax];
  }
  const tn = Math.hypot(t[0], t[1]);
  const tau = [t[0] / tn, t[1] / tn];
  const F = [0, -1];
  const ft = F[0] * tau[0] + F[1] * tau[1];
  if (climbing) return [F[0] - 2 * ft * tau[0], F[1] - 2 * ft * tau[1]];
  const fs = kPlus * Math.hypot(tp[0], tp[1]) - kMinus * Math.hypot(tm[0], tm[1]);
  return [F[0] - ft * tau[0] + fs * tau[0], F[1] - ft * tau[1] + fs * tau[1]];
}

describe("NEB forces (checked by hand on E = y)", () => {
  const pts = [
    [0, 0],
    [1, 1],
    [2.5, 0.8],
    [3, 0.5],
    [4, 0.2],
  ];
  const path = new Float64Array(pts.flat());
  const e = pts.map((p) => p[1]);

  it("constant springs with the improved tangent (maxIter 0: forces of the initial band)", () => {
    const r = neb(tilt, pts[0], pts[4], {
      initialPath: path,
      spring: 2,
      climb: false,
      maxIter: 0,
      endpointTolerance: 10,
    });
    for (let i = 1; i < 4; i++) {
      const f = expectedForce(pts[i - 1], pts[i], pts[i + 1], e[i - 1], e[i], e[i + 1], 2, 2);
      // Same formula, different operation order: round-off only.
      expect(r.forceNorms[i]).toBeAllclose(Math.hypot(f[0], f[1]), { rtol: 1e-13 });
    }
  });

  it("energy-weighted springs: kMax at the top, kMin below the higher endpoint", () => {
    const kMax = 3;
    const kMin = 1;
    const r = neb(tilt, pts[0], pts[4], {
      initialPath: path,
      spring: { kMax, kMin },
      climb: false,
      maxIter: 0,
      endpointTolerance: 10,
    });
    // eRef = max(E0, E4) = 0.2, eMax = 1; spring j joins images j−1, j and uses max(E_{j−1}, E_j).
    const kOf = (j: number) => {
      const ei = Math.max(e[j], e[j - 1]);
      return ei <= 0.2 ? kMin : kMax - ((kMax - kMin) * (1 - ei)) / (1 - 0.2);
    };
    expect(kOf(1)).toBe(kMax);
    expect(kOf(4)).toBeLessThan(kMax);
    for (let i = 1; i < 4; i++) {
      const f = expectedForce(pts[i - 1], pts[i], pts[i + 1], e[i - 1], e[i], e[i + 1], kOf(i), kOf(i + 1));
      expect(r.forceNorms[i]).toBeAllclose(Math.hypot(f[0], f[1]), { rtol: 1e-13 }); // round-off only
    }
  });

  it("climbing image: full force with the tangential part inverted, no springs", () => {
    const r = neb(tilt, pts[0], pts[4], {
      initialPath: path,
      spring: 2,
      climb: true,
      maxIter: 0,
      endpointTolerance: 10,
    });
    expect(r.climbingImage).toBe(1);
    const f = expectedForce(pts[0], pts[1], pts[2], e[0], e[1], e[2], 0, 0, true);
    expect(r.forceNorms[1]).toBeAllclose(Math.hypot(f[0], f[1]), { rtol: 1e-13 }); // round-off only
    // |F_CI| = |∇E| whatever the tangent.
    expect(r.forceNorms[1]).toBeAllclose(1, { rtol: 1e-13 });
  });

  it("climbing switched on after a number of iterations waits for them", () => {
    const r = neb(tilt, pts[0], pts[4], {
      initialPath: path,
      spring: 2,
      climb: { afterIterations: 3 },
      maxIter: 5,
      endpointTolerance: 10,
    });
    expect(r.history.slice(0, 3).every((h) => h.climbing === -1)).toBe(true);
    expect(r.history[3].climbing).toBeGreaterThan(0);
  });
});
