/** A 2-D test function with its gradient and Hessian. */
export interface Surface2D {
  name: string;
  f(x: number, y: number): number;
  /** Writes ∇f into g[0..1]. */
  grad(x: number, y: number, g: Float64Array): void;
  /** Writes the Hessian [hxx, hxy, hyy] into h[0..2]. */
  hess(x: number, y: number, h: Float64Array): void;
}

/** f = 5x² − y²: a non-degenerate saddle at the origin (Hessian eigenvalues 10 and −2). */
export const quadraticSaddle: Surface2D = {
  name: "5x² − y²",
  f: (x, y) => 5 * x * x - y * y,
  grad(x, y, g) {
    g[0] = 10 * x;
    g[1] = -2 * y;
  },
  hess(_x, _y, h) {
    h[0] = 10;
    h[1] = 0;
    h[2] = -2;
  },
};

/** The monkey saddle f = x³ − 3xy²: a degenerate saddle (zero Hessian) at the origin. */
export const monkeySaddle: Surface2D = {
  name: "x³ − 3xy²",
  f: (x, y) => x * x * x - 3 * x * y * y,
  grad(x, y, g) {
    g[0] = 3 * x * x - 3 * y * y;
    g[1] = -6 * x * y;
  },
  hess(x, y, h) {
    h[0] = 6 * x;
    h[1] = -6 * y;
    h[2] = -6 * x;
  },
};

/** The update rules compared at a saddle. */
export type Method = "newton" | "saddle-free newton" | "gradient descent";

/**
 * One step of Newton (−H⁻¹∇f), saddle-free Newton (−|H|⁻¹∇f, |H| = V|Λ|Vᵀ) or gradient descent
 * (−η∇f) on a 2-D surface, in place on p.
 * @example
 * const p = new Float64Array([0.5, 0.25]);
 * step2d(quadraticSaddle, "saddle-free newton", p, 0); // p = [0, 0.5]
 */
export function step2d(s: Surface2D, method: Method, p: Float64Array, eta: number): void {
  const g = new Float64Array(2);
  const h = new Float64Array(3);
  s.grad(p[0], p[1], g);
  if (method === "gradient descent") {
    p[0] -= eta * g[0];
    p[1] -= eta * g[1];
    return;
  }
  s.hess(p[0], p[1], h);
  // Eigen-decomposition of [[a, b], [b, c]].
  const [a, b, c] = h;
  const mid = (a + c) / 2;
  const rad = Math.hypot((a - c) / 2, b);
  const l1 = mid + rad;
  const l2 = mid - rad;
  // Unit eigenvector of l1.
  let v1x: number;
  let v1y: number;
  if (rad === 0) {
    v1x = 1;
    v1y = 0;
  } else if (Math.abs(b) > 1e-300) {
    const n = Math.hypot(l1 - c, b);
    v1x = (l1 - c) / n;
    v1y = b / n;
  } else {
    v1x = a >= c ? 1 : 0;
    v1y = a >= c ? 0 : 1;
  }
  const v2x = -v1y;
  const v2y = v1x;
  const m1 = method === "newton" ? l1 : Math.abs(l1);
  const m2 = method === "newton" ? l2 : Math.abs(l2);
  const c1 = (v1x * g[0] + v1y * g[1]) / m1;
  const c2 = (v2x * g[0] + v2y * g[1]) / m2;
  p[0] -= c1 * v1x + c2 * v2x;
  p[1] -= c1 * v1y + c2 * v2y;
}

/**
 * Iterates a method from (x0, y0) up to `steps` times, or until the distance to the origin exceeds
 * `escapeRadius` (then `escapedAt` is the step) or drops below 1e-14.
 * @example
 * trajectory(quadraticSaddle, "gradient descent", 1, 0.01, 400, 0.05).escapedAt; // 49
 */
export function trajectory(
  s: Surface2D,
  method: Method,
  x0: number,
  y0: number,
  steps: number,
  eta: number,
  escapeRadius = 1,
): { xs: number[]; ys: number[]; escapedAt: number; r: number[] } {
  const p = new Float64Array([x0, y0]);
  const xs = [x0];
  const ys = [y0];
  const r = [Math.hypot(x0, y0)];
  let escapedAt = -1;
  for (let k = 1; k <= steps; k++) {
    step2d(s, method, p, eta);
    xs.push(p[0]);
    ys.push(p[1]);
    const rk = Math.hypot(p[0], p[1]);
    r.push(rk);
    if (rk > escapeRadius) {
      escapedAt = k;
      break;
    }
    if (rk < 1e-14 || !Number.isFinite(rk)) break;
  }
  return { xs, ys, escapedAt, r };
}
