import {
  ConvergenceError,
  DivergenceError,
  InvalidArgumentError,
  LangevinError,
  NonFiniteError,
  NotPositiveDefiniteError,
} from "@langevin/core";

/**
 * A mistake in what the user typed (bad option, bad expression, impossible domain...).
 * The CLI prints its message on one line and exits with code 2.
 *
 * @example
 * throw new UsageError("--beta is required");
 */
export class UsageError extends Error {
  /** Always `"UsageError"`. */
  override name = "UsageError";
}

/**
 * A solver that ran but did not reach its tolerance. Exit code 1; the message carries the residual.
 *
 * @example
 * throw new SolverFailure("neb: not converged after 500 iterations (fmax 0.31)", 0.31);
 */
export class SolverFailure extends Error {
  /** Always `"SolverFailure"`. */
  override name = "SolverFailure";
  constructor(
    message: string,
    /** The solver's final residual or force, when it has one. */
    readonly residual?: number,
  ) {
    super(message);
  }
}

/** Exit codes of the `langevin` tool. */
export const EXIT = {
  /** Success. */
  ok: 0,
  /** A solver ran but did not converge (the result is still written). */
  solverFailed: 1,
  /** Bad input: options, expressions, files. */
  usage: 2,
  /** A bug of the tool (EX_SOFTWARE). */
  internal: 70,
} as const;

/** What the CLI prints and the code it exits with for a thrown value. */
export interface Classified {
  /** Exit code (see {@link EXIT}). */
  code: number;
  /** The one-line message printed on stderr. */
  message: string;
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, " ").trim();
}

function formatPoint(point: ArrayLike<number> | undefined): string {
  if (!point || point.length === 0) return "";
  return ` at x = (${Array.from(point, (v) => Number(v.toPrecision(6))).join(", ")})`;
}

/**
 * Maps any thrown value to the CLI's exit code and a one-line message.
 * User errors (typed argument errors, expression errors, non-positive-definite diffusion) → 2;
 * convergence failures and blow-ups of a solver → 1; anything else → 70.
 *
 * @example
 * classifyError(new UsageError("--beta is required")); // { code: 2, message: "--beta is required" }
 */
export function classifyError(error: unknown): Classified {
  if (error instanceof UsageError) return { code: EXIT.usage, message: oneLine(error.message) };
  if (error instanceof SolverFailure) return { code: EXIT.solverFailed, message: oneLine(error.message) };
  if (error instanceof ConvergenceError) {
    return {
      code: EXIT.solverFailed,
      message: oneLine(
        `did not converge: ${error.message} (iterations ${error.iterations}, residual ${error.residual.toExponential(3)})`,
      ),
    };
  }
  if (error instanceof NotPositiveDefiniteError) {
    const msg = error.message.includes("positive")
      ? error.message
      : `not positive-definite: ${error.message}`;
    const hasPoint = /x\s*=|point/.test(msg);
    return { code: EXIT.usage, message: oneLine(msg + (hasPoint ? "" : formatPoint(error.point))) };
  }
  if (error instanceof InvalidArgumentError) return { code: EXIT.usage, message: oneLine(error.message) };
  if (error instanceof DivergenceError)
    return { code: EXIT.solverFailed, message: oneLine(`diverged: ${error.message}`) };
  // A user function that is NaN/Inf somewhere on the domain (log of a negative number, …): bad input.
  if (error instanceof NonFiniteError) return { code: EXIT.usage, message: oneLine(error.message) };
  if (error instanceof LangevinError) {
    // Other typed errors of the solver packages (e.g. an expression error class): the user's input.
    return { code: EXIT.usage, message: oneLine(error.message) };
  }
  const e = error as { code?: string; message?: string } | undefined;
  if (e && typeof e.code === "string" && e.code.startsWith("ERR_PARSE_ARGS")) {
    return { code: EXIT.usage, message: `${oneLine(e.message ?? String(error))} (see --help)` };
  }
  if (e && (e.code === "ENOENT" || e.code === "EACCES" || e.code === "EISDIR")) {
    return { code: EXIT.usage, message: oneLine(e.message ?? String(error)) };
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { code: EXIT.internal, message: `internal error: ${oneLine(message)}` };
}
