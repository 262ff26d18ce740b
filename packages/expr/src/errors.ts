import { InvalidArgumentError } from "@langevin/core";

/** Characters shown on each side of a position in a long source. */
const RADIUS = 30;

/** Sources up to this length are echoed whole in messages; longer ones as a window. */
const ECHO_LIMIT = 2 * RADIUS + 20;

/** The text within {@link RADIUS} of `at`, with "..." where it is cut, and where `at` falls in it. */
function around(source: string, index: number): { line: string; caret: number } {
  const flat = source.replace(/[\r\n\t]/g, " ");
  const at = Math.max(0, Math.min(index, flat.length));
  const from = Math.max(0, at - RADIUS);
  const to = Math.min(flat.length, at + RADIUS);
  const head = from > 0 ? "..." : "";
  const tail = to < flat.length ? "..." : "";
  return { line: `${head}${flat.slice(from, to)}${tail}`, caret: head.length + at - from };
}

/**
 * Renders the text around a 0-based `index` of `source` on one line with a caret under it, e.g.
 * `"  x + * y\n      ^"`. Long sources are cut to about 30 characters on each side.
 */
export function caretSnippet(source: string, index: number): string {
  const { line, caret } = around(source, index);
  return `  ${line}\n  ${" ".repeat(caret)}^`;
}

/**
 * The source quoted for a message: whole when short, else the window around the 0-based `index`
 * with its length, so that an error in a 100 kB expression is one readable line, not 100 kB.
 *
 * @example
 * quoteSource("x + * y", 4); // '"x + * y"'
 */
export function quoteSource(source: string, index = 0): string {
  if (source.length <= ECHO_LIMIT) return `"${source}"`;
  return `"${around(source, index).line}" (${source.length} characters)`;
}

/**
 * The source text is not a valid expression. `position` is the 1-based column reported by the
 * mathjs parser (`(char N)`), or `undefined` when the parser gave none; `snippet` shows the
 * text near it with a caret.
 *
 * @example
 * ```ts
 * try { compile("x + * y", ["x", "y"]); } catch (e) {
 *   if (e instanceof ExpressionSyntaxError) console.log(e.position); // 5
 * }
 * ```
 */
export class ExpressionSyntaxError extends InvalidArgumentError {
  /** Always `"ExpressionSyntaxError"`. */
  override name = "ExpressionSyntaxError";
  constructor(
    /** The expression text that failed, as given. */
    readonly source: string,
    detail: string,
    /** 1-based column where the parser stopped, when it says. */
    readonly position?: number,
    /** The source around `position` with a caret under it (empty without a position). */
    readonly snippet: string = position === undefined ? "" : caretSnippet(source, position - 1),
  ) {
    super(
      "source",
      `${detail}${position === undefined ? "" : ` at column ${position}`} in ${quoteSource(source, (position ?? 1) - 1)}${snippet ? `\n${snippet}` : ""}`,
    );
  }
}

/**
 * The expression uses a symbol that is neither a variable, a constant from `options.constants`,
 * nor a built-in constant (`pi`, `e`, `tau`, `Infinity`).
 *
 * @example
 * ```ts
 * try { compile("x + z", ["x"]); } catch (e) {
 *   if (e instanceof UnknownSymbolError) console.log(e.symbol, e.variables); // "z" ["x"]
 * }
 * ```
 */
export class UnknownSymbolError extends InvalidArgumentError {
  /** Always `"UnknownSymbolError"`. */
  override name = "UnknownSymbolError";
  constructor(
    /** The expression text that failed, as given. */
    readonly source: string,
    /** The unknown symbol's name. */
    readonly symbol: string,
    /** The variables the expression may use. */
    readonly variables: readonly string[],
    /** The constants given in `options.constants`. */
    readonly constants: readonly string[],
    /** 1-based column of the symbol's first occurrence, when it could be located. */
    readonly position?: number,
  ) {
    const where =
      position === undefined ? "" : ` at column ${position}\n${caretSnippet(source, position - 1)}`;
    const vars = variables.length ? variables.join(", ") : "(none)";
    const consts = constants.length ? constants.join(", ") : "(none)";
    super(
      "source",
      `unknown symbol "${symbol}" in ${quoteSource(source, (position ?? 1) - 1)}${where}\nallowed variables: ${vars}; constants: ${consts}; built-in: pi, e, tau, Infinity`,
    );
  }
}

/**
 * The expression calls a function (or uses an operator or syntax) that cannot be compiled, or
 * that cannot be differentiated when a gradient or Hessian is requested.
 *
 * @example
 * ```ts
 * try { compile("gamma(x)", ["x"]); } catch (e) {
 *   if (e instanceof UnsupportedFunctionError) console.log(e.functionName); // "gamma"
 * }
 * ```
 */
export class UnsupportedFunctionError extends InvalidArgumentError {
  /** Always `"UnsupportedFunctionError"`. */
  override name = "UnsupportedFunctionError";
  constructor(
    /** The expression text that failed, as given. */
    readonly source: string,
    /** The function, operator or node type that is not supported. */
    readonly functionName: string,
    detail: string,
  ) {
    // no column from the parser: the window starts where the name first occurs
    super("source", `${detail} in ${quoteSource(source, Math.max(0, source.indexOf(functionName)))}`);
  }
}
