import { availableParallelism, totalmem } from "node:os";
import type { Context, OptionSpec } from "./command.js";
import { UsageError } from "./errors.js";
import { parsePositive } from "./parse.js";

// Up-front resource guards: every command that can be asked for more than a machine has estimates
// its memory (and, where runs can be long, its work) from the options alone, before it compiles an
// expression or allocates an array, and refuses with the estimate in the message (numpy's "Unable
// to allocate 7.45 GiB for an array with shape ..." is the model). The constants below were measured
// on the CLI itself (peak RSS from /usr/bin/time over two or more sizes, the slope per unit), and
// are rounded up: the guard is for runs that cannot fit or finish, not a budget to the byte.

const MiB = 2 ** 20;
const GiB = 2 ** 30;

/** Node, the CLI, the solver packages and mathjs, before any problem-sized array (measured ~85 MB). */
const BASE_BYTES = 100 * MiB;

/**
 * A number in the output beyond the solver's own arrays. JSON and CSV are streamed in chunks
 * (output.ts), so the text is never whole: fp stationary in 1-D (4 numbers a cell), peak RSS over
 * the text summary's, JSON +1.1 MB at 5·10⁵ cells and −0.1 MB at 2·10⁶ (nothing within the noise),
 * CSV +20 MB and +41 MB (10 and 5 B a number). Rounded up to 16 B: that, or the 8 B of a number
 * that a command holds in a plain JS array for its output (sde's covariances, fp evolve's history).
 * (With the whole JSON text in memory it was ~137 B a number; a list of CSV rows ~70 B.)
 */
const OUTPUT_BYTES_PER_NUMBER = 16;

/** The work a run may take by default: beyond a day it is more likely a slip than a plan. */
const DEFAULT_WORK_SECONDS = 24 * 3600;

/** Step counts beyond 2⁵³ cannot be counted exactly (t1/dt = 1e300/1e-300 is Infinity). */
const MAX_COUNT = 2 ** 53;

/** Worker threads per core worth starting: more only share the same cores (and cost ~35 MB each). */
const WORKERS_PER_CORE = 4;

/** The options of every guarded command. */
export const RESOURCE_OPTIONS: Record<string, OptionSpec> = {
  "max-memory": {
    type: "string",
    arg: "GiB",
    description: "memory limit for the up-front estimate (default: half of this machine's RAM)",
  },
  "allow-large": {
    type: "boolean",
    description: "accept runs beyond the default limits (memory: all of the RAM; work: over a day)",
  },
};

/** What a run may use, from `--max-memory` and `--allow-large`. */
export interface Limits {
  /** Bytes the memory estimate may reach. */
  memory: number;
  /** Where {@link Limits.memory} comes from, for the message. */
  memoryReason: string;
  /** Seconds the work estimate may reach. */
  seconds: number;
  allowLarge: boolean;
}

/**
 * The limits of a command's run: `--max-memory GB` when given, else half of this machine's memory
 * (all of it with `--allow-large`); work up to a day, unlimited with `--allow-large`.
 *
 * @example
 * const limits = limitsOf(ctx);
 */
export function limitsOf(ctx: Pick<Context, "opt" | "flag">): Limits {
  const allowLarge = ctx.flag("allow-large");
  const machine = totalmem();
  const text = ctx.opt("max-memory");
  let memory: number;
  let memoryReason: string;
  if (text !== undefined) {
    memory = parsePositive("--max-memory", text) * GiB;
    memoryReason = `--max-memory ${text}`;
  } else if (allowLarge) {
    memory = machine;
    memoryReason = `all of this machine's ${formatBytes(machine)}; --max-memory GiB sets it`;
  } else {
    memory = machine / 2;
    memoryReason = `half of this machine's ${formatBytes(machine)}; --allow-large raises it to all of it, --max-memory GiB sets it`;
  }
  return {
    memory,
    memoryReason,
    seconds: allowLarge ? Number.POSITIVE_INFINITY : DEFAULT_WORK_SECONDS,
    allowLarge,
  };
}

/** One part of a memory estimate: what it is, how many bytes, and the options that size it. */
export interface MemoryPart {
  what: string;
  bytes: number;
  option: string;
}

/** Long-running work: how many units of what, at about how many units a second. */
export interface Work {
  /** The options that set it, e.g. "--paths/--t1/--dt". */
  option: string;
  /** e.g. "path-steps × dimension". */
  unit: string;
  count: number;
  /** Units per second on one core, measured on this CLI (order of magnitude). */
  rate: number;
}

/** An up-front estimate of a run; a refusal names the options of the part that does not fit. */
export interface Estimate {
  memory: MemoryPart[];
  work?: Work;
  /** Time steps (or similar loop counts) that must be countable: at most 2⁵³, finite. */
  steps?: { count: number; what: string; option: string };
}

/**
 * Refuses a run whose estimate exceeds the limits (a UsageError: exit 2, one line): steps that
 * cannot be counted, memory beyond the limit, work beyond the limit. Call it after parsing the
 * options and before compiling expressions or allocating.
 *
 * @example
 * guard(limitsOf(ctx), { memory: [{ what: "grid", bytes: 8 * n, option: "--cells" }] });
 */
export function guard(limits: Limits, estimate: Estimate): void {
  const { steps, work } = estimate;
  if (steps !== undefined && !(steps.count <= MAX_COUNT)) {
    throw new UsageError(
      `${steps.option}: ${formatCount(steps.count)} ${steps.what}, more than 2^53 ≈ 9.0e15: too many to count, let alone run`,
    );
  }
  const parts = estimate.memory.filter((p) => p.bytes > 0);
  const bytes = BASE_BYTES + parts.reduce((s, p) => s + p.bytes, 0);
  if (!(bytes <= limits.memory)) {
    const items = [...parts].sort((a, b) => b.bytes - a.bytes);
    const detail = items.map((p) => `${p.what} ${formatBytes(p.bytes)}`).join(", ");
    throw new UsageError(
      `${items[0].option}: this run needs about ${formatBytes(bytes)} (${detail}), more than the limit of ${formatBytes(limits.memory)} (${limits.memoryReason})`,
    );
  }
  if (work !== undefined) {
    const seconds = work.count / work.rate;
    if (!(seconds <= limits.seconds)) {
      const stepText = steps ? `${formatCount(steps.count)} ${steps.what}, ` : "";
      throw new UsageError(
        `${work.option}: ${stepText}${formatCount(work.count)} ${work.unit}, about ${formatDuration(seconds)} at ~${formatCount(work.rate)} a second: more than a day's work (--allow-large runs it anyway)`,
      );
    }
  }
}

/**
 * `--workers N` checked against the cores: more threads than {@link WORKERS_PER_CORE} per core only
 * take turns on the same cores, and each costs ~35 MB and ~0.6 s of CPU to start.
 *
 * @example
 * checkWorkers(4);
 */
export function checkWorkers(workers: number): void {
  const cores = availableParallelism();
  const max = WORKERS_PER_CORE * cores;
  if (workers > max) {
    throw new UsageError(
      `--workers: at most ${max} on this machine (${WORKERS_PER_CORE} per core, ${cores} core${cores === 1 ? "" : "s"}), got ${workers}`,
    );
  }
}

/**
 * Bytes for humans, binary units as numpy prints them: `7.45 GiB`.
 *
 * @example
 * formatBytes(8e9); // "7.45 GiB"
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return `${bytes} bytes`;
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${Math.round(v)} bytes` : `${v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)} ${units[u]}`;
}

function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return n < 1e6 ? String(Math.round(n)) : n.toExponential(2).replace("e+", "e");
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "forever";
  const days = seconds / 86400;
  if (days >= 365) return `${formatCount(days / 365)} years`;
  if (days >= 2) return `${Math.round(days)} days`;
  return `${Math.round(seconds / 3600)} hours`;
}

// ---- the commands' estimates ---------------------------------------------------------------------

/**
 * Bytes per cell of the operator, multigrid hierarchy, Krylov vectors, basin diagnostic and result
 * arrays of `fp stationary`, by dimension: peak RSS slopes of the text summary, 1-D 5·10⁵ → 2·10⁶
 * cells 220–300 B, 2-D 400² → 800² 449 B, 3-D 40³ → 80³ 643 B (multigrid), rounded up. The GTH
 * factor of `--method auto|gth` comes on top, at most `--gth-max-mb`.
 */
const FP_STATIONARY_BYTES_PER_CELL = [330, 500, 700];

/** Bytes per cell of `fp evolve`'s time stepper (operator, implicit solver), measured 500–700. */
const FP_EVOLVE_BYTES_PER_CELL = 700;

/** Implicit steps of `fp evolve`, cell-steps per second (1.6e7 in ~15 s of CPU at 400²). */
const FP_EVOLVE_RATE = 1e6;

/**
 * The estimate of `fp stationary` (`steps` undefined) or `fp evolve` on a grid of `cells`.
 *
 * @example
 * fpEstimate([400, 400]);
 */
export function fpEstimate(
  cells: readonly number[],
  evolve?: { steps: number; snapshots: number; stationary: boolean },
): Estimate {
  const d = cells.length;
  const n = cells.reduce((p, c) => p * c, 1);
  const grid = `${cells.join("x")} cells`;
  const stationaryBytes = n * FP_STATIONARY_BYTES_PER_CELL[Math.min(d, 3) - 1];
  if (!evolve) {
    return {
      memory: [
        { what: `stationary solver on ${grid}`, bytes: stationaryBytes, option: "--cells" },
        {
          // density, potential, d current components, and the axes' centres
          what: `output on ${grid}`,
          bytes: (n * (d + 2) + cells.reduce((a, c) => a + c, 0)) * OUTPUT_BYTES_PER_NUMBER,
          option: "--cells",
        },
      ],
    };
  }
  const { steps, snapshots, stationary } = evolve;
  return {
    steps: { count: steps, what: "time steps", option: "--t1/--dt" },
    memory: [
      { what: `time stepper on ${grid}`, bytes: n * FP_EVOLVE_BYTES_PER_CELL, option: "--cells" },
      { what: "stationary reference", bytes: stationary ? stationaryBytes : 0, option: "--cells" },
      {
        what: `${snapshots} snapshot${snapshots === 1 ? "" : "s"}`,
        bytes: snapshots * n * (8 + OUTPUT_BYTES_PER_NUMBER),
        option: "--snapshots/--cells",
      },
      {
        // t, mass, KL, free energy and negative mass per step, in growing JS arrays
        what: `history of ${formatCount(steps)} steps`,
        bytes: steps * 5 * (16 + OUTPUT_BYTES_PER_NUMBER),
        option: "--t1/--dt",
      },
    ],
    work: { option: "--cells/--t1/--dt", unit: "cell-steps", count: steps * n, rate: FP_EVOLVE_RATE },
  };
}

/** Paths advanced together and paths per reduction block (the solver's defaults). */
const SDE_BATCH = 256;
const SDE_BLOCK = 1024;

/** Memory of one worker thread before its arrays: Node, the packages, mathjs (~35 MB measured). */
const WORKER_BYTES = 40 * MiB;

/** Path-steps × dimension per second of `sde` (2e7 in ~1 s of CPU for 1e5 OU paths × 100 steps × 2). */
const SDE_RATE = 2e7;

/**
 * The estimate of an `sde` run: d state components, m Wiener processes (a d × m σ per path with
 * general noise), the histogram's bins.
 *
 * @example
 * sdeEstimate({ dim: 2, noiseDim: 2, general: false, paths: 1e4, steps: 500, bins: 0, workers: 0 });
 */
export function sdeEstimate(a: {
  dim: number;
  noiseDim: number;
  general: boolean;
  paths: number;
  steps: number;
  bins: number;
  workers: number;
}): Estimate {
  const { dim: d, noiseDim: m, general, paths, steps, bins, workers } = a;
  // time averages of every x_i and x_i x_j
  const q = d + (d * (d + 1)) / 2;
  // partial states alive at once in the reduction tree: one per level, plus the block being filled
  const states = Math.ceil(Math.log2(Math.max(1, paths / SDE_BLOCK))) + 2;
  const threads = Math.max(1, workers);
  const batch = Math.min(SDE_BATCH, paths);
  const perThread =
    batch * (8 * d + m + (general ? d * m : 0)) * 8 + // states, drift, noise (and general σ) of a batch
    batch * q * 8 + // per-path time averages of the batch
    states * (d * d + 2 * q) * 8; // moment and time-average states
  return {
    steps: { count: steps, what: "time steps", option: "--t1/--dt" },
    memory: [
      {
        what: `${threads === 1 ? "a batch" : `${threads} batches`} of ${batch} paths in ${d} dimensions`,
        bytes: threads * perThread,
        option: "--x0",
      },
      { what: "histogram states", bytes: threads * states * bins * 8, option: "--bins" },
      { what: `${workers} worker threads`, bytes: workers * WORKER_BYTES, option: "--workers" },
      { what: "covariance output", bytes: 2 * d * d * OUTPUT_BYTES_PER_NUMBER, option: "--x0" },
      { what: "histogram output", bytes: 3 * bins * OUTPUT_BYTES_PER_NUMBER, option: "--bins" },
    ],
    work: {
      option: "--paths/--t1/--dt",
      unit: "path-steps × dimension",
      count: paths * steps * d,
      rate: SDE_RATE,
    },
  };
}

/** Arrays per image of `neb` (positions, forces, FIRE velocities, tangents, …), rounded up. */
const NEB_ARRAYS_PER_IMAGE = 16;

/**
 * The estimate of a `neb` run: `images` points in d dimensions.
 *
 * @example
 * nebEstimate(9, 2);
 */
export function nebEstimate(images: number, d: number): Estimate {
  const numbers = images * d;
  return {
    memory: [
      {
        what: `${images} images in ${d} dimensions`,
        bytes: numbers * NEB_ARRAYS_PER_IMAGE * 8,
        option: "--images",
      },
      { what: "output", bytes: numbers * OUTPUT_BYTES_PER_NUMBER, option: "--images" },
    ],
  };
}

/**
 * Bytes per entry of the d × d Hessian of `minimize` and `critical`: its symbolic form (nodes and the
 * memo of one forward differentiation per variable) dominates; d = 400 → 800 took 890 B per entry
 * more, the dense arrays and the JSON of `critical`'s Hessian and eigenvectors included.
 */
const DENSE_BYTES_PER_ENTRY = 1000;

/**
 * The estimate of `minimize` or `critical` in d dimensions (the symbolic and the dense Hessian).
 *
 * @example
 * denseEstimate("--near", 2);
 */
export function denseEstimate(option: string, d: number): Estimate {
  return {
    memory: [
      { what: `the ${d} × ${d} Hessian (symbolic and dense)`, bytes: d * d * DENSE_BYTES_PER_ENTRY, option },
    ],
  };
}
