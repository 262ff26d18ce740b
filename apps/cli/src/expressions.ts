import { InvalidArgumentError } from "@langevin/core";
import type * as Expr from "@langevin/expr";
import { UsageError } from "./errors.js";
import { parseExpressionList } from "./parse.js";

let exprModule: typeof Expr | undefined;

/**
 * Loads @langevin/expr (mathjs inside: ~0.3 s to import, ~0.2 s more on the first compile) on demand, so that `--help`, `merge` and
 * option errors answer at once. `main` calls it before running a command that compiles expressions.
 *
 * @example
 * await loadExpressions();
 */
export async function loadExpressions(): Promise<void> {
  exprModule ??= await import("@langevin/expr");
}

/** The compile function of @langevin/expr (after {@link loadExpressions}). */
export function compile(...args: Parameters<typeof Expr.compile>): ReturnType<typeof Expr.compile> {
  if (!exprModule) throw new Error("internal: expressions used before loadExpressions()");
  return exprModule.compile(...args);
}

/**
 * The values of `sources` when every one is a constant (no variables; `params` may appear), else
 * undefined: a field given by constants takes a cheaper or a checked path.
 *
 * @example
 * await loadExpressions();
 * constantValues(["2*a", "1"], { a: 3 }); // [6, 1]
 */
export function constantValues(sources: string[], params: Record<string, number>): number[] | undefined {
  const values: number[] = [];
  for (const source of sources) {
    try {
      const v = compile(source, [], { constants: params, derivatives: 0 }).value([]);
      if (!Number.isFinite(v)) return undefined;
      values.push(v);
    } catch {
      return undefined;
    }
  }
  return values;
}

/** A scalar field compiled from an expression: value, gradient and Hessian over Float64Array. */
export interface ScalarField {
  dim: number;
  source: string;
  value: (x: Float64Array) => number;
  gradient: (x: Float64Array, out: Float64Array) => Float64Array;
  hessian: (x: Float64Array, out: Float64Array) => Float64Array;
  /** ∇f at n points stored row-major in x, into out (same layout): one loop for a batch of paths. */
  gradientBatch: (x: Float64Array, out: Float64Array, n: number) => Float64Array;
}

/** A list of scalar expressions evaluated together: `out[k] = E_k(x)`. */
export interface VectorField {
  dim: number;
  length: number;
  sources: string[];
  evaluate: (x: Float64Array, out: Float64Array, offset?: number) => Float64Array;
  /** The components at n points stored row-major in x (stride dim), into out (stride length). */
  evaluateBatch: (x: Float64Array, out: Float64Array, n: number) => Float64Array;
}

/**
 * Rewrites an expression error of @langevin/expr as a one-line usage error naming the option
 * (the caret snippet lines are dropped, the rest joined with "; ").
 */
function expressionError(option: string, error: unknown): never {
  if (error instanceof InvalidArgumentError) {
    const lines = error.message.split("\n").filter((l) => !l.startsWith("  "));
    const text = lines.join("; ").replace(/^source: /, "");
    throw new UsageError(`${option}: ${text}`);
  }
  throw error;
}

/**
 * Compiles `source` in the variables `vars` with the constants `params`.
 *
 * @example
 * const f = compileScalar("--potential", "(x^2-1)^2 + y^2", ["x", "y"], {});
 * f.value(new Float64Array([0, 0])); // 1
 */
export function compileScalar(
  option: string,
  source: string,
  vars: string[],
  params: Record<string, number>,
): ScalarField {
  try {
    const c = compile(source, vars, { constants: params });
    return {
      dim: vars.length,
      source,
      value: (x) => c.value(x),
      gradient: (x, out) => c.gradient(x, out),
      hessian: (x, out) => c.hessian(x, out),
      gradientBatch: (x, out, n) => c.gradientBatch(x, out, n),
    };
  } catch (error) {
    expressionError(option, error);
  }
}

/**
 * Compiles a list of expressions ("E1;E2", already split or not) expecting `length` entries.
 *
 * @example
 * const b = compileVector("--drift", "-x;-y", ["x", "y"], {}, 2);
 * b.evaluate(new Float64Array([1, 2]), new Float64Array(2)); // [-1, -2]
 */
export function compileVector(
  option: string,
  text: string | string[],
  vars: string[],
  params: Record<string, number>,
  length?: number | number[],
): VectorField {
  const sources = typeof text === "string" ? parseExpressionList(option, text) : text;
  const allowed = length === undefined ? undefined : Array.isArray(length) ? length : [length];
  if (allowed && !allowed.includes(sources.length)) {
    throw new UsageError(
      `${option}: expected ${allowed.join(" or ")} expression${allowed[0] === 1 && allowed.length === 1 ? "" : "s"} separated by ";", got ${sources.length}`,
    );
  }
  const fns = sources.map((s) => {
    try {
      return compile(s, vars, { constants: params, derivatives: 0 });
    } catch (error) {
      return expressionError(option, error);
    }
  });
  const n = fns.length;
  // every source compiled on its own above (so an error names its expression); together here, for
  // batches: one generated loop with shared subexpressions, the same arithmetic per component
  if (!exprModule) throw new Error("internal: expressions used before loadExpressions()");
  const all = exprModule.compileVector(sources, vars, { constants: params, derivatives: 0 });
  return {
    dim: vars.length,
    length: n,
    sources,
    evaluate(x, out, offset = 0) {
      for (let k = 0; k < n; k++) out[offset + k] = fns[k].value(x);
      return out;
    },
    evaluateBatch: (x, out, m) => all.valueBatch(x, out, m),
  };
}
