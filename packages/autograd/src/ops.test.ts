import { describe, expect, it } from "vitest";
import { div, mul, relu, tensor } from "./index.js";

describe("composite expressions with reused nodes", () => {
  it("reproduces micrograd's test_more_ops (values checked against PyTorch there)", () => {
    const a = tensor([-4], [], { requiresGrad: true });
    const b = tensor([2], [], { requiresGrad: true });
    let c = a.add(b);
    let d = a.mul(b).add(b.pow(3));
    c = c.add(c.add(1));
    c = c.add(c.add(1).add(a.neg()));
    d = d.add(d.mul(2).add(relu(b.add(a))));
    d = d.add(mul(3, d).add(relu(b.sub(a))));
    const e = c.sub(d);
    const f = e.pow(2);
    let g = f.div(2);
    g = g.add(div(10, f));
    g.backward();
    // micrograd's published numbers; float64 round-off only.
    expect(g.item()).toBeAllclose(24.70408163265306, { rtol: 1e-14 });
    expect(a.grad!).toBeAllclose([138.83381924198252], { rtol: 1e-14 });
    expect(b.grad!).toBeAllclose([645.5772594752186], { rtol: 1e-14 });
  });
});
