import { describe, expect, it } from "vitest";
import { byMode } from "./by-mode.js";

describe("byMode", () => {
  it("picks the value of the mode", () => {
    const sizes = { test: 2, fast: 4, full: 6 };
    expect([byMode("test", sizes), byMode("fast", sizes), byMode("full", sizes)]).toEqual([2, 4, 6]);
  });
});
