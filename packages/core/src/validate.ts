import { InvalidArgumentError, NonFiniteError } from "./errors.js";

/**
 * Throws `InvalidArgumentError` unless `value` is a finite number.
 * @example
 * assertFinite(options.x0, "options.x0"); // throws "options.x0: must be a finite number, got NaN"
 */
export function assertFinite(value: number, argument: string): void {
  if (!Number.isFinite(value))
    throw new InvalidArgumentError(argument, `must be a finite number, got ${value}`);
}

/**
 * Throws `InvalidArgumentError` unless `value` is a finite number > 0.
 * @example
 * assertPositive(dt, "dt");
 */
export function assertPositive(value: number, argument: string): void {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new InvalidArgumentError(argument, `must be a finite number > 0, got ${value}`);
  }
}

/**
 * Throws `InvalidArgumentError` unless `value` is an integer >= `min`.
 * @example
 * assertInteger(paths, "paths", 1);
 */
export function assertInteger(value: number, argument: string, min = 0): void {
  if (!(Number.isSafeInteger(value) && value >= min)) {
    throw new InvalidArgumentError(argument, `must be an integer >= ${min}, got ${value}`);
  }
}

/**
 * Throws `NonFiniteError` naming the first non-finite element of `values`.
 * @example
 * assertAllFinite(state, "state"); // throws "state[3] is NaN" with context { argument, index: 3 }
 */
export function assertAllFinite(values: ArrayLike<number>, argument: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new NonFiniteError(`${argument}[${i}] is ${values[i]}`, { argument, index: i });
    }
  }
}
