// The scipy peer of the benchmarks: the pinned system stationary()'s iterative path solves, written
// to a file for bench/scipy_stationary.py (SuperLU), and CPU timing.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

/** −L with the pinned row replaced by its diagonal; rhs = that diagonal at the pin (what SuperLU solves). */
export function pinnedSystem(L, pin) {
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

/** Writes the pinned system of `op` and a density to compare with (see scipy_stationary.py). */
export function writeSystem(path, op, pin, density) {
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

/** Runs the scipy peer on a written system; with `solution`, also returns scipy's density. */
export function peer(path, solution) {
  try {
    const args = [new URL("./scipy_stationary.py", import.meta.url).pathname, path];
    if (solution) args.push(solution);
    const result = JSON.parse(execFileSync("python3", args).toString());
    if (solution) result.density = new Float64Array(readFileSync(solution).buffer.slice(0));
    return result;
  } catch (e) {
    return { error: String(e.message ?? e).split("\n")[0] };
  }
}

/** CPU seconds of fn(); returns [result, seconds]. */
export function cpuTimed(fn) {
  const c0 = process.cpuUsage();
  const r = fn();
  const c = process.cpuUsage(c0);
  return [r, (c.user + c.system) / 1e6];
}
