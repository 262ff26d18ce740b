import { existsSync } from "node:fs";
import { join } from "node:path";
import { type LockHolder, OutputError, RunFolder } from "@langevin/output";
import { type CliOptions, parseCli } from "./cli.js";
import type { Experiment, RunResult } from "./experiment.js";
import { mathToText } from "./math.js";
import { type WrittenReport, writeReport } from "./output.js";
import { barProgress, lineProgress, type ProgressDisplay, silentProgress } from "./progress.js";
import { runExperiments } from "./runner.js";
import { mergeShardParts, readShardPart, SHARD_PART, shardExperiments, shardPartBytes } from "./shard.js";
import { summaryTable } from "./summary.js";
import { packageVersions, reportPackageVersions } from "./versions.js";

/** What a reproduction app is: everything {@link runApp} needs besides the command line. */
export interface AppDefinition {
  /** The app's name (in results.json), e.g. `"loss-landscape"`. */
  name: string;
  /** Title of report.html. */
  title: string;
  /** Introduction paragraph of report.html. */
  intro?: string;
  /** The experiments, in the order they run and are listed. */
  experiments: Experiment[];
  /** Output folder when `--out` is not given. */
  defaultOut: string;
  /** Packages whose versions go into results.json (besides the report's own renderers). */
  packages: string[];
  /** Where those packages are resolved from: the app's `import.meta.url`. */
  from: string;
  /** `--list` prints `"ids"` (one id per line and nothing else) or `"titles"` (id, padded, and title). */
  list: "ids" | "titles";
  /** The texts of the usage message that differ between apps. */
  usage: {
    /** First line, e.g. `"loss-landscape: no barriers, saddles"`. */
    headline: string;
    /** How to start the app, e.g. `"node apps/x/dist/main.js [options]"`. */
    command: string;
    /** What `--full` runs. */
    full: string;
    /** Help of `--out` (default: the folder, from `defaultOut`). */
    out?: string;
  };
}

/**
 * The usage message of an app (the flags of {@link parseCli}).
 *
 * @example
 * ```ts
 * process.stdout.write(appUsage(app)); // "demo: …\n\nusage: node demo.js [options]\n  --only <id>[,<id>] …"
 * ```
 */
export function appUsage(app: AppDefinition): string {
  const u = app.usage;
  const list =
    app.list === "ids" ? "print the experiment ids, one per line, and exit" : "list the experiments and exit";
  return `${u.headline}

usage: ${u.command}
  --only <id>[,<id>]  run only these experiments (see --list)
  --full              ${u.full}
  --test              smallest runs (seconds per experiment; used by the test suite)
  --out <dir>         ${u.out ?? `output folder for report.html and results.json (default ${app.defaultOut})`}
  --seed <n>          base seed (default 2018)
  --shard <i/n|auto>  run every n-th selected experiment from the i-th and write only its part
                      (<out>/shard.v8); auto: the task of a Slurm array or Kubernetes indexed job
  --quiet             no progress output
  --list              ${list}
  --help              this text

  merge <dir>... [--out <dir>]
                      instead of a run: assemble the parts that the --shard runs wrote into
                      their --out <dir>s into one report.html and results.json, with the
                      numbers of one process with the same seed
`;
}

/**
 * Selects experiments by id, in the app's order (not the order of `only`); `null` selects all.
 * Throws an Error naming the unknown id and the known ones.
 *
 * @example
 * ```ts
 * selectExperiments(app.experiments, ["b", "a"]).map((e) => e.id); // ["a", "b"] if the app runs a before b
 * ```
 */
export function selectExperiments(experiments: Experiment[], only: string[] | null): Experiment[] {
  if (!only) return experiments;
  const known = new Set(experiments.map((e) => e.id));
  for (const id of only)
    if (!known.has(id)) throw new Error(`unknown experiment "${id}" (known: ${[...known].join(", ")})`);
  return experiments.filter((e) => only.includes(e.id));
}

/**
 * The `--list` output: one id per line (`list: "ids"`) or the id, padded to the longest id plus two
 * spaces, and the title (`list: "titles"`); scripts read the first word of each line either way.
 *
 * @example
 * ```ts
 * listExperiments({ ...app, list: "ids" }); // "no-barriers\nsaddles\n"
 * ```
 */
export function listExperiments(app: Pick<AppDefinition, "experiments" | "list">): string {
  // Titles line up after the longest id; their mathematics is shown as plain text.
  const pad = Math.max(0, ...app.experiments.map((e) => e.id.length)) + 2;
  return app.experiments
    .map((e) => (app.list === "ids" ? `${e.id}\n` : `${e.id.padEnd(pad)}${mathToText(e.title)}\n`))
    .join("");
}

/** What {@link runAndReport} returns: the run and where its outputs are. */
export interface AppRun extends WrittenReport {
  /** The run's results, as written to results.json. */
  result: RunResult;
}

/**
 * Runs the experiments `options` selects and writes report.html and results.json into `options.out`
 * (with the versions of `app.packages`; see {@link writeReport} for the layout: a complete run
 * replaces the previous one in one atomic step, an interrupted one goes to `out/partial/`). The
 * folder is checked (created if missing, probed for writing) and locked before any experiment
 * runs, so a bad `--out` or a second run into the same folder fails at once with an `OutputError`
 * (an `OutputLockedError` naming the folder and the other run's pid); `extra.onStale` hears of a
 * stale lock taken over. Progress goes to `extra.progress`, else nowhere with `options.quiet`, else
 * bars on a TTY stderr and lines otherwise. Throws only for an unknown id or an output error;
 * experiments' failures are in `result`.
 *
 * @example
 * ```ts
 * const { result, htmlPath } = await runAndReport(app, { ...parseCli(["--test"]), out: "/tmp/demo" });
 * ```
 */
export async function runAndReport(
  app: AppDefinition,
  options: CliOptions,
  extra: { signal?: AbortSignal; progress?: ProgressDisplay; onStale?: (holder: LockHolder) => void } = {},
): Promise<AppRun> {
  const selected = selectExperiments(app.experiments, options.only);
  const mine = shardExperiments(selected, options.shard);
  const folder = RunFolder.open(options.out, { option: "--out", onStale: extra.onStale });
  try {
    const progress =
      extra.progress ??
      (options.quiet
        ? silentProgress()
        : process.stderr.isTTY
          ? barProgress()
          : lineProgress(process.stderr));
    const result = await runExperiments(mine, {
      app: app.name,
      mode: options.mode,
      baseSeed: options.seed,
      signal: extra.signal,
      progress,
      packages: { ...packageVersions(app.packages, app.from), ...reportPackageVersions() },
    });
    if (options.shard) {
      // A shard renders nothing: the merge draws every figure once, from the specs in its part.
      const ids = selected.map((e) => e.id);
      folder.write(SHARD_PART, shardPartBytes({ shard: options.shard, selected: ids, result }));
      const { paths } = folder.commit({ partial: result.aborted });
      const partPath = paths[SHARD_PART];
      return {
        result,
        htmlPath: partPath,
        jsonPath: partPath,
        figureErrors: [],
        runId: folder.id,
        partial: result.aborted,
      };
    }
    const written = await writeReport(result, folder, { title: app.title, intro: app.intro });
    return { result, ...written };
  } finally {
    folder.abandon();
  }
}

/**
 * Assembles the parts that `--shard i/n --out <dir>` runs wrote into one report.html and
 * results.json in `out` (see {@link mergeShardParts}): the numbers, checks and figures of a single
 * process with the same seed. Throws an Error naming the folder when the parts do not make one run.
 *
 * @example
 * ```ts
 * const { htmlPath } = await mergeAndReport(app, ["out/shard-0", "out/shard-1"], "out/merged");
 * ```
 */
export async function mergeAndReport(app: AppDefinition, dirs: string[], out: string): Promise<AppRun> {
  const result = mergeShardParts(dirs.map(readShardPart), dirs);
  if (result.app !== app.name) throw new Error(`${dirs[0]}: shards of ${result.app}, not of ${app.name}`);
  const written = await writeReport(result, out, { title: app.title, intro: app.intro });
  return { result, ...written };
}

/** Where {@link runApp} writes (process.stdout and process.stderr by default). */
export interface AppStreams {
  /** Where the summary table and the output paths go. */
  stdout: {
    /** Writes text. */
    write(s: string): unknown;
    /** Terminal width in characters, when it is a terminal (the table fits it). */
    columns?: number;
  };
  /** Where usage, errors and progress go. */
  stderr: {
    /** Writes text. */
    write(s: string): unknown;
  };
}

/**
 * The whole command-line app: parses `argv`, prints usage (`--help`, or a bad command line with exit
 * code 2) or the list, checks and locks the output folder (a bad `--out` or a folder in use by
 * another run: the message and exit code 2, before any work), runs and writes the report, prints the
 * summary table and the output paths. The first Ctrl-C (SIGINT) or SIGTERM stops the running
 * experiment and writes what is done as partial results (`out/partial/`, the last complete run stays
 * in `out/`); a second one exits at once. Resolves to the exit code, also set as
 * `process.exitCode`: 0 when every check passed and every figure rendered, 1 otherwise or on a
 * crash, 2 for a bad command line or output folder, 130 when interrupted by SIGINT, 143 by SIGTERM.
 *
 * @example
 * ```ts
 * // main.ts of an app
 * import { runApp } from "@langevin/report";
 * import { app } from "./app.js";
 * await runApp(app);
 * ```
 */
export async function runApp(
  app: AppDefinition,
  argv: string[] = process.argv.slice(2),
  io: AppStreams = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  let code: number;
  try {
    code = await main(app, argv, io);
  } catch (e) {
    if (e instanceof OutputError) {
      io.stderr.write(`${e.message}\n`);
      code = 2;
    } else {
      io.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      code = 1;
    }
  }
  process.exitCode = code;
  return code;
}

/** The shell's convention: 128 + the signal's number. */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

async function main(app: AppDefinition, argv: string[], io: AppStreams): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCli(argv, { out: app.defaultOut });
    selectExperiments(app.experiments, options.only);
  } catch (e) {
    io.stderr.write(`${(e as Error).message}\n\n${appUsage(app)}`);
    return 2;
  }
  if (options.help) {
    io.stdout.write(appUsage(app));
    return 0;
  }
  if (options.list) {
    io.stdout.write(listExperiments(app));
    return 0;
  }
  if (options.merge) {
    let merged: AppRun;
    try {
      merged = await mergeAndReport(app, options.merge, options.out);
    } catch (e) {
      if (e instanceof OutputError) throw e;
      io.stderr.write(`${(e as Error).message}\n`);
      return 2;
    }
    io.stdout.write(`\n${summaryTable(merged.result, io.stdout.columns || 150)}\n`);
    io.stdout.write(
      `\nmerged ${options.merge.length} shards\nreport:  ${merged.htmlPath}\nresults: ${merged.jsonPath}\n`,
    );
    for (const f of merged.figureErrors) io.stderr.write(`figure error: ${f}\n`);
    return merged.result.summary.failed > 0 || merged.figureErrors.length > 0 ? 1 : 0;
  }
  const controller = new AbortController();
  let interrupted: keyof typeof SIGNAL_EXIT | undefined;
  const onSignal = (signal: keyof typeof SIGNAL_EXIT) => {
    if (interrupted === undefined) {
      interrupted = signal;
      io.stderr.write(
        `\ninterrupted (${signal}): finishing the report with what is done, as partial results (${signal} again to quit now)\n`,
      );
      controller.abort();
    } else process.exit(SIGNAL_EXIT[signal]);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  let run: AppRun;
  try {
    run = await runAndReport(app, options, {
      signal: controller.signal,
      onStale: (h) =>
        io.stderr.write(`removed the stale lock of pid ${h.pid} (that run is gone) on ${options.out}\n`),
    });
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  const { result, htmlPath, jsonPath, figureErrors } = run;
  io.stdout.write(`\n${summaryTable(result, io.stdout.columns || 150)}\n`);
  if (options.shard) {
    const { index, count } = options.shard;
    const ids = result.experiments.map((e) => e.id).join(", ") || "none";
    io.stdout.write(
      `\nshard ${index}/${count} (${ids}): ${jsonPath}\nmerge every shard's --out with: merge <dirs...> --out <dir>\n`,
    );
  } else if (run.partial) {
    io.stdout.write(`\npartial results (interrupted):\nreport:  ${htmlPath}\nresults: ${jsonPath}\n`);
    const complete = join(options.out, "report.html");
    if (existsSync(complete)) io.stdout.write(`the last complete run is still in ${complete}\n`);
  } else io.stdout.write(`\nreport:  ${htmlPath}\nresults: ${jsonPath}\n`);
  for (const f of figureErrors) io.stderr.write(`figure error: ${f}\n`);
  if (result.aborted) return SIGNAL_EXIT[interrupted ?? "SIGINT"];
  return result.summary.failed > 0 || figureErrors.length > 0 ? 1 : 0;
}
