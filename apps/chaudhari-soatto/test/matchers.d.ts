// The type of the `toBeAllclose` matcher that @langevin/test-utils/setup registers at run time
// (declared here because test-utils' own declaration imports a .ts path that tsc rejects here).
import "vitest";

declare module "vitest" {
  // biome-ignore lint/suspicious/noExplicitAny: vitest's own declaration uses `any` here.
  interface Matchers<T = any> {
    toBeAllclose(expected: number | ArrayLike<number>, tol?: { rtol?: number; atol?: number }): T;
  }
}
