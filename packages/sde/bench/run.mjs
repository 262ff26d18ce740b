// Throughput of @langevin/sde: 2-D Ornstein–Uhlenbeck, Euler–Maruyama, 10⁶ paths × 100 steps,
// through the public API with a user (batched) drift; beside numpy in place (bench/ou_numpy.py).
// Numbers on a shared machine are noisy: run it on a quiet machine for anything precise.
import { execFileSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { createWorkerPool, eulerMaruyama, moments, solve } from "@langevin/sde";
import { ou } from "./ou-problem.mjs";

const PATHS = Number(process.env.PATHS ?? 1_000_000);
const STEPS = 100;
const dt = 0.01;
const ref = { module: new URL("./ou-problem.mjs", import.meta.url).href, export: "ou", args: {} };

// `workers`: 0 (main thread), a number (fresh threads spawned by every solve: the cold figure) or a
// pool (created once, before the first of the three timed solves, which therefore still pays the
// threads' start-up; the best of 3 is a warm solve)
async function rate(workers) {
  let best = Infinity;
  let bestCpu = Infinity;
  for (let rep = 0; rep < 3; rep++) {
    const t = performance.now();
    const c0 = process.cpuUsage(); // all threads of the process, workers included
    const r = await solve(workers ? ref : ou(), {
      scheme: eulerMaruyama,
      dt,
      t1: STEPS * dt,
      paths: PATHS,
      seed: 1,
      workers,
      observers: { m: moments() },
    });
    best = Math.min(best, performance.now() - t);
    const c = process.cpuUsage(c0);
    bestCpu = Math.min(bestCpu, (c.user + c.system) / 1000);
    if (!(r.observers.m.variance[0][0] > 0)) throw new Error("bench run produced no moments");
  }
  return { wall: (PATHS * STEPS) / (best / 1000), cpu: (PATHS * STEPS) / (bestCpu / 1000) };
}

let numpy = { wall: Number.NaN, cpu: Number.NaN };
try {
  const script = new URL("./ou_numpy.py", import.meta.url).pathname;
  const out = execFileSync("python3", [script, String(PATHS), String(STEPS)]).toString();
  const [wall, cpu] = out.trim().split(/\s+/).map(Number);
  numpy = { wall, cpu };
} catch {
  console.log("peer unavailable (python3 with numpy)");
}
const one = await rate(0);
const two = await rate(2);
const pool = createWorkerPool(2);
const warm = await rate(pool);
await pool.close();
const fmt = (v) => v.toExponential(2);
const ratio = (a, b) => (a / b).toFixed(2);
console.log(
  `2-D OU, Euler–Maruyama, ${PATHS} paths × ${STEPS} steps, best of 3 (${availableParallelism()} cores;`,
);
console.log("shared machine: wall-clock rates depend on the load; CPU-time rates are steadier)");
console.log("| run | wall particle-steps/s | × numpy | CPU-time particle-steps/s | × numpy |");
console.log("|---|---|---|---|---|");
console.log(`| numpy in place (python3) | ${fmt(numpy.wall)} | 1.00 | ${fmt(numpy.cpu)} | 1.00 |`);
console.log(
  `| @langevin/sde, main thread | ${fmt(one.wall)} | ${ratio(one.wall, numpy.wall)} (goal ≥ 1.5) | ${fmt(one.cpu)} | ${ratio(one.cpu, numpy.cpu)} |`,
);
console.log(
  `| @langevin/sde, 2 workers, spawned per solve | ${fmt(two.wall)} | ${ratio(two.wall, numpy.wall)} (goal ≥ 2.5) | ${fmt(two.cpu)} (all threads) | ${ratio(two.cpu, numpy.cpu)} |`,
);
console.log(
  `| @langevin/sde, 2 workers, warm pool | ${fmt(warm.wall)} | ${ratio(warm.wall, numpy.wall)} (goal ≥ 2.5) | ${fmt(warm.cpu)} (all threads) | ${ratio(warm.cpu, numpy.cpu)} |`,
);
