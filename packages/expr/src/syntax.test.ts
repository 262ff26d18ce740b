import { parse } from "mathjs";
import { describe, expect, it } from "vitest";
import { compile } from "./compile.js";

// Each expression against hand-written JS at several points; same operations up to reordering,
// so agreement is to round-off (rtol 1e-12, atol 1e-12 for results near 0).
const TOL = { rtol: 1e-12, atol: 1e-12 };
const points = [
  [0.3, 0.7],
  [-2.2, 1.1],
  [1.6, -0.4],
  [0.5, 2],
];

const cases: { source: string; f: (x: number, y: number) => number }[] = [
  { source: "2x + 3 sin(y)", f: (x, y) => 2 * x + 3 * Math.sin(y) },
  {
    source: "x % 1.5 + mod(y, 0.75)",
    f: (x, y) => x - 1.5 * Math.floor(x / 1.5) + (y - 0.75 * Math.floor(y / 0.75)),
  },
  { source: "0 < x < 1 ? x : -y", f: (x, y) => (0 < x && x < 1 ? x : -y) },
  {
    source: "((x > 0 and y > 0) or not (x < -1)) * 2 + (x xor 0)",
    f: (x, y) => ((x > 0 && y > 0) || !(x < -1) ? 2 : 0) + (x !== 0 ? 1 : 0),
  },
  { source: "square(x) + cube(y) + pow(abs(x), y)", f: (x, y) => x * x + y ** 3 + Math.abs(x) ** y },
  { source: "-x^2 + 2^-y + x^y^2 * 0", f: (x, y) => -(x * x) + 2 ** -y },
  {
    source: "sec(x) + csc(y) + cot(x + 1) + sech(y)",
    f: (x, y) => 1 / Math.cos(x) + 1 / Math.sin(y) + 1 / Math.tan(x + 1) + 1 / Math.cosh(y),
  },
  {
    source: "floor(x) + ceil(y) + sign(x - y) + cbrt(x * y)",
    f: (x, y) => Math.floor(x) + Math.ceil(y) + Math.sign(x - y) + Math.cbrt(x * y),
  },
];

describe("syntax coverage", () => {
  for (const c of cases) {
    it(`${c.source}: value matches hand-written code; value and gradient texts re-parse with mathjs`, () => {
      const f = compile(c.source, ["x", "y"], { derivatives: 1 });
      const grad = f.gradientSources.map((s) => parse(s));
      for (const [x, y] of points) {
        expect(f.value([x, y])).toBeAllclose(c.f(x, y), TOL);
        // The printed gradient, evaluated by mathjs itself, gives the compiled gradient: checks the
        // printer's precedence and parentheses. Skip points where mathjs goes complex (negative base).
        const g = f.gradient([x, y]);
        grad.forEach((node, i) => {
          const v = node.evaluate({ x, y });
          if (typeof v === "number" && Number.isFinite(v)) expect(g[i]).toBeAllclose(v, TOL);
        });
      }
    });
  }
});
