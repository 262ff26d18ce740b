// Low temperature (issue 15): well masses of the tilted double well Φ = (x² − 1)² + 0.01x (+ y²/2)
// against the closed form e^{−βΦ}/Z, for barriers of 10–200 kT, in 1-D and 2-D, equilibrium and the
// non-reversible Langevin sampler b = −∇Φ + λJ∇Φ (λ = 1.5, same stationary density); then the GTH
// solve beside scipy's SuperLU on the identical pinned matrix (which gets the split wrong).
import { join } from "node:path";
import { fokkerPlanck, grid, stationary } from "@langevin/fokker-planck";
import { cpuTimed, peer, writeSystem } from "./peer.mjs";

const phi = (x) => (x * x - 1) ** 2 + 0.01 * x;
const dphi = (x) => 4 * x * (x * x - 1) + 0.01;
const critical = (x0) => {
  let x = x0;
  for (let k = 0; k < 50; k++) x -= dphi(x) / (12 * x * x - 4);
  return x;
};
// the lower barrier (the right well's): β = kT / barrier puts it at exactly kT
const barrier = Math.min(phi(critical(0)) - phi(critical(-1)), phi(critical(0)) - phi(critical(1)));

/** Continuum left mass of e^{−βΦ(x)} on [−2, 2] (the y factor cancels in 2-D): midpoint rule on 4e6
 * points, spectrally accurate here (the integrand is flat at ±2; at the cut x = 0 the Euler–Maclaurin
 * term is (h²/24) g'(0) < 1e-15). */
function continuumLeft(beta) {
  const n = 4_000_000;
  const h = 4 / n;
  const fmin = phi(critical(-1));
  let left = 0;
  let right = 0;
  for (let i = 0; i < n; i++) {
    const x = -2 + (i + 0.5) * h;
    const w = Math.exp(-beta * (phi(x) - fmin));
    if (x < 0) left += w;
    else right += w;
  }
  return left / (left + right);
}

const leftMass = (g, rho) => {
  const x = new Float64Array(g.dim);
  let m = 0;
  for (let i = 0; i < g.size; i++) if (g.center(i, x)[0] < 0) m += rho[i] * g.cellVolume;
  return m;
};

function discreteGibbsLeft(op) {
  const f = op.potentialValues;
  let top = Number.NEGATIVE_INFINITY;
  for (const v of f) top = Math.max(top, -op.beta * v);
  const w = Float64Array.from(f, (v) => Math.exp(-op.beta * v - top));
  let z = 0;
  for (const v of w) z += v * op.grid.cellVolume;
  return leftMass(op.grid, w) / z;
}

/** Walls where βΦ is ≳ 45 above the wells, so that e^{−βΦ} on the box is the closed form. */
const scaledBox = (beta) => [
  [-Math.sqrt(1 + Math.sqrt(45 / beta)), Math.sqrt(1 + Math.sqrt(45 / beta))],
  [-Math.sqrt(90 / beta), Math.sqrt(90 / beta)],
];
const square = [
  [-2, 2],
  [-2, 2],
];

function problem(kind, beta) {
  const lam = 1.5;
  if (kind === "1-D") return { beta, potential: (x) => phi(x[0]) };
  const p = { beta, potential: (x) => phi(x[0]) + x[1] ** 2 / 2 };
  if (kind === "2-D non-reversible") {
    p.nonGradientDrift = (x, o) => {
      o[0] = lam * x[1];
      o[1] = -lam * dphi(x[0]);
    };
  }
  return p;
}

const CASES = [
  ...[10, 40, 100, 200].map((kT) => ({ kind: "1-D", kT, bounds: [[-2, 2]], cells: [400] })),
  ...[10, 40, 100, 200].map((kT) => ({ kind: "2-D equilibrium", kT, box: true, cells: [160, 96] })),
  ...[10, 40].flatMap((kT) =>
    [64, 128, 256].map((n) => ({ kind: "2-D non-reversible", kT, bounds: square, cells: [n, n] })),
  ),
  ...[
    [100, [128, 96]],
    [100, [256, 192]],
    [100, [512, 384]],
    [200, [128, 70]],
    [200, [256, 142]],
    [200, [512, 284]],
  ].map(([kT, cells]) => ({ kind: "2-D non-reversible", kT, box: true, cells })),
];

/** Prints the README's low-temperature tables; `dir` is a scratch folder for the scipy peer. */
export function lowTemperature(dir) {
  const rows = [];
  const exact = new Map();
  for (const c of CASES) {
    const beta = c.kT / barrier;
    if (!exact.has(c.kT)) exact.set(c.kT, continuumLeft(beta));
    const bounds = c.box ? scaledBox(beta) : c.bounds;
    const op = fokkerPlanck(problem(c.kind, beta), grid({ bounds, cells: c.cells }), {
      pecletWarning: Number.POSITIVE_INFINITY,
    });
    const [ss, cpu] = cpuTimed(() => stationary(op));
    const left = leftMass(op.grid, ss.density);
    rows.push({
      case: c.kind,
      box: bounds.map((interval) => `±${interval[1].toFixed(2)}`).join("×"),
      grid: c.cells.join("×"),
      kT: c.kT,
      beta: beta.toFixed(2),
      left: left.toFixed(6),
      discreteGibbs: c.kind === "2-D non-reversible" ? "-" : discreteGibbsLeft(op).toFixed(6),
      closedForm: exact.get(c.kT).toFixed(6),
      error: (left - exact.get(c.kT)).toExponential(2),
      imbalance: ss.diagnostic.maxImbalance.toExponential(1),
      certified: ss.diagnostic.certified,
      method: `${ss.method} (${ss.reason})`,
      cpuS: cpu.toFixed(2),
    });
  }
  console.log(
    "\nLow temperature: left-well mass against the closed form e^{−βΦ}/Z (CPU seconds of stationary())",
  );
  console.table(rows);

  // GTH beside SuperLU on the 40 kT non-reversible well of the issue ([−2, 2]²)
  const beta = 40 / barrier;
  const truth = continuumLeft(beta);
  const peers = [];
  for (const n of [64, 128, 256, 400]) {
    const op = fokkerPlanck(problem("2-D non-reversible", beta), grid({ bounds: square, cells: [n, n] }), {
      pecletWarning: Number.POSITIVE_INFINITY,
    });
    const [cold, coldCpu] = cpuTimed(() => stationary(op, { method: "gth" }));
    const [warm, warmCpu] = cpuTimed(() => stationary(op, { method: "gth" }));
    const g = op.grid;
    const row = {
      grid: `${n}²`,
      gthCpuColdWarm: `${coldCpu.toFixed(2)} / ${warmCpu.toFixed(2)}`,
      symbolicNumeric: `${warm.setupSeconds.toFixed(2)} + ${warm.solveSeconds.toFixed(2)}`,
      gthLeft: leftMass(g, cold.density).toFixed(6),
      continuum: truth.toFixed(6),
      imbalance: warm.diagnostic.maxImbalance.toExponential(1),
    };
    // SuperLU pinned at each well's bottom: the mass follows the pin
    for (const [name, x] of [
      ["pinLeft", [-1, 0]],
      ["pinRight", [1, 0]],
    ]) {
      const file = join(dir, `lowtemp-${n}.bin`);
      writeSystem(file, op, g.locate(x), cold.density);
      const py = peer(file, join(dir, `lowtemp-${n}-x.bin`));
      row[`scipyCpu ${name}`] = py.cpuSeconds?.toFixed(2) ?? py.error ?? "-";
      row[`scipyLeft ${name}`] = py.density ? leftMass(g, py.density).toFixed(6) : "-";
    }
    peers.push(row);
  }
  console.log(
    "\n40 kT non-reversible double well on [−2, 2]²: GTH against scipy SuperLU on the same pinned matrix",
  );
  console.table(peers);
}
