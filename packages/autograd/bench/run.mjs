// Throughput of @langevin/autograd beside tfjs-core (pure-JS CPU backend) and PyTorch (one thread).
// Run: pnpm --filter @langevin/autograd bench  (after building). The machine is shared, so rates
// are per second of this process's CPU time (process.cpuUsage here, time.process_time in Python),
// best of 3 runs: time spent waiting for other processes is not counted. Everything is one thread.
import { spawnSync } from "node:child_process";
import { register } from "node:module";
import {
  mlp,
  optim,
  perSampleGradients,
  perSampleGradientsLoop,
  randn,
  softmaxCrossEntropy,
} from "@langevin/autograd";
import { createRng } from "@langevin/core";
import { bestRate, budget, fmt, load } from "./common.mjs";

async function tfjsRate() {
  try {
    const tf = await import("@tensorflow/tfjs-core");
    register("./extensionless-loader.mjs", import.meta.url);
    await import("@tensorflow/tfjs-core/dist/register_all_gradients.js");
    await import("@tensorflow/tfjs-backend-cpu");
    await tf.setBackend("cpu");
    const dense = (i, o) => [
      tf.variable(tf.randomNormal([i, o], 0, Math.sqrt(2 / i))),
      tf.variable(tf.zeros([o])),
    ];
    const [w1, b1] = dense(64, 128);
    const [w2, b2] = dense(128, 128);
    const [w3, b3] = dense(128, 10);
    const x = tf.randomNormal([128, 64]);
    const y = tf.oneHot(tf.randomUniform([128], 0, 10, "int32"), 10);
    const opt = tf.train.momentum(0.01, 0.9);
    const loss = () => {
      const h1 = tf.relu(tf.add(tf.matMul(x, w1), b1));
      const h2 = tf.relu(tf.add(tf.matMul(h1, w2), b2));
      return tf.losses.softmaxCrossEntropy(y, tf.add(tf.matMul(h2, w3), b3));
    };
    return { rate: bestRate(() => tf.dispose(opt.minimize(loss, true))), version: tf.version_core };
  } catch (e) {
    return { error: String(e) };
  }
}

function torchPeer(file) {
  const py = "/usr/bin/python3";
  const probe = spawnSync(py, ["-c", "import torch"], { encoding: "utf8" });
  if (probe.status !== 0) return { error: "peer unavailable (/usr/bin/python3 cannot import torch)" };
  const script = new URL(file, import.meta.url).pathname;
  const r = spawnSync(py, [script, String(budget)], {
    encoding: "utf8",
    env: { ...process.env, OMP_NUM_THREADS: "1" },
  });
  if (r.status !== 0) return { error: r.stderr.trim().split("\n").pop() };
  return JSON.parse(r.stdout);
}

// --- ours: MLP 64-128-128-10, batch 128, forward + backward + SGD(momentum) step
const model = mlp([64, 128, 128, 10], "relu", createRng(1));
const x = randn([128, 64], createRng(2));
const rng = createRng(3);
const y = Int32Array.from({ length: 128 }, () => rng.int(10));
const sgd = optim.sgd(model, { lr: 0.01, momentum: 0.9 });
const ours = bestRate(() => {
  model.zeroGrad();
  softmaxCrossEntropy(model.forward(x), y).backward();
  sgd.step();
});

// --- the paper's tiny-fc shape, 49-16-5, batch 32 (per-op overhead dominates here)
const tiny = mlp([49, 16, 5], "relu", createRng(6));
const xt = randn([32, 49], createRng(7));
const yt = Int32Array.from({ length: 32 }, () => rng.int(5));
const sgdTiny = optim.sgd(tiny, { lr: 0.01, momentum: 0.9 });
const oursTiny = bestRate(() => {
  tiny.zeroGrad();
  softmaxCrossEntropy(tiny.forward(xt), yt).backward();
  sgdTiny.step();
});

// --- per-sample gradients: MLP 20-32-10 (P = 1002), N = 1000
const small = mlp([20, 32, 10], "relu", createRng(4));
const xs = randn([1000, 20], createRng(5));
const ys = Int32Array.from({ length: 1000 }, () => rng.int(10));
const out = new Float64Array(1000 * small.size);
const batch = { x: xs, y: ys };
const perSample = bestRate(() => perSampleGradients(small, softmaxCrossEntropy, batch, out));
const perSampleLoop = bestRate(
  () => perSampleGradientsLoop(small, softmaxCrossEntropy, batch, (t, i) => t.subarray(i, i + 1), out),
  budget,
  1,
);

const tfjs = await tfjsRate();
const torch = torchPeer("./torch_mlp.py");

const ratio = (a, b) => (typeof a === "number" && typeof b === "number" ? `${(a / b).toFixed(2)}×` : "n/a");
console.log(`MLP 64-128-128-10, batch 128: forward + backward + SGD steps per second (best of 3, ${load()})`);
console.log(`  @langevin/autograd (float64)      ${fmt(ours)}`);
console.log(
  `  tfjs-core ${tfjs.version ?? ""} cpu (float32)   ${fmt(tfjs.rate ?? tfjs.error)}   ours/tfjs = ${ratio(ours, tfjs.rate)}`,
);
if (torch.error) console.log(`  PyTorch: ${torch.error}`);
else {
  console.log(
    `  PyTorch ${torch.torch} 1 thread, float32 ${fmt(torch.train_float32)}   ours/torch = ${ratio(ours, torch.train_float32)}`,
  );
  console.log(
    `  PyTorch ${torch.torch} 1 thread, float64 ${fmt(torch.train_float64)}   ours/torch = ${ratio(ours, torch.train_float64)}`,
  );
}
console.log("\nMLP 49-16-5 (the paper's tiny-fc without batch norm), batch 32: steps per second");
console.log(`  @langevin/autograd (float64)      ${fmt(oursTiny)}`);
if (!torch.error) {
  console.log(
    `  PyTorch 1 thread, float64         ${fmt(torch.tiny_float64)}   ours/torch = ${ratio(oursTiny, torch.tiny_float64)}`,
  );
}
console.log("\nPer-sample gradients, MLP 20-32-10 (P = 1002), N = 1000: full N×P matrices per second");
console.log(`  perSampleGradients (batched rule)  ${fmt(perSample)}`);
console.log(
  `  N separate backward passes         ${fmt(perSampleLoop)}   batched/loop = ${ratio(perSample, perSampleLoop)}`,
);
if (torch.per_sample_float64 !== undefined) {
  console.log(
    `  PyTorch functorch vmap(grad) f64   ${fmt(torch.per_sample_float64)}   ours/torch = ${ratio(perSample, torch.per_sample_float64)}`,
  );
} else if (torch.per_sample_error) console.log(`  PyTorch per-sample: ${torch.per_sample_error}`);

// The LeNet comparisons run in a process of their own (bench/lenet.mjs): after tfjs and the
// benchmarks above, this heap is larger, and collecting the LeNet's batch-sized arrays costs more.
spawnSync(process.execPath, [new URL("./lenet.mjs", import.meta.url).pathname], {
  stdio: "inherit",
  env: { ...process.env, BENCH_SECONDS: String(budget) },
});
