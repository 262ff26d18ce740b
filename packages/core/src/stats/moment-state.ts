// What RunningMoments and RunningVariances share: the divisor of their second moments and the
// checked reading of their JSON state. Internal to the package.
import { InvalidArgumentError, ShapeMismatchError } from "../errors.js";
import { jsonNumber, jsonNumbers, jsonObject } from "../json-fields.js";

/**
 * The weights of Chan, Golub & LeVeque's merge of `other` into `self` (nb, n = na + nb and
 * f = na·nb/n), after checking that their dimensions agree; undefined when `other` is empty.
 *
 * @example
 * mergeWeights({ dim: 1, count: 2 }, { dim: 1, count: 2 }); // { nb: 2, n: 4, f: 1 }
 */
export function mergeWeights(
  self: { dim: number; count: number },
  other: { dim: number; count: number },
): { nb: number; n: number; f: number } | undefined {
  if (other.dim !== self.dim)
    throw new ShapeMismatchError("other", `dim ${other.dim} differs from ${self.dim}`);
  const nb = other.count;
  if (nb === 0) return undefined;
  const na = self.count;
  const n = na + nb;
  return { nb, n, f: (na * nb) / n };
}

/**
 * count − ddof, the divisor of a variance, after checking that ddof is a whole number below count.
 *
 * @example
 * momentDenominator(10, 1); // 9
 */
export function momentDenominator(count: number, ddof: number): number {
  if (!(Number.isInteger(ddof) && ddof >= 0))
    throw new InvalidArgumentError("ddof", `must be an integer >= 0, got ${ddof}`);
  if (count <= ddof)
    throw new InvalidArgumentError("count", `needs more than ddof = ${ddof} observations, has ${count}`);
  return count - ddof;
}

/** A running-moments state read from JSON, its fields checked. */
export interface MomentState {
  dim: number;
  count: number;
  mean: number[];
  /** The sums of squares (`dim` of them) or the co-moments (`dim²`, row-major) of `field`. */
  sums: number[];
}

/**
 * Reads the state of a running-moments accumulator from JSON, checking every field (a state read
 * from a file): `dim` (equal to `expectedDim` when given), a finite `count` ≥ 0, `dim` means, and in
 * `field` either `dim` sums of squared deviations (`square` false) or the `dim²` co-moments whose
 * diagonal they are (`square` true), each sum of squares ≥ 0. Means and sums are numbers, NaN and
 * ±Infinity admitted (observations are not checked either), but never null (how JSON writes them:
 * the value is lost). Errors are `InvalidArgumentError`s naming the field under `argument`.
 *
 * @example
 * momentStateFromJSON({ dim: 1, count: 2, mean: [1], m2: [2] }, "json", undefined, "m2", false);
 */
export function momentStateFromJSON(
  json: unknown,
  argument: string,
  expectedDim: number | undefined,
  field: string,
  square: boolean,
): MomentState {
  const o = jsonObject(json, argument);
  const dim = jsonNumber(o.dim, `${argument}.dim`, { integer: true, min: 1 });
  if (expectedDim !== undefined && dim !== expectedDim)
    throw new ShapeMismatchError(`${argument}.dim`, `is ${dim}, expected ${expectedDim}`);
  const count = jsonNumber(o.count, `${argument}.count`, { min: 0 });
  const mean = jsonNumbers(o.mean, `${argument}.mean`, dim, { finite: false });
  const sums = jsonNumbers(o[field], `${argument}.${field}`, square ? dim * dim : dim, { finite: false });
  for (let i = 0; i < dim; i++) {
    const k = square ? i * dim + i : i;
    if (sums[k] < 0)
      throw new InvalidArgumentError(
        `${argument}.${field}[${k}]`,
        `${square ? "a diagonal co-moment (a sum of squares)" : "a sum of squared deviations"} must be >= 0, got ${sums[k]}`,
      );
  }
  return { dim, count, mean, sums };
}
