// tfjs-core registers its gradients only from its ESM build (dist/register_all_gradients.js), whose
// relative imports omit the ".js" extension that Node's ESM resolver requires. This resolve hook
// retries such specifiers with ".js", then "/index.js". Used by bench/run.mjs only.
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (e) {
    if (!specifier.startsWith(".") || specifier.endsWith(".js")) throw e;
    try {
      return await next(`${specifier}.js`, context);
    } catch {
      return next(`${specifier}/index.js`, context);
    }
  }
}
