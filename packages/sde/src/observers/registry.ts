import { createRegistry } from "../registry.js";
import { histogram1d, histogram2d } from "./histogram.js";
import { moments } from "./moments.js";
import { saveAt } from "./save-at.js";
import type { Observer, ObserverSpec } from "./types.js";

/** Builds an observer from the `options` of its spec. */
export type ObserverFactory = (options: Record<string, unknown>) => Observer;

// Kinds resolvable without a module (see registerObserver for what worker threads see).
const registry = createRegistry<Observer>(
  { type: "Observer", key: "kind", unknown: "observer kind", option: "observers", exportOption: "observers" },
  (o) => typeof (o as Observer).bind === "function",
  [
    ["moments", (o) => moments(o as never)],
    ["histogram1d", (o) => histogram1d(o as never)],
    ["histogram2d", (o) => histogram2d(o as never)],
    [
      "saveAt",
      (o) => {
        const { times, paths } = o as { times: number[]; paths?: number | number[] };
        return saveAt(times, { paths });
      },
    ],
  ],
);

/**
 * Registers an observer kind so that `observerFromSpec({ kind, options })` rebuilds it. Worker
 * threads do not see main-thread registrations: give the spec a `module` for workers and shards.
 * @example
 * registerObserver("maxNorm", (o) => maxNorm(o));
 */
export function registerObserver(kind: string, factory: ObserverFactory): void {
  registry.register(kind, factory);
}

/**
 * Rebuilds a built-in or registered observer from its `spec` (worker threads cannot receive
 * functions); specs with a `module` need {@link resolveObserver}.
 * @example
 * const o = observerFromSpec(moments().spec!);
 */
export function observerFromSpec(spec: ObserverSpec): Observer {
  return registry.fromSpec(spec.kind, spec);
}

/**
 * Rebuilds an observer from its spec in any thread: a spec with `module` imports it and takes its
 * export `export` (default: the kind) — an Observer, or a factory called with `options`.
 * @example
 * const o = await resolveObserver({ kind: "maxNorm", options: {}, module: "file:///obs.mjs" });
 */
export async function resolveObserver(spec: ObserverSpec): Promise<Observer> {
  return registry.resolve(spec.kind, spec);
}
