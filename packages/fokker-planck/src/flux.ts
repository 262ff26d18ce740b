import type { DiffusionField } from "./diffusion-field.js";
import type { Grid } from "./grid.js";
import type { FokkerPlanckProblem } from "./problem.js";

/**
 * One face as a flux discretisation sees it. The assembly reuses one object for every face: read it
 * inside the call, do not keep it.
 *
 * The flux `J·e_axis` through the face is a combination of the densities of the cells it connects;
 * at an absorbing wall one side is the wall (`left` or `right` is −1, its density 0).
 */
export interface FaceSample {
  /** Axis the face is normal to. */
  axis: number;
  /** Row of the face in `FokkerPlanckOperator.faceFluxes[axis]`. */
  face: number;
  /** Cell on the lower side (−1: an absorbing wall). */
  left: number;
  /** Cell on the upper side (−1: an absorbing wall). */
  right: number;
  /** Face centre (a scratch buffer). */
  point: Float64Array;
  /** Distance between the two points the flux connects: h between cell centres, h/2 from a centre to a wall. */
  length: number;
  /**
   * ∫ b·e_axis dl along that segment: with a potential `−(f_right − f_left)` exactly (plus the
   * non-gradient part × length), otherwise the drift at the face × length.
   */
  drift: number;
  /** A_axis,axis = D_axis,axis / β at the face centre. */
  diffusion: number;
  /** A_axis,axis at the centre of `left` (NaN at a wall). */
  diffusionLeft: number;
  /** A_axis,axis at the centre of `right` (NaN at a wall). */
  diffusionRight: number;
}

/**
 * A two-point flux: the normal flux through a face from the densities of the two cells it
 * separates, `J = out[0] ρ_left + out[1] ρ_right` (the wall side's coefficient is ignored). The
 * generator is −div J, so any such flux conserves mass; it is an M-matrix when out[0] ≥ 0 ≥ out[1].
 * Built-in: {@link scharfetterGummel}. A flux is exact on Gibbs states when
 * `out[0] e^{−βf_left} + out[1] e^{−βf_right} = 0` for potential drift.
 *
 * @example
 * ```ts
 * // first-order upwind: diffusion by central differences, drift taken from the upwind cell
 * const upwind: TwoPointFlux = {
 *   name: "upwind",
 *   coefficients(f, out) {
 *     const v = f.drift / f.length; // mean b·n on the segment
 *     out[0] = f.diffusionLeft / f.length + Math.max(v, 0);
 *     out[1] = -f.diffusionRight / f.length + Math.min(v, 0);
 *   },
 * };
 * fokkerPlanck(problem, g, { flux: upwind });
 * ```
 */
export interface TwoPointFlux {
  /** Short name (reported in `FokkerPlanckOperator.flux`). */
  readonly name: string;
  /** Writes the coefficients of ρ_left and ρ_right into out[0], out[1]. */
  coefficients(face: FaceSample, out: Float64Array): void;
}

/** Appends entries `value · ρ[cell]` to the flux of the face being assembled. */
export interface FaceRowWriter {
  /** Adds `value · ρ[cell]` to the face's flux (the same cell may be added more than once). */
  add(cell: number, value: number): void;
}

/** What a stencil may read while the operator is assembled. */
export interface AssemblyContext {
  /** The grid being assembled on. */
  readonly grid: Grid;
  /** The problem as given to `fokkerPlanck`. */
  readonly problem: FokkerPlanckProblem;
  /** Inverse temperature β of the problem (A = D / β). */
  readonly beta: number;
  /** A = D / β, checked (see `DiffusionField`). */
  readonly diffusion: DiffusionField;
  /** The drift b at the centre of cell c into `out` (−∇f by central differences when only f is given). */
  centreDrift(c: number, out: Float64Array): void;
}

/**
 * A cross-diffusion stencil that adds terms to each interior face's flux (after the two-point flux
 * of the normal direction). Used when D is a full matrix. Built-in: {@link centralCrossDiffusion}.
 */
export interface FaceStencil {
  /** Tells the assembly this stencil adds to face fluxes (as opposed to `"jumps"`). */
  readonly kind: "face";
  /** Short name (reported in `FokkerPlanckOperator.crossDiffusion`). */
  readonly name: string;
  /** Adds the transverse part of the flux through an interior face (`face.left`, `face.right` ≥ 0). */
  addFace(ctx: AssemblyContext, face: FaceSample, row: FaceRowWriter): void;
}

/**
 * The face-flux entries of one axis produced by a {@link JumpStencil}: entry i adds `val[i] · ρ[col[i]]`
 * to face row `row[i]`; `order` lists the entries sorted by row (ties in insertion order).
 */
export interface AxisFluxEntries {
  /** Face index of each entry. */
  row: number[];
  /** Cell whose density the entry multiplies. */
  col: number[];
  /** The coefficient. */
  val: number[];
  /** Entry indices sorted by face (ties in insertion order), the order the generator is built in. */
  order: number[];
}

/** What a {@link JumpStencil} returns. */
export interface JumpFluxes {
  /** Per axis, the face-flux entries (faces laid out as in `FokkerPlanckOperator.faceFluxes`). */
  axes: AxisFluxEntries[];
  /** Largest cell Péclet number of the jumps (reported as `diagnostics.maxCellPeclet`). */
  maxPeclet: number;
  /** A cell where it occurs. */
  maxPecletCell: number;
  /** Per axis, the longest jump in cells. */
  reach: readonly number[];
}

/**
 * A whole-operator stencil for full diffusion matrices: the process as jumps between cells, each
 * jump's rate routed through the axis faces so that the generator stays −div J. It replaces the
 * two-point fluxes. Built-in: {@link sellingStencil} (monotone, 2-D).
 */
export interface JumpStencil {
  /** Tells the assembly this stencil replaces the two-point fluxes (as opposed to `"face"`). */
  readonly kind: "jumps";
  /** Short name (reported in `FokkerPlanckOperator.crossDiffusion`). */
  readonly name: string;
  /** Grid dimensions it supports (others are an `InvalidArgumentError` naming `options.crossDiffusion`). */
  readonly dimensions?: readonly number[];
  /** The face-flux entries of every axis for the whole grid. */
  jumps(ctx: AssemblyContext): JumpFluxes;
}

/** A cross-diffusion discretisation for full diffusion matrices. */
export type CrossDiffusionStencil = FaceStencil | JumpStencil;
