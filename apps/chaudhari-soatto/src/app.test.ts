import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseCli, type RunResult, runAndReport } from "@langevin/report";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { app } from "./app.js";
import { experiments } from "./experiments/index.js";

// One run of the whole app in its smallest mode (--test) serves every test below: each experiment's
// checks must pass, and the outputs must hold every number and every figure.
describe("the reproduction app in test mode", () => {
  let dir = "";
  let result: RunResult;
  let html = "";
  let json: RunResult;
  let figureErrors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "chaudhari-soatto-"));
    const out = await runAndReport(app, { ...parseCli(["--test", "--quiet"]), out: dir });
    result = out.result;
    figureErrors = out.figureErrors;
    html = readFileSync(out.htmlPath, "utf8");
    json = JSON.parse(readFileSync(out.jsonPath, "utf8"));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const e of experiments) {
    it(`${e.id}: every check passes`, () => {
      const r = result.experiments.find((x) => x.id === e.id);
      expect(r).toBeDefined();
      const failed = r!.checks.filter((c) => !c.pass).map((c) => `${c.name}: ${c.measured} vs ${c.expected}`);
      expect(failed).toEqual([]);
      expect(r!.checks.length).toBeGreaterThan(0);
      expect(r!.status).toBe("passed");
    });
  }

  it("writes results.json with every experiment, its checks, numbers, seeds and the versions", () => {
    expect(json.mode).toBe("test");
    expect(json.experiments.map((e) => e.id)).toEqual(experiments.map((e) => e.id));
    for (const e of json.experiments) {
      expect(Object.keys(e.numbers).length).toBeGreaterThan(0);
      expect(Object.keys(e.seeds).length + e.checks.length).toBeGreaterThan(0);
      for (const c of e.checks) expect(typeof c.pass).toBe("boolean");
    }
    expect(json.packages["@langevin/core"]).toMatch(/^\d+\.\d+\.\d+/);
    expect(json.packages.vega).toBe("6.4.0");
    expect(json.environment.node).toBe(process.version);
    expect(json.summary.failed).toBe(0);
  });

  it("writes a self-contained report.html with every figure rendered as inline SVG", () => {
    expect(figureErrors).toEqual([]);
    for (const r of result.experiments)
      for (const f of r.figures) {
        const at = html.indexOf(`data-figure="${f.id}"`);
        expect(at, `${r.id}/${f.id}`).toBeGreaterThan(0);
        expect(html.slice(at, at + 2000)).toContain("<svg");
      }
    expect(html).not.toMatch(/<script|<link |src="http|href="http/);
  });
});
