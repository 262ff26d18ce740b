// Loading real MNIST: the cold time of `mnist({ size, seed })` over all 10,000 digits in a fresh
// Node process (import + reading and parsing the ten files + down-sampling + the split), against the
// peer every JS user writes (JSON.parse of the ten files, then Float64Array.from), and the time of a
// second call in the same process (the files are parsed once). Run: pnpm --filter @langevin/datasets bench.
// Each cold figure is a separate process; the machine is shared, so we report min / median / max of
// the wall clock and of the process's CPU time (less sensitive to other processes' load).
import { spawnSync } from "node:child_process";
import { availableParallelism, loadavg } from "node:os";

const RUNS = 7;
const entry = new URL("../dist/index.js", import.meta.url).href;

const ours = (size) => `
const c0 = process.cpuUsage();
const t0 = performance.now();
const { mnist } = await import(${JSON.stringify(entry)});
const d = mnist({ size: ${size}, seed: 1 });
const cold = performance.now() - t0;
const c = process.cpuUsage(c0);
const t1 = performance.now();
mnist({ size: ${size}, seed: 2 });
const warm = performance.now() - t1;
if (d.train.n + d.test.n !== 10000) throw new Error("not 10,000 digits");
console.log(JSON.stringify({ cold, cpu: (c.user + c.system) / 1000, warm }));
`;

const peer = `
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
const c0 = process.cpuUsage();
const t0 = performance.now();
const dir = dirname(createRequire(${JSON.stringify(entry)}).resolve("mnist/package.json"));
let n = 0;
for (let d = 0; d < 10; d++) {
  const x = Float64Array.from(JSON.parse(readFileSync(join(dir, "src", "digits", d + ".json"), "utf8")).data);
  n += x.length / 784;
}
const cold = performance.now() - t0;
const c = process.cpuUsage(c0);
if (n !== 10000) throw new Error("not 10,000 digits");
console.log(JSON.stringify({ cold, cpu: (c.user + c.system) / 1000 }));
`;

function runs(source) {
  const out = [];
  for (let r = 0; r < RUNS; r++) {
    const p = spawnSync(process.execPath, ["--input-type=module", "-e", source], { encoding: "utf8" });
    if (p.status !== 0) throw new Error(p.stderr);
    out.push(JSON.parse(p.stdout.trim()));
  }
  return out;
}

const stats = (v) => {
  const s = [...v].sort((a, b) => a - b);
  return `${s[0].toFixed(0).padStart(5)} ${s[s.length >> 1].toFixed(0).padStart(6)} ${s[s.length - 1].toFixed(0).padStart(5)}`;
};

const line = (name, values) => console.log(`${name.padEnd(58)} ${stats(values)}`);

console.log(
  `@langevin/datasets: all 10,000 MNIST digits, ${RUNS} fresh processes each (node ${process.version})`,
);
console.log(`${"case".padEnd(58)} ${"min".padStart(5)} ${"median".padStart(6)} ${"max".padStart(5)}  ms`);
for (const size of [28, 14, 7]) {
  const r = runs(ours(size));
  line(
    `mnist({ size: ${size} }) cold: import, parse, average, split`,
    r.map((x) => x.cold),
  );
  line(
    "  the same, CPU time of the process",
    r.map((x) => x.cpu),
  );
  line(
    `mnist({ size: ${size} }) again in the same process`,
    r.map((x) => x.warm),
  );
}
const p = runs(peer);
line(
  "peer: JSON.parse + Float64Array.from of the ten files",
  p.map((x) => x.cold),
);
line(
  "  the same, CPU time of the process",
  p.map((x) => x.cpu),
);
console.log(
  `target: well under 2000 ms cold; load average now ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`,
);
