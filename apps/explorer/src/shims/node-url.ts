// Browser stand-in for `node:url`, which @langevin/sde imports for its worker_threads mode (unused here).
/** Not available in the browser. @example pathToFileURL("/x"); // throws */
export function pathToFileURL(path: string): URL {
  throw new Error(`pathToFileURL(${path}) is not available in the browser`);
}
/** Not available in the browser. @example fileURLToPath("file:///x"); // throws */
export function fileURLToPath(url: string | URL): string {
  throw new Error(`fileURLToPath(${String(url)}) is not available in the browser`);
}
