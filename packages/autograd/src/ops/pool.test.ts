import { createRng, InvalidArgumentError, ShapeMismatchError } from "@langevin/core";
import { describe, expect, it } from "vitest";
import { checkDerivatives, weighted } from "../../test/derivatives.js";
import {
  type AvgPool2dOptions,
  avgPool2d,
  flatten,
  maxPool2d,
  type Pool2dOptions,
  permutation,
  randn,
  type Shape,
  sizeOf,
  type Tensor,
  tensor,
  zeros,
} from "../index.js";

const rng = createRng(777);

type Reduce = (values: number[], windowSize: number) => number;

/** The definition, window by window (padding cells are skipped, as −∞ or as zeros of the mean). */
function direct(x: Tensor, o: AvgPool2dOptions, reduce: Reduce): Float64Array {
  const [n, c, h, w] = x.shape;
  const [kh, kw] = typeof o.kernel === "number" ? [o.kernel, o.kernel] : o.kernel;
  const [sh, sw] =
    o.stride === undefined ? [kh, kw] : typeof o.stride === "number" ? [o.stride, o.stride] : o.stride;
  const [ph, pw] = typeof o.padding === "number" ? [o.padding, o.padding] : (o.padding ?? [0, 0]);
  const oh = Math.floor((h + 2 * ph - kh) / sh) + 1;
  const ow = Math.floor((w + 2 * pw - kw) / sw) + 1;
  const out: number[] = [];
  for (let a = 0; a < n * c; a++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++) {
        const vals: number[] = [];
        for (let p = 0; p < kh; p++)
          for (let q = 0; q < kw; q++) {
            const y = i * sh + p - ph;
            const xx = j * sw + q - pw;
            if (y >= 0 && y < h && xx >= 0 && xx < w) vals.push(x.data[(a * h + y) * w + xx]);
          }
        out.push(reduce(vals, kh * kw));
      }
  return Float64Array.from(out);
}

/** Distinct values ≥ 0.01 apart (a shuffled grid), so that a step of 1e-5 never changes an arg-max. */
function distinct(shape: Shape): Float64Array {
  const n = sizeOf(shape);
  return Float64Array.from(permutation(n, rng), (k) => (k - n / 2) * 0.01);
}

const cases: [Shape, AvgPool2dOptions][] = [
  [[2, 3, 6, 6], { kernel: 2 }],
  [[1, 2, 7, 9], { kernel: 3, stride: 2 }],
  [[2, 2, 5, 7], { kernel: 3, stride: 2, padding: 1 }],
  [[1, 3, 8, 5], { kernel: [3, 2], stride: [2, 1], padding: [1, 0] }],
  [[2, 1, 28, 28], { kernel: 3, stride: 3 }],
  [[1, 2, 5, 5], { kernel: 2, stride: 1, padding: 1, countIncludePad: false }],
];

const max: Reduce = (v) => Math.max(...v);
const meanIncludingPad: Reduce = (v, size) => v.reduce((s, t) => s + t, 0) / size;
const meanOfValid: Reduce = (v) => v.reduce((s, t) => s + t, 0) / v.length;

describe("maxPool2d and avgPool2d", () => {
  for (const [shape, options] of cases) {
    const label = `x ${shape}, ${JSON.stringify(options)}`;

    it(`maxPool2d equals the definition and its gradient matches central differences (${label})`, () => {
      const x = tensor(distinct(shape), shape);
      expect(maxPool2d(x, options).data).toEqual(direct(x, options, max)); // a max is exact
      const r = weighted(maxPool2d(x, options).shape, rng);
      // Piecewise linear: the Hessian is zero (compared absolutely), except that a window's
      // arg-max never moves under the 1e-5 steps of the differences (values are 0.01 apart).
      checkDerivatives((t) => r(maxPool2d(t.reshape(shape), options)), x.data, rng);
    });

    it(`avgPool2d equals the definition and matches central differences (${label})`, () => {
      const x = randn(shape, rng);
      const mean = options.countIncludePad === false ? meanOfValid : meanIncludingPad;
      // ≤ 9 terms summed in another order: a few ε relative to the terms.
      expect(avgPool2d(x, options).data).toBeAllclose(direct(x, options, mean), { atol: 1e-15, rtol: 1e-14 });
      const r = weighted(avgPool2d(x, options).shape, rng);
      // tanh after the (linear) pooling gives the double backward something to differentiate.
      checkDerivatives((t) => r(avgPool2d(t.reshape(shape), options).tanh()), x.data, rng);
    });
  }

  it("sends a tie's gradient to the first maximum in row-major order (PyTorch's rule)", () => {
    // Every 2×2 window ties: (0,0) {0,5 / 1,5} → the 5 at flat 1; (0,1) {7,7 / 0,1} → flat 2;
    // (1,0) {2,4 / 4,3} → the 4 at flat 9 (row 2), not 12 (row 3); (1,1) all 2 → flat 10.
    const x = tensor([0, 5, 7, 7, 1, 5, 0, 1, 2, 4, 2, 2, 4, 3, 2, 2], [1, 1, 4, 4]);
    x.requiresGrad = true;
    const y = maxPool2d(x, { kernel: 2 });
    expect(Array.from(y.data)).toEqual([5, 7, 4, 2]);
    y.backward(Float64Array.of(1, 10, 100, 1000));
    const expected = new Float64Array(16);
    expected[1] = 1;
    expected[2] = 10;
    expected[9] = 100;
    expected[10] = 1000;
    expect(x.grad).toEqual(expected);
    // An all-equal plane (a ReLU's zeros) sends every window's gradient to its top-left cell.
    const z = zeros([1, 1, 4, 6], { requiresGrad: true });
    maxPool2d(z, { kernel: 2 }).sum().backward();
    expect(Array.from(z.grad!)).toEqual([
      1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0,
    ]);
  });

  it("pads max pooling with −∞: a window over the edge only sees the input", () => {
    const x = tensor([-3, -2, -1, -4], [1, 1, 2, 2]);
    expect(Array.from(maxPool2d(x, { kernel: 2, stride: 1, padding: 1 }).data)).toEqual([
      -3, -2, -2, -1, -1, -2, -1, -1, -4,
    ]);
  });

  it("names the argument in its errors", () => {
    const x = randn([1, 2, 5, 5], rng);
    expect(() => maxPool2d(randn([2, 5, 5], rng), { kernel: 2 })).toThrow(ShapeMismatchError);
    expect(() => maxPool2d(randn([2, 5, 5], rng), { kernel: 2 })).toThrow("x: maxPool2d: input must be 4-D");
    expect(() => maxPool2d(x, { kernel: 6 })).toThrow(
      "kernel: maxPool2d: window 6×6 is larger than the padded input 5×5",
    );
    expect(() => maxPool2d(x, { kernel: 0 })).toThrow(InvalidArgumentError);
    expect(() => maxPool2d(x, { kernel: 2, stride: 0 })).toThrow(
      "stride: maxPool2d: must be an integer >= 1",
    );
    expect(() => avgPool2d(x, { kernel: 2, padding: 2 })).toThrow(
      "padding: avgPool2d: padding 2,2 must be at most half the kernel 2×2",
    );
    // @ts-expect-error: the kernel is required
    expect(() => maxPool2d(x, {})).toThrow("kernel: maxPool2d: must be an integer >= 1");
    // @ts-expect-error: options are required
    expect(() => avgPool2d(x)).toThrow("options: avgPool2d: needs { kernel, stride?, padding? }");
  });
});

describe("flatten", () => {
  it("keeps the batch dimension and is a view in (C, H, W) order", () => {
    const x = randn([2, 16, 2, 2], rng);
    const f = flatten(x);
    expect(f.shape).toEqual([2, 64]);
    expect(f.data).toBe(x.data);
    expect(flatten(zeros([0, 3, 4])).shape).toEqual([0, 12]);
    expect(flatten(zeros([5])).shape).toEqual([5, 1]);
    expect(() => flatten(zeros([]))).toThrow("x: flatten: needs a batch dimension");
  });
});

describe("pooling options", () => {
  it("default the stride to the kernel", () => {
    const x = randn([1, 1, 6, 6], rng);
    const o: Pool2dOptions = { kernel: 3 };
    expect(maxPool2d(x, o).data).toEqual(maxPool2d(x, { kernel: 3, stride: 3 }).data);
    expect(maxPool2d(x, o).shape).toEqual([1, 1, 2, 2]);
  });
});
