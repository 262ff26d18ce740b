import cliProgress from "cli-progress";

/** Shows progress of experiments: bars on a terminal, plain lines otherwise. */
export interface ProgressDisplay {
  /** An experiment starts. */
  start(id: string, title: string): void;
  /** The running experiment reports a fraction done and its phase. */
  update(id: string, fraction: number, label: string): void;
  /** An experiment ended with a status after `seconds`. */
  finish(id: string, status: string, seconds: number): void;
  /** The run ended: release the terminal (bars). */
  stop(): void;
}

/** Progress that prints nothing (tests, `quiet`). */
export function silentProgress(): ProgressDisplay {
  return { start() {}, update() {}, finish() {}, stop() {} };
}

/**
 * Plain lines on a stream: one at start, one each time the progress passes a tenth or the label
 * changes, one at the end.
 *
 * @example
 * ```ts
 * const p = lineProgress(process.stdout); p.start("a", "A"); p.update("a", 0.5, "sde"); p.finish("a", "passed", 1.2);
 * ```
 */
export function lineProgress(stream: { write(s: string): unknown }): ProgressDisplay {
  const last = new Map<string, { tenth: number; label: string }>();
  return {
    start(id, title) {
      last.set(id, { tenth: -1, label: "" });
      stream.write(`[${id}] start: ${title}\n`);
    },
    update(id, fraction, label) {
      const s = last.get(id) ?? { tenth: -1, label: "" };
      const tenth = Math.floor(Math.min(1, Math.max(0, fraction)) * 10);
      if (tenth !== s.tenth || label !== s.label) {
        stream.write(`[${id}] ${(fraction * 100).toFixed(0).padStart(3)}% ${label}\n`);
        last.set(id, { tenth, label });
      }
    },
    finish(id, status, seconds) {
      stream.write(`[${id}] ${status} in ${seconds.toFixed(1)} s\n`);
    },
    stop() {},
  };
}

/**
 * A cli-progress multi-bar, one bar per experiment (for a TTY).
 *
 * @example
 * ```ts
 * const p = process.stderr.isTTY ? barProgress() : lineProgress(process.stderr);
 * ```
 */
export function barProgress(): ProgressDisplay {
  const multi = new cliProgress.MultiBar(
    {
      format: " {bar} {percentage}% | {id} | {label}",
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      barsize: 30,
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  return {
    start(id) {
      bars.set(id, multi.create(1000, 0, { id, label: "starting" }));
    },
    update(id, fraction, label) {
      bars.get(id)?.update(Math.round(Math.min(1, Math.max(0, fraction)) * 1000), { id, label });
    },
    finish(id, status, seconds) {
      const b = bars.get(id);
      b?.update(status === "passed" || status === "failed" ? 1000 : b.getProgress() * 1000, {
        id,
        label: `${status} (${seconds.toFixed(1)} s)`,
      });
    },
    stop() {
      multi.stop();
    },
  };
}
