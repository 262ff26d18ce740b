// LeNet rows of the benchmark (run by bench/run.mjs, or alone: node bench/lenet.mjs after building):
// @langevin/autograd against PyTorch (bench/torch_conv.py --serve, one thread), window by window.
import { spawn, spawnSync } from "node:child_process";
import { createInterface } from "node:readline";
import {
  fromArray,
  nn,
  optim,
  perSampleGradients,
  perSampleGradientsLoop,
  softmaxCrossEntropy,
} from "@langevin/autograd";
import { createRng } from "@langevin/core";
import { budget, fmt, load, windowRate } from "./common.mjs";

const rng = createRng(3);

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
