import type { DataSplit } from "../types.js";
import type { SplitRows } from "./stratified.js";

/**
 * Fills a split's feature matrix row by row: `write(label, source, x, offset)` puts the features of
 * example `source` of class `label` at `x[offset .. offset + features)`.
 * @example
 * const train = assemble(split.train, 4, ["setosa"], (c, i, x, at) => x.set(rows[c][i], at));
 */
export function assemble<L>(
  rows: SplitRows,
  features: number,
  classLabels: readonly L[],
  write: (label: number, source: number, x: Float64Array, offset: number) => void,
): DataSplit<L> {
  const n = rows.label.length;
  const x = new Float64Array(n * features);
  for (let r = 0; r < n; r++) write(rows.label[r], rows.source[r], x, r * features);
  return { x, y: rows.label, n, features, classes: classLabels.length, classLabels, source: rows.source };
}
