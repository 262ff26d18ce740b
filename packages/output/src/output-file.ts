import { type Body, removeStaleTemporaries, writeFileAtomic } from "./atomic.js";
import { prepareFile } from "./destination.js";
import type { LockHolder } from "./errors.js";
import { lockOutput, type OutputLock } from "./lock.js";

/**
 * One output file of a command (`--out FILE`), checked and locked before the work and written
 * atomically after it: a second run into the same file is refused while this one works, a killed
 * run leaves the previous file as it was.
 *
 * @example
 * const out = OutputFile.open("ss.json");     // refuses /dev/null, /proc/…, a file in the path, …
 * try { out.write(jsonChunks(solve())); } finally { out.close(); }
 */
export class OutputFile {
  /** The file that is replaced: absolute, symbolic links resolved. */
  readonly path: string;
  /** The option that named the file, for messages. */
  readonly option: string;
  private readonly lock: OutputLock;

  private constructor(path: string, option: string, lock: OutputLock) {
    this.path = path;
    this.option = option;
    this.lock = lock;
  }

  /**
   * Checks the destination (see {@link prepareFile}: its folder is created if missing and probed),
   * takes the lock `<file>.lock` (an `OutputLockedError` while another live run writes the same
   * file; a stale one is taken over and `onStale` told) and removes what killed runs left behind.
   */
  static open(
    path: string,
    options: { option?: string; onStale?: (holder: LockHolder) => void } = {},
  ): OutputFile {
    const option = options.option ?? "--out";
    const target = prepareFile(path, option);
    const lock = lockOutput(`${target}.lock`, { option, target: path, onStale: options.onStale });
    removeStaleTemporaries(target);
    return new OutputFile(target, option, lock);
  }

  /** Replaces the file with `body` in one atomic step (see {@link writeFileAtomic}). */
  write(body: Body): void {
    this.lock.assertHeld();
    writeFileAtomic(this.path, body, { option: this.option });
  }

  /** Releases the lock. Idempotent. */
  close(): void {
    this.lock.release();
  }
}
