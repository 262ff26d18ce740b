import { evolve, freeEnergy, klDivergence, mass, normalize, stationary } from "@langevin/fokker-planck";
import type { Command, CommandResult } from "../command.js";
import { UsageError } from "../errors.js";
import { compileScalar } from "../expressions.js";
import { csvTable, fmt } from "../output.js";
import { parsePoint, parsePositive, parseTimes } from "../parse.js";
import { axesJson, buildFp, FP_OPTIONS, floored, potentialOf } from "./fp-common.js";

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
    "F = E_ρ[Φ] − β⁻¹H(ρ) (Chaudhari–Soatto Thm 5: both decrease).",
    "JSON: axes, times, snapshots [{t, density, mass, klToStationary, freeEnergy}], history",
    "{t, mass, klToStationary, freeEnergy} per step, steps, seconds.",
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
    const measure = (rho: Float64Array) => ({
      mass: mass(g, rho),
      klToStationary: ref ? klDivergence(g, rho, ref.rho) : undefined,
      freeEnergy: ref ? freeEnergy(g, rho, ref.phi, s.beta) : undefined,
    });
    const history = {
      t: [0] as number[],
      mass: [] as number[],
      klToStationary: [] as number[],
      freeEnergy: [] as number[],
    };
    const push = (rho: Float64Array) => {
      const m = measure(rho);
      history.mass.push(m.mass);
      if (m.klToStationary !== undefined) history.klToStationary.push(m.klToStationary);
      if (m.freeEnergy !== undefined) history.freeEnergy.push(m.freeEnergy);
    };
    push(start);
    const res = evolve(op, start, {
      t1,
      dt,
      method,
      snapshots: snaps,
      onStep: (t, rho) => {
        history.t.push(t);
        push(rho);
      },
      onProgress: ctx.progress.callback("fp evolve"),
    });
    const seconds = (performance.now() - t0) / 1000;
    const snapshots = res.snapshots.map((sn) => ({ t: sn.t, density: sn.density, ...measure(sn.density) }));
    const data = {
      axes: axesJson(g),
      times: snapshots.map((sn) => sn.t),
      snapshots,
      history: {
        t: history.t,
        mass: history.mass,
        klToStationary: ref ? history.klToStationary : undefined,
        freeEnergy: ref ? history.freeEnergy : undefined,
      },
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
          history.t.map((t, i) => [t, history.mass[i], history.klToStationary[i], history.freeEnergy[i]]),
        ),
    };
  },
};
