import { readFileSync } from "node:fs";
import { createRng } from "@langevin/core";
import { describe, expect, it } from "vitest";
import {
  fromArray,
  nn,
  noGrad,
  perSampleGradients,
  Sequential,
  softmaxCrossEntropy,
  tensor,
} from "./index.js";

// PyTorch float64 on the same networks, parameters and images: test/torch/lenet_fixture.json,
// written by test/torch/lenet_reference.py from the seeded inputs of test/torch/lenet_inputs.mjs
// (the package README says how to regenerate it). CI has no PyTorch; the fixture is committed.

interface Spec {
  type: "conv" | "linear" | "maxpool" | "avgpool" | "flatten" | "relu" | "tanh";
  in?: number;
  out?: number;
  kernel?: [number, number];
  stride?: [number, number];
  padding?: [number, number];
  bias?: boolean;
  countIncludePad?: boolean;
}

interface Case {
  name: string;
  spec: Spec[];
  inputShape: number[];
  x: string;
  labels: number[];
  theta: string;
  logits: string;
  loss: number;
  grad: string;
  perSample: string;
}

const fixture: { torch: string; cases: Case[] } = JSON.parse(
  readFileSync(new URL("../test/torch/lenet_fixture.json", import.meta.url), "utf8"),
);

/** Little-endian float64 from base64 (exact). */
function decode(s: string): Float64Array {
  const bytes = Buffer.from(s, "base64");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  return Float64Array.from({ length: bytes.length / 8 }, (_, i) => view.getFloat64(8 * i, true));
}

function fromSpec(spec: Spec[]): Sequential {
  const rng = createRng(0); // the weights are overwritten with the fixture's θ
  return new Sequential(
    spec.map((s) => {
      switch (s.type) {
        case "conv":
          return new nn.Conv2d(s.in!, s.out!, s.kernel!, rng, {
            stride: s.stride,
            padding: s.padding,
            bias: s.bias,
          });
        case "linear":
          return new nn.Linear(s.in!, s.out!, rng, { bias: s.bias });
        case "maxpool":
          return new nn.MaxPool2d({ kernel: s.kernel!, stride: s.stride, padding: s.padding });
        case "avgpool":
          return new nn.AvgPool2d({
            kernel: s.kernel!,
            stride: s.stride,
            padding: s.padding,
            countIncludePad: s.countIncludePad,
          });
        case "flatten":
          return new nn.Flatten();
        default:
          return new nn.Activation(s.type);
      }
    }),
  );
}

/**
 * max |a − b| / |b| over the entries, with |b| floored at 1e-6·max|b| (an entry a million times
 * below the largest carries the round-off of the large ones, so only its absolute error is
 * meaningful).
 */
function relError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]));
  let err = 0;
  for (let i = 0; i < b.length; i++) {
    err = Math.max(err, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 1e-6 * scale));
  }
  return err;
}

describe(`conv nets against PyTorch ${fixture.torch} (float64)`, () => {
  for (const c of fixture.cases) {
    const model = c.name === "lenet" ? nn.lenet({ rng: createRng(0) }) : fromSpec(c.spec);
    model.flat.set(decode(c.theta));
    const x = fromArray(decode(c.x), c.inputShape);
    const y = Int32Array.from(c.labels);
    const n = c.inputShape[0];

    it(`${c.name}: logits and loss to 1e-10 relative`, () => {
      expect(model.size).toBe(decode(c.theta).length);
      const logits = noGrad(() => model.forward(x));
      const loss = noGrad(() => softmaxCrossEntropy(logits, y)).item();
      const errs = { logits: relError(logits.data, decode(c.logits)), loss: relError([loss], [c.loss]) };
      console.log(
        `${c.name} vs PyTorch: relative error of logits ${errs.logits.toExponential(1)}, loss ${errs.loss.toExponential(1)}`,
      );
      // float64 in both, the same sums in other orders (im2col + gemm both sides, other blockings):
      // round-off grows like depth × ε ≈ 1e-15; 1e-10 leaves room and still catches any wrong
      // index, padding or tie rule (those are O(1) errors).
      expect(errs.logits).toBeLessThan(1e-10);
      expect(errs.loss).toBeLessThan(1e-10);
      if (c.name === "lenet") {
        // nn.lenet is the network PyTorch ran: the same logits as the spec rebuilt layer by layer.
        const rebuilt = fromSpec(c.spec);
        rebuilt.flat.set(model.flat);
        expect(noGrad(() => rebuilt.forward(x)).data).toEqual(logits.data);
      }
    });

    it(`${c.name}: every parameter's gradient to 1e-10 relative`, () => {
      model.zeroGrad();
      softmaxCrossEntropy(model.forward(x), y).backward();
      const ref = decode(c.grad);
      const parts = model.parameters().map((p, i) => {
        const o = model.offsets[i];
        return relError(model.flatGrad.subarray(o, o + p.size), ref.subarray(o, o + p.size));
      });
      console.log(
        `${c.name} vs PyTorch: relative error of each parameter's gradient ${parts.map((e) => e.toExponential(1)).join(", ")}`,
      );
      // as above
      for (const e of parts) expect(e).toBeLessThan(1e-10);
    });

    it(`${c.name}: per-example gradients equal functorch's vmap(grad) to 1e-10 relative`, () => {
      const g = perSampleGradients(model, softmaxCrossEntropy, { x, y });
      const ref = decode(c.perSample);
      expect(g.length).toBe(n * model.size);
      const errs = Array.from({ length: n }, (_, i) =>
        relError(
          g.subarray(i * model.size, (i + 1) * model.size),
          ref.subarray(i * model.size, (i + 1) * model.size),
        ),
      );
      console.log(
        `${c.name} vs PyTorch: relative error of per-example gradients ${errs.map((e) => e.toExponential(1)).join(", ")}`,
      );
      // as above
      for (const e of errs) expect(e).toBeLessThan(1e-10);
    });
  }

  it("the fixture has what the tests read (a LeNet of 5 834 weights on 28×28 images, and a variant)", () => {
    expect(fixture.cases.map((c) => c.name)).toEqual(["lenet", "variant"]);
    expect(decode(fixture.cases[0].theta).length).toBe(5834);
    expect(fixture.cases[0].inputShape).toEqual([3, 1, 28, 28]);
    expect(tensor(decode(fixture.cases[0].perSample)).size).toBe(3 * 5834);
  });
});
