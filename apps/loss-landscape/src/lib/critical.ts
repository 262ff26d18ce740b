import { solveLinear, symmetricEigen } from "@langevin/core";

/**
 * Finds a critical point by minimising ½‖∇f‖² with Levenberg–Marquardt: the Jacobian of ∇f is the
 * Hessian H, so each step solves (H² + μI) d = H∇f and accepts θ − d when ‖∇f‖ decreases (μ /= 3),
 * else μ *= 3. Returns the point, its gradient norm and the iterations used. It may stall at a local
 * minimum of ‖∇f‖² that is not a critical point: check `gradNorm`.
 * @example
 * const cp = criticalPoint(theta0, net.energy, (t) => net.hessian(t), { maxIter: 150, gtol: 1e-7 });
 */
export function criticalPoint(
  theta0: Float64Array,
  grad: (theta: Float64Array, g: Float64Array) => number,
  hessian: (theta: Float64Array) => Float64Array,
  o: { maxIter: number; gtol: number; signal?: AbortSignal },
): { theta: Float64Array; gradNorm: number; iterations: number } {
  const n = theta0.length;
  const theta = Float64Array.from(theta0);
  const g = new Float64Array(n);
  const gTrial = new Float64Array(n);
  const trial = new Float64Array(n);
  grad(theta, g);
  let gn = Math.hypot(...g);
  let mu = 1e-3;
  let it = 0;
  for (; it < o.maxIter && gn > o.gtol; it++) {
    if (o.signal?.aborted) break;
    const h = hessian(theta);
    const a = new Float64Array(n * n);
    const rhs = new Float64Array(n);
    let scale = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += h[i * n + k] * h[k * n + j];
        a[i * n + j] = s;
        if (i === j) scale = Math.max(scale, s);
      }
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += h[i * n + k] * g[k];
      rhs[i] = s;
    }
    let accepted = false;
    for (let tries = 0; tries < 12 && !accepted; tries++) {
      const m = a.slice();
      for (let i = 0; i < n; i++) m[i * n + i] += mu * Math.max(scale, 1e-12);
      const d = solveLinear(m, n, rhs);
      for (let i = 0; i < n; i++) trial[i] = theta[i] - d[i];
      grad(trial, gTrial);
      const gt = Math.hypot(...gTrial);
      if (gt < gn) {
        theta.set(trial);
        g.set(gTrial);
        gn = gt;
        mu = Math.max(mu / 3, 1e-12);
        accepted = true;
      } else mu *= 3;
    }
    if (!accepted) break;
  }
  return { theta, gradNorm: gn, iterations: it };
}

/**
 * Index of a symmetric matrix: the number of eigenvalues below −tol, with the spectrum.
 * @example
 * indexOf(new Float64Array([1, 0, 0, -2]), 2, 1e-12).negatives; // 1
 */
export function indexOf(
  h: Float64Array,
  n: number,
  tol: number,
): { negatives: number; values: Float64Array } {
  const { values } = symmetricEigen(h, n);
  let negatives = 0;
  for (const v of values) if (v < -tol) negatives++;
  return { negatives, values };
}
