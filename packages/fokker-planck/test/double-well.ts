import { type FokkerPlanckOperator, fokkerPlanck, grid } from "../src/index.js";

/** The tilted double well of issue 15: Φ(x) = (x² − 1)² + 0.01x (wells 0.02 apart, barrier ≈ 1). */
export const phi1 = (x: number) => (x * x - 1) ** 2 + 0.01 * x;
export const dphi1 = (x: number) => 4 * x * (x * x - 1) + 0.01;

/**
 * The non-reversible Langevin sampler on Φ(x, y) = Φ₁(x) + y²/2: drift −∇Φ + λJ∇Φ with
 * J = [[0, 1], [−1, 0]], λ = 1.5 and D = I, whose stationary density is e^{−βΦ}/Z for every β and λ
 * (up to the walls' flux, negligible where βΦ is large there).
 */
export function nonReversible(
  beta: number,
  bounds: [number, number][],
  cells: number[],
): FokkerPlanckOperator {
  const lam = 1.5;
  return fokkerPlanck(
    {
      beta,
      potential: (x) => phi1(x[0]) + x[1] ** 2 / 2,
      nonGradientDrift: (x, o) => {
        o[0] = lam * x[1];
        o[1] = -lam * dphi1(x[0]);
      },
    },
    grid({ bounds, cells }),
    { pecletWarning: Number.POSITIVE_INFINITY },
  );
}

/** log of the normalised discrete Gibbs density e^{−βf}/Z at the cell centres (Σ ρ dV = 1). */
export function logGibbs(op: FokkerPlanckOperator): Float64Array {
  const f = op.potentialValues as Float64Array;
  let top = Number.NEGATIVE_INFINITY;
  for (const v of f) top = Math.max(top, -op.beta * v);
  let z = 0;
  for (const v of f) z += Math.exp(-op.beta * v - top);
  return Float64Array.from(f, (v) => -op.beta * v - top - Math.log(z * op.grid.cellVolume));
}
