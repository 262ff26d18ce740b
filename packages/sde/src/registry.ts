import { InvalidArgumentError } from "@langevin/core/base";
import { importExport } from "./module-ref.js";

/**
 * How a registry's messages name things: the plug-in's type ("Scheme"; in prose "scheme", its
 * resolver `resolveScheme`), the argument of `register` naming one ("name"), a key nobody registered
 * ("scheme", "observer kind"), the option a spec came in ("scheme") and the one named when a
 * module's export is not a plug-in ("scheme.spec").
 */
export interface RegistryWords {
  readonly type: string;
  readonly key: string;
  readonly unknown: string;
  readonly option: string;
  readonly exportOption: string;
}

/** The parts of a scheme's or an observer's spec that say where to rebuild it from. */
export interface PluginSpec {
  readonly options?: Record<string, unknown>;
  readonly module?: string;
  readonly export?: string;
}

/**
 * A run-time registry of plug-ins that worker threads rebuild from specs: by a name registered in
 * the thread (the built-ins, or what a module registers when imported), or by a module and export.
 */
export interface Registry<T> {
  /** Registers `factory` under `key` (replacing any earlier one). */
  register(key: string, factory: (options: Record<string, unknown>) => T): void;
  /** Rebuilds a built-in or registered plug-in; a spec with a `module` needs {@link resolve}. */
  fromSpec(key: string, spec: PluginSpec): T;
  /**
   * Rebuilds a plug-in in any thread: a spec with `module` imports it and takes its export `export`
   * (default: `key`) — a plug-in, or a factory called with `options`; otherwise {@link fromSpec}.
   */
  resolve(key: string, spec: PluginSpec): Promise<T>;
}

/**
 * A registry holding `builtIns`, whose plug-ins pass `isPlugin` and whose messages use `words`.
 * @example
 * const schemes = createRegistry<Scheme>(
 *   { type: "Scheme", key: "name", unknown: "scheme", option: "scheme", exportOption: "scheme.spec" },
 *   (s) => typeof (s as Scheme).init === "function",
 *   [["heun", () => heun]],
 * );
 * schemes.fromSpec("heun", {}); // heun
 */
export function createRegistry<T>(
  words: RegistryWords,
  isPlugin: (value: unknown) => boolean,
  builtIns: [string, (options: Record<string, unknown>) => T][],
): Registry<T> {
  const factories = new Map(builtIns);
  const fromSpec = (key: string, spec: PluginSpec): T => {
    const factory = factories.get(key);
    if (!factory)
      throw new InvalidArgumentError(
        words.option,
        spec.module === undefined
          ? `unknown ${words.unknown} "${key}": neither built in nor registered (give its spec a module)`
          : `${words.type.toLowerCase()} "${key}" comes from module ${spec.module}: use resolve${words.type}`,
      );
    return factory(spec.options ?? {});
  };
  return {
    register(key, factory) {
      if (typeof key !== "string" || key === "")
        throw new InvalidArgumentError(words.key, "must be a non-empty string");
      if (typeof factory !== "function")
        throw new InvalidArgumentError("factory", `must be a function (options) => ${words.type}`);
      factories.set(key, factory);
    },
    fromSpec,
    async resolve(key, spec) {
      if (spec.module === undefined) return fromSpec(key, spec);
      const name = spec.export ?? key;
      const value = await importExport(spec.module, name);
      const plugin = typeof value === "function" ? await value(spec.options ?? {}) : value;
      if (!plugin || !isPlugin(plugin))
        throw new InvalidArgumentError(
          words.exportOption,
          `export "${name}" of ${spec.module} is neither ${article(words.type)} ${words.type} nor a function returning one`,
        );
      return plugin as T;
    },
  };
}

function article(word: string): string {
  return /^[AEIOU]/.test(word) ? "an" : "a";
}
