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
import { checkScheme, type Scheme, type Stepper } from "./schemes/types.js";

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
 * What one lane (a batch of paths) owns across pauses: its states, its stepper (whose caches follow
 * its paths), its bound observers (which keep per-batch scratch) and, once another lane has run in
 * between, a copy of its generator states. `solve` reuses one kit for every batch in turn; an
 * integrator keeps one per batch.
 */
export interface LaneKit {
  x: Float64Array;
  xPrev: Float64Array;
  xc: Float64Array;
  map: Int32Array;
  alive: Uint8Array;
  stepper: Stepper;
  observers: BoundObserver[];
  rng?: Int32Array;
}

/**
 * The per-run constants and the scratch that lanes share on one thread (lanes run one at a time):
 * the noise buffers, the chunk length, the observers' hook order.
 */
export class Engine {
  readonly cfg: EngineConfig;
  readonly d: number;
  /** Batch capacity (results do not depend on it). */
  readonly B: number;
  readonly c: number;
  readonly chunk: number;
  readonly absorbing: boolean;
  readonly needPrev: boolean;
  readonly onlyAbsorbingStep: boolean;
  readonly begins: number[];
  readonly stepsObs: number[];
  readonly ends: number[];
  readonly buffers: NormalBuffers;
  readonly z: Float64Array;
  readonly xSave: Float64Array;
  readonly xcSave: Float64Array;
  readonly aliveSave: Uint8Array;
  /** Number of generator-state words a lane saves when another lane runs in between. */
  readonly rngWords: number;
  /** The lane whose generator states sit in `buffers.states`. */
  owner: Lane | undefined;

  constructor(cfg: EngineConfig, observers: BoundObserver[], B: number) {
    const { problem, scheme, checkFinite } = cfg;
    checkScheme(scheme, problem);
    this.cfg = cfg;
    const d = problem.dim;
    this.d = d;
    this.B = B;
    const c = scheme.normalsPerStep(problem);
    this.c = c;
    const order = observers
      .map((_, i) => i)
      .sort((a, b) => (observers[b].absorbing ? 1 : 0) - (observers[a].absorbing ? 1 : 0));
    this.absorbing = observers.some((o) => o.absorbing);
    this.needPrev = this.absorbing || observers.some((o) => o.needsPrevious);
    this.onlyAbsorbingStep = observers.every((o) => o.absorbing || !o.step);
    this.begins = order.filter((i) => observers[i].begin);
    this.stepsObs = order.filter((i) => observers[i].step);
    this.ends = order.filter((i) => observers[i].end);
    // steps per chunk: up to 64, with the chunk's normals (B·c·chunk doubles) kept near 512 KiB
    this.chunk = Math.max(1, Math.min(64, Math.floor(65536 / (B * c))));
    // Generator states (streams 0..B-1: the batch's paths; B..2B-1: the compacted live paths) and
    // the chunk's normals share core's NormalBuffers, whose WebAssembly kernel fills them in place.
    const streams = this.absorbing ? 2 * B : B;
    this.rngWords = 4 * streams;
    this.buffers = takeBuffers(streams, B * c * this.chunk);
    this.z = new Float64Array(B * c);
    this.xSave = new Float64Array(checkFinite ? B * d : 0);
    this.xcSave = new Float64Array(checkFinite && this.absorbing ? B * d : 0);
    this.aliveSave = new Uint8Array(checkFinite ? B : 0);
  }

  /** A lane kit for up to `n` paths (`x`, when given, becomes the lane's state array). */
  kit(observers: BoundObserver[], n = this.B, x?: Float64Array): LaneKit {
    const { d } = this;
    return {
      x: x ?? new Float64Array(n * d),
      xPrev: new Float64Array(this.needPrev ? n * d : 0),
      xc: new Float64Array(this.absorbing ? n * d : 0),
      map: new Int32Array(n),
      alive: new Uint8Array(n),
      stepper: this.cfg.scheme.init(this.cfg.problem, n),
      observers,
    };
  }

  /** Puts `lane`'s generator states into the shared buffers, saving the previous owner's. */
  own(lane: Lane, fresh: boolean): void {
    const prev = this.owner;
    if (prev === lane) return;
    const st = this.buffers.states;
    const w = this.rngWords;
    if (prev !== undefined && !prev.ended) {
      prev.kit.rng ??= new Int32Array(w);
      prev.kit.rng.set(st.subarray(0, w));
    }
    if (!fresh && lane.kit.rng !== undefined) st.set(lane.kit.rng);
    this.owner = lane;
  }

  /** Hands the noise buffers back for the next run on this thread. */
  close(): void {
    giveBack(this.buffers);
  }
}

/**
 * A batch of `n` paths (global indices first..first+n-1, inside one reduction block) advanced step
 * by step. The arithmetic of a path depends only on (seed, path, step), never on how the steps are
 * cut into calls, so a lane advanced in several calls ends bit for bit where one call ends.
 */
export class Lane {
  readonly engine: Engine;
  readonly kit: LaneKit;
  readonly first: number;
  readonly n: number;
  readonly blockStates: unknown[];
  /** Steps done (1..steps); a lane stopped early by absorption keeps the step it stopped at. */
  step = 0;
  /** Every path was absorbed and nothing observes later steps: the lane does no more work. */
  stopped = false;
  ended = false;
  nAlive: number;
  /** Number of paths actually stepped: n, or the live ones after compaction. */
  nw: number;

  constructor(engine: Engine, kit: LaneKit, first: number, n: number, blockStates: unknown[]) {
    this.engine = engine;
    this.kit = kit;
    this.first = first;
    this.n = n;
    this.blockStates = blockStates;
    this.nAlive = n;
    this.nw = n;
  }

  /** Seeds the lane's streams, writes the initial states and runs the `begin` hooks. */
  start(): void {
    const e = this.engine;
    const { problem, seed, t0 } = e.cfg;
    const { n, first } = this;
    const { x, alive, stepper, observers } = this.kit;
    e.own(this, true);
    e.buffers.seed(seed, first, 0, n);
    const d = e.d;
    for (let k = 0; k < n; k++) problem.initial(first + k, x, k * d);
    alive.fill(1, 0, n);
    stepper.begin?.(t0, x, n);
    for (const i of e.begins) observers[i].begin!(this.blockStates[i], t0, x, n, first, alive);
  }

  /** Advances to step `to` (at most the run's steps) in chunks; returns true once stopped early. */
  advance(to: number): boolean {
    const e = this.engine;
    if (this.stopped || this.step >= to) return this.stopped;
    e.own(this, false);
    while (this.step < to) {
      const from = this.step + 1;
      const end = Math.min(to, from + e.chunk - 1);
      if (this.runChunk(from, end)) {
        this.stopped = true;
        return true;
      }
      this.step = end;
    }
    return false;
  }

  /** Runs the `end` hooks (states at t1, or frozen at absorption). */
  end(): void {
    const e = this.engine;
    const { t0, steps, dt } = e.cfg;
    const { x, alive, observers } = this.kit;
    for (const i of e.ends)
      observers[i].end!(this.blockStates[i], t0 + steps * dt, x, this.n, this.first, alive);
    this.ended = true;
  }

  // The hot loop: everything it touches is read into locals first.
  private runChunk(from: number, to: number): boolean {
    const e = this.engine;
    const { t0, dt, checkFinite } = e.cfg;
    const { d, c, B, z, absorbing, needPrev, onlyAbsorbingStep, stepsObs } = e;
    const { x, xPrev, xc, map, alive, stepper, observers } = this.kit;
    const blockStates = this.blockStates;
    const strided = stepper.strided === true;
    const buffers = e.buffers;
    const zbuf = buffers.out;
    const { n, first } = this;
    const nd = n * d;
    const nObs = stepsObs.length;
    // Normals for the whole chunk, one long call per path (stream order is unchanged: step by
    // step, c normals each), then gathered per step into z[k*c + j].
    const nw0 = this.nw;
    const L = to - from + 1;
    const cl = c * L;
    const streams = nw0 === n ? 0 : B;
    for (let j = 0; j < nw0; j++) buffers.fill(streams + j, j * cl, cl);
    if (checkFinite) {
      const { xSave, xcSave, aliveSave } = e;
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
        if (this.nAlive < n) {
          for (let k = 0; k < n; k++)
            if (alive[k] === 0) for (let i = 0; i < d; i++) x[k * d + i] = xPrev[k * d + i];
        }
      } else {
        if (strided) stepper.step(t, dt, xc, zbuf, nw0, cl, so);
        else stepper.step(t, dt, xc, z, nw0);
        // paths absorbed since the last compaction are still stepped in xc; their states in x stay
        // frozen (so results do not depend on where chunks, hence compactions, fall)
        for (let j = 0; j < nw0; j++) {
          const k = map[j];
          if (alive[k] === 0) continue;
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
        this.nAlive = a;
        if (a === 0 && onlyAbsorbingStep) {
          if (checkFinite) this.checkChunk(from, step, to);
          return true;
        }
      }
    }
    if (checkFinite) this.checkChunk(from, to, to);
    // compaction only between chunks, where every live stream sits at a step boundary
    if (absorbing && this.nAlive > 0 && 2 * this.nAlive <= this.nw) this.compact(t0 + to * dt);
    return false;
  }

  // Divergence: one pass per chunk over the states; when a chunk ends non-finite, it is replayed
  // from a copy taken at its start (same normals, per-step checks) to name the first bad step.
  private checkChunk(from: number, to: number, chunkTo: number): void {
    const e = this.engine;
    const { t0, dt } = e.cfg;
    const { d, c, z, xSave, xcSave, aliveSave } = e;
    const zbuf = e.buffers.out;
    const { x, xc, map, alive, stepper } = this.kit;
    const { n, first, nw } = this;
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
  }

  // Compaction for absorbing runs: once half the paths of a batch have been absorbed, the live
  // ones (state and RNG state) are gathered into `xc`/`rc` and only they are stepped; every step
  // scatters them back into `x`, which the observers see. Per-path arithmetic is unchanged, so
  // results stay bit-identical; a batch then costs about the sum, not n × the max, of its exit times.
  private compact(t: number): void {
    const e = this.engine;
    const { d, B } = e;
    const { x, xc, map, alive, stepper } = this.kit;
    const states = e.buffers.states;
    const rng = states.subarray(0, 4 * B);
    const rc = states.subarray(4 * B);
    let j = 0;
    if (this.nw === this.n) {
      for (let k = 0; k < this.n; k++) {
        if (alive[k] === 0) continue;
        map[j] = k;
        for (let i = 0; i < d; i++) xc[j * d + i] = x[k * d + i];
        for (let i = 0; i < 4; i++) rc[4 * j + i] = rng[4 * k + i];
        j++;
      }
    } else {
      for (let w = 0; w < this.nw; w++) {
        const k = map[w];
        if (alive[k] === 0) continue;
        map[j] = k;
        for (let i = 0; i < d; i++) xc[j * d + i] = xc[w * d + i];
        for (let i = 0; i < 4; i++) rc[4 * j + i] = rc[4 * w + i];
        j++;
      }
    }
    this.nw = j;
    // caches (e.g. BAOAB's forces) follow the new layout; recomputed from the same states
    stepper.begin?.(t, xc, j);
  }
}

/** The batch capacity of a run over `paths` paths (results do not depend on it). */
export function batchCapacity(cfg: EngineConfig, paths: number): number {
  return Math.max(1, Math.min(cfg.batchSize, cfg.blockSize, paths));
}

/**
 * Runs global paths [start, end) in batches that never straddle a reduction block, feeding the
 * observers and inserting one state per block into each observer's tree. A generator: it yields
 * (the number of paths completed, fractional) every chunk of steps so that a driver can pause,
 * report progress and honour an AbortSignal; a synchronous driver just exhausts it. Batches run
 * one after the other on one lane kit.
 */
export function* runRange(
  cfg: EngineConfig,
  observers: BoundObserver[],
  trees: ReductionTree<unknown>[],
  start: number,
  end: number,
): Generator<number, void, void> {
  const { steps, blockSize } = cfg;
  // a batch never exceeds the paths there are (results do not depend on the batch size)
  const B = batchCapacity(cfg, end - start);
  const engine = new Engine(cfg, observers, B);
  const kit = engine.kit(observers);
  let done = 0;
  try {
    for (let block = Math.floor(start / blockSize); block * blockSize < end; block++) {
      const bStart = Math.max(start, block * blockSize);
      const bEnd = Math.min(end, (block + 1) * blockSize);
      const blockStates = observers.map((o) => o.create());
      for (let first = bStart; first < bEnd; first += B) {
        const n = Math.min(B, bEnd - first);
        const lane = new Lane(engine, kit, first, n, blockStates);
        lane.start();
        for (let from = 1; from <= steps; from += engine.chunk) {
          const to = Math.min(steps, from + engine.chunk - 1);
          if (lane.advance(to)) break;
          if (to < steps) yield done + (n * to) / steps;
        }
        lane.end();
        done += n;
        yield done;
      }
      for (let i = 0; i < observers.length; i++) trees[i].insert(0, block, blockStates[i]);
    }
  } finally {
    engine.close();
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
