import {
  assertPositive,
  InvalidArgumentError,
  NonFiniteError,
  ShapeMismatchError,
  throwIfAborted,
} from "@langevin/core";
import FFT from "fft.js";
import type { Grid } from "./grid.js";
import type { FokkerPlanckProblem } from "./problem.js";

/** Options of {@link SpectralSolver.evolve}. */
export interface SpectralEvolveOptions {
  /** End time. */
  t1: number;
  /** Requested step; reduced automatically to the advective stability limit (see `result.dt`). */
  dt: number;
  /** Times at which to keep a copy of the density (≤ t1). */
  snapshots?: readonly number[];
  /** Cancels the run between steps (it then throws `AbortError`). */
  signal?: AbortSignal;
  /** Called with the fraction of `t1` reached and the current time and step count. */
  onProgress?: (fraction: number, info?: { t: number; steps: number }) => void;
}

/** Result of {@link SpectralSolver.evolve}. */
export interface SpectralEvolveResult {
  /** Density at the cell centres at `t`. */
  density: Float64Array;
  /** The time reached (t1 unless aborted). */
  t: number;
  /** Time steps taken. */
  steps: number;
  /** Step actually used. */
  dt: number;
  /** The density at each requested snapshot time, in order. */
  snapshots: Array<{
    /** The snapshot's time. */
    t: number;
    /** The density at that time. */
    density: Float64Array;
  }>;
}

/** Options of {@link SpectralSolver.stationary}. */
export interface SpectralStationaryOptions {
  /** Time step of the marching (default: the stability limit). */
  dt?: number;
  /** Stop when ‖ρ_{n+1} − ρ_n‖_∞ / (dt ‖ρ‖_∞) < tol (default 1e-9). */
  tol?: number;
  /** Give up after this time (default 1e4). */
  maxTime?: number;
  /** Initial density (default uniform). */
  initial?: Float64Array;
  /** Cancels the run between steps (it then throws `AbortError`). */
  signal?: AbortSignal;
}

/** A pseudo-spectral Fokker–Planck solver on a periodic grid with constant diffusion. */
export interface SpectralSolver {
  /** The periodic grid of the solver. */
  readonly grid: Grid;
  /** Drift b at the grid points, `b[i * dim + k]`. */
  readonly drift: Float64Array;
  /** Advective stability limit of the step. */
  readonly maxStableDt: number;
  /** Time marching from `rho0` (values at the cell centres). */
  evolve(rho0: ArrayLike<number>, options: SpectralEvolveOptions): SpectralEvolveResult;
  /** Stationary density by time marching to equilibrium, normalised to unit mass. */
  stationary(options?: SpectralStationaryOptions): {
    /** The stationary density at the cell centres, unit mass. */
    density: Float64Array;
    /** The time marched. */
    t: number;
    /** Time steps taken. */
    steps: number;
    /** Relative rate of change max|Δρ| / (Δt max|ρ|) of the last step; marching stops below `tol`. */
    change: number;
  };
}

/**
 * Pseudo-spectral solver for `∂ρ/∂t = −∇·(bρ) + Σ A_kl ∂_k∂_l ρ` on a fully periodic grid with
 * constant diffusion (A = D/β given as a number, constant diagonal or constant matrix), using fft.js
 * (n-D transforms axis by axis; sizes must be powers of two ≥ 4). Diffusion is treated implicitly
 * (Crank–Nicolson in Fourier space) and the drift term explicitly (Adams–Bashforth 2): second order in
 * time, spectral in space. With only a potential, the drift −∇f is differentiated spectrally.
 * The densities are the values at the cell centres of `grid` (same layout as the finite-volume solver).
 *
 * @example
 * ```ts
 * const g = grid({ bounds: [[0, 1], [0, 1]], cells: [64, 64], bc: "periodic" });
 * const sp = spectralSolver({ beta: 1, drift: (x, o) => { o[0] = 1 + Math.sin(2 * Math.PI * x[1]); o[1] = 0; } }, g);
 * const ss = sp.stationary();
 * ```
 */
export function spectralSolver(problem: FokkerPlanckProblem, grid: Grid): SpectralSolver {
  assertPositive(problem.beta, "problem.beta");
  const dim = grid.dim;
  const N = grid.size;
  for (let k = 0; k < dim; k++) {
    if (grid.bc[k][0] !== "periodic") throw new InvalidArgumentError("grid", `axis ${k} is not periodic`);
    const n = grid.cells[k];
    if (n < 4 || (n & (n - 1)) !== 0)
      throw new InvalidArgumentError(`grid.cells[${k}]`, `must be a power of two ≥ 4 (fft.js), got ${n}`);
  }
  // constant A
  const A = new Float64Array(dim * dim);
  const diff = problem.diffusion ?? 1;
  if (typeof diff === "number") {
    if (!(diff > 0)) throw new InvalidArgumentError("problem.diffusion", "must be > 0");
    for (let k = 0; k < dim; k++) A[k * dim + k] = diff / problem.beta;
  } else if ("constantDiagonal" in diff) {
    for (let k = 0; k < dim; k++) {
      if (!(diff.constantDiagonal[k] > 0))
        throw new InvalidArgumentError("problem.diffusion", "diagonal must be > 0");
      A[k * dim + k] = diff.constantDiagonal[k] / problem.beta;
    }
  } else if ("constantMatrix" in diff) {
    if (diff.constantMatrix.length !== dim * dim)
      throw new InvalidArgumentError("problem.diffusion", `needs ${dim * dim} entries`);
    for (let i = 0; i < dim * dim; i++) A[i] = diff.constantMatrix[i] / problem.beta;
  } else {
    throw new InvalidArgumentError("problem.diffusion", "the spectral solver needs a constant diffusion");
  }
  const ffts = grid.cells.map((n) => new FFT(n));
  const maxN = Math.max(...grid.cells);
  const lineIn = new Float64Array(2 * maxN);
  const lineOut = new Float64Array(2 * maxN);
  /** In-place n-D complex FFT of interleaved data (length 2N). */
  const fftNd = (data: Float64Array, inverse: boolean) => {
    for (let k = 0; k < dim; k++) {
      const n = grid.cells[k];
      const st = grid.strides[k];
      const f = ffts[k];
      for (let base = 0; base < N; base++) {
        if (Math.floor(base / st) % n !== 0) continue; // line starts where index_k = 0
        for (let i = 0; i < n; i++) {
          const p = 2 * (base + i * st);
          lineIn[2 * i] = data[p];
          lineIn[2 * i + 1] = data[p + 1];
        }
        if (inverse) f.inverseTransform(lineOut, lineIn);
        else f.transform(lineOut, lineIn);
        for (let i = 0; i < n; i++) {
          const p = 2 * (base + i * st);
          data[p] = lineOut[2 * i];
          data[p + 1] = lineOut[2 * i + 1];
        }
      }
    }
  };
  // wave numbers per axis and per mode
  const waves = grid.cells.map((n, k) => {
    const L = grid.bounds[k][1] - grid.bounds[k][0];
    const w = new Float64Array(n);
    for (let m = 0; m < n; m++) w[m] = ((2 * Math.PI) / L) * (m < n / 2 ? m : m === n / 2 ? 0 : m - n);
    return w;
  });
  const wavesFull = grid.cells.map((n, k) => {
    const L = grid.bounds[k][1] - grid.bounds[k][0];
    const w = new Float64Array(n);
    for (let m = 0; m < n; m++) w[m] = ((2 * Math.PI) / L) * (m <= n / 2 ? m : m - n);
    return w;
  });
  const kvec = new Float64Array(N * dim); // first-derivative wave numbers (Nyquist zeroed)
  const lambda = new Float64Array(N); // kᵀ A k (second derivative: Nyquist kept)
  for (let c = 0; c < N; c++) {
    let rem = c;
    const kk = new Float64Array(dim);
    for (let a = 0; a < dim; a++) {
      const m = Math.floor(rem / grid.strides[a]);
      rem -= m * grid.strides[a];
      kvec[c * dim + a] = waves[a][m];
      kk[a] = wavesFull[a][m];
    }
    let s = 0;
    for (let a = 0; a < dim; a++) for (let b = 0; b < dim; b++) s += kk[a] * A[a * dim + b] * kk[b];
    lambda[c] = s;
  }
  // drift at the grid points
  const drift = new Float64Array(N * dim);
  const x = new Float64Array(dim);
  const out = new Float64Array(dim);
  const check = (v: number, name: string, k: number) => {
    if (!Number.isFinite(v)) {
      throw new NonFiniteError(`${name} is ${v} at x = [${Array.from(x)}] (component ${k})`, {
        point: Array.from(x),
        function: name,
      });
    }
  };
  if (problem.drift || problem.gradient || problem.nonGradientDrift) {
    for (let c = 0; c < N; c++) {
      grid.center(c, x);
      for (let k = 0; k < dim; k++) {
        let v = 0;
        if (problem.drift) {
          problem.drift(x, out);
          v = out[k];
          check(v, "drift", k);
        } else if (problem.gradient) {
          problem.gradient(x, out);
          v = -out[k];
          check(v, "gradient", k);
        }
        drift[c * dim + k] = v;
      }
      if (problem.nonGradientDrift && !problem.drift) {
        problem.nonGradientDrift(x, out);
        for (let k = 0; k < dim; k++) {
          check(out[k], "nonGradientDrift", k);
          drift[c * dim + k] += out[k];
        }
      }
    }
  }
  if (!problem.drift && !problem.gradient && problem.potential) {
    // spectral gradient of the (periodic) potential
    const fh = new Float64Array(2 * N);
    for (let c = 0; c < N; c++) {
      const v = problem.potential(grid.center(c, x));
      check(v, "potential", 0);
      fh[2 * c] = v;
    }
    fftNd(fh, false);
    const tmp = new Float64Array(2 * N);
    for (let k = 0; k < dim; k++) {
      for (let c = 0; c < N; c++) {
        const kk = kvec[c * dim + k];
        // −∂_k f ↔ −i k f̂
        tmp[2 * c] = kk * fh[2 * c + 1];
        tmp[2 * c + 1] = -kk * fh[2 * c];
      }
      fftNd(tmp, true);
      for (let c = 0; c < N; c++) drift[c * dim + k] += tmp[2 * c];
    }
  }
  let adv = 0;
  for (let k = 0; k < dim; k++) {
    let bmax = 0;
    for (let c = 0; c < N; c++) bmax = Math.max(bmax, Math.abs(drift[c * dim + k]));
    adv += (bmax * Math.PI) / grid.spacing[k];
  }
  const maxStableDt = adv > 0 ? 0.5 / adv : Number.POSITIVE_INFINITY;

  const rhoHat = new Float64Array(2 * N);
  const nHat = new Float64Array(2 * N);
  const nPrev = new Float64Array(2 * N);
  const work = new Float64Array(2 * N);
  const rho = new Float64Array(N);

  /** N̂ = −Σ_k i k_k (b_k ρ)^ from the real-space ρ. */
  const nonlinear = (target: Float64Array) => {
    target.fill(0);
    for (let k = 0; k < dim; k++) {
      for (let c = 0; c < N; c++) {
        work[2 * c] = drift[c * dim + k] * rho[c];
        work[2 * c + 1] = 0;
      }
      fftNd(work, false);
      for (let c = 0; c < N; c++) {
        const kk = kvec[c * dim + k];
        // −i k (a + i b) = k b − i k a
        target[2 * c] += kk * work[2 * c + 1];
        target[2 * c + 1] -= kk * work[2 * c];
      }
    }
  };
  const toReal = () => {
    work.set(rhoHat);
    fftNd(work, true);
    for (let c = 0; c < N; c++) rho[c] = work[2 * c];
  };
  const load = (rho0: ArrayLike<number>) => {
    if (rho0.length !== N) throw new ShapeMismatchError("rho0", `length ${rho0.length} ≠ grid.size ${N}`);
    for (let c = 0; c < N; c++) {
      rho[c] = rho0[c];
      rhoHat[2 * c] = rho0[c];
      rhoHat[2 * c + 1] = 0;
    }
    fftNd(rhoHat, false);
  };
  /** One CN/AB2 step; `first` uses CN/Euler for the explicit part. */
  const step = (dt: number, first: boolean) => {
    nonlinear(nHat);
    for (let c = 0; c < N; c++) {
      const l = lambda[c];
      const a = (1 - 0.5 * dt * l) / (1 + 0.5 * dt * l);
      const b = dt / (1 + 0.5 * dt * l);
      for (let r = 0; r < 2; r++) {
        const q = 2 * c + r;
        const nn = first ? nHat[q] : 1.5 * nHat[q] - 0.5 * nPrev[q];
        rhoHat[q] = a * rhoHat[q] + b * nn;
      }
    }
    nPrev.set(nHat);
    toReal();
  };

  const solver: SpectralSolver = {
    grid,
    drift,
    maxStableDt,
    evolve(rho0, options) {
      assertPositive(options.t1, "options.t1");
      assertPositive(options.dt, "options.dt");
      load(rho0);
      const stops = [...new Set([...(options.snapshots ?? []), options.t1])]
        .filter((t) => t > 0 && t <= options.t1)
        .sort((p, q) => p - q);
      const snapshots: Array<{ t: number; density: Float64Array }> = [];
      if ((options.snapshots ?? []).includes(0)) snapshots.push({ t: 0, density: Float64Array.from(rho) });
      const dtReq = Math.min(options.dt, maxStableDt);
      let t = 0;
      let steps = 0;
      let used = dtReq;
      for (const stop of stops) {
        const gap = stop - t;
        const n = Math.max(1, Math.ceil(gap / dtReq - 1e-9));
        const h = gap / n;
        used = h;
        for (let s = 0; s < n; s++) {
          if ((steps & 15) === 0) throwIfAborted(options.signal);
          step(h, s === 0);
          steps++;
          t += h;
          options.onProgress?.(t / options.t1, { t, steps });
        }
        t = stop;
        if ((options.snapshots ?? []).includes(stop))
          snapshots.push({ t: stop, density: Float64Array.from(rho) });
      }
      return { density: Float64Array.from(rho), t, steps, dt: used, snapshots };
    },
    stationary(options = {}) {
      const tol = options.tol ?? 1e-9;
      const maxTime = options.maxTime ?? 1e4;
      const dt = Math.min(options.dt ?? maxStableDt, maxStableDt, 1);
      const init = options.initial ?? new Float64Array(N).fill(1 / (N * grid.cellVolume));
      load(init);
      const prev = new Float64Array(N);
      let t = 0;
      let steps = 0;
      let change = Number.POSITIVE_INFINITY;
      while (t < maxTime) {
        if ((steps & 15) === 0) throwIfAborted(options.signal);
        prev.set(rho);
        step(dt, steps === 0);
        steps++;
        t += dt;
        let dmax = 0;
        let rmax = 0;
        for (let c = 0; c < N; c++) {
          dmax = Math.max(dmax, Math.abs(rho[c] - prev[c]));
          rmax = Math.max(rmax, Math.abs(rho[c]));
        }
        change = dmax / (dt * rmax);
        if (!Number.isFinite(change))
          throw new NonFiniteError("spectral marching became non-finite", { t, steps });
        if (change < tol) break;
      }
      let m = 0;
      for (let c = 0; c < N; c++) m += rho[c];
      m *= grid.cellVolume;
      const density = Float64Array.from(rho, (v) => v / m);
      return { density, t, steps, change };
    },
  };
  return solver;
}
