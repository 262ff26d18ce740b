import { describe, expect, it } from "vitest";
import { heatmap, lineChart, panels } from "./charts.js";
import { renderSvg } from "./render.js";

describe("renderSvg", () => {
  it("renders a line chart to an SVG with one path per series", async () => {
    const svg = await renderSvg(
      lineChart([
        { name: "a", x: [0, 1, 2], y: [1, 2, 3] },
        { name: "b", x: [0, 1, 2], y: [3, 2, 1] },
      ]),
    );
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("</svg>");
    // One line mark group per series (vega draws a group per colour).
    expect((svg.match(/mark-line role-mark/g) ?? []).length).toBe(2);
  });

  it("renders a heatmap with contours, arrows and marks in panels", async () => {
    const xs = [-1, -0.5, 0, 0.5, 1];
    const ys = [-1, 0, 1];
    const z = new Float64Array(15).map((_, k) => xs[Math.floor(k / 3)] ** 2 + ys[k % 3] ** 2);
    const h = heatmap(xs, ys, z, {
      contours: [{ z, levels: [0.5], name: "f" }],
      arrows: { x: [0], y: [0], u: [1], v: [1] },
      marks: [{ x: 0, y: 0, label: "min" }],
    });
    const svg = await renderSvg(panels([h, h], "two"));
    // The field is one embedded PNG per panel (uniform grid), not a rectangle per cell.
    expect((svg.match(/<image [^>]*href="data:image\/png;base64,/g) ?? []).length).toBe(2);
    expect(svg).toContain("min");
  });

  it("draws a heatmap on a non-uniform grid as rectangles", async () => {
    const xs = [0, 1, 3];
    const ys = [0, 1];
    const svg = await renderSvg(heatmap(xs, ys, [0, 1, 2, 3, 4, 5]));
    expect(svg).not.toContain("<image");
    expect((svg.match(/mark-rect role-mark/g) ?? []).length).toBe(1);
  });

  it("shows $…$ mathematics in figures as plain text", async () => {
    const svg = await renderSvg(lineChart([{ name: "a", x: [0, 1], y: [0, 1] }], { yTitle: "$x_1^2$" }));
    expect(svg).toContain("x₁²");
    expect(svg).not.toContain("$");
  });

  it("rejects an invalid spec", async () => {
    await expect(renderSvg({ mark: "nonsense-mark" })).rejects.toThrow();
  });
});
