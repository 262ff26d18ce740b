// Compiled-expression throughput: @langevin/expr's generated closures beside hand-written
// JavaScript and mathjs compile().evaluate(scope). Run: pnpm --filter @langevin/expr bench
// (build first). The machine is shared: numbers are the best of several trials and still noisy.
import { compile } from "@langevin/expr";
import { derivative, compile as mathCompile, parse } from "mathjs";

const A = [-200, -100, -170, 15];
const a = [-1, -1, -6.5, 0.7];
const b = [0, 0, 11, 0.6];
const c = [-10, -10, -6.5, 0.7];
const x0 = [1, 0, -0.5, -1];
const y0 = [0, 0.5, 1.5, 1];
const mbSource = [0, 1, 2, 3]
  .map(
    (k) =>
      `${A[k]} * exp(${a[k]} * (x - ${x0[k]})^2 + ${b[k]} * (x - ${x0[k]}) * (y - ${y0[k]}) + ${c[k]} * (y - ${y0[k]})^2)`,
  )
  .join(" + ");

// Hand-written Müller–Brown, constants inlined as a careful programmer would.
function mbValue(p) {
  const x = p[0];
  const y = p[1];
  const d0 = x - 1;
  const d1 = y - 0.5;
  const d2x = x + 0.5;
  const d2y = y - 1.5;
  const d3x = x + 1;
  const d3y = y - 1;
  return (
    -200 * Math.exp(-d0 * d0 - 10 * y * y) -
    100 * Math.exp(-x * x - 10 * d1 * d1) -
    170 * Math.exp(-6.5 * d2x * d2x + 11 * d2x * d2y - 6.5 * d2y * d2y) +
    15 * Math.exp(0.7 * d3x * d3x + 0.6 * d3x * d3y + 0.7 * d3y * d3y)
  );
}
function mbGradient(p, out) {
  const x = p[0];
  const y = p[1];
  const d0 = x - 1;
  const d1 = y - 0.5;
  const d2x = x + 0.5;
  const d2y = y - 1.5;
  const d3x = x + 1;
  const d3y = y - 1;
  const e0 = -200 * Math.exp(-d0 * d0 - 10 * y * y);
  const e1 = -100 * Math.exp(-x * x - 10 * d1 * d1);
  const e2 = -170 * Math.exp(-6.5 * d2x * d2x + 11 * d2x * d2y - 6.5 * d2y * d2y);
  const e3 = 15 * Math.exp(0.7 * d3x * d3x + 0.6 * d3x * d3y + 0.7 * d3y * d3y);
  out[0] = e0 * (-2 * d0) + e1 * (-2 * x) + e2 * (-13 * d2x + 11 * d2y) + e3 * (1.4 * d3x + 0.6 * d3y);
  out[1] = e0 * (-20 * y) + e1 * (-20 * d1) + e2 * (11 * d2x - 13 * d2y) + e3 * (0.6 * d3x + 1.4 * d3y);
  return out;
}

const polySource = "3*x^4 - 2*x^3*y + x*y^2 - 7*y + 1";
function polyValue(p) {
  const x = p[0];
  const y = p[1];
  const x2 = x * x;
  return 3 * x2 * x2 - 2 * x2 * x * y + x * y * y - 7 * y + 1;
}
function polyGradient(p, out) {
  const x = p[0];
  const y = p[1];
  const x2 = x * x;
  out[0] = 12 * x2 * x - 6 * x2 * y + y * y;
  out[1] = -2 * x2 * x + 2 * x * y - 7;
  return out;
}

// Points on [-1.5, 1] × [-0.5, 2] (the Müller–Brown window), cycled so nothing is constant.
const P = 1024;
const px = new Float64Array(P);
const py = new Float64Array(P);
for (let i = 0; i < P; i++) {
  px[i] = -1.5 + 2.5 * ((i * 0.618034) % 1);
  py[i] = -0.5 + 2.5 * ((i * 0.414214) % 1);
}

// A fresh loop per contender (new Function) so each call site has its own type feedback.
const loopSource = {
  value:
    "let s = 0; for (let i = 0; i < n; i++) { const k = i & 1023; x[0] = px[k]; x[1] = py[k]; s += f(x); } return s;",
  gradient:
    "let s = 0; for (let i = 0; i < n; i++) { const k = i & 1023; x[0] = px[k]; x[1] = py[k]; f(x, out); s += out[0] + out[1]; } return s;",
  mathjsValue:
    "let s = 0; for (let i = 0; i < n; i++) { const k = i & 1023; scope.x = px[k]; scope.y = py[k]; s += f.evaluate(scope); } return s;",
  mathjsGradient:
    "let s = 0; for (let i = 0; i < n; i++) { const k = i & 1023; scope.x = px[k]; scope.y = py[k]; s += f[0].evaluate(scope) + f[1].evaluate(scope); } return s;",
};

// Contenders are timed in alternation (trial 1 of each, then trial 2 of each, …) so that a change
// of machine load hits them alike; each keeps its best trial.
function contender(kind, f, n) {
  const loop = new Function("f", "px", "py", "x", "out", "scope", "n", loopSource[kind]);
  const x = new Float64Array(2);
  const out = new Float64Array(2);
  const scope = { x: 0, y: 0 };
  loop(f, px, py, x, out, scope, Math.min(n, 20000)); // warm up
  const self = {
    rate: 0,
    checksum: 0,
    trial() {
      const t0 = process.hrtime.bigint();
      self.checksum = loop(f, px, py, x, out, scope, n);
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      self.rate = Math.max(self.rate, n / seconds);
    },
  };
  return self;
}

function race(...contenders) {
  for (let trial = 0; trial < 7; trial++) for (const c of contenders) c.trial();
  return contenders;
}

function fmt(r) {
  return `${(r / 1e6).toFixed(1).padStart(7)} M/s`;
}

const rows = [];
function suite(name, source, handValue, handGradient) {
  const compiled = compile(source, ["x", "y"], { derivatives: 1 });
  const node = parse(source);
  const mathValue = mathCompile(source);
  const mathGradient = ["x", "y"].map((v) => derivative(node, v).compile());
  const N = 4_000_000;
  const NM = 200_000;
  const [hv, cv, mv] = race(
    contender("value", handValue, N),
    contender("value", compiled.value, N),
    contender("mathjsValue", mathValue, NM),
  );
  const [hg, cg, mg] = race(
    contender("gradient", handGradient, N),
    contender("gradient", compiled.gradient, N),
    contender("mathjsGradient", mathGradient, NM),
  );
  // Same points, same sums: a check that all three compute the same function.
  const agree = (p, q) => Math.abs(p - q) <= 1e-9 * Math.max(1, Math.abs(q));
  if (!agree(cv.checksum, hv.checksum) || !agree(cg.checksum, hg.checksum)) {
    throw new Error(`${name}: compiled and hand-written results differ`);
  }
  rows.push([`${name} value`, hv.rate, cv.rate, mv.rate]);
  rows.push([`${name} gradient`, hg.rate, cg.rate, mg.rate]);
}

suite("Müller–Brown", mbSource, mbValue, mbGradient);
suite("polynomial", polySource, polyValue, polyGradient);

console.log(
  "@langevin/expr: evaluations per second (best of 7 alternating trials; shared 2-core machine, noisy)",
);
console.log(
  `${"".padEnd(24)}${"hand-written".padStart(14)}${"compiled".padStart(14)}${"mathjs".padStart(14)}   hand/compiled   compiled/mathjs`,
);
for (const [label, h, c, m] of rows) {
  console.log(
    `${label.padEnd(24)}${fmt(h).padStart(14)}${fmt(c).padStart(14)}${fmt(m).padStart(14)}   ${(h / c).toFixed(2).padStart(8)}×   ${(c / m).toFixed(1).padStart(10)}×`,
  );
}
console.log(
  "hand/compiled ≤ 1.5 is the target; mathjs is compile().evaluate(scope) (gradient: mathjs derivative().compile()).",
);
