import { FUNCTIONS } from "./functions.js";
import { BOOLEAN_OPS, type Node } from "./graph.js";

/** Straight-line JavaScript for a set of root nodes: statements, then one expression per root. */
export interface GeneratedCode {
  /** `const v0 = x[0];` and `const tK = …;` statements, in dependency order. */
  readonly statements: string[];
  /** A JS expression for each root, valid after the statements. */
  readonly roots: string[];
}

/** Formats a number as a JS literal, parenthesised when negative. */
export function numberLiteral(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Number.POSITIVE_INFINITY) return "Infinity";
  if (v === Number.NEGATIVE_INFINITY) return "(-Infinity)";
  if (v < 0 || Object.is(v, -0)) return `(-${String(-v)})`;
  return String(v);
}

/**
 * Deepest nesting of one generated JS expression; a deeper subexpression goes to a temporary. V8
 * parses nested parentheses recursively and overflows its stack at a few thousand levels (a flat
 * sum of 2,000 terms is a chain that deep); ordinary expressions stay far below this and are
 * generated exactly as before.
 */
const MAX_INLINE_DEPTH = 100;

/** Integer exponents expanded to products: x^2 → x*x, x^-3 → 1/(x*x*x). */
const MAX_EXPANDED_POWER = 4;

function expandedPower(n: Node): number {
  const e = n.args[1];
  if (n.op !== "pow" || e.op !== "num" || !Number.isInteger(e.value)) return 0;
  const k = Math.abs(e.value);
  return k >= 2 && k <= MAX_EXPANDED_POWER ? e.value : 0;
}

/**
 * Generates code for `roots` with common-subexpression elimination: every non-leaf node used by
 * two or more parents (in the DAG, over all roots) is computed once into a `const` temporary.
 * Variable `i` is read once as `const v<i> = <input>[<base>i]` (`base` e.g. "b + " for batches).
 * Temporaries inside conditional
 * branches are evaluated unconditionally (expressions have no side effects). No expression nests
 * deeper than {@link MAX_INLINE_DEPTH}.
 */
export function generate(roots: readonly Node[], input = "x", base = ""): GeneratedCode {
  // Reachable nodes and their number of DAG parents.
  const uses = new Map<number, number>();
  const byId = new Map<number, Node>();
  const stack: Node[] = [...roots];
  for (const r of roots) uses.set(r.id, (uses.get(r.id) ?? 0) + 1);
  const forced = new Set<number>();
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    if (byId.has(n.id)) continue;
    byId.set(n.id, n);
    if (expandedPower(n) !== 0) forced.add(n.args[0].id);
    for (const a of n.args) {
      uses.set(a.id, (uses.get(a.id) ?? 0) + 1);
      stack.push(a);
    }
  }
  const order = [...byId.values()].sort((p, q) => p.id - q.id);
  const code = new Map<number, string>();
  // nesting depth of each node's inline code (0 for literals, variables and temporaries)
  const depth = new Map<number, number>();
  const statements: string[] = [];
  let temps = 0;
  for (const n of order) {
    let c: string;
    const s = n.args.map((a) => code.get(a.id) as string);
    switch (n.op) {
      case "num":
        code.set(n.id, numberLiteral(n.value));
        continue;
      case "var":
        statements.push(`const v${n.index} = ${input}[${base}${n.index}];`);
        code.set(n.id, `v${n.index}`);
        continue;
      case "add":
        c = `(${s[0]} + ${s[1]})`;
        break;
      case "sub":
        c = `(${s[0]} - ${s[1]})`;
        break;
      case "mul":
        c = `(${s[0]} * ${s[1]})`;
        break;
      case "div":
        c = `(${s[0]} / ${s[1]})`;
        break;
      case "neg":
        c = `(-${s[0]})`;
        break;
      case "pow": {
        const k = expandedPower(n);
        const e = n.args[1];
        if (k !== 0) {
          const product = Array(Math.abs(k)).fill(s[0]).join(" * ");
          c = k > 0 ? `(${product})` : `(1 / (${product}))`;
        } else if (e.op === "num" && e.value === 0.5) c = `Math.sqrt(${s[0]})`;
        else if (e.op === "num" && e.value === -0.5) c = `(1 / Math.sqrt(${s[0]}))`;
        else if (e.op === "num" && e.value === -1) c = `(1 / ${s[0]})`;
        else c = `Math.pow(${s[0]}, ${s[1]})`;
        break;
      }
      case "call":
        c = `(${FUNCTIONS[n.name].js(s)})`;
        break;
      case "cond":
        c = `(${s[0]} ? ${s[1]} : ${s[2]})`;
        break;
      case "lt":
        c = `(${s[0]} < ${s[1]})`;
        break;
      case "le":
        c = `(${s[0]} <= ${s[1]})`;
        break;
      case "gt":
        c = `(${s[0]} > ${s[1]})`;
        break;
      case "ge":
        c = `(${s[0]} >= ${s[1]})`;
        break;
      case "eq":
        c = `(${s[0]} === ${s[1]})`;
        break;
      case "ne":
        c = `(${s[0]} !== ${s[1]})`;
        break;
      case "and":
        c = `(!!${s[0]} && !!${s[1]})`;
        break;
      case "or":
        c = `(!!${s[0]} || !!${s[1]})`;
        break;
      case "xor":
        c = `(!${s[0]} !== !${s[1]})`;
        break;
      case "not":
        c = `(!${s[0]})`;
        break;
      default:
        throw new Error(`generate: unexpected node ${n.op}`);
    }
    let nested = 1;
    for (const a of n.args) nested = Math.max(nested, 1 + (depth.get(a.id) ?? 0));
    if ((uses.get(n.id) ?? 0) >= 2 || forced.has(n.id) || nested >= MAX_INLINE_DEPTH) {
      const name = `t${temps++}`;
      statements.push(`const ${name} = ${c};`);
      c = name;
      nested = 0;
    }
    depth.set(n.id, nested);
    code.set(n.id, c);
  }
  return {
    statements,
    roots: roots.map((r) => {
      const c = code.get(r.id) as string;
      return BOOLEAN_OPS.has(r.op) ? `(+${c})` : c;
    }),
  };
}
