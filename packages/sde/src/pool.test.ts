import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AbortError, DivergenceError, InvalidArgumentError } from "@langevin/core/base";
import { describe, expect, it } from "vitest";
import { same } from "../test/helpers.js";
import { histogram2d } from "./observers/histogram.js";
import { moments } from "./observers/moments.js";
import { createWorkerPool } from "./pool.js";
import { eulerMaruyama } from "./schemes/euler-maruyama.js";
import { type SolveOptions, solve } from "./solve.js";

const fixture = new URL("../test/fixtures/problems.mjs", import.meta.url).href;
const ref = { module: fixture, export: "rotatingOu", args: { omega: 0.7 } };
const opts = (): SolveOptions => ({
  scheme: eulerMaruyama,
  dt: 0.02,
  t1: 2,
  paths: 1300,
  seed: 123,
  blockSize: 256,
  observers: {
    m: moments({ times: [1, 2] }),
    h: histogram2d({ xmin: -2, xmax: 2, xbins: 6, ymin: -2, ymax: 2, ybins: 6, burnIn: 0.5 }),
  },
});

describe("createWorkerPool", () => {
  it("reused across solves (one after the other and at once) gives a fresh run's numbers bit for bit", async () => {
    const fresh = await solve(ref, { ...opts(), workers: 2 });
    const main = await solve(ref, opts());
    const pool = createWorkerPool(2);
    try {
      const a = await solve(ref, { ...opts(), workers: pool });
      const b = await solve(ref, { ...opts(), workers: pool, batchSize: 7 });
      // two solves sharing the pool concurrently: their parts queue for the two threads
      const [c, d] = await Promise.all([
        solve(ref, { ...opts(), workers: pool }),
        solve(ref, { ...opts(), workers: pool, seed: 124 }),
      ]);
      const other = await solve(ref, { ...opts(), seed: 124 });
      expect(same(fresh.observers, main.observers)).toBe(true);
      for (const r of [a, b, c]) expect(same(r.observers, fresh.observers)).toBe(true);
      expect(same(d.observers, other.observers)).toBe(true);
      expect(same(d.observers, fresh.observers)).toBe(false); // the comparison can fail
      // observers from the factory ran in the pooled workers, rebuilt for every solve
      expect(a.observers.L.count).toBe(1300);
      expect(b.observers.L.count).toBe(1300);
    } finally {
      await pool.close();
    }
  });

  it("close() ends the threads; a closed pool refuses solves; closing twice is harmless", async () => {
    const pool = createWorkerPool(1);
    await solve(ref, { ...opts(), workers: pool });
    await pool.close();
    expect(pool.closed).toBe(true);
    await expect(solve(ref, { ...opts(), workers: pool })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(solve(ref, { ...opts(), workers: pool })).rejects.toThrow(/pool is closed/);
    await pool.close();
    expect(() => createWorkerPool(0)).toThrow(InvalidArgumentError);
  });

  it("an abort stops a pooled solve with AbortError and leaves the pool usable", async () => {
    const pool = createWorkerPool(2);
    try {
      const controller = new AbortController();
      const run = solve(ref, {
        ...opts(),
        t1: 400,
        paths: 4000,
        workers: pool,
        signal: controller.signal,
        onProgress: () => controller.abort(), // at the first progress report from a worker
      });
      await expect(run).rejects.toBeInstanceOf(AbortError);
      const after = await solve(ref, { ...opts(), workers: pool });
      const fresh = await solve(ref, opts());
      expect(same(after.observers, fresh.observers)).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it("a divergence in a pooled worker reaches the caller with its context; the pool stays usable", async () => {
    const pool = createWorkerPool(2);
    try {
      const run = solve(
        { module: fixture, export: "blowUp" },
        { scheme: eulerMaruyama, dt: 0.1, t1: 5, paths: 600, seed: 1, blockSize: 256, workers: pool },
      );
      await expect(run).rejects.toBeInstanceOf(DivergenceError);
      await expect(run).rejects.toThrow(/path 5 diverged at step/);
      const err = (await run.catch((e: unknown) => e)) as DivergenceError;
      expect(err.context.path).toBe(5);
      const after = await solve(ref, { ...opts(), workers: pool });
      expect(after.observers.L.count).toBe(1300);
    } finally {
      await pool.close();
    }
  });

  it.each([
    ["an idle pool that is never closed", "createWorkerPool(2)", 600],
    ["the shared pool behind `workers: 2`", "2", 600],
    // one block, so one part: the second thread never gets a job and must not hold the process
    ["a pool with a thread that never got a job", "2", 100],
  ])("%s does not keep the process alive", (_, workers, paths) => {
    const dist = new URL("../dist/index.js", import.meta.url).href;
    const script = `
      import { createWorkerPool, eulerMaruyama, moments, solve } from ${JSON.stringify(dist)};
      const pool = ${workers};
      const r = await solve(${JSON.stringify(ref)}, { scheme: eulerMaruyama, dt: 0.02, t1: 1, paths: ${paths},
        seed: 1, blockSize: 256, workers: pool, observers: { m: moments() } });
      console.log("count", r.observers.m.count[0]);
    `;
    const dir = mkdtempSync(join(tmpdir(), "sde-pool-"));
    const file = join(dir, "child.mjs");
    writeFileSync(file, script);
    try {
      const started = performance.now();
      // a hang would never end: 20 s is far above the ~1 s this takes, even on a loaded machine
      const out = execFileSync(process.execPath, [file], { timeout: 20_000, encoding: "utf8" });
      expect(out.trim()).toBe(`count ${paths}`);
      expect(performance.now() - started).toBeLessThan(20_000);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
