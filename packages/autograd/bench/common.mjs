// Helpers shared by bench/run.mjs and bench/lenet.mjs.
import os from "node:os";

/** Seconds a measurement may take (the environment's BENCH_SECONDS, default 1.5). */
export const budget = Number(process.env.BENCH_SECONDS ?? 1.5);

/** This process's CPU time in seconds (time spent waiting for other processes is not counted). */
export function cpuSeconds() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Calls per CPU second over one window of at least `seconds` (and at least one call). */
export function windowRate(fn, seconds) {
  let n = 0;
  const t0 = cpuSeconds();
  let dt = 0;
  do {
    fn();
    n++;
    dt = cpuSeconds() - t0;
  } while (dt < seconds);
  return n / dt;
}

/** The best of `repeats` windows of seconds/repeats each, after 5 warm-up calls. */
export function bestRate(fn, seconds = budget, repeats = 3) {
  for (let i = 0; i < 5; i++) fn();
  let best = 0;
  for (let r = 0; r < repeats; r++) best = Math.max(best, windowRate(fn, seconds / repeats));
  return best;
}

export const load = () => `machine load ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`;
export const fmt = (v) => (typeof v === "number" ? v.toFixed(1).padStart(10) : String(v).padStart(10));
