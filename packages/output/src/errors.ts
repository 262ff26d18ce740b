import { InvalidArgumentError } from "@langevin/core/base";

/**
 * The output destination cannot be used: a missing or unwritable folder, a file where a folder
 * should be, a special file system, a full disk. It names the option the user gave the path with
 * (`--out`), so a command line maps it to a usage error (exit 2) like any other bad argument.
 *
 * @example
 * throw new OutputError("--out", "/proc/x: /proc is a special file system (proc), not storage");
 * // message "--out: /proc/x: /proc is a special file system (proc), not storage"
 */
export class OutputError extends InvalidArgumentError {
  /** Always `"OutputError"`. */
  override name = "OutputError";
}

/** Who holds an output lock, as recorded in the lock file. */
export interface LockHolder {
  /** Process id of the holder. */
  pid: number;
  /** Host name of the holder's machine (a pid is only meaningful there). */
  host: string;
  /** ISO time at which the holder took the lock. */
  started: string;
  /** The holder's command line, for the message. */
  command: string;
  /** Random per lock, so a stale lock is removed only if it is still the one judged stale. */
  token: string;
  /** Linux: the holder's start time in clock ticks since boot (/proc/PID/stat), which tells a reused pid apart. */
  procStart: string | null;
}

/**
 * Another run, alive, is writing into the same output: refusing is the only way not to mix two runs.
 *
 * @example
 * try { lockOutput("out/.lock", { option: "--out", target: "out" }); }
 * catch (e) { if (e instanceof OutputLockedError) console.log(e.holder?.pid); }
 */
export class OutputLockedError extends OutputError {
  /** Always `"OutputLockedError"`. */
  override name = "OutputLockedError";
  constructor(
    option: string,
    detail: string,
    /** The lock file. */
    readonly lockPath: string,
    /** What the lock file says, or null when it cannot be read. */
    readonly holder: LockHolder | null,
  ) {
    super(option, detail);
  }
}

const REASONS: Record<string, string> = {
  ENOSPC: "no space left on the device",
  EDQUOT: "the disk quota is exhausted",
  EFBIG: "the file is larger than the file-size limit allows (ulimit -f)",
  EROFS: "the file system is read-only",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ENOTDIR: "a part of the path is a file, not a folder",
  EISDIR: "it is a folder",
  ENOENT: "no such file or folder",
  ENAMETOOLONG: "the name is too long",
  ELOOP: "too many symbolic links",
  EMFILE: "too many open files",
  EIO: "input/output error",
};

/**
 * Turns a file-system error met while writing `path` into an {@link OutputError} naming `option`;
 * anything that is not a file-system error (a bug) is returned unchanged.
 *
 * @example
 * try { writeFileSync("/x", "") } catch (e) { throw outputFailure(e, "--out", "writing", "/x"); }
 */
export function outputFailure(error: unknown, option: string, doing: string, path: string): unknown {
  if (error instanceof OutputError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== "string" || !/^E[A-Z]+$/.test(code)) return error;
  return new OutputError(option, `cannot ${doing} ${path}: ${REASONS[code] ?? code} (${code})`);
}
