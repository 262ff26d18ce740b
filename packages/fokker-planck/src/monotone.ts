import { fittedCoefficient } from "./bernoulli.js";
import type { Grid } from "./grid.js";
import { sellingDecomposition } from "./selling.js";

/** The two L-shaped lattice paths of a jump: x steps first, or y steps first. */
const PATHS = [
  [0, 1],
  [1, 0],
] as const;

/** Face fluxes of one axis as (face row, cell column, value) entries, `order` sorting them by row. */
export interface RoutedFluxes {
  row: number[];
  col: number[];
  val: number[];
  order: number[];
}

/** What {@link monotoneFluxes} returns. */
export interface MonotoneFluxes {
  /** Per axis, the face-flux entries (faces laid out as in `FokkerPlanckOperator.faceFluxes`). */
  axes: RoutedFluxes[];
  /** Largest |P_k| over cells and lattice directions (the directional cell Péclet number). */
  maxPeclet: number;
  /** A cell where it occurs. */
  maxPecletCell: number;
  /** Per axis, the longest jump of the stencil in cells (e.g. [2, 1] when (2, 1) is used). */
  reach: [number, number];
}

/**
 * The monotone 2-D Fokker–Planck discretisation as a continuous-time Markov chain on the cells
 * (Kushner's approach, with Selling's decomposition for the stencil and exponential fitting for the
 * drift). In grid units (x = H y) the diffusion D̃ = H⁻¹AH⁻¹ of cell c splits as Σ w_k e_k e_kᵀ over
 * lattice directions e_k (Selling), and the drift b̃ = H⁻¹b as Σ w_k P_k e_k with
 * P_k = e_kᵀ D̃⁻¹ b̃. Cell c jumps to c ± e_k at the rates w_k B(∓P_k), B(z) = z / (e^z − 1): the jumps'
 * mean is b̃, their covariance 2D̃ up to O(P²) (second order, like Scharfetter–Gummel), and every
 * rate is ≥ 0, so the generator is an M-matrix whatever the anisotropy or the drift.
 *
 * Each jump is routed through the axis faces along the two L-shaped lattice paths (x first and y
 * first, half the rate each): the generator is then −div J of face fluxes, mass is conserved
 * exactly, and J is the probability current. Cells on a path gain and lose the same amount. A jump
 * that would cross a reflecting wall is dropped (the stencil then misses it in that boundary layer;
 * mass stays conserved); across an absorbing wall it leaves through the face where its path exits.
 *
 * `diffusionAt(c, out)` writes A = D/β of cell c (row-major 2 × 2); `driftAt(c, out)` writes b.
 */
export function monotoneFluxes(
  grid: Grid,
  diffusionAt: (c: number, out: Float64Array) => void,
  driftAt: (c: number, out: Float64Array) => void,
): MonotoneFluxes {
  const { cells, strides, spacing, bc } = grid;
  const [n0, n1] = cells;
  const h0 = spacing[0];
  const h1 = spacing[1];
  // faces along axis a: cells[a] + 1 along a, row-major
  const faceStrides = [
    [n1, 1],
    [n1 + 1, 1],
  ];
  const axes: RoutedFluxes[] = [0, 1].map(() => ({ row: [], col: [], val: [], order: [] }));
  const a = new Float64Array(4);
  const b = new Float64Array(2);
  const w = new Float64Array(3);
  const e = new Int32Array(6);
  const u = new Int32Array(2);
  const periodic = [bc[0][0] === "periodic", bc[1][0] === "periodic"];
  let maxPeclet = 0;
  let maxPecletCell = 0;
  const reach: [number, number] = [1, 1];

  const push = (axis: number, row: number, col: number, val: number) => {
    axes[axis].row.push(row);
    axes[axis].col.push(col);
    axes[axis].val.push(val);
  };
  const faceRow = (axis: number, ua: number) =>
    (axis === 0 ? ua : u[0]) * faceStrides[axis][0] + (axis === 1 ? ua : u[1]) * faceStrides[axis][1];
  /** Routes rate `q` (density per unit time) from cell c (multi-index i0, i1) to c + (ex, ey). */
  const route = (c: number, i0: number, i1: number, ex: number, ey: number, q: number) => {
    for (let ax = 0; ax < 2; ax++) {
      const t = ax === 0 ? i0 + ex : i1 + ey;
      if (periodic[ax] || (t >= 0 && t < cells[ax])) continue;
      if (bc[ax][t < 0 ? 0 : 1] !== "absorbing") return; // across a reflecting wall: dropped
    }
    for (const order of PATHS) {
      u[0] = i0;
      u[1] = i1;
      path: for (const ax of order) {
        const steps = ax === 0 ? ex : ey;
        const s = Math.sign(steps);
        const val = 0.5 * s * q * spacing[ax];
        for (let r = 0; r < Math.abs(steps); r++) {
          const next = u[ax] + s;
          if (s > 0) {
            push(ax, faceRow(ax, u[ax] + 1), c, val);
            if (next === cells[ax] && periodic[ax]) push(ax, faceRow(ax, 0), c, val);
          } else {
            push(ax, faceRow(ax, u[ax]), c, val);
            if (next === -1 && periodic[ax]) push(ax, faceRow(ax, cells[ax]), c, val);
          }
          if (next < 0 || next >= cells[ax]) {
            if (!periodic[ax]) break path; // left through an absorbing wall
            u[ax] = next < 0 ? cells[ax] - 1 : 0;
          } else u[ax] = next;
        }
      }
    }
  };

  for (let c = 0; c < n0 * n1; c++) {
    const i0 = Math.floor(c / strides[0]) % n0;
    const i1 = Math.floor(c / strides[1]) % n1;
    diffusionAt(c, a);
    driftAt(c, b);
    const d11 = a[0] / (h0 * h0);
    const d12 = a[1] / (h0 * h1);
    const d22 = a[3] / (h1 * h1);
    sellingDecomposition(d11, d12, d22, w, e);
    // D̃⁻¹ b̃
    const bx = b[0] / h0;
    const by = b[1] / h1;
    const det = d11 * d22 - d12 * d12;
    // P_k = e_kᵀ D̃⁻¹ b̃ = num / det, kept as a fraction so that tiny D (huge β) cannot overflow the rates
    const gx = d22 * bx - d12 * by;
    const gy = d11 * by - d12 * bx;
    for (let k = 0; k < 3; k++) {
      if (w[k] === 0) continue;
      const ex = e[2 * k];
      const ey = e[2 * k + 1];
      const num = ex * gx + ey * gy;
      const P = num / det;
      if (Math.abs(P) > maxPeclet) {
        maxPeclet = Math.abs(P);
        maxPecletCell = c;
      }
      reach[0] = Math.max(reach[0], Math.abs(ex));
      reach[1] = Math.max(reach[1], Math.abs(ey));
      route(c, i0, i1, ex, ey, fittedCoefficient(w[k], -num, det));
      route(c, i0, i1, -ex, -ey, fittedCoefficient(w[k], num, det));
    }
  }
  for (const l of axes) l.order = Array.from(l.row.keys()).sort((i, j) => l.row[i] - l.row[j] || i - j);
  return {
    axes,
    maxPeclet,
    maxPecletCell,
    reach,
  };
}
