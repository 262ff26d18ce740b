import { InvalidArgumentError } from "./errors.js";

/** Constraints of {@link jsonNumber} and {@link jsonNumbers}. */
export interface JsonNumberCheck {
  /**
   * Whether the number must be finite (default true). `false` admits NaN and ±Infinity held in
   * memory (a state copied between threads), never null: JSON writes every non-finite number as
   * null, so a null cannot be told back into NaN, +Infinity or −Infinity.
   */
  finite?: boolean;
  /** The smallest allowed value. */
  min?: number;
  /** Whether the value must be an integer (a count, an index). */
  integer?: boolean;
}

function shown(v: unknown): string {
  if (v === undefined) return "nothing (the field is missing)";
  if (v === null) return "null";
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === "object") return "an object";
  return String(v);
}

/**
 * A field of parsed JSON that must be an object (not null, not an array); `argument` is its path,
 * as in `"result.meta"`, so that the error names the field.
 * @example
 * const meta = jsonObject(json.meta, "json.meta"); // throws "json.meta: must be an object, got null"
 */
export function jsonObject(value: unknown, argument: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new InvalidArgumentError(argument, `must be an object, got ${shown(value)}`);
  return value as Record<string, unknown>;
}

/**
 * A field of parsed JSON that must be an array, of `length` entries when given.
 * @example
 * const ranges = jsonArray(json.ranges, "json.ranges");
 */
export function jsonArray(value: unknown, argument: string, length?: number): unknown[] {
  if (!Array.isArray(value))
    throw new InvalidArgumentError(argument, `must be an array, got ${shown(value)}`);
  if (length !== undefined && value.length !== length)
    throw new InvalidArgumentError(argument, `must have ${length} entries, got ${value.length}`);
  return value;
}

/**
 * A field of parsed JSON that must be a finite number (JSON writes NaN and ±Infinity as null), an
 * integer and at least `min` when asked (see {@link JsonNumberCheck}).
 * @example
 * const count = jsonNumber(json.count, "json.count", { integer: true, min: 0 });
 */
export function jsonNumber(value: unknown, argument: string, check: JsonNumberCheck = {}): number {
  if (check.finite === false) {
    if (typeof value !== "number")
      throw new InvalidArgumentError(
        argument,
        `must be a number, got ${shown(value)}${value === null ? " (how JSON writes NaN and ±Infinity)" : ""}`,
      );
    return value;
  }
  if (typeof value !== "number" || !Number.isFinite(value))
    throw new InvalidArgumentError(argument, `must be a finite number, got ${shown(value)}`);
  if (check.integer && !Number.isSafeInteger(value))
    throw new InvalidArgumentError(argument, `must be an integer, got ${value}`);
  if (check.min !== undefined && value < check.min)
    throw new InvalidArgumentError(argument, `must be >= ${check.min}, got ${value}`);
  return value;
}

/**
 * A field of parsed JSON that must be an array of finite numbers (of `length` entries when given);
 * the error names the first bad entry, as in `"json.mean[2]: must be a finite number, got null"`.
 * @example
 * const mean = jsonNumbers(json.mean, "json.mean", 3);
 */
export function jsonNumbers(
  value: unknown,
  argument: string,
  length?: number,
  check: JsonNumberCheck = {},
): number[] {
  const a = jsonArray(value, argument, length);
  for (let i = 0; i < a.length; i++) jsonNumber(a[i], `${argument}[${i}]`, check);
  return a as number[];
}

/**
 * A field of parsed JSON that must be a string, one of `allowed` when given.
 * @example
 * const scheme = jsonString(json.scheme, "json.scheme");
 */
export function jsonString(value: unknown, argument: string, allowed?: readonly string[]): string {
  if (typeof value !== "string")
    throw new InvalidArgumentError(argument, `must be a string, got ${shown(value)}`);
  if (allowed && !allowed.includes(value))
    throw new InvalidArgumentError(argument, `must be one of ${allowed.join(", ")}, got ${shown(value)}`);
  return value;
}
