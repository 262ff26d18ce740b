// Independent readings of the source packages for the tests: JSON.parse on the files, paths and
// versions resolved here, not through the package's own code.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const mnistDir = dirname(require.resolve("mnist/package.json"));

/** The `mnist` package's own package.json. */
export const mnistManifest = JSON.parse(readFileSync(join(mnistDir, "package.json"), "utf8")) as {
  name: string;
  version: string;
  license: string;
};

const parsed = new Map<number, number[]>();

/** The raw bytes of a digit file. */
export const digitBytes = (digit: number) => readFileSync(join(mnistDir, "src", "digits", `${digit}.json`));

/** A digit file through JSON.parse: the flat array of grey levels (784 per image). */
export function jsonDigit(digit: number): number[] {
  let data = parsed.get(digit);
  if (data === undefined) {
    data = (JSON.parse(digitBytes(digit).toString("utf8")) as { data: number[] }).data;
    parsed.set(digit, data);
  }
  return data;
}

/** Image `index` of a digit as JSON.parse reads it (784 values). */
export const jsonImage = (digit: number, index: number) =>
  jsonDigit(digit).slice(index * 784, (index + 1) * 784);

/**
 * The mean of each f × f block of a 28 × 28 image, summed in double precision in plain row order:
 * the direct definition the loader's integer arithmetic must agree with.
 */
export function blockMeans(image: number[], f: number): number[] {
  const size = 28 / f;
  const out: number[] = [];
  for (let i = 0; i < size; i++)
    for (let j = 0; j < size; j++) {
      let s = 0;
      for (let a = 0; a < f; a++) for (let b = 0; b < f; b++) s += image[(i * f + a) * 28 + j * f + b];
      out.push(s / (f * f));
    }
  return out;
}

/** Row r of a row-major matrix with `features` columns. */
export const row = (x: Float64Array, features: number, r: number) =>
  x.subarray(r * features, (r + 1) * features);
