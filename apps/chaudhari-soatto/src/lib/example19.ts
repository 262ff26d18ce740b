// Example 19 (after Noh & Lee 2015) for example-19 and free-energy: the model itself is
// @langevin/fokker-planck's `example19`; here only what the experiments add to it.
import { compileVector } from "@langevin/expr";
import {
  type Example19,
  example19,
  type FokkerPlanckOperator,
  fokkerPlanck,
  type Grid,
} from "@langevin/fokker-planck";

/** Φ(x) = (x1² − 1)²/4 + x2²/2, the same for every λ. */
export const phi = example19(0).phi;

/** Z = ∫ e^{−Φ} over the plane (independent of λ). */
export const partitionFunction = example19(0).partitionFunction;

/** The drift compiled by @langevin/expr (value and Jacobian) from the model's expressions. */
export function compiledDrift(model: Example19) {
  return compileVector(model.expressions.drift, ["x", "y"], { constants: { lambda: model.lambda } });
}

/** The Fokker–Planck operator of Example 19 (D = I, β = 1) on a grid. */
export function example19Operator(lambda: number, gr: Grid): FokkerPlanckOperator {
  return fokkerPlanck(example19(lambda).problem(), gr);
}

/** e^{−Φ}/Z on the grid's cell centres, normalised so that Σ ρ dV = 1. */
export function gibbsOnGrid(gr: Grid): Float64Array {
  const c = gr.centers();
  const out = new Float64Array(gr.size);
  let z = 0;
  for (let i = 0; i < gr.size; i++) {
    out[i] = Math.exp(-phi([c[2 * i], c[2 * i + 1]]));
    z += out[i];
  }
  for (let i = 0; i < gr.size; i++) out[i] /= z * gr.cellVolume;
  return out;
}
