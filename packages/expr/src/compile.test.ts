import { derivative, parse } from "mathjs";
import { describe, expect, it } from "vitest";
import { CASES } from "../test/cases.js";
import { compile, compileVector } from "./compile.js";

// Tolerances used below.
// - Against hand-written code: the generated code performs the same operations in a possibly
//   different order (e.g. x*x*x vs x**3, a/b vs a*(1/b)), so agreement is to a few ulps of the
//   largest term; cancellation between terms can lose a few more digits. rtol 1e-12 relative to
//   the scale of the result (atol = 1e-12 · max|expected|) covers ~10^4 ulps; the worst measured
//   is 1.1e-15 (Müller–Brown's Hessian).
// - Central differences with step h = 1e-5·max(1, |x|): truncation error h²|f'''|/6 ≈ 2e-11·|f'''|
//   plus round-off ≈ ε|f|/h ≈ 2e-11·|f|, measured relative to max(1, max|expected|). Müller–Brown's
//   steep Gaussians have |f'''| ~ 10^4 near its minima (where the gradient is ~0), giving the worst
//   case measured, 1.3e-7; every other case is below 2e-9. rtol = atol/scale = 1e-6 leaves a
//   margin of ~8× over the worst case.
const HAND_RTOL = 1e-12;
const FD_RTOL = 1e-6;

function scale(v: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
  return Math.max(m, 1);
}

function centralGradient(f: (x: number[]) => number, x: number[]): number[] {
  return x.map((xi, i) => {
    const h = 1e-5 * Math.max(1, Math.abs(xi));
    const p = [...x];
    const m = [...x];
    p[i] += h;
    m[i] -= h;
    return (f(p) - f(m)) / (2 * h);
  });
}

function centralJacobian(g: (x: number[]) => ArrayLike<number>, x: number[], m: number): number[] {
  const d = x.length;
  const out = new Array<number>(m * d);
  for (let j = 0; j < d; j++) {
    const h = 1e-5 * Math.max(1, Math.abs(x[j]));
    const p = [...x];
    const q = [...x];
    p[j] += h;
    q[j] -= h;
    const gp = g(p);
    const gq = g(q);
    for (let k = 0; k < m; k++) out[k * d + j] = (gp[k] - gq[k]) / (2 * h);
  }
  return out;
}

describe("compile: values, gradients and Hessians", () => {
  for (const c of CASES) {
    describe(c.name, () => {
      const compiled = compile(c.source, c.variables, { constants: c.constants });

      it("match hand-written code to round-off", () => {
        for (const x of c.points) {
          const f = c.f(x);
          expect(compiled.value(x)).toBeAllclose(f, { rtol: HAND_RTOL, atol: HAND_RTOL * scale([f]) });
          const g = c.grad(x);
          expect(compiled.gradient(x)).toBeAllclose(g, { rtol: HAND_RTOL, atol: HAND_RTOL * scale(g) });
          const h = c.hess(x);
          expect(compiled.hessian(x)).toBeAllclose(h, { rtol: HAND_RTOL, atol: HAND_RTOL * scale(h) });
          const out = new Float64Array(x.length);
          expect(compiled.valueAndGradient(x, out)).toBeAllclose(f, {
            rtol: HAND_RTOL,
            atol: HAND_RTOL * scale([f]),
          });
          expect(out).toBeAllclose(g, { rtol: HAND_RTOL, atol: HAND_RTOL * scale(g) });
        }
      });

      it("match central differences (gradient of the value, Hessian of the gradient)", () => {
        for (const x of c.points) {
          const gFd = centralGradient((p) => compiled.value(p), x);
          expect(compiled.gradient(x)).toBeAllclose(gFd, { rtol: FD_RTOL, atol: FD_RTOL * scale(gFd) });
          const hFd = centralJacobian((p) => compiled.gradient(p), x, x.length);
          expect(compiled.hessian(x)).toBeAllclose(hFd, { rtol: FD_RTOL, atol: FD_RTOL * scale(hFd) });
        }
      });

      it("agree with mathjs evaluate and mathjs derivative (an independent implementation)", () => {
        const node = parse(c.source);
        for (const x of c.points) {
          const scope: Record<string, number> = { ...c.constants };
          c.variables.forEach((v, i) => {
            scope[v] = x[i];
          });
          const f = node.evaluate(scope) as number;
          expect(compiled.value(x)).toBeAllclose(f, { rtol: HAND_RTOL, atol: HAND_RTOL * scale([f]) });
          const g = c.variables.map((v) => derivative(node, v).evaluate(scope) as number);
          expect(compiled.gradient(x)).toBeAllclose(g, { rtol: HAND_RTOL, atol: HAND_RTOL * scale(g) });
        }
      });

      it("prints gradientSources that re-parse to the same gradient", () => {
        expect(compiled.gradientSources).toHaveLength(c.variables.length);
        const again = compileVector(compiled.gradientSources, c.variables, { derivatives: 0 });
        for (const x of c.points) {
          const g = compiled.gradient(x);
          // The printed text is the compiled graph itself, numbers printed exactly: same to round-off.
          expect(again.value(x)).toBeAllclose(g, { rtol: HAND_RTOL, atol: HAND_RTOL * scale(g) });
        }
      });
    });
  }
});

describe("compile: shared work and options", () => {
  const mb = CASES.find((c) => c.name.includes("Müller"));
  it("computes each of Müller–Brown's four exponentials once in value+gradient and in the Hessian", () => {
    const m = compile(mb?.source as string, ["x", "y"]);
    const count = (s: string) => s.split("Math.exp(").length - 1;
    expect(count(m.javascript.value)).toBe(4);
    expect(count(m.javascript.valueAndGradient)).toBe(4);
    expect(count(m.javascript.hessian)).toBe(4);
  });

  it("expands small integer powers into products and uses Math.sqrt for ^0.5", () => {
    const f = compile("x^2 + y^3 + (x + y)^0.5 + x^-2", ["x", "y"]);
    expect(f.javascript.value).not.toContain("Math.pow");
    expect(f.javascript.value).toContain("Math.sqrt");
    // 0.3^2 + 0.7^3 + 1 + 1/0.09 by hand; round-off only.
    expect(f.value([0.3, 0.7])).toBeAllclose(0.09 + 0.343 + 1 + 1 / 0.09, { rtol: 1e-14 });
  });

  it("substitutes constants before differentiating and folds them", () => {
    const f = compile("beta * x^2 / 2 + gamma", ["x"], { constants: { beta: 10, gamma: -1 } });
    expect(f.gradientSources).toEqual(["10 * x"]);
    expect(f.hessianSources).toEqual(["10"]);
    expect(f.value([2])).toBe(19);
  });

  it("knows pi, e and tau", () => {
    const f = compile("sin(pi * x) + e^x + tau", ["x"]);
    // sin(π/2) + e^0.5 + 2π, same operations as hand-written: round-off only.
    expect(f.value([0.5])).toBeAllclose(1 + Math.exp(0.5) + 2 * Math.PI, { rtol: 1e-14 });
  });

  it("accepts typed arrays and fills the given output buffers", () => {
    const f = compile("x*y", ["x", "y"]);
    const g = new Float64Array(2);
    const h = new Float64Array(4);
    expect(f.gradient(new Float64Array([2, 3]), g)).toBe(g);
    expect(Array.from(g)).toEqual([3, 2]);
    expect(f.hessian([2, 3], h)).toBe(h);
    expect(Array.from(h)).toEqual([0, 1, 1, 0]);
  });

  it("with derivatives: 0 builds only the value", () => {
    const f = compile("x^2", ["x"], { derivatives: 0 });
    expect(f.value([3])).toBe(9);
    expect(() => f.gradient([3])).toThrow(/derivatives >= 1/);
  });
});

describe("compile: piecewise and two-argument functions", () => {
  // Hand-written derivatives away from the kinks; FD as above.
  const pieces = [
    {
      source: "atan2(y, x)",
      f: ([x, y]: number[]) => Math.atan2(y, x),
      g: ([x, y]: number[]) => [-y / (x * x + y * y), x / (x * x + y * y)],
    },
    {
      source: "hypot(x, y)",
      f: ([x, y]: number[]) => Math.hypot(x, y),
      g: ([x, y]: number[]) => [x / Math.hypot(x, y), y / Math.hypot(x, y)],
    },
    {
      source: "abs(x - 1) * y",
      f: ([x, y]: number[]) => Math.abs(x - 1) * y,
      g: ([x, y]: number[]) => [Math.sign(x - 1) * y, Math.abs(x - 1)],
    },
    {
      source: "min(x, y^2) + max(x, 0.5, y)",
      f: ([x, y]: number[]) => Math.min(x, y * y) + Math.max(x, 0.5, y),
      g: ([x, y]: number[]) => {
        const gmin = x <= y * y ? [1, 0] : [0, 2 * y];
        const gmax = x >= 0.5 && x >= y ? [1, 0] : y >= 0.5 ? [0, 1] : [0, 0];
        return [gmin[0] + gmax[0], gmin[1] + gmax[1]];
      },
    },
    {
      source: "x > 0 ? x^2 * y : -x * y^2",
      f: ([x, y]: number[]) => (x > 0 ? x * x * y : -x * y * y),
      g: ([x, y]: number[]) => (x > 0 ? [2 * x * y, x * x] : [-y * y, -2 * x * y]),
    },
    {
      source: "log(x, 2) + log10(y) + log1p(x*y) + expm1(y)",
      f: ([x, y]: number[]) => Math.log2(x) + Math.log10(y) + Math.log1p(x * y) + Math.expm1(y),
      g: ([x, y]: number[]) => [
        1 / (x * Math.LN2) + y / (1 + x * y),
        1 / (y * Math.LN10) + x / (1 + x * y) + Math.exp(y),
      ],
    },
  ];
  const points = [
    [0.3, 0.7],
    [1.7, 0.4],
    [-0.6, 1.3],
    [2.1, -0.8],
  ];
  for (const p of pieces) {
    it(`${p.source}: value and gradient match hand-written code and central differences`, () => {
      const c = compile(p.source, ["x", "y"], { derivatives: 1 });
      for (const x of points) {
        if (p.source.startsWith("log") && (x[0] <= 0 || x[1] <= 0)) continue; // outside the domain
        expect(c.value(x)).toBeAllclose(p.f(x), { rtol: HAND_RTOL, atol: HAND_RTOL * scale([p.f(x)]) });
        const g = p.g(x);
        expect(c.gradient(x)).toBeAllclose(g, { rtol: HAND_RTOL, atol: HAND_RTOL * scale(g) });
        const fd = centralGradient((q) => c.value(q), x);
        expect(c.gradient(x)).toBeAllclose(fd, { rtol: FD_RTOL, atol: FD_RTOL * scale(fd) });
      }
    });
  }
});

describe("compileVector", () => {
  // Example 19 of Chaudhari & Soatto: −∇f = (−x1³ + x1 − g x2, −x2 + g x1), g = λ e^{Φ − r⁴/4}.
  const phi = "((x1^2 - 1)^2 / 4 + x2^2 / 2)";
  const g = `lambda * exp(${phi} - (x1^2 + x2^2)^2 / 4)`;
  const drift = [`-x1^3 + x1 - ${g} * x2`, `-x2 + ${g} * x1`];
  const hand = ([x1, x2]: number[], lambda: number) => {
    const p = (x1 * x1 - 1) ** 2 / 4 + (x2 * x2) / 2;
    const gg = lambda * Math.exp(p - (x1 * x1 + x2 * x2) ** 2 / 4);
    return [-(x1 ** 3) + x1 - gg * x2, -x2 + gg * x1];
  };
  const points = [
    [0.3, -0.7],
    [1.2, 0.5],
    [-0.4, 0.9],
  ];

  it("fills out with every component, matching hand-written code; the Jacobian matches central differences", () => {
    const v = compileVector(drift, ["x1", "x2"], { constants: { lambda: 1.5 } });
    expect(v.size).toBe(2);
    expect(v.dimension).toBe(2);
    // One generated function computes the shared factor g once.
    expect(v.javascript.value.split("Math.exp(").length - 1).toBe(1);
    const out = new Float64Array(2);
    for (const x of points) {
      const e = hand(x, 1.5);
      expect(v.value(x, out)).toBe(out);
      expect(out).toBeAllclose(e, { rtol: HAND_RTOL, atol: HAND_RTOL * scale(e) });
      const fd = centralJacobian((p) => v.value(p), x, 2);
      expect(v.jacobian(x)).toBeAllclose(fd, { rtol: FD_RTOL, atol: FD_RTOL * scale(fd) });
    }
  });

  it("valueBatch and gradientBatch give value and gradient of every point bit for bit", () => {
    const v = compileVector(drift, ["x1", "x2"], { constants: { lambda: 1.5 } });
    const f = compile(`${phi} + x1 * x2^3`, ["x1", "x2"]);
    const n = 257;
    const x = new Float64Array(2 * n);
    for (let i = 0; i < x.length; i++) x[i] = Math.sin(1.3 * i + 0.2) * 1.4;
    const vb = v.valueBatch(x, new Float64Array(2 * n), n);
    const gb = f.gradientBatch(x, new Float64Array(2 * n), n);
    for (let k = 0; k < n; k++) {
      const p = x.subarray(2 * k, 2 * k + 2);
      expect(Array.from(vb.subarray(2 * k, 2 * k + 2))).toEqual(Array.from(v.value(p)));
      expect(Array.from(gb.subarray(2 * k, 2 * k + 2))).toEqual(Array.from(f.gradient(p)));
    }
    // short buffers and a bad count are refused, naming the argument
    expect(() => v.valueBatch(x, new Float64Array(3), 2)).toThrow(/^out: needs length >= 4/);
    expect(() => v.valueBatch(x, new Float64Array(2 * n), n + 1)).toThrow(/^x: /);
    expect(() => v.valueBatch(x, new Float64Array(2 * n), -1)).toThrow(/^n: /);
    expect(() => compile("x^2", ["x"], { derivatives: 0 }).gradientBatch(x, x, 1)).toThrow(/derivatives/);
  });

  it("compiles a diffusion matrix given row-major", () => {
    const d = compileVector(["1 + x^2", "0.5 * sin(x*y)", "0.5 * sin(x*y)", "2"], ["x", "y"]);
    expect(Array.from(d.value([1, 2]))).toEqual([2, 0.5 * Math.sin(2), 0.5 * Math.sin(2), 2]);
  });
});

describe("compile: a 12-D coupled chain of double wells", () => {
  const d = 12;
  const variables = Array.from({ length: d }, (_, i) => `x${i}`);
  const source = [
    ...variables.map((v) => `(${v}^2 - 1)^2 / 4`),
    ...variables.slice(1).map((v, i) => `k * ${variables[i]} * ${v}`),
  ].join(" + ");
  const k = 0.3;
  const x = Array.from({ length: d }, (_, i) => Math.sin(1.7 * i + 0.4));

  it("gives the hand-written gradient and the tridiagonal Hessian", () => {
    const f = compile(source, variables, { constants: { k } });
    const g = x.map(
      (xi, i) => xi * (xi * xi - 1) + (i > 0 ? k * x[i - 1] : 0) + (i < d - 1 ? k * x[i + 1] : 0),
    );
    const h = new Array<number>(d * d).fill(0);
    for (let i = 0; i < d; i++) {
      h[i * d + i] = 3 * x[i] * x[i] - 1;
      if (i > 0) h[i * d + i - 1] = h[(i - 1) * d + i] = k;
    }
    expect(f.gradient(x)).toBeAllclose(g, { rtol: HAND_RTOL, atol: HAND_RTOL * scale(g) });
    expect(f.hessian(x)).toBeAllclose(h, { rtol: HAND_RTOL, atol: HAND_RTOL * scale(h) });
    expect(f.hessianSources).toHaveLength(d * d);
    expect(f.hessianSources[0 * d + 1]).toBe("0.3");
    expect(f.hessianSources[0 * d + 2]).toBe("0");
  });
});
