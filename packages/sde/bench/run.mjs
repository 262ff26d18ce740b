// Throughput of @langevin/sde: 2-D Ornstein–Uhlenbeck, Euler–Maruyama, 10⁶ paths × 100 steps,
// through the public API with a user (batched) drift; beside numpy in place (bench/ou_numpy.py).
// Numbers on a shared machine are noisy: run it on a quiet machine for anything precise.
import { execFileSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { eulerMaruyama, moments, solve } from "@langevin/sde";
import { ou } from "./ou-problem.mjs";

const PATHS = Number(process.env.PATHS ?? 1_000_000);
const STEPS = 100;
const dt = 0.01;
const ref = { module: new URL("./ou-problem.mjs", import.meta.url).href, export: "ou", args: {} };

async function rate(workers) {
  let best = Infinity;
  for (let rep = 0; rep < 3; rep++) {
    const t = performance.now();
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
    if (!(r.observers.m.variance[0][0] > 0)) throw new Error("bench run produced no moments");
  }
  return (PATHS * STEPS) / (best / 1000);
}

let numpy = Number.NaN;
try {
  numpy = Number(
    execFileSync("python3", [
      new URL("./ou_numpy.py", import.meta.url).pathname,
      String(PATHS),
      String(STEPS),
    ])
      .toString()
      .trim(),
  );
} catch {
  console.log("peer unavailable (python3 with numpy)");
}
const one = await rate(0);
const two = await rate(2);
const fmt = (v) => v.toExponential(2);
console.log(
  `2-D OU, Euler–Maruyama, ${PATHS} paths × ${STEPS} steps (best of 3; ${availableParallelism()} cores, shared machine: noisy)`,
);
console.log("| run | particle-steps/s | × numpy |");
console.log("|---|---|---|");
console.log(`| numpy in place (python3) | ${fmt(numpy)} | 1.00 |`);
console.log(`| @langevin/sde, main thread | ${fmt(one)} | ${(one / numpy).toFixed(2)} (goal ≥ 1.5) |`);
console.log(`| @langevin/sde, 2 workers | ${fmt(two)} | ${(two / numpy).toFixed(2)} (goal ≥ 2.5) |`);
