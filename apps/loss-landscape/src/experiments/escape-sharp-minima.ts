import { createRng, Histogram1D } from "@langevin/core";
import { byMode, checkAbove, checkBelow, checkClose, type Experiment, lineChart } from "@langevin/report";
import { eulerMaruyama, type SaveAtResult, saveAt, sdeProblem, solve } from "@langevin/sde";
import { wilson } from "../lib/stats.js";

// f(x) = x² + A(1 − cos kx): convex x² with sharp ripples (curvature up to 2 + Ak²).
const A = 1;
const K = 10;
const f = (x: number) => x * x + A * (1 - Math.cos(K * x));
const df = (x: number) => 2 * x + A * K * Math.sin(K * x);
/** f_σ(y) = E f(y − σz), z ~ N(0,1), in closed form: y² + σ² + A(1 − e^{−k²σ²/2} cos ky). */
const fSmooth = (y: number, s: number) =>
  y * y + s * s + A * (1 - Math.exp(-(K * K * s * s) / 2) * Math.cos(K * y));
const dfSmooth = (y: number, s: number) => 2 * y + A * K * Math.exp(-(K * K * s * s) / 2) * Math.sin(K * y);
/** The same expectation by the trapezoid rule on z ∈ [−12, 12] (spectrally accurate for a Gaussian weight). */
function fSmoothQuadrature(y: number, s: number, m = 4001): number {
  const h = 24 / (m - 1);
  let acc = 0;
  for (let i = 0; i < m; i++) {
    const z = -12 + i * h;
    const w = (i === 0 || i === m - 1 ? 0.5 : 1) * h * Math.exp(-0.5 * z * z);
    acc += w * f(y - s * z);
  }
  return acc / Math.sqrt(2 * Math.PI);
}
/** Smallest σ at which f_σ is convex: f_σ'' ≥ 2 − Ak²e^{−k²σ²/2} ≥ 0. */
const SIGMA_C = Math.sqrt(2 * Math.log((A * K * K) / 2)) / K;

function localMinima(g: (x: number) => number, lo: number, hi: number, m: number): number {
  let count = 0;
  let a = g(lo);
  let b = g(lo + (hi - lo) / (m - 1));
  for (let i = 2; i < m; i++) {
    const c = g(lo + ((hi - lo) * i) / (m - 1));
    if (b < a && b <= c) count++;
    a = b;
    b = c;
  }
  return count;
}

/**
 * The `escape-sharp-minima` experiment (see its claim and setup).
 * @example
 * await runExperiments([escapeSharpMinima], { app: "loss-landscape", mode: "test" });
 */
export const escapeSharpMinima: Experiment = {
  id: "escape-sharp-minima",
  title: "SGD escapes sharp minima: gradient descent on the convolved loss (Kleinberg, Li & Yuan 2018)",
  claim:
    "With $x_{t+1} = x_t - \\eta(\\nabla f(x_t) + \\omega_t)$, the points $y_t = x_t - \\eta\\nabla f(x_t)$ do gradient descent in expectation on " +
    "the convolved loss $f_\\sigma(y) = E\\,f(y - \\eta\\omega)$, which has no sharp ripples; so on a rippled convex loss gradient " +
    "descent is stuck in a ripple, moderate noise reaches the global basin, and very large noise wanders.",
  setup:
    `f(x) = x² + A(1 − cos kx), A = ${A}, k = ${K}; noise ω ~ N(0, r²), so σ = ηr and ` +
    "$f_\\sigma(y) = y^2 + \\sigma^2 + A(1 - e^{-k^2\\sigma^2/2}\\cos ky)$ (closed form, against trapezoid quadrature). SGD runs as " +
    "Euler–Maruyama of dx = −f′(x) dt + r√η dW with dt = η = 0.01 (identical to the SGD update) from x₀ = 3 in " +
    "@langevin/sde, then 3000 noise-free gradient steps to settle into the basin reached; 'ended at the global " +
    "minimum' = |x| < 1e-3 after settling. Fractions with Wilson 95% intervals.",
  async run(ctx) {
    const mode = ctx.mode;
    const eta = 0.01;
    const x0 = 3;
    // 1. Closed form vs quadrature.
    let quadErr = 0;
    for (const s of [0.02, 0.1, SIGMA_C, 0.5, 1])
      for (let y = -3; y <= 3; y += 0.25)
        quadErr = Math.max(quadErr, Math.abs(fSmooth(y, s) - fSmoothQuadrature(y, s)));
    checkBelow(ctx, {
      name: "convolution-closed-form",
      claim:
        "$f_\\sigma$ in closed form equals the quadrature of $E\\,f(y - \\sigma z)$ (largest difference over y ∈ [−3, 3], 5 values of σ)",
      measured: quadErr,
      bound: 1e-10,
      why: "the trapezoid rule on [−12, 12] with step 0.006 is exact to round-off for these entire integrands (tail $< e^{-72}$)",
    });
    // 2. Local minima: f has many; f_σ is convex from σ_c on, and has ≥ 2 minima below.
    const nf = localMinima(f, -5, 5, 20001);
    const nBelow = localMinima((y) => fSmooth(y, 0.7 * SIGMA_C), -5, 5, 20001);
    const nAbove = localMinima((y) => fSmooth(y, 1.05 * SIGMA_C), -5, 5, 20001);
    ctx.number("sigma_c", SIGMA_C);
    ctx.number("local minima in [−5, 5]", { f: nf, "f_σ at 0.7σ_c": nBelow, "f_σ at 1.05σ_c": nAbove });
    checkAbove(ctx, {
      name: "ripples",
      claim: "f has many sharp local minima in [−5, 5] (count on a grid of 20001 points)",
      measured: nf,
      bound: 10,
      why: "local minima exist wherever |2x| < Ak = 10, about k/π per unit length",
    });
    ctx.check({
      name: "smoothed-convex",
      claim: `the convolved loss has a single minimum once $\\sigma \\ge \\sigma_c = \\sqrt{2\\ln(Ak^2/2)}/k$ = ${SIGMA_C.toFixed(4)} (minima at $0.7\\sigma_c$ / $1.05\\sigma_c$)`,
      measured: `${nBelow} / ${nAbove}`,
      expected: "≥ 2 / 1",
      tolerance: "exact: $f_\\sigma''(0) = 2 - Ak^2 e^{-k^2\\sigma^2/2}$ changes sign at $\\sigma_c$",
      pass: nBelow >= 2 && nAbove === 1,
    });
    // 3. E[y_{t+1} | y_t] = y_t − η f_σ'(y_t): Monte Carlo of one step.
    const rMc = 20;
    const sMc = eta * rMc;
    const mMc = byMode(mode, { test: 20000, fast: 100000, full: 400000 });
    const rng = createRng(ctx.seed("one-step"));
    let worstZ = 0;
    for (let y = -2.5; y <= 2.5001; y += 0.5) {
      let s1 = 0;
      let s2 = 0;
      for (let i = 0; i < mMc; i++) {
        const x = y - sMc * rng.normal();
        const yNext = x - eta * df(x);
        s1 += yNext;
        s2 += yNext * yNext;
      }
      const mean = s1 / mMc;
      const sd = Math.sqrt(Math.max(0, s2 / mMc - mean * mean));
      const predicted = y - eta * dfSmooth(y, sMc);
      worstZ = Math.max(worstZ, Math.abs(mean - predicted) / (sd / Math.sqrt(mMc)));
    }
    checkBelow(ctx, {
      name: "one-step-expectation",
      claim: `one SGD step: $E[y_{t+1} \\mid y_t] = y_t - \\eta f_\\sigma'(y_t)$ at 11 points $y_t \\in$ [−2.5, 2.5], σ = ${sMc} (largest |z|-score)`,
      measured: worstZ,
      bound: 4.5,
      why: `Monte Carlo with ${mMc} draws per point: |z| < 4.5 for all 11 points has probability > 0.9999 if the identity holds`,
    });

    // 4. Sweep of the noise scale.
    const rs = byMode(mode, {
      test: [0, 10, 300],
      fast: [0, 2, 5, 8, 10, 14, 20, 30, 50, 100, 300],
      full: [0, 1, 2, 3, 5, 6, 8, 10, 12, 14, 17, 20, 25, 30, 40, 50, 70, 100, 200, 300],
    });
    const paths = byMode(mode, { test: 200, fast: 400, full: 2000 });
    const steps = 5000;
    const sweep: {
      r: number;
      sigma: number;
      ended: number;
      runs: number;
      fraction: number;
      lo: number;
      hi: number;
      meanAbs: number;
    }[] = [];
    const finals: Record<string, Float64Array> = {};
    for (let q = 0; q < rs.length; q++) {
      ctx.throwIfAborted();
      ctx.progress(0.1 + (0.9 * q) / rs.length, "noise sweep");
      const r = rs[q];
      const problem = sdeProblem({
        dim: 1,
        noise: "additive",
        diffusion: Math.max(r * Math.sqrt(eta), 0),
        x0: [x0],
        drift: (_t, x, out, n) => {
          for (let j = 0; j < n; j++) out[j] = -df(x[j]);
        },
      });
      const res = await solve(problem, {
        scheme: eulerMaruyama,
        dt: eta,
        t1: steps * eta,
        paths,
        seed: ctx.seed(`sweep-${r}`),
        observers: { end: saveAt([steps * eta]) },
        signal: ctx.signal,
      });
      const end = (res.observers.end as SaveAtResult).values;
      const x = Float64Array.from(end);
      finals[r] = Float64Array.from(end);
      for (let s = 0; s < 3000; s++) for (let j = 0; j < paths; j++) x[j] -= eta * df(x[j]);
      let ended = 0;
      let meanAbs = 0;
      for (let j = 0; j < paths; j++) {
        if (Math.abs(x[j]) < 1e-3) ended++;
        meanAbs += Math.abs(end[j]) / paths;
      }
      const [lo, hi] = wilson(ended, paths);
      sweep.push({ r, sigma: eta * r, ended, runs: paths, fraction: ended / paths, lo, hi, meanAbs });
    }
    ctx.number("noise sweep", sweep);
    const gd = sweep[0];
    checkClose(ctx, {
      name: "gd-stuck",
      claim:
        "gradient descent (r = 0) from x₀ = 3 stays in a ripple: fraction that reached the global minimum",
      measured: gd.fraction,
      expected: 0,
      tol: 0,
      why: "deterministic (every run is the same)",
    });
    const best = sweep.reduce((a, b) => (b.lo > a.lo ? b : a));
    const huge = sweep[sweep.length - 1];
    ctx.number("best noise scale", best);
    checkAbove(ctx, {
      name: "moderate-noise-escapes",
      claim: `moderate noise reaches the global basin: the best r (${best.r}, σ = ηr = ${best.sigma}) — lower end of the 95% interval of the fraction`,
      measured: best.lo,
      bound: 0.2,
      why: `Wilson 95% interval on ${paths} runs; 0.2 rules out 'stuck' (GD: 0) with a margin`,
    });
    checkBelow(ctx, {
      name: "huge-noise-wanders",
      claim: `very large noise (r = ${huge.r}) wanders: upper end of the 95% interval of its fraction, against the best r's lower end`,
      measured: huge.hi,
      bound: best.lo,
      why: "non-overlapping Wilson 95% intervals",
    });
    ctx.check({
      name: "moderate-is-interior",
      claim: "the best noise scale lies strictly between r = 0 and the largest r",
      measured: best.r,
      expected: `in (0, ${huge.r})`,
      tolerance: "exact (the argmax of the lower confidence bounds)",
      pass: best.r > 0 && best.r < huge.r,
    });

    // Figures.
    const ys: number[] = [];
    for (let i = 0; i <= 600; i++) ys.push(-3.5 + (7 * i) / 600);
    ctx.figure(
      "convolved-loss",
      "The rippled loss f and its convolution $f_\\sigma$ with the SGD noise",
      lineChart(
        [
          { name: "f", x: ys, y: ys.map(f) },
          ...[0.1, SIGMA_C, 0.5].map((s) => ({
            name: `$f_\\sigma$, σ = ${s.toFixed(3)}`,
            x: ys,
            y: ys.map((y) => fSmooth(y, s)),
          })),
        ],
        { xTitle: "x", yTitle: "loss", width: 460, height: 260 },
      ),
      `At $\\sigma \\ge \\sigma_c$ = ${SIGMA_C.toFixed(3)} the convolved loss is convex: SGD whose noise has this scale no longer sees the ripples.`,
    );
    ctx.figure(
      "noise-sweep",
      "Fraction of runs that end at the global minimum against the noise scale r (95% Wilson interval)",
      lineChart(
        [
          { name: "fraction", x: sweep.map((s) => Math.max(s.r, 0.5)), y: sweep.map((s) => s.fraction) },
          { name: "95% lower", x: sweep.map((s) => Math.max(s.r, 0.5)), y: sweep.map((s) => s.lo) },
          { name: "95% upper", x: sweep.map((s) => Math.max(s.r, 0.5)), y: sweep.map((s) => s.hi) },
        ],
        {
          xTitle: "noise scale r (r = 0 drawn at 0.5)",
          yTitle: "fraction at the global minimum",
          logX: true,
          width: 460,
        },
      ),
      "No noise: stuck in a ripple. Moderate noise: the convolved loss is smooth enough to reach the global basin. Huge noise: the iterates wander.",
    );
    const show = [0, best.r, huge.r];
    const hs = show.map((r) => {
      const h = new Histogram1D({ min: -6, max: 6, bins: 120 });
      for (const v of finals[r]) h.add(v);
      const d = Array.from(h.density());
      const top = Math.max(...d) || 1;
      return { r, x: Array.from(h.centers()), y: d.map((v) => v / top) };
    });
    ctx.figure(
      "final-positions",
      "Where SGD is after 5000 steps (before settling), for no, moderate and huge noise (each histogram scaled to its peak)",
      lineChart(
        hs.map((h) => ({ name: `r = ${h.r}`, x: h.x, y: h.y })),
        { xTitle: "x", yTitle: "density / its maximum", width: 460 },
      ),
    );
    ctx.progress(1, "done");
  },
};
