import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { demoApp, runFolder } from "../test/app-fixture.js";
import {
  type AppDefinition,
  appUsage,
  listExperiments,
  runAndReport,
  runApp,
  selectExperiments,
} from "./app.js";
import { parseCli } from "./cli.js";
import type { Experiment } from "./experiment.js";
import { silentProgress } from "./progress.js";

const pass: Experiment = {
  id: "pass",
  title: "Passes",
  claim: "1 + 1 = 2",
  setup: "none",
  run(ctx) {
    ctx.number("sum", 1 + 1);
    ctx.check({ name: "sum", claim: "1+1=2", measured: 1 + 1, expected: 2, tolerance: "exact", pass: true });
  },
};
const fail: Experiment = {
  id: "fail",
  title: "Fails",
  claim: "2 > 3",
  setup: "none",
  run(ctx) {
    ctx.check({ name: "gt", claim: "2 > 3", measured: 2, expected: "> 3", tolerance: "exact", pass: false });
  },
};
// Sends itself Ctrl-C (as the terminal would) and waits until the runner aborts it.
const interrupted: Experiment = {
  id: "interrupted",
  title: "Interrupted",
  claim: "stops",
  setup: "none",
  async run(ctx) {
    process.emit("SIGINT", "SIGINT");
    while (!ctx.signal.aborted) await new Promise((r) => setTimeout(r, 5));
    ctx.throwIfAborted();
  },
};

const dir = runFolder("report-app-");
const app = demoApp(dir, {
  intro: "An introduction.",
  experiments: [pass, interrupted, fail],
  packages: ["vega"],
});

function capture() {
  const io = { out: "", err: "" };
  return {
    io,
    streams: {
      stdout: { write: (s: string) => (io.out += s), columns: 100 },
      stderr: { write: (s: string) => (io.err += s) },
    },
  };
}

describe("selectExperiments and listExperiments", () => {
  it("select in the app's order and reject unknown ids", () => {
    expect(selectExperiments(app.experiments, ["fail", "pass"]).map((e) => e.id)).toEqual(["pass", "fail"]);
    expect(selectExperiments(app.experiments, null)).toBe(app.experiments);
    expect(() => selectExperiments(app.experiments, ["nope"])).toThrow(
      'unknown experiment "nope" (known: pass, interrupted, fail)',
    );
  });
  it("list ids alone, or ids padded to the longest id plus two spaces and titles", () => {
    expect(listExperiments(app)).toBe("pass\ninterrupted\nfail\n");
    const pad = "interrupted".length + 2;
    expect(listExperiments({ ...app, list: "titles" })).toBe(
      `${"pass".padEnd(pad)}Passes\n${"interrupted".padEnd(pad)}Interrupted\n${"fail".padEnd(pad)}Fails\n`,
    );
  });
  it("the usage names the app, its command, --full and the default folder", () => {
    const u = appUsage(app);
    expect(u.startsWith("demo: a test app\n\nusage: node demo.js [options]\n")).toBe(true);
    expect(u).toContain("--full              bigger runs\n");
    expect(u).toContain(`(default ${app.defaultOut})\n`);
    expect(u).toContain("--list              print the experiment ids, one per line, and exit\n");
    expect(appUsage({ ...app, usage: { ...app.usage, out: "somewhere" } })).toContain(
      "--out <dir>         somewhere\n",
    );
  });
});

describe("runAndReport", () => {
  it("runs the selection and writes report.html and results.json with the app's name and versions", async () => {
    const out = join(dir, "run");
    const r = await runAndReport(
      app,
      { ...parseCli(["--test", "--only", "pass", "--seed", "5"]), out },
      {
        progress: silentProgress(),
      },
    );
    expect(r.result.summary.failed).toBe(0);
    expect(r.figureErrors).toEqual([]);
    const json = JSON.parse(readFileSync(r.jsonPath, "utf8"));
    expect(json).toMatchObject({ app: "demo", mode: "test" });
    expect(json.experiments.map((e: { id: string }) => e.id)).toEqual(["pass"]);
    expect(json.packages.vega).toBe("6.4.0");
    expect(readFileSync(r.htmlPath, "utf8")).toContain("Demo app");
  });
});

describe("runApp exit codes", () => {
  it("0 for --help and --list, 2 for a bad command line (with the usage on stderr)", async () => {
    let c = capture();
    expect(await runApp(app, ["--help"], c.streams)).toBe(0);
    expect(c.io.out).toBe(appUsage(app));
    c = capture();
    expect(await runApp(app, ["--list"], c.streams)).toBe(0);
    expect(c.io.out).toBe("pass\ninterrupted\nfail\n");
    c = capture();
    expect(await runApp(app, ["--bogus"], c.streams)).toBe(2);
    expect(c.io.err).toBe(`unknown option --bogus\n\n${appUsage(app)}`);
    c = capture();
    expect(await runApp(app, ["--only", "nope"], c.streams)).toBe(2);
    expect(process.exitCode).toBe(2);
  });
  it("0 when every check passes, 1 when one fails; prints the summary and the paths", async () => {
    let c = capture();
    const out = join(dir, "codes");
    expect(await runApp(app, ["--test", "--quiet", "--only", "pass", "--out", out], c.streams)).toBe(0);
    expect(c.io.out).toContain("1/1 checks passed");
    expect(c.io.out).toContain(`report:  ${join(out, "report.html")}`);
    expect(process.exitCode).toBe(0);
    c = capture();
    expect(await runApp(app, ["--test", "--quiet", "--only", "pass,fail", "--out", out], c.streams)).toBe(1);
    expect(c.io.out).toContain("1/2 checks passed, 1 failed");
  });
  it("130 on Ctrl-C: the report is still written, as partial results, the rest skipped, the handlers removed", async () => {
    const c = capture();
    const out = join(dir, "interrupt");
    const before = [process.listenerCount("SIGINT"), process.listenerCount("SIGTERM")];
    expect(
      await runApp(app, ["--test", "--quiet", "--only", "fail,interrupted", "--out", out], c.streams),
    ).toBe(130);
    expect(c.io.err).toContain(
      "interrupted (SIGINT): finishing the report with what is done, as partial results",
    );
    expect([process.listenerCount("SIGINT"), process.listenerCount("SIGTERM")]).toEqual(before);
    expect(c.io.out).toContain(
      `partial results (interrupted):\nreport:  ${join(out, "partial", "report.html")}`,
    );
    const json = JSON.parse(readFileSync(join(out, "partial", "results.json"), "utf8"));
    expect(json.aborted).toBe(true);
    expect(json.partial).toBe(true);
    expect(json.experiments.map((e: { status: string }) => e.status)).toEqual(["aborted", "skipped"]);
    expect(existsSync(join(out, "results.json"))).toBe(false);
  });
  it("2 for an unusable --out, before any experiment runs, with a message naming --out", async () => {
    const file = join(dir, "a-file");
    writeFileSync(file, "");
    let runs = 0;
    const counted: AppDefinition = {
      ...app,
      experiments: [
        {
          ...pass,
          run(ctx) {
            runs++;
            return pass.run(ctx);
          },
        },
      ],
    };
    for (const [out, why] of [
      [join(file, "out"), `${file} is a file, not a folder`],
      ["/proc/langevin-out", "/proc is on a special file system (proc)"],
    ]) {
      const c = capture();
      expect(await runApp(counted, ["--test", "--quiet", "--out", out], c.streams)).toBe(2);
      expect(c.io.err).toContain(`--out: ${out}: ${why}`);
      expect(c.io.out).toBe("");
    }
    expect(runs).toBe(0);
  });
});
