import { describe, expect, it } from "vitest";
import { minimumSpanningTree } from "./paths.js";

describe("minimumSpanningTree", () => {
  it("picks the n − 1 lightest edges that connect the graph", () => {
    // Square 0-1-2-3 with a heavy diagonal: weights 1, 2, 3 on a path and 10 elsewhere.
    const w: Record<string, number> = { "0-1": 1, "1-2": 2, "2-3": 3, "0-2": 10, "0-3": 10, "1-3": 10 };
    const tree = minimumSpanningTree(4, (i, j) => w[`${i}-${j}`]);
    expect(tree.map(([i, j]) => `${i}-${j}`)).toEqual(["0-1", "1-2", "2-3"]);
  });
});
