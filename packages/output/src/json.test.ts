import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeFileAtomic } from "./atomic.js";
import { jsonChunks } from "./json.js";

const dir = mkdtempSync(join(tmpdir(), "output-json-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const text = (v: unknown, indent?: number) => [...jsonChunks(v, { indent })].join("");

/** JSON.stringify with typed arrays as arrays, then numeric arrays put on one line (the old CLI format). */
function reference(v: unknown, indent: number): string {
  const s = JSON.stringify(v, (_k, x) => (ArrayBuffer.isView(x) ? Array.from(x as Float64Array) : x), indent);
  return indent === 0
    ? s
    : s.replace(/\[\s+(-?[\d.eE+-]+|null)(,\s+(-?[\d.eE+-]+|null))*\s+\]/g, (m) => m.replace(/\s+/g, ""));
}

describe("jsonChunks", () => {
  const sample = {
    density: new Float64Array([1, -0, Number.NaN, 2.5e-300, Number.POSITIVE_INFINITY]),
    counts: new Int32Array([3, 4]),
    nested: [
      [1, 2],
      [3, null],
    ],
    mixed: [1, "a", true, undefined, () => 1],
    empty: { a: [], b: {}, c: new Float64Array(0) },
    gone: undefined,
    when: new Date(0),
    text: 'quote " and \\ and \n',
  };
  it("writes what JSON.stringify writes, with numeric arrays on one line, at any indentation", () => {
    for (const indent of [0, 1, 2]) expect(text(sample, indent)).toBe(reference(sample, indent));
    expect(text(sample)).toContain('"density": [1,0,null,2.5e-300,null]');
    expect(text(7)).toBe("7");
    expect(text(undefined)).toBe("null");
  });
  it("refuses a cycle and a BigInt like JSON.stringify", () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(() => text(a)).toThrow(TypeError);
    expect(() => text({ n: 1n })).toThrow(TypeError);
  });
  it("streams a 4·10⁶-element result in small chunks that parse back (no giant string, no stack overflow)", () => {
    // The CLI's old toJson died here: a regex over a 4·10⁶-line string overflows the stack.
    const n = 4_000_000;
    const density = new Float64Array(n);
    for (let i = 0; i < n; i++) density[i] = Math.sin(i) / (i + 1);
    const plain = Array.from({ length: n / 4 }, (_, i) => i);
    let longest = 0;
    let chunks = 0;
    function* counted() {
      for (const c of jsonChunks({ density, plain, axes: [{ min: 0, max: 1 }] })) {
        longest = Math.max(longest, c.length);
        chunks++;
        yield c;
      }
    }
    const path = join(dir, "big.json");
    writeFileAtomic(path, counted());
    // 8192 numbers per chunk, each at most 24 characters (-1.2345678901234567e-300) and a comma.
    expect(longest).toBeLessThanOrEqual(8192 * 25 + 1);
    expect(chunks).toBeGreaterThan(n / 8192);
    const back = JSON.parse(readFileSync(path, "utf8"));
    expect(back.density).toHaveLength(n);
    expect(back.plain).toHaveLength(n / 4);
    for (const i of [0, 1, 8191, 8192, 123_457, n / 4 - 1]) expect(back.plain[i]).toBe(i);
    for (const i of [0, 1, 8191, 8192, 123_457, n - 1]) expect(back.density[i]).toBe(density[i]);
    expect(back.axes).toEqual([{ min: 0, max: 1 }]);
  });
});
