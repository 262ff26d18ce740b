/**
 * The error `f` throws, for tests that inspect its class, message and fields; fails when `f`
 * returns normally.
 *
 * @example
 * const e = thrown(() => compile("x + * y", ["x", "y"]));
 */
export function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a throw");
}
