import { InvalidArgumentError, throwIfAborted } from "@langevin/core";
import { SolverBreakdownError } from "../errors.js";
import { type CsrMatrix, transpose } from "./csr.js";
import type { EliminationTree } from "./dissection.js";

/**
 * The symbolic part of a sparse GTH elimination (see {@link gthStationary}): the fronts of the
 * separator tree and what the numeric phase will cost, known before any arithmetic is done.
 */
export interface GthPlan {
  /** The nested-dissection order and its separator tree. */
  readonly tree: EliminationTree;
  /** Boundary (later) cells of each node's front: `bList[bPtr[n] .. bPtr[n + 1])`. */
  readonly bPtr: Int32Array;
  /** The boundary cells of all fronts, node after node (see `bPtr`). */
  readonly bList: Int32Array;
  /** Where each node's stored in-rate columns start in the factor array. */
  readonly factorPtr: Float64Array;
  /** Stored factor entries (8 bytes each). */
  readonly factorEntries: number;
  /** Multiply–add pairs of the elimination. */
  readonly flops: number;
  /** Largest front (its square is the dense work array). */
  readonly maxFront: number;
  /** Largest total size of the update blocks waiting for their parents. */
  readonly stackPeak: number;
}

/** Options of {@link gthStationary}. */
export interface GthOptions {
  /** Cancels the run between steps (it then throws `AbortError`). */
  signal?: AbortSignal;
  /** Called with the fraction of the elimination's work done (at most ~100 times). */
  onProgress?: (fraction: number) => void;
}

/**
 * Fronts, factor size and operation count of the GTH elimination of `generator` in the order of
 * `tree` (multifrontal: a node's front is its separator plus the later cells coupled to it through
 * the matrix or through the fill of its descendants).
 *
 * @example
 * ```ts
 * const plan = gthPlan(op.generator, gridDissection(op.grid, op.generator));
 * plan.factorEntries * 8; // bytes the numeric phase will hold
 * ```
 */
export function gthPlan(generator: CsrMatrix, tree: EliminationTree): GthPlan {
  const n = generator.rows;
  if (tree.perm.length !== n) {
    throw new InvalidArgumentError("tree", `orders ${tree.perm.length} cells, the generator has ${n}`);
  }
  const out = transpose(generator);
  const { order, perm, nodes, sepStart, sepEnd, childCount } = tree;
  const mark = new Int32Array(n).fill(-1);
  const bPtr = new Int32Array(nodes + 1);
  let bList = new Int32Array(Math.max(64, 4 * n));
  let bLen = 0;
  const factorPtr = new Float64Array(nodes + 1);
  const pending = new Int32Array(nodes);
  let top = 0;
  let flops = 0;
  let maxFront = 0;
  let stack = 0;
  let stackPeak = 0;
  const blockSize = new Float64Array(nodes);
  let nd = 0;
  let last = 0;
  /** Adds v to the current node's later cells (once, and only if eliminated after its separator). */
  const add = (v: number) => {
    if (order[v] <= last || mark[v] === nd) return;
    mark[v] = nd;
    if (bLen === bList.length) {
      const grown = new Int32Array(bList.length * 2);
      grown.set(bList);
      bList = grown;
    }
    bList[bLen++] = v;
  };
  for (nd = 0; nd < nodes; nd++) {
    last = sepEnd[nd] - 1;
    for (let q = sepStart[nd]; q < sepEnd[nd]; q++) {
      const k = perm[q];
      for (let p = generator.rowPtr[k]; p < generator.rowPtr[k + 1]; p++) add(generator.colIndex[p]);
      for (let p = out.rowPtr[k]; p < out.rowPtr[k + 1]; p++) add(out.colIndex[p]);
    }
    const kids = childCount[nd];
    let waiting = 0;
    for (let c = top - kids; c < top; c++) {
      const child = pending[c];
      waiting += blockSize[child];
      for (let q = bPtr[child]; q < bPtr[child + 1]; q++) {
        const v = bList[q];
        // a child's later cells must lie in the separators above it, never in a sibling's subtree
        if (order[v] < sepStart[nd]) {
          throw new InvalidArgumentError("tree", `does not separate: cell ${v} couples two sibling subtrees`);
        }
        add(v);
      }
    }
    top -= kids;
    pending[top++] = nd;
    bPtr[nd + 1] = bLen;
    const p = sepEnd[nd] - sepStart[nd];
    const b = bLen - bPtr[nd];
    const m = p + b;
    const eliminated = nd === nodes - 1 ? p - 1 : p;
    let entries = 0;
    for (let t = 0; t < eliminated; t++) {
      entries += m - t - 1;
      flops += (m - t - 1) * (m - t - 1);
    }
    factorPtr[nd + 1] = factorPtr[nd] + entries;
    if (m > maxFront) maxFront = m;
    stackPeak = Math.max(stackPeak, stack);
    stack += b * b - waiting;
    blockSize[nd] = b * b;
    stackPeak = Math.max(stackPeak, stack);
  }
  if (bPtr[nodes] !== bPtr[nodes - 1]) {
    throw new InvalidArgumentError("tree", "the root's front has cells outside the tree");
  }
  return {
    tree,
    bPtr,
    bList: bList.slice(0, bLen),
    factorPtr,
    factorEntries: factorPtr[nodes],
    flops,
    maxFront,
    stackPeak,
  };
}

/**
 * The stationary vector of a continuous-time Markov generator by the Grassmann–Taksar–Heyman
 * elimination, returned as logarithms (an unnormalised log π, so that probabilities below 1e-308 are
 * kept). `generator` is in the column convention of `FokkerPlanckOperator.generator`
 * (`dρ/dt = L ρ`: `L[i][j]`, i ≠ j, is the rate j → i); its diagonal is never read.
 *
 * GTH is Gaussian elimination in which each pivot is recomputed as the sum of the state's remaining
 * exit rates, so with non-negative rates nothing is ever subtracted: every entry of π comes with a
 * small relative error whatever the temperature, the spectral gap or the spread of π (O'Cinneide,
 * "Entrywise perturbation theory and error analysis for Markov chains", Numer. Math. 65, 1993; the
 * bound depends on the number of states only). Eliminating state k replaces the rates between the
 * remaining states by those of the chain watched only off k (stochastic complement):
 * `R[i][j] += R[i][k] R[k][j] / s_k`, `s_k = Σ_j R[k][j]` over the remaining j. Back-substitution from
 * the last state: `π_k = Σ_i π_i R[i][k] / s_k` over the states eliminated after k, summed here as
 * `max + log Σ exp(· − max)`.
 *
 * The elimination is multifrontal over `plan.tree` (dense fronts, update blocks on a stack, one work
 * array; no allocation per node). Off-diagonal entries below `−1e-13 ×` the largest rate are refused
 * (not an M-matrix); smaller negatives are round-off of cancelling terms and count as 0.
 * Throws {@link SolverBreakdownError} when a state has no exit to the remaining ones (a reducible
 * generator: its stationary vector is not unique).
 *
 * @example
 * ```ts
 * const plan = gthPlan(op.generator, gridDissection(op.grid, op.generator));
 * const logPi = gthStationary(op.generator, plan); // log ρ up to an additive constant
 * ```
 */
export function gthStationary(generator: CsrMatrix, plan: GthPlan, options: GthOptions = {}): Float64Array {
  const n = generator.rows;
  const { tree, bPtr, bList, factorPtr } = plan;
  const { order, perm, nodes, sepStart, sepEnd, childCount } = tree;
  const out = transpose(generator);
  let maxRate = 0;
  for (let p = 0; p < generator.values.length; p++) {
    const v = Math.abs(generator.values[p]);
    if (v > maxRate) maxRate = v;
  }
  const negligible = -1e-13 * maxRate;
  for (let i = 0; i < n; i++) {
    for (let p = generator.rowPtr[i]; p < generator.rowPtr[i + 1]; p++) {
      const v = generator.values[p];
      if (generator.colIndex[p] !== i && !(v >= negligible && v < Number.POSITIVE_INFINITY)) {
        throw new InvalidArgumentError(
          "generator",
          `has the off-diagonal entry L[${i}][${generator.colIndex[p]}] = ${v}: GTH needs finite non-negative rates (an M-matrix generator)`,
        );
      }
    }
  }
  const W = new Float64Array(plan.maxFront * plan.maxFront);
  const stack = new Float64Array(plan.stackPeak);
  const blockAt = new Float64Array(nodes);
  const factor = new Float64Array(plan.factorEntries);
  const exitRate = new Float64Array(n);
  const pos = new Int32Array(n).fill(-1);
  let sp = 0;
  let done = 0;
  let reported = 0;
  const total = Math.max(1, plan.flops);
  const pending = new Int32Array(nodes);
  let top = 0;

  for (let nd = 0; nd < nodes; nd++) {
    throwIfAborted(options.signal);
    const s0 = sepStart[nd];
    const p = sepEnd[nd] - s0;
    const b0 = bPtr[nd];
    const b = bPtr[nd + 1] - b0;
    const m = p + b;
    for (let t = 0; t < p; t++) pos[perm[s0 + t]] = t;
    for (let u = 0; u < b; u++) pos[bList[b0 + u]] = p + u;
    W.fill(0, 0, m * m);
    // the rates between a separator cell and the later cells of its front
    for (let t = 0; t < p; t++) {
      const k = perm[s0 + t];
      const ok = order[k];
      for (let q = out.rowPtr[k]; q < out.rowPtr[k + 1]; q++) {
        const j = out.colIndex[q];
        if (j !== k && order[j] > ok && out.values[q] > 0) W[t * m + pos[j]] += out.values[q];
      }
      for (let q = generator.rowPtr[k]; q < generator.rowPtr[k + 1]; q++) {
        const j = generator.colIndex[q];
        if (j !== k && order[j] > ok && generator.values[q] > 0) W[pos[j] * m + t] += generator.values[q];
      }
    }
    // extend-add the children's update blocks (on top of the stack, in child order)
    const kids = childCount[nd];
    if (kids > 0) sp = blockAt[pending[top - kids]];
    for (let c = top - kids; c < top; c++) {
      const child = pending[c];
      const cb0 = bPtr[child];
      const cb = bPtr[child + 1] - cb0;
      const off = blockAt[child];
      for (let u = 0; u < cb; u++) {
        const row = pos[bList[cb0 + u]] * m;
        const src = off + u * cb;
        for (let v = 0; v < cb; v++) W[row + pos[bList[cb0 + v]]] += stack[src + v];
      }
    }
    top -= kids;
    pending[top++] = nd;
    // GTH elimination of the separator (the root keeps its last cell: π = 1 there)
    const eliminated = nd === nodes - 1 ? p - 1 : p;
    let f = factorPtr[nd];
    for (let t = 0; t < eliminated; t++) {
      const rt = t * m;
      let s = 0;
      for (let j = t + 1; j < m; j++) s += W[rt + j];
      const k = perm[s0 + t];
      if (!(s > 0)) {
        throw new SolverBreakdownError(
          `GTH elimination: cell ${k} has no exit rate to the cells not yet eliminated (the generator is reducible in double precision, so its stationary density is not unique): rates underflowed (cell Péclet number too large: refine the grid or lower β) or a stencil lost its couplings at the walls`,
          k,
        );
      }
      exitRate[k] = s;
      for (let i = t + 1; i < m; i++) {
        const a = W[i * m + t];
        factor[f++] = a;
        if (a === 0) continue;
        const c = a / s;
        const ri = i * m;
        // the diagonal (j = i) collects junk that is never read: GTH takes pivots from off-diagonals
        for (let j = t + 1; j < m; j++) W[ri + j] += c * W[rt + j];
      }
      done += (m - t - 1) * (m - t - 1);
    }
    blockAt[nd] = sp;
    for (let u = 0; u < b; u++) {
      const src = (p + u) * m + p;
      for (let v = 0; v < b; v++) stack[sp++] = W[src + v];
    }
    for (let t = 0; t < p; t++) pos[perm[s0 + t]] = -1;
    for (let u = 0; u < b; u++) pos[bList[b0 + u]] = -1;
    if (options.onProgress && done / total >= reported + 0.01) {
      reported = done / total;
      options.onProgress(0.95 * reported);
    }
  }

  // back-substitution from the root's last cell, in logarithms
  const logPi = new Float64Array(n);
  const front = new Int32Array(plan.maxFront);
  logPi[perm[n - 1]] = 0;
  for (let nd = nodes - 1; nd >= 0; nd--) {
    const s0 = sepStart[nd];
    const p = sepEnd[nd] - s0;
    const b0 = bPtr[nd];
    const m = p + bPtr[nd + 1] - b0;
    for (let t = 0; t < p; t++) front[t] = perm[s0 + t];
    for (let u = p; u < m; u++) front[u] = bList[b0 + u - p];
    const eliminated = nd === nodes - 1 ? p - 1 : p;
    for (let t = eliminated - 1; t >= 0; t--) {
      const col = factorPtr[nd] + t * (m - 1) - (t * (t - 1)) / 2;
      let big = Number.NEGATIVE_INFINITY;
      for (let i = t + 1; i < m; i++) {
        if (factor[col + i - t - 1] > 0 && logPi[front[i]] > big) big = logPi[front[i]];
      }
      let sum = 0;
      if (big > Number.NEGATIVE_INFINITY) {
        for (let i = t + 1; i < m; i++) {
          const a = factor[col + i - t - 1];
          if (a > 0) sum += a * Math.exp(logPi[front[i]] - big);
        }
      }
      // sum = 0: no later state feeds this one (transient in double precision): π = 0, log π = −∞
      logPi[front[t]] =
        sum > 0 ? big + Math.log(sum) - Math.log(exitRate[front[t]]) : Number.NEGATIVE_INFINITY;
    }
  }
  options.onProgress?.(1);
  return logPi;
}
