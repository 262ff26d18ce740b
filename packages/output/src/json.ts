/** Options of {@link jsonChunks}. */
export interface JsonOptions {
  /** Spaces per level, as JSON.stringify's third argument; 0 writes everything on one line. Default 2. */
  indent?: number;
}

/** Numbers per chunk of a numeric array: chunks of ~100 kB, so no string grows with the data. */
const NUMBERS_PER_CHUNK = 8192;

type NumberList = ArrayLike<number | bigint | null>;

function isNumberArray(v: unknown[]): boolean {
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (x !== null && typeof x !== "number") return false;
  }
  return v.length > 0;
}

function numberText(x: number | bigint | null): string {
  if (x === null) return "null";
  // JSON.stringify's rules: NaN and ±Infinity are null, -0 is 0.
  const n = Number(x);
  return Number.isFinite(n) ? (n === 0 ? "0" : String(n)) : "null";
}

function* numbers(v: NumberList): Generator<string> {
  for (let start = 0; start < v.length; start += NUMBERS_PER_CHUNK) {
    const end = Math.min(v.length, start + NUMBERS_PER_CHUNK);
    let s = start === 0 ? "[" : ",";
    for (let i = start; i < end; i++) s += (i === start ? "" : ",") + numberText(v[i]);
    yield end === v.length ? `${s}]` : s;
  }
}

/** What JSON.stringify leaves out of an object and writes as null in an array. */
function skipped(v: unknown): boolean {
  return v === undefined || typeof v === "function" || typeof v === "symbol";
}

/** A value as JSON.stringify sees it: after its toJSON (Date → ISO text). */
function prepared(v: unknown, key: string): unknown {
  if (v !== null && typeof v === "object" && typeof (v as { toJSON?: unknown }).toJSON === "function") {
    return (v as { toJSON(key: string): unknown }).toJSON(key);
  }
  return v;
}

function* value(v: unknown, pad: string, step: string, open: Set<object>): Generator<string> {
  if (v === null || skipped(v)) {
    yield "null";
    return;
  }
  switch (typeof v) {
    case "number":
      yield numberText(v);
      return;
    case "string":
    case "boolean":
      yield JSON.stringify(v);
      return;
    case "bigint":
      throw new TypeError("jsonChunks: a BigInt cannot be written as JSON");
  }
  if (v instanceof Number || v instanceof String || v instanceof Boolean) {
    yield JSON.stringify(v);
    return;
  }
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    if ((v as unknown as NumberList).length === 0) yield "[]";
    else yield* numbers(v as unknown as NumberList);
    return;
  }
  const obj = v as object;
  if (open.has(obj)) throw new TypeError("jsonChunks: the value contains a cycle");
  open.add(obj);
  const inner = pad + step;
  const nl = step ? `\n${inner}` : "";
  const close = step ? `\n${pad}` : "";
  if (Array.isArray(obj)) {
    if (obj.length === 0) yield "[]";
    else if (isNumberArray(obj)) yield* numbers(obj as NumberList);
    else {
      for (let i = 0; i < obj.length; i++) {
        yield `${i === 0 ? "[" : ","}${nl}`;
        yield* value(prepared(obj[i], String(i)), inner, step, open);
      }
      yield `${close}]`;
    }
  } else {
    let first = true;
    const colon = step ? ": " : ":";
    for (const k of Object.keys(obj)) {
      const x = prepared((obj as Record<string, unknown>)[k], k);
      if (skipped(x)) continue;
      yield `${first ? "{" : ","}${nl}${JSON.stringify(k)}${colon}`;
      first = false;
      yield* value(x, inner, step, open);
    }
    yield first ? "{}" : `${close}}`;
  }
  open.delete(obj);
}

/**
 * JSON text of `data` as a sequence of small strings, for values too large for one string (a
 * 10⁷-cell density) or for `JSON.stringify` plus a regex over its output (which overflows the
 * stack). The text is what `JSON.stringify(data, null, indent)` gives (toJSON, NaN → null, -0 → 0,
 * undefined left out), except that typed arrays are written as arrays and every non-empty array of
 * numbers (and nulls) stands on one line: `[1,2.5,null]`. Recursion follows only the nesting of
 * objects, never the length of an array.
 *
 * @example
 * [...jsonChunks({ a: new Float64Array([1, 2]), b: "x" })].join("");
 * // '{\n  "a": [1,2],\n  "b": "x"\n}'
 */
export function* jsonChunks(data: unknown, options: JsonOptions = {}): Generator<string> {
  const step = " ".repeat(Math.max(0, Math.min(10, Math.floor(options.indent ?? 2))));
  yield* value(prepared(data, ""), "", step, new Set());
}
