import { InvalidArgumentError } from "@langevin/core/base";
import { describe, expect, it } from "vitest";
import { ensembleObservers, rotatingGeneralOu, same } from "../test/helpers.js";
import { createIntegrator } from "./integrator.js";
import { firstPassage } from "./observers/first-passage.js";
import { moments } from "./observers/moments.js";
import { saveAt } from "./observers/save-at.js";
import { baoab } from "./schemes/baoab.js";
import { eulerMaruyama } from "./schemes/euler-maruyama.js";
import { solveSync } from "./solve.js";
import { underdamped } from "./underdamped.js";

// General (state-dependent) noise, so the generic arithmetic path runs; paths start apart.
const problem = rotatingGeneralOu();

const allObservers = () => ({ ...ensembleObservers([0, 5, 333, 650]), end: saveAt([2]) });

// several blocks (blockSize 256), several batches per block (batchSize 100), a short last batch
const base = {
  scheme: eulerMaruyama,
  dt: 0.02,
  t1: 2,
  paths: 700,
  seed: 123,
  blockSize: 256,
  batchSize: 100,
};

// Calls of uneven lengths, crossing the engine's 64-step chunks, up to `steps`.
function runInPieces(it: { step(k: number): unknown; done: boolean }, pieces: number[]): void {
  for (const k of pieces) it.step(k);
  while (!it.done) it.step(13);
}

describe("createIntegrator", () => {
  it("advanced in pieces, ends bit for bit where one solve ends (state and every observer)", () => {
    const whole = solveSync(problem, { ...base, observers: allObservers() });
    const it = createIntegrator(problem, { ...base, observers: allObservers() });
    expect(it.steps).toBe(100);
    runInPieces(it, [1, 7, 64, 3]);
    expect(it.time).toBe(2);
    // exact equality is the claim: the same per-path arithmetic and the same reduction order
    expect(same(it.result().observers, whole.observers)).toBe(true);
    expect(same(it.state, whole.observers.end.values)).toBe(true);
    expect(same(it.result().toJSON(), whole.toJSON())).toBe(true);
  });

  it("the state between calls is the state solve reaches at that time", () => {
    const it = createIntegrator(problem, { ...base, observers: {} });
    it.step(37);
    const at = solveSync(problem, { ...base, t1: 37 * base.dt, observers: { x: saveAt([37 * base.dt]) } });
    expect(it.stepsDone).toBe(37);
    expect(same(it.state, at.observers.x.values)).toBe(true);
    // the snapshot of observers at this point reports the times reached so far
    const mid = createIntegrator(problem, { ...base, observers: { s: saveAt([0, 1, 2], { paths: 3 }) } });
    mid.step(50);
    const snap = mid.result().observers.s;
    const full = solveSync(problem, { ...base, observers: { s: saveAt([0, 1, 2], { paths: 3 }) } }).observers
      .s;
    for (let p = 0; p < 3; p++)
      for (let s = 0; s < 2; s++)
        for (let i = 0; i < 2; i++)
          expect(snap.values[(p * 3 + s) * 2 + i]).toBe(full.values[(p * 3 + s) * 2 + i]);
  });

  it("absorbing observers (compaction, early stop) and shards agree with solve bit for bit", () => {
    const obs = () => ({
      fp: firstPassage((_t, x) => x[0] * x[0] + x[1] * x[1] > 1.5),
      m: moments({ times: [1, 2] }),
    });
    for (const shard of [undefined, { index: 1, count: 2 }]) {
      const whole = solveSync(problem, { ...base, shard, observers: obs() });
      const it = createIntegrator(problem, { ...base, shard, observers: obs() });
      runInPieces(it, [5, 70]);
      expect(same(it.result().toJSON(), whole.toJSON())).toBe(true);
      expect(it.result().observers.fp.exited).toBeGreaterThan(0); // the absorbing branch did run
    }
  });

  it("schemes with caches (baoab's forces) stay bit-identical across calls", () => {
    const osc = underdamped({
      dim: 2,
      friction: 0.7,
      temperature: 0.5,
      q0: [1, 0],
      gradient: (q, g) => {
        g[0] = q[0] ** 3 - q[0];
        g[1] = 2 * q[1];
      },
    });
    const o = { scheme: baoab, dt: 0.05, t1: 5, paths: 300, seed: 9, batchSize: 64 };
    const whole = solveSync(osc, { ...o, observers: { end: saveAt([5]), m: moments() } });
    const it = createIntegrator(osc, { ...o, observers: { end: saveAt([5]), m: moments() } });
    runInPieces(it, [2, 9]);
    expect(same(it.result().observers, whole.observers)).toBe(true);
  });

  it("refuses workers and step counts that are not integers >= 0", () => {
    expect(() => createIntegrator(problem, { ...base, workers: 2 } as never)).toThrow(InvalidArgumentError);
    const it = createIntegrator(problem, { ...base, observers: {} });
    expect(() => it.step(-1)).toThrow(InvalidArgumentError);
    expect(() => it.step(1.5)).toThrow(InvalidArgumentError);
    it.step(1000); // clipped to the steps left
    expect(it.done).toBe(true);
  });
});
