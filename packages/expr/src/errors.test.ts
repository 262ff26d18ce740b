import { InvalidArgumentError, LangevinError, NonFiniteError, ShapeMismatchError } from "@langevin/core";
import { thrown } from "@langevin/test-utils";
import { describe, expect, it } from "vitest";
import { compile, compileVector } from "./compile.js";
import {
  caretSnippet,
  ExpressionSyntaxError,
  UnknownSymbolError,
  UnsupportedFunctionError,
} from "./errors.js";

describe("syntax errors", () => {
  it("report the column given by mathjs and a caret under the offending token", () => {
    const e = thrown(() => compile("x + * y", ["x", "y"]));
    expect(e).toBeInstanceOf(ExpressionSyntaxError);
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect(e).toBeInstanceOf(LangevinError);
    const s = e as ExpressionSyntaxError;
    expect(s.position).toBe(5); // the "*" is the 5th character
    expect(s.snippet).toBe("  x + * y\n      ^");
    expect(s.message).toContain("Value expected at column 5");
    expect(s.message).toContain("x + * y\n      ^");
  });

  it("point past the end when the expression stops early", () => {
    const e = thrown(() => compile("sin(x", ["x"])) as ExpressionSyntaxError;
    expect(e.position).toBe(6);
    expect(e.message).toMatch(/Parenthesis \) expected at column 6/);
    expect(e.snippet).toBe("  sin(x\n       ^");
  });

  it("cut long sources around the error", () => {
    const long = `${"x + ".repeat(20)}* y${" + x".repeat(20)}`;
    const e = thrown(() => compile(long, ["x", "y"])) as ExpressionSyntaxError;
    expect(e.position).toBe(81);
    const [line, caret] = e.snippet.split("\n");
    expect(line.startsWith("  ...")).toBe(true);
    expect(line.endsWith("...")).toBe(true);
    expect(line[caret.indexOf("^")]).toBe("*");
  });

  it("caretSnippet flattens newlines", () => {
    expect(caretSnippet("a +\nb", 4)).toBe("  a + b\n      ^");
  });

  it("reject an empty source and a non-string", () => {
    expect(() => compile("  ", ["x"])).toThrow(ExpressionSyntaxError);
    expect(() => compile(3 as unknown as string, ["x"])).toThrow(/source: expected a string/);
  });
});

describe("unknown symbols", () => {
  it("name the symbol, its column, the allowed variables and constants", () => {
    const e = thrown(() => compile("x + betta * y", ["x", "y"], { constants: { beta: 2 } }));
    expect(e).toBeInstanceOf(UnknownSymbolError);
    const u = e as UnknownSymbolError;
    expect(u.symbol).toBe("betta");
    expect(u.position).toBe(5);
    expect(u.variables).toEqual(["x", "y"]);
    expect(u.constants).toEqual(["beta"]);
    expect(u.message).toContain('unknown symbol "betta"');
    expect(u.message).toContain("allowed variables: x, y; constants: beta");
    expect(u.message).toContain("  x + betta * y\n      ^");
  });

  it("find the symbol inside a call and not inside a longer name", () => {
    const u = thrown(() => compile("zz + sin(z)", ["zz"])) as UnknownSymbolError;
    expect(u.symbol).toBe("z");
    expect(u.position).toBe(10);
  });

  it("are caught in every component of a vector", () => {
    const u = thrown(() => compileVector(["x", "y"], ["x"])) as UnknownSymbolError;
    expect(u).toBeInstanceOf(UnknownSymbolError);
    expect(u.symbol).toBe("y");
  });
});

describe("unsupported functions and syntax", () => {
  it("name an unknown function and list the supported ones", () => {
    const e = thrown(() => compile("gamma(x) + 1", ["x"])) as UnsupportedFunctionError;
    expect(e).toBeInstanceOf(UnsupportedFunctionError);
    expect(e.functionName).toBe("gamma");
    expect(e.message).toContain('function "gamma" is not supported');
    expect(e.message).toContain("atan2");
  });

  it("check the number of arguments", () => {
    expect(() => compile("atan2(x)", ["x"])).toThrow(/function "atan2" takes 2 argument\(s\), got 1/);
  });

  it("explain a variable used as a function", () => {
    expect(() => compile("x(y + 1)", ["x", "y"])).toThrow(/"x" is not a function/);
  });

  it("reject matrices, assignments and operators outside the language", () => {
    expect((thrown(() => compile("[x, 1]", ["x"])) as UnsupportedFunctionError).functionName).toBe(
      "ArrayNode",
    );
    expect(() => compile("a = x", ["x"])).toThrow(/assignments not supported/);
    expect((thrown(() => compile("x!", ["x"])) as UnsupportedFunctionError).functionName).toBe("!");
  });
});

describe("variables, constants and options", () => {
  it("reject bad variable lists", () => {
    expect(() => compile("x", ["x", "x"])).toThrow(/variables: "x" is listed twice/);
    expect(() => compile("e", ["e"])).toThrow(/variables: "e" is reserved/);
    expect(() => compile("x", ["2x"])).toThrow(/variables: "2x" is not an identifier/);
  });

  it("reject bad constants", () => {
    expect(() => compile("x", ["x"], { constants: { beta: Number.NaN } })).toThrow(
      /options.constants.beta: must be a finite number/,
    );
    expect(() => compile("x", ["x"], { constants: { x: 1 } })).toThrow(
      /options.constants.x: has the name of a variable/,
    );
    expect(() => compile("x", ["x"], { derivatives: 3 as 2 })).toThrow(/options.derivatives/);
  });

  it("checkFinite turns a NaN outside the domain into NonFiniteError; without it the NaN is returned", () => {
    expect(compile("log(x)", ["x"]).value([-1])).toBeNaN();
    const f = compile("log(x)", ["x"], { checkFinite: true });
    expect(f.value([Math.E])).toBe(1);
    const e = thrown(() => f.value([-1])) as NonFiniteError;
    expect(e).toBeInstanceOf(NonFiniteError);
    expect(e.message).toContain('value of "log(x)" is not finite at x = [-1]');
    expect(e.context.point).toEqual([-1]);
    expect(() => f.gradient([0])).toThrow(NonFiniteError);
    expect(() => f.valueAndGradient([0], new Float64Array(1))).toThrow(NonFiniteError);
    expect(() => f.hessian([0])).toThrow(NonFiniteError);
    const v = compileVector(["sqrt(x)", "x"], ["x"], { checkFinite: true });
    expect(() => v.value([-4])).toThrow(/value of "sqrt\(x\); x" is not finite/);
  });

  it("check the lengths of x and out", () => {
    const f = compile("x * y", ["x", "y"]);
    expect(() => f.value([1])).toThrow(ShapeMismatchError);
    expect(() => f.value([1])).toThrow(/x: needs length >= 2, got 1/);
    expect(() => f.gradient([1, 2], new Float64Array(1))).toThrow(/out: needs length >= 2, got 1/);
    expect(() => f.hessian([1, 2], new Float64Array(3))).toThrow(/out: needs length >= 4, got 3/);
    expect(() => compileVector([], ["x"])).toThrow(/sources: expected a non-empty array/);
  });
});
