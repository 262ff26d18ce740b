import { generalEigenvalues, meanSe, powerSpectrum } from "@langevin/core";
import { current, example19 as example19Model, grid } from "@langevin/fokker-planck";
import {
  barChart,
  byMode,
  checkAbove,
  checkBelow,
  checkClose,
  type Experiment,
  heatmap,
  lineChart,
  panels,
} from "@langevin/report";
import { eulerMaruyama, saveAt, sdeProblem, solve, timeAverage } from "@langevin/sde";
import { compiledDrift, example19Operator, gibbsOnGrid, partitionFunction, phi } from "../lib/example19.js";
import { complexPeriodogram } from "../lib/fft.js";
import { stationaryDensity } from "../lib/stationary.js";

const LAMBDAS = [0, 0.5, 1.5];

/** Fixed points of the drift by Newton's method from a grid of starts (Jacobian from @langevin/expr). */
function fixedPoints(lambda: number): { x: number; y: number; re: number[]; im: number[] }[] {
  const field = compiledDrift(example19Model(lambda));
  const found: { x: number; y: number; re: number[]; im: number[] }[] = [];
  const v = new Float64Array(2);
  for (let a = -2; a <= 2.001; a += 0.25)
    for (let b = -2; b <= 2.001; b += 0.25) {
      const p = [a, b];
      let ok = false;
      for (let it = 0; it < 60; it++) {
        field.value(p, v);
        const J = field.jacobian(p);
        const det = J[0] * J[3] - J[1] * J[2];
        if (!(Math.abs(det) > 1e-14)) break;
        const dx = (J[3] * v[0] - J[1] * v[1]) / det;
        const dy = (-J[2] * v[0] + J[0] * v[1]) / det;
        p[0] -= dx;
        p[1] -= dy;
        if (!Number.isFinite(p[0]) || Math.hypot(p[0], p[1]) > 5) break;
        if (Math.hypot(dx, dy) < 1e-14) {
          ok = true;
          break;
        }
      }
      field.value(p, v);
      if (!ok && Math.hypot(v[0], v[1]) > 1e-12) continue;
      if (Math.hypot(v[0], v[1]) > 1e-10) continue;
      if (found.some((q) => Math.hypot(q.x - p[0], q.y - p[1]) < 1e-6)) continue;
      const e = generalEigenvalues(field.jacobian(p), 2);
      found.push({ x: p[0], y: p[1], re: e.re, im: e.im });
    }
  return found.sort((p, q) => p.x - q.x || p.y - q.y);
}

/** RK4 orbit of dx/dt = −∇f; returns the path (every `keep` steps), turns around the origin and the last speed. */
function orbit(lambda: number, x0: [number, number], T: number, dt: number, keep: number) {
  const { drift } = example19Model(lambda);
  const x = Float64Array.from(x0);
  const k1 = new Float64Array(2);
  const k2 = new Float64Array(2);
  const k3 = new Float64Array(2);
  const k4 = new Float64Array(2);
  const t = new Float64Array(2);
  const px: number[] = [x[0]];
  const py: number[] = [x[1]];
  let angle = 0;
  let prev = Math.atan2(x[1], x[0]);
  const steps = Math.round(T / dt);
  let rmin = Number.POSITIVE_INFINITY;
  let rmax = 0;
  for (let s = 1; s <= steps; s++) {
    drift(x, k1);
    t[0] = x[0] + 0.5 * dt * k1[0];
    t[1] = x[1] + 0.5 * dt * k1[1];
    drift(t, k2);
    t[0] = x[0] + 0.5 * dt * k2[0];
    t[1] = x[1] + 0.5 * dt * k2[1];
    drift(t, k3);
    t[0] = x[0] + dt * k3[0];
    t[1] = x[1] + dt * k3[1];
    drift(t, k4);
    x[0] += (dt / 6) * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]);
    x[1] += (dt / 6) * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]);
    const a = Math.atan2(x[1], x[0]);
    let da = a - prev;
    if (da > Math.PI) da -= 2 * Math.PI;
    if (da < -Math.PI) da += 2 * Math.PI;
    if (s > steps / 2) {
      angle += da;
      const r = Math.hypot(x[0], x[1]);
      rmin = Math.min(rmin, r);
      rmax = Math.max(rmax, r);
    }
    prev = a;
    if (s % keep === 0) {
      px.push(x[0]);
      py.push(x[1]);
    }
  }
  const v = drift(x, new Float64Array(2));
  return {
    px,
    py,
    turns: angle / (2 * Math.PI),
    speed: Math.hypot(v[0], v[1]),
    end: [x[0], x[1]],
    rmin,
    rmax,
  };
}

export const example19: Experiment = {
  id: "example-19",
  title: "Example 19: the same stationary density, different dynamics",
  claim:
    "For $\\Phi = (x_1^2 - 1)^2/4 + x_2^2/2$, $D = I$, $\\beta = 1$ and $-\\nabla f = (-x_1^3 + x_1 - g x_2,\\; -x_2 + g x_1)$ " +
    "with $g = \\lambda \\exp(\\Phi - (x_1^2 + x_2^2)^2/4)$, " +
    "the stationary density is $e^{-\\Phi}/Z$ for every λ, although the dynamics differ: for λ > 0 there is a stationary probability current, " +
    "paths rotate (non-zero mean angular momentum, as the current predicts), the power spectrum of $x_1$ has a peak away from zero frequency " +
    "and the spectrum of $x_1 + i x_2$ is asymmetric; at λ = 1.5 the deterministic orbits circle the origin (limit cycles around the saddle).",
  setup:
    "The extra field $g\\,(-x_2, x_1)$ is divergence-free against $e^{-\\Phi}$: " +
    "$\\nabla\\cdot(e^{-\\Phi} g\\,(-x_2, x_1)) = \\lambda\\nabla\\cdot(e^{-r^4/4}(-x_2, x_1)) = 0$, so $\\rho_{ss} = e^{-\\Phi}/Z$ " +
    "and $J_{ss} = (\\lambda/Z)\\, e^{-r^4/4}(-x_2, x_1)$. The mean angular momentum is then " +
    "$E[x_1 b_2 - x_2 b_1] = E[g r^2] = (\\lambda/Z)\\int r^2 e^{-r^4/4}\\,dx = 2\\pi\\lambda/Z$ " +
    "(derived here; $Z = \\sqrt{2\\pi}\\int e^{-(x^2-1)^2/4}\\,dx$). Stationary densities from @langevin/fokker-planck (Scharfetter–Gummel finite volumes, " +
    "multigrid-BiCGSTAB) on [−3, 3]² (reflecting; the normal current there is below $e^{-20}$); paths from @langevin/sde (Euler–Maruyama); " +
    "fixed points by Newton with the Jacobian from @langevin/expr; orbits by RK4; spectra averaged over independent paths.",
  async run(ctx) {
    const { mode } = ctx;
    const n = byMode(mode, { test: 64, fast: 128, full: 256 });
    const paths = byMode(mode, { test: 64, fast: 256, full: 1024 });
    const specPaths = byMode(mode, { test: 32, fast: 128, full: 512 });
    const dt = 0.01;
    const sampleEvery = 0.1;
    const nSamples = byMode(mode, { test: 1024, fast: 2048, full: 4096 });
    const burnIn = 20;
    const T = burnIn + nSamples * sampleEvery;
    ctx.param("grid", `${n}×${n} cells on [−3, 3]² (and ${n / 2}×${n / 2} for the refinement check)`);
    ctx.param(
      "SDE",
      `Euler–Maruyama, dt = ${dt} (and ${2 * dt} for the bias estimate), ${paths} paths, t ∈ [0, ${T}], burn-in ${burnIn}`,
    );
    ctx.param("spectra", `${specPaths} paths, ${nSamples} samples every ${sampleEvery}`);
    const Z = partitionFunction();
    ctx.number("Z", Z);

    const densityPanels = [];
    const orbitPanels = [];
    const x1Spectra = [];
    const quadSpectra: { name: string; x: number[]; y: number[] }[] = [];
    const centroids: { mean: number; se: number }[] = [];
    const Lbars = [];
    const stages = LAMBDAS.length;
    for (let li = 0; li < LAMBDAS.length; li++) {
      const lambda = LAMBDAS[li];
      const model = example19Model(lambda);
      const tag = `λ=${lambda}`;
      const base = li / stages;
      ctx.progress(base, `${tag}: stationary Fokker–Planck`);
      // Stationary density at n and n/2.
      const tv: number[] = [];
      let fine: { op: ReturnType<typeof example19Operator>; rho: Float64Array; gibbs: Float64Array } | null =
        null;
      for (const cells of [n / 2, n]) {
        const gr = grid({
          bounds: [
            [-3, 3],
            [-3, 3],
          ],
          cells: [cells, cells],
        });
        const op = example19Operator(lambda, gr);
        const ss = stationaryDensity(op, ctx.signal);
        const gibbs = gibbsOnGrid(gr);
        let d = 0;
        for (let i = 0; i < gr.size; i++) d += Math.abs(ss.density[i] - gibbs[i]) * gr.cellVolume;
        tv.push(d);
        fine = { op, rho: ss.density, gibbs };
      }
      ctx.number(`${tag}/L1(rho_fp, e^-Phi/Z)`, { coarse: tv[0], fine: tv[1] });
      if (lambda === 0) {
        checkBelow(ctx, {
          name: `${tag}-stationary-gibbs`,
          claim: `${tag}: the stationary density is $e^{-\\Phi}/Z$ (L¹ distance)`,
          measured: tv[1],
          bound: 1e-8,
          why: "the exponentially fitted fluxes make $e^{-\\Phi}$ the exact discrete steady state when the drift is −∇Φ; solver tolerance 1e-11",
        });
      } else {
        checkBelow(ctx, {
          name: `${tag}-stationary-gibbs`,
          claim: `${tag}: the stationary density is still $e^{-\\Phi}/Z$ (L¹ distance, second order in h)`,
          measured: tv[1],
          bound: Math.max(tv[0] / 2.5, 1e-8),
          why: `must fall at least 2.5× when h halves (second order gives 4×); coarse grid: ${tv[0].toExponential(2)}`,
        });
      }
      const { op, rho, gibbs } = fine!;
      const gr = op.grid;
      const J = current(op, rho);
      const cx = gr.centers();
      let errJ = 0;
      let normJ = 0;
      let Lfp = 0;
      let Lex = 0;
      const Jx = new Float64Array(gr.size * 2);
      for (let i = 0; i < gr.size; i++) {
        const x = cx[2 * i];
        const y = cx[2 * i + 1];
        const gg = model.g([x, y]);
        const e1 = -gibbs[i] * gg * y;
        const e2 = gibbs[i] * gg * x;
        Jx[2 * i] = e1;
        Jx[2 * i + 1] = e2;
        errJ += (Math.abs(J[2 * i] - e1) + Math.abs(J[2 * i + 1] - e2)) * gr.cellVolume;
        normJ += (Math.abs(e1) + Math.abs(e2)) * gr.cellVolume;
        Lfp += (x * J[2 * i + 1] - y * J[2 * i]) * gr.cellVolume;
        Lex += (x * e2 - y * e1) * gr.cellVolume;
      }
      const Lclosed = (2 * Math.PI * lambda) / Z;
      ctx.number(`${tag}/current`, {
        relativeL1Error: normJ > 0 ? errJ / normJ : errJ,
        L_fp: Lfp,
        L_exact_on_grid: Lex,
        L_closed: Lclosed,
      });
      if (lambda === 0) {
        checkBelow(ctx, {
          name: `${tag}-no-current`,
          claim: `${tag}: no stationary current (detailed balance), ∫|J| dx`,
          measured: errJ,
          bound: 1e-9,
          why: "round-off of the face fluxes at the exact discrete Gibbs state",
        });
      } else {
        checkBelow(ctx, {
          name: `${tag}-current`,
          claim: `${tag}: the Fokker–Planck current equals $(\\lambda/Z)\\,e^{-r^4/4}(-x_2, x_1)$ (relative L¹ error)`,
          measured: errJ / normJ,
          bound: 0.05,
          why: `second-order discretisation at h = ${(6 / n).toFixed(4)}: error ≈ C h² with C|∇²J|/|J| = O(10)`,
        });
      }

      // SDE paths: angular momentum and spectra.
      ctx.progress(base + 0.3 / stages, `${tag}: SDE paths`);
      const at = new Float64Array(2);
      const b = new Float64Array(2);
      const field = (_t: number, x: Float64Array, out: Float64Array, m: number) => {
        for (let k = 0; k < m; k++) {
          at[0] = x[2 * k];
          at[1] = x[2 * k + 1];
          model.drift(at, b);
          out[2 * k] = b[0];
          out[2 * k + 1] = b[1];
        }
      };
      const problem = sdeProblem({
        dim: 2,
        noise: "additive",
        diffusion: Math.SQRT2,
        drift: field,
        x0: (p, out) => {
          out[0] = p % 2 === 0 ? 1 : -1;
          out[1] = 0;
        },
      });
      const times = Array.from({ length: nSamples }, (_, k) => burnIn + (k + 1) * sampleEvery);
      const Lobs = () => timeAverage((_t, x, dx) => x[0] * dx[1] - x[1] * dx[0], { burnIn });
      const run = await solve(problem, {
        scheme: eulerMaruyama,
        dt,
        t1: T,
        paths,
        seed: ctx.seed(`sde-${tag}`),
        observers: { L: Lobs(), traj: saveAt(times, { paths: specPaths }) },
        signal: ctx.signal,
        onProgress: (f) => ctx.progress(base + (0.3 + 0.4 * f) / stages, `${tag}: SDE paths`),
      });
      const run2 = await solve(problem, {
        scheme: eulerMaruyama,
        dt: 2 * dt,
        t1: T,
        paths,
        seed: ctx.seed(`sde2-${tag}`),
        observers: { L: Lobs() },
        signal: ctx.signal,
      });
      const L1 = run.observers.L as { mean: number; standardError: number };
      const L2 = run2.observers.L as { mean: number; standardError: number };
      const bias = Math.abs(L2.mean - L1.mean);
      ctx.number(`${tag}/L_sde`, { dt: L1, dt2: L2 });
      checkClose(ctx, {
        name: `${tag}-angular-momentum`,
        claim: `${tag}: mean angular momentum of SDE paths equals the value the current predicts, $\\int (x_1 J_2 - x_2 J_1) = 2\\pi\\lambda/Z$`,
        measured: L1.mean,
        expected: Lclosed,
        tol: 4 * L1.standardError + bias + 2 * L2.standardError,
        why: `4 SE over ${paths} independent paths + the Euler–Maruyama bias estimated from dt vs 2dt (${bias.toExponential(1)}) with its own noise`,
      });
      checkClose(ctx, {
        name: `${tag}-angular-momentum-fp`,
        claim: `${tag}: the Fokker–Planck current's angular momentum $\\int (x_1 J_2 - x_2 J_1)$ equals $2\\pi\\lambda/Z$`,
        measured: Lfp,
        expected: Lclosed,
        tol: Math.abs(Lex - Lclosed) + 0.02 * Lclosed + 1e-9,
        why: "2% for the O(h²) discretisation of the solver + the exact current's own quadrature error on the grid",
      });
      Lbars.push(
        { label: tag, value: L1.mean, group: "SDE paths" },
        { label: tag, value: Lfp, group: "Fokker–Planck current" },
        { label: tag, value: Lclosed, group: "2πλ/Z" },
      );

      // Spectra.
      ctx.progress(base + 0.75 / stages, `${tag}: spectra`);
      const traj = run.observers.traj as { values: Float64Array; paths: number[] };
      const P = traj.paths.length;
      const bands = 64;
      const binsPerBand = Math.floor(nSamples / 2 / bands);
      const bandPower = Array.from({ length: bands }, () => new Float64Array(P));
      const bandQuad = Array.from({ length: bands }, () => new Float64Array(P));
      const centroid = new Float64Array(P);
      const asym = new Float64Array(P);
      let freqs: Float64Array | null = null;
      const x1 = new Float64Array(nSamples);
      const x2 = new Float64Array(nSamples);
      for (let p = 0; p < P; p++) {
        for (let s = 0; s < nSamples; s++) {
          x1[s] = traj.values[(p * nSamples + s) * 2];
          x2[s] = traj.values[(p * nSamples + s) * 2 + 1];
        }
        const ps = powerSpectrum(x1, { dt: sampleEvery, detrend: true });
        freqs = ps.frequencies;
        let num = 0;
        let den = 0;
        for (let bnd = 0; bnd < bands; bnd++) {
          let s = 0;
          for (let k = 1 + bnd * binsPerBand; k < 1 + (bnd + 1) * binsPerBand; k++) {
            s += ps.power[k];
            num += ps.frequencies[k] * ps.power[k];
            den += ps.power[k];
          }
          bandPower[bnd][p] = s / binsPerBand;
        }
        centroid[p] = num / den;
        // Two-sided spectrum of z = x1 + i x2: index s holds frequency (s − n/2 + 1)/(n dt); +f_k at
        // s = n/2 − 1 + k and −f_k at s = n/2 − 1 − k.
        const zs = complexPeriodogram(x1, x2, sampleEvery);
        const mid = nSamples / 2 - 1;
        let pos = 0;
        let neg = 0;
        for (let bnd = 0; bnd < bands; bnd++) {
          let q = 0;
          for (let k = 1 + bnd * binsPerBand; k < Math.min(1 + (bnd + 1) * binsPerBand, mid + 1); k++)
            q += zs.power[mid + k] - zs.power[mid - k];
          bandQuad[bnd][p] = q / binsPerBand;
        }
        for (let k = 0; k < zs.power.length; k++) {
          if (zs.frequencies[k] > 0) pos += zs.power[k];
          else if (zs.frequencies[k] < 0) neg += zs.power[k];
        }
        asym[p] = (pos - neg) / (pos + neg);
      }
      const bandStats = bandPower.map((b) => meanSe(b));
      const quadStats = bandQuad.map((b) => meanSe(b));
      const bandFreq = bandStats.map((_, bnd) => freqs![1 + bnd * binsPerBand + Math.floor(binsPerBand / 2)]);
      const cen = meanSe(centroid);
      centroids.push(cen);
      let kq = 0;
      for (let k = 1; k < bands; k++) if (quadStats[k].mean > quadStats[kq].mean) kq = k;
      let kmax = 0;
      for (let k = 1; k < bands; k++) if (bandStats[k].mean > bandStats[kmax].mean) kmax = k;
      ctx.number(`${tag}/x1-spectrum`, {
        bandFrequencies: bandFreq,
        bandPower: bandStats.map((b) => b.mean),
        peakBand: kmax,
        centroid: cen,
      });
      ctx.number(`${tag}/z-spectrum-antisymmetric-part`, {
        bandPower: quadStats.map((b) => b.mean),
        peakFrequency: bandFreq[kq],
      });
      if (lambda === 0) {
        // Reversible dynamics: the spectrum of any observable is a sum of Lorentzians centred at 0, so it
        // decreases with |f|; check that no band exceeds the lowest band by more than 4 SE.
        let worst = 0;
        for (let k = 1; k < bands; k++)
          worst = Math.max(
            worst,
            (bandStats[k].mean - bandStats[0].mean) / Math.hypot(bandStats[k].se, bandStats[0].se),
          );
        checkBelow(ctx, {
          name: `${tag}-spectrum-no-peak`,
          claim: `${tag}: the power spectrum of $x_1$ has its maximum at the lowest frequencies (no peak away from 0)`,
          measured: worst,
          bound: 4,
          why: `largest excess of any band over the lowest band, in standard errors over ${P} independent paths (4σ)`,
        });
        let worstQ = 0;
        for (let k = 0; k < bands; k++)
          worstQ = Math.max(worstQ, Math.abs(quadStats[k].mean) / quadStats[k].se);
        checkBelow(ctx, {
          name: `${tag}-z-no-rotation-peak`,
          claim: `${tag}: $P_z(f) - P_z(-f)$ of $z = x_1 + i x_2$ vanishes at every frequency (largest |band|/SE)`,
          measured: worstQ,
          bound: 4.5,
          why: `${bands} bands: the largest of ${bands} |N(0,1)| exceeds 4.5 with probability < 0.05%`,
        });
      } else {
        checkAbove(ctx, {
          name: `${tag}-z-rotation-peak`,
          claim: `${tag}: $P_z(f) - P_z(-f)$ has a positive peak away from zero frequency (at f ≈ ${bandFreq[kq].toFixed(3)}), in SE`,
          measured: quadStats[kq].mean / quadStats[kq].se,
          bound: 4,
          why: `${P} independent paths; 4σ (the difference vanishes at f = 0 by symmetry, so its maximum lies away from 0)`,
        });
      }
      if (lambda === 1.5) {
        const c0 = centroids[0];
        checkAbove(ctx, {
          name: `${tag}-x1-spectrum-shifts`,
          claim: `${tag}: $x_1$'s spectral weight moves from zero toward the rotation frequency (centroid increase over λ = 0, in SE)`,
          measured: (cen.mean - c0.mean) / Math.hypot(cen.se, c0.se),
          bound: 4,
          why: `centroid ${cen.mean.toFixed(3)} ± ${cen.se.toFixed(3)} against ${c0.mean.toFixed(3)} ± ${c0.se.toFixed(3)}; 4σ`,
        });
      }
      const A = meanSe(asym);
      ctx.number(`${tag}/z-spectrum-asymmetry`, A);
      if (lambda === 0) {
        checkClose(ctx, {
          name: `${tag}-z-symmetric`,
          claim: `${tag}: the spectrum of $x_1 + i x_2$ is symmetric, $(P_+ - P_-)/(P_+ + P_-) = 0$`,
          measured: A.mean,
          expected: 0,
          tol: 4 * A.se,
          why: `4 SE over ${P} independent paths`,
        });
      } else {
        checkAbove(ctx, {
          name: `${tag}-z-asymmetric`,
          claim: `${tag}: the spectrum of $x_1 + i x_2$ is asymmetric (more power at positive frequencies: counter-clockwise rotation), in SE`,
          measured: A.mean / A.se,
          bound: 4,
          why: `asymmetry ${A.mean.toFixed(4)} ± ${A.se.toFixed(4)} over ${P} independent paths; 4σ`,
        });
      }
      x1Spectra.push({ name: tag, x: bandFreq, y: bandStats.map((b) => b.mean) });
      quadSpectra.push({ name: tag, x: bandFreq, y: quadStats.map((b) => b.mean) });

      // Fixed points, Jacobians, orbits.
      ctx.progress(base + 0.9 / stages, `${tag}: fixed points and orbits`);
      const fps = fixedPoints(lambda);
      ctx.number(`${tag}/fixed-points`, fps);
      const origin = fps.find((p) => Math.hypot(p.x, p.y) < 1e-8);
      const g0 = lambda * Math.exp(0.25);
      const disc = 1 - g0 * g0;
      const expectedRe = disc >= 0 ? [Math.sqrt(disc), -Math.sqrt(disc)] : [0, 0];
      const expectedIm = disc >= 0 ? [0, 0] : [Math.sqrt(-disc), -Math.sqrt(-disc)];
      const gotRe = origin ? [...origin.re].sort((a, b) => b - a) : [Number.NaN, Number.NaN];
      const gotIm = origin ? [...origin.im].sort((a, b) => b - a) : [Number.NaN, Number.NaN];
      checkBelow(ctx, {
        name: `${tag}-origin-eigenvalues`,
        claim: `${tag}: the origin is a fixed point with Jacobian eigenvalues ±√(1 − g(0)²), $g(0) = \\lambda e^{1/4}$ (${
          disc >= 0 ? "saddle" : "centre: complex pair"
        })`,
        measured: Math.max(
          Math.abs(gotRe[0] - expectedRe[0]),
          Math.abs(gotRe[1] - expectedRe[1]),
          Math.abs(gotIm[0] - expectedIm[0]),
          Math.abs(gotIm[1] - expectedIm[1]),
        ),
        bound: 1e-10,
        why: "symbolic Jacobian from @langevin/expr against the closed form; round-off in the eigen-solver",
      });
      if (lambda === 0) {
        const minima = fps.filter((p) => Math.abs(Math.abs(p.x) - 1) < 1e-9 && Math.abs(p.y) < 1e-9);
        const err =
          minima.length === 2
            ? Math.max(
                ...minima.flatMap((p) => [Math.abs(Math.max(...p.re) + 1), Math.abs(Math.min(...p.re) + 2)]),
              )
            : 1;
        checkBelow(ctx, {
          name: `${tag}-minima`,
          claim: `${tag}: fixed points (±1, 0) with eigenvalues −2, −1 (critical points of f and Φ coincide)`,
          measured: err + Math.abs(fps.length - 3),
          bound: 1e-9,
          why: "Newton to 1e-14 and exact eigenvalues; the count must be exactly 3",
        });
      }
      const starts: [number, number][] = [
        [0.3, 0],
        [1.2, 0.4],
        [-0.7, 0.8],
        [1.8, -0.6],
      ];
      const orbits = starts.map((s) => orbit(lambda, s, 120, 0.005, 20));
      ctx.number(
        `${tag}/orbits`,
        orbits.map((o) => ({
          turnsInSecondHalf: o.turns,
          finalSpeed: o.speed,
          end: o.end,
          rmin: o.rmin,
          rmax: o.rmax,
        })),
      );
      if (lambda === 0) {
        checkBelow(ctx, {
          name: `${tag}-orbits-converge`,
          claim: `${tag}: deterministic orbits converge to fixed points (largest final speed |−∇f|)`,
          measured: Math.max(...orbits.map((o) => o.speed)),
          bound: 1e-6,
          why: "exponential convergence at rate ≥ 1 over t = 120",
        });
      }
      if (lambda === 1.5) {
        checkAbove(ctx, {
          name: `${tag}-orbits-circle`,
          claim: `${tag}: deterministic orbits keep circling the origin (fewest turns in t ∈ [60, 120])`,
          measured: Math.min(...orbits.map((o) => Math.abs(o.turns))),
          bound: 3,
          why: "a converging orbit makes a vanishing number of turns; ≥ 3 turns with speed bounded away from 0 is a closed loop",
        });
        checkAbove(ctx, {
          name: `${tag}-orbits-moving`,
          claim: `${tag}: the orbits do not settle (smallest final speed |−∇f|)`,
          measured: Math.min(...orbits.map((o) => o.speed)),
          bound: 1e-2,
          why: "a fixed point has speed 0; RK4 error at dt = 0.005 is ~1e-9",
        });
      }

      // Figures for this λ.
      const xs = gr.axisCenters(0);
      const ys = gr.axisCenters(1);
      const phiZ = new Float64Array(gr.size);
      for (let i = 0; i < gr.size; i++) phiZ[i] = phi([cx[2 * i], cx[2 * i + 1]]);
      const ax: number[] = [];
      const ay: number[] = [];
      const au: number[] = [];
      const av: number[] = [];
      const stride = Math.max(1, Math.floor(n / 14));
      for (let i = Math.floor(stride / 2); i < n; i += stride)
        for (let j = Math.floor(stride / 2); j < n; j += stride) {
          const c = i * n + j;
          ax.push(xs[i]);
          ay.push(ys[j]);
          au.push(J[2 * c]);
          av.push(J[2 * c + 1]);
        }
      densityPanels.push(
        heatmap(xs, ys, rho, {
          title: tag,
          colorTitle: "$\\rho_{ss}$",
          contours: [{ z: phiZ, levels: [0.1, 0.25, 0.5, 1, 2, 3], name: "Φ" }],
          arrows: lambda > 0 ? { x: ax, y: ay, u: au, v: av } : undefined,
          width: 230,
          height: 230,
        }),
      );
      const speed = new Float64Array(gr.size);
      const tmp = new Float64Array(2);
      for (let i = 0; i < gr.size; i++) {
        model.drift([cx[2 * i], cx[2 * i + 1]], tmp);
        speed[i] = Math.log10(Math.hypot(tmp[0], tmp[1]) + 1e-3);
      }
      orbitPanels.push(
        heatmap(xs, ys, speed, {
          title: tag,
          colorTitle: "log₁₀|−∇f|",
          scheme: "greys",
          labelColor: "#111",
          paths: orbits.map((o, k) => ({ name: `orbit ${k}`, x: o.px, y: o.py })),
          marks: fps.map((p) => ({
            x: p.x,
            y: p.y,
            label: p.im.some((v) => Math.abs(v) > 1e-12)
              ? "focus/centre"
              : p.re.every((v) => v < 0)
                ? "stable"
                : "saddle",
          })),
          width: 230,
          height: 230,
        }),
      );
    }
    ctx.figure(
      "stationary",
      "Stationary densities (Fokker–Planck) with contours of Φ and the stationary current (arrows)",
      panels(densityPanels),
      "The three densities are the same $e^{-\\Phi}/Z$; only the current differs: zero at λ = 0, a counter-clockwise circulation for λ > 0.",
    );
    ctx.figure(
      "orbits",
      "Deterministic orbits of −∇f (RK4) and fixed points",
      panels(orbitPanels),
      "Background: log speed of the field. At λ = 0 the orbits fall into the minima (±1, 0); at λ = 1.5 the origin has complex eigenvalues and the orbits circle it.",
    );
    ctx.figure(
      "angular-momentum",
      "Mean angular momentum $\\langle x_1\\,dx_2 - x_2\\,dx_1\\rangle/dt$",
      barChart(Lbars, { yTitle: "angular momentum" }),
    );
    ctx.figure(
      "spectrum-x1",
      "Power spectrum of $x_1$ (averaged over paths, in bands)",
      lineChart(x1Spectra, {
        logX: true,
        logY: true,
        xTitle: "frequency",
        yTitle: "power",
        width: 420,
        height: 260,
      }),
      "λ = 0 (reversible): decreasing from zero frequency. λ > 0: weight moves toward the rotation frequency; at β = 1 the phase of the rotation diffuses about as fast as it turns, so $x_1$ alone shows a shoulder rather than a separate peak (the peak is in the rotating part, next figure).",
    );
    ctx.figure(
      "spectrum-z",
      "Rotating part of the spectrum of $z = x_1 + i x_2$: $P_z(f) - P_z(-f)$",
      lineChart(quadSpectra, {
        logX: true,
        xTitle: "frequency f > 0",
        yTitle: "$P_z(f) - P_z(-f)$",
        width: 420,
        height: 260,
      }),
      "Zero at λ = 0 (time-reversible); for λ > 0 a peak at the rotation frequency (counter-clockwise, positive).",
    );
    ctx.progress(1, "done");
  },
};
