import {
  ConvergenceError,
  DivergenceError,
  InvalidArgumentError,
  NotPositiveDefiniteError,
} from "@langevin/core";
import { describe, expect, it } from "vitest";
import { classifyError, SolverFailure, UsageError } from "./errors.js";

describe("classifyError", () => {
  it("maps user errors to 2, solver failures to 1 and anything else to 70, on one line", () => {
    expect(classifyError(new UsageError("missing required option --beta"))).toEqual({
      code: 2,
      message: "missing required option --beta",
    });
    expect(classifyError(new InvalidArgumentError("dt", "must be > 0")).code).toBe(2);
    expect(classifyError(new NotPositiveDefiniteError("D is not positive-definite", [1, 2])).code).toBe(2);
    const conv = classifyError(new ConvergenceError("BiCGSTAB stalled", 500, 3.2e-4));
    expect(conv.code).toBe(1);
    expect(conv.message).toContain("residual 3.200e-4");
    expect(classifyError(new SolverFailure("not converged", 0.1)).code).toBe(1);
    expect(classifyError(new DivergenceError("x is NaN at step 3")).code).toBe(1);
    const internal = classifyError(new TypeError("cannot read properties of undefined\n  at foo"));
    expect(internal.code).toBe(70);
    expect(internal.message).not.toContain("\n");
  });
});
