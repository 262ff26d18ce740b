import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// The "mathjs" entry evaluates every mathjs module and builds every function (1–2 s of CPU per
// process); the package must load mathjs only through its single-file build (see parse.ts).
describe("mathjs loading", () => {
  it("no runtime source file imports the 'mathjs' or 'mathjs/number' entry (type imports are free)", () => {
    const dir = new URL(".", import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
    expect(files).toContain("parse.ts");
    const offenders = files.filter((f) =>
      /^\s*import\s+(?!type\b)[^;]*from\s+"mathjs(\/number)?"/m.test(readFileSync(new URL(f, dir), "utf8")),
    );
    expect(offenders).toEqual([]);
    expect(readFileSync(new URL("parse.ts", dir), "utf8")).toMatch(/from "mathjs\/lib\/browser\/math\.js"/);
  });
});
