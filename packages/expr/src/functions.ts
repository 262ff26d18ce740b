import type { Graph, Node } from "./graph.js";

/**
 * One supported function. `partials` returns ∂f/∂argᵢ for each argument as graph nodes (`self`
 * is the call node itself, reused where the derivative contains the function, e.g. exp' = exp),
 * or is absent when the function cannot be differentiated.
 */
export interface FunctionSpec {
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly evaluate: (...args: number[]) => number;
  /** JavaScript source of the call, given the JS source of its arguments. */
  readonly js: (args: string[]) => string;
  readonly partials?: (g: Graph, args: readonly Node[], self: Node) => Node[];
  readonly description: string;
}

const unary = (
  jsName: string,
  evaluate: (x: number) => number,
  partial: ((g: Graph, u: Node, self: Node) => Node) | undefined,
  description: string,
): FunctionSpec => ({
  minArgs: 1,
  maxArgs: 1,
  evaluate,
  js: ([a]) => `${jsName}(${a})`,
  partials: partial && ((g, [u], self) => [partial(g, u, self)]),
  description,
});

const two = (g: Graph) => g.num(2);
const sq = (g: Graph, u: Node) => g.pow(u, two(g));
const call = (g: Graph, name: string, u: Node) => g.call(name, [u]);

/** The functions an expression may call, by mathjs name. */
export const FUNCTIONS: Readonly<Record<string, FunctionSpec>> = {
  sin: unary("Math.sin", Math.sin, (g, u) => call(g, "cos", u), "sine"),
  cos: unary("Math.cos", Math.cos, (g, u) => g.neg(call(g, "sin", u)), "cosine"),
  tan: unary("Math.tan", Math.tan, (g, u) => g.div(g.one, sq(g, call(g, "cos", u))), "tangent"),
  sec: unary(
    "1 / Math.cos",
    (x) => 1 / Math.cos(x),
    (g, u, s) => g.mul(s, call(g, "tan", u)),
    "secant",
  ),
  csc: unary(
    "1 / Math.sin",
    (x) => 1 / Math.sin(x),
    (g, u, s) => g.neg(g.mul(s, call(g, "cot", u))),
    "cosecant",
  ),
  cot: unary(
    "1 / Math.tan",
    (x) => 1 / Math.tan(x),
    (g, u) => g.neg(sq(g, call(g, "csc", u))),
    "cotangent",
  ),
  asin: unary(
    "Math.asin",
    Math.asin,
    (g, u) => g.div(g.one, call(g, "sqrt", g.sub(g.one, sq(g, u)))),
    "arc sine",
  ),
  acos: unary(
    "Math.acos",
    Math.acos,
    (g, u) => g.neg(g.div(g.one, call(g, "sqrt", g.sub(g.one, sq(g, u))))),
    "arc cosine",
  ),
  atan: unary("Math.atan", Math.atan, (g, u) => g.div(g.one, g.add(g.one, sq(g, u))), "arc tangent"),
  sinh: unary("Math.sinh", Math.sinh, (g, u) => call(g, "cosh", u), "hyperbolic sine"),
  cosh: unary("Math.cosh", Math.cosh, (g, u) => call(g, "sinh", u), "hyperbolic cosine"),
  tanh: unary("Math.tanh", Math.tanh, (g, _u, s) => g.sub(g.one, sq(g, s)), "hyperbolic tangent"),
  sech: unary(
    "1 / Math.cosh",
    (x) => 1 / Math.cosh(x),
    (g, u, s) => g.neg(g.mul(s, call(g, "tanh", u))),
    "hyperbolic secant",
  ),
  asinh: unary(
    "Math.asinh",
    Math.asinh,
    (g, u) => g.div(g.one, call(g, "sqrt", g.add(sq(g, u), g.one))),
    "area sine",
  ),
  acosh: unary(
    "Math.acosh",
    Math.acosh,
    (g, u) => g.div(g.one, call(g, "sqrt", g.sub(sq(g, u), g.one))),
    "area cosine",
  ),
  atanh: unary("Math.atanh", Math.atanh, (g, u) => g.div(g.one, g.sub(g.one, sq(g, u))), "area tangent"),
  exp: unary("Math.exp", Math.exp, (_g, _u, s) => s, "exponential"),
  expm1: unary("Math.expm1", Math.expm1, (g, u) => call(g, "exp", u), "exp(x) - 1, accurate near 0"),
  log: {
    // log(x, base) is rewritten to log(x) / log(base) before it reaches the graph.
    minArgs: 1,
    maxArgs: 1,
    evaluate: Math.log,
    js: ([a]) => `Math.log(${a})`,
    partials: (g, [u]) => [g.div(g.one, u)],
    description: "natural logarithm; log(x, base) for another base",
  },
  log10: unary("Math.log10", Math.log10, (g, u) => g.div(g.num(1 / Math.LN10), u), "base-10 logarithm"),
  log2: unary("Math.log2", Math.log2, (g, u) => g.div(g.num(1 / Math.LN2), u), "base-2 logarithm"),
  log1p: unary(
    "Math.log1p",
    Math.log1p,
    (g, u) => g.div(g.one, g.add(g.one, u)),
    "log(1 + x), accurate near 0",
  ),
  sqrt: unary("Math.sqrt", Math.sqrt, (g, _u, s) => g.div(g.num(0.5), s), "square root (NaN below 0)"),
  cbrt: unary("Math.cbrt", Math.cbrt, (g, _u, s) => g.div(g.one, g.mul(g.num(3), sq(g, s))), "cube root"),
  abs: unary(
    "Math.abs",
    Math.abs,
    (g, u) => call(g, "sign", u),
    "absolute value (derivative sign(x), 0 at 0)",
  ),
  sign: unary("Math.sign", Math.sign, (g) => g.zero, "sign (derivative 0)"),
  floor: unary("Math.floor", Math.floor, (g) => g.zero, "round down (derivative 0 almost everywhere)"),
  ceil: unary("Math.ceil", Math.ceil, (g) => g.zero, "round up (derivative 0 almost everywhere)"),
  atan2: {
    minArgs: 2,
    maxArgs: 2,
    evaluate: Math.atan2,
    js: ([y, x]) => `Math.atan2(${y}, ${x})`,
    partials: (g, [y, x]) => {
      const r2 = g.add(sq(g, x), sq(g, y));
      return [g.div(x, r2), g.neg(g.div(y, r2))];
    },
    description: "atan2(y, x), angle of the point (x, y)",
  },
  hypot: {
    minArgs: 1,
    maxArgs: Number.POSITIVE_INFINITY,
    evaluate: Math.hypot,
    js: (args) => `Math.hypot(${args.join(", ")})`,
    partials: (g, args, s) => args.map((a) => g.div(a, s)),
    description: "sqrt(x² + y² + …) without overflow",
  },
  // min/max with several arguments are folded into nested two-argument calls before the graph.
  min: {
    minArgs: 2,
    maxArgs: 2,
    evaluate: Math.min,
    js: ([a, b]) => `Math.min(${a}, ${b})`,
    partials: (g, [a, b]) => {
      const t = g.logic("le", [a, b]);
      return [g.cond(t, g.one, g.zero), g.cond(t, g.zero, g.one)];
    },
    description: "smallest argument (derivative of the selected one)",
  },
  max: {
    minArgs: 2,
    maxArgs: 2,
    evaluate: Math.max,
    js: ([a, b]) => `Math.max(${a}, ${b})`,
    partials: (g, [a, b]) => {
      const t = g.logic("ge", [a, b]);
      return [g.cond(t, g.one, g.zero), g.cond(t, g.zero, g.one)];
    },
    description: "largest argument (derivative of the selected one)",
  },
};

/** Functions rewritten to others while the graph is built (see parse.ts). */
export const REWRITTEN_FUNCTIONS: Readonly<Record<string, string>> = {
  pow: "pow(x, y) = x ^ y",
  square: "square(x) = x ^ 2",
  cube: "cube(x) = x ^ 3",
  mod: "mod(x, y) = x - y * floor(x / y) (also the operator %)",
};

/** Numerical evaluation by name, for constant folding. */
export function evaluateFunction(name: string, args: number[]): number {
  return FUNCTIONS[name].evaluate(...args);
}

/**
 * Sorted list of all function names an expression may call.
 *
 * @example
 * ```ts
 * import { supportedFunctionNames } from "@langevin/expr";
 * supportedFunctionNames().includes("atan2"); // true
 * ```
 */
export function supportedFunctionNames(): string[] {
  return [...Object.keys(FUNCTIONS), ...Object.keys(REWRITTEN_FUNCTIONS)].sort();
}
