import {
  createNormalBuffers,
  DivergenceError,
  fillNormalFromState,
  type NormalBuffers,
  type SeedLike,
} from "@langevin/core/base";
import type { BoundObserver } from "./observers/types.js";
import type { SdeProblem } from "./problem.js";
import type { ReductionTree } from "./reduction.js";
import { checkScheme, type Scheme } from "./schemes/types.js";

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
 * @example
 * const bank = createStreamBank(1, 0, 4); // paths 0..3
 * const z = new Float64Array(4 * 2);
 * fillBatchNormals(bank.states, 4, 2, z); // two normals per path
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
  // a batch never exceeds the paths there are (results do not depend on the batch size)
  const B = Math.max(1, Math.min(cfg.batchSize, blockSize, end - start));
  const c = scheme.normalsPerStep(problem);
  const stepper = scheme.init(problem, B);
  const strided = stepper.strided === true;
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
  // steps per chunk: up to 64, with the chunk's normals (B·c·chunk doubles) kept near 512 KiB
  const chunk = Math.max(1, Math.min(64, Math.floor(65536 / (B * c))));
  // Generator states (streams 0..B-1: the batch's paths; B..2B-1: the compacted live paths) and
  // the chunk's normals share core's NormalBuffers, whose WebAssembly kernel fills them in place.
  const buffers = takeBuffers(absorbing ? 2 * B : B, B * c * chunk);
  const rng = buffers.states.subarray(0, 4 * B);
  const rc = buffers.states.subarray(4 * B);
  const map = new Int32Array(B);
  const zbuf = buffers.out;
  // The hot loop lives in a plain closure: locals of a generator are boxed across yields.
  const advance = (
    batch: { n: number; first: number; nAlive: number; nw: number },
    from: number,
    to: number,
  ): boolean => {
    const { n, first } = batch;
    const nd = n * d;
    // Normals for the whole chunk, one long call per path (stream order is unchanged: step by
    // step, c normals each), then gathered per step into z[k*c + j].
    const nw0 = batch.nw;
    const L = to - from + 1;
    const cl = c * L;
    const streams = nw0 === n ? 0 : B;
    for (let j = 0; j < nw0; j++) buffers.fill(streams + j, j * cl, cl);
    if (checkFinite) {
      for (let j = 0; j < nd; j++) xSave[j] = x[j];
      if (nw0 < n) for (let j = 0; j < nw0 * d; j++) xcSave[j] = xc[j];
      for (let k = 0; k < n; k++) aliveSave[k] = alive[k];
    }
    for (let step = from; step <= to; step++) {
      const t = t0 + (step - 1) * dt;
      const tk = t0 + step * dt;
      const so = (step - from) * c;
      if (!strided) {
        if (c === 1) {
          for (let j = 0; j < nw0; j++) z[j] = zbuf[j * cl + so];
        } else if (c === 2) {
          for (let j = 0; j < nw0; j++) {
            z[2 * j] = zbuf[j * cl + so];
            z[2 * j + 1] = zbuf[j * cl + so + 1];
          }
        } else {
          for (let j = 0; j < nw0; j++) for (let i = 0; i < c; i++) z[j * c + i] = zbuf[j * cl + so + i];
        }
      }
      if (needPrev) for (let j = 0; j < nd; j++) xPrev[j] = x[j];
      if (nw0 === n) {
        if (strided) stepper.step(t, dt, x, zbuf, n, cl, so);
        else stepper.step(t, dt, x, z, n);
        if (batch.nAlive < n) {
          for (let k = 0; k < n; k++)
            if (alive[k] === 0) for (let i = 0; i < d; i++) x[k * d + i] = xPrev[k * d + i];
        }
      } else {
        if (strided) stepper.step(t, dt, xc, zbuf, nw0, cl, so);
        else stepper.step(t, dt, xc, z, nw0);
        for (let j = 0; j < nw0; j++) {
          const k = map[j];
          for (let i = 0; i < d; i++) x[k * d + i] = xc[j * d + i];
        }
      }
      for (let q = 0; q < nObs; q++) {
        const i = stepsObs[q];
        observers[i].step!(blockStates[i], step, tk, x, xPrev, n, first, alive);
      }
      if (absorbing) {
        let a = 0;
        for (let k = 0; k < n; k++) a += alive[k];
        batch.nAlive = a;
        if (a === 0 && onlyAbsorbingStep) {
          if (checkFinite) checkChunk(batch, from, step, to);
          return true;
        }
      }
    }
    if (checkFinite) checkChunk(batch, from, to, to);
    // compaction only between chunks, where every live stream sits at a step boundary
    if (absorbing && batch.nAlive > 0 && 2 * batch.nAlive <= batch.nw) compact(batch, t0 + to * dt);
    return false;
  };
  // Divergence: one pass per chunk over the states; when a chunk ends non-finite, it is replayed
  // from a copy taken at its start (same normals, per-step checks) to name the first bad step.
  const xSave = new Float64Array(checkFinite ? B * d : 0);
  const xcSave = new Float64Array(checkFinite && absorbing ? B * d : 0);
  const aliveSave = new Uint8Array(checkFinite ? B : 0);
  const checkChunk = (
    batch: { n: number; first: number; nw: number },
    from: number,
    to: number,
    chunkTo: number,
  ) => {
    const { n, first, nw } = batch;
    const nd = n * d;
    let s = 0;
    for (let j = 0; j < nd; j++) s += x[j] - x[j];
    if (s === 0) return;
    // replay the chunk with a check after every step (zbuf rows hold the whole chunk: from..chunkTo)
    const cl = c * (chunkTo - from + 1);
    for (let j = 0; j < nd; j++) x[j] = xSave[j];
    if (nw < n) for (let j = 0; j < nw * d; j++) xc[j] = xcSave[j];
    const xw = nw < n ? xc : x;
    stepper.begin?.(t0 + (from - 1) * dt, xw, nw);
    for (let step = from; step <= to; step++) {
      const so = (step - from) * c;
      for (let j = 0; j < nw; j++) for (let i = 0; i < c; i++) z[j * c + i] = zbuf[j * cl + so + i];
      stepper.step(t0 + (step - 1) * dt, dt, xw, z, nw);
      if (nw < n) {
        for (let j = 0; j < nw; j++) {
          const k = map[j];
          if (aliveSave[k] === 0) continue;
          for (let i = 0; i < d; i++) x[k * d + i] = xc[j * d + i];
        }
      }
      reportDivergence(x, n, d, first, step, t0 + step * dt, aliveSave);
    }
    reportDivergence(x, n, d, first, to, t0 + to * dt, alive);
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
  let blockStates: unknown[] = [];
  let done = 0;
  try {
    yield* blocks();
  } finally {
    giveBack(buffers);
  }
  function* blocks(): Generator<number, void, void> {
    for (let block = Math.floor(start / blockSize); block * blockSize < end; block++) {
      const bStart = Math.max(start, block * blockSize);
      const bEnd = Math.min(end, (block + 1) * blockSize);
      blockStates = observers.map((o) => o.create());
      for (let first = bStart; first < bEnd; first += B) {
        const n = Math.min(B, bEnd - first);
        buffers.seed(seed, first, 0, n);
        for (let k = 0; k < n; k++) problem.initial(first + k, x, k * d);
        alive.fill(1, 0, n);
        stepper.begin?.(t0, x, n);
        for (const i of begins) observers[i].begin!(blockStates[i], t0, x, n, first, alive);
        const batch = { n, first, nAlive: n, nw: n };
        for (let from = 1; from <= steps; from += chunk) {
          const to = Math.min(steps, from + chunk - 1);
          if (advance(batch, from, to)) break;
          if (to < steps) yield done + (n * to) / steps;
        }
        for (const i of ends) observers[i].end!(blockStates[i], t0 + steps * dt, x, n, first, alive);
        done += n;
        yield done;
      }
      for (let i = 0; i < observers.length; i++) trees[i].insert(0, block, blockStates[i]);
    }
  }
}

// Creating NormalBuffers costs ~0.15 ms (a WebAssembly memory and instance), as much as a whole
// small solve: runs hand theirs back when they end and the next run on this thread takes it if it
// is large enough. Only a finished (or closed) run gives its buffers back, so two runs in flight
// at once never share one.
let spare: NormalBuffers | undefined;

function takeBuffers(streams: number, normals: number): NormalBuffers {
  const b = spare;
  if (b !== undefined && b.streams >= streams && b.out.length >= normals) {
    spare = undefined;
    return b;
  }
  return createNormalBuffers(streams, normals);
}

function giveBack(b: NormalBuffers): void {
  const bytes = (x: NormalBuffers) => 4 * x.states.length + 8 * x.out.length;
  if (spare === undefined || bytes(b) >= bytes(spare)) spare = b;
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
