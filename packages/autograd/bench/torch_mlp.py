"""PyTorch peer for bench/run.mjs: one thread, same models and batch sizes; prints one JSON object.

MLP 64-128-128-10 (ReLU), batch 128, softmax cross-entropy, SGD with momentum 0.9: steps/s in
float32 (PyTorch's default) and float64 (the precision of @langevin/autograd); the paper's tiny-fc
shape 49-16-5 at batch 32 in float64. Per-sample gradients
of an MLP 20-32-10 (P = 1002) on N = 1000 examples with functorch's vmap(grad) when available.
"""
import json
import sys

import torch
from torch_common import best_rate

torch.set_num_threads(1)
torch.manual_seed(0)
budget = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0


def train_rate(dtype, sizes=(64, 128, 128, 10), batch=128):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i + 2 < len(sizes):
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers).to(dtype)
    x = torch.randn(batch, sizes[0], dtype=dtype)
    y = torch.randint(0, sizes[-1], (batch,))
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()

    return best_rate(step, budget)


out = {
    "torch": torch.__version__,
    "threads": torch.get_num_threads(),
    "train_float32": train_rate(torch.float32),
    "train_float64": train_rate(torch.float64),
    "tiny_float64": train_rate(torch.float64, (49, 16, 5), 32),
}

try:
    from functorch import grad, make_functional, vmap

    model = torch.nn.Sequential(torch.nn.Linear(20, 32), torch.nn.ReLU(), torch.nn.Linear(32, 10)).double()
    fmodel, params = make_functional(model)
    x = torch.randn(1000, 20, dtype=torch.float64)
    y = torch.randint(0, 10, (1000,))

    def loss(p, xi, yi):
        return torch.nn.functional.cross_entropy(fmodel(p, xi.unsqueeze(0)), yi.unsqueeze(0))

    per_sample = vmap(grad(loss), in_dims=(None, 0, 0))
    out["per_sample_float64"] = best_rate(lambda: per_sample(params, x, y), budget)
except Exception as e:  # functorch missing or incompatible
    out["per_sample_error"] = str(e)

print(json.dumps(out))
