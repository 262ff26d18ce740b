// The partial results of `langevin sde --shard i/n` and `langevin merge`: the file format, its
// checksum, and the checks `merge` runs on every file before it trusts a number in it.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import {
  InvalidArgumentError,
  jsonArray,
  jsonNumber,
  jsonNumbers,
  jsonObject,
  jsonString,
} from "@langevin/core";
import type { SolveResultJSON } from "@langevin/sde";
import { UsageError } from "./errors.js";
import type { SdeArgs } from "./sde-build.js";

/** Format tag of the partial results written by `sde --shard`. */
export const SHARD_FORMAT = "langevin-cli-sde-shard";
/**
 * Version 4: a `checksum` of the content, and the `timeMoments` observer's state is core's
 * `RunningVariances` (`{dim, count, mean, m2}`, O(d²) for d variables) instead of a `RunningMoments`
 * with the O(d⁴) covariance of its quantities. Version 3 had one of the two (two lines of work both
 * called their format 3). Version 2: one `timeMoments` observer instead of the `ta_*` ones (and
 * core 0.2's normals).
 */
export const SHARD_VERSION = 4;

/** Why a shard file of an older version cannot be merged, by version. */
function outdated(version: unknown): string {
  if (typeof version !== "number") return "";
  if (version < 3) return " (without a checksum of its content, and with the old time-average state)";
  if (version === 3) return " (without a checksum, or with the O(d⁴) time-average state of RunningMoments)";
  return "";
}

/** A shard file's content. */
export interface ShardFile {
  format: typeof SHARD_FORMAT;
  version: typeof SHARD_VERSION;
  args: SdeArgs;
  shards: { index: number; count: number }[];
  evaluations: number;
  seconds: number;
  result: SolveResultJSON;
  /** `sha256:` and the hex digest of {@link canonicalJson} of every other field. */
  checksum: string;
}

/**
 * Deterministic JSON of a value as it reads back from a file: keys sorted, typed arrays as arrays,
 * non-finite numbers and -0 as JSON writes them (null, 0), undefined fields dropped. A value and
 * `JSON.parse` of its JSON give the same text, so the writer's and the reader's checksums agree
 * whatever the layout of the file.
 *
 * @example
 * canonicalJson({ b: 1, a: new Float64Array([Number.NaN]) }); // '{"a":[null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (typeof value === "number") return Number.isFinite(value) ? JSON.stringify(value) : "null";
  if (value === null || value === undefined || typeof value !== "object") {
    return JSON.stringify(value ?? null);
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return canonicalJson(Array.from(value as unknown as ArrayLike<number>));
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

function digest(content: Omit<ShardFile, "checksum">): string {
  return `sha256:${createHash("sha256").update(canonicalJson(content)).digest("hex")}`;
}

/**
 * A shard file's content with its checksum.
 *
 * @example
 * const data = shardFile({ args, shards: [{ index: 0, count: 4 }], evaluations, seconds, result });
 */
export function shardFile(content: Omit<ShardFile, "format" | "version" | "checksum">): ShardFile {
  const body = { format: SHARD_FORMAT, version: SHARD_VERSION, ...content } as const;
  return { ...body, checksum: digest(body) };
}

/** The path of the first number that is not finite (JSON.parse reads 1e999 as Infinity). */
function nonFinite(value: unknown, path: string): string | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? undefined : path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = nonFinite(value[i], `${path}[${i}]`);
      if (p) return p;
    }
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const p = nonFinite(v, path ? `${path}.${k}` : k);
      if (p) return p;
    }
  }
  return undefined;
}

const NOISES = ["diagonal", "scalar", "general"] as const;
const SCHEMES = ["em", "milstein", "heun", "sra", "baoab"] as const;

/** The run's options from a shard file, every field checked against {@link SdeArgs}. */
function sdeArgs(json: unknown): SdeArgs {
  const o = jsonObject(json, "args");
  const known = new Set([
    "vars",
    "params",
    "drift",
    "potential",
    "diffusion",
    "beta",
    "noise",
    "x0",
    "scheme",
    "t1",
    "dt",
    "paths",
    "seed",
    "burnIn",
    "histogram",
    "exit",
    "friction",
    "mass",
  ]);
  for (const key of Object.keys(o)) {
    if (!known.has(key)) throw new InvalidArgumentError(`args.${key}`, "is not an option of `langevin sde`");
  }
  const strings = (v: unknown, at: string, min = 0) => {
    const a = jsonArray(v, at);
    if (a.length < min)
      throw new InvalidArgumentError(at, `must have at least ${min} entries, got ${a.length}`);
    return a.map((s, i) => jsonString(s, `${at}[${i}]`));
  };
  const optional = <T>(v: unknown, read: (v: unknown) => T): T | undefined =>
    v === undefined ? undefined : read(v);
  const positive = (v: unknown, at: string) => {
    const x = jsonNumber(v, at);
    if (!(x > 0)) throw new InvalidArgumentError(at, `must be > 0, got ${x}`);
    return x;
  };
  const params = jsonObject(o.params, "args.params");
  for (const [k, v] of Object.entries(params)) jsonNumber(v, `args.params.${k}`);
  const vars = strings(o.vars, "args.vars", 1);
  const histogram = optional(o.histogram, (h) => {
    const ho = jsonObject(h, "args.histogram");
    const bounds = jsonArray(ho.bounds, "args.histogram.bounds").map((b, i) => {
      const bo = jsonObject(b, `args.histogram.bounds[${i}]`);
      const min = jsonNumber(bo.min, `args.histogram.bounds[${i}].min`);
      const max = jsonNumber(bo.max, `args.histogram.bounds[${i}].max`);
      if (!(max > min))
        throw new InvalidArgumentError(`args.histogram.bounds[${i}]`, `needs min < max, got ${min}:${max}`);
      return { min, max };
    });
    const bins = jsonNumbers(ho.bins, "args.histogram.bins", bounds.length, { integer: true, min: 1 });
    return { bounds, bins };
  });
  return {
    vars,
    params: params as Record<string, number>,
    drift: optional(o.drift, (v) => strings(v, "args.drift", 1)),
    potential: optional(o.potential, (v) => jsonString(v, "args.potential")),
    diffusion: optional(o.diffusion, (v) => strings(v, "args.diffusion", 1)),
    beta: optional(o.beta, (v) => positive(v, "args.beta")),
    noise: jsonString(o.noise, "args.noise", NOISES) as SdeArgs["noise"],
    x0: jsonNumbers(o.x0, "args.x0"),
    scheme: jsonString(o.scheme, "args.scheme", SCHEMES) as SdeArgs["scheme"],
    t1: positive(o.t1, "args.t1"),
    dt: positive(o.dt, "args.dt"),
    paths: jsonNumber(o.paths, "args.paths", { integer: true, min: 1 }),
    seed: jsonNumber(o.seed, "args.seed", { integer: true, min: 0 }),
    burnIn: jsonNumber(o.burnIn, "args.burnIn", { min: 0 }),
    histogram,
    exit: optional(o.exit, (v) => jsonString(v, "args.exit")),
    friction: optional(o.friction, (v) => positive(v, "args.friction")),
    mass: optional(o.mass, (v) => positive(v, "args.mass")),
  };
}

/** `file: field: detail` as a usage error (exit 2), from a field check's error. */
export function inFile(file: string, error: unknown): never {
  if (error instanceof InvalidArgumentError || error instanceof UsageError)
    throw new UsageError(`${file}: ${error.message}`);
  throw error;
}

/**
 * Reads a shard file and checks it before any number in it is used: JSON, format, version (older
 * versions are refused with the reason), the checksum, that every number is finite, and the schema
 * of every field but `result` (whose observer states `SolveResult.fromJSON` checks). Errors are
 * usage errors (exit 2) naming the file and the field.
 *
 * @example
 * const shard = readShardFile("part0.json");
 */
export function readShardFile(file: string): ShardFile {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`${file} is not JSON (expected the output of \`langevin sde --shard i/n\`)`);
  }
  const o = json as Record<string, unknown> | null;
  if (typeof o !== "object" || o === null || o.format !== SHARD_FORMAT) {
    throw new UsageError(`${file} is not a shard file (written by \`langevin sde ... --shard i/n\`)`);
  }
  if (o.version !== SHARD_VERSION) {
    throw new UsageError(
      `${file} is a version ${String(o.version)} shard file${outdated(o.version)}; this langevin writes and merges version ${SHARD_VERSION} (re-run the shards)`,
    );
  }
  const { checksum, ...content } = o;
  if (typeof checksum !== "string")
    throw new UsageError(`${file}: checksum: missing (every version ${SHARD_VERSION} shard file has one)`);
  const actual = digest(content as Omit<ShardFile, "checksum">);
  if (checksum !== actual) {
    throw new UsageError(
      `${file}: checksum: the content does not match (${actual.slice(0, 19)}… instead of ${checksum.slice(0, 19)}…): the file was changed or damaged after it was written`,
    );
  }
  const bad = nonFinite(o, "");
  if (bad) throw new UsageError(`${file}: ${bad}: must be a finite number`);
  try {
    const args = sdeArgs(o.args);
    const shards = jsonArray(o.shards, "shards").map((s, i) => {
      const so = jsonObject(s, `shards[${i}]`);
      const count = jsonNumber(so.count, `shards[${i}].count`, { integer: true, min: 1 });
      const index = jsonNumber(so.index, `shards[${i}].index`, { integer: true, min: 0 });
      if (index >= count)
        throw new InvalidArgumentError(`shards[${i}].index`, `must be < count ${count}, got ${index}`);
      return { index, count };
    });
    if (shards.length === 0) throw new InvalidArgumentError("shards", "must list at least one shard");
    return {
      format: SHARD_FORMAT,
      version: SHARD_VERSION,
      args,
      shards,
      evaluations: jsonNumber(o.evaluations, "evaluations", { integer: true, min: 0 }),
      seconds: jsonNumber(o.seconds, "seconds", { min: 0 }),
      result: jsonObject(o.result, "result") as unknown as SolveResultJSON,
      checksum,
    };
  } catch (e) {
    inFile(file, e);
  }
}

/**
 * Checks that shard files belong together: the same run (options and seed), the same number of
 * shards, and no shard in two files.
 *
 * @example
 * checkShardSet(["p0.json", "p1.json"], [readShardFile("p0.json"), readShardFile("p1.json")]);
 */
export function checkShardSet(files: string[], shards: ShardFile[]): void {
  const key = canonicalJson(shards[0].args);
  const count = shards[0].shards[0].count;
  const owner = new Map<number, number>();
  shards.forEach((s, i) => {
    if (canonicalJson(s.args) !== key) {
      throw new UsageError(
        `${files[i]} comes from a different run than ${files[0]} (options or seed differ)`,
      );
    }
    s.shards.forEach((sh, k) => {
      if (sh.count !== count) {
        throw new UsageError(
          `${files[i]}: shards[${k}].count: is ${sh.count}, but ${files[0]} is a shard of ${count}`,
        );
      }
      const other = owner.get(sh.index);
      if (other !== undefined) {
        throw new UsageError(
          other === i
            ? `${files[i]}: shards: lists shard ${sh.index}/${count} twice`
            : files[other] === files[i]
              ? `${files[i]} is given twice`
              : `${files[other]} and ${files[i]} both hold shard ${sh.index}/${count} (give each shard once)`,
        );
      }
      owner.set(sh.index, i);
    });
  });
}
