// Dense symmetric eigenproblems: symmetricEigenvalues / symmetricEigen against numpy's
// eigvalsh / eigh (LAPACK dsyevd through OpenBLAS, one thread) and the ml-matrix EVD that core
// used before (JAMA's tred2 + tql2). Run: pnpm --filter @langevin/core bench.
// The machine is shared: every case runs REPS times, ours and numpy's alternating so that load
// drifts hit both, and the medians are compared. EIGEN_SIZES=500,885 and EIGEN_REPS=5 override.
import { spawnSync } from "node:child_process";
import { availableParallelism, loadavg } from "node:os";
import { createRng, symmetricEigen, symmetricEigenvalues } from "@langevin/core";
import { EigenvalueDecomposition, Matrix } from "ml-matrix";

const SIZES = (process.env.EIGEN_SIZES ?? "500,885,1600,3000").split(",").map(Number);
const REPS = Number(process.env.EIGEN_REPS ?? 3);
/** ml-matrix takes 8 s at 885 and 27 s at 1600 here: one run, and only up to this size. */
const ML_MAX = Number(process.env.EIGEN_ML_MAX ?? 885);

const PY = `
import sys, time, numpy as np
n, mode = int(sys.argv[1]), sys.argv[2]
g = np.random.default_rng(1).standard_normal((n, n))
a = (g + g.T) / 2
f = np.linalg.eigvalsh if mode == "values" else np.linalg.eigh
t = time.perf_counter(); f(a); print(time.perf_counter() - t)
`;
const pyEnv = { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };

function numpy(n, mode) {
  const r = spawnSync("python3", ["-c", PY, String(n), mode], { env: pyEnv, encoding: "utf8" });
  if (r.status !== 0) return Number.NaN;
  return Number(r.stdout.trim());
}

function matrix(n) {
  const g = createRng(1, n).fillNormal(new Float64Array(n * n));
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = (g[i * n + j] + g[j * n + i]) / 2;
  return a;
}

function seconds(fn) {
  const t = performance.now();
  fn();
  return (performance.now() - t) / 1e3;
}

function median(xs) {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((p, q) => p - q);
  return s.length === 0 ? Number.NaN : s[(s.length - 1) >> 1];
}

symmetricEigen(matrix(64), 64); // compile the kernels, tier up the drivers

const fmt = (x) => (Number.isNaN(x) ? "—" : x < 10 ? x.toFixed(3) : x.toFixed(1));
const rows = [];
const load0 = loadavg()[0];
for (const n of SIZES) {
  const a = matrix(n);
  for (const mode of ["values", "vectors"]) {
    const ours = [];
    const peer = [];
    for (let r = 0; r < REPS; r++) {
      ours.push(seconds(() => (mode === "values" ? symmetricEigenvalues(a, n) : symmetricEigen(a, n))));
      peer.push(numpy(n, mode));
    }
    let ml = Number.NaN;
    if (n <= ML_MAX) {
      const m = new Matrix(n, n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m.set(i, j, a[i * n + j]);
      ml = seconds(() => new EigenvalueDecomposition(m, { assumeSymmetric: true }));
    }
    const row = { n, mode, ours: median(ours), numpy: median(peer), ml };
    rows.push(row);
    console.log(
      `n=${String(n).padStart(4)} ${mode.padEnd(7)} ours ${fmt(row.ours).padStart(7)} s` +
        `  numpy ${fmt(row.numpy).padStart(7)} s  ours/numpy ${(row.ours / row.numpy).toFixed(1).padStart(5)}x` +
        `  ml-matrix ${fmt(ml).padStart(6)} s  (ours: ${ours.map(fmt).join(" ")})`,
    );
  }
}
console.log(
  `medians of ${REPS} runs alternating ours and numpy (one thread: OPENBLAS_NUM_THREADS=1), ml-matrix one run` +
    ` up to n = ${ML_MAX}; load average ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores` +
    ` (node ${process.version})`,
);
