import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "./errors.js";
import { jsonArray, jsonNumber, jsonNumbers, jsonObject, jsonString } from "./json-fields.js";

describe("json field checks", () => {
  it("return the value when it fits, and name the field and what it got otherwise", () => {
    expect(jsonObject({ a: 1 }, "o")).toEqual({ a: 1 });
    expect(() => jsonObject([1], "o")).toThrow("o: must be an object, got an array of length 1");
    expect(jsonArray([1, 2], "a", 2)).toEqual([1, 2]);
    expect(() => jsonArray({}, "a")).toThrow("a: must be an array, got an object");
    expect(jsonNumber(3, "n", { integer: true, min: 0 })).toBe(3);
    expect(() => jsonNumber(null, "n")).toThrow(InvalidArgumentError);
    expect(() => jsonNumber(null, "n")).toThrow("n: must be a finite number, got null");
    expect(() => jsonNumber(2.5, "n", { integer: true })).toThrow("n: must be an integer, got 2.5");
    expect(() => jsonNumber(-1, "n", { min: 0 })).toThrow("n: must be >= 0, got -1");
    expect(() => jsonNumbers([1, 2, Number.NaN], "v")).toThrow("v[2]: must be a finite number, got NaN");
    expect(jsonNumber(Number.NaN, "n", { finite: false })).toBeNaN();
    expect(() => jsonNumber(null, "n", { finite: false })).toThrow(
      "n: must be a number, got null (how JSON writes NaN and ±Infinity)",
    );
    expect(jsonString("em", "s", ["em", "heun"])).toBe("em");
    expect(() => jsonString("rk4", "s", ["em", "heun"])).toThrow('s: must be one of em, heun, got "rk4"');
    expect(() => jsonString(undefined, "s")).toThrow(
      "s: must be a string, got nothing (the field is missing)",
    );
  });
});
