// Writes the inputs of the PyTorch reference (lenet_reference.py) as JSON on stdout: for each case
// a network spec, its flat parameters θ in @langevin/autograd's layout, images and labels, all from
// seeded generators (createRng), so the same run always writes the same file.
// Run from packages/autograd after `pnpm build`: node test/torch/lenet_inputs.mjs > /tmp/lenet_inputs.json

import { nn, Sequential } from "@langevin/autograd";
import { createRng } from "@langevin/core";

/** Little-endian float64 bytes, base64 (exact, and half the size of decimal text). */
function b64(a) {
  const view = new DataView(new ArrayBuffer(a.length * 8));
  for (let i = 0; i < a.length; i++) view.setFloat64(i * 8, a[i], true);
  return Buffer.from(view.buffer).toString("base64");
}

/** The layers as data that Python (and the test) rebuild a network from. */
function specOf(model) {
  return model.layers.flatMap((layer) => {
    if (layer instanceof nn.Conv2d) {
      const [out, inC, kh, kw] = layer.weight.shape;
      const conv = {
        type: "conv",
        in: inC,
        out,
        kernel: [kh, kw],
        stride: layer.stride,
        padding: layer.padding,
        bias: layer.bias !== null,
      };
      // A fused ReLU is a ReLU layer after the convolution in PyTorch.
      return layer.relu ? [conv, { type: "relu" }] : [conv];
    }
    if (layer instanceof nn.Linear)
      return { type: "linear", in: layer.inFeatures, out: layer.outFeatures, bias: layer.bias !== null };
    if (layer instanceof nn.MaxPool2d) return { type: "maxpool", ...layer.window };
    if (layer instanceof nn.AvgPool2d) return { type: "avgpool", ...layer.window, countIncludePad: true };
    if (layer instanceof nn.Flatten) return { type: "flatten" };
    if (layer instanceof nn.Activation) return { type: layer.name };
    throw new Error(`no spec for ${layer.constructor.name}`);
  });
}

function makeCase(name, model, inputShape, classes, seed) {
  const rng = createRng(seed, 1);
  // Non-zero biases, so that every bias enters the values (the builders start them at zero).
  for (const layer of model.layers) {
    if (!layer.bias) continue;
    const b = rng.fillNormal(layer.bias.data);
    for (let i = 0; i < b.length; i++) b[i] *= 0.1;
  }
  const x = new Float64Array(inputShape.reduce((a, b) => a * b, 1));
  // MNIST-like pixels k/255 for the LeNet (exact in both languages), normals for the variant net.
  if (name === "lenet") for (let i = 0; i < x.length; i++) x[i] = rng.int(256) / 255;
  else rng.fillNormal(x);
  const labels = Array.from({ length: inputShape[0] }, () => rng.int(classes));
  return { name, spec: specOf(model), inputShape, x: b64(x), labels, theta: b64(model.flat) };
}

const lenet = nn.lenet({ rng: createRng(2024, 0) });
// Every other option: stride and padding pairs, a bias-free conv, average pooling with padding,
// max pooling with padding and an uneven stride, odd sizes, tanh.
const r = createRng(2025, 0);
const variant = new Sequential([
  new nn.Conv2d(2, 3, [3, 2], r, { stride: [2, 1], padding: [1, 0] }),
  new nn.Activation("tanh"),
  new nn.AvgPool2d({ kernel: 3, stride: 1, padding: 1 }),
  new nn.Conv2d(3, 4, 3, r, { bias: false, padding: 1, stride: 2 }),
  new nn.Activation("relu"),
  new nn.MaxPool2d({ kernel: [2, 3], stride: [1, 2], padding: [1, 1] }),
  new nn.Flatten(),
  new nn.Linear(4 * 4 * 2, 5, r), // 11×9 → 6×8 → 6×8 → 3×4 → 4×2
]);
console.log(
  JSON.stringify({
    generator: "packages/autograd/test/torch/lenet_inputs.mjs",
    cases: [
      makeCase("lenet", lenet, [3, 1, 28, 28], 10, 2024),
      makeCase("variant", variant, [3, 2, 11, 9], 5, 2025),
    ],
  }),
);
