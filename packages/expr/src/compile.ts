import { InvalidArgumentError, NonFiniteError, ShapeMismatchError } from "@langevin/core";
import { generate } from "./codegen.js";
import { assertDifferentiable, Differentiator, reverseGradient } from "./differentiate.js";
import { quoteSource } from "./errors.js";
import { evaluateFunction } from "./functions.js";
import { Graph, type Node } from "./graph.js";
import { checkNames, parseSource, toGraph } from "./parse.js";
import { printNode } from "./print.js";

/** Options of {@link compile} and {@link compileVector}. */
export interface CompileOptions {
  /** Named numbers substituted into the expression before differentiation, e.g. `{ beta: 10 }`. */
  constants?: Readonly<Record<string, number>>;
  /**
   * When true, every result is checked and a `NonFiniteError` (from `@langevin/core`) is thrown
   * if it is NaN or ±Infinity, naming the expression and the point. When false (the default),
   * results outside the domain are NaN or ±Infinity as in plain JS (`log(-1)` is NaN,
   * `(-8)^(1/3)` is NaN, not mathjs's complex number).
   */
  checkFinite?: boolean;
  /**
   * Highest derivative order available: 0 (value only), 1 (gradient/Jacobian) or 2 (Hessian).
   * Default 2 for {@link compile} and 1 for {@link compileVector}. Each derivative is
   * differentiated and compiled when it is first used (so an unused Hessian costs nothing, which in
   * thousands of dimensions is the difference between running and running out of memory).
   * Differentiation errors (a function with no derivative) are thrown by `compile`, never later.
   */
  derivatives?: 0 | 1 | 2;
}

/** A scalar expression compiled to JavaScript, with its symbolic gradient and Hessian. */
export interface CompiledExpression {
  /** The source text as given. */
  readonly source: string;
  /** Variable names; variable `i` is read from `x[i]`. */
  readonly variables: readonly string[];
  /** Number of variables d. */
  readonly dimension: number;
  /** ∂f/∂xᵢ as mathjs-syntax text (simplified as it is compiled), one per variable. */
  readonly gradientSources: readonly string[];
  /** ∂²f/∂xᵢ∂xⱼ as text, row-major d×d (symmetric). Empty unless `derivatives` is 2. */
  readonly hessianSources: readonly string[];
  /** The generated JavaScript of each function, for inspection. */
  readonly javascript: Readonly<{
    /** Source of `value`. */
    value: string;
    /** Source of `gradient` (generated when first read). */
    gradient: string;
    /** Source of `valueAndGradient` (generated when first read). */
    valueAndGradient: string;
    /** Source of `hessian` (generated when first read). */
    hessian: string;
  }>;
  /** f(x). `x` needs at least `dimension` entries. */
  value(x: ArrayLike<number>): number;
  /** ∇f(x) written into `out` (length ≥ d, allocated if omitted) and returned. */
  gradient(x: ArrayLike<number>, out?: Float64Array): Float64Array;
  /** Returns f(x) and writes ∇f(x) into `out`, sharing the work between them. */
  valueAndGradient(x: ArrayLike<number>, out: Float64Array): number;
  /** The Hessian ∂²f/∂xᵢ∂xⱼ, row-major d×d, written into `out` (allocated if omitted) and returned. */
  hessian(x: ArrayLike<number>, out?: Float64Array): Float64Array;
  /**
   * ∇f at n points at once: point k is x[k·d .. k·d+d), its gradient goes to out[k·d ..]. One call
   * and one loop for a whole batch (an ensemble's drift), the same arithmetic as `gradient`.
   */
  gradientBatch(x: ArrayLike<number>, out: Float64Array, n: number): Float64Array;
}

/** Several expressions compiled together as a vector field x ∈ Rᵈ → Rᵐ. */
export interface CompiledVector {
  /** The source text of each component, as given. */
  readonly sources: readonly string[];
  /** Variable names; variable `i` is read from `x[i]`. */
  readonly variables: readonly string[];
  /** Number of variables d. */
  readonly dimension: number;
  /** Number of components m. */
  readonly size: number;
  /** ∂Fₖ/∂xⱼ as text, row-major m×d. Empty when `derivatives` is 0. */
  readonly jacobianSources: readonly string[];
  /** The generated JavaScript of each function, for inspection. */
  readonly javascript: Readonly<{
    /** Source of `value`. */
    value: string;
    /** Source of `jacobian` (generated when first read). */
    jacobian: string;
  }>;
  /** F(x) written into `out` (length ≥ m, allocated if omitted) and returned. */
  value(x: ArrayLike<number>, out?: Float64Array): Float64Array;
  /** The Jacobian ∂Fₖ/∂xⱼ, row-major m×d, written into `out` and returned. */
  jacobian(x: ArrayLike<number>, out?: Float64Array): Float64Array;
  /**
   * F at n points at once: point k is x[k·d .. k·d+d), F(point k) goes to out[k·m .. k·m+m). One
   * call and one loop for a whole batch, the same arithmetic as `value`.
   */
  valueBatch(x: ArrayLike<number>, out: Float64Array, n: number): Float64Array;
}

/** A generated function and its source text. */
type Built = { fn: (...args: unknown[]) => unknown; text: string };

function shapeError(argument: string, need: number, got: ArrayLike<number>): never {
  throw new ShapeMismatchError(argument, `needs length >= ${need}, got ${got.length}`);
}

/**
 * Builds `function name(x, out)` that writes `roots[k]` into `out[targets[k]]` (default `out[k]`),
 * then `out[to] = out[from]` for each copy; `scalar` returns root 0; `valueAndVector` returns
 * root 0 and writes the others.
 */
function buildFunction(
  name: string,
  roots: readonly Node[],
  dimension: number,
  kind: "scalar" | "vector" | "valueAndVector",
  outLength: number,
  targets?: readonly number[],
  copies?: readonly (readonly [number, number])[],
): Built {
  const code = generate(roots);
  const lines: string[] = [];
  const params = kind === "scalar" ? "x" : "x, out";
  lines.push(`return function ${name}(${params}) {`);
  if (dimension > 0) lines.push(`  if (x.length < ${dimension}) shapeError("x", ${dimension}, x);`);
  if (kind === "vector") {
    lines.push(`  if (out === undefined) out = new Float64Array(${outLength});`);
  }
  if (kind !== "scalar")
    lines.push(`  else if (out.length < ${outLength}) shapeError("out", ${outLength}, out);`);
  if (kind === "valueAndVector")
    lines[lines.length - 1] = lines[lines.length - 1].replace("  else if", "  if");
  for (const s of code.statements) lines.push(`  ${s}`);
  if (kind === "scalar") {
    lines.push(`  return ${code.roots[0]};`);
  } else {
    const offset = kind === "valueAndVector" ? 1 : 0;
    for (let k = offset; k < roots.length; k++) {
      lines.push(`  out[${targets ? targets[k - offset] : k - offset}] = ${code.roots[k]};`);
    }
    for (const [to, from] of copies ?? []) lines.push(`  out[${to}] = out[${from}];`);
    lines.push(kind === "valueAndVector" ? `  return ${code.roots[0]};` : "  return out;");
  }
  lines.push("};");
  const text = lines.join("\n");
  const fn = new Function("shapeError", text)(shapeError) as (...args: unknown[]) => unknown;
  return { fn, text };
}

/**
 * Builds `function name(x, out, n)` evaluating `roots` at n points stored row-major in x (stride
 * `dimension`) into out (stride `roots.length`): the straight-line code of {@link buildFunction}
 * inside one loop, reading x[b + i] with b = k·dimension.
 */
function buildBatchFunction(name: string, roots: readonly Node[], dimension: number): Built {
  const code = generate(roots, "x", "b + ");
  const w = roots.length;
  const lines = [
    `return function ${name}(x, out, n) {`,
    "  if (!(n >= 0 && Number.isInteger(n))) countError(n);",
    `  if (x.length < n * ${dimension}) shapeError("x", n * ${dimension}, x);`,
    `  if (out.length < n * ${w}) shapeError("out", n * ${w}, out);`,
    "  for (let k = 0; k < n; k++) {",
    `    const b = k * ${dimension};`,
    `    const o = k * ${w};`,
    ...code.statements.map((st) => `    ${st}`),
    ...code.roots.map((r, j) => `    out[o + ${j}] = ${r};`),
    "  }",
    "  return out;",
    "};",
  ];
  const text = lines.join("\n");
  const fn = new Function("shapeError", "countError", text)(shapeError, countError) as (
    ...args: unknown[]
  ) => unknown;
  return { fn, text };
}

function countError(n: unknown): never {
  throw new InvalidArgumentError("n", `must be an integer >= 0 (the number of points), got ${String(n)}`);
}

function prepare(sources: readonly string[], variables: readonly string[], options: CompileOptions) {
  const constants = checkNames(variables, options.constants);
  const g = new Graph(evaluateFunction);
  const roots = sources.map((s) => toGraph(g, s, parseSource(s), variables, constants));
  return { g, roots };
}

function derivativesOption(options: CompileOptions, fallback: 0 | 1 | 2): 0 | 1 | 2 {
  const d = options.derivatives ?? fallback;
  if (d !== 0 && d !== 1 && d !== 2) {
    throw new InvalidArgumentError("options.derivatives", `must be 0, 1 or 2, got ${String(d)}`);
  }
  return d;
}

function notBuilt(what: string, order: number): never {
  throw new InvalidArgumentError(
    "options.derivatives",
    `${what} needs derivatives >= ${order}; compile with it`,
  );
}

/** A function that `derivatives` leaves out: calling it says which option it needs. */
function unavailable(what: string, order: number): Built {
  return { fn: () => notBuilt(what, order), text: "" };
}

/** `make()` on the first call, its result on every later one. */
function once<T>(make: () => T): () => T {
  let made = false;
  let value: T;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value;
  };
}

/**
 * Defines `target[name]` as a getter that computes the value on first read and then replaces
 * itself with a plain read-only property, so that later reads (a hot loop's `f.gradient(x, g)`)
 * cost what a field read costs.
 */
function defineLazy(target: object, name: string, make: () => unknown): void {
  Object.defineProperty(target, name, {
    configurable: true,
    enumerable: true,
    get() {
      const value = make();
      Object.defineProperty(target, name, { value, enumerable: true, writable: false });
      return value;
    },
  });
}

/** A point for a message: every coordinate in low dimension, the first few and the count beyond. */
function pointText(x: ArrayLike<number>): string {
  const shown = Array.from({ length: Math.min(x.length, 8) }, (_, i) => x[i]).join(", ");
  return x.length > 8 ? `[${shown}, ... (${x.length} coordinates)]` : `[${shown}]`;
}

function finiteChecked<T extends number | Float64Array>(
  source: string,
  what: string,
  f: (x: ArrayLike<number>, out?: Float64Array) => T,
): (x: ArrayLike<number>, out?: Float64Array) => T {
  return (x, out) => {
    const r = f(x, out);
    const bad =
      typeof r === "number" ? !Number.isFinite(r) : (r as Float64Array).some((v) => !Number.isFinite(v));
    if (bad) {
      throw new NonFiniteError(`${what} of ${quoteSource(source)} is not finite at x = ${pointText(x)}`, {
        source,
        point: Array.from(x),
        result: typeof r === "number" ? r : Array.from(r as Float64Array),
      });
    }
    return r;
  };
}

/**
 * Compiles a scalar expression of the named variables to JavaScript closures for its value,
 * gradient and Hessian. The expression is parsed by mathjs, constants are substituted, the
 * derivatives are taken symbolically on a hash-consed graph (shared subexpressions, constants
 * folded), and straight-line JS is generated with common subexpressions computed once.
 *
 * @throws ExpressionSyntaxError, UnknownSymbolError, UnsupportedFunctionError, InvalidArgumentError
 * @example
 * ```ts
 * import { compile } from "@langevin/expr";
 * const f = compile("x^2 + beta * sin(y)", ["x", "y"], { constants: { beta: 3 } });
 * f.value([1, 0]);              // 1
 * f.gradient([1, 0]);           // Float64Array [2, 3]
 * f.gradientSources;            // ["2 * x", "3 * cos(y)"]
 * f.hessian([1, 0]);            // Float64Array [2, 0, 0, -0]
 * ```
 */
export function compile(
  source: string,
  variables: readonly string[],
  options: CompileOptions = {},
): CompiledExpression {
  const order = derivativesOption(options, 2);
  const { g, roots } = prepare([source], variables, options);
  const f = roots[0];
  const d = variables.length;
  // Every differentiation error is raised here, although derivatives are built on first use.
  if (order >= 1) assertDifferentiable([f], source);
  const value = buildFunction("value", [f], d, "scalar", 0);
  const gradNodes = once(() => reverseGradient(g, f, d, source));
  const diff = once(() => variables.map((_, j) => new Differentiator(g, j, source)));
  const hess = once(() => {
    const grad = gradNodes();
    const upper: Node[] = [];
    const entries: number[] = [];
    const mirror: [number, number][] = [];
    const nodes: Node[] = new Array(d * d);
    for (let i = 0; i < d; i++) {
      for (let j = i; j < d; j++) {
        nodes[i * d + j] = nodes[j * d + i] = diff()[j].d(grad[i]);
        upper.push(nodes[i * d + j]);
        entries.push(i * d + j);
        if (j !== i) mirror.push([j * d + i, i * d + j]);
      }
    }
    // The upper triangle is computed, the lower one copied.
    return { nodes, fn: buildFunction("hessian", upper, d, "vector", d * d, entries, mirror) };
  });
  const gradient = once(() =>
    order >= 1 ? buildFunction("gradient", gradNodes(), d, "vector", d) : unavailable("gradient", 1),
  );
  const valueAndGradient = once(() =>
    order >= 1
      ? buildFunction("valueAndGradient", [f, ...gradNodes()], d, "valueAndVector", d)
      : unavailable("valueAndGradient", 1),
  );
  const gradientBatch = once(() =>
    order >= 1 ? buildBatchFunction("gradientBatch", gradNodes(), d) : unavailable("gradientBatch", 1),
  );
  const hessian = once(() => (order >= 2 ? hess().fn : unavailable("hessian", 2)));
  type Scalar = (x: ArrayLike<number>) => number;
  type Vector = (x: ArrayLike<number>, out?: Float64Array) => Float64Array;
  type ValueAndVector = (x: ArrayLike<number>, out: Float64Array) => number;
  const check = options.checkFinite === true;
  const javascript = { value: value.text } as CompiledExpression["javascript"];
  defineLazy(javascript, "gradient", () => gradient().text);
  defineLazy(javascript, "valueAndGradient", () => valueAndGradient().text);
  defineLazy(javascript, "hessian", () => hessian().text);
  const compiled: Pick<CompiledExpression, "source" | "variables" | "dimension" | "javascript" | "value"> = {
    source,
    variables: [...variables],
    dimension: d,
    javascript,
    value: check ? finiteChecked(source, "value", value.fn as Scalar) : (value.fn as Scalar),
  };
  // Derivatives are differentiated and generated when first read, not here: a potential in d = 20,000
  // needs its gradient (d functions) but its Hessian (d² entries) would not fit in memory.
  defineLazy(compiled, "gradient", () =>
    check ? finiteChecked(source, "gradient", gradient().fn as Vector) : (gradient().fn as Vector),
  );
  defineLazy(compiled, "valueAndGradient", () => {
    const fn = valueAndGradient().fn as ValueAndVector;
    if (!check) return fn;
    return (x: ArrayLike<number>, out: Float64Array) => {
      const v = fn(x, out);
      finiteChecked(source, "value", () => v)(x);
      finiteChecked(source, "gradient", () => out)(x);
      return v;
    };
  });
  defineLazy(compiled, "hessian", () =>
    check ? finiteChecked(source, "hessian", hessian().fn as Vector) : (hessian().fn as Vector),
  );
  defineLazy(compiled, "gradientBatch", () => gradientBatch().fn);
  defineLazy(compiled, "gradientSources", () =>
    order >= 1 ? gradNodes().map((n) => printNode(n, variables)) : [],
  );
  defineLazy(compiled, "hessianSources", () =>
    order >= 2 ? hess().nodes.map((n) => printNode(n, variables)) : [],
  );
  return compiled as CompiledExpression;
}

/**
 * Compiles several expressions of the same variables into one vector field F: Rᵈ → Rᵐ, with one
 * generated function filling `out` (common subexpressions shared between components), and its
 * Jacobian. Used for drifts such as `["-x + y", "-y^3"]` and diffusion matrices (row-major).
 *
 * @throws ExpressionSyntaxError, UnknownSymbolError, UnsupportedFunctionError, InvalidArgumentError
 * @example
 * ```ts
 * import { compileVector } from "@langevin/expr";
 * const drift = compileVector(["-x + g*y", "-y - g*x"], ["x", "y"], { constants: { g: 2 } });
 * const out = new Float64Array(2);
 * drift.value([1, 1], out);     // Float64Array [1, -3]
 * drift.jacobian([1, 1]);       // Float64Array [-1, 2, -2, -1]
 * ```
 */
export function compileVector(
  sources: readonly string[],
  variables: readonly string[],
  options: CompileOptions = {},
): CompiledVector {
  if (!Array.isArray(sources) || sources.length === 0) {
    throw new InvalidArgumentError("sources", "expected a non-empty array of expressions");
  }
  const order = derivativesOption(options, 1);
  const { g, roots } = prepare(sources, variables, options);
  const label = sources.join("; ");
  if (order >= 1) assertDifferentiable(roots, label);
  const d = variables.length;
  const m = sources.length;
  const value = buildFunction("value", roots, d, "vector", m);
  const valueBatch = buildBatchFunction("valueBatch", roots, d);
  const jacNodes = once(() => {
    const diff = variables.map((_, j) => new Differentiator(g, j, label));
    const jac: Node[] = [];
    for (let k = 0; k < m; k++) for (let j = 0; j < d; j++) jac.push(diff[j].d(roots[k]));
    return jac;
  });
  const jacobian = once(() =>
    order >= 1 ? buildFunction("jacobian", jacNodes(), d, "vector", m * d) : unavailable("jacobian", 1),
  );
  type Vector = (x: ArrayLike<number>, out?: Float64Array) => Float64Array;
  const check = options.checkFinite === true;
  const javascript = { value: value.text } as CompiledVector["javascript"];
  defineLazy(javascript, "jacobian", () => jacobian().text);
  const compiled: Omit<CompiledVector, "jacobian" | "jacobianSources"> = {
    sources: [...sources],
    variables: [...variables],
    dimension: d,
    size: m,
    javascript,
    value: check ? finiteChecked(label, "value", value.fn as Vector) : (value.fn as Vector),
    valueBatch: valueBatch.fn as CompiledVector["valueBatch"],
  };
  defineLazy(compiled, "jacobian", () =>
    check ? finiteChecked(label, "jacobian", jacobian().fn as Vector) : (jacobian().fn as Vector),
  );
  defineLazy(compiled, "jacobianSources", () =>
    order >= 1 ? jacNodes().map((n) => printNode(n, variables)) : [],
  );
  return compiled as CompiledVector;
}
