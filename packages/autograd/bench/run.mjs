// Throughput of @langevin/autograd beside tfjs-core (pure-JS CPU backend) and PyTorch (one thread).
// Run: pnpm --filter @langevin/autograd bench  (after building). The machine is shared, so rates
// are per second of this process's CPU time (process.cpuUsage here, time.process_time in Python),
// best of 3 runs: time spent waiting for other processes is not counted. Everything is one thread.
import { spawn, spawnSync } from "node:child_process";
import { register } from "node:module";
import os from "node:os";
import { createInterface } from "node:readline";
import {
  fromArray,
  mlp,
  nn,
  optim,
  perSampleGradients,
  perSampleGradientsLoop,
  randn,
  softmaxCrossEntropy,
} from "@langevin/autograd";
import { createRng } from "@langevin/core";

const budget = Number(process.env.BENCH_SECONDS ?? 1.5);

function cpuSeconds() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function bestRate(fn, seconds = budget, repeats = 3) {
  for (let i = 0; i < 5; i++) fn();
  let best = 0;
  for (let r = 0; r < repeats; r++) {
    let n = 0;
    const t0 = cpuSeconds();
    let dt = 0;
    do {
      fn();
      n++;
      dt = cpuSeconds() - t0;
    } while (dt < seconds / repeats);
    best = Math.max(best, n / dt);
  }
  return best;
}

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

const load = () => `machine load ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`;
const fmt = (v) => (typeof v === "number" ? v.toFixed(1).padStart(10) : String(v).padStart(10));
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

// --- the paper's small LeNet (nn.lenet: 8 and 16 channels, 32 hidden units, 5 834 weights) on
// random 28×28 images: training steps at batch 128, and per-sample gradients of 1 000 images.
// PyTorch runs in a server process (torch_conv.py --serve) and the two sides take turns, one
// window each, so that both see the same machine load; we report the median and the best window of
// each, and the median of the round-by-round ratios.
const lenet = nn.lenet({ rng: createRng(8) });
const xl = fromArray(createRng(9).fillUniform(new Float64Array(128 * 784)), [128, 1, 28, 28]);
const yl = Int32Array.from({ length: 128 }, () => rng.int(10));
const sgdLenet = optim.sgd(lenet, { lr: 0.01, momentum: 0.9 });
const lenetStep = () => {
  lenet.zeroGrad();
  softmaxCrossEntropy(lenet.forward(xl), yl).backward();
  sgdLenet.step();
};
const xp = fromArray(createRng(10).fillUniform(new Float64Array(1000 * 784)), [1000, 1, 28, 28]);
const lenetBatch = { x: xp, y: Int32Array.from({ length: 1000 }, () => rng.int(10)) };
const outLenet = new Float64Array(1000 * lenet.size);
const lenetRuns = {
  train: lenetStep,
  perSample: () => perSampleGradients(lenet, softmaxCrossEntropy, lenetBatch, outLenet),
  loop: () =>
    perSampleGradientsLoop(lenet, softmaxCrossEntropy, lenetBatch, (t, i) => t.subarray(i, i + 1), outLenet),
};
for (const fn of Object.values(lenetRuns)) fn();

/** Calls per CPU second over one window of at least `seconds` (and at least one call). */
function windowRate(fn, seconds) {
  let n = 0;
  const t0 = cpuSeconds();
  let dt = 0;
  do {
    fn();
    n++;
    dt = cpuSeconds() - t0;
  } while (dt < seconds);
  return n / dt;
}

async function torchServer(file) {
  const py = "/usr/bin/python3";
  const probe = spawnSync(py, ["-c", "import torch"], { encoding: "utf8" });
  if (probe.status !== 0) return { error: "peer unavailable (/usr/bin/python3 cannot import torch)" };
  const child = spawn(py, [new URL(file, import.meta.url).pathname, "--serve"], {
    env: { ...process.env, OMP_NUM_THREADS: "1" },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error("the PyTorch server stopped");
    return JSON.parse(value);
  };
  const header = await next();
  return {
    ...header,
    rate: async (name, seconds) => {
      child.stdin.write(`${name} ${seconds}\n`);
      return next();
    },
    close: () => child.stdin.end(),
  };
}

const median = (a) => {
  const s = [...a].sort((p, q) => p - q);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Rounds of one window per series, in turn; ours first in every round. */
async function interleaved(series, rounds, seconds) {
  const rates = Object.fromEntries(series.map(([name]) => [name, []]));
  for (let r = 0; r < rounds; r++) {
    for (const [name, run] of series) rates[name].push(await run(seconds));
  }
  return rates;
}

const server = await torchServer("./torch_conv.py");
const peer = (name) => (server.error ? null : [name, (s) => server.rate(name, s)]);
const loadBefore = load();
const train = await interleaved(
  [["ours", (s) => windowRate(lenetRuns.train, s)], peer("lenet_float64"), peer("lenet_float32")].filter(
    Boolean,
  ),
  7,
  budget / 3,
);
const perSampleRates = await interleaved(
  [
    ["ours", (s) => windowRate(lenetRuns.perSample, s)],
    ["oursLoop", (s) => windowRate(lenetRuns.loop, s)],
    peer("per_sample_loop_float64"),
    server.per_sample_error ? null : peer("per_sample_float64"),
  ].filter(Boolean),
  3,
  budget / 3,
);
server.close?.();
const row = (label, rates, versus) => {
  const m = median(rates);
  const ratios = versus ? rates.map((v, i) => versus[i] / v) : null;
  const r = ratios ? `   ours/this = ${median(ratios).toFixed(2)}× (median of rounds)` : "";
  console.log(`  ${label.padEnd(34)} ${fmt(m)} ${fmt(Math.max(...rates))}${r}`);
};
console.log(
  `\nLeNet (nn.lenet, 5 834 weights), batch 128 of 28×28: forward + backward + SGD steps per CPU second,\n` +
    `7 interleaved windows each (median, best; ${loadBefore}, after: ${load()})`,
);
row("@langevin/autograd (float64)", train.ours);
if (server.error) console.log(`  PyTorch: ${server.error}`);
else {
  row(`PyTorch ${server.torch} 1 thread, float64`, train.lenet_float64, train.ours);
  row(`PyTorch ${server.torch} 1 thread, float32`, train.lenet_float32, train.ours);
}
console.log(
  `\nPer-sample gradients, LeNet (P = 5 834), N = 1 000: N×P matrices per CPU second, 3 interleaved windows\n(median, best; ${load()})`,
);
row("perSampleGradients (batched rule)", perSampleRates.ours);
row("N separate backward passes", perSampleRates.oursLoop, perSampleRates.ours);
if (perSampleRates.per_sample_float64) {
  row("PyTorch functorch vmap(grad) f64", perSampleRates.per_sample_float64, perSampleRates.ours);
} else if (!server.error) console.log(`  PyTorch vmap(grad): ${server.per_sample_error}`);
if (perSampleRates.per_sample_loop_float64) {
  row("PyTorch loop of backward passes f64", perSampleRates.per_sample_loop_float64, perSampleRates.ours);
}
