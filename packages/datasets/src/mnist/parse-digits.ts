import { DatasetFormatError } from "../errors.js";

/** Pixels of one image in the `mnist` package's files (28 × 28). */
export const MNIST_PIXELS = 784;

// Bytes of the JSON text.
const ZERO = 48;
const COMMA = 44;
const DOT = 46;
const CLOSE = 93;
// Thousandths per unit of the last digit read, indexed by decimals + 1 (−1: no decimal point).
const POW10 = [1000, 1000, 100, 10, 1];

/**
 * Reads one digit file of the `mnist` package, `{"data":[0,0.149,…,1,…]}` (a flat array of 28×28
 * images, grey levels with at most three decimals), into grey levels in thousandths (0…1000).
 * A byte scan instead of JSON.parse: no JavaScript array of ~800,000 boxed numbers is built, which
 * makes it several times faster (see bench/), and thousandths in 16 bits take a quarter of the
 * memory of doubles. Nothing is lost: q/1000 is the double JSON.parse gives for the same token,
 * bit for bit, since both are the correctly rounded value of the same decimal.
 * Returns a new array of exactly the values read (`scratch`, if given, is only working space).
 * @example
 * const q = parseDigitFile(readFileSync(path), "mnist/src/digits/3.json");
 * q.length / MNIST_PIXELS; // 1032 images of the digit 3
 */
export function parseDigitFile(bytes: Uint8Array, file: string, scratch?: Uint16Array): Uint16Array {
  // The array opens within the first bytes: `{"data":[` (white space allowed).
  const head = String.fromCharCode(...bytes.subarray(0, 64));
  const key = head.indexOf('"data"');
  const open = head.indexOf("[");
  if (key < 0 || open < key) throw new DatasetFormatError(file, 0, 'no "data" array at the start');
  // Every value takes at least two bytes (a digit and a comma), which bounds the count; a caller
  // that parses several files lends one scratch array, which saves touching fresh memory each time.
  const bound = (bytes.length - open) >> 1;
  const out = scratch !== undefined && scratch.length >= bound ? scratch : new Uint16Array(bound);
  const n = scanGreyLevels(bytes, open + 1, out, file);
  if (n < 0) {
    throw new DatasetFormatError(file, -1 - n, "expected grey levels in [0, 1] with at most 3 decimals");
  }
  if (n % MNIST_PIXELS !== 0) {
    throw new DatasetFormatError(
      file,
      bytes.length,
      `${n} grey levels are not a whole number of 28×28 images`,
    );
  }
  return out.slice(0, n);
}

/**
 * The hot loop, alone in its function so that V8 optimises it whole: everything around it runs once
 * per file and, inlined here, left the optimised code without type feedback (a deoptimisation at the
 * end of the first file, then the next files interpreted: 5× slower cold). Returns the count of
 * values written from `bytes[from]` up to the closing bracket, or −1 − (the offending byte's offset).
 */
function scanGreyLevels(bytes: Uint8Array, from: number, out: Uint16Array, file: string): number {
  let n = 0;
  let value = 0; // the digits read so far, as an integer
  let digits = 0;
  let decimals = -1; // −1 before the decimal point
  for (let i = from; i < bytes.length; i++) {
    const c = bytes[i];
    const d = c - ZERO;
    if (d >= 0 && d <= 9) {
      value = value * 10 + d;
      digits++;
      if (decimals >= 0) decimals++;
      if (digits > 7 || decimals > 3) return -1 - i; // not a grey level with ≤ 3 decimals
    } else if (c === COMMA || c === CLOSE) {
      if (digits === 0 || decimals === 0) return -1 - i;
      const q = value * POW10[decimals + 1];
      if (q > 1000) throw new DatasetFormatError(file, i, `grey level ${q / 1000} above 1`);
      out[n++] = q;
      if (c === CLOSE) return n;
      value = 0;
      digits = 0;
      decimals = -1;
    } else if (!(c === DOT && decimals < 0 && digits > 0) && c !== 32 && c !== 10 && c !== 13 && c !== 9) {
      return -1 - i;
    } else if (c === DOT) {
      decimals = 0;
    }
  }
  return -1 - bytes.length;
}
