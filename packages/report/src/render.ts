import * as vega from "vega";
import * as vl from "vega-lite";
import type { VegaLiteSpec } from "./experiment.js";
import { mathToText } from "./math.js";

/** The spec with every string holding `$…$` mathematics replaced by its plain-text reading (SVG text cannot hold MathML). */
function plainStrings(node: unknown): unknown {
  if (typeof node === "string") return node.includes("$") ? mathToText(node) : node;
  if (Array.isArray(node)) return node.map(plainStrings);
  if (node && typeof node === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node))
      out[k] = k === "values" && Array.isArray(v) && typeof v[0] !== "object" ? v : plainStrings(v);
    return out;
  }
  return node;
}

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
  // No ARIA labels per mark (they triple the size of heatmaps); a figure has its caption instead.
  const withConfig = {
    ...(plainStrings(spec) as VegaLiteSpec),
    config: { ...(spec.config ?? {}), aria: false, legend: { gradientLength: 160 } },
  };
  // biome-ignore lint/suspicious/noExplicitAny: vega-lite's TopLevelSpec type is too narrow for generated JSON.
  const compiled = vl.compile(withConfig as any).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return compactSvg(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/** Rounds the coordinates in path data and transforms to 2 decimals (sub-pixel; 40-60% smaller files). */
export function compactSvg(svg: string): string {
  return svg.replace(/(d|transform)="([^"]*)"/g, (_m, attr: string, body: string) => {
    const short = body.replace(/-?\d+\.\d{3,}(e-?\d+)?/g, (num) => {
      const v = Number(num);
      return Math.abs(v) < 5e-3 ? "0" : String(Math.round(v * 100) / 100);
    });
    return `${attr}="${short}"`;
  });
}
