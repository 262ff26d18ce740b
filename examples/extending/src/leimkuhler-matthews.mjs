// An SDE scheme the package does not have, written through @langevin/sde's public exports only.
// Plain JavaScript, because worker threads and shards import this module by its URL (the scheme's
// `spec.module`) and rebuild the scheme themselves; the types are in leimkuhler-matthews.d.mts.
import { checkScheme, fromPotential, timeAverage } from "@langevin/sde";

/**
 * Leimkuhler–Matthews for overdamped Langevin dx = b(x) dt + σ dW with additive noise:
 *   x_{n+1} = x_n + h b(x_n) + σ √h (ξ_n + ξ_{n+1}) / 2,
 * one fresh normal ξ_{n+1} per step, the previous one kept per path (ξ_0 = 0). Weak order 1 on a
 * finite horizon, like Euler–Maruyama, but order 2 for averages over the invariant measure when
 * b = −∇V (Leimkuhler & Matthews, AMRX 2013), and exact for quadratic V.
 */
export function leimkuhlerMatthews(options = {}) {
  const scheme = {
    name: "leimkuhlerMatthews",
    strongOrder: 0.5,
    weakOrder: 1,
    noise: ["additive"],
    calculus: ["ito", "stratonovich"],
    spec: { name: "leimkuhlerMatthews", module: import.meta.url, export: "leimkuhlerMatthews", options },
    normalsPerStep: (p) => p.noiseDim,
    init(problem, batch) {
      checkScheme(scheme, problem);
      const d = problem.dim;
      const m = problem.noiseDim;
      const sigma = problem.sigma;
      const f = new Float64Array(batch * d);
      // ξ_n of each path, kept between steps: the stepper lives as long as its block of paths
      const prev = new Float64Array(batch * m);
      return {
        begin(_t, _x, n) {
          prev.fill(0, 0, n * m);
        },
        step(t, h, x, z, n) {
          problem.drift(t, x, f, n);
          const s = Math.sqrt(h) / 2;
          if (d === 1 && m === 1) {
            const c = s * sigma[0];
            for (let k = 0; k < n; k++) {
              x[k] += h * f[k] + c * (prev[k] + z[k]);
              prev[k] = z[k];
            }
            return;
          }
          for (let k = 0; k < n; k++) {
            for (let i = 0; i < d; i++) {
              let w = 0;
              for (let j = 0; j < m; j++) w += sigma[i * m + j] * (prev[k * m + j] + z[k * m + j]);
              x[k * d + i] += h * f[k * d + i] + s * w;
            }
            for (let j = 0; j < m; j++) prev[k * m + j] = z[k * m + j];
          }
        },
      };
    },
  };
  return scheme;
}

/** Overdamped Langevin in V(x) = (x₁² + 2x₂²)/2 at temperature 1/β (a ProblemRef export). */
export function quadraticWell({ beta = 2 } = {}) {
  return fromPotential({
    dim: 2,
    temperature: 1 / beta,
    x0: (path, out) => {
      out[0] = 1 + 0.001 * path;
      out[1] = -0.5;
    },
    gradient: (x, g) => {
      g[0] = x[0];
      g[1] = 2 * x[1];
    },
  });
}

/** Overdamped Langevin in V(x) = x⁴/4 at β = 1, started on a spread of points in [−1, 1]. */
export function quarticWell({ paths = 1 } = {}) {
  return fromPotential({
    dim: 1,
    temperature: 1,
    x0: (path, out) => {
      out[0] = -1 + (2 * path) / Math.max(1, paths - 1);
    },
    batchedGradient: (x, g, n) => {
      for (let k = 0; k < n; k++) g[k] = x[k] * x[k] * x[k];
    },
  });
}

/** The time average of x₁² after `burnIn`, rebuildable on workers from its spec. */
export function secondMoment(options = {}) {
  const observer = timeAverage((_t, x, _dx, dt) => x[0] * x[0] * dt, { burnIn: options.burnIn });
  return { ...observer, spec: { kind: "secondMoment", module: import.meta.url, options } };
}
