"""PyTorch peer for the LeNet rows of bench/run.mjs: one thread; prints one JSON object.

The LeNet of nn.lenet (Chaudhari & Soatto's "lenets" without batch norm and dropout: conv 5x5 (8)
-> ReLU -> max-pool 3 -> conv 5x5 (16) -> ReLU -> max-pool 2 -> fc 32 -> ReLU -> fc 10, 5 834
weights) on random 28x28 images: forward + backward + SGD(momentum 0.9) steps per CPU second at
batch 128 in float64 and float32; per-sample gradients of 1 000 images in float64 with functorch's
vmap(grad), and with a loop of 1 000 backward passes. With --serve, it answers measurement requests
on stdin one window at a time, so that bench/run.mjs can interleave them with its own.
"""
import json
import sys

import torch
from torch_common import best_rate

torch.set_num_threads(1)
torch.manual_seed(0)
budget = float(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1] != "--serve" else 1.0


def lenet(dtype):
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 8, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(3, 3),
        torch.nn.Conv2d(8, 16, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(64, 32), torch.nn.ReLU(), torch.nn.Linear(32, 10),
    ).to(dtype)


def train_step(dtype, batch=128):
    model = lenet(dtype)
    x = torch.rand(batch, 1, 28, 28, dtype=dtype)
    y = torch.randint(0, 10, (batch,))
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)

    def step():
        opt.zero_grad()
        torch.nn.functional.cross_entropy(model(x), y).backward()
        opt.step()

    return step


def per_sample_setup():
    model = lenet(torch.float64)
    x = torch.rand(1000, 1, 28, 28, dtype=torch.float64)
    y = torch.randint(0, 10, (1000,))
    size = sum(p.numel() for p in model.parameters())

    def loop():
        grads = torch.empty(1000, size, dtype=torch.float64)
        for i in range(1000):
            model.zero_grad()
            torch.nn.functional.cross_entropy(model(x[i:i + 1]), y[i:i + 1]).backward()
            grads[i] = torch.cat([p.grad.reshape(-1) for p in model.parameters()])
        return grads

    fns = {"per_sample_loop_float64": loop}
    try:
        from functorch import grad, make_functional, vmap

        fmodel, params = make_functional(model)

        def loss(p, xi, yi):
            return torch.nn.functional.cross_entropy(fmodel(p, xi.unsqueeze(0)), yi.unsqueeze(0))

        per_sample = vmap(grad(loss), in_dims=(None, 0, 0))
        fns["per_sample_float64"] = lambda: per_sample(params, x, y)
    except Exception as e:  # functorch missing or incompatible
        fns["per_sample_error"] = str(e)
    return fns


def measurements():
    fns = {"lenet_float64": train_step(torch.float64), "lenet_float32": train_step(torch.float32)}
    fns.update(per_sample_setup())
    return fns


if len(sys.argv) > 1 and sys.argv[1] == "--serve":
    # Interleaved with the Node side (bench/run.mjs): each line "name seconds" on stdin is answered
    # by one line, the rate of one window of that many CPU seconds (or an error text).
    fns = measurements()
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(),
                      "per_sample_error": fns.get("per_sample_error")}), flush=True)
    for line in sys.stdin:
        name, seconds = line.split()
        fn = fns[name]
        print(json.dumps(best_rate(fn, float(seconds), 1, warmup=1)), flush=True)
else:
    fns = measurements()
    out = {"torch": torch.__version__, "threads": torch.get_num_threads()}
    for name, fn in fns.items():
        out[name] = fn if isinstance(fn, str) else best_rate(fn, budget, 1 if "per_sample" in name else 3, warmup=1)
    print(json.dumps(out))
