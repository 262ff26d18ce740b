/**
 * The shared error hierarchy. Every error a langevin package throws on bad input or failed numerics
 * is a `LangevinError`, so callers can catch the family, and a subclass says what went wrong.
 * @example
 * try {
 *   cholesky(d, 2);
 * } catch (e) {
 *   if (e instanceof NotPositiveDefiniteError) console.log(e.pivot);
 *   else if (e instanceof LangevinError) console.log(e.name, e.message);
 * }
 */
export class LangevinError extends Error {
  /** Always `"LangevinError"`, so the class survives minification and JSON logs. */
  override name = "LangevinError";
}

/**
 * A bad argument: names the argument and says what was expected.
 * @example
 * throw new InvalidArgumentError("dt", `must be > 0, got ${dt}`); // message "dt: must be > 0, got -1"
 */
export class InvalidArgumentError extends LangevinError {
  /** Always `"InvalidArgumentError"`, so the class survives minification and JSON logs. */
  override name = "InvalidArgumentError";
  constructor(
    /** The name of the offending argument as the caller spelled it (e.g. `"dt"`, `"options.paths"`). */
    readonly argument: string,
    detail: string,
  ) {
    super(`${argument}: ${detail}`);
  }
}

/** Two arguments whose shapes or lengths must agree do not. */
export class ShapeMismatchError extends InvalidArgumentError {
  /** Always `"ShapeMismatchError"`, so the class survives minification and JSON logs. */
  override name = "ShapeMismatchError";
}

/** A matrix that had to be symmetric positive-definite is not (Cholesky failed). */
export class NotPositiveDefiniteError extends LangevinError {
  /** Always `"NotPositiveDefiniteError"`, so the class survives minification and JSON logs. */
  override name = "NotPositiveDefiniteError";
  constructor(
    message: string,
    /** Where the matrix was evaluated, when it is a field D(x). */
    readonly point?: ArrayLike<number>,
    /** The pivot at which the factorisation failed. */
    readonly pivot?: number,
  ) {
    super(message);
  }
}

/** A computation produced NaN or ±Infinity. */
export class NonFiniteError extends LangevinError {
  /** Always `"NonFiniteError"`, so the class survives minification and JSON logs. */
  override name = "NonFiniteError";
  constructor(
    message: string,
    /** The quantities around the failure (step, time, path index, …) for the message and for debugging. */
    readonly context: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/** A time integration blew up (state grew without bound or became non-finite). */
export class DivergenceError extends NonFiniteError {
  /** Always `"DivergenceError"`, so the class survives minification and JSON logs. */
  override name = "DivergenceError";
}

/** An iterative solver stopped before reaching its tolerance. */
export class ConvergenceError extends LangevinError {
  /** Always `"ConvergenceError"`, so the class survives minification and JSON logs. */
  override name = "ConvergenceError";
  constructor(
    message: string,
    /** Iterations done before the solver gave up. */
    readonly iterations: number,
    /** The residual reached (in the solver's own norm), above the tolerance. */
    readonly residual: number,
  ) {
    super(message);
  }
}

/** A long run was stopped through its AbortSignal. */
export class AbortError extends LangevinError {
  /** Always `"AbortError"`, so the class survives minification and JSON logs. */
  override name = "AbortError";
  constructor(message = "the operation was aborted") {
    super(message);
  }
}

/**
 * Throws `AbortError` when the signal has fired; call it between steps of long runs.
 * @example
 * for (let step = 0; step < steps; step++) {
 *   if (step % 1000 === 0) throwIfAborted(options.signal);
 *   // ...
 * }
 */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    const reason = signal.reason;
    throw new AbortError(reason instanceof Error ? reason.message : reason ? String(reason) : undefined);
  }
}
