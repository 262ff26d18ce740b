import { type CliOptions, parseCli } from "./cli.js";
import type { Experiment, RunResult } from "./experiment.js";
import { writeReport } from "./output.js";
import { barProgress, lineProgress, type ProgressDisplay, silentProgress } from "./progress.js";
import { runExperiments } from "./runner.js";
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
  --quiet             no progress output
  --list              ${list}
  --help              this text
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
 * The `--list` output: one id per line (`list: "ids"`, what scripts read) or the id padded to 22
 * characters and the title (`list: "titles"`).
 *
 * @example
 * ```ts
 * listExperiments({ ...app, list: "ids" }); // "no-barriers\nsaddles\n"
 * ```
 */
export function listExperiments(app: Pick<AppDefinition, "experiments" | "list">): string {
  return app.experiments
    .map((e) => (app.list === "ids" ? `${e.id}\n` : `${e.id.padEnd(22)} ${e.title}\n`))
    .join("");
}

/** What {@link runAndReport} returns: the run and where its outputs are. */
export interface AppRun {
  result: RunResult;
  htmlPath: string;
  jsonPath: string;
  /** Figures that failed to render (also shown in the report). */
  figureErrors: string[];
}

/**
 * Runs the experiments `options` selects and writes report.html and results.json into `options.out`
 * (with the versions of `app.packages`). Progress goes to `extra.progress`, else nowhere with
 * `options.quiet`, else bars on a TTY stderr and lines otherwise. Throws only for an unknown id or a
 * file-system error; experiments' failures are in `result`.
 *
 * @example
 * ```ts
 * const { result, htmlPath } = await runAndReport(app, { ...parseCli(["--test"]), out: "/tmp/demo" });
 * ```
 */
export async function runAndReport(
  app: AppDefinition,
  options: CliOptions,
  extra: { signal?: AbortSignal; progress?: ProgressDisplay } = {},
): Promise<AppRun> {
  const selected = selectExperiments(app.experiments, options.only);
  const progress =
    extra.progress ??
    (options.quiet ? silentProgress() : process.stderr.isTTY ? barProgress() : lineProgress(process.stderr));
  const result = await runExperiments(selected, {
    app: app.name,
    mode: options.mode,
    baseSeed: options.seed,
    signal: extra.signal,
    progress,
    packages: { ...packageVersions(app.packages, app.from), ...reportPackageVersions() },
  });
  const written = await writeReport(result, options.out, { title: app.title, intro: app.intro });
  return { result, ...written };
}

/** Where {@link runApp} writes (process.stdout and process.stderr by default). */
export interface AppStreams {
  stdout: { write(s: string): unknown; columns?: number };
  stderr: { write(s: string): unknown };
}

/**
 * The whole command-line app: parses `argv`, prints usage (`--help`, or a bad command line with exit
 * code 2) or the list, runs and writes the report, prints the summary table and the output paths.
 * The first Ctrl-C (SIGINT) stops the running experiment and still writes the report, a second one
 * exits at once with 130. Resolves to the exit code, also set as `process.exitCode`: 0 when every
 * check passed and every figure rendered, 1 otherwise or on a crash, 2 for a bad command line, 130
 * when interrupted.
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
    io.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    code = 1;
  }
  process.exitCode = code;
  return code;
}

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
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1) {
      io.stderr.write("\ninterrupted: finishing the report with what is done (Ctrl-C again to quit now)\n");
      controller.abort();
    } else process.exit(130);
  };
  process.on("SIGINT", onSigint);
  let run: AppRun;
  try {
    run = await runAndReport(app, options, { signal: controller.signal });
  } finally {
    process.off("SIGINT", onSigint);
  }
  const { result, htmlPath, jsonPath, figureErrors } = run;
  io.stdout.write(`\n${summaryTable(result, io.stdout.columns || 150)}\n`);
  io.stdout.write(`\nreport:  ${htmlPath}\nresults: ${jsonPath}\n`);
  for (const f of figureErrors) io.stderr.write(`figure error: ${f}\n`);
  if (result.aborted) return 130;
  return result.summary.failed > 0 || figureErrors.length > 0 ? 1 : 0;
}
