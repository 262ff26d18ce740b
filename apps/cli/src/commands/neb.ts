import { autoNeb, type NebResult, neb } from "@langevin/neb";
import type { Command, CommandResult } from "../command.js";
import { SolverFailure, UsageError } from "../errors.js";
import { compileScalar, loadExpressions } from "../expressions.js";
import { csvTable, fmt, fmtVec } from "../output.js";
import { parseInteger, parsePoint, parsePositive } from "../parse.js";
import { guard, limitsOf, nebEstimate, RESOURCE_OPTIONS } from "../resources.js";

export const nebCommand: Command = {
  name: "neb",
  summary: "minimum-energy path and saddle between two points (NEB, climbing image, AutoNEB)",
  usage:
    'langevin neb --potential EXPR --from "a,b" --to "c,d" [--images N] [--climb] [--auto] [--fmax F] [--max-iter K]',
  description: [
    "Relaxes a nudged elastic band of images between --from and --to on the potential f (improved",
    "tangent, FIRE). --climb turns on the climbing image, which converges to the saddle point;",
    "--auto uses AutoNEB (starts with few images and inserts them where the path needs them).",
    "Output: images, energies, saddle {x, energy, gradientNorm}, barrier {forward, backward}",
    "(saddle energy minus each endpoint's), evaluations, converged. When the largest NEB force",
    "stays above --fmax after --max-iter steps the result is still written, and the tool exits 1.",
  ].join("\n"),
  options: {
    potential: { type: "string", arg: "EXPR", description: "the energy surface f", required: true },
    from: { type: "string", arg: "a,b", description: "first endpoint (a minimum)", required: true },
    to: { type: "string", arg: "c,d", description: "last endpoint (a minimum)", required: true },
    images: {
      type: "string",
      arg: "N",
      description: "images including endpoints (AutoNEB: final count)",
      default: "9",
    },
    climb: { type: "boolean", description: "climbing image (converges to the saddle point)" },
    auto: { type: "boolean", description: "AutoNEB: adaptive insertion of images" },
    fmax: { type: "string", arg: "F", description: "tolerance on the largest NEB force", default: "0.05" },
    "max-iter": {
      type: "string",
      arg: "K",
      description: "optimiser steps at most (per stage)",
      default: "1000",
    },
    method: {
      type: "string",
      arg: "neb|string",
      description: "springs, or the string method (no springs)",
      default: "neb",
    },
    spring: { type: "string", arg: "k", description: "spring constant", default: "0.1" },
    waypoints: { type: "string", arg: '"a,b;c,d"', description: "points the initial path passes through" },
    ...RESOURCE_OPTIONS,
  },
  examples: [
    'langevin neb --potential "(x^2-1)^2 + y^2" --from -1,0 --to 1,0 --climb',
    'langevin neb --potential "(x^2-1)^2 + (y - 0.5*x^2)^2" --from -1,0.5 --to 1,0.5 --climb --auto --fmax 1e-3',
    'langevin neb --potential "(x^2-1)^2 + y^2" --from -1,0 --to 1,0 --images 15 --format csv --out path.csv',
  ],
  async run(ctx): Promise<CommandResult> {
    const a = parsePoint("--from", ctx.need("from"));
    const b = parsePoint("--to", ctx.need("to"), a.length);
    const vars = ctx.varsFor(a.length, "--from");
    const images = parseInteger("--images", ctx.opt("images") ?? "9", 3);
    guard(limitsOf(ctx), nebEstimate(images, a.length));
    await loadExpressions();
    const f = compileScalar("--potential", ctx.need("potential"), vars, ctx.params);
    const fmax = parsePositive("--fmax", ctx.opt("fmax") ?? "0.05");
    const maxIter = parseInteger("--max-iter", ctx.opt("max-iter") ?? "1000", 1);
    const method = ctx.opt("method") ?? "neb";
    if (method !== "neb" && method !== "string")
      throw new UsageError(`--method: expected neb or string, got "${method}"`);
    const spring = parsePositive("--spring", ctx.opt("spring") ?? "0.1");
    const waypointsText = ctx.opt("waypoints");
    const waypoints = waypointsText
      ? waypointsText.split(";").map((p) => parsePoint("--waypoints", p, a.length))
      : undefined;
    const climb = ctx.flag("climb");
    const energy = (x: Float64Array, g: Float64Array) => {
      const e = f.value(x);
      f.gradient(x, g);
      return e;
    };
    const onProgress = ctx.progress.callback(ctx.flag("auto") ? "autoneb" : "neb");
    const t0 = performance.now();
    const r: NebResult = ctx.flag("auto")
      ? autoNeb(energy, a, b, {
          maxImages: images,
          fmax,
          maxIter,
          climb,
          method,
          spring,
          waypoints,
          onProgress,
        })
      : neb(energy, a, b, { images, fmax, maxIter, climb, method, spring, waypoints, onProgress });
    const seconds = (performance.now() - t0) / 1000;
    for (const w of r.warnings) ctx.warn(w);
    const data = {
      images: r.images,
      energies: r.energies,
      gradientNorms: r.gradientNorms,
      arcLength: r.profile.s,
      saddle: {
        x: r.saddle.x,
        energy: r.saddle.energy,
        gradientNorm: r.saddle.gradientNorm,
        image: r.saddle.image,
        climbing: r.saddle.climbing,
      },
      barrier: { forward: r.barrierForward, backward: r.barrierBackward },
      evaluations: r.evaluations,
      iterations: r.iterations,
      fmax: r.fmax,
      converged: r.converged,
      reason: r.reason,
      seconds,
    };
    const failure = r.converged
      ? undefined
      : new SolverFailure(
          `NEB did not converge: ${r.reason} (residual fmax ${r.fmax.toExponential(3)} > ${fmax})`,
          r.fmax,
        );
    return {
      data,
      failure,
      text: () =>
        [
          `${r.saddle.climbing ? "saddle (climbing image)" : "highest image"} at ${vars.join(", ")} = ${fmtVec(r.saddle.x)}`,
          `  energy ${fmt(r.saddle.energy)}   |∇f| = ${fmt(r.saddle.gradientNorm)}`,
          `  barrier forward ${fmt(r.barrierForward)}, backward ${fmt(r.barrierBackward)}`,
          `  ${r.n} images, ${r.iterations} iterations, ${r.evaluations} evaluations, fmax ${fmt(r.fmax)} (${r.converged ? "converged" : "NOT converged"})`,
          "  energies along the path:",
          ...r.images.map((x, i) => `    ${String(i).padStart(3)} ${fmtVec(x)}  ${fmt(r.energies[i])}`),
        ].join("\n"),
      csv: () =>
        csvTable(
          ["image", ...vars, "energy", "gradientNorm", "arcLength"],
          r.images.map((x, i) => [i, ...x, r.energies[i], r.gradientNorms[i], r.profile.s[i]]),
        ),
    };
  },
};
