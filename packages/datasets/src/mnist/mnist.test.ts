import { InvalidArgumentError } from "@langevin/core";
import { describe, expect, it } from "vitest";
import { blockMeans, jsonDigit, jsonImage, mnistManifest, row } from "../../test/reference.js";
import { DEFAULT_TEST_FRACTION } from "../split/stratified.js";
import { digitImages } from "./digits.js";
import { type MnistOptions, mnist } from "./mnist.js";

const fileCounts = Array.from({ length: 10 }, (_, d) => jsonDigit(d).length / 784);

/** "digit:index" of every row of a split, to compare sets of images. */
const keys = (s: { classLabels: readonly number[]; y: Int32Array; source: Int32Array }) =>
  Array.from(s.y, (label, r) => `${s.classLabels[label]}:${s.source[r]}`);

describe("mnist: what is loaded", () => {
  it("every image of the package, 10,000 in all, counted per digit as in the files", () => {
    const { train, test, provenance } = mnist({ size: 7, seed: 1 });
    expect(fileCounts.reduce((a, b) => a + b, 0)).toBe(10_000);
    expect(provenance.available).toEqual(fileCounts);
    for (let d = 0; d < 10; d++) {
      expect(provenance.perClass.train[d] + provenance.perClass.test[d]).toBe(fileCounts[d]);
    }
    expect(train.n + test.n).toBe(10_000);
    expect(new Set([...keys(train), ...keys(test)]).size).toBe(10_000);
  });

  it("labels follow the order of classes, and every row is the image its label and source name", () => {
    const { train, test } = mnist({ size: 28, classes: [5, 3], perClass: 60, testPerClass: 10, seed: 2 });
    for (const s of [train, test]) {
      expect(s.classLabels).toEqual([5, 3]);
      expect(s.classes).toBe(2);
      expect(s.features).toBe(784);
      expect(s.x.length).toBe(s.n * 784);
      for (let r = 0; r < s.n; r++) {
        expect(s.y[r] === 0 || s.y[r] === 1).toBe(true);
        expect(Array.from(row(s.x, 784, r))).toEqual(jsonImage(s.classLabels[s.y[r]], s.source[r]));
      }
    }
    // the same images with the classes the other way round: labels swap, images do not
    const swapped = mnist({ size: 28, classes: [3, 5], perClass: 60, testPerClass: 10, seed: 2 });
    expect(new Set(keys(swapped.test))).toEqual(new Set(keys(test)));
    expect(swapped.test.classLabels).toEqual([3, 5]);
  });

  it("14 × 14 and 7 × 7 rows are the block means of their 28 × 28 images", () => {
    for (const size of [14, 7] as const) {
      const f = 28 / size;
      const { train } = mnist({ size, classes: [8], perClass: 12, testPerClass: 2, seed: 3 });
      expect(train.features).toBe(size * size);
      for (let r = 0; r < train.n; r++) {
        // one rounding in ours, f² + 1 in the reference (see area-average.test.ts); means ≤ 1
        expect(row(train.x, size * size, r)).toBeAllclose(blockMeans(jsonImage(8, train.source[r]), f), {
          rtol: 0,
          atol: (f * f + 1) * 2 ** -53,
        });
      }
    }
  });

  it("parses each file once per process (later calls share it)", () => {
    expect(digitImages(4)).toBe(digitImages(4));
  });
});

describe("mnist: the split", () => {
  const options: MnistOptions = { size: 7, classes: [0, 1, 2], perClass: 300, testFraction: 0.25, seed: 11 };

  it("is bit-identical for the same seed and different for another", () => {
    const a = mnist(options);
    const b = mnist(options);
    expect(b.train.x).toEqual(a.train.x);
    expect(b.train.y).toEqual(a.train.y);
    expect(b.test.source).toEqual(a.test.source);
    const c = mnist({ ...options, seed: 12 });
    expect(c.train.source).not.toEqual(a.train.source);
    // another seed draws other images, not only another order
    expect(new Set(keys(c.test))).not.toEqual(new Set(keys(a.test)));
  });

  it("keeps train and test disjoint and each class's share in both (stratified)", () => {
    const { train, test, provenance } = mnist(options);
    const trainKeys = new Set(keys(train));
    expect(trainKeys.size).toBe(train.n);
    expect(keys(test).filter((k) => trainKeys.has(k))).toEqual([]);
    const count = (y: Int32Array, c: number) => y.filter((v) => v === c).length;
    for (let c = 0; c < 3; c++) {
      expect(count(train.y, c)).toBe(225); // 300 − round(0.25·300)
      expect(count(test.y, c)).toBe(75);
    }
    expect(provenance.perClass).toEqual({ train: [225, 225, 225], test: [75, 75, 75] });
  });

  it("shuffles the rows: the first rows of a split are not all one class", () => {
    const { train } = mnist(options);
    expect(new Set(train.y.subarray(0, 20)).size).toBeGreaterThan(1);
  });

  it("draws a digit the same way whatever other digits are asked for", () => {
    const pair = mnist({ size: 7, classes: [3, 5], perClass: 100, testPerClass: 20, seed: 5 });
    const alone = mnist({ size: 7, classes: [3], perClass: 100, testPerClass: 20, seed: 5 });
    const threes = (s: typeof pair.test) => new Set(keys(s).filter((k) => k.startsWith("3:")));
    expect(threes(alone.test)).toEqual(threes(pair.test));
    expect(threes(alone.train)).toEqual(threes(pair.train));
  });

  it("with testPerClass fixed, a larger perClass keeps the test split and only adds training images", () => {
    const small = mnist({ size: 7, classes: [1, 7], perClass: 50, testPerClass: 10, seed: 9 });
    const large = mnist({ size: 7, classes: [1, 7], perClass: 400, testPerClass: 10, seed: 9 });
    expect(new Set(keys(large.test))).toEqual(new Set(keys(small.test)));
    const largeTrain = new Set(keys(large.train));
    expect(keys(small.train).every((k) => largeTrain.has(k))).toBe(true);
  });

  it(`defaults to all images of each class and a test share of ${DEFAULT_TEST_FRACTION}`, () => {
    const { provenance } = mnist({ size: 7, classes: [5], seed: 1 });
    expect(provenance.perClass.test).toEqual([Math.round(DEFAULT_TEST_FRACTION * fileCounts[5])]);
    expect(provenance.split.testFraction).toBe(DEFAULT_TEST_FRACTION);
    expect(provenance.split.perClass).toBeNull();
  });
});

describe("mnist: errors name their argument", () => {
  const base: MnistOptions = { size: 14, seed: 1 };
  const cases: [string, unknown, string, RegExp][] = [
    ["options", undefined, "options", /must be an object/],
    ["size 10", { ...base, size: 10 }, "size", /must be 28, 14 or 7, got 10/],
    ["no size", { seed: 1 }, "size", /got undefined/],
    ["class 10", { ...base, classes: [3, 10] }, "classes", /10 is not a digit/],
    ["class 2.5", { ...base, classes: [2.5] }, "classes", /2.5 is not a digit/],
    ["duplicate", { ...base, classes: [3, 5, 3] }, "classes", /digit 3 is listed twice/],
    ["no classes", { ...base, classes: [] }, "classes", /non-empty/],
    [
      "perClass too large",
      { ...base, classes: [1, 5], perClass: fileCounts[5] + 1 },
      "perClass",
      // names the class with the fewest images and its count in the file
      new RegExp(`digit 5 has \\(${fileCounts[5]} examples\\)`),
    ],
    ["perClass 1", { ...base, perClass: 1 }, "perClass", /integer ≥ 2/],
    ["perClass 2.5", { ...base, perClass: 2.5 }, "perClass", /integer ≥ 2/],
    ["fraction 0", { ...base, testFraction: 0 }, "testFraction", /\(0, 1\), got 0$/],
    ["fraction 1", { ...base, testFraction: 1 }, "testFraction", /\(0, 1\), got 1$/],
    ["fraction NaN", { ...base, testFraction: Number.NaN }, "testFraction", /got NaN/],
    ["fraction rounds to 0", { ...base, perClass: 4, testFraction: 0.1 }, "testFraction", /rounds to 0/],
    ["fraction rounds to all", { ...base, perClass: 4, testFraction: 0.9 }, "testFraction", /rounds to 4/],
    ["both", { ...base, testFraction: 0.2, testPerClass: 5 }, "testPerClass", /not both/],
    ["testPerClass 0", { ...base, testPerClass: 0 }, "testPerClass", /integer ≥ 1/],
    [
      "testPerClass = perClass",
      { ...base, perClass: 20, testPerClass: 20 },
      "testPerClass",
      /none of its 20/,
    ],
    [
      "testPerClass = a whole class",
      { ...base, classes: [5], testPerClass: fileCounts[5] },
      "testPerClass",
      new RegExp(`digit 5 leave none of its ${fileCounts[5]}`),
    ],
    ["seed 1.5", { size: 14, seed: 1.5 }, "seed", /non-negative integer/],
    ["seed −1", { size: 14, seed: -1 }, "seed", /got -1/],
    ["no seed", { size: 14 }, "seed", /got undefined/],
  ];
  for (const [what, options, argument, message] of cases) {
    it(what, () => {
      let error: unknown;
      try {
        mnist(options as MnistOptions);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe(argument);
      expect((error as Error).message).toMatch(message);
    });
  }
});

describe("mnist: provenance", () => {
  it("records the package, its own version, the image size, the rule, the classes and the split", () => {
    const { train, test, provenance } = mnist({
      size: 14,
      classes: [3, 5],
      perClass: 200,
      testPerClass: 50,
      seed: 4,
    });
    expect(provenance).toMatchObject({
      package: mnistManifest.name,
      version: mnistManifest.version,
      license: mnistManifest.license,
      files: "src/digits/<digit>.json",
      features: 196,
      image: {
        size: 14,
        originalSize: 28,
        downsampling: "area average: each pixel is the mean of a 2 × 2 block",
      },
      classes: [3, 5],
      available: [fileCounts[3], fileCounts[5]],
      perClass: { train: [150, 150], test: [50, 50] },
      split: {
        seed: 4,
        classStreams: [3, 5],
        perClass: 200,
        testFraction: null,
        testPerClass: 50,
        train: train.n,
        test: test.n,
      },
    });
    expect(train.n).toBe(300);
    expect(JSON.parse(JSON.stringify(provenance))).toEqual(provenance); // plain JSON, nothing lost
    expect(mnist({ size: 28, classes: [0], perClass: 5, seed: 1 }).provenance.image.downsampling).toBe(
      "none",
    );
  });
});
