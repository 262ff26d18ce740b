import { createRng } from "@langevin/core";
import { describe, expect, it } from "vitest";
import { checkDerivatives, uniform as uniformIn, weighted as weightedBy } from "../test/derivatives.js";
import {
  add,
  broadcastTo,
  div,
  embed,
  log,
  matmul,
  matmulT,
  mse,
  mul,
  oneHot,
  pick,
  type ScalarFn,
  type Shape,
  scatterRows,
  sizeOf,
  softmax,
  softmaxCrossEntropy,
  sub,
  sumTo,
  type Tensor,
  tensor,
} from "./index.js";

const rng = createRng(2024);

const check = (f: ScalarFn, x: Float64Array, secondOrder = true) => checkDerivatives(f, x, rng, secondOrder);
const weighted = (shape: Shape) => weightedBy(shape, rng);
const uniform = (n: number, lo: number, hi: number) => uniformIn(n, lo, hi, rng);

describe("unary ops match central differences (first and second order)", () => {
  const shape = [3, 4];
  const n = sizeOf(shape);
  const cases: [string, (t: Tensor) => Tensor, number, number][] = [
    ["neg", (t) => t.neg(), -2, 2],
    ["exp", (t) => t.exp(), -2, 2],
    ["log", (t) => log(t), 0.3, 3],
    ["tanh", (t) => t.tanh(), -2, 2],
    ["sigmoid", (t) => t.sigmoid(), -4, 4],
    ["softplus", (t) => t.softplus(), -4, 4],
    ["pow 3", (t) => t.pow(3), -2, 2],
    ["pow 2", (t) => t.pow(2), -2, 2],
    ["pow 0.5", (t) => t.pow(0.5), 0.3, 3],
    ["pow -1.5", (t) => t.pow(-1.5), 0.5, 3],
    ["relu", (t) => t.relu(), -2, 2],
    ["softmax", (t) => softmax(t), -2, 2],
    ["transpose", (t) => t.transpose(), -2, 2],
    ["sum axis 0", (t) => t.sum(0), -2, 2],
    ["sum axis -1 keepDims", (t) => t.sum(-1, true), -2, 2],
    ["mean axis 1", (t) => t.mean(1), -2, 2],
    ["mean", (t) => t.mean(), -2, 2],
  ];
  for (const [name, op, lo, hi] of cases) {
    it(name, () => {
      const x = uniform(n, lo, hi);
      if (name === "relu") for (let i = 0; i < n; i++) if (Math.abs(x[i]) < 0.05) x[i] = 0.5; // away from the kink
      const probe = op(tensor(x, shape));
      const w = weighted(probe.shape);
      check((t) => w(op(t.reshape(shape))), x);
    });
  }
});

describe("binary ops with broadcasting match central differences", () => {
  const pairs: [Shape, Shape][] = [
    [
      [3, 4],
      [3, 4],
    ],
    [[3, 4], [4]],
    [
      [3, 4],
      [3, 1],
    ],
    [
      [3, 1],
      [1, 4],
    ],
    [[], [3, 4]],
    [
      [2, 3, 4],
      [3, 1],
    ],
    [[4], [2, 3, 4]],
  ];
  const ops: [string, (a: Tensor, b: Tensor) => Tensor][] = [
    ["add", add],
    ["sub", sub],
    ["mul", mul],
    ["div", div],
  ];
  for (const [name, op] of ops) {
    for (const [sa, sb] of pairs) {
      it(`${name} [${sa}] with [${sb}]`, () => {
        const na = sizeOf(sa);
        const nb = sizeOf(sb);
        // b in [0.5, 2] keeps div away from its pole.
        const x = Float64Array.from([...uniform(na, -2, 2), ...uniform(nb, 0.5, 2)]);
        const split = (t: Tensor): [Tensor, Tensor] => [
          t.slice(0, na).reshape(sa),
          t.slice(na, na + nb).reshape(sb),
        ];
        const w = weighted(op(...split(tensor(x))).shape);
        check((t) => w(op(...split(t))), x);
      });
    }
  }

  it("a tensor used twice in one op (x·x, x/x) accumulates both paths", () => {
    check((t) => mul(t, t).add(div(t, t.exp())).sum(), uniform(5, -1, 1));
  });
});

describe("matrix and shape ops match central differences", () => {
  it("matmul in every transpose combination", () => {
    const [m, k, n] = [3, 4, 5];
    for (const [ta, tb] of [
      [false, false],
      [false, true],
      [true, false],
      [true, true],
    ] as const) {
      const sa = ta ? [k, m] : [m, k];
      const sb = tb ? [n, k] : [k, n];
      const x = uniform(m * k + k * n, -1, 1);
      const w = weighted([m, n]);
      check(
        (t) => w(matmulT(t.slice(0, m * k).reshape(sa), t.slice(m * k, m * k + k * n).reshape(sb), ta, tb)),
        x,
      );
    }
    const x = uniform(6 + 6, -1, 1);
    const w = weighted([2, 2]);
    check((t) => w(matmul(t.slice(0, 6).reshape([2, 3]), t.slice(6, 12).reshape([3, 2]))), x);
  });

  it("broadcastTo, sumTo, embed, reshape with -1", () => {
    const w1 = weighted([4, 3]);
    check((t) => w1(broadcastTo(t, [4, 3])), uniform(3, -1, 1));
    const w2 = weighted([1, 3]);
    check((t) => w2(sumTo(t.reshape([4, -1]), [1, 3])), uniform(12, -1, 1));
    const w3 = weighted([7]);
    check((t) => w3(embed(t, 2, 7)), uniform(4, -1, 1));
  });

  it("pick (gather) and its adjoint scatterRows", () => {
    const idx = Int32Array.of(2, 0, 1, 2);
    const w = weighted([4]);
    check((t) => w(pick(t.reshape([4, 3]), idx)), uniform(12, -1, 1));
    const w2 = weighted([4, 3]);
    check((t) => w2(scatterRows(t.exp(), idx, 3)), uniform(4, -1, 1));
    // cross-entropy written by hand with pick equals the fused op: with |z| ≤ 3 the unshifted
    // log-sum-exp loses nothing, so only a few roundings (~1e-15) separate them
    const z = tensor(uniform(12, -3, 3), [4, 3]);
    const lse = z.exp().sum(1).log();
    expect(lse.sub(pick(z, idx)).mean().item()).toBeAllclose(softmaxCrossEntropy(z, idx).item(), {
      rtol: 1e-14,
    });
    expect(oneHot(Int32Array.of(2, 0), 3).data).toEqual(Float64Array.of(0, 0, 1, 1, 0, 0));
  });

  it("softmaxCrossEntropy (mean and sum) and mse", () => {
    const labels = Int32Array.of(2, 0, 1, 2);
    check((t) => softmaxCrossEntropy(t.reshape([4, 3]), labels), uniform(12, -3, 3));
    check((t) => softmaxCrossEntropy(t.reshape([4, 3]), labels, { reduction: "sum" }), uniform(12, -3, 3));
    const target = tensor(uniform(6, -1, 1), [3, 2]);
    check((t) => mse(t.reshape([3, 2]), target), uniform(6, -1, 1));
  });
});

describe("known values", () => {
  it("softmaxCrossEntropy is stable for huge logits and equals log-sum-exp − z_y", () => {
    // logits (1000, 0): loss for label 1 is 1000 + log(1 + e^-1000) = 1000 exactly in float64.
    const l = softmaxCrossEntropy(tensor([1000, 0, 0, 1000], [2, 2]), Int32Array.of(1, 1));
    expect(l.item()).toBeAllclose(500, { rtol: 1e-15 });
    const z = tensor([1, 2, 3], [1, 3]);
    const lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
    expect(softmaxCrossEntropy(z, Int32Array.of(0)).item()).toBeAllclose(lse - 1, { rtol: 1e-15 });
  });
});
