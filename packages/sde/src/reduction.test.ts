import { describe, expect, it } from "vitest";
import { ReductionTree } from "./reduction.js";

// States are strings recording the merge tree, so the test sees the exact order of operations.
const merge = (a: string, b: string) => `(${a}+${b})`;

function build(order: number[]): string | undefined {
  const t = new ReductionTree<string>(merge);
  for (const j of order) t.insert(0, j, `b${j}`);
  return t.fold((s) => s);
}

describe("ReductionTree", () => {
  it("gives the same merge tree whatever the order in which blocks arrive", () => {
    const inOrder = build([0, 1, 2, 3, 4, 5, 6]);
    // complete sibling pairs merge; the remaining aligned nodes [0,4), [4,6), [6] fold left to right
    expect(inOrder).toBe("((((b0+b1)+(b2+b3))+(b4+b5))+b6)");
    expect(build([6, 5, 4, 3, 2, 1, 0])).toBe(inOrder);
    expect(build([3, 0, 6, 1, 5, 2, 4])).toBe(inOrder);
  });

  it("combines two shards' nodes into the whole run's tree, and refuses overlaps", () => {
    const a = new ReductionTree<string>(merge);
    const b = new ReductionTree<string>(merge);
    for (const j of [0, 1, 2]) a.insert(0, j, `b${j}`);
    for (const j of [3, 4, 5, 6]) b.insert(0, j, `b${j}`);
    for (const n of b.list()) a.insert(n.level, n.index, n.state);
    expect(a.fold((s) => s)).toBe(build([0, 1, 2, 3, 4, 5, 6]));
    expect(() => a.insert(0, 4, "again")).toThrow(/covered twice/);
  });
});
