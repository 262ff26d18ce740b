import type { DiffusionField } from "./diffusion-field.js";
import type { DriftSampler } from "./drift-sampler.js";
import type {
  AssemblyContext,
  FaceRowWriter,
  FaceSample,
  FaceStencil,
  JumpFluxes,
  TwoPointFlux,
} from "./flux.js";
import type { Grid } from "./grid.js";
import { type CsrMatrix, CsrRowBuilder } from "./sparse/csr.js";

/** The face-flux matrices of all axes and the largest face Péclet number found on the way. */
export interface FaceFluxes {
  matrices: CsrMatrix[];
  shapes: number[][];
  maxPeclet: number;
  maxPecletPoint: number[] | undefined;
}

/**
 * Builds `faceFluxes[k]` (ρ ↦ J·e_k on every face normal to axis k) for every axis: either from the
 * jumps of a whole-operator stencil, or face by face from a two-point flux plus, for full diffusion
 * matrices, a face stencil's transverse terms. Absorbing walls get the two-point flux over the half
 * cell to the wall (density 0 there); reflecting walls no flux.
 */
export function faceFluxes(
  ctx: AssemblyContext,
  sampler: DriftSampler,
  flux: TwoPointFlux,
  transverse: FaceStencil | undefined,
  jumps: JumpFluxes | undefined,
): FaceFluxes {
  const grid: Grid = ctx.grid;
  const A: DiffusionField = ctx.diffusion;
  const dim = grid.dim;
  const N = grid.size;
  const { cells, strides, spacing, bounds, bc } = grid;
  const potentialValues = sampler.potentialValues as Float64Array;
  const usesPotential = sampler.usesPotential;
  const full = A.full;
  const matrices: CsrMatrix[] = [];
  const shapes: number[][] = [];
  let maxPe = 0;
  let maxPePoint: number[] | undefined;
  const x = new Float64Array(dim);
  if (jumps) {
    maxPe = jumps.maxPeclet;
    maxPePoint = Array.from(grid.center(jumps.maxPecletCell, x));
  }
  const px = new Float64Array(dim);
  const faceA = new Float64Array(A.stride);
  const m = new Int32Array(dim);
  const coef = new Float64Array(2);
  const sample: FaceSample = {
    axis: 0,
    face: 0,
    left: -1,
    right: -1,
    point: x,
    length: 0,
    drift: 0,
    diffusion: 0,
    diffusionLeft: Number.NaN,
    diffusionRight: Number.NaN,
  };
  const faceAnn = (k: number) => {
    if (A.isField) {
      A.at(x, faceA);
      return full ? faceA[k * dim + k] : faceA[k];
    }
    return A.normal(0, k);
  };

  for (let k = 0; k < dim; k++) {
    const shape = cells.map((n, a) => (a === k ? n + 1 : n));
    shapes.push(shape);
    let nFaces = 1;
    for (const s of shape) nFaces *= s;
    const rows = new FaceRows(new CsrRowBuilder(nFaces, N, nFaces * (full ? 2 + 6 * (dim - 1) : 2) + 16));
    const h = spacing[k];
    const nk = cells[k];
    const periodic = bc[k][0] === "periodic";
    sample.axis = k;
    m.fill(0);
    m[dim - 1] = -1;
    if (jumps) {
      // the stencil's entries, merged in face order
      const J = jumps.axes[k];
      for (const i of J.order) rows.add(J.row[i], J.col[i], J.val[i]);
      rows.close(nFaces);
      matrices.push(rows.builder.finish());
      continue;
    }
    for (let f = 0; f < nFaces; f++) {
      // advance the odometer to face f
      for (let a = dim - 1; a >= 0; a--) {
        if (++m[a] < shape[a]) break;
        m[a] = 0;
      }
      // cell-index base with m_k = 0
      let base = 0;
      for (let a = 0; a < dim; a++) if (a !== k) base += m[a] * strides[a];
      const mk = m[k];
      const left = mk >= 1 ? base + (mk - 1) * strides[k] : periodic ? base + (nk - 1) * strides[k] : -1;
      const right = mk <= nk - 1 ? base + mk * strides[k] : periodic ? base : -1;
      // face centre
      for (let a = 0; a < dim; a++) {
        x[a] = a === k ? bounds[k][0] + mk * h : bounds[a][0] + (m[a] + 0.5) * spacing[a];
      }
      sample.face = f;
      sample.left = left;
      sample.right = right;
      if (left >= 0 && right >= 0) {
        let fa = Number.NaN;
        let fb = Number.NaN;
        if (usesPotential) {
          const wrapL = mk === 0;
          const wrapR = mk === nk;
          if (wrapL || wrapR) {
            // periodic wrap: the potential at the image points, not at the far cells
            px.set(x);
            px[k] = x[k] - 0.5 * h;
            fa = wrapL ? sampler.potential(px) : potentialValues[left];
            px[k] = x[k] + 0.5 * h;
            fb = wrapR ? sampler.potential(px) : potentialValues[right];
          } else {
            fa = potentialValues[left];
            fb = potentialValues[right];
          }
        }
        const vh = sampler.integrated(x, k, h, fa, fb);
        const ann = faceAnn(k);
        const pe = vh / ann;
        if (Math.abs(pe) > maxPe) {
          maxPe = Math.abs(pe);
          maxPePoint = Array.from(x);
        }
        sample.length = h;
        sample.drift = vh;
        sample.diffusion = ann;
        sample.diffusionLeft = A.normal(left, k);
        sample.diffusionRight = A.normal(right, k);
        flux.coefficients(sample, coef);
        rows.add(f, left, coef[0]);
        rows.add(f, right, coef[1]);
        if (transverse) transverse.addFace(ctx, sample, rows.writer);
      } else {
        const side = left < 0 ? 0 : 1;
        if (bc[k][side] !== "absorbing") continue; // reflecting: zero flux
        const cell = left < 0 ? right : left;
        const delta = 0.5 * h;
        let fa = Number.NaN;
        let fb = Number.NaN;
        if (usesPotential) {
          // the segment runs from the cell centre to the face (or back)
          const fc = potentialValues[cell];
          const ff = sampler.potential(x);
          if (side === 0) {
            fa = ff;
            fb = fc;
          } else {
            fa = fc;
            fb = ff;
          }
        }
        // drift evaluated at the face
        sample.length = delta;
        sample.drift = sampler.integrated(x, k, delta, fa, fb);
        sample.diffusion = faceAnn(k);
        sample.diffusionLeft = side === 0 ? Number.NaN : A.normal(cell, k);
        sample.diffusionRight = side === 0 ? A.normal(cell, k) : Number.NaN;
        flux.coefficients(sample, coef);
        rows.add(f, cell, side === 0 ? coef[1] : coef[0]);
      }
    }
    rows.close(nFaces);
    matrices.push(rows.builder.finish());
  }
  return { matrices, shapes, maxPeclet: maxPe, maxPecletPoint: maxPePoint };
}

/** Builds face rows in order: `add(row, col, value)` opens `row` first (closing the rows before it). */
class FaceRows {
  private current = 0;
  /** Writes into the open row (what a face stencil gets). */
  readonly writer: FaceRowWriter;
  constructor(readonly builder: CsrRowBuilder) {
    this.writer = { add: (cell, value) => builder.add(cell, value) };
  }
  add(row: number, col: number, value: number): void {
    while (this.current < row) {
      this.builder.endRow();
      this.current++;
    }
    this.builder.add(col, value);
  }
  /** Closes all rows up to `rows`. */
  close(rows: number): void {
    while (this.current < rows) {
      this.builder.endRow();
      this.current++;
    }
  }
}
