import { InvalidArgumentError } from "@langevin/core/base";
import { describe, expect, it } from "vitest";
import { same } from "../test/helpers.js";
import { moments } from "./observers/moments.js";
import { saveAt } from "./observers/save-at.js";
import { fromPotential } from "./potential.js";
import { sdeProblem } from "./problem.js";
import { baoab } from "./schemes/baoab.js";
import { registerScheme, resolveScheme, schemeFromSpec } from "./schemes/registry.js";
import { sgd } from "./schemes/sgd.js";
import { checkScheme, type Scheme } from "./schemes/types.js";
import { solve, solveSync } from "./solve.js";
import { underdamped } from "./underdamped.js";

// A scheme defined outside the package (public exports only) in its own module.
const fixture = new URL("../test/fixtures/external-scheme.mjs", import.meta.url).href;
const { renamedEuler } = (await import(fixture)) as { renamedEuler: () => Scheme };

describe("schemes from outside the package", () => {
  const ref = { module: fixture, export: "ou", args: { theta: 2 } };
  const opts = {
    scheme: renamedEuler(),
    dt: 0.05,
    t1: 4,
    paths: 2300,
    seed: 77,
    blockSize: 512,
    observers: { m: moments({ times: [1, 4] }), s: saveAt([4], { paths: [0, 1000, 2299] }) },
  };

  it("run on 2 worker threads and in 2 shards bit for bit as on the main thread", async () => {
    const main = await solve(ref, opts);
    expect(main.meta.scheme).toBe("renamedEuler");
    const two = await solve(ref, { ...opts, workers: 2 });
    expect(same(two.observers, main.observers)).toBe(true);
    const s0 = await solve(ref, { ...opts, shard: { index: 0, count: 2 } });
    const s1 = await solve(ref, { ...opts, shard: { index: 1, count: 2 } });
    expect(same(s0.merge(s1).observers, main.observers)).toBe(true);
    // the control: another seed changes the numbers, so equality above is not vacuous
    const other = await solve(ref, { ...opts, seed: 78 });
    expect(same(other.observers, main.observers)).toBe(false);
  });

  it("are rebuilt from their spec's module, or from a name registered at run time", async () => {
    const spec = renamedEuler().spec!;
    expect((await resolveScheme(spec)).name).toBe("renamedEuler");
    expect(() => schemeFromSpec({ name: "noSuchScheme" })).toThrow(InvalidArgumentError);
    registerScheme("emByName", () => renamedEuler());
    expect(schemeFromSpec({ name: "emByName" }).name).toBe("renamedEuler");
    await expect(resolveScheme({ name: "x", module: fixture, export: "ouNot" })).rejects.toThrow(
      InvalidArgumentError,
    );
  });
});

describe("scheme-specific structure", () => {
  const plain = sdeProblem({ dim: 2, noise: "additive", diffusion: 1, x0: [0, 0], drift: () => {} });
  const grad = fromPotential({ dim: 2, temperature: 1, x0: [0, 0], gradient: (x, g) => g.set(x) });
  const osc = underdamped({ dim: 2, friction: 1, temperature: 1, q0: [0, 0], gradient: (q, g) => g.set(q) });

  it("lives in problem.structure, and a scheme that requires a key refuses problems without it", () => {
    expect(grad.structure?.potential?.temperature).toBe(1);
    expect(osc.structure?.langevin?.n).toBe(2);
    expect(() => checkScheme(sgd({ batchSize: 4 }), plain)).toThrow(/fromPotential.*structure\.potential/);
    expect(() => checkScheme(baoab, grad)).toThrow(/underdamped.*structure\.langevin/);
    expect(() =>
      solveSync(plain, { scheme: sgd({ batchSize: 4 }), dt: 0.1, t1: 1, paths: 2, seed: 1 }),
    ).toThrow(InvalidArgumentError);
    expect(() => checkScheme(sgd({ batchSize: 4 }), grad)).not.toThrow();
    expect(() => checkScheme(baoab, osc)).not.toThrow();
  });
});
