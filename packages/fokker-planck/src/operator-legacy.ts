import {
  assertPositive,
  InvalidArgumentError,
  NonFiniteError,
  NotPositiveDefiniteError,
} from "@langevin/core";
import { fittedCoefficient } from "./bernoulli.js";
import type { Grid } from "./grid.js";
import { monotoneFluxes } from "./monotone.js";
import type { FokkerPlanckProblem } from "./problem.js";
import { checkOperatorSize, sizeText } from "./size.js";
import { type CsrMatrix, CsrRowBuilder } from "./sparse/csr.js";

/** A non-fatal finding while building an operator. */
export interface FokkerPlanckWarning {
  code: "cell-peclet" | "positivity" | "stencil";
  message: string;
  /** Where it happened (face centre), when it is about one place. */
  point?: number[];
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
   * with a stencil that widens like √(condition number of D).
   */
  crossDiffusion?: "central" | "monotone";
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
  readonly grid: Grid;
  readonly beta: number;
  readonly generator: CsrMatrix;
  readonly faceFluxes: readonly CsrMatrix[];
  /** Shape of the face array per axis. */
  readonly faceShapes: readonly (readonly number[])[];
  /** f at the cell centres when the problem has a potential. */
  readonly potentialValues?: Float64Array;
  readonly diagnostics: OperatorDiagnostics;
  readonly warnings: FokkerPlanckWarning[];
  readonly problem: FokkerPlanckProblem;
  /** How a full diffusion matrix was discretised (see {@link OperatorOptions.crossDiffusion}). */
  readonly crossDiffusion: "central" | "monotone";
}

type DiffKind = "scalar" | "constDiag" | "constMatrix" | "diagField" | "matrixField";

/**
 * Assembles the finite-volume generator with exponentially fitted (Scharfetter–Gummel) fluxes.
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
export function legacyFokkerPlanck(
  problem: FokkerPlanckProblem,
  grid: Grid,
  options: OperatorOptions = {},
): FokkerPlanckOperator {
  const diffusion = problem.diffusion;
  const full = typeof diffusion === "object" && ("constantMatrix" in diffusion || "matrix" in diffusion);
  const size = checkOperatorSize(grid, full);
  try {
    return assemble(problem, grid, options);
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

function assemble(problem: FokkerPlanckProblem, grid: Grid, options: OperatorOptions): FokkerPlanckOperator {
  assertPositive(problem.beta, "problem.beta");
  const beta = problem.beta;
  const dim = grid.dim;
  const N = grid.size;
  const { cells, strides, spacing, bounds, bc } = grid;
  const warnings: FokkerPlanckWarning[] = [];
  const warn = (w: FokkerPlanckWarning) => {
    warnings.push(w);
    options.onWarning?.(w);
  };
  const x = new Float64Array(dim);
  const vec = new Float64Array(dim);
  const pointOf = (p: Float64Array) => Array.from(p);

  // ---- diffusion at cell centres (A = D / β) ----
  const diff = problem.diffusion ?? 1;
  let kind: DiffKind;
  if (typeof diff === "number") kind = "scalar";
  else if ("constantDiagonal" in diff) kind = "constDiag";
  else if ("constantMatrix" in diff) kind = "constMatrix";
  else if ("diagonal" in diff) kind = "diagField";
  else if ("matrix" in diff) kind = "matrixField";
  else throw new InvalidArgumentError("problem.diffusion", "unknown diffusion form");
  const full = kind === "constMatrix" || kind === "matrixField";
  const stride = full ? dim * dim : dim;
  const constA = new Float64Array(stride);

  const checkMatrix = (m: Float64Array, where: Float64Array | undefined, scaled: boolean) => {
    for (let i = 0; i < m.length; i++) {
      if (!Number.isFinite(m[i])) {
        throw new NonFiniteError(`diffusion is ${m[i]} at x = [${where ? pointOf(where) : "constant"}]`, {
          point: where ? pointOf(where) : undefined,
          function: "diffusion",
        });
      }
    }
    if (!scaled) return;
    if (!full) {
      for (let k = 0; k < dim; k++) {
        if (!(m[k] > 0)) {
          throw new NotPositiveDefiniteError(
            `diffusion is not positive-definite at x = [${where ? pointOf(where) : "constant"}]: D_${k}${k} = ${m[k]}`,
            where ? pointOf(where) : undefined,
            k,
          );
        }
      }
      return;
    }
    // symmetry and Cholesky (dim ≤ 3)
    const l = new Float64Array(dim * dim);
    for (let i = 0; i < dim; i++) {
      for (let j = 0; j < i; j++) {
        const a = m[i * dim + j];
        const b = m[j * dim + i];
        if (Math.abs(a - b) > 1e-12 * (Math.abs(a) + Math.abs(b) + 1e-300)) {
          throw new InvalidArgumentError(
            "problem.diffusion",
            `matrix is not symmetric at x = [${where ? pointOf(where) : "constant"}]`,
          );
        }
      }
      for (let j = 0; j <= i; j++) {
        let s = m[i * dim + j];
        for (let q = 0; q < j; q++) s -= l[i * dim + q] * l[j * dim + q];
        if (i === j) {
          if (!(s > 0)) {
            throw new NotPositiveDefiniteError(
              `diffusion is not positive-definite at x = [${where ? pointOf(where) : "constant"}] (pivot ${i})`,
              where ? pointOf(where) : undefined,
              i,
            );
          }
          l[i * dim + i] = Math.sqrt(s);
        } else l[i * dim + j] = s / l[j * dim + j];
      }
    }
  };

  if (kind === "scalar") {
    const c = diff as number;
    if (!Number.isFinite(c)) throw new NonFiniteError(`diffusion is ${c}`, { function: "diffusion" });
    if (!(c > 0)) throw new NotPositiveDefiniteError(`diffusion must be > 0, got ${c}`);
    for (let k = 0; k < dim; k++) constA[k] = c / beta;
  } else if (kind === "constDiag" || kind === "constMatrix") {
    const src =
      kind === "constDiag"
        ? (diff as { constantDiagonal: ArrayLike<number> }).constantDiagonal
        : (diff as { constantMatrix: ArrayLike<number> }).constantMatrix;
    if (src.length !== stride) {
      throw new InvalidArgumentError("problem.diffusion", `constant diffusion must have ${stride} entries`);
    }
    for (let i = 0; i < stride; i++) constA[i] = src[i];
    checkMatrix(constA, undefined, true);
    for (let i = 0; i < stride; i++) constA[i] /= beta;
  }
  const fieldFn =
    kind === "diagField"
      ? (diff as { diagonal: (x: Float64Array, out: Float64Array) => void }).diagonal
      : kind === "matrixField"
        ? (diff as { matrix: (x: Float64Array, out: Float64Array) => void }).matrix
        : undefined;
  const isField = fieldFn !== undefined;
  const evalA = (p: Float64Array, out: Float64Array) => {
    if (fieldFn) {
      fieldFn(p, out);
      checkMatrix(out, p, true);
      for (let i = 0; i < stride; i++) out[i] /= beta;
    } else out.set(constA);
  };
  // A at cell centres (only stored for fields)
  const Acell = isField ? new Float64Array(N * stride) : undefined;
  const tmpA = new Float64Array(stride);
  if (Acell) {
    for (let c = 0; c < N; c++) {
      grid.center(c, x);
      evalA(x, tmpA);
      Acell.set(tmpA, c * stride);
    }
  }
  const annAt = (c: number, k: number) => {
    const base = Acell ? c * stride : 0;
    const arr = Acell ?? constA;
    return full ? arr[base + k * dim + k] : arr[base + k];
  };
  const aklAt = (c: number, k: number, l: number) => {
    const base = Acell ? c * stride : 0;
    const arr = Acell ?? constA;
    return arr[base + k * dim + l];
  };

  // ---- potential at centres ----
  const fpot = problem.drift ? undefined : problem.potential;
  const evalF = (p: Float64Array) => {
    const v = (fpot as (x: Float64Array) => number)(p);
    if (!Number.isFinite(v)) {
      throw new NonFiniteError(`potential is ${v} at x = [${pointOf(p)}]`, {
        point: pointOf(p),
        function: "potential",
      });
    }
    return v;
  };
  let potentialValues: Float64Array | undefined;
  if (problem.potential) {
    potentialValues = new Float64Array(N);
    for (let c = 0; c < N; c++) {
      grid.center(c, x);
      const v = problem.potential(x);
      if (!Number.isFinite(v)) {
        throw new NonFiniteError(`potential is ${v} at x = [${pointOf(x)}]`, {
          point: pointOf(x),
          function: "potential",
        });
      }
      potentialValues[c] = v;
    }
  }
  const checkComponent = (name: string, p: Float64Array, k: number, v: number) => {
    if (!Number.isFinite(v)) {
      throw new NonFiniteError(`${name} is ${v} at x = [${pointOf(p)}] (component ${k})`, {
        point: pointOf(p),
        function: name,
        component: k,
      });
    }
    return v;
  };
  const evalVec = (
    fn: (x: Float64Array, o: Float64Array) => void,
    name: string,
    p: Float64Array,
    k: number,
  ) => {
    fn(p, vec);
    return checkComponent(name, p, k, vec[k]);
  };
  /** out += sign · fn(p), every component checked; one evaluation of the field. */
  const addField = (
    fn: (x: Float64Array, o: Float64Array) => void,
    name: string,
    p: Float64Array,
    sign: number,
    out: Float64Array,
  ) => {
    fn(p, vec);
    for (let k = 0; k < dim; k++) out[k] += sign * checkComponent(name, p, k, vec[k]);
  };
  /** ∫ b·e_k dl over [xa, xb] along axis k, with xa = p − lenA e_k, xb = p + lenB e_k (p = face centre). */
  const integratedDrift = (
    p: Float64Array,
    k: number,
    len: number,
    fa: number | undefined,
    fb: number | undefined,
  ) => {
    let v = 0;
    if (problem.drift) v = len * evalVec(problem.drift, "drift", p, k);
    else if (fpot) v = -((fb as number) - (fa as number));
    else if (problem.gradient) v = -len * evalVec(problem.gradient, "gradient", p, k);
    if (problem.nonGradientDrift) v += len * evalVec(problem.nonGradientDrift, "nonGradientDrift", p, k);
    return v;
  };

  // ---- monotone mode: the whole operator as routed Markov-chain jumps (2-D, full matrices) ----
  const crossDiffusion = options.crossDiffusion ?? "central";
  if (crossDiffusion !== "central" && crossDiffusion !== "monotone") {
    throw new InvalidArgumentError(
      "options.crossDiffusion",
      `must be "central" or "monotone", got ${String(crossDiffusion)}`,
    );
  }
  if (crossDiffusion === "monotone" && full && dim > 2) {
    throw new InvalidArgumentError(
      "options.crossDiffusion",
      `"monotone" is implemented for 2-D grids (Selling's decomposition); this grid has ${dim} dimensions`,
    );
  }
  const monotone = crossDiffusion === "monotone" && full && dim === 2;

  /** b at the point p (centre of a cell): −∇f by central differences when only f is given. */
  function centreDrift(p: Float64Array, out: Float64Array): void {
    out.fill(0);
    if (problem.drift) addField(problem.drift, "drift", p, 1, out);
    else if (fpot) {
      for (let k = 0; k < dim; k++) {
        const h = spacing[k];
        px.set(p);
        px[k] = p[k] + h;
        const fp = evalF(px);
        px[k] = p[k] - h;
        out[k] = -(fp - evalF(px)) / (2 * h);
      }
    } else if (problem.gradient) addField(problem.gradient, "gradient", p, -1, out);
    if (problem.nonGradientDrift) addField(problem.nonGradientDrift, "nonGradientDrift", p, 1, out);
  }

  // ---- face fluxes ----
  const faceFluxes: CsrMatrix[] = [];
  const faceShapes: number[][] = [];
  let maxPe = 0;
  let maxPePoint: number[] | undefined;
  const faceA = new Float64Array(stride);
  const m = new Int32Array(dim);
  const px = new Float64Array(dim);
  const routed = monotone
    ? monotoneFluxes(
        grid,
        (c, out) => out.set(Acell ? Acell.subarray(c * stride, (c + 1) * stride) : constA),
        (c, out) => centreDrift(grid.center(c, x), out),
      )
    : undefined;
  if (routed) {
    maxPe = routed.maxPeclet;
    maxPePoint = pointOf(grid.center(routed.maxPecletCell, x));
  }

  for (let k = 0; k < dim; k++) {
    const shape = cells.map((n, a) => (a === k ? n + 1 : n));
    faceShapes.push(shape);
    let nFaces = 1;
    for (const s of shape) nFaces *= s;
    const coo = new FaceRows(new CsrRowBuilder(nFaces, N, nFaces * (full ? 2 + 6 * (dim - 1) : 2) + 16));
    const h = spacing[k];
    const nk = cells[k];
    const periodic = bc[k][0] === "periodic";
    m.fill(0);
    m[dim - 1] = -1;
    // monotone mode: this axis's routed jump fluxes, merged in face order
    const J = routed?.axes[k];
    let jp = 0;
    const flushJumps = (upTo: number) => {
      while (J && jp < J.order.length && J.row[J.order[jp]] <= upTo) {
        const i = J.order[jp++];
        coo.add(J.row[i], J.col[i], J.val[i]);
      }
    };
    for (let f = 0; f < nFaces; f++) {
      flushJumps(f - 1);
      if (monotone) continue;
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
      if (left >= 0 && right >= 0) {
        let fa: number | undefined;
        let fb: number | undefined;
        if (fpot) {
          const wrapL = mk === 0;
          const wrapR = mk === nk;
          if (wrapL || wrapR) {
            px.set(x);
            px[k] = x[k] - 0.5 * h;
            fa = wrapL ? evalF(px) : (potentialValues as Float64Array)[left];
            px[k] = x[k] + 0.5 * h;
            fb = wrapR ? evalF(px) : (potentialValues as Float64Array)[right];
          } else {
            fa = (potentialValues as Float64Array)[left];
            fb = (potentialValues as Float64Array)[right];
          }
        }
        const vh = integratedDrift(x, k, h, fa, fb);
        let ann: number;
        if (isField) {
          evalA(x, faceA);
          ann = full ? faceA[k * dim + k] : faceA[k];
        } else ann = full ? constA[k * dim + k] : constA[k];
        const pe = vh / ann;
        if (Math.abs(pe) > maxPe) {
          maxPe = Math.abs(pe);
          maxPePoint = pointOf(x);
        }
        coo.add(f, left, fittedCoefficient(annAt(left, k), -vh, ann) / h);
        coo.add(f, right, -fittedCoefficient(annAt(right, k), vh, ann) / h);
        if (full) {
          for (let l = 0; l < dim; l++) {
            if (l === k) continue;
            addTransverse(coo, f, left, k, l, -0.5);
            addTransverse(coo, f, right, k, l, -0.5);
          }
        }
      } else {
        const side = left < 0 ? 0 : 1;
        if (bc[k][side] !== "absorbing") continue; // reflecting: zero flux
        const cell = left < 0 ? right : left;
        const delta = 0.5 * h;
        let fa: number | undefined;
        let fb: number | undefined;
        if (fpot) {
          // interval from left point to right point (one of them the face)
          const fc = (potentialValues as Float64Array)[cell];
          const ff = evalF(x);
          if (side === 0) {
            fa = ff;
            fb = fc;
          } else {
            fa = fc;
            fb = ff;
          }
        }
        // drift evaluated at the face
        const vh = integratedDrift(x, k, delta, fa, fb);
        let ann: number;
        if (isField) {
          evalA(x, faceA);
          ann = full ? faceA[k * dim + k] : faceA[k];
        } else ann = full ? constA[k * dim + k] : constA[k];
        if (side === 0) coo.add(f, cell, -fittedCoefficient(annAt(cell, k), vh, ann) / delta);
        else coo.add(f, cell, fittedCoefficient(annAt(cell, k), -vh, ann) / delta);
      }
    }
    flushJumps(nFaces - 1);
    coo.close(nFaces);
    faceFluxes.push(coo.builder.finish());
  }

  /** Adds `scale · ∂_l(A_kl ρ)` at cell c (central difference, one-sided at walls) to face row f. */
  function addTransverse(coo: FaceRows, f: number, c: number, k: number, l: number, scale: number) {
    const nl = cells[l];
    const hl = spacing[l];
    const il = Math.floor(c / strides[l]) % nl;
    const per = bc[l][0] === "periodic";
    const plus = il + 1 < nl ? c + strides[l] : per ? c - (nl - 1) * strides[l] : -1;
    const minus = il - 1 >= 0 ? c - strides[l] : per ? c + (nl - 1) * strides[l] : -1;
    if (plus >= 0 && minus >= 0) {
      coo.add(f, plus, (scale * aklAt(plus, k, l)) / (2 * hl));
      coo.add(f, minus, (-scale * aklAt(minus, k, l)) / (2 * hl));
    } else if (plus >= 0) {
      if (bc[l][0] === "absorbing") coo.add(f, plus, (scale * aklAt(plus, k, l)) / (1.5 * hl));
      else {
        coo.add(f, plus, (scale * aklAt(plus, k, l)) / hl);
        coo.add(f, c, (-scale * aklAt(c, k, l)) / hl);
      }
    } else if (minus >= 0) {
      if (bc[l][1] === "absorbing") coo.add(f, minus, (-scale * aklAt(minus, k, l)) / (1.5 * hl));
      else {
        coo.add(f, c, (scale * aklAt(c, k, l)) / hl);
        coo.add(f, minus, (-scale * aklAt(minus, k, l)) / hl);
      }
    }
  }

  // ---- generator L = −div J: row c gathers +F[lower face]/h − F[upper face]/h per axis ----
  let cap = N;
  for (const F of faceFluxes) cap += 2 * F.rowPtr[F.rows];
  const Lb = new CsrRowBuilder(N, N, cap);
  const faceStrides = faceShapes.map((shape) => {
    const st = new Array<number>(dim);
    let s = 1;
    for (let a = dim - 1; a >= 0; a--) {
      st[a] = s;
      s *= shape[a];
    }
    return st;
  });
  m.fill(0);
  for (let c = 0; c < N; c++) {
    if (c > 0) {
      for (let a = dim - 1; a >= 0; a--) {
        if (++m[a] < cells[a]) break;
        m[a] = 0;
      }
    }
    Lb.add(c, 0); // keep a full diagonal
    for (let k = 0; k < dim; k++) {
      const F = faceFluxes[k];
      const st = faceStrides[k];
      let fl = 0;
      for (let a = 0; a < dim; a++) fl += m[a] * st[a];
      const fu = fl + st[k];
      const inv = 1 / spacing[k];
      for (let p = F.rowPtr[fl], e = F.rowPtr[fl + 1]; p < e; p++) Lb.add(F.colIndex[p], F.values[p] * inv);
      for (let p = F.rowPtr[fu], e = F.rowPtr[fu + 1]; p < e; p++) Lb.add(F.colIndex[p], -F.values[p] * inv);
    }
    // routed jumps cancel exactly in the cells their paths cross: drop those zeros, keep the diagonal
    Lb.endRow(monotone ? c : -1);
  }
  const generator = Lb.finish();

  let violations = 0;
  let minOff = 0;
  let maxRate = 0;
  let scale = 0;
  for (let i = 0; i < N; i++) {
    for (let p = generator.rowPtr[i]; p < generator.rowPtr[i + 1]; p++) {
      if (generator.colIndex[p] === i) {
        const r = Math.abs(generator.values[p]);
        if (r > maxRate) maxRate = r;
      }
    }
  }
  scale = maxRate;
  for (let i = 0; i < N; i++) {
    for (let p = generator.rowPtr[i]; p < generator.rowPtr[i + 1]; p++) {
      if (generator.colIndex[p] !== i) {
        const v = generator.values[p];
        if (v < -1e-13 * scale) {
          violations++;
          if (v < minOff) minOff = v;
        }
      }
    }
  }
  const pecletLimit = options.pecletWarning ?? 2;
  if (maxPe > pecletLimit) {
    warn({
      code: "cell-peclet",
      message: `cell Péclet number ${maxPe.toPrecision(3)} exceeds ${pecletLimit}: the grid is coarse for the drift`,
      point: maxPePoint,
      value: maxPe,
    });
  }
  const stencilReach = routed ? [...routed.reach] : new Array<number>(dim).fill(1);
  for (let k = 0; k < dim; k++) {
    // a jump longer than half the axis starts inside the wall's reach from most cells and is dropped
    // there (reflecting walls): the chain can lose whole directions and become reducible
    if (bc[k][0] !== "periodic" && 2 * stencilReach[k] > cells[k]) {
      warn({
        code: "stencil",
        message: `the monotone stencil jumps ${stencilReach[k]} cells along axis ${k} (Selling directions of a strongly anisotropic D), more than half of the grid's ${cells[k]}: most of those jumps would cross a wall and are dropped; use more cells along axis ${k} or central cross-diffusion`,
        value: stencilReach[k],
      });
    }
  }
  if (violations > 0) {
    warn({
      code: "positivity",
      message: `${violations} negative off-diagonal generator entries (most negative ${minOff.toPrecision(3)}): cross-diffusion breaks the M-matrix property; densities may go slightly negative`,
      value: violations,
    });
  }
  return {
    grid,
    beta,
    generator,
    faceFluxes,
    faceShapes,
    potentialValues,
    diagnostics: {
      maxCellPeclet: maxPe,
      positivityViolations: violations,
      minOffDiagonal: minOff,
      maxRate,
      stencilReach,
    },
    warnings,
    problem,
    crossDiffusion: monotone ? "monotone" : "central",
  };
}

/** Adapter that keeps the `add(row, col, value)` shape while building face rows in order. */
class FaceRows {
  private current = 0;
  constructor(readonly builder: CsrRowBuilder) {}
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
