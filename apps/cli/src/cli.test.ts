import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { langevin, stderrLines } from "./test/run.js";

const COMMANDS = [
  "sde",
  "merge",
  "fp stationary",
  "fp evolve",
  "neb",
  "minimize",
  "critical",
  "reproduce",
  "slurm",
];

describe("langevin --help", () => {
  it("lists every command and exits 0", () => {
    const r = langevin(["--help"]);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toContain(`  ${c}`);
    expect(r.stdout).toContain("Exit codes");
  });

  it("every command has --help with usage, options and examples", () => {
    for (const c of COMMANDS) {
      const r = langevin([...c.split(" "), "--help"]);
      expect(r.code, c).toBe(0);
      expect(r.stdout, c).toContain(`Usage: langevin ${c}`);
      expect(r.stdout, c).toContain("Examples:");
      expect(r.stdout, c).toMatch(new RegExp(`\\n  langevin ${c}`));
    }
  });

  it("with no arguments prints the help on stderr and exits 2", () => {
    const r = langevin([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Commands:");
  });
});

describe("user errors: one line on stderr, exit 2", () => {
  const cases: [string, string[], RegExp][] = [
    [
      "malformed expression",
      ["critical", "--potential", "x + * y", "--near", "0,0"],
      /--potential: .*column 5/,
    ],
    [
      "unknown variable",
      ["minimize", "--potential", "x^2 + z", "--from", "1,1"],
      /unknown symbol "z".*allowed variables: x, y/,
    ],
    [
      "impossible domain",
      ["fp", "stationary", "--potential", "x^2", "--beta", "1", "--domain", "2:-2", "--cells", "50"],
      /--domain: axis 1 is empty or reversed/,
    ],
    [
      "non-positive-definite diffusion",
      [
        "fp",
        "stationary",
        "--potential",
        "x^2+y^2",
        "--beta",
        "1",
        "--domain",
        "-2:2,-2:2",
        "--cells",
        "8",
      ].concat(["--diffusion", "1;2;1"]),
      /--diffusion: .*not positive-definite/,
    ],
    [
      "non-positive-definite diffusion field",
      ["fp", "stationary", "--potential", "x^2", "--beta", "1", "--domain", "-2:2", "--cells", "16"].concat([
        "--diffusion-diag",
        "x",
      ]),
      /positive|> 0/,
    ],
    [
      "missing required option",
      ["neb", "--potential", "x^2+y^2", "--from", "1,0"],
      /missing required option --to/,
    ],
    [
      "unknown option",
      ["critical", "--potential", "x^2", "--near", "1", "--nearby", "2"],
      /Unknown option '--nearby'/,
    ],
    ["unknown command", ["simulate"], /unknown command "simulate"/],
    ["bad format", ["critical", "--potential", "x^2", "--near", "1", "--format", "xml"], /--format/],
    [
      "wrong dimension",
      ["neb", "--potential", "x^2+y^2", "--from", "1,0", "--to", "1,0,0"],
      /--to: expected 2/,
    ],
  ];
  for (const [name, args, pattern] of cases) {
    it(name, () => {
      const r = langevin(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      const lines = stderrLines(r);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(pattern);
    });
  }
});

describe("output options", () => {
  it("--format text and csv, --out FILE, negative values after an option", () => {
    const args = ["critical", "--potential", "(x^2-1)^2 + y^2", "--near", "-0.2,0.1"];
    const text = langevin([...args, "--format", "text"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("saddle of index 1");
    const dir = mkdtempSync(join(tmpdir(), "langevin-cli-"));
    const out = join(dir, "c.csv");
    const csv = langevin([...args, "--format", "csv", "--out", out]);
    expect(csv.code).toBe(0);
    expect(csv.stdout).toBe("");
    const written = readFileSync(out, "utf8");
    expect(written.split("\n")[0]).toBe("key,value");
    expect(written).toContain("index,1");
  });
});
