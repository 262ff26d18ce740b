import { randomBytes } from "node:crypto";
import { closeSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { type LockHolder, OutputError, OutputLockedError, outputFailure } from "./errors.js";

/** A held lock on an output (see {@link lockOutput}). */
export interface OutputLock {
  /** The lock file. */
  readonly path: string;
  /** What the lock file says about this process. */
  readonly holder: LockHolder;
  /** Throws an {@link OutputError} unless the lock file is still this lock (it may have been taken over as stale). */
  assertHeld(): void;
  /** Removes the lock file if it is still this lock. Idempotent; also runs when the process exits. */
  release(): void;
}

/** Linux: a process's start time in clock ticks since boot, or null where /proc is not there. */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 22; the command name (field 2) is parenthesised and may contain spaces.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

function readHolder(path: string): LockHolder | null | "gone" {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return "gone";
    throw e;
  }
  try {
    const h = JSON.parse(text) as LockHolder;
    return typeof h.pid === "number" && typeof h.token === "string" ? h : null;
  } catch {
    return null;
  }
}

/** Whether the process that wrote `h` may still be running (unknown counts as alive). */
function alive(h: LockHolder): boolean {
  if (h.host !== hostname()) return true;
  try {
    process.kill(h.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ESRCH") return false;
  }
  // The pid exists; if it started at another time it is a new process that reused the number.
  const now = h.procStart === null ? null : processStart(h.pid);
  return now === null || now === h.procStart;
}

/** Puts `content` at `path` only if nothing is there, in one step, so no reader sees a half-written lock. */
function createExclusive(path: string, content: string): boolean {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}`;
  const fd = openSync(tmp, "wx");
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, path);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP") throw e;
    // File systems without hard links: exclusive create, then write (a crash in between leaves an
    // unreadable lock, which is refused with instructions rather than guessed at).
    let fd2: number;
    try {
      fd2 = openSync(path, "wx");
    } catch (e2) {
      if ((e2 as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw e2;
    }
    try {
      writeSync(fd2, content);
    } finally {
      closeSync(fd2);
    }
    return true;
  } finally {
    unlinkSync(tmp);
  }
}

/** Removes a stale lock only if it is still the one judged stale (another process may have replaced it meanwhile). */
function removeStale(path: string, stale: LockHolder): void {
  const aside = `${path}.stale.${process.pid}.${randomBytes(4).toString("hex")}`;
  try {
    renameSync(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    throw e;
  }
  const moved = readHolder(aside);
  if (moved !== "gone" && moved !== null && moved.token !== stale.token) {
    // A live run took the lock between our read and our rename: give it back.
    try {
      linkSync(aside, path);
    } catch {
      // a third process holds it now; the first one notices at assertHeld()
    }
  }
  unlinkSync(aside);
}

function describe(h: LockHolder): string {
  return `pid ${h.pid}${h.host !== hostname() ? ` on ${h.host}` : ""}, started ${h.started}${
    h.command ? `: ${h.command}` : ""
  }`;
}

/**
 * Takes the lock file `path` that guards an output (`target`, named in messages): refuses with an
 * {@link OutputLockedError} naming the target and the holder's pid while another live run holds it,
 * and takes over a stale lock whose process is gone (the pid no longer exists, or, on Linux, now
 * belongs to a process that started later). Locks of another host are never judged stale. The lock
 * is released by `release()` or when the process exits; a killed process leaves a stale lock.
 *
 * @example
 * const lock = lockOutput("out/.lock", { option: "--out", target: "out" });
 * try { work(); } finally { lock.release(); }
 */
export function lockOutput(
  path: string,
  options: { option?: string; target: string; onStale?: (holder: LockHolder) => void },
): OutputLock {
  const option = options.option ?? "--out";
  const holder: LockHolder = {
    pid: process.pid,
    host: hostname(),
    started: new Date().toISOString(),
    command: process.argv.slice(1).join(" "),
    token: randomBytes(8).toString("hex"),
    procStart: processStart(process.pid),
  };
  const content = `${JSON.stringify(holder, null, 1)}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    let created: boolean;
    try {
      created = createExclusive(path, content);
    } catch (e) {
      throw outputFailure(e, option, "create the lock", path);
    }
    if (created) return held(path, holder, option, options.target);
    const other = readHolder(path);
    if (other === "gone") continue;
    if (other === null) {
      throw new OutputLockedError(
        option,
        `${options.target} is locked by ${path}, which cannot be read; delete it if no run is writing there`,
        path,
        null,
      );
    }
    if (alive(other)) {
      throw new OutputLockedError(
        option,
        `${options.target} is in use by another run (${describe(other)}); wait for it to finish, or use another folder (the lock is ${path})`,
        path,
        other,
      );
    }
    options.onStale?.(other);
    removeStale(path, other);
  }
  throw new OutputError(
    option,
    `${options.target}: could not take the lock ${path} (other runs keep taking it)`,
  );
}

function held(path: string, holder: LockHolder, option: string, target: string): OutputLock {
  let released = false;
  const mine = () => {
    const now = readHolder(path);
    return now !== "gone" && now !== null && now.token === holder.token;
  };
  const release = () => {
    if (released) return;
    released = true;
    process.off("exit", release);
    try {
      if (mine()) unlinkSync(path);
    } catch {
      // the folder is gone or unreadable: nothing left to release
    }
  };
  process.on("exit", release);
  return {
    path,
    holder,
    assertHeld() {
      if (released || !mine()) {
        throw new OutputError(option, `${target}: lost the lock ${path} (another run took it over)`);
      }
    },
    release,
  };
}
