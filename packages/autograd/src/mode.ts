/**
 * Global switches of the engine: whether operations record a graph, and the debug mode that checks
 * every forward result for NaN/Infinity and names the operation that produced it.
 */

let gradEnabled = true;
let debug = false;

/**
 * Whether operations currently record the graph for a backward pass.
 * @example
 * isGradEnabled(); // true, unless inside noGrad(...)
 */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/**
 * Runs `fn` with graph recording switched off (evaluation, parameter updates) and returns its result.
 * @example
 * const y = noGrad(() => model.forward(x)); // y.requiresGrad === false
 */
export function noGrad<T>(fn: () => T): T {
  return withGradEnabled(false, fn);
}

/**
 * Runs `fn` with graph recording set to `enabled` and restores the previous state afterwards.
 * @example
 * withGradEnabled(true, () => x.mul(x));
 */
export function withGradEnabled<T>(enabled: boolean, fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = enabled;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/**
 * Debug mode: every operation checks its output for NaN/±Infinity and throws a `NonFiniteError`
 * naming itself. Costs one pass over each result; off by default.
 * @example
 * setDebug(true);
 * tensor([-1]).log(); // throws NonFiniteError("log produced NaN ...")
 */
export function setDebug(on: boolean): void {
  debug = on;
}

/**
 * Whether debug mode is on.
 * @example
 * if (isDebug()) console.log("checking every op");
 */
export function isDebug(): boolean {
  return debug;
}
