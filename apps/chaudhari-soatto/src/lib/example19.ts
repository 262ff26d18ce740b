// The model of the paper's Example 19 (after Noh & Lee 2015), shared by example-19 and free-energy.
import { compileVector } from "@langevin/expr";
import { type FokkerPlanckOperator, fokkerPlanck, type Grid } from "@langevin/fokker-planck";

/** Φ(x) = (x1² − 1)²/4 + x2²/2. */
export function phi(x: ArrayLike<number>): number {
  const a = x[0] * x[0] - 1;
  return (a * a) / 4 + (x[1] * x[1]) / 2;
}

/** g(x) = λ exp(Φ − (x1² + x2²)²/4). */
export function g(lambda: number, x: ArrayLike<number>): number {
  if (lambda === 0) return 0;
  const r2 = x[0] * x[0] + x[1] * x[1];
  return lambda * Math.exp(phi(x) - (r2 * r2) / 4);
}

/** −∇f = (−x1³ + x1 − g x2, −x2 + g x1) = −∇Φ + g·(−x2, x1). */
export function drift(lambda: number, x: ArrayLike<number>, out: Float64Array): Float64Array {
  const gg = g(lambda, x);
  out[0] = -x[0] * x[0] * x[0] + x[0] - gg * x[1];
  out[1] = -x[1] + gg * x[0];
  return out;
}

/** The drift compiled by @langevin/expr (value and Jacobian), from the paper's formulas as text. */
export function compiledDrift(lambda: number) {
  const Phi = "((x^2 - 1)^2/4 + y^2/2)";
  const gs = `lambda * exp(${Phi} - (x^2 + y^2)^2/4)`;
  return compileVector([`-x^3 + x - ${gs} * y`, `-y + ${gs} * x`], ["x", "y"], { constants: { lambda } });
}

/** Z = ∫_{R²} e^{−Φ} = √(2π) ∫ e^{−(x²−1)²/4} dx (composite Simpson on [−8, 8], error far below 1e-12). */
export function partitionFunction(): number {
  const n = 20000;
  const a = -8;
  const h = 16 / n;
  let s = 0;
  for (let i = 0; i <= n; i++) {
    const x = a + i * h;
    const w = i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2;
    s += w * Math.exp(-((x * x - 1) ** 2) / 4);
  }
  return ((s * h) / 3) * Math.sqrt(2 * Math.PI);
}

/** The Fokker–Planck operator of Example 19 (D = I, β = 1) on a grid. */
export function example19Operator(lambda: number, gr: Grid): FokkerPlanckOperator {
  return fokkerPlanck(
    {
      beta: 1,
      potential: (x) => phi(x),
      nonGradientDrift: (x, out) => {
        const gg = g(lambda, x);
        out[0] = -gg * x[1];
        out[1] = gg * x[0];
      },
      diffusion: 1,
    },
    gr,
  );
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
