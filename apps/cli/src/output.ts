/**
 * JSON with typed arrays written as plain arrays and non-finite numbers as null.
 *
 * @example
 * toJson({ a: new Float64Array([1, 2]) }); // '{\n  "a": [1, 2]\n}' (compact numeric arrays)
 */
export function toJson(data: unknown): string {
  const plain = toPlain(data);
  // Numeric arrays on one line keep large densities readable and the files small.
  return JSON.stringify(plain, null, 2).replace(
    /\[\s+(-?[\d.eE+-]+|null)(,\s+(-?[\d.eE+-]+|null))*\s+\]/g,
    (m) => m.replace(/\s+/g, ""),
  );
}

/**
 * Recursively converts typed arrays to arrays (and -0 to 0) so that the data is JSON-ready.
 *
 * @example
 * toPlain(new Float64Array([1])); // [1]
 */
export function toPlain(data: unknown): unknown {
  if (ArrayBuffer.isView(data) && !(data instanceof DataView)) {
    return Array.from(data as unknown as ArrayLike<number>, clean);
  }
  if (Array.isArray(data)) return data.map(toPlain);
  if (typeof data === "number") return clean(data);
  if (data && typeof data === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(data)) if (v !== undefined) out[k] = toPlain(v);
    return out;
  }
  return data;
}

function clean(v: number): number | null {
  if (!Number.isFinite(v)) return null;
  return Object.is(v, -0) ? 0 : v;
}

/**
 * CSV text from a header and rows (numbers with full precision).
 *
 * @example
 * csvTable(["x", "density"], [[0, 0.4]]); // "x,density\n0,0.4\n"
 */
export function csvTable(header: string[], rows: ArrayLike<unknown>[]): string {
  const esc = (v: unknown) => {
    const s = v === null || v === undefined ? "" : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [header.map(esc).join(",")];
  for (const r of rows) lines.push(Array.from(r, esc).join(","));
  return `${lines.join("\n")}\n`;
}

/**
 * Generic CSV of any JSON value: one `key,value` row per leaf (arrays indexed `key[i]`).
 *
 * @example
 * flatCsv({ x: [1, 2], e: 3 }); // "key,value\nx[0],1\nx[1],2\ne,3\n"
 */
export function flatCsv(data: unknown): string {
  const rows: [string, unknown][] = [];
  const walk = (prefix: string, v: unknown) => {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) walk(`${prefix}[${i}]`, v[i]);
    } else if (v && typeof v === "object") {
      for (const [k, w] of Object.entries(v)) walk(prefix ? `${prefix}.${k}` : k, w);
    } else rows.push([prefix, v]);
  };
  walk("", toPlain(data));
  return csvTable(["key", "value"], rows);
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
