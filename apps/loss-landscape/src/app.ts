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
  writeReport,
} from "@langevin/report";
import type { CliOptions } from "./cli.js";
import { experiments } from "./experiments/index.js";

export const TITLE = "The loss landscape of small networks: no barriers, saddles, escaping sharp minima";
export const INTRO =
  "The other claims of the seed article, each checked with numbers: Draxler et al. (2018) find essentially no " +
  "barriers between minima of a network along AutoNEB paths; Dauphin et al. (2014) find that saddles, whose index " +
  "grows with the loss, dominate and that saddle-free Newton escapes them; Kleinberg, Li & Yuan (2018) view SGD as " +
  "gradient descent on a loss convolved with its noise, which lets it escape sharp minima; Arora's remark that flat " +
  "directions multiply with the dimension. Networks are small and data are seeded synthetic sets (no downloads), so " +
  "the numbers are about these models, not about ImageNet-sized ones.";

/** Selects experiments by id (in the app's order); throws on an unknown id. */
export function selectExperiments(only: string[] | null): Experiment[] {
  if (!only) return experiments;
  const known = new Set(experiments.map((e) => e.id));
  for (const id of only)
    if (!known.has(id)) throw new Error(`unknown experiment "${id}" (known: ${[...known].join(", ")})`);
  return experiments.filter((e) => only.includes(e.id));
}

/**
 * The `--list` output: one experiment id per line and nothing else (scripts/reproduce.mjs relies on it).
 *
 * @example
 * ```ts
 * listExperiments(); // "no-barriers\nsaddles\n..."
 * ```
 */
export function listExperiments(): string {
  return experiments.map((e) => `${e.id}\n`).join("");
}

/** Versions of every package the results depend on. */
export function versions(): Record<string, string> {
  return {
    ...packageVersions(
      ["@langevin/core", "@langevin/autograd", "@langevin/neb", "@langevin/sde", "@langevin/report"],
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
 * const { result } = await runApp({ ...parseCli(["--test"]), out: "/tmp/ll" });
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
    app: "loss-landscape",
    mode: options.mode,
    baseSeed: options.seed,
    signal: extra.signal,
    progress,
    packages: versions(),
  });
  const written = await writeReport(result, options.out, { title: TITLE, intro: INTRO });
  return { result, ...written };
}
