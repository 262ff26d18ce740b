import {
  evolve,
  freeEnergy,
  klDivergence,
  mass,
  normalize,
  positivePart,
  stationary,
} from "@langevin/fokker-planck";
import type { Command, CommandResult } from "../command.js";
import { UsageError } from "../errors.js";
import { compileScalar } from "../expressions.js";
import { csvTable, fmt, rowsOf } from "../output.js";
import { parsePoint, parsePositive, parseTimes } from "../parse.js";
import { axesJson, buildFp, FP_OPTIONS, floored, potentialOf } from "./fp-common.js";

/**
 * Negative mass up to which a density's negative part counts as the integrator's round-off and is
 * clipped without a warning. KL and F of the positive part differ from those of a density with no
 * negative part by about the clipped mass times (1 + |log ρ/ρ_ss|) ≲ 30 on a grid, so 1e-9 keeps
 * them within ~3e-8, below the digits a relaxation history is read to.
 */
export const NEGATIVE_MASS_TOLERANCE = 1e-9;

export const fpEvolveCommand: Command = {
  name: "fp evolve",
  summary: "evolve a density under the Fokker–Planck equation: snapshots, free energy and KL history",
  usage:
    'langevin fp evolve --potential EXPR [--drift "E1;E2"] --beta B [--diffusion …] --domain … --cells … --initial EXPR|gaussian:MEAN;VAR --t1 T [--snapshots t1,t2,…] [--dt h]',
  description: [
    "Integrates ∂ρ/∂t = ∇·(−bρ + β⁻¹∇·(Dρ)) from an initial density (an expression, normalised on",
    'the grid, or "gaussian:MEAN;VAR" with MEAN a point and VAR one variance or one per axis) to --t1',
    "(implicit Euler by default: positive for any dt). Without absorbing boundaries the stationary",
    "density ρ_ss is computed too, and the history reports KL(ρ_t ‖ ρ_ss) and the free energy",
    "F = E_ρ[Φ] − β⁻¹H(ρ) (Chaudhari–Soatto Thm 5: both decrease). Crank–Nicolson, BDF2 and central",
    "cross-diffusion can leave small negative values: KL and F are then those of the positive part",
    "max(ρ, 0), and the most negative value and the negative mass are reported beside them (a warning",
    "when the negative mass exceeds 1e-9). JSON: axes, times, snapshots [{t, density, mass,",
    "klToStationary, freeEnergy, minDensity, negativeMass}], history {t, mass, klToStationary,",
    "freeEnergy, negativeMass} per step, minDensity, maxNegativeMass, steps, seconds.",
  ].join("\n"),
  options: {
    ...FP_OPTIONS,
    initial: {
      type: "string",
      arg: "EXPR|gaussian:MEAN;VAR",
      description: "initial density (normalised on the grid)",
      required: true,
    },
    t1: { type: "string", arg: "T", description: "final time", required: true },
    snapshots: {
      type: "string",
      arg: "t1,t2,…",
      description: "times at which to output the density",
      default: "T",
    },
    dt: { type: "string", arg: "h", description: "time step", default: "T/200" },
    method: {
      type: "string",
      arg: "implicit-euler|crank-nicolson|bdf2|explicit",
      description: "time stepper",
      default: "implicit-euler",
    },
  },
  examples: [
    'langevin fp evolve --potential "(x^2-1)^2" --beta 3 --domain -2.5:2.5 --cells 200 --initial "gaussian:-1;0.05" --t1 5 --snapshots 0.5,1,5',
    'langevin fp evolve --potential "x^2/2 + y^2" --beta 1 --domain "-4:4,-4:4" --cells 64 --initial "exp(-10*((x-1)^2+y^2))" --t1 2 --format json',
  ],
  async run(ctx): Promise<CommandResult> {
    const t1 = parsePositive("--t1", ctx.need("t1"));
    const snaps = ctx.opt("snapshots") ? parseTimes("--snapshots", ctx.opt("snapshots") as string) : [t1];
    if (snaps[snaps.length - 1] > t1) throw new UsageError(`--snapshots: times must be <= --t1 (${t1})`);
    const dt = parsePositive("--dt", ctx.opt("dt") ?? String(t1 / 200));
    // the stepper stops at each snapshot time too: at most one extra step each
    const s = await buildFp(ctx, { steps: Math.ceil(t1 / dt) + snaps.length, snapshots: snaps.length });
    const { grid: g, op } = s;
    const d = g.dim;
    const method = (ctx.opt("method") ?? "implicit-euler") as "implicit-euler";
    const initText = ctx.need("initial");
    const centers = g.centers();
    const x = new Float64Array(d);
    const rho0 = new Float64Array(g.size);
    if (initText.startsWith("gaussian:")) {
      const [meanText, varText] = initText.slice("gaussian:".length).split(";");
      if (varText === undefined)
        throw new UsageError(`--initial: expected "gaussian:MEAN;VAR", got "${initText}"`);
      const mean = parsePoint("--initial mean", meanText, d);
      let v = parsePoint("--initial variance", varText);
      if (v.length === 1) v = Array(d).fill(v[0]);
      if (v.length !== d) throw new UsageError(`--initial: give one variance or ${d}, got ${v.length}`);
      if (v.some((a) => !(a > 0))) throw new UsageError("--initial: variances must be > 0");
      for (let i = 0; i < g.size; i++) {
        let e = 0;
        for (let k = 0; k < d; k++) e += (centers[i * d + k] - mean[k]) ** 2 / v[k];
        rho0[i] = Math.exp(-0.5 * e);
      }
    } else {
      const f = compileScalar("--initial", initText, s.vars, ctx.params);
      for (let i = 0; i < g.size; i++) {
        for (let k = 0; k < d; k++) x[k] = centers[i * d + k];
        const v = f.value(x);
        if (!(v >= 0 && Number.isFinite(v))) {
          throw new UsageError(
            `--initial: the density must be finite and >= 0, got ${v} at (${Array.from(x).join(", ")})`,
          );
        }
        rho0[i] = v;
      }
    }
    if (!(mass(g, rho0) > 0)) throw new UsageError("--initial: the density is zero on the whole grid");
    const start = normalize(g, rho0);
    const absorbing = g.bc.some(([a, b]) => a === "absorbing" || b === "absorbing");
    const t0 = performance.now();
    let ref: { rho: Float64Array; phi: Float64Array } | undefined;
    if (!absorbing) {
      const ss = stationary(op);
      const q = floored(ss.density);
      ref = { rho: q, phi: potentialOf(q, s.beta).phi };
    }
    // The integrator's negative values are not the user's input: the diagnostics take the
    // positive part (klDivergence would reject it) and say how much was clipped.
    const clipped = new Float64Array(g.size);
    const worst = { minDensity: 0, minAt: 0, negativeMass: 0, massAt: 0 };
    const measure = (t: number, rho: Float64Array) => {
      const pos = positivePart(g, rho, clipped);
      if (pos.minDensity < worst.minDensity) Object.assign(worst, { minDensity: pos.minDensity, minAt: t });
      if (pos.negativeMass > worst.negativeMass)
        Object.assign(worst, { negativeMass: pos.negativeMass, massAt: t });
      return {
        mass: mass(g, rho),
        klToStationary: ref ? klDivergence(g, pos.density, ref.rho) : undefined,
        freeEnergy: ref ? freeEnergy(g, pos.density, ref.phi, s.beta) : undefined,
        minDensity: pos.minDensity,
        negativeMass: pos.negativeMass,
      };
    };
    const history = {
      t: [0] as number[],
      mass: [] as number[],
      klToStationary: [] as number[],
      freeEnergy: [] as number[],
      negativeMass: [] as number[],
    };
    const push = (t: number, rho: Float64Array) => {
      const m = measure(t, rho);
      history.mass.push(m.mass);
      history.negativeMass.push(m.negativeMass);
      if (m.klToStationary !== undefined) history.klToStationary.push(m.klToStationary);
      if (m.freeEnergy !== undefined) history.freeEnergy.push(m.freeEnergy);
    };
    push(0, start);
    const res = evolve(op, start, {
      t1,
      dt,
      method,
      snapshots: snaps,
      onStep: (t, rho) => {
        history.t.push(t);
        push(t, rho);
      },
      onProgress: ctx.progress.callback("fp evolve"),
    });
    const seconds = (performance.now() - t0) / 1000;
    const snapshots = res.snapshots.map((sn) => ({
      t: sn.t,
      density: sn.density,
      ...measure(sn.t, sn.density),
    }));
    if (worst.negativeMass > NEGATIVE_MASS_TOLERANCE) {
      const remedies: string[] = [];
      if (method !== "implicit-euler") remedies.push("--method implicit-euler stays positive for any --dt");
      if (s.op.crossDiffusion === "central" && s.op.diagnostics.positivityViolations > 0)
        remedies.push(
          d === 2
            ? "--cross-diffusion monotone keeps a full D positive"
            : "central cross-diffusion of a full D is not monotone (no monotone stencil in 3-D)",
        );
      const remedy = remedies.join("; ");
      ctx.warn(
        `the density went negative (most negative ρ = ${worst.minDensity.toPrecision(3)} at t = ${fmt(worst.minAt)}, negative mass up to ${worst.negativeMass.toPrecision(3)} at t = ${fmt(worst.massAt)}): klToStationary and freeEnergy are those of its positive part${remedy ? ` (${remedy})` : ""}`,
      );
    }
    const data = {
      axes: axesJson(g),
      times: snapshots.map((sn) => sn.t),
      snapshots,
      history: {
        t: history.t,
        mass: history.mass,
        klToStationary: ref ? history.klToStationary : undefined,
        freeEnergy: ref ? history.freeEnergy : undefined,
        negativeMass: history.negativeMass,
      },
      minDensity: worst.minDensity,
      maxNegativeMass: worst.negativeMass,
      steps: res.steps,
      maxMassChange: res.maxMassChange,
      seconds,
    };
    return {
      data,
      text: () =>
        [
          `evolved on ${g.cells.join("x")} cells to t = ${fmt(res.t)} in ${res.steps} steps (${fmt(seconds)} s)`,
          "       t        mass   KL(ρ‖ρ_ss)   free energy",
          ...snapshots.map(
            (sn) =>
              `  ${fmt(sn.t).padStart(8)}  ${fmt(sn.mass).padStart(9)}  ${(sn.klToStationary !== undefined ? fmt(sn.klToStationary) : "-").padStart(11)}  ${(sn.freeEnergy !== undefined ? fmt(sn.freeEnergy) : "-").padStart(12)}`,
          ),
        ].join("\n"),
      csv: () =>
        csvTable(
          ["t", "mass", "klToStationary", "freeEnergy"],
          rowsOf(history.t.length, (i) => [
            history.t[i],
            history.mass[i],
            history.klToStationary[i],
            history.freeEnergy[i],
          ]),
        ),
    };
  },
};
