import { InvalidArgumentError, ShapeMismatchError } from "../errors.js";

/** @internal Validates a row-major n × n matrix argument. */
export function checkSquare(a: ArrayLike<number>, n: number, argument = "a"): void {
  if (!(Number.isSafeInteger(n) && n >= 1))
    throw new InvalidArgumentError("n", `must be an integer >= 1, got ${n}`);
  if (a.length !== n * n) throw new ShapeMismatchError(argument, `length ${a.length} is not n*n = ${n * n}`);
}
