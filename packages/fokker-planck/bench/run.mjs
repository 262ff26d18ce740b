// Stationary state of a 2-D double well (200², 400²) beside scipy's SuperLU on the identical pinned
// system, and a 3-D 64³ steady state. Times are wall-clock and CPU (process.cpuUsage) — the machine
// is shared, so wall times are noisy; the scipy peer runs right after each JS solve.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fokkerPlanck, grid, stationary } from "@langevin/fokker-planck";

const beta = 3;
const f = (x) => (x[0] ** 2 - 1) ** 2 + 0.5 * x[1] ** 2 + 0.3 * x[0] * x[1];
// Two versions of the double well: (a) isotropic D: the discrete Gibbs state is exact, and the solver's
// Gibbs scaling makes it converge at once (it exploits the closed form); (b) with a rotating
// non-gradient drift and anisotropic D: no closed form, the real test of the multigrid solver.
const problems = {
  "isotropic (Gibbs-exact)": { beta, potential: f },
  "rotating + anisotropic D": {
    beta,
    potential: f,
    nonGradientDrift: (x, o) => {
      o[0] = 1.5 * x[1];
      o[1] = -1.5 * x[0];
    },
    diffusion: { constantDiagonal: [1, 0.4] },
  },
};

/** The system stationary() solves: −L with the pinned row replaced by its diagonal; rhs = that diagonal at pin. */
function pinnedSystem(L, pin) {
  const values = Float64Array.from(L.values, (v) => -v);
  let diag = 1;
  for (let p = L.rowPtr[pin]; p < L.rowPtr[pin + 1]; p++) {
    if (L.colIndex[p] === pin) diag = values[p];
  }
  for (let p = L.rowPtr[pin]; p < L.rowPtr[pin + 1]; p++) values[p] = L.colIndex[p] === pin ? diag : 0;
  const rhs = new Float64Array(L.rows);
  rhs[pin] = diag;
  return { values, rhs };
}

function writeSystem(path, op, pin, density) {
  const L = op.generator;
  const n = L.rows;
  const nnz = L.rowPtr[n];
  const { values, rhs } = pinnedSystem(L, pin);
  const head = new ArrayBuffer(24);
  new Int32Array(head, 0, 4).set([n, nnz, pin, 0]);
  new Float64Array(head, 16, 1)[0] = op.grid.cellVolume;
  const parts = [head, L.rowPtr, L.colIndex, values, rhs, density].map((a) =>
    Buffer.from(a instanceof ArrayBuffer ? a : a.buffer, a.byteOffset ?? 0, a.byteLength),
  );
  writeFileSync(path, Buffer.concat(parts));
}

function peer(path) {
  try {
    return JSON.parse(
      execFileSync("python3", [new URL("./scipy_stationary.py", import.meta.url).pathname, path]).toString(),
    );
  } catch (e) {
    return { error: String(e.message ?? e).split("\n")[0] };
  }
}

const dir = mkdtempSync(join(tmpdir(), "fp-bench-"));
const rows = [];
try {
  for (const [name, problem] of Object.entries(problems)) {
    for (const n of [200, 400]) {
      const g = grid({
        bounds: [
          [-2, 2],
          [-2, 2],
        ],
        cells: [n, n],
      });
      const t = performance.now();
      const op = fokkerPlanck(problem, g);
      const assembly = (performance.now() - t) / 1000;
      stationary(op); // warm-up (JIT), not timed
      const c0 = process.cpuUsage();
      const ss = stationary(op);
      const cpu = process.cpuUsage(c0);
      // the pin only fixes the scale: scipy solves the system pinned at the density's mode
      let pin = 0;
      for (let i = 1; i < g.size; i++) if (ss.density[i] > ss.density[pin]) pin = i;
      const file = join(dir, `system-${n}.bin`);
      writeSystem(file, op, pin, ss.density);
      const py = peer(file);
      rows.push({
        case: `2-D double well, ${name}, ${n}²`,
        unknowns: g.size,
        assemblyS: assembly.toFixed(3),
        jsS: ss.seconds.toFixed(3),
        jsCpuS: ((cpu.user + cpu.system) / 1e6).toFixed(3),
        setupS: ss.setupSeconds.toFixed(3),
        iterations: ss.iterations,
        residual: ss.residual.toExponential(1),
        scipyS: py.seconds?.toFixed(3) ?? "peer unavailable",
        scipyCpuS: py.cpuSeconds?.toFixed(3) ?? "-",
        ratio: py.seconds ? (ss.seconds / py.seconds).toFixed(2) : "-",
        cpuRatio: py.cpuSeconds ? ((cpu.user + cpu.system) / 1e6 / py.cpuSeconds).toFixed(2) : "-",
        maxRelDiff: py.maxDiffRelative?.toExponential(1) ?? "-",
        scipyPeakMB: py.peakMB?.toFixed(0) ?? "-",
        nodePeakMB: (process.resourceUsage().maxRSS / 1024).toFixed(0),
      });
    }
  }
  {
    const g = grid({
      bounds: [
        [-2, 2],
        [-2, 2],
        [-2, 2],
      ],
      cells: [64, 64, 64],
    });
    const t = performance.now();
    const op = fokkerPlanck(
      {
        beta: 2,
        potential: (x) => (x[0] ** 2 - 1) ** 2 + 0.5 * x[1] ** 2 + 0.5 * x[2] ** 2 + 0.2 * x[1] * x[2],
        nonGradientDrift: (x, o) => {
          o[0] = 0.5 * x[1];
          o[1] = -0.5 * x[0];
          o[2] = 0;
        },
      },
      g,
    );
    const assembly = (performance.now() - t) / 1000;
    const c0 = process.cpuUsage();
    const ss = stationary(op);
    const cpu = process.cpuUsage(c0);
    rows.push({
      case: "3-D rotating double well 64³",
      unknowns: g.size,
      assemblyS: assembly.toFixed(3),
      jsS: ss.seconds.toFixed(3),
      jsCpuS: ((cpu.user + cpu.system) / 1e6).toFixed(3),
      setupS: ss.setupSeconds.toFixed(3),
      iterations: ss.iterations,
      residual: ss.residual.toExponential(1),
      scipyS: "-",
      scipyCpuS: "-",
      ratio: ss.seconds < 30 ? "goal < 30 s: met" : "goal < 30 s: MISSED",
      cpuRatio: "-",
      maxRelDiff: "-",
      scipyPeakMB: "-",
      nodePeakMB: (process.resourceUsage().maxRSS / 1024).toFixed(0),
    });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.table(rows);
// multigrid iteration counts as the grid doubles (rotating + anisotropic double well)
const its = [];
for (const n of [50, 100, 200, 400]) {
  const g = grid({
    bounds: [
      [-2, 2],
      [-2, 2],
    ],
    cells: [n, n],
  });
  const p = problems["rotating + anisotropic D"];
  const ss = stationary(fokkerPlanck(p, g));
  const il = n <= 200 ? stationary(fokkerPlanck(p, g), { method: "ilu" }) : undefined;
  its.push({
    cells: `${n}²`,
    multigridIterations: ss.iterations,
    iluIterations: il?.iterations ?? "(skipped)",
  });
}
console.table(its);
const mem = process.memoryUsage();
console.log(
  `node peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (whole run), heap used now ${(mem.heapUsed / 2 ** 20).toFixed(0)} MB`,
);
console.log(
  "ratio = JS stationary() wall s / scipy spsolve wall s; cpuRatio the same in CPU seconds (< 1: JS faster).",
);
console.log(
  "nodePeakMB = peak RSS of this process so far (monotone). Shared machine: noisy, CPU times steadier.",
);
