import {
  bicgstab,
  type CsrMatrix,
  createBicgstabWork,
  type FokkerPlanckOperator,
  type Grid,
  type Ilu0,
  ilu0,
  iluSolve,
  spmv,
} from "@langevin/fokker-planck";

/**
 * Largest number of explicit sub-steps per frame before switching to implicit Euler. A sub-step costs
 * one sparse product; an implicit step costs ~10 BiCGSTAB iterations of two products and two ILU
 * solves each (~40 products), so explicit wins below ~40–50 sub-steps.
 */
export const MAX_EXPLICIT_SUBSTEPS = 48;

/**
 * Advances a density by one frame of length `dt` under dρ/dt = Lρ, with work arrays allocated once.
 * When `dt · maxRate ≤ MAX_EXPLICIT_SUBSTEPS` it takes ⌈dt · maxRate⌉ explicit Euler sub-steps (each
 * within the positivity limit h ≤ 1/maxRate); otherwise one implicit Euler step (I − dt L)ρ' = ρ solved
 * by BiCGSTAB with an ILU(0) preconditioner factored once and the previous density as initial guess.
 * Both maps are positive and mass-conserving when L is an M-matrix (no cross-diffusion), so
 * KL(ρ_t‖ρ_ss) cannot increase (data processing); with cross-diffusion negatives are clipped.
 * @example
 * const st = new DensityStepper(op, 0.01);
 * st.step(rho); // rho advanced in place by 0.01
 */
export class DensityStepper {
  readonly method: "explicit" | "implicit-euler";
  readonly substeps: number;
  /** Krylov iterations of the last implicit step (0 for explicit). */
  lastIterations = 0;
  /** Mass removed by the last positivity fix (0 when the generator is an M-matrix). */
  lastClipped = 0;
  /** True when the generator has negative off-diagonals (cross-diffusion): negatives are clipped. */
  readonly clips: boolean;
  private readonly L: CsrMatrix;
  private readonly tmp: Float64Array;
  private readonly rhs: Float64Array;
  private readonly M?: CsrMatrix;
  private readonly ilu?: Ilu0;
  private readonly work?: Float64Array[];
  private readonly h: number;

  constructor(
    op: FokkerPlanckOperator,
    readonly dt: number,
  ) {
    this.L = op.generator;
    const n = this.L.rows;
    this.tmp = new Float64Array(n);
    this.rhs = new Float64Array(n);
    const rate = op.diagnostics.maxRate;
    this.clips = op.diagnostics.positivityViolations > 0;
    if (dt * rate <= MAX_EXPLICIT_SUBSTEPS) {
      this.method = "explicit";
      this.substeps = Math.max(1, Math.ceil(dt * rate));
      this.h = dt / this.substeps;
    } else {
      this.method = "implicit-euler";
      this.substeps = 1;
      this.h = dt;
      this.M = shiftedIdentity(this.L, dt);
      this.ilu = ilu0(this.M);
      this.work = createBicgstabWork(n);
    }
  }

  /** Advances `rho` in place by `dt` and returns it. */
  step(rho: Float64Array): Float64Array {
    const n = rho.length;
    if (this.method === "explicit") {
      const { tmp, h } = this;
      for (let q = 0; q < this.substeps; q++) {
        spmv(this.L, rho, tmp);
        for (let i = 0; i < n; i++) rho[i] += h * tmp[i];
      }
      this.lastIterations = 0;
      return this.fixPositivity(rho);
    }
    this.rhs.set(rho);
    const ilu = this.ilu as Ilu0;
    const res = bicgstab(
      this.M as CsrMatrix,
      this.rhs,
      rho,
      // 1e-10 relative residual: far below what a picture or the KL curve can show; the mass
      // condition keeps Σρ dV = 1 to round-off so KL stays meaningful.
      { tol: 1e-10, sumTol: 1e-13, maxIterations: 500, preconditioner: (r, z) => iluSolve(ilu, r, z) },
      this.work,
    );
    this.lastIterations = res.iterations;
    return this.fixPositivity(rho);
  }

  /**
   * With cross-diffusion the generator's 9-point corners are negative and ρ can dip below zero in
   * its tails (by ~1e-6 of the peak); those values are set to 0 and the mass restored by rescaling,
   * so that KL and entropy stay defined. A no-op for M-matrix generators.
   */
  private fixPositivity(rho: Float64Array): Float64Array {
    this.lastClipped = 0;
    if (!this.clips) return rho;
    let before = 0;
    let after = 0;
    for (let i = 0; i < rho.length; i++) {
      before += rho[i];
      if (rho[i] < 0) {
        this.lastClipped -= rho[i];
        rho[i] = 0;
      }
      after += rho[i];
    }
    if (after > 0 && this.lastClipped > 0) {
      const s = before / after;
      for (let i = 0; i < rho.length; i++) rho[i] *= s;
    }
    return rho;
  }
}

/** I − dt·L as a new CSR matrix (L must store its diagonal, which every generator row has). */
function shiftedIdentity(L: CsrMatrix, dt: number): CsrMatrix {
  const values = new Float64Array(L.values.length);
  for (let i = 0; i < L.rows; i++) {
    let hasDiagonal = false;
    for (let p = L.rowPtr[i]; p < L.rowPtr[i + 1]; p++) {
      values[p] = -dt * L.values[p];
      if (L.colIndex[p] === i) {
        values[p] += 1;
        hasDiagonal = true;
      }
    }
    if (!hasDiagonal) throw new Error(`generator row ${i} has no diagonal entry`);
  }
  return { rows: L.rows, cols: L.cols, rowPtr: L.rowPtr, colIndex: L.colIndex, values };
}

/**
 * A copy of a density floored at 1e-14 of its peak and renormalised (Σρ dV = 1). Stationary states of
 * generators with cross-diffusion can have round-off or O(h²) negatives in their tails; Φ = −β⁻¹ log ρₛₛ
 * and KL need ρₛₛ > 0.
 * @example
 * const ss = positiveDensity(g, stationary(op).density);
 */
export function positiveDensity(g: Grid, rho: Float64Array): Float64Array {
  let peak = 0;
  for (let k = 0; k < rho.length; k++) peak = Math.max(peak, rho[k]);
  const floor = 1e-14 * peak;
  const out = new Float64Array(rho.length);
  let sum = 0;
  for (let k = 0; k < rho.length; k++) {
    out[k] = Math.max(rho[k], floor);
    sum += out[k];
  }
  const s = 1 / (sum * g.cellVolume);
  for (let k = 0; k < out.length; k++) out[k] *= s;
  return out;
}
