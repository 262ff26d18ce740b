import { AbortError, InvalidArgumentError, NonFiniteError, ShapeMismatchError } from "@langevin/core";
import { describe, expect, it } from "vitest";
import { autoNeb } from "./autoneb.js";
import { neb } from "./neb.js";
import { curvedValley } from "./surfaces/curvedValley.js";
import { doubleWell } from "./surfaces/doubleWell.js";
import { mullerBrown } from "./surfaces/mullerBrown.js";

const dw = doubleWell();
const cv = curvedValley();

describe("neb: bad input and stopping", () => {
  it("endpoints of different length: ShapeMismatchError naming b", () => {
    expect(() => neb(dw.energy, [-1, 0], [1, 0, 0])).toThrow(ShapeMismatchError);
    expect(() => neb(dw.energy, [-1, 0], [1, 0, 0])).toThrow(/^b: /);
    expect(() => autoNeb(dw.energy, [-1, 0], [1])).toThrow(ShapeMismatchError);
  });

  it("fewer than 3 images: InvalidArgumentError naming options.images", () => {
    expect(() => neb(dw.energy, [-1, 0], [1, 0], { images: 2 })).toThrow(InvalidArgumentError);
    expect(() => neb(dw.energy, [-1, 0], [1, 0], { images: 2 })).toThrow(/options\.images/);
    expect(() => neb(dw.energy, [-1, 0], [1, 0], { initialPath: new Float64Array([-1, 0, 1, 0]) })).toThrow(
      /at least 3 images/,
    );
    expect(() => autoNeb(dw.energy, [-1, 0], [1, 0], { startImages: 2 })).toThrow(/startImages/);
  });

  it("NaN energy: NonFiniteError naming the image and the iteration", () => {
    let calls = 0;
    const energy = (x: Float64Array, g: Float64Array) => {
      calls++;
      // Endpoints (2 calls) and the first sweep of 3 moving images (3 calls) are fine; then image 2 fails.
      if (calls === 2 + 3 + 2) return Number.NaN;
      return cv.energy(x, g);
    };
    let err: unknown;
    try {
      neb(energy, [-1, 0], [1, 0], { images: 5, climb: false, fmax: 1e-12 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NonFiniteError);
    expect((err as NonFiniteError).context).toMatchObject({ image: 2, iteration: 1 });
    expect((err as Error).message).toMatch(/image 2 .*iteration 1/);
  });

  it("endpoints that are not minima: warnings with their gradient norms", () => {
    const r = neb(dw.energy, [-1.2, 0.1], [1, 0], { images: 5, fmax: 1e-3 });
    expect(r.warnings.length).toBe(1);
    // |∇E(-1.2, 0.1)| = |((1.44−1)(−1.2), 0.1)| = |(−0.528, 0.1)| = 0.5374.
    expect(r.warnings[0]).toMatch(/endpoint a is not a minimum: \|∇E\| = 0\.5374/);
  });

  it("maxIter reached: converged false and a reason", () => {
    const mb = mullerBrown();
    const r = neb(mb.energy, mb.minima[0], mb.minima[1], { maxIter: 5 });
    expect(r.converged).toBe(false);
    expect(r.reason).toMatch(/^maxIter \(5\) reached with fmax = /);
    expect(r.iterations).toBe(5);
    expect(r.history.length).toBe(6);
  });

  it("AbortSignal stops the run with AbortError; onProgress reports fractions up to 1", () => {
    const v = curvedValley();
    const ctrl = new AbortController();
    let seen = 0;
    expect(() =>
      neb(v.energy, v.minima[0], v.minima[1], {
        signal: ctrl.signal,
        onProgress: () => {
          if (++seen === 3) ctrl.abort();
        },
      }),
    ).toThrow(AbortError);
    const fractions: number[] = [];
    const r = neb(v.energy, v.minima[0], v.minima[1], { fmax: 1e-3, onProgress: (f) => fractions.push(f) });
    expect(r.converged).toBe(true);
    expect(fractions.length).toBe(r.iterations + 1);
    expect(fractions[fractions.length - 1]).toBe(1);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]);
  });

  it("a flat energy gives finite unit tangents (zero-tangent guard) and pure spring forces", () => {
    const flat = (_x: Float64Array, g: Float64Array) => {
      g.fill(0);
      return 0;
    };
    // Uneven initial spacing along x: springs must even it out; energies are equal everywhere, so the
    // improved tangent's weights are both zero and the guard must take over.
    const init = new Float64Array([0, 0, 0.1, 0, 0.2, 0, 1, 0]);
    const r = neb(flat, [0, 0], [1, 0], {
      initialPath: init,
      spring: 1,
      climb: false,
      fmax: 1e-8,
      maxIter: 2000,
    });
    expect(r.converged).toBe(true);
    for (let i = 0; i < r.n; i++) {
      expect(Math.hypot(r.tangents[2 * i], r.tangents[2 * i + 1])).toBeAllclose(1, { atol: 1e-12 }); // unit length up to round-off
    }
    // Equal springs at rest when spacings are equal: |Δspacing| ≤ fmax/k = 1e-8.
    expect(Array.from(r.path)).toBeAllclose([0, 0, 1 / 3, 0, 2 / 3, 0, 1, 0], { atol: 1e-7 });
  });

  it("rejects bad options with the option's name", () => {
    expect(() => neb(dw.energy, [-1, 0], [1, 0], { fmax: 0 })).toThrow(/options\.fmax/);
    expect(() => neb(dw.energy, [-1, 0], [1, 0], { spring: -1 })).toThrow(/options\.spring/);
    expect(() => neb(dw.energy, [-1, 0], [1, 0], { spring: { kMax: 1, kMin: 2 } })).toThrow(/kMin/);
    expect(() => neb(dw.energy, [-1, 0], [1, 0], { method: "elastic" as "neb" })).toThrow(/options\.method/);
  });
});
