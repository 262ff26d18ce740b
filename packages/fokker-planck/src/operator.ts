import { InvalidArgumentError } from "@langevin/core";
import { assemble, resolveFlux, resolveStencil } from "./assemble.js";
import type { CrossDiffusionStencil, TwoPointFlux } from "./flux.js";
import type { Grid } from "./grid.js";
import type { FokkerPlanckProblem } from "./problem.js";
import { checkOperatorSize, sizeText } from "./size.js";
import type { CsrMatrix } from "./sparse/csr.js";

/** A non-fatal finding while building an operator. */
export interface FokkerPlanckWarning {
  /** What was found: "cell-peclet" (drift dominates diffusion across a cell), "positivity" (negative off-diagonals), "stencil" (a monotone stencil reaching over more than half the grid). */
  code: "cell-peclet" | "positivity" | "stencil";
  /** The finding in words, with the numbers. */
  message: string;
  /** Where it happened (face centre), when it is about one place. */
  point?: number[];
  /** The number that triggered it (the Péclet number, the entry, the reach). */
  value: number;
}

/** Numbers that describe the assembled operator. */
export interface OperatorDiagnostics {
  /** Largest |b·n h / A_nn| over faces (cell Péclet number). */
  maxCellPeclet: number;
  /** Number of negative off-diagonal entries of the generator (cross-diffusion can produce them). */
  positivityViolations: number;
  /** Most negative off-diagonal entry (0 when none). */
  minOffDiagonal: number;
  /** Largest exit rate max_i |L_ii| (explicit stability limit is dt ≤ 1 / maxRate). */
  maxRate: number;
  /** Per axis, the longest jump of the stencil in cells (1 except for the monotone stencil). */
  stencilReach: number[];
}

/** Options of {@link fokkerPlanck}. */
export interface OperatorOptions {
  /** Emit a "cell-peclet" warning above this cell Péclet number (default 2). */
  pecletWarning?: number;
  /** Called with every warning as it is found (the warnings are also in `operator.warnings`). */
  onWarning?: (w: FokkerPlanckWarning) => void;
  /**
   * Full diffusion matrices: "central" (default) adds averaged central transverse differences to
   * the Scharfetter–Gummel face fluxes (conservative, exact Gibbs states for isotropic D, but not
   * monotone when |D₁₂| is large: densities can go negative); "monotone" (2-D) discretises the whole
   * operator as a Markov chain on Selling's lattice directions with exponentially fitted rates
   * (README, "Discretisation notes"): an M-matrix for any positive-definite D and any drift, second order,
   * with a stencil that widens like √(condition number of D). Or any {@link CrossDiffusionStencil}
   * (README, "Extending"). Only used when D is a full matrix.
   */
  crossDiffusion?: "central" | "monotone" | CrossDiffusionStencil;
  /**
   * The two-point flux through each face: "scharfetter-gummel" (default, exponentially fitted,
   * exact Gibbs states) or any {@link TwoPointFlux} (README, "Extending").
   */
  flux?: "scharfetter-gummel" | TwoPointFlux;
}

/**
 * The discrete Fokker–Planck generator on a grid.
 *
 * `generator` is L with `dρ/dt = L ρ` for the density ρ (per unit volume, length `grid.size`);
 * its columns sum to zero except at absorbing boundaries (mass conservation). `faceFluxes[k]`
 * maps ρ to the flux `J·e_k` through every face normal to axis k; faces along axis k are laid out
 * like cells with `cells[k] + 1` entries on that axis (face `i` is the lower face of cell `i`).
 */
export interface FokkerPlanckOperator {
  /** The grid the operator was assembled on. */
  readonly grid: Grid;
  /** Inverse temperature β of the problem. */
  readonly beta: number;
  /** L with dρ/dt = L ρ, `grid.size` × `grid.size` (columns sum to zero). */
  readonly generator: CsrMatrix;
  /** Per axis k, the matrix mapping ρ to the flux J·e_k through every face normal to k. */
  readonly faceFluxes: readonly CsrMatrix[];
  /** Shape of the face array per axis. */
  readonly faceShapes: readonly (readonly number[])[];
  /** f at the cell centres when the problem has a potential. */
  readonly potentialValues?: Float64Array;
  /** Cell Péclet number, positivity, exit rates and stencil reach of the operator. */
  readonly diagnostics: OperatorDiagnostics;
  /** Non-fatal findings of the assembly (also passed to `onWarning`). */
  readonly warnings: FokkerPlanckWarning[];
  /** The problem the operator discretises. */
  readonly problem: FokkerPlanckProblem;
  /**
   * How a full diffusion matrix was discretised: "central", "monotone" or a custom stencil's name
   * (see {@link OperatorOptions.crossDiffusion}); "central" when D is not a full matrix.
   */
  readonly crossDiffusion: "central" | "monotone" | (string & {});
  /** The flux and stencil objects it was built with (pass them on to rebuild it on another grid). */
  readonly discretisation: {
    /** The two-point flux of the normal direction. */
    readonly flux: TwoPointFlux;
    /** The cross-diffusion stencil (used only when D is a full matrix). */
    readonly crossDiffusion: CrossDiffusionStencil;
  };
}

/**
 * Assembles the finite-volume generator, by default with exponentially fitted (Scharfetter–Gummel)
 * fluxes; `options.flux` and `options.crossDiffusion` take other discretisations (README, "Extending").
 *
 * On each face the flux is `J = (1/h)[B(−P) u_L − B(P) u_R]` with `u = A_nn ρ`, `B(z) = z/(e^z − 1)`
 * and `P = (∫ b·n dl) / A_nn(face)`; with a potential the integral is `−(f_R − f_L)`, so e^{−βf} is an
 * exact discrete steady state for constant isotropic D. Off-diagonal A_kl add the averaged central
 * transverse differences `−½[∂_l(A_kl ρ)_L + ∂_l(A_kl ρ)_R]` (conservative, may break positivity:
 * reported in `diagnostics.positivityViolations`).
 *
 * The size is checked before anything is allocated: a grid whose generator would exceed what 32-bit
 * CSR indices address (or that the machine cannot allocate) is an `InvalidArgumentError` naming
 * `grid`, with the estimated entries and bytes (see `operatorSize`).
 *
 * @example
 * ```ts
 * const g = grid({ bounds: [[-2, 2], [-2, 2]], cells: [64, 64] });
 * const op = fokkerPlanck({ beta: 2, potential: (x) => (x[0] ** 2 - 1) ** 2 + x[1] ** 2 }, g);
 * op.generator; // CSR, dρ/dt = L ρ
 * ```
 */
export function fokkerPlanck(
  problem: FokkerPlanckProblem,
  grid: Grid,
  options: OperatorOptions = {},
): FokkerPlanckOperator {
  const diffusion = problem.diffusion;
  const full = typeof diffusion === "object" && ("constantMatrix" in diffusion || "matrix" in diffusion);
  const size = checkOperatorSize(grid, full);
  const flux = resolveFlux(options.flux);
  const stencil = resolveStencil(options.crossDiffusion);
  try {
    return assemble(problem, grid, options, flux, stencil);
  } catch (e) {
    // what is left of a size problem: more memory than the machine would give
    if (e instanceof RangeError && /allocation failed|Invalid typed array length/.test(e.message))
      throw new InvalidArgumentError(
        "grid",
        `${sizeText(grid, size)}, more than could be allocated (${e.message})`,
      );
    throw e;
  }
}
