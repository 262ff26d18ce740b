import { importNode } from "./pool.js";

/**
 * Normalises a module reference to a URL string that `import()` accepts in every thread: URLs and
 * `file:`/`data:`… strings pass, absolute paths become `file:` URLs.
 */
export async function moduleUrl(m: string | URL): Promise<string> {
  if (m instanceof URL) return m.href;
  if (/^[a-z][a-z0-9+.-]*:/i.test(m) && !/^[a-z]:[\\/]/i.test(m)) return m;
  const { pathToFileURL } = await importNode<typeof import("node:url")>("url");
  return pathToFileURL(m).href;
}

/**
 * Imports `module` and returns its export `name` (undefined when it has none).
 * Modules are cached by the runtime, so a worker pays the import once.
 */
export async function importExport(module: string | URL, name: string): Promise<unknown> {
  const mod = (await import(/* @vite-ignore */ /* webpackIgnore: true */ await moduleUrl(module))) as Record<
    string,
    unknown
  >;
  return mod[name];
}
