import { createRegistry } from "../registry.js";
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
const registry = createRegistry<Scheme>(
  { type: "Scheme", key: "name", unknown: "scheme", option: "scheme", exportOption: "scheme.spec" },
  (s) => typeof (s as Scheme).init === "function",
  [
    ["eulerMaruyama", () => eulerMaruyama],
    ["heun", () => heun],
    ["sra1", () => sra1],
    ["baoab", () => baoab],
    ["milstein", (o) => milstein(o as { derivative?: "auto" })],
    ["sgd", (o) => sgd(o as { batchSize: number; dataSize?: number })],
  ],
);

/**
 * Registers a scheme under `name` so that `schemeFromSpec({ name, options })` rebuilds it. Worker
 * threads do not see registrations made on the main thread: for a scheme that must run on workers
 * or shards, give its spec a `module` (see {@link SchemeSpec}); that module may register itself.
 * @example
 * registerScheme("myScheme", (o) => myScheme(o));
 */
export function registerScheme(name: string, factory: SchemeFactory): void {
  registry.register(name, factory);
}

/**
 * Rebuilds a built-in or registered scheme from its `spec` (specs with a `module` need
 * {@link resolveScheme}, which imports it).
 * @example
 * const s = schemeFromSpec({ name: "milstein", options: { derivative: "auto" } });
 */
export function schemeFromSpec(spec: SchemeSpec): Scheme {
  return registry.fromSpec(spec.name, spec);
}

/**
 * Rebuilds a scheme from its spec in any thread: a spec with `module` imports it and takes its
 * export `export` (default: the spec's name) — a Scheme, or a factory called with `options`;
 * otherwise the built-in or registered name.
 * @example
 * const s = await resolveScheme({ name: "lm", module: "file:///schemes.mjs", export: "leimkuhlerMatthews" });
 */
export async function resolveScheme(spec: SchemeSpec): Promise<Scheme> {
  return registry.resolve(spec.name, spec);
}
