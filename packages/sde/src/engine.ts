import { createStreamBank, DivergenceError, fillNormalFromState, type SeedLike } from "@langevin/core";
import type { BoundObserver } from "./observers/types.js";
import type { SdeProblem } from "./problem.js";
import type { ReductionTree } from "./reduction.js";
import { checkScheme, type Scheme } from "./schemes/types.js";

/** Steps between two yields of the generator (pause points for progress and abort). */
const CHUNK = 64;

/** Everything a range of paths needs to run (the same on the main thread and in workers). */
export interface EngineConfig {
  problem: SdeProblem;
  scheme: Scheme;
  seed: SeedLike;
  t0: number;
  dt: number;
  steps: number;
  batchSize: number;
  blockSize: number;
  checkFinite: boolean;
}

/**
 * Fills z[k*c .. k*c+c) with the next c standard normals of local stream k, for k < n: path k of
 * the batch draws only from its own stream, so its noise is a function of (seed, path, step) alone.
 */
export function fillBatchNormals(states: Int32Array, n: number, c: number, z: Float64Array): void {
  for (let k = 0; k < n; k++) fillNormalFromState(states, 4 * k, z, k * c, c);
}

/**
 * Runs global paths [start, end) in batches that never straddle a reduction block, feeding the
 * observers and inserting one state per block into each observer's tree. A generator: it yields
 * (the number of paths completed, fractional) every 64 steps so that a driver can pause, report
 * progress and honour an AbortSignal; a synchronous driver just exhausts it.
 */
export function* runRange(
  cfg: EngineConfig,
  observers: BoundObserver[],
  trees: ReductionTree<unknown>[],
  start: number,
  end: number,
): Generator<number, void, void> {
  const { problem, scheme, seed, t0, dt, steps, blockSize, checkFinite } = cfg;
  checkScheme(scheme, problem);
  const d = problem.dim;
  const B = Math.max(1, Math.min(cfg.batchSize, blockSize));
  const c = scheme.normalsPerStep(problem);
  const stepper = scheme.init(problem, B);
  const x = new Float64Array(B * d);
  const order = observers
    .map((_, i) => i)
    .sort((a, b) => (observers[b].absorbing ? 1 : 0) - (observers[a].absorbing ? 1 : 0));
  const absorbing = observers.some((o) => o.absorbing);
  const needPrev = absorbing || observers.some((o) => o.needsPrevious);
  const xPrev = new Float64Array(needPrev ? B * d : 0);
  const z = new Float64Array(B * c);
  const alive = new Uint8Array(B);
  const onlyAbsorbingStep = observers.every((o) => o.absorbing || !o.step);
  const begins = order.filter((i) => observers[i].begin);
  const stepsObs = order.filter((i) => observers[i].step);
  const ends = order.filter((i) => observers[i].end);
  const nObs = stepsObs.length;
  // Compaction for absorbing runs: once half the paths of a batch have been absorbed, the live
  // ones (state and RNG state) are gathered into `xc`/`rc` and only they are stepped; every step
  // scatters them back into `x`, which the observers see. Per-path arithmetic is unchanged, so
  // results stay bit-identical; a batch then costs about the sum, not n × the max, of its exit times.
  const xc = new Float64Array(absorbing ? B * d : 0);
  const rc = new Int32Array(absorbing ? 4 * B : 0);
  const map = new Int32Array(B);
  // The hot loop lives in a plain closure: locals of a generator are boxed across yields.
  const advance = (
    batch: { n: number; first: number; nAlive: number; nw: number },
    from: number,
    to: number,
  ): boolean => {
    const { n, first } = batch;
    const nd = n * d;
    for (let step = from; step <= to; step++) {
      const t = t0 + (step - 1) * dt;
      const tk = t0 + step * dt;
      if (needPrev) for (let j = 0; j < nd; j++) xPrev[j] = x[j];
      const nw = batch.nw;
      if (nw === n) {
        fillBatchNormals(rng, n, c, z);
        stepper.step(t, dt, x, z, n);
        if (batch.nAlive < n) {
          for (let k = 0; k < n; k++)
            if (alive[k] === 0) for (let i = 0; i < d; i++) x[k * d + i] = xPrev[k * d + i];
        }
      } else {
        fillBatchNormals(rc, nw, c, z);
        stepper.step(t, dt, xc, z, nw);
        for (let j = 0; j < nw; j++) {
          const k = map[j];
          for (let i = 0; i < d; i++) x[k * d + i] = xc[j * d + i];
        }
      }
      if (checkFinite) {
        let s = 0;
        for (let j = 0; j < nd; j++) s += x[j] - x[j];
        if (s !== 0) reportDivergence(x, n, d, first, step, tk, alive);
      }
      for (let q = 0; q < nObs; q++) {
        const i = stepsObs[q];
        observers[i].step!(states[i], step, tk, x, xPrev, n, first, alive);
      }
      if (absorbing) {
        let a = 0;
        for (let k = 0; k < n; k++) a += alive[k];
        batch.nAlive = a;
        if (a === 0 && onlyAbsorbingStep) return true;
        if (a > 0 && 2 * a <= batch.nw) compact(batch, tk);
      }
    }
    return false;
  };
  const compact = (batch: { n: number; nw: number }, t: number) => {
    let j = 0;
    if (batch.nw === batch.n) {
      for (let k = 0; k < batch.n; k++) {
        if (alive[k] === 0) continue;
        map[j] = k;
        for (let i = 0; i < d; i++) xc[j * d + i] = x[k * d + i];
        for (let i = 0; i < 4; i++) rc[4 * j + i] = rng[4 * k + i];
        j++;
      }
    } else {
      for (let w = 0; w < batch.nw; w++) {
        const k = map[w];
        if (alive[k] === 0) continue;
        map[j] = k;
        for (let i = 0; i < d; i++) xc[j * d + i] = xc[w * d + i];
        for (let i = 0; i < 4; i++) rc[4 * j + i] = rc[4 * w + i];
        j++;
      }
    }
    batch.nw = j;
    // caches (e.g. BAOAB's forces) follow the new layout; recomputed from the same states
    stepper.begin?.(t, xc, j);
  };
  let rng: Int32Array = new Int32Array(0);
  let states: unknown[] = [];
  let done = 0;
  for (let block = Math.floor(start / blockSize); block * blockSize < end; block++) {
    const bStart = Math.max(start, block * blockSize);
    const bEnd = Math.min(end, (block + 1) * blockSize);
    states = observers.map((o) => o.create());
    for (let first = bStart; first < bEnd; first += B) {
      const n = Math.min(B, bEnd - first);
      const bank = createStreamBank(seed, first, n);
      rng = bank.states;
      for (let k = 0; k < n; k++) problem.initial(first + k, x, k * d);
      alive.fill(1, 0, n);
      stepper.begin?.(t0, x, n);
      for (const i of begins) observers[i].begin!(states[i], t0, x, n, first, alive);
      const batch = { n, first, nAlive: n, nw: n };
      for (let from = 1; from <= steps; from += CHUNK) {
        const to = Math.min(steps, from + CHUNK - 1);
        if (advance(batch, from, to)) break;
        if (to < steps) yield done + (n * to) / steps;
      }
      for (const i of ends) observers[i].end!(states[i], t0 + steps * dt, x, n, first, alive);
      done += n;
      yield done;
    }
    for (let i = 0; i < observers.length; i++) trees[i].insert(0, block, states[i]);
  }
}

function reportDivergence(
  x: Float64Array,
  n: number,
  d: number,
  first: number,
  step: number,
  time: number,
  alive: Uint8Array,
): void {
  for (let k = 0; k < n; k++) {
    if (alive[k] === 0) continue;
    for (let i = 0; i < d; i++) {
      const v = x[k * d + i];
      if (!Number.isFinite(v)) {
        throw new DivergenceError(
          `path ${first + k} diverged at step ${step} (t = ${time}): component ${i} is ${v}`,
          { path: first + k, step, time, component: i, value: v },
        );
      }
    }
  }
}
