import type { Surface } from "./surface.js";

/**
 * Parameters of the London–Eyring–Polanyi–Sato potential for three atoms A, B, C on a line.
 *
 * @example
 * ```ts
 * surfaces.leps({ b: 0.8 });
 * ```
 */
export interface LepsParameters {
  /** Sato parameter of the AB pair. */
  a: number;
  /** Sato parameter of the BC pair. */
  b: number;
  /** Sato parameter of the AC pair. */
  c: number;
  /** Morse well depth of the AB pair. */
  dAB: number;
  /** Morse well depth of the BC pair. */
  dBC: number;
  /** Morse well depth of the AC pair. */
  dAC: number;
  /** Morse equilibrium distance. */
  r0: number;
  /** Morse range parameter. */
  alpha: number;
}

/** Work space: [V, dV/drAB, dV/drBC, dV/drAC]. */
function lepsCore(p: LepsParameters, rAB: number, rBC: number, rAC: number, out: Float64Array): number {
  const { r0, alpha } = p;
  const sa = 1 + p.a;
  const sb = 1 + p.b;
  const sc = 1 + p.c;
  // Q(r) = d/2 (3/2 e^{-2α(r-r0)} - e^{-α(r-r0)}), J(r) = d/4 (e^{-2α(r-r0)} - 6 e^{-α(r-r0)})
  const e1AB = Math.exp(-alpha * (rAB - r0));
  const e1BC = Math.exp(-alpha * (rBC - r0));
  const e1AC = Math.exp(-alpha * (rAC - r0));
  const qAB = ((p.dAB / 2) * (1.5 * e1AB * e1AB - e1AB)) / sa;
  const qBC = ((p.dBC / 2) * (1.5 * e1BC * e1BC - e1BC)) / sb;
  const qAC = ((p.dAC / 2) * (1.5 * e1AC * e1AC - e1AC)) / sc;
  const dqAB = ((p.dAB / 2) * alpha * (-3 * e1AB * e1AB + e1AB)) / sa;
  const dqBC = ((p.dBC / 2) * alpha * (-3 * e1BC * e1BC + e1BC)) / sb;
  const dqAC = ((p.dAC / 2) * alpha * (-3 * e1AC * e1AC + e1AC)) / sc;
  const jAB = ((p.dAB / 4) * (e1AB * e1AB - 6 * e1AB)) / sa;
  const jBC = ((p.dBC / 4) * (e1BC * e1BC - 6 * e1BC)) / sb;
  const jAC = ((p.dAC / 4) * (e1AC * e1AC - 6 * e1AC)) / sc;
  const djAB = ((p.dAB / 4) * alpha * (-2 * e1AB * e1AB + 6 * e1AB)) / sa;
  const djBC = ((p.dBC / 4) * alpha * (-2 * e1BC * e1BC + 6 * e1BC)) / sb;
  const djAC = ((p.dAC / 4) * alpha * (-2 * e1AC * e1AC + 6 * e1AC)) / sc;
  const s = jAB * jAB + jBC * jBC + jAC * jAC - jAB * jBC - jBC * jAC - jAB * jAC;
  const root = Math.sqrt(s);
  const half = 0.5 / root;
  out[1] = dqAB - half * (2 * jAB - jBC - jAC) * djAB;
  out[2] = dqBC - half * (2 * jBC - jAB - jAC) * djBC;
  out[3] = dqAC - half * (2 * jAC - jAB - jBC) * djAC;
  const v = qAB + qBC + qAC - root;
  out[0] = v;
  return v;
}

/** The parameters both LEPS surfaces share (Jónsson, Mills & Jacobsen 1998); the harmonic model has b = 0.80. */
const LEPS_DEFAULTS: LepsParameters = {
  a: 0.05,
  b: 0.3,
  c: 0.05,
  dAB: 4.746,
  dBC: 4.746,
  dAC: 3.445,
  r0: 0.742,
  alpha: 1.942,
};

/**
 * The classic 2-D LEPS surface of the collinear reaction A + BC → AB + C in the coordinates
 * (r_AB, r_BC), r_AC = r_AB + r_BC (Jónsson, Mills & Jacobsen 1998), default parameters
 * a = 0.05, b = 0.30, c = 0.05, d_AB = d_BC = 4.746, d_AC = 3.445, r0 = 0.742, α = 1.942.
 * Its reactant and product are asymptotic valleys (no minimum at finite distance), so the
 * NEB tests use `lepsHarmonic` instead.
 *
 * @example
 * ```ts
 * const s = surfaces.leps();
 * ```
 */
export function leps(parameters: Partial<LepsParameters> = {}): Surface {
  const p: LepsParameters = { ...LEPS_DEFAULTS, ...parameters };
  const w = new Float64Array(4);
  const energy = (x: Float64Array, grad: Float64Array): number => {
    const v = lepsCore(p, x[0], x[1], x[0] + x[1], w);
    grad[0] = w[1] + w[3];
    grad[1] = w[2] + w[3];
    return v;
  };
  return { name: "leps", dim: 2, energy, minima: [], saddles: [], bounds: [0.5, 4, 0.5, 4] };
}

/**
 * The LEPS + harmonic oscillator model of Henkelman, Jóhannesson & Jónsson ("Methods for finding
 * saddle points and minimum energy paths", 2000): atoms A and C fixed at r_AC = 3.742, B between
 * them, coupled to a harmonic degree of freedom x (a condensed-phase environment):
 * V(r_AB, x) = V_LEPS(r_AB, r_AC − r_AB) + 2 k_c (r_AB − (r_AC/2 − x/c_ho))²,
 * with a = 0.05, b = 0.80, c = 0.05, d_AB = d_BC = 4.746, d_AC = 3.445, r0 = 0.742,
 * α = 1.942, k_c = 0.2025, c_ho = 1.154. Two minima and one saddle (found by Newton's method
 * on the analytic gradient; given here to 6 digits).
 *
 * @example
 * ```ts
 * const s = surfaces.lepsHarmonic();
 * const [reactant, product] = s.minima;
 * ```
 */
export function lepsHarmonic(
  parameters: Partial<LepsParameters & { rAC: number; kc: number; cHo: number }> = {},
): Surface {
  const p = {
    ...LEPS_DEFAULTS,
    b: 0.8,
    rAC: 3.742,
    kc: 0.2025,
    cHo: 1.154,
    ...parameters,
  };
  const w = new Float64Array(4);
  const energy = (x: Float64Array, grad: Float64Array): number => {
    const rAB = x[0];
    const v = lepsCore(p, rAB, p.rAC - rAB, p.rAC, w);
    const u = rAB - (p.rAC / 2 - x[1] / p.cHo);
    grad[0] = w[1] - w[2] + 4 * p.kc * u;
    grad[1] = (4 * p.kc * u) / p.cHo;
    return v + 2 * p.kc * u * u;
  };
  return {
    name: "leps-harmonic",
    dim: 2,
    energy,
    minima: LEPS_HO_MINIMA,
    saddles: LEPS_HO_SADDLES,
    bounds: [0.5, 3.3, -3, 3],
  };
}

// From Newton's method on the gradient (scipy fsolve, 1e-12); the tests re-derive them in TS.
const LEPS_HO_MINIMA: number[][] = [
  [0.741521, 1.303419],
  [3.001276, -1.304338],
];
const LEPS_HO_SADDLES: number[][] = [[2.020828, -0.172901]];
