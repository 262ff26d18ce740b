// The benchmark problem as a module, so worker threads can rebuild it (see README, "workers").
import { sdeProblem } from "@langevin/sde";

/** 2-D OU dx = −θ x dt + s dW with a batched user drift. */
export function ou({ theta = 1, s = 0.5 } = {}) {
  return sdeProblem({
    dim: 2,
    noise: "additive",
    diffusion: s,
    x0: [1, 0],
    drift: (_t, x, out, n) => {
      const m = 2 * n;
      for (let j = 0; j < m; j++) out[j] = -theta * x[j];
    },
  });
}
