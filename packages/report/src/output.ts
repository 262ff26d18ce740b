import { jsonChunks, RunFolder, testPauseSync } from "@langevin/output";
import type { RunResult } from "./experiment.js";
import { reportHtml } from "./html.js";
import { renderSvg } from "./render.js";

/** What {@link writeReport} wrote and where a reader finds it. */
export interface WrittenReport {
  /** `dir/report.html` for a complete run, `dir/partial/report.html` for an interrupted one. */
  htmlPath: string;
  /** `dir/results.json`, or `dir/partial/results.json`. */
  jsonPath: string;
  /** Figures that failed to render (also shown in the report). */
  figureErrors: string[];
  /** The run id, in results.json (`runId`) and report.html (`<meta name="langevin-run">`). */
  runId: string;
  /** True when the run was interrupted and went to `dir/partial/`, leaving the last complete run in place. */
  partial: boolean;
}

/**
 * Renders every figure and writes `report.html` and `results.json` of one run into `out` (a
 * folder, checked, created and locked here, or a {@link RunFolder} opened before the run). The
 * pair is published in one atomic step: `dir/report.html` and `dir/results.json` go through the
 * link `dir/current`, switched to the new run only once both files are complete on disk, so a
 * reader never sees half a file or files of two runs, and a killed run leaves the previous ones.
 * An interrupted run (`result.aborted`) is published under `dir/partial/` instead, marked
 * `"partial": true`, and the last complete run stays where it was. Figures that fail to render
 * are shown as errors in the report and listed in the return value. results.json holds everything
 * but the figure specs' data (kept small): numbers, checks, seeds, versions, timings.
 *
 * @example
 * ```ts
 * const { htmlPath, jsonPath } = await writeReport(result, "out", { title: "My reproduction" });
 * ```
 */
export async function writeReport(
  result: RunResult,
  out: string | RunFolder,
  options: { title: string; intro?: string },
): Promise<WrittenReport> {
  const run = typeof out === "string" ? RunFolder.open(out) : out;
  try {
    const svgs: Record<string, (string | { error: string })[]> = {};
    const figureErrors: string[] = [];
    for (const r of result.experiments) {
      svgs[r.id] = [];
      for (const f of r.figures) {
        try {
          svgs[r.id].push(await renderSvg(f.spec));
        } catch (e) {
          const message = e instanceof Error ? e.message : String(e);
          svgs[r.id].push({ error: message });
          figureErrors.push(`${r.id}/${f.id}: ${message}`);
        }
      }
    }
    const partial = result.aborted;
    run.write("report.html", reportHtml(result, svgs, { ...options, runId: run.id }));
    testPauseSync("report:after-html");
    const json = {
      runId: run.id,
      partial,
      ...result,
      experiments: result.experiments.map((r) => ({
        ...r,
        figures: r.figures.map((f) => ({ id: f.id, title: f.title, caption: f.caption })),
      })),
    };
    run.write("results.json", jsonChunks(json, { indent: 1 }));
    const { paths } = run.commit({ partial });
    return {
      htmlPath: paths["report.html"],
      jsonPath: paths["results.json"],
      figureErrors,
      runId: run.id,
      partial,
    };
  } finally {
    run.abandon();
  }
}
