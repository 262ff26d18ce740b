import {
  denseFromOperator,
  fromArray,
  hessianOperator,
  lanczos,
  type ScalarFn,
  type Tensor,
  valueAndGrad,
  xorBlobs,
} from "@langevin/autograd";
import { createRng, inertia, symmetricEigen } from "@langevin/core";
import { refineCriticalPoint } from "@langevin/neb";
import {
  byMode,
  checkAbove,
  checkBelow,
  checkClose,
  type Experiment,
  heatmap,
  lineChart,
  panels,
} from "@langevin/report";
import { NetLoss } from "../lib/net.js";
import { type Method, monkeySaddle, quadraticSaddle, type Surface2D, trajectory } from "../lib/saddle2d.js";
import { spearman } from "../lib/stats.js";

const METHODS: Method[] = ["newton", "saddle-free newton", "gradient descent"];

/** The linear autoencoder loss (1/2N)‖X − X W₁ W₂‖² over θ = (W₁ (n×p), W₂ (p×n)). */
function autoencoderLoss(x: Tensor, rows: number, n: number, p: number): ScalarFn {
  return (theta) => {
    const w1 = theta.slice(0, n * p).reshape([n, p]);
    const w2 = theta.slice(n * p, 2 * n * p).reshape([p, n]);
    const r = x.sub(x.matmul(w1).matmul(w2));
    return r
      .mul(r)
      .sum()
      .mul(1 / (2 * rows));
  };
}

function subsets(n: number, p: number): number[][] {
  const out: number[][] = [];
  const rec = (start: number, cur: number[]) => {
    if (cur.length === p) {
      out.push(cur.slice());
      return;
    }
    for (let i = start; i < n; i++) rec(i + 1, [...cur, i]);
  };
  rec(0, []);
  return out;
}

function surfaceGrid(s: Surface2D, lim: number, m: number) {
  const xs: number[] = [];
  for (let i = 0; i < m; i++) xs.push(-lim + (2 * lim * i) / (m - 1));
  const z: number[] = [];
  for (const x of xs) for (const y of xs) z.push(s.f(x, y));
  return { xs, z };
}

/**
 * The `saddles` experiment (see its claim and setup).
 * @example
 * await runExperiments([saddles], { app: "loss-landscape", mode: "test" });
 */
export const saddles: Experiment = {
  id: "saddles",
  title:
    "Saddle points: Newton is attracted, saddle-free Newton escapes, the index grows with the loss (Dauphin et al. 2014)",
  claim:
    "Newton's method is attracted to saddle points, while saddle-free Newton (Δθ = −|H|⁻¹∇f) escapes them and " +
    "gradient descent escapes only slowly; at the critical points of a network's loss the index (the fraction of " +
    "negative Hessian eigenvalues) grows with the loss, so high-loss critical points are saddles, not minima.",
  setup:
    "2-D: f = 5x² − y² from (1, 0.01) and the monkey saddle x³ − 3xy² from 12 points on a circle of radius 0.05 " +
    "(angles 2πk/12 + 0.2, off the ridges); unit Newton and saddle-free Newton steps, gradient descent with η = 0.05 " +
    "(quadratic) and η = 0.05 (monkey); 'escaped' = distance to the saddle > 1. Linear autoencoder 6 → 2 → 6 on 500 " +
    "seeded Gaussian points (variances 5, 4, 3, 2, 1, 0.5): the exact critical points $W_1 = U_I$, $W_2 = U_I^\\top$ for every pair " +
    "I of eigenvectors of Σ = XᵀX/N, and the origin. Small MLP 2-4-2 tanh on 40 XOR-blob points (L2 1e-3, so that its minima are well defined): critical " +
    "points by minimising ½‖∇f‖² with Levenberg–Marquardt (Jacobian of ∇f = H) from snapshots of SGD runs and from " +
    "shrunken initialisations. Hessians assembled from exact Hessian-vector products (double backward); the most " +
    "negative eigenvalue cross-checked by Lanczos on the same products.",
  run(ctx) {
    const mode = ctx.mode;
    // ---------- 1. 2-D saddles ----------
    const q0: [number, number] = [1, 0.01];
    const etaQ = 0.05;
    const quad = Object.fromEntries(
      METHODS.map((m) => [m, trajectory(quadraticSaddle, m, q0[0], q0[1], 400, etaQ)]),
    ) as Record<Method, ReturnType<typeof trajectory>>;
    checkBelow(ctx, {
      name: "newton-quadratic",
      claim: "5x² − y²: one Newton step lands on the saddle (distance after step 1)",
      measured: quad.newton.r[1],
      bound: 1e-12,
      why: "Newton is exact on a quadratic; only round-off remains",
    });
    const sfnExpected = Math.ceil(Math.log(1 / q0[1]) / Math.log(2));
    checkClose(ctx, {
      name: "sfn-quadratic",
      claim: "5x² − y²: saddle-free Newton escapes (steps until |y| > 1; y doubles each step)",
      measured: quad["saddle-free newton"].escapedAt,
      expected: sfnExpected,
      tol: 0,
      why: "exact: x → 0 and y → 2y per step, so ⌈log₂(1/y₀)⌉",
    });
    const gdExpected = Math.ceil(Math.log(1 / q0[1]) / Math.log(1 + 2 * etaQ));
    checkClose(ctx, {
      name: "gd-quadratic",
      claim: "5x² − y²: gradient descent escapes slowly (steps until |y| > 1; y grows by 1 + 2η per step)",
      measured: quad["gradient descent"].escapedAt,
      expected: gdExpected,
      tol: 0,
      why: "exact: y → (1 + 2η)y, so ⌈ln(1/y₀)/ln(1 + 2η)⌉",
    });

    const starts = Array.from({ length: 12 }, (_, k) => (2 * Math.PI * k) / 12 + 0.2);
    const r0 = 0.05;
    const etaM = 0.05;
    const monkey = METHODS.map((m) =>
      starts.map((a) =>
        trajectory(
          monkeySaddle,
          m,
          r0 * Math.cos(a),
          r0 * Math.sin(a),
          m === "gradient descent" ? 20000 : 200,
          etaM,
        ),
      ),
    );
    let newtonRatioErr = 0;
    for (const t of monkey[0])
      for (let k = 1; k < Math.min(t.r.length, 30); k++)
        newtonRatioErr = Math.max(newtonRatioErr, Math.abs(t.r[k] / t.r[k - 1] - 0.5));
    checkBelow(ctx, {
      name: "newton-monkey",
      claim:
        "monkey saddle: Newton converges to the saddle from all 12 starts, halving the distance each step (max $|r_{k+1}/r_k - \\tfrac12|$)",
      measured: newtonRatioErr,
      bound: 1e-12,
      why: "exact: f is homogeneous of degree 3, so H x = 2∇f and the Newton step is x/2; round-off only",
    });
    const sfnEsc = monkey[1].map((t) => t.escapedAt);
    const gdEsc = monkey[2].map((t) => t.escapedAt);
    ctx.number("monkey: escape steps", { "saddle-free newton": sfnEsc, "gradient descent": gdEsc });
    checkClose(ctx, {
      name: "sfn-monkey",
      claim:
        "monkey saddle: saddle-free Newton escapes from all 12 starts (number that escaped within 200 steps)",
      measured: sfnEsc.filter((s) => s > 0).length,
      expected: 12,
      tol: 0,
      why: "deterministic iterations: every start must escape",
    });
    const median = (v: number[]) => {
      const s = v.map((x) => (x < 0 ? Number.POSITIVE_INFINITY : x)).sort((a, b) => a - b);
      return s[Math.floor(s.length / 2)];
    };
    checkAbove(ctx, {
      name: "gd-slow-monkey",
      claim:
        "monkey saddle: gradient descent (η = 0.05) needs many times more steps than saddle-free Newton (ratio of median escape steps)",
      measured: median(gdEsc) / median(sfnEsc),
      bound: 10,
      why: "near a degenerate saddle ‖∇f‖ ∝ r², so GD's step shrinks as ηr² while SFN's stays r/2: ≥ 10× taken as 'slowly'",
    });

    // ---------- 2. Linear autoencoder ----------
    const n = 6;
    const p = 2;
    const rows = 500;
    const lambdas = [5, 4, 3, 2, 1, 0.5];
    const rng = createRng(ctx.seed("autoencoder-data"));
    const xs = new Float64Array(rows * n);
    for (let r = 0; r < rows; r++)
      for (let j = 0; j < n; j++) xs[r * n + j] = Math.sqrt(lambdas[j]) * rng.normal();
    const sigma = new Float64Array(n * n);
    for (let r = 0; r < rows; r++)
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) sigma[i * n + j] += (xs[r * n + i] * xs[r * n + j]) / rows;
    const eig = symmetricEigen(sigma, n); // ascending
    const lam = Array.from(eig.values).reverse(); // descending
    const u = (k: number, i: number) => eig.vectors[i * n + (n - 1 - k)]; // component i of the k-th largest
    const trace = lam.reduce((a, b) => a + b, 0);
    const X = fromArray(xs, [rows, n]);
    const fAe = autoencoderLoss(X, rows, n, p);
    const vg = valueAndGrad(fAe);
    const P = 2 * n * p;
    const ae: {
      subset: string;
      loss: number;
      expectedLoss: number;
      index: number;
      expectedIndex: number;
      gradNorm: number;
    }[] = [];
    for (const I of [...subsets(n, p), []]) {
      const theta = new Float64Array(P);
      if (I.length)
        for (let k = 0; k < p; k++)
          for (let i = 0; i < n; i++) {
            theta[i * p + k] = u(I[k], i); // W₁[i][k]
            theta[n * p + k * n + i] = u(I[k], i); // W₂[k][i]
          }
      const { value, gradient } = vg(theta);
      const h = denseFromOperator(hessianOperator(fAe, theta), P);
      const negatives = inertia(symmetricEigen(h, P).values, 1e-8 * maxAbs(h)).negative;
      let expectedIndex = 0;
      if (I.length) {
        for (const i of I) for (let j = 0; j < n; j++) if (!I.includes(j) && lam[j] > lam[i]) expectedIndex++;
      } else expectedIndex = n * p;
      ae.push({
        subset: I.length ? `{${I.map((i) => i + 1).join(",")}}` : "origin",
        loss: value,
        expectedLoss: 0.5 * (trace - I.reduce((s, i) => s + lam[i], 0)),
        index: negatives,
        expectedIndex,
        gradNorm: Math.hypot(...gradient),
      });
    }
    ctx.number("autoencoder eigenvalues of Σ", lam);
    ctx.number("autoencoder critical points", ae);
    checkBelow(ctx, {
      name: "ae-critical",
      claim: "autoencoder: every eigenvector subset (and the origin) is a critical point (largest ‖∇f‖)",
      measured: Math.max(...ae.map((a) => a.gradNorm)),
      bound: 1e-10,
      why: "exact critical points; round-off of the eigenvectors (~1e-15) times ‖Σ‖",
    });
    checkBelow(ctx, {
      name: "ae-loss",
      claim:
        "autoencoder: loss at I equals $\\tfrac12(\\operatorname{tr}\\Sigma - \\sum_{i\\in I} \\lambda_i)$ (largest difference)",
      measured: Math.max(...ae.map((a) => Math.abs(a.loss - a.expectedLoss))),
      bound: 1e-10,
      why: "closed form; round-off only",
    });
    checkClose(ctx, {
      name: "ae-index",
      claim:
        "autoencoder: the index at I equals #{(i ∈ I, j ∉ I): λⱼ > λᵢ} (and n·p at the origin): number of critical points where it differs",
      measured: ae.filter((a) => a.index !== a.expectedIndex).length,
      expected: 0,
      tol: 0,
      why: "each such pair gives one 2×2 block with determinant λⱼ(λᵢ − λⱼ) < 0 (derived in the notes); eigenvalues counted below −1e-8·max|H|",
    });
    const aeRho = spearman(
      ae.map((a) => a.loss),
      ae.map((a) => a.index),
    );
    checkAbove(ctx, {
      name: "ae-index-grows",
      claim:
        "autoencoder: the index grows with the loss (Spearman rank correlation over the 16 critical points)",
      measured: aeRho,
      bound: 0.8,
      why: "a strong monotone relation; under no relation ρ has s.d. 1/√15 ≈ 0.26, so 0.8 is > 3 s.d.",
    });
    const minimum = ae.find((a) => a.subset === "{1,2}");
    checkClose(ctx, {
      name: "ae-global-minimum",
      claim:
        "autoencoder: the top-2 eigenvectors are the only critical point of index 0 (count of index-0 points)",
      measured: ae.filter((a) => a.index === 0).length,
      expected: 1,
      tol: 0,
      why: `exact (Baldi & Hornik 1989); the minimum {1,2} has index ${minimum?.index}`,
    });
    ctx.note(
      "Why the autoencoder's index is #{(i ∈ I, j ∉ I): λⱼ > λᵢ}: perturb W₁ by α $e_k u_j^\\top$-type moves that swap the " +
        "k-th encoder direction uᵢ towards uⱼ and W₂ by β uⱼeₖᵀ; the second-order change of the loss is " +
        "½(α²λⱼ + β²λᵢ) − αβλⱼ, a 2×2 form with determinant λⱼ(λᵢ − λⱼ)/4, negative exactly when λⱼ > λᵢ. Directions " +
        "inside span($U_I$) are the GL(p) symmetry (zero eigenvalues) or positive.",
    );

    // ---------- 3. Small MLP critical points ----------
    const data = xorBlobs(40, 0.5, createRng(ctx.seed("mlp-data"), 0));
    const net = new NetLoss([2, 4, 2], "tanh", data, data, 1e-3, createRng(1));
    const seeds = byMode(mode, { test: 2, fast: 4, full: 8 });
    const snapshots = byMode(mode, {
      test: [0, 3],
      fast: [0, 1, 3, 10, 30],
      full: [0, 1, 2, 3, 5, 10, 20, 30, 100],
    });
    const startsMlp: { label: string; theta: Float64Array }[] = [
      { label: "origin", theta: new Float64Array(net.size) },
    ];
    for (let s = 0; s < seeds; s++) {
      const init = net.init(createRng(ctx.seed(`mlp-init-${s}`)));
      const small = init.map((v) => 0.2 * v);
      startsMlp.push({ label: `seed ${s} init × 0.2`, theta: small });
      const sgdRng = createRng(ctx.seed(`mlp-sgd-${s}`));
      let theta = init;
      let epoch = 0;
      for (const target of snapshots) {
        theta = net.trainFrom(theta, sgdRng, {
          epochs: target - epoch,
          batch: 10,
          lr: 0.05,
          polishSteps: 0,
          polishLr: 0,
        });
        epoch = target;
        startsMlp.push({ label: `seed ${s} epoch ${target}`, theta: Float64Array.from(theta) });
      }
      // The end of training: 200 epochs, then full-batch heavy ball into the minimum.
      theta = net.trainFrom(theta, sgdRng, {
        epochs: 200 - epoch,
        batch: 10,
        lr: 0.05,
        polishSteps: 3000,
        polishLr: 0.1,
      });
      startsMlp.push({ label: `seed ${s} trained`, theta });
    }
    const found: {
      label: string;
      loss: number;
      index: number;
      fraction: number;
      gradNorm: number;
      lanczosGap: number;
      lanczosBound: number;
    }[] = [];
    const missed: { label: string; gradNorm: number; loss: number; iterations: number; reason: string }[] =
      [];
    let tried = 0;
    for (const st of startsMlp) {
      ctx.throwIfAborted();
      ctx.progress(0.3 + (0.7 * tried++) / startsMlp.length, "MLP critical points");
      // Levenberg–Marquardt on ½‖∇f‖² with @langevin/neb's scale-aware test: a point counts when the
      // Newton step is below 1e-10 of ‖θ‖, not merely when ‖∇f‖ is small (a saturating MLP
      // flattens out along directions where ‖∇f‖ → 0 with no critical point).
      const cp = refineCriticalPoint(net.energy, st.theta, {
        hessian: (t, out) => out.set(net.hessian(t)),
        maxIter: 150,
        maxStep: Number.POSITIVE_INFINITY,
        signal: ctx.signal,
      });
      if (!cp.converged) {
        missed.push({
          label: st.label,
          gradNorm: cp.gradientNorm,
          loss: net.loss(cp.x),
          iterations: cp.iterations,
          reason: cp.reason,
        });
        continue;
      }
      const h = net.hessian(cp.x);
      const scale = maxAbs(h);
      const { values } = symmetricEigen(h, net.size);
      const negatives = inertia(values, 1e-6 * scale).negative;
      const lz = lanczos(net.hessianOp(cp.x), net.size, net.size, createRng(ctx.seed("lanczos"), tried));
      found.push({
        label: st.label,
        loss: net.loss(cp.x),
        index: negatives,
        fraction: negatives / net.size,
        gradNorm: cp.gradientNorm,
        lanczosGap: Math.abs(lz.values[0] - values[0]),
        lanczosBound: Math.max(lz.residuals[0], 1e-9 * scale),
      });
    }
    ctx.number("MLP critical points", found);
    ctx.number(
      "MLP starts where Levenberg–Marquardt found no critical point (stalled: a local minimum of ‖∇f‖² that is not zero; max-iter: the Newton step never became small)",
      missed,
    );
    ctx.param("MLP starts", startsMlp.length);
    const rhoMlp = spearman(
      found.map((c) => c.loss),
      found.map((c) => c.index),
    );
    checkAbove(ctx, {
      name: "mlp-found",
      claim:
        "2-4-2 MLP: Levenberg–Marquardt on ½‖∇f‖² locates a critical point (Newton step ≤ 1e-10·‖θ‖) from most starts (fraction)",
      measured: found.length / startsMlp.length,
      bound: 0.5,
      why: "at least half of the starts, so that the index–loss relation rests on enough points",
    });
    checkAbove(ctx, {
      name: "mlp-index-grows",
      claim:
        "2-4-2 MLP: the index grows with the loss at the critical points found (Spearman rank correlation)",
      measured: rhoMlp,
      bound: mode === "test" ? 0.3 : 0.5,
      why: `under no relation ρ has s.d. ≈ 1/√(n−1) = ${(1 / Math.sqrt(Math.max(1, found.length - 1))).toFixed(2)} for n = ${found.length} points; the bound is ≥ 2 s.d.`,
    });
    const worstLanczos = Math.max(...found.map((c) => c.lanczosGap / c.lanczosBound));
    checkBelow(ctx, {
      name: "lanczos-agrees",
      claim:
        "Lanczos on Hessian-vector products gives the dense Hessian's λmin (largest |Δλ| / residual bound)",
      measured: worstLanczos,
      bound: 1.0001,
      why: "the Ritz value lies within its residual norm of an eigenvalue (floored at 1e-9·‖H‖ for round-off)",
    });

    // ---------- figures ----------
    const gq = surfaceGrid(quadraticSaddle, 1.2, 61);
    const gm = surfaceGrid(monkeySaddle, 1.2, 61);
    ctx.figure(
      "quadratic-trajectories",
      "5x² − y²: iterates of Newton, saddle-free Newton and gradient descent from (1, 0.01)",
      panels(
        METHODS.map((m) =>
          heatmap(gq.xs, gq.xs, gq.z, {
            title: m,
            xTitle: "x",
            yTitle: "y",
            colorTitle: "f",
            width: 200,
            height: 200,
            contours: [{ z: gq.z, count: 8, name: "f" }],
            paths: [{ name: m, x: quad[m].xs, y: quad[m].ys }],
            marks: [{ x: 0, y: 0, label: "saddle" }],
          }),
        ),
      ),
      "Newton jumps onto the saddle in one step; saddle-free Newton doubles y each step; gradient descent creeps out.",
    );
    ctx.figure(
      "monkey-trajectories",
      "Monkey saddle x³ − 3xy²: iterates from 12 starts at radius 0.05",
      panels(
        METHODS.map((m, k) =>
          heatmap(gm.xs, gm.xs, gm.z, {
            title: m,
            xTitle: "x",
            yTitle: "y",
            colorTitle: "f",
            width: 200,
            height: 200,
            domain: [-2, 2],
            contours: [{ z: gm.z, levels: [-1, -0.3, 0, 0.3, 1], name: "f" }],
            paths: monkey[k].map((t, j) => ({ name: `${m} ${j}`, x: t.xs, y: t.ys })),
            marks: [{ x: 0, y: 0, label: "saddle" }],
          }),
        ),
      ),
    );
    ctx.figure(
      "distance-to-saddle",
      "Distance to the saddle against the step (log scale)",
      panels(
        [
          lineChart(
            METHODS.map((m) => ({ name: m, x: quad[m].r.map((_, k) => k), y: quad[m].r })),
            { title: "5x² − y²", xTitle: "step", yTitle: "distance", logY: true },
          ),
          lineChart(
            METHODS.map((m, k) => ({ name: m, x: monkey[k][1].r.map((_, j) => j + 1), y: monkey[k][1].r })),
            { title: "monkey saddle (start 2)", xTitle: "step", yTitle: "distance", logY: true, logX: true },
          ),
        ],
        undefined,
        2,
      ),
    );
    ctx.figure(
      "index-vs-loss",
      "Index (fraction of negative Hessian eigenvalues) against the loss at critical points",
      panels(
        [
          lineChart(
            [{ name: "linear autoencoder", x: ae.map((a) => a.loss), y: ae.map((a) => a.index / P) }],
            {
              title: "linear autoencoder 6-2-6",
              xTitle: "loss",
              yTitle: "index",
              points: true,
            },
          ),
          lineChart([{ name: "MLP 2-4-2", x: found.map((c) => c.loss), y: found.map((c) => c.fraction) }], {
            title: "MLP 2-4-2 tanh",
            xTitle: "loss",
            yTitle: "index",
            points: true,
          }),
        ],
        undefined,
        2,
      ),
      "Dauphin et al.'s Fig. 1: critical points with higher loss have more descent directions.",
    );
    ctx.progress(1, "done");
  },
};

/** The largest |entry| of a matrix (a cheap bound on its spectral scale). */
function maxAbs(h: Float64Array): number {
  let m = 0;
  for (let i = 0; i < h.length; i++) m = Math.max(m, Math.abs(h[i]));
  return m;
}
