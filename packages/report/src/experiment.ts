/** How big a run is: `test` for the test suite (seconds), `fast` by default (minutes), `full` for paper-sized figures. */
export type Mode = "test" | "fast" | "full";

/** A vega-lite specification (a plain JSON object; typed loosely so callers need not import vega-lite's types). */
// biome-ignore lint/suspicious/noExplicitAny: vega-lite specs are arbitrary JSON.
export type VegaLiteSpec = Record<string, any>;

/** One verdict: a claim checked against a number with a stated tolerance. */
export interface Check {
  /** Short identifier, unique within the experiment. */
  name: string;
  /** The claim in words, e.g. "the stationary density equals the Gibbs density". */
  claim: string;
  /** The measured value (a number, or a short string such as "0.013 ± 0.002"). */
  measured: number | string;
  /** The expected value or relation, e.g. "0", "< 0.05", "= −tr(JFΣ) = 0.41". */
  expected: number | string;
  /** The tolerance and why it is right, e.g. "4σ/√n = 0.012 (n = 10⁵ samples)". */
  tolerance: string;
  /** The verdict, computed from the numbers by the experiment. */
  pass: boolean;
  /**
   * The same statistic measured on a control that must NOT satisfy the claim (e.g. an equilibrium
   * process for a non-equilibrium claim): a check its control passes too proves nothing, so a paired
   * check passes only when the claim holds and the control fails it.
   */
  control?: {
    /** What the control is, e.g. "isotropic noise". */
    label: string;
    /** The statistic measured on the control. */
    measured: number | string;
    /** Whether the control satisfies the claim too (then the check fails). */
    satisfies: boolean;
  };
}

/** A figure: a vega-lite spec rendered to inline SVG in the report. */
export interface FigureRecord {
  /** Identifier, unique within the experiment (the file name of an exported SVG). */
  id: string;
  /** Title shown above the figure. */
  title: string;
  /** One or two sentences under the figure. */
  caption?: string;
  /** The vega-lite specification. */
  spec: VegaLiteSpec;
}

/** What an experiment's `run` receives. */
export interface ExperimentContext {
  /** The size of the run. */
  readonly mode: Mode;
  /** Aborted on Ctrl-C; long loops must check it (`ctx.throwIfAborted()`). */
  readonly signal: AbortSignal;
  /**
   * A deterministic seed for a named random stream of this experiment (derived from the run's base
   * seed, the experiment id and the label); every seed handed out is recorded in results.json.
   */
  seed(label: string): number;
  /** Report progress in [0, 1] with a short label of the current phase. */
  progress(fraction: number, label?: string): void;
  /** Throws an `AbortError` (name "AbortError") when the run was interrupted. */
  throwIfAborted(): void;
  /** Record a verdict. Returns `check.pass`. */
  check(check: Check): boolean;
  /** Record a figure (rendered to SVG after the experiment). */
  figure(id: string, title: string, spec: VegaLiteSpec, caption?: string): void;
  /** Record a number (or array of numbers, or small JSON object) under a key in results.json. */
  number(key: string, value: unknown): void;
  /** Record a parameter of the setup (shown in the report's setup table). */
  param(key: string, value: unknown): void;
  /** Add a note (a paragraph of text) to the experiment's section of the report. */
  note(text: string): void;
}

/** An experiment: one claim of a paper, its parameters, its run, its checks and figures. */
export interface Experiment {
  /** Identifier used on the command line (`--only <id>`). */
  id: string;
  /** Title in the report and the console table. */
  title: string;
  /** The paper's claim this experiment checks. */
  claim: string;
  /** The setup in words (model, data, solver, sizes). */
  setup: string;
  /** Runs the experiment: computes, records checks, numbers and figures through `ctx`. */
  run(ctx: ExperimentContext): Promise<void> | void;
}

/** What the runner keeps of one experiment. */
export interface ExperimentResult {
  /** The experiment's id. */
  id: string;
  /** Its title. */
  title: string;
  /** The paper's claim it checks. */
  claim: string;
  /** The setup in words. */
  setup: string;
  /** passed: every check passed; failed: a check failed or the run threw; aborted: interrupted; skipped: not run. */
  status: "passed" | "failed" | "aborted" | "skipped";
  /** Wall time of the run in seconds. */
  seconds: number;
  /** Every seed handed out by `ctx.seed`, by label. */
  seeds: Record<string, number>;
  /** Parameters recorded with `ctx.param`. */
  params: Record<string, unknown>;
  /** Numbers recorded with `ctx.number`. */
  numbers: Record<string, unknown>;
  /** Notes recorded with `ctx.note`, in order. */
  notes: string[];
  /** The verdicts, in order. */
  checks: Check[];
  /** The figures, in order. */
  figures: FigureRecord[];
  /** The error message and stack when the run threw (shown in the report as a failed check). */
  error?: {
    /** The error's message. */
    message: string;
    /** Its stack trace, when there is one. */
    stack?: string;
  };
}

/** The whole run. */
export interface RunResult {
  /** Name of the app. */
  app: string;
  /** The size of the run. */
  mode: Mode;
  /** Base seed of every experiment's seeds. */
  baseSeed: number;
  /** Start time, ISO 8601. */
  startedAt: string;
  /** Wall time of the whole run in seconds. */
  seconds: number;
  /** Where it ran. */
  environment: {
    /** Node version (`process.version`). */
    node: string;
    /** `process.platform`. */
    platform: string;
    /** `process.arch`. */
    arch: string;
    /** Number of logical CPUs. */
    cpus: number;
  };
  /** Versions of the packages used (name → version). */
  packages: Record<string, string>;
  /** One result per experiment, in run order. */
  experiments: ExperimentResult[];
  /** True when the run was interrupted (Ctrl-C); finished experiments are kept. */
  aborted: boolean;
  /** Counts over all experiments. */
  summary: {
    /** Checks recorded. */
    checks: number;
    /** Checks that passed. */
    passed: number;
    /** Checks that failed. */
    failed: number;
    /** Experiments that failed or threw. */
    experimentsFailed: number;
  };
}
