import os from "node:os";
import { testPause } from "@langevin/output";
import type {
  Check,
  Experiment,
  ExperimentContext,
  ExperimentResult,
  FigureRecord,
  Mode,
  RunResult,
} from "./experiment.js";
import { type ProgressDisplay, silentProgress } from "./progress.js";
import { deriveSeed } from "./seed.js";
import { runSummary } from "./shard.js";

/** Options of {@link runExperiments}. */
export interface RunOptions {
  /** Name of the app (in results.json and the report title). */
  app: string;
  /** The size of the run. */
  mode: Mode;
  /** Base seed from which every experiment's seeds derive (default 2018). */
  baseSeed?: number;
  /** Interrupts the run; the running experiment is marked aborted, the rest skipped. */
  signal?: AbortSignal;
  /** Where progress goes (default: nowhere). */
  progress?: ProgressDisplay;
  /** Package versions to record (name → version). */
  packages?: Record<string, string>;
  /** Called after each experiment (e.g. to write partial results). */
  onExperimentDone?: (result: ExperimentResult) => void | Promise<void>;
}

/** Error thrown by `ctx.throwIfAborted()`. */
export class ExperimentAbortError extends Error {
  /** `"AbortError"`, the name every interrupted run throws, so one test catches them all. */
  override name = "AbortError";
  constructor() {
    super("the run was interrupted");
  }
}

function isAbort(e: unknown, signal: AbortSignal): boolean {
  return signal.aborted || (e instanceof Error && e.name === "AbortError");
}

/**
 * Runs experiments in order. A throw becomes a failed check named "run completed" (with the error);
 * an abort (signal) marks the running experiment aborted and the rest skipped. Never throws for an
 * experiment's failure.
 *
 * @example
 * ```ts
 * const result = await runExperiments([{ id: "a", title: "A", claim: "1 + 1 = 2", setup: "",
 *   run(ctx) { ctx.check({ name: "sum", claim: "1+1=2", measured: 1 + 1, expected: 2, tolerance: "exact", pass: 1 + 1 === 2 }); } }],
 *   { app: "demo", mode: "test" });
 * result.summary.failed; // 0
 * ```
 */
export async function runExperiments(experiments: Experiment[], options: RunOptions): Promise<RunResult> {
  const baseSeed = options.baseSeed ?? 2018;
  const progress = options.progress ?? silentProgress();
  const controller = new AbortController();
  const outer = options.signal;
  const onOuterAbort = () => controller.abort(outer?.reason);
  if (outer) {
    if (outer.aborted) controller.abort(outer.reason);
    else outer.addEventListener("abort", onOuterAbort, { once: true });
  }
  const signal = controller.signal;
  const started = Date.now();
  const results: ExperimentResult[] = [];

  for (const exp of experiments) {
    const result: ExperimentResult = {
      id: exp.id,
      title: exp.title,
      claim: exp.claim,
      setup: exp.setup,
      status: "skipped",
      seconds: 0,
      seeds: {},
      params: {},
      numbers: {},
      notes: [],
      checks: [],
      figures: [],
    };
    results.push(result);
    if (signal.aborted) continue;
    const figures: FigureRecord[] = result.figures;
    const checks: Check[] = result.checks;
    const ctx: ExperimentContext = {
      mode: options.mode,
      signal,
      seed(label) {
        const s = deriveSeed(baseSeed, exp.id, label);
        result.seeds[label] = s;
        return s;
      },
      progress(fraction, label = "") {
        progress.update(exp.id, fraction, label);
      },
      throwIfAborted() {
        if (signal.aborted) throw new ExperimentAbortError();
      },
      check(c) {
        const pass = Boolean(c.pass) && !(typeof c.measured === "number" && Number.isNaN(c.measured));
        checks.push({ ...c, pass });
        return pass;
      },
      figure(id, title, spec, caption) {
        figures.push({ id, title, spec, caption });
      },
      number(key, value) {
        result.numbers[key] = value;
      },
      param(key, value) {
        result.params[key] = value;
      },
      note(text) {
        result.notes.push(text);
      },
    };
    progress.start(exp.id, exp.title);
    const t0 = performance.now();
    try {
      // Tests of interruption stop a real app here (LANGEVIN_TEST_PAUSE=experiment:<id>) and signal it.
      await testPause(`experiment:${exp.id}`, signal);
      ctx.throwIfAborted();
      await exp.run(ctx);
      result.status = checks.every((c) => c.pass) ? "passed" : "failed";
      if (checks.length === 0) {
        result.status = "failed";
        result.error = { message: "the experiment recorded no checks" };
      }
    } catch (e) {
      if (isAbort(e, signal)) {
        result.status = "aborted";
      } else {
        result.status = "failed";
        const err = e instanceof Error ? e : new Error(String(e));
        result.error = { message: err.message, stack: err.stack };
        checks.push({
          name: "run completed",
          claim: "the experiment runs to the end",
          measured: `threw ${err.name}: ${err.message}`,
          expected: "no error",
          tolerance: "none",
          pass: false,
        });
      }
    }
    result.seconds = (performance.now() - t0) / 1000;
    progress.finish(exp.id, result.status, result.seconds);
    if (options.onExperimentDone) await options.onExperimentDone(result);
  }
  progress.stop();
  outer?.removeEventListener("abort", onOuterAbort);

  return {
    app: options.app,
    mode: options.mode,
    baseSeed,
    startedAt: new Date(started).toISOString(),
    seconds: (Date.now() - started) / 1000,
    environment: {
      node: process.version,
      platform: process.platform,
      arch: process.arch,
      cpus: os.cpus().length,
    },
    packages: options.packages ?? {},
    experiments: results,
    aborted: signal.aborted,
    summary: runSummary(results),
  };
}
