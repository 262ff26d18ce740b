import { jsonChunks } from "@langevin/output";
import type { CommandResult, Format } from "./command.js";

/**
 * JSON text of a command's data, in chunks (see `jsonChunks` of @langevin/output): typed arrays as
 * arrays, non-finite numbers as null, numeric arrays on one line, two-space indentation, a final
 * newline. Never one string for the whole output, so a 10⁷-cell density can be written.
 *
 * @example
 * [...jsonLines({ a: new Float64Array([1, 2]) })].join(""); // '{\n  "a": [1,2]\n}\n'
 */
export function* jsonLines(data: unknown): Generator<string> {
  yield* jsonChunks(data, { indent: 2 });
  yield "\n";
}

/** Rows per chunk of CSV text. */
const ROWS_PER_CHUNK = 4096;

/**
 * CSV text from a header and rows (numbers with full precision), in chunks of a few thousand rows:
 * the rows may be a generator, and the text is never one string.
 *
 * @example
 * [...csvTable(["x", "density"], [[0, 0.4]])].join(""); // "x,density\n0,0.4\n"
 */
export function* csvTable(header: string[], rows: Iterable<ArrayLike<unknown>>): Generator<string> {
  const esc = (v: unknown) => {
    const s = v === null || v === undefined ? "" : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  let chunk = `${header.map(esc).join(",")}\n`;
  let n = 0;
  for (const r of rows) {
    let line = "";
    for (let i = 0; i < r.length; i++) line += (i === 0 ? "" : ",") + esc(r[i]);
    chunk += `${line}\n`;
    if (++n === ROWS_PER_CHUNK) {
      yield chunk;
      chunk = "";
      n = 0;
    }
  }
  if (chunk) yield chunk;
}

/**
 * The rows `row(0)`, …, `row(n − 1)`, made one at a time as {@link csvTable} writes them, so a
 * table of 10⁷ rows never exists as arrays (~70 bytes a number when it did).
 *
 * @example
 * [...csvTable(["i", "square"], rowsOf(3, (i) => [i, i * i]))].join(""); // "i,square\n0,0\n1,1\n2,4\n"
 */
export function* rowsOf<T>(n: number, row: (i: number) => T): Generator<T> {
  for (let i = 0; i < n; i++) yield row(i);
}

function cell(v: unknown): unknown {
  // JSON's rules, as in the JSON output: non-finite numbers are empty cells (null), -0 is 0.
  if (typeof v === "number") return Number.isFinite(v) ? (v === 0 ? 0 : v) : null;
  return v;
}

/** One `[key, value]` row per leaf, walking arrays by index (never copying a typed array). */
function* leaves(prefix: string, v: unknown): Generator<[string, unknown]> {
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    const a = v as unknown as ArrayLike<number>;
    for (let i = 0; i < a.length; i++) yield [`${prefix}[${i}]`, cell(Number(a[i]))];
  } else if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) yield* leaves(`${prefix}[${i}]`, v[i]);
  } else if (v && typeof v === "object") {
    for (const [k, w] of Object.entries(v))
      if (w !== undefined) yield* leaves(prefix ? `${prefix}.${k}` : k, w);
  } else yield [prefix, cell(v)];
}

/**
 * Generic CSV of any JSON value: one `key,value` row per leaf (arrays indexed `key[i]`), in chunks.
 *
 * @example
 * [...flatCsv({ x: [1, 2], e: 3 })].join(""); // "key,value\nx[0],1\nx[1],2\ne,3\n"
 */
export function flatCsv(data: unknown): Generator<string> {
  return csvTable(["key", "value"], leaves("", data));
}

/**
 * The output of a command in a format, as chunks of text: JSON (streamed), CSV (the command's own
 * table, else {@link flatCsv}) or the command's text with one final newline.
 *
 * @example
 * for (const chunk of renderResult(result, "json")) process.stdout.write(chunk);
 */
export function renderResult(result: CommandResult, format: Format): Iterable<string> {
  if (format === "json") return jsonLines(result.data);
  if (format === "csv") {
    const csv = result.csv ? result.csv() : flatCsv(result.data);
    // A string is iterable too, by characters: keep it whole.
    return typeof csv === "string" ? [csv] : csv;
  }
  return [`${result.text().replace(/\n*$/, "")}\n`];
}

/**
 * A number for humans: 6 significant digits.
 *
 * @example
 * fmt(Math.PI); // "3.14159"
 */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e-4 && a < 1e7) return String(Number(v.toPrecision(6)));
  return v.toExponential(4);
}

/**
 * A vector for humans: `(1, 2.5)`.
 *
 * @example
 * fmtVec([1, 2.5]); // "(1, 2.5)"
 */
export function fmtVec(v: ArrayLike<number>): string {
  return `(${Array.from(v, fmt).join(", ")})`;
}

/**
 * A d×d row-major matrix for humans, one row per line, indented.
 *
 * @example
 * fmtMat([1, 0, 0, 1], 2); // "  [1, 0]\n  [0, 1]"
 */
export function fmtMat(m: ArrayLike<number>, d: number, indent = "  "): string {
  const lines: string[] = [];
  for (let i = 0; i < d; i++) {
    const row: string[] = [];
    for (let j = 0; j < d; j++) row.push(fmt(m[i * d + j]));
    lines.push(`${indent}[${row.join(", ")}]`);
  }
  return lines.join("\n");
}
