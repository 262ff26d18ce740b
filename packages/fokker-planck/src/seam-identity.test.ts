// TEMPORARY: compares the refactored assembly to the pre-refactor function, CSR array by array.
import { describe, expect, it } from "vitest";
import { fokkerPlanck } from "./operator.js";
import { legacyFokkerPlanck } from "./operator-legacy.js";
import { grid } from "./grid.js";
import { example19 } from "./reference/example19.js";
import type { FokkerPlanckProblem } from "./problem.js";
import type { BoundaryCondition } from "./grid.js";

const f = (x: Float64Array) => (x[0] ** 2 - 1) ** 2 + 0.5 * x[1] ** 2 + 0.3 * x[0] * x[1];
const rot = (x: Float64Array, o: Float64Array) => {
  o[0] = 1.5 * x[1];
  o[1] = -1.5 * x[0];
};
const problems: Record<string, FokkerPlanckProblem> = {
  isotropic: { beta: 3, potential: f },
  anisoConst: { beta: 2, potential: f, diffusion: { constantDiagonal: [1, 0.4] }, nonGradientDrift: rot },
  fullConst: { beta: 2, potential: f, diffusion: { constantMatrix: [1, 0.5, 0.5, 0.8] } },
  fullField: {
    beta: 2,
    potential: f,
    diffusion: {
      matrix: (x, o) => {
        o[0] = 1 + 0.3 * x[0] ** 2;
        o[1] = o[2] = 0.4 * Math.sin(x[1]);
        o[3] = 0.7 + 0.1 * x[1] ** 2;
      },
    },
  },
  diagField: {
    beta: 1.5,
    gradient: (x, o) => {
      o[0] = 4 * x[0] * (x[0] ** 2 - 1);
      o[1] = x[1];
    },
    diffusion: {
      diagonal: (x, o) => {
        o[0] = 1 + 0.2 * x[1] ** 2;
        o[1] = 0.5 + 0.1 * x[0] ** 2;
      },
    },
  },
  drift: {
    beta: 2,
    drift: (x, o) => {
      o[0] = -x[0] + x[1];
      o[1] = -x[1] - x[0] ** 3;
    },
  },
};
const bcs: BoundaryCondition[][] = [
  ["reflecting", "reflecting"],
  ["periodic", "periodic"],
  ["absorbing", "absorbing"],
  ["reflecting", "absorbing"],
] as unknown as BoundaryCondition[][];

function same(a: ReturnType<typeof fokkerPlanck>, b: ReturnType<typeof fokkerPlanck>) {
  const mats = [[a.generator, b.generator], ...a.faceFluxes.map((F, k) => [F, b.faceFluxes[k]])];
  for (const [x, y] of mats) {
    expect(Array.from(x.rowPtr)).toEqual(Array.from(y.rowPtr));
    expect(Array.from(x.colIndex)).toEqual(Array.from(y.colIndex));
    expect(Object.is(x.values.length, y.values.length)).toBe(true);
    for (let i = 0; i < x.values.length; i++)
      if (!Object.is(x.values[i], y.values[i]))
        throw new Error(`value ${i}: ${x.values[i]} vs ${y.values[i]}`);
  }
  expect(a.diagnostics).toEqual(b.diagnostics);
  expect(a.warnings).toEqual(b.warnings);
  expect(a.crossDiffusion).toBe(b.crossDiffusion);
}

let count = 0;
describe("refactor is bit-identical to the pre-refactor assembly", () => {
  for (const [name, p] of Object.entries(problems)) {
    for (const bc of bcs) {
      for (const cross of ["central", "monotone"] as const) {
        it(`${name} ${bc.join("/")} ${cross}`, () => {
          const g = grid({
            bounds: [
              [-2, 2],
              [-1.5, 2.5],
            ],
            cells: [23, 19],
            bc: [bc as never, bc as never],
          } as never);
          same(
            fokkerPlanck(p, g, { crossDiffusion: cross }),
            legacyFokkerPlanck(p, g, { crossDiffusion: cross }) as never,
          );
          count++;
        });
      }
    }
  }
  it("example19 and 1-D / 3-D", () => {
    const e = example19(1.5);
    const g = grid({
      bounds: [
        [-3, 3],
        [-3, 3],
      ],
      cells: [40, 36],
    });
    same(fokkerPlanck(e.problem(), g), legacyFokkerPlanck(e.problem(), g) as never);
    const g1 = grid({ bounds: [[-2, 2]], cells: [50], bc: [["absorbing", "reflecting"]] } as never);
    same(
      fokkerPlanck({ beta: 2, potential: (x) => x[0] ** 4 }, g1),
      legacyFokkerPlanck({ beta: 2, potential: (x) => x[0] ** 4 }, g1) as never,
    );
    const g3 = grid({
      bounds: [
        [-1, 1],
        [-1, 1],
        [-1, 1],
      ],
      cells: [7, 8, 9],
      bc: [
        ["periodic", "periodic"],
        ["reflecting", "absorbing"],
        ["reflecting", "reflecting"],
      ],
    } as never);
    const p3: FokkerPlanckProblem = {
      beta: 2,
      potential: (x) => x[0] ** 2 + x[1] ** 2 + x[2] ** 4,
      diffusion: { constantMatrix: [1, 0.2, 0.1, 0.2, 1, 0.3, 0.1, 0.3, 1] },
    };
    same(fokkerPlanck(p3, g3), legacyFokkerPlanck(p3, g3) as never);
    count += 3;
    console.log("bit-identical problems so far:", count);
  });
});
