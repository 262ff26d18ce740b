import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OutputFile } from "@langevin/output";
import { afterAll, describe, expect, it } from "vitest";
import type { CommandResult } from "./command.js";
import { csvTable, flatCsv, renderResult, rowsOf } from "./output.js";

const dir = mkdtempSync(join(tmpdir(), "cli-output-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const joined = (chunks: Iterable<string>) => [...chunks].join("");

describe("renderResult", () => {
  const small: CommandResult = {
    data: { x: new Float64Array([1, -0, Number.NaN]), nested: [[1, 2]], name: "a,b", skip: undefined },
    text: () => "a summary\n\n",
  };
  it("JSON as before: two-space indentation, numeric arrays on one line, a final newline", () => {
    expect(joined(renderResult(small, "json"))).toBe(
      '{\n  "x": [1,0,null],\n  "nested": [\n    [1,2]\n  ],\n  "name": "a,b"\n}\n',
    );
  });
  it("CSV: the command's table (whole or in chunks), else one key,value row per leaf; text with one newline", () => {
    expect(joined(renderResult(small, "csv"))).toBe(
      'key,value\nx[0],1\nx[1],0\nx[2],\nnested[0][0],1\nnested[0][1],2\nname,"a,b"\n',
    );
    expect(joined(renderResult({ ...small, csv: () => "t\n1\n" }, "csv"))).toBe("t\n1\n");
    expect(joined(renderResult({ ...small, csv: () => csvTable(["t"], [[1], [2]]) }, "csv"))).toBe(
      "t\n1\n2\n",
    );
    expect(joined(renderResult(small, "text"))).toBe("a summary\n");
  });
  it("rowsOf makes each row only when csvTable asks for it", () => {
    const made: number[] = [];
    const rows = rowsOf(3, (i) => {
      made.push(i);
      return [i, i * i];
    });
    expect(made).toEqual([]);
    expect(joined(csvTable(["i", "square"], rows))).toBe("i,square\n0,0\n1,1\n2,4\n");
    expect(made).toEqual([0, 1, 2]);
  });
  it("writes a 4·10⁶-cell result as CSV that reads back whole (no giant string, no row list)", () => {
    // At 10⁷ cells the old CSV text exceeded the longest string V8 allows. (JSON at this size: the
    // --bins 2000x2000 test in out-option.test.ts and jsonChunks' test in @langevin/output.)
    const n = 4_000_000;
    const density = new Float64Array(n);
    for (let i = 0; i < n; i++) density[i] = 1 / (i + 1);
    const result: CommandResult = { data: { axes: [{ cells: n }], density }, text: () => "" };
    const csvPath = join(dir, "big.csv");
    const out = OutputFile.open(csvPath);
    let longest = 0;
    out.write(
      (function* () {
        for (const c of renderResult(result, "csv")) {
          longest = Math.max(longest, c.length);
          yield c;
        }
      })(),
    );
    out.close();
    // 4096 rows a chunk, each "density[3999999]," (17), a number (≤ 24) and a newline; the header.
    expect(longest).toBeLessThanOrEqual(4096 * 42 + 32);
    const lines = readFileSync(csvPath, "utf8").split("\n");
    expect(lines).toHaveLength(n + 3); // header, axes[0].cells, n cells, and "" after the last newline
    expect(lines[0]).toBe("key,value");
    expect(lines[1]).toBe(`axes[0].cells,${n}`);
    expect(lines[2]).toBe("density[0],1");
    expect(lines[2 + n - 1]).toBe(`density[${n - 1}],${density[n - 1]}`);
  });
  it("flatCsv walks typed arrays without copying them into a row list", () => {
    expect(joined(flatCsv({ a: new Int32Array([5, 6]) }))).toBe("key,value\na[0],5\na[1],6\n");
  });
});
