import { InvalidArgumentError, ShapeMismatchError } from "@langevin/core";
import { type CsrMatrix, transpose } from "./sparse/csr.js";

/** Metastable basins of a generator (see {@link metastableBasins}). */
export interface Basins {
  /** Number of basins. */
  readonly count: number;
  /** Basin of every cell (0 … count − 1). */
  readonly label: Int32Array;
  /** The lowest cell of each basin in the potential U. */
  readonly bottom: Int32Array;
  /** Per basin, the climb in U from its bottom to its lowest saddle with another basin (nats; ∞ alone). */
  readonly exitCost: Float64Array;
  /**
   * The metastability estimate in nats: the deepest basin below its lowest saddle other than the
   * deepest of all (the largest merge cost of the disconnectivity tree); the slowest relaxation
   * between basins goes like e^{−metastability}. 0 with one well.
   */
  readonly metastability: number;
}

/** Options of {@link metastableBasins}. */
export interface BasinOptions {
  /** Basins less than this many nats deep (in U) are merged into a neighbour (default 5). */
  mergeBelow?: number;
}

/**
 * The drift's attractors on the grid and their basins. Every cell points to the cell it jumps to
 * fastest (the largest exit rate of the generator: steepest descent of f for a potential drift); the
 * cycles of that map are the attractors and the cells flowing into one form its basin. Basins are
 * then merged along a potential `U` (nats, e.g. −log ρ of an estimate, or βf) like a disconnectivity
 * graph: adjacent basins meet at the lowest max(U_i, U_j) over their cut, and, saddles in increasing
 * order, the shallower side is merged when it is less than `mergeBelow` deep. What is left are the
 * wells between which a solver can get the split wrong; the flux balance of {@link splitDiagnostic}
 * holds on any partition, so an estimate of U only changes what is checked, never what is right.
 *
 * @example
 * ```ts
 * const U = Float64Array.from(op.potentialValues, (f) => op.beta * f);
 * const b = metastableBasins(op.generator, U);
 * b.count; // 2 for a double well with a barrier of 40 kT
 * b.metastability; // ≈ 40
 * ```
 */
export function metastableBasins(
  generator: CsrMatrix,
  potential: ArrayLike<number>,
  options: BasinOptions = {},
): Basins {
  const mergeBelow = options.mergeBelow ?? 5;
  if (!(mergeBelow >= 0))
    throw new InvalidArgumentError("options.mergeBelow", `must be ≥ 0, got ${mergeBelow}`);
  const n = generator.rows;
  if (potential.length !== n) {
    throw new ShapeMismatchError("potential", `length ${potential.length} ≠ ${n} cells`);
  }
  const U = Float64Array.from(potential, (v) => (Number.isNaN(v) ? Number.POSITIVE_INFINITY : v));
  const out = transpose(generator);

  // the fastest jump of every cell (ties: the lowest index, so flat regions drain to one cell)
  const next = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = i;
    let rate = 0;
    for (let p = out.rowPtr[i]; p < out.rowPtr[i + 1]; p++) {
      const j = out.colIndex[p];
      if (j !== i && out.values[p] > rate) {
        rate = out.values[p];
        best = j;
      }
    }
    next[i] = best;
  }
  // cycles of the map are attractors; label every cell by the attractor it reaches
  const label = new Int32Array(n).fill(-1);
  const onPath = new Int32Array(n).fill(-1);
  const path = new Int32Array(n);
  let count = 0;
  for (let s = 0; s < n; s++) {
    if (label[s] >= 0) continue;
    let len = 0;
    let v = s;
    while (label[v] < 0 && onPath[v] !== s) {
      onPath[v] = s;
      path[len++] = v;
      v = next[v];
    }
    const id = label[v] >= 0 ? label[v] : count++;
    for (let q = 0; q < len; q++) label[path[q]] = id;
  }

  // lowest cell of each basin, and the lowest saddle max(U_i, U_j) between adjacent basins
  const bottomOf = new Int32Array(count).fill(-1);
  for (let i = 0; i < n; i++) {
    const a = label[i];
    if (bottomOf[a] < 0 || U[i] < U[bottomOf[a]]) bottomOf[a] = i;
  }
  const saddle = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const a = label[i];
    for (let p = out.rowPtr[i]; p < out.rowPtr[i + 1]; p++) {
      const b = label[out.colIndex[p]];
      if (b === a) continue;
      const key = a < b ? a * count + b : b * count + a;
      const h = Math.max(U[i], U[out.colIndex[p]]);
      const old = saddle.get(key);
      if (old === undefined || h < old) saddle.set(key, h);
    }
  }
  const edges = [...saddle.entries()].sort((x, y) => x[1] - y[1]);

  // disconnectivity tree: saddles in increasing order join components; the shallower side's depth
  // is the merge cost. Merged for real only below mergeBelow; the largest cost is the metastability.
  const parent = Int32Array.from({ length: count }, (_, i) => i);
  const bottomAll = Int32Array.from(bottomOf);
  const treeParent = Int32Array.from({ length: count }, (_, i) => i);
  const treeBottom = Int32Array.from(bottomOf);
  const find = (arr: Int32Array, x: number) => {
    while (arr[x] !== x) x = arr[x] = arr[arr[x]];
    return x;
  };
  let metastability = 0;
  for (const [key, h] of edges) {
    const a = Math.floor(key / count);
    const b = key % count;
    const ta = find(treeParent, a);
    const tb = find(treeParent, b);
    if (ta !== tb) {
      const [deep, shallow] = U[treeBottom[ta]] <= U[treeBottom[tb]] ? [ta, tb] : [tb, ta];
      metastability = Math.max(metastability, h - U[treeBottom[shallow]]);
      treeParent[shallow] = deep;
    }
    const ca = find(parent, a);
    const cb = find(parent, b);
    if (ca === cb) continue;
    const [deep, shallow] = U[bottomAll[ca]] <= U[bottomAll[cb]] ? [ca, cb] : [cb, ca];
    if (h - U[bottomAll[shallow]] < mergeBelow) parent[shallow] = deep;
  }

  // compact labels; exit cost = lowest saddle to another final basin above its bottom
  const remap = new Int32Array(count).fill(-1);
  const bottom: number[] = [];
  for (let a = 0; a < count; a++) {
    if (find(parent, a) !== a) continue;
    remap[a] = bottom.length;
    bottom.push(bottomAll[a]);
  }
  const exitCost = new Float64Array(bottom.length).fill(Number.POSITIVE_INFINITY);
  for (const [key, h] of edges) {
    const a = remap[find(parent, Math.floor(key / count))];
    const b = remap[find(parent, key % count)];
    if (a === b) continue;
    exitCost[a] = Math.min(exitCost[a], h - U[bottom[a]]);
    exitCost[b] = Math.min(exitCost[b], h - U[bottom[b]]);
  }
  for (let i = 0; i < n; i++) label[i] = remap[find(parent, label[i])];
  return {
    count: bottom.length,
    label,
    bottom: Int32Array.from(bottom),
    exitCost,
    metastability: Number.isFinite(metastability) ? metastability : Number.POSITIVE_INFINITY,
  };
}
