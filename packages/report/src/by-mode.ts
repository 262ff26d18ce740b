import type { Mode } from "./experiment.js";

/**
 * Picks the value of a per-mode parameter (the run sizes of an experiment in test, fast and full mode).
 *
 * @example
 * ```ts
 * byMode("fast", { test: 2, fast: 4, full: 6 }); // 4
 * ```
 */
export function byMode<T>(mode: Mode, values: { test: T; fast: T; full: T }): T {
  return values[mode];
}
