import { describe, expect, it } from "vitest";
import { barChart, COLUMN_WIDTH, heatmap, lineChart, panels, tickFormat } from "./charts.js";
import type { VegaLiteSpec } from "./experiment.js";
import { renderSvg } from "./render.js";

const svgWidth = (svg: string) => Number(/^<svg[^>]* width="(\d+(\.\d+)?)"/.exec(svg)?.[1]);

describe("panels", () => {
  it("puts fewer panels in a row when a row would be wider than the report's column", async () => {
    const wide = lineChart(
      [
        { name: "a long series name that needs a wide legend", x: [0, 1], y: [0, 1] },
        { name: "another one", x: [0, 1], y: [1, 0] },
      ],
      { width: 420 },
    );
    const spec = panels([wide, wide, wide], undefined, 3);
    expect(spec.columns).toBeLessThan(3);
    expect(svgWidth(await renderSvg(spec))).toBeLessThanOrEqual(COLUMN_WIDTH);
    // Narrow panels keep the requested three to a row.
    const xs = [0, 1, 2];
    const h = heatmap(xs, xs, [0, 1, 2, 1, 2, 3, 2, 3, 4]);
    const three = panels([h, h, h]);
    expect(three.columns).toBe(3);
    expect(svgWidth(await renderSvg(three))).toBeLessThanOrEqual(COLUMN_WIDTH);
  });

  it("gives a series name the same colour in every panel", () => {
    const a = lineChart([
      { name: "network", x: [0, 1], y: [0, 1] },
      { name: "prediction", x: [0, 1], y: [0, 1] },
      { name: "control", x: [0, 1], y: [1, 0] },
    ]);
    const b = lineChart([
      { name: "network", x: [0, 1], y: [0, 1] },
      { name: "control", x: [0, 1], y: [1, 0] },
    ]);
    const spec = panels([a, b], undefined, 2);
    const ranges = (spec.concat as VegaLiteSpec[]).map((p) => {
      const layer = (p.layer as VegaLiteSpec[])[0];
      const colour = (layer.encoding as Record<string, { scale: { domain: string[]; range: string[] } }>)
        .color;
      return Object.fromEntries(colour.scale.domain.map((n, k) => [n, colour.scale.range[k]]));
    });
    expect(ranges[1].control).toBe(ranges[0].control);
    expect(ranges[1].network).toBe(ranges[0].network);
  });
});

describe("barChart", () => {
  it("has no legend without groups, horizontal labels, and can print the values", async () => {
    const svg = await renderSvg(
      barChart(
        [
          { label: "isotropic D = I", value: 0 },
          { label: "diagonal D = diag(1, 0.2)", value: 0.32 },
        ],
        { values: true, width: 240 },
      ),
    );
    expect(svg).not.toContain("role-legend");
    expect(svg).not.toMatch(/rotate\(-?90\)[^"]*"[^>]*>diagonal/);
    // The long label is wrapped onto lines, never cut with an ellipsis.
    expect(svg).not.toContain("…");
    expect(svg).toContain(">0.32<");
  });
});

describe("tickFormat", () => {
  it("uses one format for every tick: decimals in the ordinary range, exponents outside it", () => {
    expect(tickFormat(0, 0.13)).toBe("~r");
    expect(tickFormat(1e-8, 1e-6)).toBe(".2~e");
    expect(tickFormat(-2e-15, 1e-16)).toBe(".2~e");
    expect(tickFormat(1000, 1000.0001)).toBe(".2~e");
  });
});
