import {
  AbortError,
  DivergenceError,
  InvalidArgumentError,
  NotPositiveDefiniteError,
} from "@langevin/core/base";
import { thrown } from "@langevin/test-utils";
import { describe, expect, it } from "vitest";
import { ensembleObservers, rotatingGeneralOu, same } from "../test/helpers.js";
import { firstPassage } from "./observers/first-passage.js";
import { histogram2d } from "./observers/histogram.js";
import { moments } from "./observers/moments.js";
import { saveAt } from "./observers/save-at.js";
import { timeAverage } from "./observers/time-average.js";
import { fromPotential } from "./potential.js";
import { type SdeProblem, sdeProblem } from "./problem.js";
import { SolveResult } from "./result.js";
import { eulerMaruyama } from "./schemes/euler-maruyama.js";
import { heun } from "./schemes/heun.js";
import { milstein } from "./schemes/milstein.js";
import { sra1 } from "./schemes/sra1.js";
import { type SolveOptions, solve, solveSync } from "./solve.js";

const fixture = new URL("../test/fixtures/problems.mjs", import.meta.url).href;

// A rotating 2-D OU with state-dependent (general) noise, so every arithmetic path is exercised.
const problem = rotatingGeneralOu();

const observers = () => ({
  ...ensembleObservers([0, 5, 999, 1500]),
  fp: firstPassage((_t, x) => x[0] * x[0] + x[1] * x[1] > 2.5),
});

const base = { scheme: eulerMaruyama, dt: 0.02, t1: 2, paths: 1700, seed: 123, blockSize: 256 };

/**
 * The first step at which one path is not finite: the path run alone (same seed) without the
 * finiteness check, saved at every step.
 */
function firstNonFinite(
  problem: SdeProblem,
  run: { dt: number; t1: number; firstPath: number; seed: number },
): number {
  const grid = Array.from({ length: Math.round(run.t1 / run.dt) + 1 }, (_, k) => k * run.dt);
  const free = solveSync(problem, {
    ...run,
    scheme: eulerMaruyama,
    paths: 1,
    checkFinite: false,
    observers: { s: saveAt(grid) },
  });
  return Array.from(free.observers.s.values as Float64Array).findIndex((v) => !Number.isFinite(v));
}

describe("reproducibility", () => {
  it("is bit-identical for 1 batch, 7 per batch and 256 per batch", () => {
    const r1 = solveSync(problem, { ...base, batchSize: 1, observers: observers() });
    const r7 = solveSync(problem, { ...base, batchSize: 7, observers: observers() });
    const r256 = solveSync(problem, { ...base, batchSize: 256, observers: observers() });
    expect(same(r1.observers, r7.observers)).toBe(true);
    expect(same(r1.observers, r256.observers)).toBe(true);
    // the comparison can fail: another seed changes the numbers
    const other = solveSync(problem, { ...base, seed: 124, observers: observers() });
    expect(same(r1.observers, other.observers)).toBe(false);
    // the observers saw something: paths exited, moments are finite
    expect(r1.observers.fp.exited).toBeGreaterThan(0);
    expect(r1.observers.s.paths).toEqual([0, 5, 999, 1500]);
  });

  it("runs in flight at the same time (interleaved on one thread) give their sequential numbers", async () => {
    // Runs reuse the engine's normal buffers once finished; two concurrent ones must never share.
    // `a` is long enough (~0.1 s) to pause for the event loop (every 25 ms) while `b` runs, and its
    // batches span 16 chunks, so a pause almost always falls mid-batch, where its generator states
    // must survive `b`.
    const optsA = { ...base, t1: 20, paths: 600, observers: observers() };
    const optsB = { ...base, seed: 9, paths: 300, batchSize: 32, observers: observers() };
    const a = solveSync(problem, optsA);
    const b = solveSync(problem, optsB);
    const events: string[] = []; // "a"/"b" for a report mid-run, "A"/"B" for the final one
    const track = (name: string) => (f: number) => events.push(f < 1 ? name : name.toUpperCase());
    const [ca, cb] = await Promise.all([
      solve(problem, { ...optsA, observers: observers(), onProgress: track("a") }),
      solve(problem, { ...optsB, observers: observers(), onProgress: track("b") }),
    ]);
    // one ran (at least partly) between a mid-run report of the other and its end
    const inside = (x: string, y: string) => {
      const from = events.indexOf(x);
      const to = events.indexOf(x.toUpperCase());
      return from >= 0 && events.slice(from, to).some((e) => e.toLowerCase() === y);
    };
    expect(inside("a", "b") || inside("b", "a"), events.join("")).toBe(true);
    expect(same(ca.observers, a.observers)).toBe(true);
    expect(same(cb.observers, b.observers)).toBe(true);
  });

  it("a single-path run (firstPath: i) reproduces path i of the ensemble", async () => {
    const all = solveSync(problem, { ...base, observers: { s: saveAt([0, 1, 2], { paths: [999] }) } });
    const one = await solve(problem, {
      ...base,
      paths: 1,
      firstPath: 999,
      observers: { s: saveAt([0, 1, 2]) },
    });
    expect(one.observers.s.paths).toEqual([999]);
    expect(same(one.observers.s.values, all.observers.s.values)).toBe(true);
  });

  it("shards 0 and 1 of 2 merge (through JSON) into exactly the whole run", async () => {
    const whole = await solve(problem, { ...base, observers: observers() });
    const s0 = await solve(problem, { ...base, shard: { index: 0, count: 2 }, observers: observers() });
    const s1 = await solve(problem, { ...base, shard: { index: 1, count: 2 }, observers: observers() });
    expect(s0.complete).toBe(false);
    const j1 = SolveResult.fromJSON(JSON.parse(JSON.stringify(s1.toJSON())), observers());
    const merged = j1.merge(s0); // order of merging does not matter either
    expect(merged.complete).toBe(true);
    expect(same(merged.observers, whole.observers)).toBe(true);
    expect(() => merged.merge(s0)).toThrow(InvalidArgumentError); // overlapping ranges
  });

  it("1 worker and 2 workers give the main thread's numbers bit for bit", async () => {
    const ref = { module: fixture, export: "rotatingOu", args: { omega: 0.7 } };
    const opts: SolveOptions = {
      ...base,
      paths: 1300,
      observers: {
        m: moments({ times: [1, 2] }),
        h: histogram2d({ xmin: -2, xmax: 2, xbins: 6, ymin: -2, ymax: 2, ybins: 6, burnIn: 0.5 }),
      },
    };
    const main = await solve(ref, opts);
    const w1 = await solve(ref, { ...opts, workers: 1 });
    const fractions: number[] = [];
    const w2 = await solve(ref, { ...opts, workers: 2, batchSize: 7, onProgress: (f) => fractions.push(f) });
    expect(same(main.observers, w1.observers)).toBe(true);
    expect(same(main.observers, w2.observers)).toBe(true);
    // observers from the factory (timeAverage, firstPassage) ran in the workers too
    expect(w2.observers.L.count).toBe(1300);
    expect(fractions[fractions.length - 1]).toBe(1);
  });
});

describe("bad input", () => {
  it("rejects dt ≤ 0, a non-integer step count and mismatched dimensions", () => {
    expect(() => solveSync(problem, { ...base, dt: 0 })).toThrow(InvalidArgumentError);
    expect(() => solveSync(problem, { ...base, dt: -0.1 })).toThrow(/dt/);
    expect(() => solveSync(problem, { ...base, dt: 0.3 })).toThrow(/integer number of steps/);
    // Infinity steps used to pass the whole-number test (∞ − ∞ is NaN) and loop forever
    expect(() => solveSync(problem, { ...base, t1: 1e300, dt: 1e-300 })).toThrow(/^dt: .*more than 2\^53/);
    expect(() =>
      sdeProblem({ dim: 2, noise: "additive", diffusion: [1, 2, 3], x0: [0, 0], drift: () => {} }),
    ).toThrow(/diffusion/);
    expect(() => sdeProblem({ dim: 2, noise: "additive", diffusion: 1, x0: [0], drift: () => {} })).toThrow(
      /x0/,
    );
    expect(() => solveSync(problem, { ...base, observers: { m: moments({ times: [3] }) } })).toThrow(
      /moments.times/,
    );
  });

  it("a scheme refuses noise kinds and calculi it does not support, naming both", () => {
    expect(() => solveSync(problem, { ...base, scheme: milstein() })).toThrow(
      /milstein does not support general noise/,
    );
    expect(() => solveSync(problem, { ...base, scheme: sra1 })).toThrow(
      /sra1 does not support general noise/,
    );
    const strat = sdeProblem({
      dim: 1,
      noise: "diagonal",
      calculus: "stratonovich",
      x0: [1],
      drift: () => {},
      diffusion: () => {},
    });
    expect(() => solveSync(strat, { ...base, scheme: eulerMaruyama })).toThrow(/eulerMaruyama solves ito/);
    expect(() => solveSync(problem, { ...base, scheme: heun })).toThrow(/stratonovich/);
  });

  it("NaN/Inf in a state names the path, step and time", () => {
    const blowUp = sdeProblem({
      dim: 1,
      noise: "additive",
      diffusion: 0.1,
      x0: (path, out) => {
        out[0] = path === 3 ? 2 : 0.1;
      },
      drift: (_t, x, out, n) => {
        for (let k = 0; k < n; k++) out[k] = x[k] * x[k] * x[k] * 10;
      },
    });
    const err = thrown(() =>
      solveSync(blowUp, { scheme: eulerMaruyama, dt: 0.1, t1: 10, paths: 8, seed: 1 }),
    );
    expect(err).toBeInstanceOf(DivergenceError);
    const ctx = (err as DivergenceError).context as { path: number; step: number; time: number };
    expect(ctx.path).toBe(3);
    expect(ctx.time).toBeAllclose(ctx.step * 0.1, { rtol: 1e-12 }); // t = step·dt up to round-off
    expect((err as Error).message).toMatch(/path 3 diverged at step \d+ \(t = /);
    // the named step is the first non-finite one: the same path without the check, saved at every step
    expect(ctx.step).toBe(firstNonFinite(blowUp, { dt: 0.1, t1: 10, firstPath: 3, seed: 1 }));
  });

  it("names the exact step of a divergence after absorbed paths were compacted away", () => {
    // paths ≠ 5 start in the exit region (absorbed at t0); path 5 follows dx = x³ dt + noise from
    // 0.5 and blows up near t = 1/(2·0.5²) = 2, i.e. some 200 steps later, in the compacted phase.
    const late = sdeProblem({
      dim: 1,
      noise: "additive",
      diffusion: 0.01,
      x0: (path, out) => {
        out[0] = path === 5 ? 0.5 : -1;
      },
      drift: (_t, x, out, n) => {
        for (let k = 0; k < n; k++) out[k] = x[k] > 0 ? x[k] * x[k] * x[k] : 0;
      },
    });
    const err = thrown(() =>
      solveSync(late, {
        scheme: eulerMaruyama,
        dt: 0.01,
        t1: 10,
        paths: 8,
        seed: 4,
        observers: { fp: firstPassage((_t, x) => x[0] < -0.5) },
      }),
    );
    expect(err).toBeInstanceOf(DivergenceError);
    const ctx = (err as DivergenceError).context as { path: number; step: number };
    expect(ctx.path).toBe(5);
    const firstBad = firstNonFinite(late, { dt: 0.01, t1: 10, firstPath: 5, seed: 4 });
    expect(firstBad).toBeGreaterThan(64); // after the first chunk, i.e. after compaction
    expect(ctx.step).toBe(firstBad);
  });

  it("an indefinite diffusion matrix throws NotPositiveDefiniteError with the point", () => {
    const bad = fromPotential({
      dim: 2,
      temperature: 1,
      x0: [0.5, 0.5],
      gradient: (x, g) => {
        g[0] = x[0];
        g[1] = x[1];
      },
      diffusionMatrix: (x, out) => {
        out[0] = 1;
        out[1] = 2;
        out[2] = 2;
        out[3] = 1; // eigenvalues 3 and −1
        void x;
      },
    });
    const err = thrown(() => solveSync(bad, { scheme: eulerMaruyama, dt: 0.1, t1: 1, paths: 2, seed: 1 }));
    expect(err).toBeInstanceOf(NotPositiveDefiniteError);
    expect(Array.from((err as NotPositiveDefiniteError).point ?? [])).toEqual([0.5, 0.5]);
    expect((err as Error).message).toMatch(/x = \[0.5, 0.5\]/);
  });

  it("a divergence inside a worker thread reaches the caller as DivergenceError with its context", async () => {
    const run = solve(
      { module: fixture, export: "blowUp" },
      { scheme: eulerMaruyama, dt: 0.1, t1: 5, paths: 600, seed: 1, blockSize: 256, workers: 2 },
    );
    await expect(run).rejects.toBeInstanceOf(DivergenceError);
    await expect(run).rejects.toThrow(/path 5 diverged at step/);
  });

  it("workers need a ProblemRef and data-only observers", async () => {
    await expect(solve(problem, { ...base, workers: 2 })).rejects.toThrow(/ProblemRef/);
    const ref = { module: fixture, export: "rotatingOu" };
    await expect(
      solve(ref, { ...base, workers: 2, observers: { t: timeAverage((_t, x) => x[0]) } }),
    ).rejects.toThrow(/cannot be sent to workers/);
  });

  it("an AbortSignal stops a run with AbortError", async () => {
    const controller = new AbortController();
    const run = solve(problem, {
      ...base,
      t1: 200,
      paths: 5000,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(run).rejects.toBeInstanceOf(AbortError);
  });

  it("an AbortSignal terminates worker threads with AbortError", async () => {
    const controller = new AbortController();
    const run = solve(
      { module: fixture, export: "rotatingOu" },
      { ...base, t1: 400, paths: 4000, workers: 2, signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 300);
    await expect(run).rejects.toBeInstanceOf(AbortError);
  });
});
