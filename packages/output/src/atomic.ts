import { randomBytes } from "node:crypto";
import {
  closeSync,
  fsyncSync,
  openSync,
  readdirSync,
  renameSync,
  symlinkSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { outputFailure } from "./errors.js";
import { testPauseSync } from "./test-pause.js";

/** What can be written: text, bytes, or a sequence of chunks (streamed, never joined into one string). */
export type Body = string | Uint8Array | Iterable<string | Uint8Array>;

/** Strings are gathered up to this many UTF-16 units before they are encoded and written. */
const FLUSH_UNITS = 1 << 20;

function tempName(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
}

/**
 * Flushes a folder's entries (a rename, a new file) to the disk. Platforms that cannot open a
 * folder for syncing (Windows) keep what their file system guarantees.
 *
 * @example
 * fsyncFolder("out");
 */
export function fsyncFolder(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, "r");
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== "EINVAL" && code !== "EISDIR" && code !== "EPERM" && code !== "EBADF") throw e;
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
}

/**
 * Writes `body` to `path` so that `path` is, at every instant and after any crash, either its old
 * content or the complete new one: the bytes go to a temporary file in the same folder, which is
 * synced, closed and renamed over `path`; then the folder is synced so the rename survives a power
 * cut. Chunks are streamed, so a body larger than the longest JavaScript string can be written.
 * File-system errors become an {@link OutputError} naming `option` (default `"--out"`), and the
 * temporary file is removed.
 *
 * @example
 * writeFileAtomic("out/results.json", jsonChunks(results));
 */
export function writeFileAtomic(path: string, body: Body, options: { option?: string } = {}): void {
  const option = options.option ?? "--out";
  const tmp = tempName(path);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, "wx");
    if (typeof body === "string") writeAll(fd, Buffer.from(body));
    else if (body instanceof Uint8Array) writeAll(fd, body);
    else {
      let pending: string[] = [];
      let units = 0;
      let flushes = 0;
      const flush = () => {
        writeAll(fd as number, Buffer.from(pending.join("")));
        pending = [];
        units = 0;
        // The crash test stops here: part of the file is written, the rest is not.
        if (++flushes === 1) testPauseSync(`write:${basename(path)}`);
      };
      for (const chunk of body) {
        if (typeof chunk === "string") {
          pending.push(chunk);
          units += chunk.length;
          if (units >= FLUSH_UNITS) flush();
        } else {
          if (units > 0) flush();
          writeAll(fd, chunk);
        }
      }
      if (units > 0) flush();
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // not created, or already renamed
    }
    throw outputFailure(e, option, "write", path);
  }
  fsyncFolder(dirname(path));
}

/**
 * Points the symbolic link `link` at `target` in one atomic step (a new link under a temporary
 * name renamed over the old one): a reader resolves either the old target or the new, never
 * nothing. Does not sync the folder (the caller syncs once after its last switch).
 *
 * @example
 * replaceSymlink("runs/20260101T000000Z-42-ab12cd34", "out/current");
 */
export function replaceSymlink(target: string, link: string, options: { option?: string } = {}): void {
  const tmp = tempName(link);
  try {
    symlinkSync(target, tmp);
    renameSync(tmp, link);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // not created, or already renamed
    }
    throw outputFailure(e, options.option ?? "--out", "switch the link", link);
  }
}

/**
 * Removes the temporary files that {@link writeFileAtomic} left for `path` in a process that was
 * killed mid-write. Call it only while holding the lock on `path` (then no live writer owns them).
 *
 * @example
 * removeStaleTemporaries("results/ss.json");
 */
export function removeStaleTemporaries(path: string): void {
  const prefix = `.${basename(path)}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return;
  }
  for (const name of names) {
    if (name.startsWith(prefix) && /\.\d+\.[0-9a-f]{8}\.tmp$/.test(name)) {
      try {
        unlinkSync(join(dirname(path), name));
      } catch {
        // gone already
      }
    }
  }
}
