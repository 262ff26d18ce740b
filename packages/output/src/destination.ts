import { randomBytes } from "node:crypto";
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  realpathSync,
  type Stats,
  statfsSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import { OutputError, outputFailure } from "./errors.js";

/**
 * Linux file systems that look like folders but store nothing (statfs f_type → name). Writing there
 * fails late or, worse, never ends: Node's recursive mkdir retries ENOENT under /proc forever.
 */
const SPECIAL_FILE_SYSTEMS: Record<number, string> = {
  40864: "proc",
  1650812274: "sysfs",
  1684170528: "debugfs",
  1953653091: "tracefs",
  1935894131: "securityfs",
  2613483: "cgroup",
  1667723888: "cgroup2",
  7377: "devpts",
  1650812272: "configfs",
  3405662737: "bpf",
  1634035564: "pstore",
  3730735588: "efivarfs",
  4185718668: "selinuxfs",
  1702057283: "fusectl",
  1112100429: "binfmt_misc",
  427819522: "mqueue",
  1853056627: "nsfs",
};

/** How many bytes the probe writes: enough that a full disk or a small file-size limit shows before the run. */
export const PROBE_BYTES = 64 * 1024;

function kind(st: Stats): string {
  if (st.isFile()) return "a file";
  if (st.isDirectory()) return "a folder";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isFIFO()) return "a pipe";
  if (st.isSocket()) return "a socket";
  return "not a regular file";
}

function refuseSpecial(existing: string, path: string, option: string): void {
  if (process.platform !== "linux") return;
  let type: number;
  try {
    type = statfsSync(existing).type;
  } catch {
    return;
  }
  const name = SPECIAL_FILE_SYSTEMS[type];
  if (name) {
    throw new OutputError(
      option,
      `${path}: ${existing} is on a special file system (${name}) that stores no files; choose a folder on a disk`,
    );
  }
}

/** `stat` of `p`, or undefined when nothing is there (or a part of the path is a file). */
function statIfAny(p: string, shown: string, option: string): Stats | undefined {
  try {
    return statSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" && code !== "ENOTDIR") throw outputFailure(e, option, "use", shown);
    return undefined;
  }
}

/**
 * Creates `dir` and its missing parents one level at a time, each at most once, so that a file
 * system which answers ENOENT for a folder whose parent exists ends the walk with an error instead
 * of the endless retry of `mkdirSync(dir, { recursive: true })`.
 */
function makeFolders(dir: string, shown: string, option: string, forFile: boolean): void {
  const missing: string[] = [];
  let p = dir;
  for (;;) {
    const st = statIfAny(p, shown, option);
    if (st) {
      if (!st.isDirectory()) {
        throw new OutputError(
          option,
          p === dir && !forFile
            ? `${shown} is ${kind(st)}, not a folder`
            : `${shown}: ${p} is ${kind(st)}, not a folder`,
        );
      }
      break;
    }
    missing.push(p);
    const parent = dirname(p);
    if (parent === p) throw new OutputError(option, `${shown}: no existing folder above it`);
    p = parent;
  }
  refuseSpecial(p, shown, option);
  for (const m of missing.reverse()) {
    try {
      mkdirSync(m);
    } catch (e) {
      // Another process may create the same folder between our stat and mkdir.
      if ((e as NodeJS.ErrnoException).code === "EEXIST" && statSync(m).isDirectory()) continue;
      throw outputFailure(e, option, "create the folder", m);
    }
  }
}

/** Writes, syncs and removes a probe file, so an unwritable or full folder shows before the work. */
function probe(dir: string, option: string): void {
  const path = join(dir, `.langevin-probe-${process.pid}-${randomBytes(4).toString("hex")}`);
  let fd: number | undefined;
  try {
    fd = openSync(path, "wx");
    const block = Buffer.alloc(PROBE_BYTES, 32);
    for (let done = 0; done < block.length; ) done += writeSync(fd, block, done);
    fsyncSync(fd);
  } catch (e) {
    throw outputFailure(e, option, "write into", dir);
  } finally {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(path);
    } catch {
      // never created
    }
  }
}

/**
 * Makes sure results can be written into the folder `dir` before any work is done: refuses an
 * empty path, a path through a file, special file systems (/proc, /sys, …); creates the folder and
 * its missing parents; writes and removes a 64 KiB probe file (a read-only folder, a full disk or a
 * file-size limit fails here). Every failure is an {@link OutputError} naming `option`. Returns the
 * absolute path.
 *
 * @example
 * const dir = prepareFolder("out", "--out"); // "/home/me/project/out", created if missing
 */
export function prepareFolder(dir: string, option: string): string {
  if (dir.trim() === "") throw new OutputError(option, "the path is empty");
  return prepare(resolve(dir), dir, option, false);
}

/** Checks, creates and probes the folder `abs`; messages name `shown`, the path the user gave. */
function prepare(abs: string, shown: string, option: string, forFile: boolean): string {
  makeFolders(abs, shown, option, forFile);
  refuseSpecial(abs, shown, option);
  probe(abs, option);
  return abs;
}

/**
 * Makes sure the file `path` can be written before any work is done: an existing target must be a
 * regular file (not /dev/null, a pipe or a folder), its folder passes {@link prepareFolder} (and is
 * created if missing). Returns the absolute path to write, with symbolic links resolved (so that the
 * atomic rename replaces the file the link points to, not the link).
 *
 * @example
 * const target = prepareFile("results/ss.json", "--out");
 */
export function prepareFile(path: string, option: string): string {
  if (path.trim() === "") throw new OutputError(option, "the path is empty");
  const st = statIfAny(path, path, option);
  if (st && !st.isFile()) {
    throw new OutputError(
      option,
      `${path} is ${kind(st)}, not a regular file${st.isDirectory() ? "" : " (leave out the option to write to standard output)"}`,
    );
  }
  const abs = st ? realpathSync(path) : resolve(path);
  prepare(dirname(abs), path, option, true);
  return abs;
}
