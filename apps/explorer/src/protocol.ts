/** The fields a preset, the page's state (the URL) and the worker's config have in common. */
export interface ScenarioFields {
  /** "potential": the drift is −∇f; "drift": the drift b(x) is given directly (non-gradient). */
  mode: "potential" | "drift";
  /** f(x, y) in potential mode. */
  f: string;
  /** Drift components in drift mode. */
  bx: string;
  by: string;
  /** Drift mode: a reference potential (contours on the ρ_t view and the NEB energy); may be empty. */
  ref: string;
  /** Value of the constant `lambda` available to every expression. */
  lambda: number;
  beta: number;
  bounds: [number, number, number, number];
  /** Initial density: a Gaussian at x0 with standard deviation s0. */
  x0: [number, number];
  s0: number;
  /** Physical time advanced per frame at speed 1. */
  dtFrame: number;
  nebA: [number, number];
  nebB: [number, number];
  /** Whether the NEB view is on. */
  neb: boolean;
}

/** What the worker needs to build a problem (plain data: workers cannot receive functions). */
export interface SimConfig extends ScenarioFields {
  /** D row-major 2×2, already checked positive-definite by the page. */
  D: number[];
  cells: number;
  particles: number;
  seed: number;
}

/** Side of the coarse grid on which currents are averaged for the arrows. */
export const ARROWS = 20;

/** NEB state sent with every frame while the band relaxes. */
export interface NebState {
  path: Float64Array;
  profileS: Float64Array;
  profileE: Float64Array;
  imageS: Float64Array;
  imageE: Float64Array;
  iterations: number;
  fmax: number;
  converged: boolean;
  barrier: number;
  saddle: [number, number];
  climbing: number;
}

/** Messages to the worker. */
export type ToWorker =
  | { type: "configure"; id: number; config: SimConfig }
  | { type: "frames"; id: number; frames: number; speed: number }
  | { type: "reset"; id: number };

/** Messages from the worker. */
export type FromWorker =
  | {
      type: "ready";
      id: number;
      nx: number;
      ny: number;
      bounds: [number, number, number, number];
      /** Values whose contours are drawn over ρ_t (f, or the reference potential), or null. */
      contour: Float64Array | null;
      contourLabel: string;
      phi: Float64Array;
      rhoSS: Float64Array;
      jss: Float32Array;
      /** max |Jₛₛ| is below 1e-6 of the current at t = 0 (detailed balance): arrows are hidden. */
      jssZero: boolean;
      rho: Float64Array;
      jt: Float32Array;
      particles: Float64Array;
      kl: number;
      free: number;
      logZ: number;
      warnings: string[];
      info: string;
      neb: NebState | null;
      nebMessage: string;
      setupMs: number;
    }
  | {
      type: "frame";
      id: number;
      t: number;
      rho: Float64Array;
      jt: Float32Array;
      particles: Float64Array;
      kl: number;
      free: number;
      /** Density step (Fokker–Planck) per frame. */
      fpMs: number;
      /** SDE particles per frame. */
      sdeMs: number;
      /** NEB iterations in this message. */
      nebMs: number;
      /** Everything the worker did per frame (density, particles, NEB, KL, F, current). */
      frameMs: number;
      neb: NebState | null;
      warning: string;
    }
  | { type: "error"; id: number; field: string; message: string; position?: number };
