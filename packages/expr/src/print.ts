import type { Node, Op } from "./graph.js";

const PRECEDENCE: Partial<Record<Op, number>> = {
  cond: 0,
  or: 1,
  xor: 2,
  and: 3,
  lt: 4,
  le: 4,
  gt: 4,
  ge: 4,
  eq: 4,
  ne: 4,
  add: 5,
  sub: 5,
  mul: 6,
  div: 6,
  neg: 7,
  not: 7,
  pow: 8,
};

const SYMBOL: Partial<Record<Op, string>> = {
  add: "+",
  sub: "-",
  mul: "*",
  div: "/",
  pow: "^",
  lt: "<",
  le: "<=",
  gt: ">",
  ge: ">=",
  eq: "==",
  ne: "!=",
  and: "and",
  or: "or",
  xor: "xor",
};

function precedence(n: Node): number {
  if (n.op === "num") return n.value < 0 || Object.is(n.value, -0) ? 7 : 9;
  return PRECEDENCE[n.op] ?? 9;
}

/**
 * Prints a graph node as mathjs syntax (re-parsable by `mathjs.parse` and by `compile`), with
 * the fewest parentheses that keep mathjs's precedence: `-x^2` is `-(x^2)`, `^` is right-assoc.
 */
export function printNode(n: Node, variables: readonly string[]): string {
  const memo = new Map<number, string>();
  const wrap = (child: Node, min: number): string => {
    const s = memo.get(child.id) as string;
    return precedence(child) < min ? `(${s})` : s;
  };
  // Children before parents over an explicit stack (a long sum is a deep chain); each node is then
  // printed from its children's memoised text.
  const stack: Node[] = [n];
  while (stack.length > 0) {
    const node = stack[stack.length - 1];
    if (memo.has(node.id)) {
      stack.pop();
      continue;
    }
    const before = stack.length;
    for (const c of node.args) if (!memo.has(c.id)) stack.push(c);
    if (stack.length > before) continue;
    stack.pop();
    let s: string;
    const [a, b, c] = node.args;
    const p = precedence(node);
    switch (node.op) {
      case "num":
        s = Number.isNaN(node.value) ? "NaN" : Object.is(node.value, -0) ? "-0" : String(node.value);
        break;
      case "var":
        s = variables[node.index];
        break;
      case "neg":
        s = `-${wrap(a, p)}`;
        break;
      case "not":
        s = `not ${wrap(a, p)}`;
        break;
      case "pow":
        s = `${wrap(a, p + 1)} ^ ${wrap(b, p + 1)}`;
        break;
      case "call":
        s = `${node.name}(${node.args.map((x) => memo.get(x.id) as string).join(", ")})`;
        break;
      case "cond":
        s = `${wrap(a, p + 1)} ? ${wrap(b, p + 1)} : ${wrap(c, p + 1)}`;
        break;
      default: {
        const sym = SYMBOL[node.op] as string;
        // Left-associative: the left operand may share the precedence, the right may not.
        // Comparisons do not chain here (mathjs reads a < b < c as a chain): wrap both sides.
        s = `${wrap(a, p === 4 ? p + 1 : p)} ${sym} ${wrap(b, p + 1)}`;
      }
    }
    memo.set(node.id, s);
  }
  return memo.get(n.id) as string;
}
