import {
  accuracy,
  batches,
  diffusionSpectrum,
  flatLoss,
  fromArray,
  hessianOperator,
  lanczos,
  nn,
  noGrad,
  numericalRank,
  optim,
  perSampleGradients,
  softmaxCrossEntropy,
  takeLabels,
  takeRows,
} from "@langevin/autograd";
import { createRng } from "@langevin/core";

// Seeded 28×28 images of a bar, horizontal (class 0), vertical (1) or diagonal (2), at a random
// place, in noise: a task only a network that sees neighbourhoods solves at once.
function bars(n, rng) {
  const x = new Float64Array(n * 784);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const img = x.subarray(i * 784, (i + 1) * 784);
    for (let k = 0; k < 784; k++) img[k] = 0.2 * rng.uniform();
    y[i] = rng.int(3);
    const r = 4 + rng.int(20);
    const c = 4 + rng.int(20);
    for (let t = -4; t <= 4; t++) {
      const [dr, dc] = y[i] === 0 ? [0, t] : y[i] === 1 ? [t, 0] : [t, t];
      img[(r + dr) * 28 + c + dc] = 1;
    }
  }
  return { x, y, n };
}

const train = bars(600, createRng(7, 0));
const test = bars(300, createRng(7, 1));
// The paper's small LeNet (conv 5×5 → ReLU → max-pool 3 → conv 5×5 → ReLU → max-pool 2 → fc → fc).
const model = nn.lenet({ channels: [8, 16], hidden: 32, classes: 3, rng: createRng(7, 2) });
console.log("parameters:", model.size);

const opt = optim.sgd(model, { lr: 0.05, momentum: 0.9 });
const rng = createRng(7, 3);
for (let epoch = 0; epoch < 4; epoch++) {
  for (const idx of batches(train.n, 32, rng)) {
    model.zeroGrad();
    const xb = takeRows(train.x, 784, idx).reshape([idx.length, 1, 28, 28]);
    softmaxCrossEntropy(model.forward(xb), takeLabels(train.y, idx)).backward();
    opt.step();
  }
}
const logits = noGrad(() => model.forward(fromArray(test.x, [test.n, 1, 28, 28])));
console.log("test accuracy:", accuracy(logits.data, 3, test.y));

// SGD's diffusion matrix D from per-example gradients of 200 training images (N < P: through the
// 200 × 200 Gram matrix), and the extreme Hessian eigenvalues by Lanczos on exact Hessian-vector
// products through the convolutions.
const sub = { x: fromArray(train.x.subarray(0, 200 * 784), [200, 1, 28, 28]), y: train.y.subarray(0, 200) };
const G = perSampleGradients(model, softmaxCrossEntropy, sub);
const lambda = diffusionSpectrum(G, 200, model.size);
console.log("λmax(D) =", lambda[0].toExponential(3), " rank(D) =", numericalRank(lambda, model.size));
const H = hessianOperator(flatLoss(model, softmaxCrossEntropy, sub), model.flat);
const r = lanczos(H, model.size, 20, createRng(7, 4));
console.log("λmin(H) =", r.values[0].toExponential(3), " λmax(H) =", r.values[r.steps - 1].toExponential(3));
