import { eulerMaruyama, moments, solveSync } from "@langevin/sde";
import { ou } from "/work/main/packages/sde/bench/ou-problem.mjs";

const P = 100000,
  S = 100;
const variants = {
  base: {},
  nocheck: { checkFinite: false },
  b64: { batchSize: 64 },
  b1024: { batchSize: 1024 },
};
const prob = ou();
const best = {};
for (let round = 0; round < 6; round++)
  for (const [name, v] of Object.entries(variants)) {
    const c0 = process.cpuUsage();
    solveSync(prob, {
      scheme: eulerMaruyama,
      dt: 0.01,
      t1: 1,
      paths: P,
      seed: 1,
      observers: { m: moments() },
      ...v,
    });
    const c = process.cpuUsage(c0);
    best[name] = Math.max(best[name] ?? 0, (P * S) / ((c.user + c.system) / 1e6));
  }
for (const [k, v] of Object.entries(best)) console.log(k, v.toExponential(2));
