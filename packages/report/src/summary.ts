import type { RunResult } from "./experiment.js";
import { formatNumber } from "./format.js";
import { mathToText } from "./math.js";

function cut(s: string, n: number): string {
  return s.length <= n ? s.padEnd(n) : `${s.slice(0, n - 1)}…`;
}

/**
 * The console summary: one row per check, `experiment | claim | measured | expected | verdict`
 * (a paired check shows `claim's value vs control's value`).
 *
 * @example
 * ```ts
 * console.log(summaryTable(result));
 * ```
 */
export function summaryTable(result: RunResult, width = 150): string {
  // The id column fits the longest id, so a truncated claim never hides which experiment it is.
  const wId = Math.max(10, ...result.experiments.map((r) => r.id.length));
  const wM = 14;
  const wE = 24;
  const wV = 7;
  const wC = Math.max(30, width - wId - wM - wE - wV - 12);
  const lines: string[] = [];
  const row = (a: string, b: string, c: string, d: string, e: string) =>
    `${cut(a, wId)} | ${cut(b, wC)} | ${cut(c, wM)} | ${cut(d, wE)} | ${cut(e, wV)}`;
  lines.push(row("experiment", "claim", "measured", "expected", "verdict"));
  lines.push("-".repeat(wId + wC + wM + wE + wV + 12));
  for (const r of result.experiments) {
    if (r.status === "skipped" || r.status === "aborted") {
      lines.push(row(r.id, mathToText(r.title), "", "", r.status));
      continue;
    }
    for (const c of r.checks)
      lines.push(
        row(
          r.id,
          mathToText(c.claim),
          c.control
            ? `${formatNumber(c.measured)} vs ${formatNumber(c.control.measured)}`
            : formatNumber(c.measured),
          formatNumber(c.expected),
          c.pass ? "PASS" : "FAIL",
        ),
      );
  }
  const s = result.summary;
  lines.push("-".repeat(wId + wC + wM + wE + wV + 12));
  lines.push(
    `${s.passed}/${s.checks} checks passed, ${s.failed} failed; ${result.experiments.length} experiments in ${result.seconds.toFixed(1)} s${result.aborted ? " (interrupted)" : ""}`,
  );
  return lines.join("\n");
}
