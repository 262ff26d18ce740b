import {
  BatchMeans,
  createRng,
  discreteLyapunov,
  generalEigenvalues,
  Histogram2D,
  inverse,
  lyapunov,
} from "@langevin/core";
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
import { eulerMaruyama, sdeProblem, solve, timeAverage } from "@langevin/sde";
import { linearFit } from "../lib/batch.js";
import { frob, matmul, scaled, sub, transpose } from "../lib/linalg.js";

// A = [[0, 1], [−1, 0]]: x1 y2 − x2 y1 = xᵀ A y, so the mean angular momentum ⟨x1 dx2 − x2 dx1⟩/dt of
// dx = −Fx dt + noise is E[xᵀA(−Fx)] = −tr(A F Σ) = tr(J F Σ) with J = [[0, −1], [1, 0]] (derived in
// the report; its sign is checked against the simulations below).
function angularMomentum(f: ArrayLike<number>, sigma: ArrayLike<number>): number {
  const fs = matmul(f, sigma, 2);
  return fs[1] - fs[2]; // tr(J M) = M12 − M21 for J = [[0,−1],[1,0]]
}

interface Data {
  /** g_k = H c_k, the per-sample gradient offsets (∇f_k(x) = H x − g_k). */
  gx: Float64Array;
  gy: Float64Array;
  /** D = (1/N) Σ g_k g_kᵀ (the g_k are centred exactly). */
  D: Float64Array;
}

/** N centres with covariance ≈ C, centred exactly; D = H Ĉ H is the exact diffusion matrix of the data. */
function makeData(
  n: number,
  H: Float64Array,
  chol: [number, number, number],
  seed: number,
  whiten: boolean,
): Data {
  const rng = createRng(seed);
  const cx = new Float64Array(n);
  const cy = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const z1 = rng.normal();
    const z2 = rng.normal();
    cx[k] = chol[0] * z1;
    cy[k] = chol[1] * z1 + chol[2] * z2;
  }
  let mx = 0;
  let my = 0;
  for (let k = 0; k < n; k++) {
    mx += cx[k] / n;
    my += cy[k] / n;
  }
  const gx = new Float64Array(n);
  const gy = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const ax = cx[k] - mx;
    const ay = cy[k] - my;
    gx[k] = H[0] * ax + H[1] * ay;
    gy[k] = H[2] * ax + H[3] * ay;
  }
  const D = new Float64Array(4);
  const empirical = () => {
    D.fill(0);
    for (let k = 0; k < n; k++) {
      D[0] += (gx[k] * gx[k]) / n;
      D[1] += (gx[k] * gy[k]) / n;
      D[3] += (gy[k] * gy[k]) / n;
    }
    D[2] = D[1];
  };
  empirical();
  if (whiten) {
    // Map g ← D^{-1/2} g so that the empirical D is exactly I (the isotropic control).
    const tr = D[0] + D[3];
    const det = D[0] * D[3] - D[1] * D[1];
    const s = Math.sqrt(det);
    const t = Math.sqrt(tr + 2 * s);
    // sqrt(D) = (D + s I)/t for a 2×2 SPD matrix; its inverse:
    const r = [(D[0] + s) / t, D[1] / t, D[1] / t, (D[3] + s) / t];
    const ri = inverse(r, 2);
    for (let k = 0; k < n; k++) {
      const a = gx[k];
      const b = gy[k];
      gx[k] = ri[0] * a + ri[1] * b;
      gy[k] = ri[2] * a + ri[3] * b;
    }
    empirical();
  }
  return { gx, gy, D };
}

interface SgdRun {
  second: [number, number, number, number, number, number];
  L: { mean: number; se: number };
  hist: Histogram2D;
}

/**
 * SGD with mini-batches drawn with replacement: x ← x − η (H x − mean_{k∈B} g_k). Records the second
 * moments of the iterates and the angular momentum per unit time (x1 Δx2 − x2 Δx1)/η by batch means.
 */
function runSgd(
  data: Data,
  H: Float64Array,
  eta: number,
  b: number,
  steps: number,
  batches: number,
  seed: number,
  range: number,
  tick: (f: number) => void,
): SgdRun {
  const rng = createRng(seed);
  const n = data.gx.length;
  const bm = new BatchMeans(batches, 4);
  const hist = new Histogram2D({
    xmin: -range,
    xmax: range,
    xbins: 60,
    ymin: -range,
    ymax: range,
    ybins: 60,
  });
  let x1 = 0;
  let x2 = 0;
  const burn = Math.ceil(steps / 10);
  const per = Math.floor(steps / batches);
  const obs = new Float64Array(4);
  for (let s = -burn; s < per * batches; s++) {
    let m1 = 0;
    let m2 = 0;
    for (let j = 0; j < b; j++) {
      const k = rng.int(n);
      m1 += data.gx[k];
      m2 += data.gy[k];
    }
    const d1 = -eta * (H[0] * x1 + H[1] * x2 - m1 / b);
    const d2 = -eta * (H[2] * x1 + H[3] * x2 - m2 / b);
    if (s >= 0) {
      obs[0] = x1 * x1;
      obs[1] = x1 * x2;
      obs[2] = x2 * x2;
      obs[3] = (x1 * d2 - x2 * d1) / eta;
      bm.add(Math.floor(s / per), obs);
      if ((s & 15) === 0) hist.add(x1, x2);
      if (s % 262144 === 0) tick(s / (per * batches));
    }
    x1 += d1;
    x2 += d2;
  }
  const e = [0, 1, 2].map((i) => bm.estimate(i));
  return {
    second: [e[0].mean, e[1].mean, e[2].mean, e[0].se, e[1].se, e[2].se],
    L: bm.estimate(3),
    hist,
  };
}

/**
 * Euler–Maruyama paths of dx = −Fx dt + sqrt(2β⁻¹D) dW by @langevin/sde (additive noise σ = chol(2β⁻¹D)),
 * with the angular momentum per unit time (1/T)∫ x1 dx2 − x2 dx1 of each path after a burn-in; mean and
 * standard error over independent paths.
 */
async function runEm(
  F: Float64Array,
  D: Float64Array,
  temperature: number,
  h: number,
  steps: number,
  paths: number,
  seed: number,
  signal: AbortSignal,
): Promise<{ mean: number; se: number }> {
  const l11 = Math.sqrt(2 * temperature * D[0]);
  const l21 = (2 * temperature * D[2]) / l11;
  const l22 = Math.sqrt(2 * temperature * D[3] - l21 * l21);
  const problem = sdeProblem({
    dim: 2,
    noise: "additive",
    diffusion: [l11, 0, l21, l22],
    drift: (_t, x, out, n) => {
      for (let k = 0; k < n; k++) {
        const a = x[2 * k];
        const b = x[2 * k + 1];
        out[2 * k] = -(F[0] * a + F[1] * b);
        out[2 * k + 1] = -(F[2] * a + F[3] * b);
      }
    },
    x0: [0, 0],
  });
  const perPath = Math.max(1000, Math.round(steps / paths));
  const t1 = perPath * h;
  const burnIn = Math.round(0.1 * perPath) * h;
  const r = await solve(problem, {
    scheme: eulerMaruyama,
    dt: h,
    t1,
    paths,
    seed,
    observers: { L: timeAverage((_t, x, dx) => x[0] * dx[1] - x[1] * dx[0], { burnIn }) },
    signal,
  });
  const L = r.observers.L as { mean: number; standardError: number };
  return { mean: L.mean, se: L.standardError };
}

export const linearised: Experiment = {
  id: "linearised",
  title: "Linearised SGD: U and Q from the Lyapunov equation (Lemma 20)",
  claim:
    "Near a minimum, ∇f = Fx and the SGD diffusion D is constant. The stationary covariance Σ of dx = −Fx dt + sqrt(2β⁻¹D) dW " +
    "solves FΣ + ΣFᵀ = 2β⁻¹D; with U = β⁻¹Σ⁻¹ and Q = FU⁻¹ − D, Q is antisymmetric, F = (D + Q)U and Φ = ½xᵀUx. " +
    "A non-isotropic D gives Q ≠ 0 (Φ ≠ f, the iterates rotate: non-zero mean angular momentum); an isotropic D gives U = F, Q = 0 and no rotation.",
  setup:
    "A quadratic loss from data: $f_k(x) = \\tfrac12 (x - c_k)^\\top H(x - c_k)$ with N seeded centres $c_k$ (centred exactly), so ∇f = Hx, F = H and " +
    "D = H Ĉ H exactly (Ĉ the centres' covariance, anisotropic and not aligned with H). SGD with mini-batches drawn with replacement " +
    "(so var $\\nabla f_b$ = D/b exactly), β⁻¹ = η/(2b). The iterates' covariance and angular momentum $\\langle x_1 \\Delta x_2 - x_2 \\Delta x_1\\rangle/\\eta$ are estimated by batch " +
    "means (blocks much longer than the correlation time 1/(ηλmin(F))) and compared with the exact discrete Lyapunov equation " +
    "Σ = (I − ηF)Σ(I − ηF)ᵀ + η²D/b, whose η → 0 limit is the continuous one. A Gaussian Euler–Maruyama run of the SDE checks the sign " +
    "of the angular-momentum formula (@langevin/sde, 64 paths). Isotropic control: the same H with centres whitened so that D = I.",
  async run(ctx) {
    const { mode } = ctx;
    const steps = byMode(mode, { test: 200_000, fast: 2_000_000, full: 20_000_000 });
    const batches = 20;
    const N = 512;
    const eta = 0.05;
    const b = 4;
    const temperature = eta / (2 * b);
    const H = Float64Array.from([1.2, 0.4, 0.4, 0.6]);
    // core's lyapunov(A, Q) solves AΣ + ΣAᵀ + Q = 0 with the drift matrix A = −H of dx = −Hx dt + …,
    // i.e. HΣ + ΣHᵀ = Q.
    const minusH = scaled(H, -1);
    // Centres with principal axes at −35° and variances (1, 0.04).
    const th = (-35 * Math.PI) / 180;
    const c11 = Math.cos(th) ** 2 + 0.04 * Math.sin(th) ** 2;
    const c12 = (1 - 0.04) * Math.cos(th) * Math.sin(th);
    const c22 = Math.sin(th) ** 2 + 0.04 * Math.cos(th) ** 2;
    const l11 = Math.sqrt(c11);
    const l21 = c12 / l11;
    const chol: [number, number, number] = [l11, l21, Math.sqrt(c22 - l21 * l21)];
    ctx.param("F = H", "[[1.2, 0.4], [0.4, 0.6]]");
    ctx.param("N (data points)", N);
    ctx.param("η", eta);
    ctx.param("b", b);
    ctx.param("β⁻¹ = η/(2b)", temperature);
    ctx.param("SGD steps (after 10% burn-in)", steps);
    ctx.param("batch-means blocks", batches);

    const aniso = makeData(N, H, chol, ctx.seed("data"), false);
    const iso = makeData(N, H, chol, ctx.seed("data-isotropic"), true);
    const D = aniso.D;
    ctx.number("D", Array.from(D));

    // Continuous theory (Lemma 20).
    const twoTD = scaled(D, 2 * temperature);
    const sigmaC = lyapunov(minusH, twoTD, 2);
    const resid = frob(
      sub(
        Float64Array.from(matmul(H, sigmaC, 2).map((v, i) => v + matmul(sigmaC, transpose(H, 2), 2)[i])),
        twoTD,
      ),
    );
    const U = scaled(inverse(sigmaC, 2), temperature);
    const Q = sub(matmul(H, inverse(U, 2), 2), D);
    const rebuilt = matmul(Float64Array.from(D.map((v, i) => v + Q[i])), U, 2);
    ctx.number("Sigma_continuous", Array.from(sigmaC));
    ctx.number("U", Array.from(U));
    ctx.number("Q", Array.from(Q));

    checkBelow(ctx, {
      name: "lyapunov-residual",
      claim: "Σ solves FΣ + ΣFᵀ = 2β⁻¹D",
      measured: resid / frob(twoTD),
      bound: 1e-12,
      why: "relative residual of a 4×4 LU solve: round-off (~1e-16 × condition number ~10)",
    });
    const qSym = frob(Float64Array.from([Q[0], Q[1] + Q[2], Q[1] + Q[2], Q[3]]));
    checkBelow(ctx, {
      name: "Q-antisymmetric",
      claim: "Q = FU⁻¹ − D is antisymmetric (‖Q + Qᵀ‖/‖Q‖)",
      measured: qSym / frob(Q),
      bound: 1e-9,
      why: "round-off in Σ⁻¹ and the products, relative to ‖Q‖ (which is ~1e-1 of ‖D‖)",
    });
    checkBelow(ctx, {
      name: "F-rebuilt",
      claim: "F = (D + Q)U",
      measured: frob(sub(rebuilt, H)) / frob(H),
      bound: 1e-12,
      why: "round-off",
    });
    checkAbove(ctx, {
      name: "Q-nonzero",
      claim: "non-isotropic D not commuting with F gives Q ≠ 0 (|Q₁₂|/‖D‖)",
      measured: Math.abs(Q[1]) / frob(D),
      bound: 1e-3,
      why: "Q is exactly 0 when D commutes with F; 1e-3 is far above round-off (1e-15) and far below the designed value",
    });
    const Lc = angularMomentum(H, sigmaC);
    checkClose(ctx, {
      name: "L-closed-form",
      claim: "mean angular momentum tr(JFΣ) equals 2β⁻¹Q₁₂ (derived: antisymmetric part of FΣ is β⁻¹Q)",
      measured: Lc,
      expected: 2 * temperature * Q[1],
      tol: 1e-12 * Math.abs(Lc) + 1e-18,
      why: "an algebraic identity, round-off only",
    });

    // Discrete SGD theory and simulation.
    const A = Float64Array.from([1 - eta * H[0], -eta * H[1], -eta * H[2], 1 - eta * H[3]]);
    const sigmaD = discreteLyapunov(A, scaled(D, (eta * eta) / b), 2);
    const Ld = angularMomentum(H, sigmaD);
    ctx.number("Sigma_discrete", Array.from(sigmaD));
    ctx.number("L_continuous", Lc);
    ctx.number("L_discrete", Ld);
    const range = 4.5 * Math.sqrt(Math.max(sigmaD[0], sigmaD[3]));
    const sgd = runSgd(aniso, H, eta, b, steps, batches, ctx.seed("sgd"), range, (f) =>
      ctx.progress(0.05 + 0.45 * f, "SGD, anisotropic D"),
    );
    ctx.throwIfAborted();
    ctx.number("Sigma_sgd", sgd.second.slice(0, 3));
    ctx.number("Sigma_sgd_se", sgd.second.slice(3));
    ctx.number("L_sgd", sgd.L);
    const names = ["Σ₁₁", "Σ₁₂", "Σ₂₂"];
    const idx = [0, 1, 3];
    for (let i = 0; i < 3; i++) {
      checkClose(ctx, {
        name: `sgd-covariance-${i}`,
        claim: `SGD iterates' ${names[i]} equals the discrete Lyapunov value`,
        measured: sgd.second[i],
        expected: sigmaD[idx[i]],
        tol: 4 * sgd.second[3 + i],
        why: `4 standard errors by batch means (${batches} blocks of ${Math.floor(steps / batches)} steps)`,
      });
    }
    checkClose(ctx, {
      name: "sgd-angular-momentum",
      claim:
        "SGD iterates rotate: $\\langle x_1 \\Delta x_2 - x_2 \\Delta x_1\\rangle/\\eta$ equals $-\\operatorname{tr}(AF\\Sigma_{\\text{discrete}})$",
      measured: sgd.L.mean,
      expected: Ld,
      tol: 4 * sgd.L.se,
      why: "4 standard errors by batch means",
    });
    checkAbove(ctx, {
      name: "sgd-rotates",
      claim: "the rotation is resolved: $|L_{\\text{SGD}}|$ / SE",
      measured: Math.abs(sgd.L.mean) / sgd.L.se,
      bound: 4,
      why: "non-zero at 4σ",
    });

    // Euler–Maruyama on the continuous SDE: sign of the formula.
    const h = eta / 5;
    const emSteps = byMode(mode, { test: 400_000, fast: 2_000_000, full: 10_000_000 });
    ctx.progress(0.5, "SDE (Euler–Maruyama)");
    const em = await runEm(H, D, temperature, h, emSteps, 64, ctx.seed("sde"), ctx.signal);
    const Aem = Float64Array.from([1 - h * H[0], -h * H[1], -h * H[2], 1 - h * H[3]]);
    const Lem = angularMomentum(H, discreteLyapunov(Aem, scaled(D, 2 * temperature * h), 2));
    ctx.number("L_sde", em);
    ctx.number("L_sde_expected_at_h", Lem);
    checkClose(ctx, {
      name: "sde-angular-momentum",
      claim: "the SDE's mean angular momentum matches tr(JFΣ) (sign and size)",
      measured: em.mean,
      expected: Lc,
      tol: 4 * em.se + Math.abs(Lem - Lc),
      why: `4 standard errors over 64 independent paths (@langevin/sde) + the exact O(h) bias of Euler–Maruyama at h = ${h} (${Math.abs(Lem - Lc).toExponential(1)})`,
    });

    // Continuous limit: ‖Σ_d − Σ_c‖/‖Σ_c‖ is first order in η.
    const etas = [0.1, 0.05, 0.025, 0.0125, 0.00625];
    const rel = etas.map((e) => {
      const Ae = Float64Array.from([1 - e * H[0], -e * H[1], -e * H[2], 1 - e * H[3]]);
      const sd = discreteLyapunov(Ae, scaled(D, (e * e) / b), 2);
      const sc = lyapunov(minusH, scaled(D, e / b), 2);
      return frob(sub(sd, sc)) / frob(sc);
    });
    const fit = linearFit(
      etas.map(Math.log),
      rel.map((r) => Math.log(r)),
    );
    ctx.number("continuous_limit", { etas, relativeDifference: rel, order: fit.slope });
    checkClose(ctx, {
      name: "continuous-limit-order",
      claim: "the discrete covariance tends to the continuous one at first order in η",
      measured: fit.slope,
      expected: 1,
      tol: 0.1,
      why: "second-order terms are O(ηλmax(F)) ≤ 0.14 relative at the largest η",
    });

    // Isotropic control.
    const sigmaI = lyapunov(minusH, scaled(iso.D, 2 * temperature), 2);
    const UI = scaled(inverse(sigmaI, 2), temperature);
    const QI = sub(matmul(H, inverse(UI, 2), 2), iso.D);
    ctx.number("isotropic_D", Array.from(iso.D));
    checkBelow(ctx, {
      name: "isotropic-U-equals-F",
      claim: "isotropic D = I: U = F (Φ = f, Lemma 6)",
      measured: frob(sub(UI, H)) / frob(H),
      bound: 1e-10,
      why: "round-off (D = I holds to ~1e-15 after exact whitening)",
    });
    checkBelow(ctx, {
      name: "isotropic-Q-zero",
      claim: "isotropic D: Q = 0",
      measured: frob(QI),
      bound: 1e-10,
      why: "round-off",
    });
    const sgdI = runSgd(iso, H, eta, b, steps, batches, ctx.seed("sgd-isotropic"), range * 2, (f) =>
      ctx.progress(0.55 + 0.4 * f, "SGD, isotropic D"),
    );
    ctx.number("L_sgd_isotropic", sgdI.L);
    checkClose(ctx, {
      name: "isotropic-no-rotation",
      claim: "isotropic D: the SGD iterates do not rotate (angular momentum 0)",
      measured: sgdI.L.mean,
      expected: 0,
      tol: 4 * sgdI.L.se,
      why: "4 standard errors by batch means",
    });

    // Figures.
    const xs = sgd.hist.xcenters();
    const ys = sgd.hist.ycenters();
    const fz = new Float64Array(xs.length * ys.length);
    const pz = new Float64Array(xs.length * ys.length);
    for (let i = 0; i < xs.length; i++)
      for (let j = 0; j < ys.length; j++) {
        const x = xs[i];
        const y = ys[j];
        fz[i * ys.length + j] = 0.5 * (H[0] * x * x + 2 * H[1] * x * y + H[3] * y * y);
        pz[i * ys.length + j] = 0.5 * (U[0] * x * x + 2 * U[1] * x * y + U[3] * y * y);
      }
    const levels = (z: Float64Array) => {
      // Quadratic forms: levels at 1, 2, 3 "standard deviations" of Φ, i.e. Φ = β⁻¹k²/2.
      void z;
      return [0.5, 2, 4.5].map((k) => k * temperature);
    };
    ctx.figure(
      "iterates",
      "SGD iterates with contours of f (white) and Φ (red, dashed)",
      heatmap(xs, ys, sgd.hist.density(), {
        colorTitle: "density",
        contours: [
          { z: fz, levels: levels(fz), name: "f" },
          { z: pz, levels: levels(pz), name: "Φ" },
        ],
        title: "anisotropic D",
      }),
      "Histogram of the SGD iterates. The level sets of Φ = ½xᵀUx (the stationary density's) are tilted against those of f = ½xᵀFx: Φ ≠ f because D is not isotropic.",
    );
    const bars = [];
    for (let i = 0; i < 3; i++) {
      bars.push({ label: names[i], value: sgd.second[i], group: "SGD (measured)" });
      bars.push({ label: names[i], value: sigmaD[idx[i]], group: "discrete Lyapunov" });
      bars.push({ label: names[i], value: sigmaC[idx[i]], group: "continuous Lyapunov" });
    }
    ctx.figure(
      "covariance",
      "Stationary covariance: SGD against theory",
      panels([
        barChart(bars, { yTitle: "covariance", title: "Σ entries" }),
        barChart(
          [
            { label: "anisotropic", value: sgd.L.mean, group: "SGD (measured)" },
            { label: "anisotropic", value: Ld, group: "discrete theory" },
            { label: "anisotropic", value: Lc, group: "continuous theory" },
            { label: "anisotropic", value: em.mean, group: "SDE (Euler–Maruyama)" },
            { label: "isotropic", value: sgdI.L.mean, group: "SGD (measured)" },
            { label: "isotropic", value: 0, group: "discrete theory" },
          ],
          { yTitle: "$\\langle x_1\\,dx_2 - x_2\\,dx_1\\rangle/dt$", title: "mean angular momentum" },
        ),
        lineChart([{ name: "‖Σ_d − Σ_c‖/‖Σ_c‖", x: etas, y: rel }], {
          logX: true,
          logY: true,
          xTitle: "η",
          yTitle: "relative difference",
          points: false,
          title: `continuous limit (order ${fit.slope.toFixed(3)})`,
        }),
      ]),
    );
    const eU = generalEigenvalues(U, 2);
    ctx.note(
      `Eigenvalues of U: ${eU.re.map((v) => v.toFixed(4)).join(", ")} (F: 1.4, 0.4). Q₁₂ = ${Q[1].toExponential(3)}; ` +
        "the sign of the angular momentum is that of Q₁₂ (counter-clockwise when positive).",
    );
    ctx.progress(1, "done");
  },
};
