import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readlinkSync, rmSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { type Body, fsyncFolder, replaceSymlink, writeFileAtomic } from "./atomic.js";
import { prepareFolder } from "./destination.js";
import type { LockHolder } from "./errors.js";
import { outputFailure } from "./errors.js";
import { lockOutput, type OutputLock } from "./lock.js";
import { testPauseSync } from "./test-pause.js";

/** Where the files of a committed run can be read. */
export interface Committed {
  /** True when the run was committed as partial (under `<dir>/partial/`). */
  partial: boolean;
  /** The folder the user opens: `dir` for a complete run, `dir/partial` for a partial one. */
  folder: string;
  /** Each file's path through that folder (`dir/report.html`, or `dir/partial/report.html`). */
  paths: Record<string, string>;
}

function linkTarget(path: string): string | null {
  try {
    return readlinkSync(path);
  } catch {
    return null;
  }
}

function newRunId(): string {
  const t = new Date()
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return `${t}-${process.pid}-${randomBytes(4).toString("hex")}`;
}

/**
 * One run's output folder. Layout of `dir`:
 *
 * ```
 * dir/runs/<run id>/report.html, results.json   each run's files, written while it runs
 * dir/current -> runs/<id>                      the last complete run, switched by one rename
 * dir/report.html -> current/report.html        the stable names a user opens
 * dir/results.json -> current/results.json
 * dir/partial -> runs/<id>                      the last interrupted run, if newer than current
 * dir/.lock                                     held while a run writes into dir
 * ```
 *
 * Files are written into the run's own folder, which nobody reads until {@link RunFolder.commit}
 * switches the `current` link to it: one atomic rename replaces every file of the previous run at
 * once, so a reader that resolves `dir/current` sees one run's files, never a mix, and a killed or
 * interrupted run never replaces a complete one. The run before the switch is kept one more commit
 * for readers that resolved it just before; folders of killed runs are removed at the next commit.
 *
 * @example
 * const run = RunFolder.open("out");            // checks and locks out/ before the work
 * const data = compute();
 * run.write("results.json", jsonChunks({ runId: run.id, ...data }));
 * run.commit({ partial: false });              // out/results.json now shows this run
 */
export class RunFolder {
  /** The output folder, absolute. */
  readonly dir: string;
  /** This run's id: the name of its folder under `runs/`. */
  readonly id: string;
  /** This run's own folder, `dir/runs/<id>`. */
  readonly runDir: string;
  /** The option that named the folder, for messages. */
  readonly option: string;
  private readonly lock: OutputLock;
  private done = false;

  private constructor(dir: string, option: string, lock: OutputLock) {
    this.dir = dir;
    this.option = option;
    this.lock = lock;
    this.id = newRunId();
    this.runDir = join(dir, "runs", this.id);
  }

  /**
   * Checks `dir` (see {@link prepareFolder}: created if missing, probed), takes its lock (an
   * `OutputLockedError` while another live run writes there; a stale lock is taken over, and
   * `onStale` told) and creates this run's folder. Call it before the work, so a bad `--out` costs
   * nothing.
   */
  static open(
    dir: string,
    options: { option?: string; onStale?: (holder: LockHolder) => void } = {},
  ): RunFolder {
    const option = options.option ?? "--out";
    const abs = prepareFolder(dir, option);
    const lock = lockOutput(join(abs, ".lock"), { option, target: dir, onStale: options.onStale });
    const run = new RunFolder(abs, option, lock);
    try {
      mkdirSync(join(abs, "runs"), { recursive: true });
      mkdirSync(run.runDir);
    } catch (e) {
      lock.release();
      throw outputFailure(e, option, "create the run folder", run.runDir);
    }
    return run;
  }

  /** The path of a file of this run inside its own folder. */
  path(name: string): string {
    return join(this.runDir, name);
  }

  /** Writes one file of this run (atomically, see {@link writeFileAtomic}). */
  write(name: string, body: Body): void {
    writeFileAtomic(this.path(name), body, { option: this.option });
  }

  /**
   * Publishes the run and releases the lock. Complete (`partial: false`): the stable names
   * (`dir/<file>`) point through `dir/current`, which is switched to this run; an older partial run
   * is removed. Partial: `dir/partial` is switched to this run and `dir/current` (the last complete
   * run) is left as it is.
   */
  commit(options: { partial: boolean }): Committed {
    const files = readdirSync(this.runDir).filter((n) => !n.startsWith("."));
    fsyncFolder(this.runDir);
    fsyncFolder(join(this.dir, "runs"));
    this.lock.assertHeld();
    testPauseSync("commit:before-switch");
    const current = join(this.dir, "current");
    const partial = join(this.dir, "partial");
    const mine = `runs/${this.id}`;
    let replaced: string | null;
    try {
      if (options.partial) {
        replaced = linkTarget(partial);
        replaceSymlink(mine, partial, { option: this.option });
      } else {
        // The stable names first: until `current` switches they show the previous run (or nothing
        // the first time), never a mix with this one.
        for (const name of files) {
          if (linkTarget(join(this.dir, name)) !== `current/${name}`) {
            replaceSymlink(`current/${name}`, join(this.dir, name), { option: this.option });
          }
        }
        replaced = linkTarget(current);
        replaceSymlink(mine, current, { option: this.option });
      }
      fsyncFolder(this.dir);
    } catch (e) {
      this.abandon();
      throw e;
    }
    testPauseSync("commit:after-switch");
    if (!options.partial) {
      try {
        unlinkSync(partial);
      } catch {
        // there was none
      }
    }
    this.collect(replaced);
    this.done = true;
    this.lock.release();
    const folder = options.partial ? partial : this.dir;
    return {
      partial: options.partial,
      folder,
      paths: Object.fromEntries(files.map((n) => [n, join(folder, n)])),
    };
  }

  /** Removes the run folders nobody points at, except `keep` (the one this commit replaced). */
  private collect(keep: string | null): void {
    const wanted = new Set(
      [linkTarget(join(this.dir, "current")), linkTarget(join(this.dir, "partial")), keep].filter(
        (t): t is string => t !== null,
      ),
    );
    for (const name of readdirSync(join(this.dir, "runs"))) {
      if (!wanted.has(`runs/${name}`)) rmSync(join(this.dir, "runs", name), { recursive: true, force: true });
    }
  }

  /**
   * Gives up this run (an error before commit): removes its folder and releases the lock; the
   * outputs of earlier runs are untouched. Idempotent, and a no-op after {@link RunFolder.commit}.
   */
  abandon(): void {
    if (this.done) return;
    this.done = true;
    rmSync(this.runDir, { recursive: true, force: true });
    this.lock.release();
  }
}
