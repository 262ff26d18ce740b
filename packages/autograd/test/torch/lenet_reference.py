"""PyTorch float64 reference for the conv-net tests (lenet_fixture.json, read by torch.test.ts).

Reads the JSON written by lenet_inputs.mjs (networks as specs, flat parameters in @langevin/autograd's
layout, images, labels), rebuilds each network in PyTorch, and writes the same JSON with PyTorch's
logits, mean cross-entropy loss, its gradient (loss.backward()) and the per-example gradients from
functorch's vmap(grad), all mapped back to our flat layout. Arrays are little-endian float64 in
base64.

Layout: a conv layer is weight (out, in, kh, kw) row-major then bias, PyTorch's order; a linear
layer is W (in x out) row-major then b, i.e. PyTorch's weight transposed.

Regenerate (from packages/autograd, after `pnpm build`; needs torch with functorch, e.g. Debian's
python3-torch 1.13 under /usr/bin/python3):
    node test/torch/lenet_inputs.mjs > /tmp/lenet_inputs.json
    /usr/bin/python3 test/torch/lenet_reference.py /tmp/lenet_inputs.json test/torch/lenet_fixture.json
"""
import base64
import json
import re
import sys

import numpy as np
import torch
from functorch import grad, make_functional, vmap

torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)


def decode(s):
    return np.frombuffer(base64.b64decode(s), dtype="<f8").copy()


def encode(a):
    return base64.b64encode(np.ascontiguousarray(a, dtype="<f8").tobytes()).decode("ascii")


def build(spec):
    """torch.nn.Sequential from the spec, and for each parameter (in module order) a function
    taking a tensor shaped like it to its block of our flat layout."""
    layers, to_flat = [], []
    for s in spec:
        t = s["type"]
        if t == "conv":
            layers.append(torch.nn.Conv2d(s["in"], s["out"], tuple(s["kernel"]), tuple(s["stride"]),
                                          tuple(s["padding"]), bias=s["bias"]))
            to_flat.append(lambda g: g.reshape(*g.shape[:-4], -1))
            if s["bias"]:
                to_flat.append(lambda g: g)
        elif t == "linear":
            layers.append(torch.nn.Linear(s["in"], s["out"], bias=s["bias"]))
            # PyTorch's weight is (out, in); ours is its transpose (in, out).
            to_flat.append(lambda g: g.transpose(-1, -2).reshape(*g.shape[:-2], -1))
            if s["bias"]:
                to_flat.append(lambda g: g)
        elif t == "maxpool":
            layers.append(torch.nn.MaxPool2d(tuple(s["kernel"]), tuple(s["stride"]), tuple(s["padding"])))
        elif t == "avgpool":
            layers.append(torch.nn.AvgPool2d(tuple(s["kernel"]), tuple(s["stride"]), tuple(s["padding"]),
                                             count_include_pad=s["countIncludePad"]))
        elif t == "flatten":
            layers.append(torch.nn.Flatten())
        elif t == "relu":
            layers.append(torch.nn.ReLU())
        elif t == "tanh":
            layers.append(torch.nn.Tanh())
        else:
            raise ValueError(f"unknown layer {t}")
    return torch.nn.Sequential(*layers).double(), to_flat


def load_flat(model, theta):
    """Copies our flat vector into the PyTorch parameters (inverse of to_flat)."""
    k = 0
    with torch.no_grad():
        for module in model:
            for name in ("weight", "bias"):
                p = getattr(module, name, None)
                if p is None:
                    continue
                n = p.numel()
                block = torch.from_numpy(theta[k:k + n])
                if isinstance(module, torch.nn.Linear) and name == "weight":
                    p.copy_(block.reshape(p.shape[1], p.shape[0]).T)
                else:
                    p.copy_(block.reshape(p.shape))
                k += n
    assert k == len(theta), f"spec has {k} parameters, theta {len(theta)}"


def reference(case):
    model, to_flat = build(case["spec"])
    load_flat(model, decode(case["theta"]))
    x = torch.from_numpy(decode(case["x"]).reshape(case["inputShape"]))
    y = torch.tensor(case["labels"], dtype=torch.long)
    logits = model(x)
    loss = torch.nn.functional.cross_entropy(logits, y)
    loss.backward()
    params = [p for p in model.parameters()]
    flat_grad = torch.cat([f(p.grad) for f, p in zip(to_flat, params)])

    fmodel, fparams = make_functional(model)

    def example_loss(ps, xi, yi):
        return torch.nn.functional.cross_entropy(fmodel(ps, xi.unsqueeze(0)), yi.unsqueeze(0))

    per = vmap(grad(example_loss), in_dims=(None, 0, 0))(fparams, x, y)
    per_flat = torch.cat([f(g) for f, g in zip(to_flat, per)], dim=1)
    return {
        **case,
        "logits": encode(logits.detach().numpy()),
        "loss": loss.item(),
        "grad": encode(flat_grad.numpy()),
        "perSample": encode(per_flat.detach().numpy()),
    }


def main():
    src, dst = sys.argv[1], sys.argv[2]
    with open(src) as f:
        inputs = json.load(f)
    out = {
        "about": "PyTorch float64 reference written by test/torch/lenet_reference.py; do not edit",
        "torch": torch.__version__,
        "generator": inputs["generator"],
        "cases": [reference(c) for c in inputs["cases"]],
    }
    text = json.dumps(out, indent=2)
    # Short arrays of numbers on one line, as the repository's formatter (Biome) writes them, so
    # that a regenerated fixture passes `pnpm lint` unchanged.
    text = re.sub(r"\[\s*(-?[\d.e+-]+(?:,\s*-?[\d.e+-]+)*)\s*\]",
                  lambda m: "[" + ", ".join(v.strip() for v in m.group(1).split(",")) + "]", text)
    with open(dst, "w") as f:
        f.write(text + "\n")


if __name__ == "__main__":
    main()
