import { createRng, InvalidArgumentError, permutation, type Rng } from "@langevin/core/base";
import type { SplitRecord } from "../types.js";

/** The split options every loader takes. */
export interface SplitOptions {
  /** Examples drawn from each class (default: all the class has); at least 2 (one per split). */
  perClass?: number;
  /** Share of each class's examples that goes to the test split, in (0, 1); default 0.2. */
  testFraction?: number;
  /** Test examples per class, instead of `testFraction`. */
  testPerClass?: number;
  /** The split is drawn from this seed (a non-negative integer); the same seed, the same split. */
  seed: number;
}

/** Share of each class in the test split when neither `testFraction` nor `testPerClass` is given. */
export const DEFAULT_TEST_FRACTION = 0.2;

/** One split as positions: the class of each row and the row's position among its class's examples. */
export interface SplitRows {
  label: Int32Array;
  source: Int32Array;
  perClass: number[];
}

/** Both splits and how they were drawn. */
export interface StratifiedSplit {
  train: SplitRows;
  test: SplitRows;
  record: SplitRecord;
}

// Streams of the seed that shuffle the rows of each split; class draws use streams below 2^32.
const TRAIN_ORDER_STREAM = 2 ** 32;
const TEST_ORDER_STREAM = 2 ** 32 + 1;

const METHOD =
  "stratified: class c's examples are permuted by Fisher–Yates on stream classStreams[c] of createRng(seed) " +
  "(@langevin/core); the first testPerClass (or round(testFraction·perClass)) go to the test split, the " +
  "next ones up to perClass to the training split; each split's rows are then shuffled (streams 2^32, 2^32 + 1)";

/**
 * Draws a stratified train/test split of classes with `available[c]` examples each: every class keeps
 * its share in both splits. Class c is drawn from its own stream `streams[c]` of the seed, so a
 * class's draw does not depend on which other classes were asked for; with `testPerClass` fixed the
 * test split does not depend on `perClass`, and a larger `perClass` only adds training examples.
 * `names[c]` names class c in error messages ("digit 5"). Throws InvalidArgumentError naming the
 * option for anything it cannot do.
 * @example
 * const s = stratifiedSplit([50, 50, 50], [0, 1, 2], ["setosa", "versicolor", "virginica"], { seed: 1 });
 * s.test.perClass; // [10, 10, 10]
 */
export function stratifiedSplit(
  available: readonly number[],
  streams: readonly number[],
  names: readonly string[],
  options: SplitOptions,
): StratifiedSplit {
  const { perClass, testFraction, testPerClass, seed } = options;
  if (!(Number.isSafeInteger(seed) && seed >= 0)) {
    throw new InvalidArgumentError(
      "seed",
      `must be a non-negative integer (the split is drawn from it), got ${seed}`,
    );
  }
  if (perClass !== undefined) {
    if (!(Number.isSafeInteger(perClass) && perClass >= 2)) {
      throw new InvalidArgumentError(
        "perClass",
        `must be an integer ≥ 2 (one training and one test example per class), got ${perClass}`,
      );
    }
    const fewest = available.indexOf(Math.min(...available));
    if (perClass > available[fewest]) {
      throw new InvalidArgumentError(
        "perClass",
        `${perClass} is more than ${names[fewest]} has (${available[fewest]} examples)`,
      );
    }
  }
  if (testFraction !== undefined && testPerClass !== undefined) {
    throw new InvalidArgumentError("testPerClass", "give testFraction or testPerClass, not both");
  }
  if (testFraction !== undefined && !(testFraction > 0 && testFraction < 1)) {
    throw new InvalidArgumentError("testFraction", `must be in (0, 1), got ${testFraction}`);
  }
  if (testPerClass !== undefined && !(Number.isSafeInteger(testPerClass) && testPerClass >= 1)) {
    throw new InvalidArgumentError("testPerClass", `must be an integer ≥ 1, got ${testPerClass}`);
  }
  const fraction = testFraction ?? DEFAULT_TEST_FRACTION;
  const k = available.length;
  const drawn = available.map((a) => perClass ?? a);
  const testCounts = drawn.map((p, c) => {
    const t = testPerClass ?? Math.round(fraction * p);
    if (t >= 1 && t < p) return t;
    if (testPerClass !== undefined) {
      throw new InvalidArgumentError(
        "testPerClass",
        `${t} test examples of ${names[c]} leave none of its ${p} for training`,
      );
    }
    throw new InvalidArgumentError(
      "testFraction",
      `${fraction} of the ${p} examples of ${names[c]} rounds to ${t} test examples; each split needs at least one`,
    );
  });
  const trainCounts = drawn.map((p, c) => p - testCounts[c]);
  const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
  const train = rows(sum(trainCounts), trainCounts);
  const test = rows(sum(testCounts), testCounts);
  let rTrain = 0;
  let rTest = 0;
  for (let c = 0; c < k; c++) {
    const perm = permutation(available[c], createRng(seed, streams[c]));
    for (let r = 0; r < drawn[c]; r++) {
      const part = r < testCounts[c] ? test : train;
      const row = r < testCounts[c] ? rTest++ : rTrain++;
      part.label[row] = c;
      part.source[row] = perm[r];
    }
  }
  shuffle(train, createRng(seed, TRAIN_ORDER_STREAM));
  shuffle(test, createRng(seed, TEST_ORDER_STREAM));
  return {
    train,
    test,
    record: {
      method: METHOD,
      seed,
      classStreams: [...streams],
      perClass: perClass ?? null,
      testFraction: testPerClass === undefined ? fraction : null,
      testPerClass: testPerClass ?? null,
      train: train.label.length,
      test: test.label.length,
    },
  };
}

function rows(n: number, perClass: number[]): SplitRows {
  return { label: new Int32Array(n), source: new Int32Array(n), perClass };
}

/** Puts the rows in a seeded random order, so that a prefix of a split is not one class. */
function shuffle(part: SplitRows, rng: Rng): void {
  const order = permutation(part.label.length, rng);
  const label = part.label.slice();
  const source = part.source.slice();
  for (let r = 0; r < order.length; r++) {
    part.label[r] = label[order[r]];
    part.source[r] = source[order[r]];
  }
}
