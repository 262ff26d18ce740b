// Dense symmetric eigenproblems: symmetricEigenvalues / symmetricEigen against numpy's
// eigvalsh / eigh (LAPACK dsyevd through OpenBLAS, one thread) and the ml-matrix EVD that core
// used before (JAMA's tred2 + tql2). Run: pnpm --filter @langevin/core bench.
// The machine is shared: every case runs REPS times, ours and numpy's alternating so that load
// drifts hit both, and the medians are compared, of the wall clock and of the process's CPU time
// (less sensitive to other processes, so its ratio is the one to quote on a loaded machine).
// EIGEN_SIZES=500,885 and EIGEN_REPS=5 override.
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
t, c = time.perf_counter(), time.process_time(); f(a)
print(time.perf_counter() - t, time.process_time() - c)
`;
const pyEnv = { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };

/** { wall, cpu } seconds of numpy's call alone (no start-up, no matrix generation). */
function numpy(n, mode) {
  const r = spawnSync("python3", ["-c", PY, String(n), mode], { env: pyEnv, encoding: "utf8" });
  if (r.status !== 0) return { wall: Number.NaN, cpu: Number.NaN };
  const [wall, cpu] = r.stdout.trim().split(" ").map(Number);
  return { wall, cpu };
}

function matrix(n) {
  const g = createRng(1, n).fillNormal(new Float64Array(n * n));
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = (g[i * n + j] + g[j * n + i]) / 2;
  return a;
}

function seconds(fn) {
  const c = process.cpuUsage();
  const t = performance.now();
  fn();
  const u = process.cpuUsage(c);
  return { wall: (performance.now() - t) / 1e3, cpu: (u.user + u.system) / 1e6 };
}

function median(xs) {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((p, q) => p - q);
  return s.length === 0 ? Number.NaN : s[(s.length - 1) >> 1];
}

symmetricEigen(matrix(64), 64); // compile the kernels, tier up the drivers

const fmt = (x) => (Number.isNaN(x) ? "—" : x < 10 ? x.toFixed(3) : x.toFixed(1));
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
    let ml = { wall: Number.NaN, cpu: Number.NaN };
    if (n <= ML_MAX) {
      const m = new Matrix(n, n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m.set(i, j, a[i * n + j]);
      ml = seconds(() => new EigenvalueDecomposition(m, { assumeSymmetric: true }));
    }
    const o = { wall: median(ours.map((x) => x.wall)), cpu: median(ours.map((x) => x.cpu)) };
    const p = { wall: median(peer.map((x) => x.wall)), cpu: median(peer.map((x) => x.cpu)) };
    console.log(
      `n=${String(n).padStart(4)} ${mode.padEnd(7)}` +
        ` ours ${fmt(o.wall).padStart(6)} s (cpu ${fmt(o.cpu).padStart(6)})` +
        `  numpy ${fmt(p.wall).padStart(6)} s (cpu ${fmt(p.cpu).padStart(6)})` +
        `  ours/numpy ${(o.wall / p.wall).toFixed(1)}x (cpu ${(o.cpu / p.cpu).toFixed(1)}x)` +
        `  ml-matrix ${fmt(ml.wall).padStart(5)} s (cpu ${fmt(ml.cpu)})`,
    );
  }
}
console.log(
  `medians of ${REPS} runs alternating ours and numpy (one thread: OPENBLAS_NUM_THREADS=1), ml-matrix one run` +
    ` up to n = ${ML_MAX}; load average ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores` +
    ` (node ${process.version})`,
);
