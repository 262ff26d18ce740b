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
  control?: { label: string; measured: number | string; satisfies: boolean };
}

/** A figure: a vega-lite spec rendered to inline SVG in the report. */
export interface FigureRecord {
  id: string;
  title: string;
  /** One or two sentences under the figure. */
  caption?: string;
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
  title: string;
  /** The paper's claim this experiment checks. */
  claim: string;
  /** The setup in words (model, data, solver, sizes). */
  setup: string;
  run(ctx: ExperimentContext): Promise<void> | void;
}

/** What the runner keeps of one experiment. */
export interface ExperimentResult {
  id: string;
  title: string;
  claim: string;
  setup: string;
  /** passed: every check passed; failed: a check failed or the run threw; aborted: interrupted; skipped: not run. */
  status: "passed" | "failed" | "aborted" | "skipped";
  seconds: number;
  seeds: Record<string, number>;
  params: Record<string, unknown>;
  numbers: Record<string, unknown>;
  notes: string[];
  checks: Check[];
  figures: FigureRecord[];
  /** The error message and stack when the run threw (shown in the report as a failed check). */
  error?: { message: string; stack?: string };
}

/** The whole run. */
export interface RunResult {
  app: string;
  mode: Mode;
  baseSeed: number;
  startedAt: string;
  seconds: number;
  environment: { node: string; platform: string; arch: string; cpus: number };
  packages: Record<string, string>;
  experiments: ExperimentResult[];
  /** True when the run was interrupted (Ctrl-C); finished experiments are kept. */
  aborted: boolean;
  summary: { checks: number; passed: number; failed: number; experimentsFailed: number };
}
