// Standard normals per second through @langevin/core's public API, beside an inlined Math.random
// Box–Muller loop (the peer every JS user has). Run: pnpm --filter @langevin/core bench.
// The machine is shared: each case reports the best of several repetitions, timed both by the wall
// clock and by this process's CPU time (the latter is less sensitive to other processes' load).
import { availableParallelism, loadavg } from "node:os";
import { createNormalBuffers, createRng, createStreamBank } from "@langevin/core";

const N = 1 << 20; // one fill = 1 Mi normals (8 MiB, beyond L2: a realistic batch)
const REPS = 7;
const ROUNDS = 8; // fills per repetition

function time(fn) {
  for (let i = 0; i < 3; i++) fn(); // warm up / tier up
  let bestWall = Number.POSITIVE_INFINITY;
  let bestCpu = Number.POSITIVE_INFINITY;
  for (let r = 0; r < REPS; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let k = 0; k < ROUNDS; k++) fn();
    const wall = (performance.now() - t0) / 1e3;
    const cu = process.cpuUsage(c0);
    bestWall = Math.min(bestWall, wall);
    bestCpu = Math.min(bestCpu, (cu.user + cu.system) / 1e6);
  }
  const count = N * ROUNDS;
  return { wall: count / bestWall / 1e6, cpu: count / bestCpu / 1e6 };
}

const out = new Float64Array(N);
let sink = 0;

const rng = createRng(1, 0);
const fill = time(() => {
  rng.fillNormal(out);
  sink += out[N - 1];
});

const one = createRng(1, 1);
const single = time(() => {
  for (let i = 0; i < N; i++) out[i] = one.normal();
  sink += out[N - 1];
});

// 1000 paths, 1024 normals each per round trip: the ensemble pattern of @langevin/sde
const bank = createStreamBank(1, 0, 1024);
const per = N / 1024;
const banked = time(() => {
  for (let k = 0; k < 1024; k++) bank.fillNormal(k, out, k * per, per);
  sink += out[N - 1];
});

// The same pattern through NormalBuffers (states and output in the WebAssembly kernel's memory)
const buffers = createNormalBuffers(1024, N);
buffers.states.set(bank.states);
const kernel = time(() => {
  for (let k = 0; k < 1024; k++) buffers.fill(k, k * per, per);
  sink += buffers.out[N - 1];
});

// Peer: Box–Muller on Math.random, inlined, both values of each pair used.
const boxMuller = time(() => {
  for (let i = 0; i < N; i += 2) {
    const u1 = 1 - Math.random(); // (0, 1]: safe for log
    const u2 = Math.random();
    const r = Math.sqrt(-2 * Math.log(u1));
    const a = 2 * Math.PI * u2;
    out[i] = r * Math.cos(a);
    out[i + 1] = r * Math.sin(a);
  }
  sink += out[N - 1];
});

const rows = [
  ["rng.fillNormal(out) (xoshiro128** + ziggurat)", fill],
  ["rng.normal() one at a time", single],
  ["StreamBank.fillNormal, 1024 streams x 1024", banked],
  [`NormalBuffers.fill, 1024 streams x 1024 (${buffers.wasm ? "wasm" : "js"})`, kernel],
  ["peer: inlined Math.random Box-Muller", boxMuller],
];
console.log(
  `@langevin/core normals, ${N * ROUNDS} per repetition, best of ${REPS} (node ${process.version})`,
);
console.log(
  `${"case".padEnd(48)} ${"M/s wall".padStart(9)} ${"M/s cpu".padStart(9)} ${"vs peer".padStart(8)}`,
);
for (const [name, r] of rows) {
  const ratio = (r.cpu / boxMuller.cpu).toFixed(2);
  console.log(
    `${name.padEnd(48)} ${r.wall.toFixed(1).padStart(9)} ${r.cpu.toFixed(1).padStart(9)} ${`${ratio}x`.padStart(8)}`,
  );
}
console.log(
  `target: >= 100 M/s filling an array; load average now ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores` +
    ` (wall-clock numbers suffer most from load)${Number.isNaN(sink) ? "!" : ""}`,
);
