import * as vega from "vega";
import * as vl from "vega-lite";
import type { VegaLiteSpec } from "./experiment.js";

/**
 * Renders a vega-lite spec to an SVG string in Node (headless vega view, renderer "none"; no canvas).
 *
 * @example
 * ```ts
 * const svg = await renderSvg({ data: { values: [{ x: 1, y: 2 }] }, mark: "point",
 *   encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } } });
 * svg.startsWith("<svg"); // true
 * ```
 */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  // biome-ignore lint/suspicious/noExplicitAny: vega-lite's TopLevelSpec type is too narrow for generated JSON.
  const compiled = vl.compile(spec as any).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
