import { thrown } from "@langevin/test-utils";
import { describe, expect, it } from "vitest";
import { compile } from "./compile.js";
import { ExpressionSyntaxError, UnknownSymbolError } from "./errors.js";
import { FUNCTIONS } from "./functions.js";

// Sums of N = 10⁵ positive terms, each computed with the same operations here and in the generated
// code, but added in other orders (reverse accumulation adds the last term first); for positive
// terms any order is within N·ε ≈ 2.2e-11 of the exact sum, relative: rtol 1e-10.
const SUM_RTOL = 1e-10;

// Building a 10⁵-term expression (mathjs's parser alone takes ~1.5 s) is slow on a loaded 2-core
// machine; the limit only keeps a hang from blocking the suite, nothing is timed.
const SLOW = 120_000;

describe("large expressions", () => {
  // exp(x/k): no two terms alike, so the value, its derivatives and their printed forms are all
  // sums of n distinct terms, chains n deep (the parser overflowed at ~2,000 before)
  const sumOfExponentials = (n: number, x: number) => {
    const source = Array.from({ length: n }, (_, i) => `exp(x/${i + 1})`).join(" + ");
    const exact = { value: 0, dx: 0, dxx: 0 };
    for (let k = 1; k <= n; k++) {
      const e = Math.exp(x / k);
      exact.value += e;
      exact.dx += e / k;
      exact.dxx += e / k / k;
    }
    return { source, exact };
  };

  it(
    "a flat sum of 100,000 terms parses, differentiates and compiles",
    () => {
      const { source, exact } = sumOfExponentials(100_000, 0.75);
      const f = compile(`${source} + y^2`, ["x", "y"]);
      expect(f.value([0.75, -0.5])).toBeAllclose(exact.value + 0.25, { rtol: SUM_RTOL });
      expect(f.gradient([0.75, -0.5])).toBeAllclose([exact.dx, -1], { rtol: SUM_RTOL });
    },
    SLOW,
  );

  it(
    "the Hessian and the printed gradient of a 20,000-term sum (ten times the old limit)",
    () => {
      const { source, exact } = sumOfExponentials(20_000, 0.75);
      const f = compile(`${source} + y^2`, ["x", "y"]);
      expect(f.hessian([0.75, -0.5])).toBeAllclose([exact.dxx, 0, 0, 2], { rtol: SUM_RTOL });
      const printed = f.gradientSources[0];
      expect(printed.split("exp(").length - 1).toBe(20_000);
      const again = compile(printed, ["x", "y"], { derivatives: 0 });
      expect(again.value([0.75, -0.5])).toBeAllclose(exact.dx, { rtol: SUM_RTOL });
    },
    SLOW,
  );

  it(
    "an error in a long source quotes a window around it, with the caret on the right character",
    () => {
      const head = Array.from({ length: 2_000 }, (_, i) => `${i}*x`).join(" + ");
      const syntax = thrown(() => compile(`${head} + * x + 1`, ["x"])) as ExpressionSyntaxError;
      expect(syntax).toBeInstanceOf(ExpressionSyntaxError);
      expect(syntax.position).toBe(head.length + 4);
      expect(syntax.message.length).toBeLessThan(300);
      expect(syntax.message).toContain(`at column ${head.length + 4} in "...`);
      expect(syntax.message).toContain(`(${head.length + " + * x + 1".length} characters)`);
      const [line, caret] = syntax.snippet.split("\n");
      expect(line[caret.indexOf("^")]).toBe("*");

      const unknown = thrown(() => compile(`${head} + zeta`, ["x"])) as UnknownSymbolError;
      expect(unknown).toBeInstanceOf(UnknownSymbolError);
      expect(unknown.position).toBe(head.length + 4);
      expect(unknown.message.length).toBeLessThan(400);
      expect(unknown.message).toMatch(/unknown symbol "zeta" in "\.\.\..*zeta" \(\d+ characters\)/);
    },
    SLOW,
  );

  it("nesting too deep for the parser is a syntax error, not a stack overflow", () => {
    const depth = 20_000;
    const e = thrown(() => compile(`${"(".repeat(depth)}x${")".repeat(depth)}`, ["x"]));
    expect(e).toBeInstanceOf(ExpressionSyntaxError);
    expect(e.message).toContain(`nested too deeply for the parser (${depth} levels of parentheses`);
    expect(e.message.length).toBeLessThan(400);
  });

  it(
    "a potential in 20,000 dimensions compiles and gives its gradient (its Hessian, 2·10⁸ entries, is never built)",
    () => {
      const d = 20_000;
      const vars = Array.from({ length: d }, (_, i) => `x${i + 1}`);
      // built eagerly, the unused Hessian exhausts V8's heap here: the case that aborted the CLI
      const f = compile(vars.map((v, i) => `${i + 1}*${v}^2`).join(" + "), vars);
      const x = Float64Array.from({ length: d }, (_, i) => Math.sin(i));
      const g = f.gradient(x);
      // each component is exactly 2·(i+1)·x_i: one product of a constant and a variable
      for (let i = 0; i < d; i += 997) expect(g[i]).toBe(2 * (i + 1) * x[i]);
    },
    SLOW,
  );

  it("every function's derivative rules use only differentiable functions (what compile checks up front)", () => {
    for (const [name, spec] of Object.entries(FUNCTIONS)) {
      const args = ["x", "y"].slice(0, Math.max(spec.minArgs, 1)).join(", ");
      const f = compile(`${name}(${args})`, ["x", "y"]);
      expect(f.hessian([0.3, 0.4]), name).toHaveLength(4);
    }
  });
});
