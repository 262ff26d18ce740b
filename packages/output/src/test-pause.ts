import { writeSync } from "node:fs";

/**
 * The environment variable that names a pause point. Tests set it to stop a child process at an
 * exact place (mid-write, before the switch of the current run) and then kill or signal it: the
 * timing of a crash test is then decided by the program's own progress, not by a clock.
 */
export const TEST_PAUSE_ENV = "LANGEVIN_TEST_PAUSE";

function announce(point: string): boolean {
  if (process.env[TEST_PAUSE_ENV] !== point) return false;
  // fd 2 directly: the marker must be out before the process blocks, whatever stderr is.
  writeSync(2, `langevin test pause: ${point} (pid ${process.pid})\n`);
  return true;
}

/**
 * When `LANGEVIN_TEST_PAUSE` equals `point`: prints `langevin test pause: <point> (pid N)` on stderr
 * and blocks the thread for good (the test then kills the process). Otherwise returns at once.
 *
 * @example
 * writeHalf(); testPauseSync("write:results.json"); writeRest();
 */
export function testPauseSync(point: string): void {
  if (!announce(point)) return;
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}

/**
 * When `LANGEVIN_TEST_PAUSE` equals `point`: prints the marker and waits, with the event loop
 * running (signal handlers work), until `signal` aborts. Otherwise resolves at once.
 *
 * @example
 * await testPause(`experiment:${id}`, signal); // a test sends SIGTERM while the run waits here
 */
export async function testPause(point: string, signal?: AbortSignal): Promise<void> {
  if (!announce(point)) return;
  await new Promise<void>((resolve) => {
    // An unresolved promise alone does not keep Node alive; the timer does.
    const keepAlive = setInterval(() => {}, 1 << 30);
    signal?.addEventListener(
      "abort",
      () => {
        clearInterval(keepAlive);
        resolve();
      },
      { once: true },
    );
  });
}
