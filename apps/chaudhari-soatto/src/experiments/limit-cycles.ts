import {
  flatLoss,
  fromArray,
  gradientCovariance,
  hessianOperator,
  mlp,
  mse,
  optim,
  perSampleGradients,
  takeRows,
} from "@langevin/autograd";
import { autocorrelation, createRng, powerSpectrum, symmetricEigen } from "@langevin/core";
import { byMode, checkAbove, checkBelow, type Experiment, lineChart, panels } from "@langevin/report";
import { BatchMeans, meanSe } from "../lib/batch.js";

interface Trajectory {
  /** Thinned states, K × P row-major. */
  states: Float64Array;
  K: number;
  P: number;
  /** ‖∇f‖/√P at the thinned times (full batch). */
  gradNorm: Float64Array;
}

/** Principal directions of a trajectory (top k eigenvectors of the covariance of the states). */
function principal(
  t: Trajectory,
  k: number,
): { vectors: Float64Array[]; values: number[]; mean: Float64Array } {
  const { states, K, P } = t;
  const mean = new Float64Array(P);
  for (let s = 0; s < K; s++) for (let i = 0; i < P; i++) mean[i] += states[s * P + i] / K;
  const C = new Float64Array(P * P);
  for (let s = 0; s < K; s++)
    for (let i = 0; i < P; i++) {
      const a = states[s * P + i] - mean[i];
      for (let j = 0; j <= i; j++) C[i * P + j] += (a * (states[s * P + j] - mean[j])) / K;
    }
  for (let i = 0; i < P; i++) for (let j = 0; j < i; j++) C[j * P + i] = C[i * P + j];
  const e = symmetricEigen(C, P);
  const vectors: Float64Array[] = [];
  const values: number[] = [];
  for (let r = 0; r < k; r++) {
    const col = P - 1 - r;
    const v = new Float64Array(P);
    for (let i = 0; i < P; i++) v[i] = e.vectors[i * P + col];
    vectors.push(v);
    values.push(e.values[col]);
  }
  return { vectors, values, mean };
}

function project(t: Trajectory, v: Float64Array, mean: Float64Array): Float64Array {
  const out = new Float64Array(t.K);
  for (let s = 0; s < t.K; s++) {
    let a = 0;
    for (let i = 0; i < t.P; i++) a += (t.states[s * t.P + i] - mean[i]) * v[i];
    out[s] = a;
  }
  return out;
}

/**
 * Long-lag correlation: the fraction of lags in [lo, hi] where |acf| exceeds the 99% band of a process
 * whose correlations stop at lag m (Bartlett: var acf(k) = (1 + 2Σ_{j<m} ρ_j²)/n for k ≥ m).
 */
function longLagFraction(x: Float64Array, m: number, lo: number, hi: number) {
  const acf = autocorrelation(x, hi + 1);
  let s = 0;
  for (let j = 1; j < m; j++) s += acf[j] * acf[j];
  const band = 2.576 * Math.sqrt((1 + 2 * s) / x.length);
  const white = 2.576 / Math.sqrt(x.length);
  let out = 0;
  let outWhite = 0;
  for (let k = lo; k <= hi; k++) {
    if (Math.abs(acf[k]) > band) out++;
    if (Math.abs(acf[k]) > white) outWhite++;
  }
  return { fraction: out / (hi - lo + 1), whiteFraction: outWhite / (hi - lo + 1), band, white, acf };
}

/** Increment spectrum of a series, normalised by its mean power, in `bands` bands (mean ± SE over series). */
function incrementSpectrum(series: Float64Array[], dt: number, bands: number) {
  const per = series.map((x) => {
    const d = new Float64Array(x.length - 1);
    for (let s = 0; s < d.length; s++) d[s] = x[s + 1] - x[s];
    const ps = powerSpectrum(d, { dt, detrend: true });
    let m = 0;
    for (let k = 1; k < ps.power.length; k++) m += ps.power[k] / (ps.power.length - 1);
    const w = Math.floor((ps.power.length - 1) / bands);
    const out = new Float64Array(bands);
    const f = new Float64Array(bands);
    for (let b = 0; b < bands; b++) {
      let a = 0;
      for (let k = 1 + b * w; k < 1 + (b + 1) * w; k++) a += ps.power[k];
      out[b] = a / w / m;
      f[b] = ps.frequencies[1 + b * w + Math.floor(w / 2)];
    }
    return { out, f };
  });
  const stats = Array.from({ length: bands }, (_, b) => meanSe(per.map((p) => p.out[b])));
  return { f: per[0].f, stats };
}

export const limitCycles: Experiment = {
  id: "limit-cycles",
  title: "SGD does not converge to a point: currents, long correlations (limit cycles)",
  claim:
    "After convergence, constant-learning-rate SGD on a network keeps moving: the FFT of the weight increments is not flat, the weights " +
    "stay correlated at long lags (outside the 99% bands), ‖∇f‖/√d stays away from zero, and the trajectory is not time-reversible " +
    "(a probability current: the most likely trajectories are closed loops, Lemma 7). Isotropic Langevin dynamics on a quadratic, the " +
    "equilibrium control, is time-reversible and decorrelates.",
  setup:
    "A 1-8-1 tanh network (25 weights, mse, no weight decay) on 64 seeded noisy samples of sin(1.5x), trained to convergence by Adam and " +
    "full-batch descent, then SGD with constant η = 0.05, b = 4 (with replacement) for a long run, weights recorded every 10 steps. " +
    "Control: Euler–Maruyama steps of isotropic Langevin dynamics δ ← δ − ηHδ + sqrt(2ηT)ξ on the quadratic with the network's Hessian at " +
    "the start (eigenvalues floored at 0.2, so it has a short memory), the same η and a temperature T = (η/2b)·tr D/d that matches the " +
    "noise scale. Time asymmetry: the angular momentum ⟨u_i Δu_j − u_j Δu_i⟩ (batch " +
    "means, every step, in the planes of the 5 stiffest Hessian directions); long-lag correlation against Bartlett's 99% band for a process with memory shorter than the lag window (the white-noise " +
    "band ±2.576/√n is shown too).",
  run(ctx) {
    const { mode } = ctx;
    const steps = byMode(mode, { test: 40_000, fast: 300_000, full: 2_000_000 });
    const thin = 10;
    const eta = 0.05;
    const b = 4;
    const blocks = 20;
    ctx.param("SGD", `η = ${eta}, b = ${b}, ${steps} steps after convergence, recorded every ${thin}`);
    const nm = 64;
    const rngD = createRng(ctx.seed("data"));
    const xm = new Float64Array(nm);
    const ym = new Float64Array(nm);
    for (let k = 0; k < nm; k++) {
      xm[k] = -2 + 4 * rngD.uniform();
      ym[k] = Math.sin(1.5 * xm[k]) + 0.3 * rngD.normal();
    }
    const model = mlp([1, 8, 1], "tanh", createRng(ctx.seed("init")));
    const P = model.size;
    const X = fromArray(xm, [nm, 1]);
    const Y = fromArray(ym, [nm, 1]);
    const adam = optim.adam(model, { lr: 0.02 });
    for (let it = 0; it < 3000; it++) {
      model.zeroGrad();
      mse(model.forward(X), Y).backward();
      adam.step();
    }
    const gd = optim.sgd(model, { lr: 0.1 });
    for (let it = 0; it < 5000; it++) {
      model.zeroGrad();
      mse(model.forward(X), Y).backward();
      gd.step();
    }
    const theta0 = Float64Array.from(model.flat);
    model.zeroGrad();
    mse(model.forward(X), Y).backward();
    const g0 = Math.hypot(...model.flatGrad) / Math.sqrt(P);
    // Hessian and D at the start, for the control.
    const Hop = hessianOperator(flatLoss(model, mse, { x: X, y: Y }), theta0);
    const H = new Float64Array(P * P);
    for (let j = 0; j < P; j++) {
      const e = new Float64Array(P);
      e[j] = 1;
      const col = Hop(e);
      for (let i = 0; i < P; i++) H[i * P + j] = col[i];
    }
    for (let i = 0; i < P; i++)
      for (let j = i + 1; j < P; j++) {
        const v = 0.5 * (H[i * P + j] + H[j * P + i]);
        H[i * P + j] = v;
        H[j * P + i] = v;
      }
    const eh = symmetricEigen(H, P);
    const D = gradientCovariance(perSampleGradients(model, mse, { x: X, y: Y }), nm, P);
    let trD = 0;
    for (let i = 0; i < P; i++) trD += D[i * P + i];
    const Tc = (eta / (2 * b)) * (trD / P);
    ctx.number("start", {
      gradNormOverSqrtP: g0,
      hessianEigenvalues: Array.from(eh.values),
      trD,
      controlTemperature: Tc,
    });

    // Angular momentum, every step, in the planes of the 5 stiffest Hessian directions at the start
    // (stationary, fast-mixing coordinates; Lemma 20 predicts a current there when D is not aligned with H).
    const kTop = 5;
    const V: Float64Array[] = [];
    for (let r = 0; r < kTop; r++) {
      const col = P - 1 - r;
      V.push(Float64Array.from({ length: P }, (_, i) => eh.vectors[i * P + col]));
    }
    const npairs = (kTop * (kTop - 1)) / 2;
    const amNet = new BatchMeans(blocks, npairs);
    const amCtl = new BatchMeans(blocks, npairs);
    const uPrev = new Float64Array(kTop);
    const uNow = new Float64Array(kTop);
    const pairObs = new Float64Array(npairs);
    const pushPairs = (bm: BatchMeans, block: number) => {
      let q = 0;
      for (let i = 0; i < kTop; i++)
        for (let j = i + 1; j < kTop; j++)
          pairObs[q++] = uPrev[i] * (uNow[j] - uPrev[j]) - uPrev[j] * (uNow[i] - uPrev[i]);
      bm.add(block, pairObs);
    };
    const perBlock = Math.floor(steps / blocks);

    // Network SGD.
    const K = Math.floor(steps / thin);
    const net: Trajectory = { states: new Float64Array(K * P), K, P, gradNorm: new Float64Array(K) };
    const opt = optim.sgd(model, { lr: eta });
    const rng = createRng(ctx.seed("sgd"));
    const idx = new Int32Array(b);
    const yb = new Float64Array(b);
    for (let s = 0; s < K * thin; s++) {
      if (s % 8192 === 0) {
        ctx.throwIfAborted();
        ctx.progress((0.6 * s) / (K * thin), "network SGD");
      }
      for (let j = 0; j < b; j++) {
        idx[j] = rng.int(nm);
        yb[j] = ym[idx[j]];
      }
      model.zeroGrad();
      mse(model.forward(takeRows(xm, 1, idx)), fromArray(yb, [b, 1])).backward();
      opt.step();
      for (let r = 0; r < kTop; r++) {
        let a = 0;
        for (let i = 0; i < P; i++) a += V[r][i] * (model.flat[i] - theta0[i]);
        uNow[r] = a;
      }
      if (s > 0 && s < perBlock * blocks) pushPairs(amNet, Math.floor(s / perBlock));
      uPrev.set(uNow);
      if ((s + 1) % thin === 0) {
        const r = (s + 1) / thin - 1;
        net.states.set(model.flat, r * P);
        if (r % 50 === 0) {
          model.zeroGrad();
          mse(model.forward(X), Y).backward();
          net.gradNorm[r] = Math.hypot(...model.flatGrad) / Math.sqrt(P);
        } else net.gradNorm[r] = Number.NaN;
      }
    }
    model.flat.set(theta0);

    // Control: isotropic Langevin on the quadratic with the floored Hessian (eigenbasis: independent OU coordinates).
    ctx.progress(0.6, "control: isotropic Langevin on a quadratic");
    const floor = 0.2;
    const lam = Array.from(eh.values, (v) => Math.max(v, floor));
    const ctl: Trajectory = { states: new Float64Array(K * P), K, P, gradNorm: new Float64Array(K) };
    const rngC = createRng(ctx.seed("control"));
    const z = new Float64Array(P);
    const sc = Math.sqrt(2 * eta * Tc);
    uPrev.fill(0);
    for (let s = 0; s < K * thin; s++) {
      for (let i = 0; i < P; i++) z[i] = (1 - eta * lam[i]) * z[i] + sc * rngC.normal();
      for (let r = 0; r < kTop; r++) uNow[r] = z[P - 1 - r];
      if (s > 0 && s < perBlock * blocks) pushPairs(amCtl, Math.floor(s / perBlock));
      uPrev.set(uNow);
      if ((s + 1) % thin === 0) {
        const r = (s + 1) / thin - 1;
        // Back to weight coordinates: δ = V z.
        for (let i = 0; i < P; i++) {
          let a = 0;
          for (let j = 0; j < P; j++) a += eh.vectors[i * P + j] * z[j];
          ctl.states[r * P + i] = a;
        }
        let g2 = 0;
        for (let j = 0; j < P; j++) g2 += (lam[j] * z[j]) ** 2;
        ctl.gradNorm[r] = Math.sqrt(g2 / P);
      }
    }

    // (1) Time asymmetry.
    ctx.progress(0.75, "analysis");
    const zNet = Array.from({ length: npairs }, (_, q) => amNet.estimate(q));
    const zCtl = Array.from({ length: npairs }, (_, q) => amCtl.estimate(q));
    const bestNet = Math.max(...zNet.map((e) => Math.abs(e.mean) / e.se));
    const bestCtl = Math.max(...zCtl.map((e) => Math.abs(e.mean) / e.se));
    ctx.number("time-asymmetry", { network: zNet, control: zCtl });
    checkAbove(ctx, {
      name: "network-current",
      claim:
        "network SGD is not time-reversible: a probability current in a plane of its stiffest Hessian directions (largest |L|/SE)",
      measured: bestNet,
      bound: 4.5,
      why: `angular momentum ⟨u_iΔu_j − u_jΔu_i⟩ per step over ${npairs} planes, batch means (${blocks} blocks); 4.5σ with ${npairs} planes keeps the false-alarm rate below 0.01%`,
    });
    checkBelow(ctx, {
      name: "control-reversible",
      claim: `control (isotropic Langevin on a quadratic) is time-reversible: no current (largest |L|/SE over ${npairs} planes)`,
      measured: bestCtl,
      bound: 4.5,
      why: `the largest of ${npairs} |N(0,1)| exceeds 4.5 with probability < 0.01%`,
    });
    const pcNet = principal(net, 5);
    const pcCtl = principal(ctl, 5);
    const aNet = { u: pcNet.vectors.map((v) => project(net, v, pcNet.mean)) };
    const aCtl = { u: pcCtl.vectors.map((v) => project(ctl, v, pcCtl.mean)) };

    // (2) Long-lag correlations of the top principal coordinate.
    const m = 50; // 500 steps: the control's slowest time 1/(η·0.2) = 100 steps, five times over
    const lo = 200;
    const hi = Math.min(600, Math.floor(K / 10));
    const llNet = longLagFraction(aNet.u[0], m, lo, hi);
    const llCtl = longLagFraction(aCtl.u[0], m, lo, hi);
    ctx.number("long-lag", {
      lags: [lo * thin, hi * thin],
      network: { fraction: llNet.fraction, whiteFraction: llNet.whiteFraction, band: llNet.band },
      control: { fraction: llCtl.fraction, whiteFraction: llCtl.whiteFraction, band: llCtl.band },
    });
    checkAbove(ctx, {
      name: "network-long-correlation",
      claim: `network: the top principal weight coordinate stays correlated at lags ${lo * thin}–${hi * thin} steps (fraction of lags outside the 99% band)`,
      measured: llNet.fraction,
      bound: 0.1,
      why: `Bartlett's 99% band for memory < ${m * thin} steps (±${llNet.band.toFixed(3)}): a short-memory process leaves about 1% of lags outside`,
    });
    checkBelow(ctx, {
      name: "control-decorrelates",
      claim: `control: the same statistic (fraction of lags ${lo * thin}–${hi * thin} outside its 99% band)`,
      measured: llCtl.fraction,
      bound: 0.1,
      why: "expected about 1% (neighbouring lags are correlated, so the fraction fluctuates; 10% is far above it)",
    });

    // (3) ‖∇f‖/√d stays away from zero.
    const gn = Array.from(net.gradNorm).filter((v) => !Number.isNaN(v));
    const q = Math.floor(gn.length / 4);
    const first = gn.slice(0, q).reduce((p, v) => p + v, 0) / q;
    const lastQ = gn.slice(gn.length - q).reduce((p, v) => p + v, 0) / q;
    ctx.number("grad-norm", { atConvergence: g0, firstQuarter: first, lastQuarter: lastQ });
    checkAbove(ctx, {
      name: "grad-norm",
      claim:
        "‖∇f‖/√d stays away from zero under constant-learning-rate SGD (last quarter / first quarter of the run)",
      measured: lastQ / first,
      bound: 0.1,
      why: `a run converging to a critical point would send it to 0; the paper sees about a threefold fall. Full-batch descent had reached ${g0.toExponential(1)}`,
    });

    // (4) Increment spectrum.
    const bands = 32;
    const specNet = incrementSpectrum(aNet.u, thin, bands);
    const specCtl = incrementSpectrum(aCtl.u, thin, bands);
    const flatDev = (st: { mean: number; se: number }[]) =>
      Math.max(...st.map((s) => Math.abs(s.mean - 1) / Math.max(s.se, 1e-12)));
    ctx.number("increment-spectrum", {
      frequencies: Array.from(specNet.f),
      network: specNet.stats.map((s) => s.mean),
      control: specCtl.stats.map((s) => s.mean),
    });
    checkAbove(ctx, {
      name: "increments-not-flat",
      claim:
        "network: the power spectrum of the weight increments is not flat (largest band deviation from the mean power, in SE)",
      measured: flatDev(specNet.stats),
      bound: 4.5,
      why: `${bands} bands averaged over the top-5 principal coordinates; white increments give deviations within ±4.5 SE`,
    });

    ctx.note(
      `Increment-spectrum deviation from flat (largest band, in SE): network ${flatDev(specNet.stats).toFixed(1)}, control ${flatDev(specCtl.stats).toFixed(1)}. ` +
        "The control's increments are not white either (an Ornstein–Uhlenbeck process has too little power at the lowest frequencies), " +
        "so a non-flat increment spectrum alone does not separate the two; the current (time asymmetry) and the long-lag correlation do.",
    );
    // Figures.
    const lagsPlot = Array.from({ length: hi + 1 }, (_, k) => k * thin);
    ctx.figure(
      "autocorrelation",
      "Autocorrelation of the top principal weight coordinate",
      lineChart(
        [
          { name: "network SGD", x: lagsPlot, y: Array.from(llNet.acf.subarray(0, hi + 1)) },
          {
            name: "control (isotropic Langevin, quadratic)",
            x: lagsPlot,
            y: Array.from(llCtl.acf.subarray(0, hi + 1)),
          },
        ],
        {
          xTitle: "lag (steps)",
          yTitle: "autocorrelation",
          width: 520,
          height: 260,
          rules: [
            { y: llNet.band, label: "network 99% band" },
            { y: -llNet.band, label: "" },
            { y: llNet.white, label: "white-noise 99% band" },
            { y: -llNet.white, label: "" },
          ],
        },
      ),
      "Dashed lines: Bartlett's 99% band for the network's series and the white-noise band ±2.576/√n.",
    );
    ctx.figure(
      "spectra",
      "Power spectrum of weight increments (top-5 principal coordinates, normalised) and ‖∇f‖/√d",
      panels([
        lineChart(
          [
            { name: "network SGD", x: specNet.f, y: specNet.stats.map((s) => s.mean) },
            { name: "control", x: specCtl.f, y: specCtl.stats.map((s) => s.mean) },
          ],
          {
            logX: true,
            logY: true,
            xTitle: "frequency (1/step)",
            yTitle: "power / mean power",
            title: "increment spectrum",
          },
        ),
        lineChart(
          [
            {
              name: "network SGD",
              x: gn.map((_, k) => k * 50 * thin),
              y: gn,
            },
          ],
          { xTitle: "step", yTitle: "‖∇f‖/√d", logY: true, title: "gradient norm" },
        ),
        lineChart(
          [
            {
              name: "network: u1, u2",
              x: Array.from(aNet.u[0].subarray(0, Math.min(K, 3000))),
              y: Array.from(aNet.u[1].subarray(0, Math.min(K, 3000))),
            },
          ],
          { xTitle: "u1", yTitle: "u2", title: "trajectory in the top-2 principal plane" },
        ),
      ]),
    );
    ctx.progress(1, "done");
  },
};
