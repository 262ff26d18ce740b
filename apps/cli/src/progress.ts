/**
 * Progress of a long run on stderr: a single self-overwriting line on a terminal, nothing otherwise
 * (so logs and pipes stay clean), never with `--quiet`.
 *
 * @example
 * const p = new Progress(true);
 * p.update("sde", 0.5);
 * p.done();
 */
export class Progress {
  private last = 0;
  private shown = false;
  constructor(private readonly enabled: boolean) {}

  /** Reports `fraction` in [0, 1] of the task `label` (throttled to ~10 updates per second). */
  update(label: string, fraction: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 100 && fraction < 1) return;
    this.last = now;
    const pct = Math.max(0, Math.min(100, fraction * 100));
    process.stderr.write(`\r${label} ${pct.toFixed(0).padStart(3)}%`);
    this.shown = true;
  }

  /** A callback suitable for the solvers' `onProgress`. */
  callback(label: string): (fraction: number) => void {
    return (fraction: number) => this.update(label, fraction);
  }

  /** Clears the progress line. */
  done(): void {
    if (this.shown) process.stderr.write("\r\x1b[K");
    this.shown = false;
  }
}
