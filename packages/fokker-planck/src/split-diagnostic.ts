import { InvalidArgumentError, ShapeMismatchError } from "@langevin/core";
import type { Basins } from "./basins.js";
import { type CsrMatrix, transpose } from "./sparse/csr.js";

/** The probability per unit time from one basin to another. */
export interface BasinFlux {
  /** The basin the probability leaves. */
  from: number;
  /** The basin it enters. */
  to: number;
  /** Probability per unit time from `from` to `to`. */
  flux: number;
}

/** What {@link splitDiagnostic} finds. */
export interface SplitDiagnostic {
  /** Number of basins (see {@link metastableBasins}). */
  readonly basins: number;
  /** Probability of each basin (Σ = 1), and its logarithm (kept when it underflows). */
  readonly mass: Float64Array;
  /** log of `mass`, finite where the mass underflows. */
  readonly logMass: Float64Array;
  /** Probability per unit time leaving and entering each basin. */
  readonly outFlux: Float64Array;
  /** Probability per unit time entering each basin. */
  readonly inFlux: Float64Array;
  /**
   * |out − in| / max(out, in) per basin: 0 at stationarity for any partition. With two basins it is
   * the relative error of the mass ratio (their fluxes are m_A k_AB and m_B k_BA, and the in-basin
   * shapes that set k are checked by `residual`); with more, the relative residual of the basin-level
   * chain.
   */
  readonly imbalance: Float64Array;
  /** The largest entry of `imbalance`. */
  readonly maxImbalance: number;
  /** Flux between every pair of adjacent basins. */
  readonly fluxes: BasinFlux[];
  /**
   * Entrywise relative residual: max over cells of |in_i − out_i| / max(in_i, out_i) with
   * in_i = Σ_j L_ij ρ_j and out_i = ρ_i Σ_j L_ji (j ≠ i): each cell's balance, independent of how
   * small ρ_i is. Cells where ρ is 0 (underflow) are skipped and counted in `zeroCells`.
   */
  readonly residual: number;
  /** The cell where `residual` is reached (−1 when none). */
  readonly residualCell: number;
  /** Cells skipped by `residual` because ρ underflowed to 0. */
  readonly zeroCells: number;
  /** The largest `maxImbalance` accepted. */
  readonly tolerance: number;
  /** `maxImbalance ≤ tolerance`: the split between basins is right to that relative accuracy. */
  readonly certified: boolean;
}

/** Options of {@link splitDiagnostic}. */
export interface SplitDiagnosticOptions {
  /** Largest accepted basin flux imbalance (default 1e-6). */
  tolerance?: number;
  /** Volume of a cell, so that fluxes are probabilities per unit time (default 1). */
  cellVolume?: number;
}

/**
 * Checks a stationary density where a solver can silently be wrong: the split between metastable
 * basins. At stationarity every basin sends out exactly the probability it receives; the per-basin
 * relative imbalance compares the (tiny, at low temperature) fluxes across the cuts with each other
 * instead of with the large flows inside the wells, which is why it sees a wrong split that a
 * residual ‖Lρ‖/‖diag(L) ρ‖ ~ 1e-17 hides. All sums are of positive terms taken in logarithms, so
 * they keep their relative accuracy whatever the barrier.
 *
 * `logDensity` is log ρ (any additive constant; −∞ where ρ = 0), e.g. `StationaryResult.logDensity`
 * or `Float64Array.from(density, Math.log)`.
 *
 * @example
 * ```ts
 * const d = splitDiagnostic(op.generator, ss.logDensity, metastableBasins(op.generator));
 * d.maxImbalance; // ~1e-13 for the GTH answer, ~1 for all the mass in one well
 * ```
 */
export function splitDiagnostic(
  generator: CsrMatrix,
  logDensity: Float64Array,
  basins: Basins,
  options: SplitDiagnosticOptions = {},
): SplitDiagnostic {
  const n = generator.rows;
  if (logDensity.length !== n) {
    throw new ShapeMismatchError("logDensity", `length ${logDensity.length} ≠ ${n} cells`);
  }
  if (basins.label.length !== n) {
    throw new ShapeMismatchError("basins", `labels ${basins.label.length} cells, the generator has ${n}`);
  }
  const tolerance = options.tolerance ?? 1e-6;
  if (!(tolerance >= 0)) throw new InvalidArgumentError("options.tolerance", `must be ≥ 0, got ${tolerance}`);
  const cellVolume = options.cellVolume ?? 1;
  const k = basins.count;
  const { label } = basins;
  const out = transpose(generator);
  const l = logDensity;

  // per cell: in-flow over out-flow, relative to ρ_i
  let residual = 0;
  let residualCell = -1;
  let zeroCells = 0;
  for (let i = 0; i < n; i++) {
    const li = l[i];
    if (!(li > Number.NEGATIVE_INFINITY)) {
      zeroCells++;
      continue;
    }
    let inflow = 0;
    let outflow = 0;
    for (let p = generator.rowPtr[i]; p < generator.rowPtr[i + 1]; p++) {
      const j = generator.colIndex[p];
      if (j !== i && l[j] > Number.NEGATIVE_INFINITY) inflow += generator.values[p] * Math.exp(l[j] - li);
    }
    for (let p = out.rowPtr[i]; p < out.rowPtr[i + 1]; p++)
      if (out.colIndex[p] !== i) outflow += out.values[p];
    const scale = Math.max(Math.abs(inflow), Math.abs(outflow));
    const r = scale > 0 ? Math.abs(inflow - outflow) / scale : 0;
    if (!(r <= residual)) {
      residual = Number.isNaN(r) ? Number.POSITIVE_INFINITY : r;
      residualCell = i;
    }
  }

  // basin masses (log-sum-exp)
  const logMass = new Float64Array(k).fill(Number.NEGATIVE_INFINITY);
  for (let i = 0; i < n; i++) if (l[i] > logMass[label[i]]) logMass[label[i]] = l[i];
  const sums = new Float64Array(k);
  for (let i = 0; i < n; i++)
    if (l[i] > Number.NEGATIVE_INFINITY) sums[label[i]] += Math.exp(l[i] - logMass[label[i]]);
  let top = Number.NEGATIVE_INFINITY;
  for (let a = 0; a < k; a++) {
    logMass[a] += Math.log(sums[a]);
    if (logMass[a] > top) top = logMass[a];
  }
  let total = 0;
  for (let a = 0; a < k; a++) total += Math.exp(logMass[a] - top);
  const logTotal = top + Math.log(total);
  const mass = new Float64Array(k);
  for (let a = 0; a < k; a++) {
    logMass[a] -= logTotal;
    mass[a] = Math.exp(logMass[a]);
  }

  // fluxes between basins: Σ r_ij ρ_i over the cut, each pair summed at its own scale (two passes)
  const acrossCuts = (visit: (key: number, i: number, rate: number) => void) => {
    for (let i = 0; i < n; i++) {
      const a = label[i];
      if (!(l[i] > Number.NEGATIVE_INFINITY)) continue;
      for (let p = out.rowPtr[i]; p < out.rowPtr[i + 1]; p++) {
        const b = label[out.colIndex[p]];
        if (b !== a && out.values[p] > 0) visit(a * k + b, i, out.values[p]);
      }
    }
  };
  const pairScale = new Map<number, number>();
  acrossCuts((key, i) => {
    const s = pairScale.get(key);
    if (s === undefined || l[i] > s) pairScale.set(key, l[i]);
  });
  const pairSum = new Map<number, number>();
  acrossCuts((key, i, rate) => {
    pairSum.set(key, (pairSum.get(key) ?? 0) + rate * Math.exp(l[i] - (pairScale.get(key) as number)));
  });
  const basinScale = new Float64Array(k).fill(Number.NEGATIVE_INFINITY);
  for (const [key, s] of pairScale) {
    const a = Math.floor(key / k);
    const b = key % k;
    if (s > basinScale[a]) basinScale[a] = s;
    if (s > basinScale[b]) basinScale[b] = s;
  }
  const outScaled = new Float64Array(k);
  const inScaled = new Float64Array(k);
  const fluxes: BasinFlux[] = [];
  const logVolume = Math.log(cellVolume);
  for (const [key, sum] of pairSum) {
    const a = Math.floor(key / k);
    const b = key % k;
    const s = pairScale.get(key) as number;
    outScaled[a] += sum * Math.exp(s - basinScale[a]);
    inScaled[b] += sum * Math.exp(s - basinScale[b]);
    fluxes.push({ from: a, to: b, flux: sum * Math.exp(s - logTotal + logVolume) });
  }
  fluxes.sort((x, y) => x.from - y.from || x.to - y.to);
  const imbalance = new Float64Array(k);
  const outFlux = new Float64Array(k);
  const inFlux = new Float64Array(k);
  let maxImbalance = 0;
  for (let a = 0; a < k; a++) {
    const o = outScaled[a];
    const v = inScaled[a];
    const scale = Math.max(o, v);
    imbalance[a] = k === 1 ? 0 : scale > 0 ? Math.abs(o - v) / scale : Number.POSITIVE_INFINITY;
    const factor = Math.exp(basinScale[a] - logTotal + logVolume);
    outFlux[a] = o * factor;
    inFlux[a] = v * factor;
    if (!(imbalance[a] <= maxImbalance)) maxImbalance = imbalance[a];
  }
  return {
    basins: k,
    mass,
    logMass,
    outFlux,
    inFlux,
    imbalance,
    maxImbalance,
    fluxes,
    residual,
    residualCell,
    zeroCells,
    tolerance,
    certified: maxImbalance <= tolerance,
  };
}
