/// <reference lib="webworker" />
import { createRng } from "@langevin/core";
import { type CompiledExpression, type CompiledVector, compile, compileVector } from "@langevin/expr";
import {
  createEvolver,
  current,
  type Evolver,
  type FokkerPlanckOperator,
  type FokkerPlanckProblem,
  fokkerPlanck,
  type Grid,
  grid,
  potentialPhi,
  stationary,
} from "@langevin/fokker-planck";
import { fire, type NebResult, neb } from "@langevin/neb";
import { createIntegrator, eulerMaruyama, fromPotential, type Integrator } from "@langevin/sde";
import { cellCurrent, coarseCurrent } from "./current.js";
import { positiveDensity } from "./positive-density.js";
import { ARROWS, type FromWorker, type NebState, type SimConfig, type ToWorker } from "./protocol.js";

declare const self: DedicatedWorkerGlobalScope;

interface Sim {
  id: number;
  config: SimConfig;
  g: Grid;
  op: FokkerPlanckOperator;
  /** Advances ρₜ one frame per step; `rho` is its live density. */
  evolver: Evolver;
  rho: Float64Array;
  rhoSS: Float64Array;
  phi: Float64Array;
  t: number;
  frame: number;
  particles: Float64Array;
  gradient: (x: Float64Array, out: Float64Array) => void;
  energy: ((x: Float64Array, g: Float64Array) => number) | null;
  nebResult: NebResult | null;
  nebIterations: number;
  nebDone: boolean;
  faces: Float64Array[];
  cellJ: Float64Array;
}

let sim: Sim | null = null;

function post(msg: FromWorker, transfer: Transferable[] = []): void {
  self.postMessage(msg, transfer);
}

/** Error from @langevin/expr or core → the field it belongs to, with its column when known. */
function fieldError(id: number, field: string, e: unknown): FromWorker {
  const err = e as { message?: string; position?: number; name?: string };
  return {
    type: "error",
    id,
    field,
    message: String(err.message ?? e),
    position: typeof err.position === "number" ? err.position : undefined,
  };
}

function compileScalar(source: string, lambda: number): CompiledExpression {
  return compile(source, ["x", "y"], { constants: { lambda }, derivatives: 1 });
}

function initialDensity(g: Grid, c: SimConfig): Float64Array {
  const rho = new Float64Array(g.size);
  const xc = g.axisCenters(0);
  const yc = g.axisCenters(1);
  const ny = g.cells[1];
  let sum = 0;
  for (let i = 0; i < g.cells[0]; i++) {
    for (let j = 0; j < ny; j++) {
      const dx = xc[i] - c.x0[0];
      const dy = yc[j] - c.x0[1];
      const v = Math.exp(-(dx * dx + dy * dy) / (2 * c.s0 * c.s0));
      rho[i * ny + j] = v;
      sum += v;
    }
  }
  // a small floor keeps KL finite if the Gaussian underflows in a far corner
  const floor = 1e-12 * sum;
  sum = 0;
  for (let k = 0; k < g.size; k++) {
    rho[k] += floor;
    sum += rho[k];
  }
  const scale = 1 / (sum * g.cellVolume);
  for (let k = 0; k < g.size; k++) rho[k] *= scale;
  return rho;
}

function initialParticles(c: SimConfig): Float64Array {
  const rng = createRng(c.seed, 0);
  const p = new Float64Array(2 * c.particles);
  for (let k = 0; k < c.particles; k++) {
    p[2 * k] = c.x0[0] + c.s0 * rng.normal();
    p[2 * k + 1] = c.x0[1] + c.s0 * rng.normal();
  }
  reflectIntoBox(p, c.bounds);
  return p;
}

/** Mirror particles that left the box back inside (the density has reflecting walls). */
function reflectIntoBox(p: Float64Array, b: [number, number, number, number]): void {
  for (let k = 0; k < p.length; k += 2) {
    for (let a = 0; a < 2; a++) {
      const lo = b[2 * a];
      const hi = b[2 * a + 1];
      let v = p[k + a];
      if (!Number.isFinite(v)) v = 0.5 * (lo + hi);
      for (let r = 0; r < 4 && (v < lo || v > hi); r++) v = v < lo ? 2 * lo - v : 2 * hi - v;
      p[k + a] = Math.min(hi, Math.max(lo, v));
    }
  }
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k]));
  return m;
}

/**
 * How ρₛₛ was found, in words: GTH elimination is exact and has no iterations (the package picks it on
 * small or metastable grids), so "0 iterations" would read as a failure.
 */
function stationaryMethod(ss: ReturnType<typeof stationary>): string {
  if (ss.method === "gth") return `exact elimination (GTH, ${ss.reason})`;
  const solver = ss.method === "ilu" ? "ILU(0)" : "multigrid";
  return `BiCGSTAB with ${solver}, ${ss.iterations} iterations (${ss.reason})`;
}

function nebState(r: NebResult, iterations: number): NebState {
  const prof = r.profile.sample(120);
  return {
    path: Float64Array.from(r.path),
    profileS: prof.s,
    profileE: prof.energy,
    imageS: Float64Array.from(r.profile.s),
    imageE: Float64Array.from(r.profile.energies),
    iterations,
    fmax: r.fmax,
    converged: r.converged,
    barrier: r.barrierForward,
    saddle: [r.saddle.x[0], r.saddle.x[1]],
    climbing: r.climbingImage ?? -1,
  };
}

const NEB_ITERATIONS_PER_FRAME = 4;
const NEB_IMAGES = 13;

/**
 * The initial band: the chord from A to B bowed sideways by 30% of its length (a sine arch), so that
 * the band visibly slides into the valley even where the chord is already the minimum-energy path.
 */
function bowedPath(a: [number, number], b: [number, number]): Float64Array {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const path = new Float64Array(2 * NEB_IMAGES);
  for (let i = 0; i < NEB_IMAGES; i++) {
    const s = i / (NEB_IMAGES - 1);
    const bow = 0.3 * Math.sin(Math.PI * s);
    path[2 * i] = a[0] + s * dx - bow * dy;
    path[2 * i + 1] = a[1] + s * dy + bow * dx;
  }
  return path;
}
const NEB_MAX_ITERATIONS = 2000;

function relaxNeb(s: Sim): NebState | null {
  if (!s.energy || !s.config.neb) return null;
  if (s.nebDone && s.nebResult) return nebState(s.nebResult, s.nebIterations);
  const prev = s.nebResult;
  const r = neb(s.energy, s.config.nebA, s.config.nebB, {
    images: NEB_IMAGES,
    initialPath: prev ? prev.path : bowedPath(s.config.nebA, s.config.nebB),
    maxIter: NEB_ITERATIONS_PER_FRAME,
    // spring 1: energies here are O(1–10) with curvatures O(10–100)
    spring: 1,
    fmax: 0.01,
    climb: true,
    optimizer: fire({ maxStep: 0.05 }),
    endpointTolerance: 1e9,
  });
  s.nebIterations += r.iterations;
  s.nebResult = r;
  s.nebDone = r.converged || s.nebIterations >= NEB_MAX_ITERATIONS;
  return nebState(r, s.nebIterations);
}

// The particle cloud's SDE run, kept across frames: each frame advances it by `sub` steps instead of
// solving afresh from the particles. Keyed by the particle array, which configure and reset replace,
// so a new array starts a new run.
const particleRuns = new WeakMap<Sim, { particles: Float64Array; run: Integrator }>();
// far beyond any session: the run is open-ended in practice (and restarts should it ever end)
const PARTICLE_HORIZON_STEPS = 2 ** 40;

function particleRun(s: Sim): Integrator {
  const kept = particleRuns.get(s);
  if (kept && kept.particles === s.particles && !kept.run.done) return kept.run;
  const c = s.config;
  const D = c.D;
  const iso = D[1] === 0 && D[2] === 0 && D[0] === D[3];
  const h = c.dtFrame;
  const p = s.particles;
  const problem = fromPotential({
    dim: 2,
    gradient: s.gradient,
    temperature: (iso ? D[0] : 1) / c.beta,
    diffusionMatrix: iso
      ? undefined
      : (_x, out) => {
          out[0] = D[0];
          out[1] = D[1];
          out[2] = D[2];
          out[3] = D[3];
        },
    x0: (path, out) => {
      out[0] = p[2 * path];
      out[1] = p[2 * path + 1];
    },
  });
  const run = createIntegrator(problem, {
    scheme: eulerMaruyama,
    dt: h,
    t1: h * PARTICLE_HORIZON_STEPS,
    paths: c.particles,
    // the noise of particle i at step k is a function of (seed, i, k) only
    seed: BigInt(c.seed) * 1_000_003n + BigInt(s.frame),
    observers: {},
    checkFinite: false,
  });
  particleRuns.set(s, { particles: p, run });
  return run;
}

/** Advances the particle cloud by `sub` Euler–Maruyama steps of the frame length dtFrame. */
function stepParticles(s: Sim, sub: number): void {
  const run = particleRun(s);
  run.step(sub);
  const p = s.particles;
  p.set(run.state);
  reflectIntoBox(p, s.config.bounds);
  // the reflected positions are where the next frame starts from
  run.state.set(p);
  run.refresh();
}

function configure(id: number, c: SimConfig): void {
  const t0 = performance.now();
  const warnings: string[] = [];
  let contour: Float64Array | null = null;
  let contourLabel = "";
  let energyExpr: CompiledExpression | null = null;
  let gradient: (x: Float64Array, out: Float64Array) => void;
  const problem: FokkerPlanckProblem = { beta: c.beta };
  if (!(c.beta > 0) || !Number.isFinite(c.beta)) {
    post({ type: "error", id, field: "beta", message: "β must be a positive finite number" });
    return;
  }
  if (c.mode === "potential") {
    try {
      energyExpr = compileScalar(c.f, c.lambda);
    } catch (e) {
      post(fieldError(id, "f", e));
      return;
    }
    const fe = energyExpr;
    problem.potential = (x) => fe.value(x);
    gradient = (x, out) => {
      fe.gradient(x, out);
    };
    contourLabel = "f";
  } else {
    let vec: CompiledVector;
    for (const [field, src] of [
      ["bx", c.bx],
      ["by", c.by],
    ] as const) {
      try {
        compileVector([src], ["x", "y"], { constants: { lambda: c.lambda } });
      } catch (e) {
        post(fieldError(id, field, e));
        return;
      }
    }
    try {
      vec = compileVector([c.bx, c.by], ["x", "y"], { constants: { lambda: c.lambda } });
    } catch (e) {
      post(fieldError(id, "bx", e));
      return;
    }
    problem.drift = (x, out) => {
      vec.value(x, out);
    };
    gradient = (x, out) => {
      vec.value(x, out);
      out[0] = -out[0];
      out[1] = -out[1];
    };
    if (c.ref.trim() !== "") {
      try {
        energyExpr = compileScalar(c.ref, c.lambda);
      } catch (e) {
        post(fieldError(id, "ref", e));
        return;
      }
      contourLabel = "reference potential";
    }
  }
  const D = c.D;
  problem.diffusion =
    D[1] === 0 && D[2] === 0
      ? D[0] === D[3]
        ? D[0]
        : { constantDiagonal: [D[0], D[3]] }
      : { constantMatrix: D };
  let g: Grid;
  try {
    const [x0, x1, y0, y1] = c.bounds;
    if (!(x1 > x0 && y1 > y0)) throw new Error("the box needs xmin < xmax and ymin < ymax");
    g = grid({
      bounds: [
        [x0, x1],
        [y0, y1],
      ],
      cells: [c.cells, c.cells],
      bc: "reflecting",
    });
  } catch (e) {
    post(fieldError(id, "bounds", e));
    return;
  }
  let op: FokkerPlanckOperator;
  try {
    // Selling's monotone stencil for a full D: an M-matrix, so ρ stays positive and KL(ρₜ‖ρₛₛ) falls
    op = fokkerPlanck(problem, g, { pecletWarning: 1e9, crossDiffusion: "monotone" });
  } catch (e) {
    const name = (e as Error).name;
    const field = name === "NotPositiveDefiniteError" ? "D" : c.mode === "potential" ? "f" : "bx";
    post(fieldError(id, field, e));
    return;
  }
  for (const w of op.warnings) warnings.push(w.message);
  let ss: ReturnType<typeof stationary>;
  try {
    ss = stationary(op, { tol: 1e-10 });
  } catch (e) {
    post(fieldError(id, "general", e));
    return;
  }
  // Far tails can hold round-off negatives or underflow to 0; Φ needs ρₛₛ > 0, so the stationary
  // density is floored at 1e-14 of its peak and renormalised.
  const rhoSS = positiveDensity(g, ss.density);
  const { phi, logZ } = potentialPhi(g, rhoSS, c.beta);
  if (energyExpr) {
    const fe = energyExpr;
    contour = new Float64Array(g.size);
    const xc = g.centers();
    const pt = new Float64Array(2);
    for (let k = 0; k < g.size; k++) {
      pt[0] = xc[2 * k];
      pt[1] = xc[2 * k + 1];
      contour[k] = fe.value(pt);
    }
  }
  const evolver = frameEvolver(op, initialDensity(g, c), rhoSS, c.dtFrame);
  const rho = evolver.density;
  const jssFull = current(op, rhoSS);
  const jt0 = current(op, rho);
  const jssZero = maxAbs(jssFull) < 1e-6 * maxAbs(jt0);
  const jss = jssZero ? new Float32Array(2 * ARROWS * ARROWS) : coarseCurrent(g, jssFull);
  if (op.diagnostics.positivityViolations > 0)
    warnings.push("the generator is not an M-matrix: ρₜ can go negative (KL and F are then undefined)");
  const s: Sim = {
    id,
    config: c,
    g,
    op,
    evolver,
    rho,
    rhoSS,
    phi,
    t: 0,
    frame: 0,
    particles: initialParticles(c),
    gradient,
    energy: energyExpr
      ? (
          (fe) => (x: Float64Array, gr: Float64Array) =>
            fe.valueAndGradient(x, gr)
        )(energyExpr)
      : null,
    nebResult: null,
    nebIterations: 0,
    nebDone: false,
    faces: [new Float64Array(op.faceFluxes[0].rows), new Float64Array(op.faceFluxes[1].rows)],
    cellJ: new Float64Array(2 * g.size),
  };
  sim = s;
  let nebMessage = "";
  if (!s.energy) nebMessage = "NEB needs an energy: give a reference potential in drift mode.";
  else if (!c.neb)
    nebMessage = "NEB off (tick “NEB from” in the panel on the left and give two minima A and B).";
  let nebSt: NebState | null = null;
  try {
    nebSt = relaxNeb(s);
  } catch (e) {
    nebMessage = `NEB: ${(e as Error).message}`;
    s.config = { ...c, neb: false };
  }
  const info =
    `${g.cells[0]}×${g.cells[1]} cells, stationary ρₛₛ: ${stationaryMethod(ss)}, ` +
    `residual ${ss.residual.toExponential(1)}; stepping: ${evolver.stepper.name}` +
    (evolver.stepper.name === "explicit"
      ? ` (${Math.max(1, Math.ceil(c.dtFrame * op.diagnostics.maxRate))} sub-steps/frame)`
      : " (ILU-BiCGSTAB)") +
    `; max exit rate ${op.diagnostics.maxRate.toExponential(2)}, cell Péclet ${op.diagnostics.maxCellPeclet.toFixed(1)}`;
  post({
    type: "ready",
    id,
    nx: g.cells[0],
    ny: g.cells[1],
    bounds: c.bounds,
    contour,
    contourLabel,
    phi,
    rhoSS,
    jss,
    jssZero,
    rho: Float64Array.from(rho),
    jt: coarseCurrent(g, jt0),
    particles: Float64Array.from(s.particles),
    kl: evolver.kl(),
    free: evolver.freeEnergy(),
    logZ,
    warnings,
    info,
    neb: nebSt,
    nebMessage,
    setupMs: performance.now() - t0,
  });
}

function frames(id: number, n: number, speed: number): void {
  const s = sim;
  if (!s || s.id !== id) return;
  const tStart = performance.now();
  let fpMs = 0;
  let sdeMs = 0;
  let warning = "";
  for (let k = 0; k < n; k++) {
    for (let r = 0; r < speed; r++) {
      const a = performance.now();
      s.evolver.step(1);
      fpMs += performance.now() - a;
      s.t += s.config.dtFrame;
    }
    s.frame++;
    if (s.config.particles > 0) {
      const a = performance.now();
      try {
        stepParticles(s, speed);
        sdeMs += performance.now() - a;
      } catch (e) {
        warning = `particles: ${(e as Error).message}`;
        s.particles = initialParticles(s.config);
      }
    }
  }
  let nebSt: NebState | null = null;
  const tNeb = performance.now();
  try {
    nebSt = relaxNeb(s);
  } catch (e) {
    warning = `NEB: ${(e as Error).message}`;
  }
  const nebMs = performance.now() - tNeb;
  let kl = Number.NaN;
  let free = Number.NaN;
  try {
    kl = s.evolver.kl();
    free = s.evolver.freeEnergy();
  } catch (e) {
    // an explicit step beyond its positivity limit could push ρₜ below zero
    warning = `KL/F undefined: ${(e as Error).message}`;
  }
  const jt = coarseCurrent(s.g, cellCurrent(s.op, s.rho, s.faces, s.cellJ));
  const frameMs = n > 0 ? (performance.now() - tStart) / n : 0;
  post({
    type: "frame",
    id,
    t: s.t,
    rho: Float64Array.from(s.rho),
    jt,
    particles: Float64Array.from(s.particles),
    kl,
    free,
    fpMs: n > 0 ? fpMs / (n * speed) : 0,
    sdeMs: n > 0 ? sdeMs / n : 0,
    nebMs,
    frameMs,
    neb: nebSt,
    warning,
  });
}

/**
 * Largest number of explicit sub-steps per frame before switching to implicit Euler. A sub-step costs
 * one sparse product; an implicit step ~10 BiCGSTAB iterations of two products and two ILU solves
 * each (~40 products), so explicit wins below ~40–50 sub-steps.
 */
const MAX_EXPLICIT_SUBSTEPS = 48;

/**
 * The package's evolver, one frame `dt` per step: explicit Euler (⌈dt·maxRate⌉ sub-steps, each within
 * the positivity limit) when that takes at most MAX_EXPLICIT_SUBSTEPS, else implicit Euler with an
 * ILU(0) preconditioner factored once. Both are positive and mass-conserving on the M-matrix
 * generators built here (Scharfetter–Gummel, Selling's stencil), so KL(ρₜ‖ρₛₛ) cannot increase. The
 * 1e-10 residual is far below what a picture or the KL curve shows; the mass condition keeps
 * Σρ dV = 1 to round-off so KL stays meaningful.
 */
function frameEvolver(
  op: FokkerPlanckOperator,
  rho0: Float64Array,
  rhoSS: Float64Array,
  dt: number,
): Evolver {
  const explicit = dt * op.diagnostics.maxRate <= MAX_EXPLICIT_SUBSTEPS;
  return createEvolver(
    op,
    rho0,
    explicit
      ? { dt, method: "explicit", reference: rhoSS }
      : { dt, method: "implicit-euler", preconditioner: "ilu", tol: 1e-10, massTol: 1e-13, reference: rhoSS },
  );
}

/** Back to t = 0 without rebuilding the operator or the stationary state. */
function reset(s: Sim): void {
  s.evolver = frameEvolver(s.op, initialDensity(s.g, s.config), s.rhoSS, s.config.dtFrame);
  s.rho = s.evolver.density;
  s.particles = initialParticles(s.config);
  s.t = 0;
  s.frame = 0;
  s.nebResult = null;
  s.nebIterations = 0;
  s.nebDone = false;
  frames(s.id, 0, 1);
}

self.onmessage = (ev: MessageEvent<ToWorker>) => {
  const m = ev.data;
  try {
    if (m.type === "configure") configure(m.id, m.config);
    else if (m.type === "frames") frames(m.id, m.frames, m.speed);
    else if (m.type === "reset" && sim) reset(sim);
  } catch (e) {
    post(fieldError(m.id, "general", e));
  }
};
