import { InvalidArgumentError } from "@langevin/core";
// mathjs's single-file build, not the "mathjs" entry: see `mathParse` below.
import mathjs from "mathjs/lib/browser/math.js";
import { ExpressionSyntaxError, UnknownSymbolError, UnsupportedFunctionError } from "./errors.js";
import { FUNCTIONS, REWRITTEN_FUNCTIONS, supportedFunctionNames } from "./functions.js";
import type { Graph, Node } from "./graph.js";

/** Built-in constants an expression may use without declaring them. */
export const BUILTIN_CONSTANTS: Readonly<Record<string, number>> = {
  pi: Math.PI,
  PI: Math.PI,
  e: Math.E,
  E: Math.E,
  tau: 2 * Math.PI,
  Infinity: Number.POSITIVE_INFINITY,
};

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The subset of mathjs node fields this module reads. */
interface MathNodeLike {
  type: string;
  op?: string;
  fn?: string | MathNodeLike;
  name?: string;
  args?: MathNodeLike[];
  value?: unknown;
  content?: MathNodeLike;
  condition?: MathNodeLike;
  trueExpr?: MathNodeLike;
  falseExpr?: MathNodeLike;
  conditionals?: string[];
  params?: MathNodeLike[];
}

const BINARY: Record<string, "add" | "sub" | "mul" | "div" | "pow" | "mod"> = {
  add: "add",
  subtract: "sub",
  multiply: "mul",
  dotMultiply: "mul",
  divide: "div",
  dotDivide: "div",
  pow: "pow",
  dotPow: "pow",
  mod: "mod",
};

const RELATION: Record<string, "lt" | "le" | "gt" | "ge" | "eq" | "ne"> = {
  smaller: "lt",
  smallerEq: "le",
  larger: "gt",
  largerEq: "ge",
  equal: "eq",
  unequal: "ne",
};

const LOGIC: Record<string, "lt" | "le" | "gt" | "ge" | "eq" | "ne" | "and" | "or" | "xor" | "not"> = {
  ...RELATION,
  and: "and",
  or: "or",
  xor: "xor",
  not: "not",
};

/** Checks variable names and constants; returns the constant map merged with the built-ins. */
export function checkNames(
  variables: readonly string[],
  constants: Readonly<Record<string, number>> = {},
): Map<string, number> {
  if (!Array.isArray(variables)) {
    throw new InvalidArgumentError("variables", "expected an array of variable names");
  }
  const seen = new Set<string>();
  for (const v of variables) {
    if (typeof v !== "string" || !IDENTIFIER.test(v)) {
      throw new InvalidArgumentError(
        "variables",
        `"${String(v)}" is not an identifier ([A-Za-z_][A-Za-z0-9_]*)`,
      );
    }
    if (seen.has(v)) throw new InvalidArgumentError("variables", `"${v}" is listed twice`);
    if (v in BUILTIN_CONSTANTS || v in FUNCTIONS || v in REWRITTEN_FUNCTIONS) {
      throw new InvalidArgumentError("variables", `"${v}" is reserved (a built-in constant or function)`);
    }
    seen.add(v);
  }
  const merged = new Map<string, number>(Object.entries(BUILTIN_CONSTANTS));
  for (const [name, value] of Object.entries(constants)) {
    if (!IDENTIFIER.test(name)) {
      throw new InvalidArgumentError(`options.constants.${name}`, "is not an identifier");
    }
    if (seen.has(name)) {
      throw new InvalidArgumentError(`options.constants.${name}`, "has the name of a variable");
    }
    if (name in BUILTIN_CONSTANTS || name in FUNCTIONS || name in REWRITTEN_FUNCTIONS) {
      throw new InvalidArgumentError(
        `options.constants.${name}`,
        "is reserved (a built-in constant or function)",
      );
    }
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new InvalidArgumentError(
        `options.constants.${name}`,
        `must be a finite number, got ${String(value)}`,
      );
    }
    merged.set(name, value);
  }
  return merged;
}

/** 1-based column of the first occurrence of identifier `name` in `source`, if any. */
function findIdentifier(source: string, name: string): number | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const m = new RegExp(`(^|[^A-Za-z0-9_])${escaped}(?![A-Za-z0-9_])`).exec(source);
  return m ? m.index + m[1].length + 1 : undefined;
}

let parser: ((source: string) => unknown) | undefined;

/**
 * mathjs's `parse`, created on the first call. Importing the "mathjs" (or "mathjs/number") entry
 * evaluates ~1000 ES modules and builds every mathjs function eagerly: 1.2–2 s of CPU in every
 * process. Its single-file build (`mathjs/lib/browser/math.js`, listed in mathjs's `exports`) is
 * the same parser; it loads in ~0.2 s and creates its functions lazily, so the parser and its
 * dependencies (~0.2 s more) are only built when an expression is first parsed.
 */
function mathParse(source: string): unknown {
  parser ??= mathjs.parse;
  return parser(source);
}

function parenthesisDepth(source: string): number {
  let depth = 0;
  let max = 0;
  for (const ch of source) {
    if (ch === "(") max = Math.max(max, ++depth);
    else if (ch === ")") depth--;
  }
  return max;
}

/** Parses `source` with mathjs, mapping its SyntaxError to `ExpressionSyntaxError`. */
export function parseSource(source: string): MathNodeLike {
  if (typeof source !== "string") {
    throw new InvalidArgumentError("source", `expected a string, got ${typeof source}`);
  }
  if (source.trim() === "") throw new ExpressionSyntaxError(source, "empty expression");
  try {
    return mathParse(source) as unknown as MathNodeLike;
  } catch (error) {
    // mathjs parses by recursive descent, a few frames per level of parentheses, call or "^": long
    // flat sums are fine, a few thousand levels of nesting are not. That is the input's shape, so a
    // syntax error, not an internal one.
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      throw new ExpressionSyntaxError(
        source,
        `nested too deeply for the parser (${parenthesisDepth(source)} levels of parentheses; ` +
          "nesting of parentheses, calls and chained ^ is limited to a few thousand levels)",
      );
    }
    const e = error as { message?: string; char?: number };
    const message = String(e.message ?? error).replace(/\s*\(char \d+\)\s*$/, "");
    const position = typeof e.char === "number" ? e.char : undefined;
    throw new ExpressionSyntaxError(source, message, position);
  }
}

/**
 * Translates a parsed mathjs tree into the graph `g`: checks every symbol and function,
 * substitutes constants, and rewrites derived forms (`pow`, `square`, `mod`, `log(x, b)`, n-ary
 * `min`/`max`) into the core operations.
 */
export function toGraph(
  g: Graph,
  source: string,
  root: MathNodeLike,
  variables: readonly string[],
  constants: Map<string, number>,
): Node {
  const index = new Map(variables.map((v, i) => [v, i]));
  const userConstants = [...constants.keys()].filter((k) => !(k in BUILTIN_CONSTANTS));
  const unsupported = (what: string, detail: string): never => {
    throw new UnsupportedFunctionError(source, what, detail);
  };
  const mod = (a: Node, b: Node) => g.sub(a, g.mul(b, g.call("floor", [g.div(a, b)])));

  // Combines a node with the graph nodes of its children (`children` order), which the loop below
  // has built already.
  const combine = (n: MathNodeLike, args: Node[]): Node => {
    switch (n.type) {
      case "ConstantNode": {
        const v = n.value;
        if (typeof v === "number") return g.num(v);
        if (typeof v === "boolean") return g.num(v ? 1 : 0);
        return unsupported(String(v), `constant ${JSON.stringify(v)} is not a number`);
      }
      case "SymbolNode": {
        const name = n.name as string;
        const i = index.get(name);
        if (i !== undefined) return g.variable(i);
        const c = constants.get(name);
        if (c !== undefined) return g.num(c);
        if (name in FUNCTIONS || name in REWRITTEN_FUNCTIONS) {
          return unsupported(name, `function "${name}" used without arguments`);
        }
        throw new UnknownSymbolError(source, name, variables, userConstants, findIdentifier(source, name));
      }
      case "ParenthesisNode":
        return args[0];
      case "ConditionalNode":
        return g.cond(args[0], args[1], args[2]);
      case "RelationalNode": {
        let acc: Node | undefined;
        (n.conditionals as string[]).forEach((c, k) => {
          const op = RELATION[c];
          if (op === undefined) unsupported(c, `comparison "${c}" is not supported`);
          const term = g.logic(op, [args[k], args[k + 1]]);
          acc = acc === undefined ? term : g.logic("and", [acc, term]);
        });
        return acc as Node;
      }
      case "OperatorNode": {
        const fn = n.fn as string;
        if (args.length === 1) {
          if (fn === "unaryMinus") return g.neg(args[0]);
          if (fn === "unaryPlus") return args[0];
          if (fn === "not") return g.logic("not", args);
        }
        if (args.length === 2) {
          const bin = BINARY[fn];
          if (bin === "mod") return mod(args[0], args[1]);
          if (bin !== undefined) return g[bin](args[0], args[1]);
          const logic = LOGIC[fn];
          if (logic !== undefined && logic !== "not") return g.logic(logic, args);
        }
        return unsupported(n.op ?? fn, `operator "${n.op ?? fn}" (${fn}) is not supported`);
      }
      case "FunctionNode": {
        const fnNode = n.fn as MathNodeLike;
        const name = fnNode.type === "SymbolNode" ? (fnNode.name as string) : "(expression)";
        const arity = (lo: number, hi: number) => {
          if (args.length < lo || args.length > hi) {
            const want =
              lo === hi ? `${lo}` : hi === Number.POSITIVE_INFINITY ? `at least ${lo}` : `${lo} to ${hi}`;
            unsupported(name, `function "${name}" takes ${want} argument(s), got ${args.length}`);
          }
        };
        switch (name) {
          case "pow":
            arity(2, 2);
            return g.pow(args[0], args[1]);
          case "square":
            arity(1, 1);
            return g.pow(args[0], g.num(2));
          case "cube":
            arity(1, 1);
            return g.pow(args[0], g.num(3));
          case "mod":
            arity(2, 2);
            return mod(args[0], args[1]);
          case "log":
            arity(1, 2);
            return args.length === 2
              ? g.div(g.call("log", [args[0]]), g.call("log", [args[1]]))
              : g.call("log", args);
          case "min":
          case "max":
            arity(1, Number.POSITIVE_INFINITY);
            return args.reduce((a, b) => g.call(name, [a, b]));
        }
        const spec = FUNCTIONS[name];
        if (spec === undefined) {
          if (index.has(name) || constants.has(name)) {
            return unsupported(
              name,
              `"${name}" is not a function (implicit multiplication needs a "*": ${name} * (...))`,
            );
          }
          return unsupported(
            name,
            `function "${name}" is not supported; supported functions: ${supportedFunctionNames().join(", ")}`,
          );
        }
        arity(spec.minArgs, spec.maxArgs);
        return g.call(name, args);
      }
      default: {
        const what: Record<string, string> = {
          AccessorNode: "property access",
          ArrayNode: "matrices and vectors",
          AssignmentNode: "assignments",
          BlockNode: "several statements",
          FunctionAssignmentNode: "function definitions",
          IndexNode: "indexing",
          ObjectNode: "objects",
          RangeNode: "ranges",
        };
        return unsupported(n.type, `${what[n.type] ?? n.type} not supported in an expression`);
      }
    }
  };
  // Post-order over an explicit stack, not recursion: a flat sum of 10⁵ terms is a left-leaning
  // tree 10⁵ deep, which would overflow the call stack.
  const built: Node[] = [];
  const todo: { n: MathNodeLike; expanded: boolean }[] = [{ n: root, expanded: false }];
  while (todo.length > 0) {
    const top = todo.pop() as { n: MathNodeLike; expanded: boolean };
    const kids = children(top.n);
    if (!top.expanded && kids.length > 0) {
      top.expanded = true;
      todo.push(top);
      for (let i = kids.length - 1; i >= 0; i--) todo.push({ n: kids[i], expanded: false });
      continue;
    }
    built.push(combine(top.n, built.splice(built.length - kids.length, kids.length)));
  }
  return built[0];
}

/** The operands of a mathjs node, in the order `toGraph` combines them (none for leaves and syntax it rejects). */
function children(n: MathNodeLike): MathNodeLike[] {
  switch (n.type) {
    case "ParenthesisNode":
      return [n.content as MathNodeLike];
    case "ConditionalNode":
      return [n.condition as MathNodeLike, n.trueExpr as MathNodeLike, n.falseExpr as MathNodeLike];
    case "RelationalNode":
      return n.params as MathNodeLike[];
    case "OperatorNode":
    case "FunctionNode":
      return n.args as MathNodeLike[];
    default:
      return [];
  }
}
