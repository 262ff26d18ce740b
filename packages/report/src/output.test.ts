import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lineChart } from "./charts.js";
import { writeReport } from "./output.js";
import { runExperiments } from "./runner.js";

describe("writeReport", () => {
  it("writes a self-contained report.html with every figure and a results.json with every number", async () => {
    const r = await runExperiments(
      [
        {
          id: "e",
          title: "E",
          claim: "c",
          setup: "s",
          run(ctx) {
            ctx.number("x", [1, 2]);
            ctx.figure("f1", "first", lineChart([{ name: "a", x: [0, 1], y: [0, 1] }]));
            ctx.figure("f2", "broken", { mark: "not-a-mark" });
            ctx.check({ name: "c", claim: "c", measured: 1, expected: 1, tolerance: "exact", pass: true });
          },
        },
      ],
      { app: "t", mode: "test", packages: { demo: "1.0.0" } },
    );
    const dir = mkdtempSync(join(tmpdir(), "report-"));
    try {
      const { htmlPath, jsonPath, figureErrors, runId } = await writeReport(r, dir, { title: "T" });
      const html = readFileSync(htmlPath, "utf8");
      expect(html).toContain('data-figure="f1"');
      expect(html).toContain('data-figure="f2"');
      expect(html).toContain("<svg");
      expect(html).not.toMatch(/<script|<link|src="http/);
      expect(figureErrors).toHaveLength(1);
      const json = JSON.parse(readFileSync(jsonPath, "utf8"));
      expect(json.runId).toBe(runId);
      expect(json.partial).toBe(false);
      expect(html).toContain(`<meta name="langevin-run" content="${runId}">`);
      expect(json.experiments[0].numbers.x).toEqual([1, 2]);
      expect(json.packages.demo).toBe("1.0.0");
      expect(json.environment.node).toBe(process.version);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
