import { ConvergenceError, throwIfAborted } from "@langevin/core";
import { type CsrMatrix, spmv } from "./csr.js";

/** A preconditioner: writes `z ≈ A⁻¹ r` (must not keep references to `r`/`z`). */
export type Preconditioner = (r: Float64Array, z: Float64Array) => void;

/** Options of {@link bicgstab}. */
export interface KrylovOptions {
  /** Relative residual target `‖b − Ax‖₂ ≤ tol ‖b‖₂` (default 1e-10). */
  tol?: number;
  /** Extra stopping condition: `|Σ (b − Ax)_i| ≤ sumTol · Σ|b_i|` (mass defect); default off. */
  sumTol?: number;
  /** Iteration budget (default max(1000, 40⌈√n⌉) for n unknowns). */
  maxIterations?: number;
  /** Right preconditioner z ≈ A⁻¹ r (ILU(0), multigrid); default none. */
  preconditioner?: Preconditioner;
  /** Cancels the run between steps (it then throws `AbortError`). */
  signal?: AbortSignal;
  /** Throw `ConvergenceError` when not converged (default true). */
  throwOnFailure?: boolean;
}

/** Result of a Krylov solve. */
export interface KrylovResult {
  /** BiCGSTAB iterations done. */
  iterations: number;
  /** Final relative residual ‖b − Ax‖₂ / ‖b‖₂. */
  residual: number;
  /** Whether `tol` (and `sumTol`, when set) was reached. */
  converged: boolean;
}

/**
 * Work arrays for {@link bicgstab} (eight vectors of length n), to reuse across solves.
 *
 * @example
 * ```ts
 * const work = createBicgstabWork(a.rows);
 * bicgstab(a, b, x, {}, work);
 * ```
 */
export function createBicgstabWork(n: number): Float64Array[] {
  return Array.from({ length: 8 }, () => new Float64Array(n));
}

/**
 * Right-preconditioned BiCGSTAB for `A x = b`; `x` holds the initial guess and receives the solution.
 *
 * @example
 * ```ts
 * const f = ilu0(a);
 * const res = bicgstab(a, b, x, { preconditioner: (r, z) => iluSolve(f, r, z), tol: 1e-10 });
 * ```
 */
export function bicgstab(
  a: CsrMatrix,
  b: Float64Array,
  x: Float64Array,
  options: KrylovOptions = {},
  work?: Float64Array[],
): KrylovResult {
  const n = a.rows;
  const tol = options.tol ?? 1e-10;
  const maxIt = options.maxIterations ?? Math.max(1000, 4 * Math.ceil(Math.sqrt(n)) * 10);
  const M = options.preconditioner;
  const sumTol = options.sumTol;
  const w = work && work.length === 8 && work[0].length === n ? work : createBicgstabWork(n);
  const [r, r0, p, v, s, t, ph, sh] = w;
  spmv(a, x, r);
  let bnorm = 0;
  let babs = 0;
  for (let i = 0; i < n; i++) {
    r[i] = b[i] - r[i];
    bnorm += b[i] * b[i];
    babs += Math.abs(b[i]);
  }
  bnorm = Math.sqrt(bnorm);
  if (bnorm === 0) {
    x.fill(0);
    return { iterations: 0, residual: 0, converged: true };
  }
  const done = (rr: Float64Array): [boolean, number] => {
    let nr = 0;
    let sr = 0;
    for (let i = 0; i < n; i++) {
      nr += rr[i] * rr[i];
      sr += rr[i];
    }
    const rel = Math.sqrt(nr) / bnorm;
    const ok = rel <= tol && (sumTol === undefined || Math.abs(sr) <= sumTol * babs);
    return [ok, rel];
  };
  let [ok, rel] = done(r);
  if (ok) return { iterations: 0, residual: rel, converged: true };
  r0.set(r);
  let rho = 1;
  let alpha = 1;
  let omega = 1;
  let it = 0;
  /** Recomputes the true residual r = b − Ax. */
  const residual = () => {
    spmv(a, x, r);
    for (let i = 0; i < n; i++) r[i] = b[i] - r[i];
  };
  /** Restarts the recurrences from the current residual (it becomes the shadow vector). */
  const restart = () => {
    r0.set(r);
    p.fill(0);
    v.fill(0);
    rho = 1;
    alpha = 1;
    omega = 1;
  };
  /** Recomputes r = b − Ax; when it fails the test, restarts the recurrences from it. */
  const trueResidualOk = (): boolean => {
    residual();
    [ok, rel] = done(r);
    if (ok) return true;
    restart();
    return false;
  };
  for (it = 1; it <= maxIt; it++) {
    if ((it & 15) === 0) throwIfAborted(options.signal);
    let rhoNew = 0;
    for (let i = 0; i < n; i++) rhoNew += r0[i] * r[i];
    if (rhoNew === 0 || !Number.isFinite(rhoNew)) {
      // breakdown: restart with the current residual as shadow vector
      residual();
      restart();
      rhoNew = 0;
      for (let i = 0; i < n; i++) rhoNew += r0[i] * r[i];
      if (rhoNew === 0) break;
    }
    const beta = (rhoNew / rho) * (alpha / omega);
    rho = rhoNew;
    for (let i = 0; i < n; i++) p[i] = r[i] + beta * (p[i] - omega * v[i]);
    if (M) M(p, ph);
    else ph.set(p);
    spmv(a, ph, v);
    let r0v = 0;
    for (let i = 0; i < n; i++) r0v += r0[i] * v[i];
    alpha = rho / r0v;
    for (let i = 0; i < n; i++) s[i] = r[i] - alpha * v[i];
    [ok, rel] = done(s);
    if (ok) {
      for (let i = 0; i < n; i++) x[i] += alpha * ph[i];
      // the recursive residual can drift from the true one: verify, and restart if needed
      if (trueResidualOk()) return { iterations: it, residual: rel, converged: true };
      continue;
    }
    if (M) M(s, sh);
    else sh.set(s);
    spmv(a, sh, t);
    let tt = 0;
    let ts = 0;
    for (let i = 0; i < n; i++) {
      tt += t[i] * t[i];
      ts += t[i] * s[i];
    }
    omega = tt === 0 ? 0 : ts / tt;
    for (let i = 0; i < n; i++) {
      x[i] += alpha * ph[i] + omega * sh[i];
      r[i] = s[i] - omega * t[i];
    }
    [ok, rel] = done(r);
    if (ok && trueResidualOk()) return { iterations: it, residual: rel, converged: true };
    if (!Number.isFinite(rel)) break;
    // stagnation: restart from the recursive residual
    if (omega === 0) restart();
  }
  residual();
  [ok, rel] = done(r);
  if (!ok && (options.throwOnFailure ?? true)) {
    throw new ConvergenceError(
      `BiCGSTAB did not reach tol ${tol} in ${Math.min(it, maxIt)} iterations (relative residual ${rel})`,
      Math.min(it, maxIt),
      rel,
    );
  }
  return { iterations: Math.min(it, maxIt), residual: rel, converged: ok };
}
