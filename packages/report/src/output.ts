import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RunResult } from "./experiment.js";
import { reportHtml } from "./html.js";
import { renderSvg } from "./render.js";

/**
 * Renders every figure and writes `report.html` and `results.json` into `dir` (created if needed).
 * Figures that fail to render are shown as errors in the report and listed in the return value.
 * results.json holds everything but the figure specs' data (kept small): numbers, checks, seeds,
 * versions, timings.
 *
 * @example
 * ```ts
 * const { htmlPath, jsonPath } = await writeReport(result, "out", { title: "My reproduction" });
 * ```
 */
export async function writeReport(
  result: RunResult,
  dir: string,
  options: { title: string; intro?: string },
): Promise<{ htmlPath: string; jsonPath: string; figureErrors: string[] }> {
  mkdirSync(dir, { recursive: true });
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
  const htmlPath = join(dir, "report.html");
  const jsonPath = join(dir, "results.json");
  writeFileSync(htmlPath, reportHtml(result, svgs, options));
  const json = {
    ...result,
    experiments: result.experiments.map((r) => ({
      ...r,
      figures: r.figures.map((f) => ({ id: f.id, title: f.title, caption: f.caption })),
    })),
  };
  writeFileSync(
    jsonPath,
    JSON.stringify(json, (_k, v) => (v instanceof Float64Array ? Array.from(v) : v), 1),
  );
  return { htmlPath, jsonPath, figureErrors };
}
