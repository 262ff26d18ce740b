import { InvalidArgumentError } from "@langevin/core/base";
import { importExport } from "../module-ref.js";
import { baoab } from "./baoab.js";
import { eulerMaruyama } from "./euler-maruyama.js";
import { heun } from "./heun.js";
import { milstein } from "./milstein.js";
import { sgd } from "./sgd.js";
import { sra1 } from "./sra1.js";
import type { Scheme, SchemeSpec } from "./types.js";

/** Builds a scheme from the `options` of its spec. */
export type SchemeFactory = (options: Record<string, unknown>) => Scheme;

// Names resolvable without a module. A worker thread only sees what its own imports registered:
// the built-ins here, and whatever a spec's `module` registers when the worker imports it.
const registry = new Map<string, SchemeFactory>([
  ["eulerMaruyama", () => eulerMaruyama],
  ["heun", () => heun],
  ["sra1", () => sra1],
  ["baoab", () => baoab],
  ["milstein", (o) => milstein(o as { derivative?: "auto" })],
  ["sgd", (o) => sgd(o as { batchSize: number; dataSize?: number })],
]);

/**
 * Registers a scheme under `name` so that `schemeFromSpec({ name, options })` rebuilds it. Worker
 * threads do not see registrations made on the main thread: for a scheme that must run on workers
 * or shards, give its spec a `module` (see {@link SchemeSpec}); that module may register itself.
 * @example
 * registerScheme("myScheme", (o) => myScheme(o));
 */
export function registerScheme(name: string, factory: SchemeFactory): void {
  if (typeof name !== "string" || name === "")
    throw new InvalidArgumentError("name", "must be a non-empty string");
  if (typeof factory !== "function")
    throw new InvalidArgumentError("factory", "must be a function (options) => Scheme");
  registry.set(name, factory);
}

/**
 * Rebuilds a built-in or registered scheme from its `spec` (specs with a `module` need
 * {@link resolveScheme}, which imports it).
 * @example
 * const s = schemeFromSpec({ name: "milstein", options: { derivative: "auto" } });
 */
export function schemeFromSpec(spec: SchemeSpec): Scheme {
  const factory = registry.get(spec.name);
  if (!factory)
    throw new InvalidArgumentError(
      "scheme",
      spec.module === undefined
        ? `unknown scheme "${spec.name}": neither built in nor registered (give its spec a module)`
        : `scheme "${spec.name}" comes from module ${spec.module}: use resolveScheme`,
    );
  return factory(spec.options ?? {});
}

/**
 * Rebuilds a scheme from its spec in any thread: a spec with `module` imports it and takes its
 * export `export` (default: the spec's name) — a Scheme, or a factory called with `options`;
 * otherwise the built-in or registered name.
 * @example
 * const s = await resolveScheme({ name: "lm", module: "file:///schemes.mjs", export: "leimkuhlerMatthews" });
 */
export async function resolveScheme(spec: SchemeSpec): Promise<Scheme> {
  if (spec.module === undefined) return schemeFromSpec(spec);
  const name = spec.export ?? spec.name;
  const value = await importExport(spec.module, name);
  const scheme = typeof value === "function" ? await value(spec.options ?? {}) : value;
  if (!scheme || typeof (scheme as Scheme).init !== "function")
    throw new InvalidArgumentError(
      "scheme.spec",
      `export "${name}" of ${spec.module} is neither a Scheme nor a function returning one`,
    );
  return scheme as Scheme;
}
