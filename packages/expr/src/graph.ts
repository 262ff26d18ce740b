/**
 * A hash-consed expression DAG: structurally equal subexpressions are the same `Node`, so common
 * subexpressions are shared by construction (between a value, its gradient and its Hessian), and
 * the smart constructors fold constants and drop neutral elements as the graph is built.
 * Internal to the package.
 */

export type Op =
  | "num"
  | "var"
  | "add"
  | "sub"
  | "mul"
  | "div"
  | "pow"
  | "neg"
  | "call"
  | "cond"
  | "lt"
  | "le"
  | "gt"
  | "ge"
  | "eq"
  | "ne"
  | "and"
  | "or"
  | "xor"
  | "not";

/** One node of the DAG. `id`s grow with creation, so children always have smaller ids. */
export interface Node {
  readonly id: number;
  readonly op: Op;
  readonly args: readonly Node[];
  /** The number of a `num` node (NaN otherwise). */
  readonly value: number;
  /** The variable index of a `var` node, -1 otherwise. */
  readonly index: number;
  /** The function name of a `call` node, "" otherwise. */
  readonly name: string;
}

/** Operators whose result is a boolean (0/1 when used as a number). */
export const BOOLEAN_OPS: ReadonlySet<Op> = new Set<Op>([
  "lt",
  "le",
  "gt",
  "ge",
  "eq",
  "ne",
  "and",
  "or",
  "xor",
  "not",
]);

/** Numerical evaluation of a function by name, used for constant folding; set by functions.ts. */
export type FunctionEvaluator = (name: string, args: number[]) => number;

export class Graph {
  private readonly table = new Map<string, Node>();
  readonly nodes: Node[] = [];
  readonly zero: Node;
  readonly one: Node;

  constructor(private readonly evaluate: FunctionEvaluator) {
    this.zero = this.num(0);
    this.one = this.num(1);
  }

  private intern(op: Op, args: readonly Node[], value = Number.NaN, index = -1, name = ""): Node {
    let key: string;
    if (op === "num") key = Object.is(value, -0) ? "n-0" : `n${value}`;
    else if (op === "var") key = `v${index}`;
    else {
      key = `${op}:${name}`;
      for (const a of args) key += `,${a.id}`;
    }
    let node = this.table.get(key);
    if (node === undefined) {
      node = { id: this.nodes.length, op, args, value, index, name };
      this.nodes.push(node);
      this.table.set(key, node);
    }
    return node;
  }

  num(value: number): Node {
    return this.intern("num", [], value);
  }

  variable(index: number): Node {
    return this.intern("var", [], Number.NaN, index);
  }

  add(a: Node, b: Node): Node {
    if (a.op === "num" && b.op === "num") return this.num(a.value + b.value);
    if (isZero(a)) return b;
    if (isZero(b)) return a;
    if (b.op === "neg") return this.sub(a, b.args[0]);
    if (b.op === "num" && b.value < 0) return this.sub(a, this.num(-b.value));
    if (isNegativeMultiple(b)) return this.sub(a, this.mul(this.num(-b.args[0].value), b.args[1]));
    if (a.op === "neg") return this.sub(b, a.args[0]);
    if (a.op === "cond" && b.op === "cond" && a.args[0] === b.args[0]) {
      return this.cond(a.args[0], this.add(a.args[1], b.args[1]), this.add(a.args[2], b.args[2]));
    }
    return this.intern("add", [a, b]);
  }

  sub(a: Node, b: Node): Node {
    if (a.op === "num" && b.op === "num") return this.num(a.value - b.value);
    if (isZero(b)) return a;
    if (isZero(a)) return this.neg(b);
    if (a === b) return this.zero;
    if (b.op === "neg") return this.add(a, b.args[0]);
    if (b.op === "num" && b.value < 0) return this.add(a, this.num(-b.value));
    if (isNegativeMultiple(b)) return this.add(a, this.mul(this.num(-b.args[0].value), b.args[1]));
    if (a.op === "cond" && b.op === "cond" && a.args[0] === b.args[0]) {
      return this.cond(a.args[0], this.sub(a.args[1], b.args[1]), this.sub(a.args[2], b.args[2]));
    }
    return this.intern("sub", [a, b]);
  }

  mul(a: Node, b: Node): Node {
    if (a.op === "num" && b.op === "num") return this.num(a.value * b.value);
    if (b.op === "num") [a, b] = [b, a]; // constants to the left
    if (a.op === "num") {
      if (a.value === 0) return this.zero;
      if (a.value === 1) return b;
      if (a.value === -1) return this.neg(b);
      if (b.op === "mul" && b.args[0].op === "num")
        return this.mul(this.num(a.value * b.args[0].value), b.args[1]);
      if (b.op === "neg") return this.mul(this.num(-a.value), b.args[0]);
    }
    // Constants move to the front of products: (c·u)·v → c·(u·v), u·(c·v) → c·(u·v).
    if (a.op === "mul" && a.args[0].op === "num") return this.mul(a.args[0], this.mul(a.args[1], b));
    if (b.op === "mul" && b.args[0].op === "num") return this.mul(b.args[0], this.mul(a, b.args[1]));
    if (a.op === "neg") return this.neg(this.mul(a.args[0], b));
    if (b.op === "neg") return this.neg(this.mul(a, b.args[0]));
    // A 0/1 selector times y becomes a conditional: d min(u, v) = (u <= v ? du : dv).
    if (a.op === "cond" && isZeroOrOne(a.args[1]) && isZeroOrOne(a.args[2])) {
      return this.cond(a.args[0], this.mul(a.args[1], b), this.mul(a.args[2], b));
    }
    if (b.op === "cond" && isZeroOrOne(b.args[1]) && isZeroOrOne(b.args[2])) return this.mul(b, a);
    if (a === b) return this.pow(a, this.num(2));
    return this.intern("mul", [a, b]);
  }

  div(a: Node, b: Node): Node {
    if (a.op === "num" && b.op === "num") return this.num(a.value / b.value);
    if (isZero(a)) return this.zero;
    if (b.op === "num" && b.value === 1) return a;
    if (b.op === "num" && b.value === -1) return this.neg(a);
    if (a.op === "neg") return this.neg(this.div(a.args[0], b));
    if (b.op === "neg") return this.neg(this.div(a, b.args[0]));
    if (a === b) return this.one;
    // (c·u)/k → (c/k)·u: one constant instead of two.
    if (b.op === "num" && a.op === "mul" && a.args[0].op === "num") {
      return this.mul(this.num(a.args[0].value / b.value), a.args[1]);
    }
    return this.intern("div", [a, b]);
  }

  pow(a: Node, b: Node): Node {
    if (a.op === "num" && b.op === "num") return this.num(a.value ** b.value);
    if (b.op === "num") {
      if (b.value === 0) return this.one;
      if (b.value === 1) return a;
      if (
        a.op === "pow" &&
        a.args[1].op === "num" &&
        Number.isInteger(b.value) &&
        Number.isInteger(a.args[1].value)
      ) {
        return this.pow(a.args[0], this.num(a.args[1].value * b.value));
      }
    }
    return this.intern("pow", [a, b]);
  }

  neg(a: Node): Node {
    if (a.op === "num") return a.value === 0 ? this.zero : this.num(-a.value);
    if (a.op === "neg") return a.args[0];
    if (a.op === "sub") return this.sub(a.args[1], a.args[0]);
    return this.intern("neg", [a]);
  }

  call(name: string, args: Node[]): Node {
    if (args.every((a) => a.op === "num")) {
      return this.num(
        this.evaluate(
          name,
          args.map((a) => a.value),
        ),
      );
    }
    return this.intern("call", args, Number.NaN, -1, name);
  }

  cond(test: Node, then: Node, otherwise: Node): Node {
    if (test.op === "num") return test.value !== 0 && !Number.isNaN(test.value) ? then : otherwise;
    if (then === otherwise) return then;
    return this.intern("cond", [test, then, otherwise]);
  }

  /** Comparisons and logic: `lt le gt ge eq ne and or xor not`; folds constants to 0/1. */
  logic(op: "lt" | "le" | "gt" | "ge" | "eq" | "ne" | "and" | "or" | "xor" | "not", args: Node[]): Node {
    if (args.every((a) => a.op === "num")) {
      const [p, q] = args.map((a) => a.value);
      return this.num(evaluateLogic(op, p, q) ? 1 : 0);
    }
    return this.intern(op, args);
  }
}

export function isZero(a: Node): boolean {
  return a.op === "num" && a.value === 0;
}

/** `c * u` with a negative constant c. */
function isNegativeMultiple(a: Node): boolean {
  return a.op === "mul" && a.args[0].op === "num" && a.args[0].value < 0;
}

function isZeroOrOne(a: Node): boolean {
  return a.op === "num" && (a.value === 0 || a.value === 1);
}

function truthy(v: number): boolean {
  return v !== 0 && !Number.isNaN(v);
}

export function evaluateLogic(op: Op, p: number, q: number): boolean {
  switch (op) {
    case "lt":
      return p < q;
    case "le":
      return p <= q;
    case "gt":
      return p > q;
    case "ge":
      return p >= q;
    case "eq":
      return p === q;
    case "ne":
      return p !== q;
    case "and":
      return truthy(p) && truthy(q);
    case "or":
      return truthy(p) || truthy(q);
    case "xor":
      return truthy(p) !== truthy(q);
    case "not":
      return !truthy(p);
    default:
      throw new Error(`not a logic operator: ${op}`);
  }
}
