import { NonFiniteError } from "@langevin/core";
import type { Grid } from "./grid.js";
import type { FokkerPlanckProblem } from "./problem.js";

/** The drift of a problem as the assembly samples it: potential at centres, integrals along faces. */
export interface DriftSampler {
  /** f at the cell centres when the problem has a potential. */
  readonly potentialValues: Float64Array | undefined;
  /** True when the face drift comes from potential differences (a potential and no `drift`). */
  readonly usesPotential: boolean;
  /** f(p), checked finite. */
  potential(p: Float64Array): number;
  /**
   * ∫ b·e_k dl over a segment of length `len` along axis k through the face centre p; with a
   * potential, `−(fb − fa)` from the potential at the segment's ends (plus the non-gradient part).
   */
  integrated(p: Float64Array, k: number, len: number, fa: number, fb: number): number;
  /** b at the point p (a cell centre): −∇f by central differences when only f is given. */
  centre(p: Float64Array, out: Float64Array): void;
}

const pointOf = (p: Float64Array) => Array.from(p);

/** Samples the potential at every cell centre (checked finite) and returns the drift sampler. */
export function driftSampler(problem: FokkerPlanckProblem, grid: Grid): DriftSampler {
  const dim = grid.dim;
  const N = grid.size;
  const { spacing } = grid;
  const x = new Float64Array(dim);
  const vec = new Float64Array(dim);
  const px = new Float64Array(dim);
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
  return {
    potentialValues,
    usesPotential: fpot !== undefined,
    potential: evalF,
    integrated(p, k, len, fa, fb) {
      let v = 0;
      if (problem.drift) v = len * evalVec(problem.drift, "drift", p, k);
      else if (fpot) v = -(fb - fa);
      else if (problem.gradient) v = -len * evalVec(problem.gradient, "gradient", p, k);
      if (problem.nonGradientDrift) v += len * evalVec(problem.nonGradientDrift, "nonGradientDrift", p, k);
      return v;
    },
    centre(p, out) {
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
    },
  };
}
