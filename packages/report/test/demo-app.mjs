// A small app on the real runApp, for the tests that kill or signal a run at an exact point
// (LANGEVIN_TEST_PAUSE) and then look at what is on disk. `node demo-app.mjs --out DIR [--quiet]`.
import { runApp } from "../dist/index.js";

// Over 1 MiB of results.json, so that the pause after the first flushed MiB is inside the file.
const values = Array.from({ length: 200_000 }, (_, i) => i / 7);

await runApp({
  name: "demo",
  title: "Demo",
  experiments: [
    {
      id: "quick",
      title: "Quick",
      claim: "1 + 1 = 2",
      setup: "none",
      run(ctx) {
        ctx.number("values", values);
        ctx.check({ name: "sum", claim: "1+1=2", measured: 2, expected: 2, tolerance: "exact", pass: true });
      },
    },
  ],
  defaultOut: "out",
  packages: [],
  from: import.meta.url,
  list: "ids",
  usage: { headline: "demo: a test app", command: "node demo-app.mjs [options]", full: "the same" },
});
