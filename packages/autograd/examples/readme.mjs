import {
  accuracy,
  batches,
  flatLoss,
  fromArray,
  gradientCovariance,
  hessianOperator,
  lanczos,
  mlp,
  noGrad,
  optim,
  perSampleGradients,
  softmaxCrossEntropy,
  takeLabels,
  takeRows,
  xorBlobs,
} from "@langevin/autograd";
import { createRng, symmetricEigen } from "@langevin/core";

// Seeded data and a seeded 2-16-2 tanh network; all 82 parameters live in one Float64Array.
const data = xorBlobs(400, 0.3, createRng(1, 0));
const model = mlp([2, 16, 2], "tanh", createRng(1, 1));
console.log("P =", model.size, "flat is a Float64Array:", model.flat instanceof Float64Array);

// SGD with momentum over shuffled mini-batches of 16.
const opt = optim.sgd(model, { lr: 0.05, momentum: 0.9 });
const rng = createRng(1, 2);
for (let epoch = 0; epoch < 30; epoch++) {
  for (const idx of batches(data.n, 16, rng)) {
    model.zeroGrad();
    const loss = softmaxCrossEntropy(model.forward(takeRows(data.x, 2, idx)), takeLabels(data.y, idx));
    loss.backward(); // fills model.flatGrad
    opt.step(); // updates model.flat in place
  }
}
const x = fromArray(data.x, [data.n, 2]);
const logits = noGrad(() => model.forward(x));
console.log("training accuracy:", accuracy(logits.data, 2, data.y));

// Per-sample gradients (N × P) and SGD's diffusion matrix D = (1/N) Σ gᵢgᵢᵀ − ḡḡᵀ.
const G = perSampleGradients(model, softmaxCrossEntropy, { x, y: data.y });
const D = gradientCovariance(G, data.n, model.size);
const { values } = symmetricEigen(D, model.size);
console.log("largest eigenvalues of D:", Array.from(values.slice(-3), (v) => v.toExponential(3)).join(", "));

// Extreme Hessian eigenvalues of the full-batch loss by Lanczos on exact Hessian-vector products.
const H = hessianOperator(flatLoss(model, softmaxCrossEntropy, { x, y: data.y }), model.flat);
const r = lanczos(H, model.size, 30, createRng(1, 3));
console.log("λmin(H) =", r.values[0].toExponential(3), " λmax(H) =", r.values[r.steps - 1].toExponential(3));

// Writing the flat vector moves the network.
const saved = model.flat.slice();
model.flat.fill(0);
console.log("all-zero network logits:", noGrad(() => model.forward(x)).data.slice(0, 2));
model.flat.set(saved);
