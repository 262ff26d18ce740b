import { heatmap, lineChart, runExperiments, summaryTable, writeReport } from "@langevin/report";

const experiment = {
  id: "sqrt2",
  title: "Newton's iteration for √2",
  claim: "Newton's iteration x ← (x + 2/x)/2 converges quadratically to √2.",
  setup: "Start at x = 1, six iterations.",
  run(ctx) {
    const xs = [1];
    for (let k = 0; k < 6; k++) xs.push((xs[k] + 2 / xs[k]) / 2);
    const err = xs.map((x) => Math.abs(x - Math.SQRT2));
    ctx.number("iterates", xs);
    ctx.check({
      name: "converged",
      claim: "the last iterate equals √2",
      measured: xs[6],
      expected: Math.SQRT2,
      tolerance: "1e-15 (round-off)",
      pass: err[6] <= 1e-15,
    });
    ctx.figure(
      "error",
      "Error per iteration",
      lineChart([{ name: "|x − √2|", x: err.map((_, k) => k), y: err }], { logY: true }),
    );
    const g = [-1, 0, 1];
    ctx.figure(
      "field",
      "A small heatmap",
      heatmap(g, g, [2, 1, 2, 1, 0, 1, 2, 1, 2], {
        contours: [{ z: [2, 1, 2, 1, 0, 1, 2, 1, 2], levels: [0.5], name: "r²" }],
      }),
    );
  },
};

const result = await runExperiments([experiment], { app: "demo", mode: "fast" });
console.log(summaryTable(result, 100));
const { htmlPath } = await writeReport(result, "/tmp/report-demo", { title: "Demo" });
console.log("wrote", htmlPath);
