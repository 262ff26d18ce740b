// Benchmark: energy+gradient evaluations and wall time to fmax = 0.05 on the Müller–Brown surface,
// from the global minimum (-0.558224, 1.441726) to the second minimum (0.623499, 0.028038), with 9
// images (2 fixed endpoints + 7 moving), spring k = 0.1, improved tangent, climbing image on from the
// start, against ASE's NEB on the same surface and settings (bench/ase_neb.py, Debian's python3-ase).
// Wall time: median of repeated runs after a warm-up (Node) / of `opt.run` alone (Python). The
// machine is shared by several sessions: times are noisy, evaluation counts are exact.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fire, lbfgs, neb, quickMin, surfaces } from "@langevin/neb";

const here = dirname(fileURLToPath(import.meta.url));
const mb = surfaces.mullerBrown();
const A = [-0.558224, 1.441726];
const B = [0.623499, 0.028038];
const settings = { images: 9, spring: 0.1, fmax: 0.05, climb: true, maxIter: 1000 };

function timeRun(makeOptions, repeats = 200) {
  let result;
  for (let i = 0; i < 20; i++) result = neb(mb.energy, A, B, { ...settings, ...makeOptions() }); // warm-up (JIT)
  const times = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = process.hrtime.bigint();
    result = neb(mb.energy, A, B, { ...settings, ...makeOptions() });
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  times.sort((a, b) => a - b);
  return { result, wall: times[times.length >> 1] };
}

function ase(args) {
  const py = "/usr/bin/python3";
  if (!existsSync(py)) return null;
  const r = spawnSync(py, [join(here, "ase_neb.py"), ...args], { encoding: "utf8", timeout: 600_000 });
  if (r.status !== 0) return null;
  try {
    return JSON.parse(r.stdout.trim().split("\n").pop());
  } catch {
    return null;
  }
}

const rows = [];
const ours = {
  "FIRE (ASE parameters)": () => ({ optimizer: fire() }),
  "L-BFGS (trust radius 0.2)": () => ({ optimizer: lbfgs() }),
  "quick-min per image, dt 0.01": () => ({ optimizer: quickMin({ dt: 0.01 }) }),
  "FIRE, string method": () => ({ optimizer: fire(), method: "string" }),
  "L-BFGS, string method": () => ({ optimizer: lbfgs(), method: "string" }),
};
for (const [name, make] of Object.entries(ours)) {
  const { result, wall } = timeRun(make);
  rows.push({
    solver: `@langevin/neb ${name}`,
    converged: result.converged,
    steps: result.iterations,
    evaluations: result.evaluations,
    wall_ms: wall * 1e3,
    saddle: `(${result.saddle.x[0].toFixed(6)}, ${result.saddle.x[1].toFixed(6)}) E=${result.saddle.energy.toFixed(4)}`,
  });
}
const peers = [
  ["ASE 3.22 NEB + FIRE", ["--optimizer", "fire", "--repeat", "5"]],
  ["ASE 3.22 NEB + LBFGS", ["--optimizer", "lbfgs", "--repeat", "1", "--steps", "1000"]],
];
const peerRows = {};
for (const [name, args] of peers) {
  const p = ase(args);
  if (!p) {
    rows.push({ solver: name, converged: "peer unavailable" });
    continue;
  }
  peerRows[name] = p;
  rows.push({
    solver: name,
    converged: p.converged,
    steps: p.steps,
    evaluations: p.evaluations,
    wall_ms: p.wall_s * 1e3,
    saddle: `(${p.saddle[0].toFixed(6)}, ${p.saddle[1].toFixed(6)}) E=${p.saddle_energy.toFixed(4)}`,
  });
}
console.log("Müller–Brown NEB, 9 images (7 moving), k = 0.1, climbing image, fmax = 0.05 (ASE convention)\n");
console.table(
  rows.map((r) => ({
    ...r,
    wall_ms: typeof r.wall_ms === "number" ? Number(r.wall_ms.toPrecision(3)) : r.wall_ms,
  })),
);
const aseFire = peerRows["ASE 3.22 NEB + FIRE"];
if (aseFire) {
  const fireRow = rows[0];
  const best = rows
    .filter((r) => r.solver.startsWith("@langevin") && r.converged)
    .sort((a, b) => a.evaluations - b.evaluations)[0];
  console.log(
    `\nSame algorithm (FIRE): evaluations ${fireRow.evaluations} vs ASE ${aseFire.evaluations}; wall time ${((aseFire.wall_s * 1e3) / fireRow.wall_ms).toFixed(0)}× faster.`,
  );
  console.log(
    `Fewest evaluations here: ${best.solver}: ${best.evaluations} vs ASE FIRE ${aseFire.evaluations} (${(aseFire.evaluations / best.evaluations).toFixed(2)}× fewer), wall ${((aseFire.wall_s * 1e3) / best.wall_ms).toFixed(0)}× faster.`,
  );
}
