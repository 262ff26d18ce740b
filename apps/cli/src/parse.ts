import { parseShardOption } from "@langevin/output";
import { UsageError } from "./errors.js";

/** One axis of a `--domain`: closed interval [min, max]. */
export interface Interval {
  /** Lower end. */
  min: number;
  /** Upper end (> min). */
  max: number;
}

/**
 * Parses a finite number given to option `option`.
 *
 * @example
 * parseNumber("--beta", "2.5"); // 2.5
 */
export function parseNumber(option: string, text: string | undefined): number {
  if (text === undefined || text.trim() === "")
    throw new UsageError(`${option}: expected a number, got nothing`);
  const v = Number(text.trim());
  if (!Number.isFinite(v)) throw new UsageError(`${option}: expected a finite number, got "${text}"`);
  return v;
}

/**
 * Parses a positive finite number.
 *
 * @example
 * parsePositive("--dt", "0.01"); // 0.01
 */
export function parsePositive(option: string, text: string | undefined): number {
  const v = parseNumber(option, text);
  if (!(v > 0)) throw new UsageError(`${option}: must be > 0, got ${text}`);
  return v;
}

/**
 * Parses an integer >= `min`.
 *
 * @example
 * parseInteger("--paths", "1000", 1); // 1000
 */
export function parseInteger(option: string, text: string | undefined, min = 0): number {
  const v = parseNumber(option, text);
  if (!Number.isSafeInteger(v) || v < min) {
    throw new UsageError(`${option}: expected an integer >= ${min}, got "${text}"`);
  }
  return v;
}

/**
 * Parses a comma-separated list of numbers, e.g. a point `--x0 "1,-0.5"`.
 *
 * @example
 * parsePoint("--x0", "1,-0.5"); // [1, -0.5]
 */
export function parsePoint(option: string, text: string, dim?: number): number[] {
  const parts = text.split(",").map((s) => s.trim());
  if (parts.some((p) => p === ""))
    throw new UsageError(`${option}: expected numbers separated by commas, got "${text}"`);
  const values = parts.map((p) => {
    const v = Number(p);
    if (!Number.isFinite(v)) throw new UsageError(`${option}: "${p}" is not a finite number (in "${text}")`);
    return v;
  });
  if (dim !== undefined && values.length !== dim) {
    throw new UsageError(
      `${option}: expected ${dim} coordinate${dim === 1 ? "" : "s"}, got ${values.length} ("${text}")`,
    );
  }
  return values;
}

/**
 * Parses a list of positive times `"0.5,1,2"` (strictly increasing).
 *
 * @example
 * parseTimes("--snapshots", "0.5,1,2"); // [0.5, 1, 2]
 */
export function parseTimes(option: string, text: string): number[] {
  const t = parsePoint(option, text);
  for (let i = 0; i < t.length; i++) {
    if (t[i] < 0) throw new UsageError(`${option}: times must be >= 0, got ${t[i]}`);
    if (i > 0 && t[i] <= t[i - 1]) throw new UsageError(`${option}: times must increase, got "${text}"`);
  }
  return t;
}

/**
 * Parses `--domain "a:b,c:d"` into intervals, refusing empty or reversed ones.
 *
 * @example
 * parseDomain("--domain", "-2:2,-1:1"); // [{min:-2,max:2},{min:-1,max:1}]
 */
export function parseDomain(option: string, text: string): Interval[] {
  const axes = text.split(",").map((s) => s.trim());
  return axes.map((axis, i) => {
    const m = /^(.+?):(.+)$/.exec(axis);
    if (!m) throw new UsageError(`${option}: axis ${i + 1} must be "min:max", got "${axis}"`);
    const min = Number(m[1]);
    const max = Number(m[2]);
    if (!Number.isFinite(min) || !Number.isFinite(max)) {
      throw new UsageError(`${option}: axis ${i + 1} bounds must be finite numbers, got "${axis}"`);
    }
    if (!(max > min))
      throw new UsageError(`${option}: axis ${i + 1} is empty or reversed (${min} >= ${max})`);
    return { min, max };
  });
}

/**
 * Parses `--cells "NxM"` (or `--bins`) into positive integers per axis.
 *
 * @example
 * parseCells("--cells", "64x32"); // [64, 32]
 */
export function parseCells(option: string, text: string, min = 1): number[] {
  const parts = text
    .toLowerCase()
    .split(/[x×*]/)
    .map((s) => s.trim());
  return parts.map((p) => {
    const v = Number(p);
    if (p === "" || !Number.isSafeInteger(v) || v < min) {
      throw new UsageError(
        `${option}: expected integers >= ${min} separated by "x" (e.g. 64x64), got "${text}"`,
      );
    }
    return v;
  });
}

/**
 * Splits an expression list `"E1;E2"` into its expressions.
 *
 * @example
 * parseExpressionList("--drift", "-x; -y"); // ["-x", "-y"]
 */
export function parseExpressionList(option: string, text: string): string[] {
  const parts = text.split(";").map((s) => s.trim());
  if (parts.some((p) => p === "")) {
    throw new UsageError(`${option}: empty expression in the list "${text}" (separate expressions with ";")`);
  }
  return parts;
}

/**
 * Parses repeated `--param name=value` into a map of constants.
 *
 * @example
 * parseParams(["a=1", "g=0.5"]); // { a: 1, g: 0.5 }
 */
export function parseParams(items: readonly string[] | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items ?? []) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+)$/.exec(item);
    if (!m) throw new UsageError(`--param: expected name=value, got "${item}"`);
    out[m[1]] = parseNumber(`--param ${m[1]}`, m[2]);
  }
  return out;
}

/**
 * Parses `--vars x,y` into identifier names.
 *
 * @example
 * parseVars("x,y"); // ["x", "y"]
 */
export function parseVars(text: string): string[] {
  const names = text.split(",").map((s) => s.trim());
  for (const n of names) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(n))
      throw new UsageError(`--vars: "${n}" is not a valid variable name`);
  }
  if (new Set(names).size !== names.length)
    throw new UsageError(`--vars: duplicate variable names in "${text}"`);
  return names;
}

/**
 * The default coordinate names for dimension `d`: x; x,y; x,y,z; then x1..xd.
 *
 * @example
 * defaultVars(2); // ["x", "y"]
 */
export function defaultVars(d: number): string[] {
  if (d === 1) return ["x"];
  if (d === 2) return ["x", "y"];
  if (d === 3) return ["x", "y", "z"];
  return Array.from({ length: d }, (_, i) => `x${i + 1}`);
}

/**
 * Parses `--shard i/n` (0 <= i < n), or `--shard auto`: the array task named by the scheduler's
 * environment (Slurm's SLURM_ARRAY_TASK_ID with _MIN/_MAX or _COUNT, a Kubernetes indexed job's
 * JOB_COMPLETION_INDEX with JOB_COMPLETIONS); a UsageError saying what was looked for when none is.
 *
 * @example
 * parseShard("1/4"); // { index: 1, count: 4 }
 * parseShard("auto", { SLURM_ARRAY_TASK_ID: "3", SLURM_ARRAY_TASK_MIN: "0", SLURM_ARRAY_TASK_MAX: "3" });
 * // { index: 3, count: 4 }
 */
export function parseShard(
  text: string,
  env: Record<string, string | undefined> = process.env,
): {
  /** This shard, 0-based. */
  index: number;
  /** Number of shards. */
  count: number;
} {
  try {
    const { index, count } = parseShardOption(text, env, "--shard");
    return { index, count };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
