import { createRng, symmetricEigen } from "@langevin/core";
import {
  barChart,
  byMode,
  checkAbove,
  checkBelow,
  type Experiment,
  lineChart,
  panels,
} from "@langevin/report";
import { NetLoss } from "../lib/net.js";
import { draxlerAutoNeb } from "../lib/paths.js";
import { spearman } from "../lib/stats.js";
import { xorTask } from "../lib/tasks.js";

/** |λ| below this counts as a flat direction (the threshold; the L2 term puts flat directions at 1e-4). */
const FLAT = 1e-3;

function spectrum(net: NetLoss, theta: Float64Array) {
  const values = symmetricEigen(net.hessian(theta), net.size).values;
  let flat = 0;
  let negative = 0;
  for (const v of values) {
    if (Math.abs(v) < FLAT) flat++;
    else if (v < 0) negative++;
  }
  return { values, flat, negative };
}

/**
 * The `high-dimensional-minima` experiment (see its claim and setup).
 * @example
 * await runExperiments([highDimensionalMinima], { app: "loss-landscape", mode: "test" });
 */
export const highDimensionalMinima: Experiment = {
  id: "high-dimensional-minima",
  title: "Flat directions multiply with the dimension (Arora's remark)",
  claim:
    "Minima of over-parameterised networks are not isolated points but connected flat manifolds: the number of " +
    "Hessian eigenvalues within 1e-3 of zero at a minimum grows as the network widens, and the flat directions " +
    "persist along the low-loss AutoNEB path between two minima.",
  setup:
    "MLPs 2-w-2 (tanh) on seeded XOR blobs (200 training points, loss = cross-entropy + (1e-4/2)‖θ‖²), trained from " +
    "two seeds per width with SGD + momentum and full-batch heavy ball. Dense Hessians from P exact Hessian-vector " +
    "products (double backward), eigenvalues by @langevin/core's symmetricEigen. A flat direction: |λ| < 1e-3 (the L2 " +
    "term alone gives exactly-flat directions λ = 1e-4). The path: AutoNEB (Draxler's recipe, as in no-barriers) " +
    "between the two minima of width 16, Hessian at every image.",
  run(ctx) {
    const mode = ctx.mode;
    const widths = byMode(mode, {
      test: [2, 8],
      fast: [2, 4, 8, 16, 32, 64],
      full: [2, 4, 8, 16, 32, 64, 128],
    });
    const task = xorTask(ctx.seed("xor-data"));
    const rows: {
      width: number;
      P: number;
      flat: number[];
      negative: number[];
      loss: number[];
      gradNorm: number[];
    }[] = [];
    const spectra: { width: number; values: Float64Array }[] = [];
    let pathNet: NetLoss | null = null;
    let pathEnds: Float64Array[] = [];
    const pathWidth = byMode(mode, { test: 8, fast: 16, full: 16 });
    for (let q = 0; q < widths.length; q++) {
      ctx.throwIfAborted();
      ctx.progress((0.7 * q) / widths.length, "spectra at minima");
      const w = widths[q];
      const net = new NetLoss([2, w, 2], "tanh", task.train, task.test, 1e-4, createRng(1));
      const row = {
        width: w,
        P: net.size,
        flat: [] as number[],
        negative: [] as number[],
        loss: [] as number[],
        gradNorm: [] as number[],
      };
      const ends: Float64Array[] = [];
      for (let s = 0; s < 2; s++) {
        const init = net.init(createRng(ctx.seed(`init-${w}-${s}`)));
        const theta = net.trainFrom(init, createRng(ctx.seed(`sgd-${w}-${s}`)), {
          ...task.training,
          polishSteps: 3000,
        });
        ends.push(theta);
        const sp = spectrum(net, theta);
        row.flat.push(sp.flat);
        row.negative.push(sp.negative);
        row.loss.push(net.loss(theta));
        row.gradNorm.push(net.gradNorm(theta));
        if (s === 0) spectra.push({ width: w, values: sp.values });
      }
      rows.push(row);
      if (w === pathWidth) {
        pathNet = net;
        pathEnds = ends;
      }
    }
    ctx.number("flat directions at minima per width", rows);
    const meanFlat = rows.map((r) => (r.flat[0] + r.flat[1]) / 2);
    const rho = spearman(
      rows.map((r) => r.width),
      meanFlat,
    );
    if (widths.length >= 4)
      checkAbove(ctx, {
        name: "flat-grows-with-width",
        claim:
          "the number of Hessian eigenvalues with |λ| < 1e-3 at a minimum grows with the width (Spearman ρ of width vs mean count over 2 minima)",
        measured: rho,
        bound: 0.9,
        why: `a monotone trend over ${widths.length} widths; ρ > 0.9 allows one adjacent swap at most`,
      });
    const first = rows[0];
    const last = rows[rows.length - 1];
    checkAbove(ctx, {
      name: "widest-flatter",
      claim: `the widest net (w = ${last.width}, P = ${last.P}) has more flat directions than the narrowest (w = ${first.width}, P = ${first.P}) (ratio of counts, min over its 2 minima / max over the narrowest's)`,
      measured: Math.min(...last.flat) / Math.max(1, ...first.flat),
      bound: 2,
      why: "at least twice as many: a clear growth, not a fluctuation of one or two eigenvalues",
    });
    checkAbove(ctx, {
      name: "flat-fraction-grows",
      claim: "the fraction of flat directions (count / P) also grows from the narrowest to the widest net",
      measured: Math.min(...last.flat) / last.P - Math.max(...first.flat) / first.P,
      bound: 0,
      why: "strict comparison of the two fractions",
    });
    const worstGrad = Math.max(...rows.flatMap((r) => r.gradNorm));
    checkBelow(ctx, {
      name: "at-minima",
      claim: "the points are minima: largest ‖∇f‖ over all trained points",
      measured: worstGrad,
      bound: 1e-2,
      why: "small against the curvature scale (λmax ~ 1): a residual gradient g shifts eigenvalues by O(‖g‖·‖∇³f‖)",
    });

    // Along the AutoNEB path between the two minima of width `pathWidth`.
    const net = pathNet as NetLoss;
    ctx.progress(0.75, "AutoNEB path");
    const sch = byMode(mode, {
      test: { startImages: 4, inserts: [2], steps: 60, lr: 0.5 },
      fast: { startImages: 5, inserts: [4, 4], steps: 150, lr: 0.5 },
      full: { startImages: 5, inserts: [4, 4, 4], steps: 300, lr: 0.5 },
    });
    const r = draxlerAutoNeb(net, pathEnds[0], pathEnds[1], sch, ctx.signal);
    const P = net.size;
    const along: { image: number; loss: number; flat: number; negative: number; lambdaMin: number }[] = [];
    for (let k = 0; k < r.n; k++) {
      ctx.throwIfAborted();
      const th = r.path.slice(k * P, (k + 1) * P);
      const sp = spectrum(net, th);
      along.push({
        image: k,
        loss: net.loss(th),
        flat: sp.flat,
        negative: sp.negative,
        lambdaMin: sp.values[0],
      });
    }
    ctx.number(`along the AutoNEB path (w = ${pathWidth}, P = ${P})`, along);
    const endFlat = Math.min(along[0].flat, along[along.length - 1].flat);
    const interiorFlat = along.slice(1, -1).map((a) => a.flat);
    const minInterior = Math.min(...interiorFlat);
    checkAbove(ctx, {
      name: "flat-along-path",
      claim: `along the AutoNEB path (w = ${pathWidth}) the flat directions persist: fewest flat directions at an interior image / fewest at the two minima`,
      measured: minInterior / Math.max(1, endFlat),
      bound: 0.5,
      why: "at least half of the minima's flat directions at every image: the path runs through the same flat manifold",
    });
    // Contrast: the Hessian at the peak of the straight line between the same minima.
    const pt = new Float64Array(P);
    let peakT = 0;
    let peakLoss = Number.NEGATIVE_INFINITY;
    for (let q = 0; q <= 40; q++) {
      const t = q / 40;
      for (let i = 0; i < P; i++) pt[i] = (1 - t) * pathEnds[0][i] + t * pathEnds[1][i];
      const l = net.loss(pt);
      if (l > peakLoss) {
        peakLoss = l;
        peakT = t;
      }
    }
    for (let i = 0; i < P; i++) pt[i] = (1 - peakT) * pathEnds[0][i] + peakT * pathEnds[1][i];
    const straightPeak = spectrum(net, pt);
    ctx.number("straight-line peak", {
      t: peakT,
      loss: peakLoss,
      lambdaMin: straightPeak.values[0],
      negative: straightPeak.negative,
      flat: straightPeak.flat,
    });
    const worstPathMin = Math.max(...along.map((a) => Math.max(0, -a.lambdaMin)));
    checkBelow(ctx, {
      name: "path-nearly-flat",
      claim:
        "the AutoNEB path runs along a nearly flat valley: its most negative Hessian eigenvalue, relative to that at the peak of the straight line between the same minima",
      measured: worstPathMin / Math.max(1e-12, -straightPeak.values[0]),
      bound: 0.1,
      why: "at least ten times less negative curvature than on the barrier the straight line crosses",
    });

    // Figures.
    ctx.figure(
      "flat-vs-width",
      "Flat directions (|λ| < 1e-3) at minima against the width",
      panels(
        [
          barChart(
            rows.flatMap((r) => [
              { label: `w=${r.width} (P=${r.P})`, value: r.flat[0], group: "minimum 1" },
              { label: `w=${r.width} (P=${r.P})`, value: r.flat[1], group: "minimum 2" },
            ]),
            { yTitle: "eigenvalues with |λ| < 1e-3", title: "count" },
          ),
          lineChart(
            [
              {
                name: "fraction",
                x: rows.map((r) => r.width),
                y: rows.map((r) => (r.flat[0] + r.flat[1]) / (2 * r.P)),
              },
            ],
            { xTitle: "width w", yTitle: "count / P", logX: true, title: "fraction", points: true },
          ),
        ],
        undefined,
        2,
      ),
    );
    ctx.figure(
      "spectra",
      "Hessian eigenvalue magnitudes at a minimum, sorted, per width (log scale)",
      lineChart(
        spectra.map((s) => {
          const a = Array.from(s.values, Math.abs).sort((p, q) => p - q);
          return {
            name: `w = ${s.width}`,
            x: a.map((_, i) => (i + 0.5) / a.length),
            y: a.map((v) => Math.max(v, 1e-12)),
          };
        }),
        {
          xTitle: "rank / P",
          yTitle: "|λ|",
          logY: true,
          width: 460,
          rules: [{ y: FLAT, label: "1e-3" }],
        },
      ),
      "Below the dashed line: flat directions. Wider nets have a larger share of their spectrum there.",
    );
    ctx.figure(
      "along-path",
      `Along the AutoNEB path between two minima (w = ${pathWidth})`,
      panels(
        [
          lineChart([{ name: "loss", x: along.map((a) => a.image), y: along.map((a) => a.loss) }], {
            xTitle: "image",
            yTitle: "training loss",
            title: "loss",
            points: true,
          }),
          lineChart(
            [
              { name: "|λ| < 1e-3", x: along.map((a) => a.image), y: along.map((a) => a.flat) },
              { name: "λ < −1e-3", x: along.map((a) => a.image), y: along.map((a) => a.negative) },
            ],
            { xTitle: "image", yTitle: "eigenvalues", title: "flat and negative directions", points: true },
          ),
        ],
        undefined,
        2,
      ),
    );
    ctx.progress(1, "done");
  },
};
