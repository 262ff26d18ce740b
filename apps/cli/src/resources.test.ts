import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatBytes } from "./resources.js";
import { langevin, type Run, stderrLines } from "./test/run.js";

/** A refusal: exit 2, nothing on stdout, one line on stderr matching `pattern`. */
function refused(r: Run, pattern: RegExp): string {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe("");
  const lines = stderrLines(r);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  return lines[0];
}

const half = formatBytes(totalmem() / 2);
const all = formatBytes(totalmem());
/** Command-line words from one string (no argument here contains a space). */
const words = (line: string) => line.split(" ");
const fp = words("fp stationary --potential x^2+y^2 --beta 1 --domain -1:1,-1:1");
const sde = words("sde --drift -x --diffusion 1 --x0 0");
const evolve = words("fp evolve --potential x^2 --beta 1 --domain -1:1 --cells 50 --initial gaussian:0;0.1");
const dir = mkdtempSync(join(tmpdir(), "langevin-guard-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const coordinates = (d: number, first: number) => [first, ...new Array(d - 1).fill(0)].join(",");

describe("memory is estimated from the options and refused before anything is allocated", () => {
  it("--cells 1e9: the estimate, its parts and the limit in one line (before: grew to 8 GB)", () => {
    const line = refused(
      langevin(words("fp stationary --potential x^2 --beta 1 --domain -1:1 --cells 1e9")),
      /^langevin fp stationary: --cells: this run needs about \d+ GiB \(stationary solver on 1000000000 cells \d+ GiB, output on 1000000000 cells [\d.]+ GiB\), more than the limit of /,
    );
    expect(line).toContain(`more than the limit of ${half} (half of this machine's ${all}; --allow-large`);
  });

  it("a refused run with --out leaves the previous file as it was and no lock", () => {
    const file = join(dir, "result.json");
    writeFileSync(file, "previous\n");
    refused(
      langevin(words(`fp stationary --potential x^2 --beta 1 --domain -1:1 --cells 1e9 --out ${file}`)),
      /^langevin fp stationary: --cells: this run needs about/,
    );
    expect(readFileSync(file, "utf8")).toBe("previous\n");
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it("--allow-large raises the limit to the machine's memory, --max-memory sets it", () => {
    const big = [...fp, "--cells", "100000x100000"];
    refused(langevin([...big, "--allow-large"]), new RegExp(`limit of ${all} \\(all of this machine's`));
    // 400² cells: ~190 MiB with the runtime (197 MiB measured), refused within 150 MiB and solved
    // within 1 GiB
    const grid = [...fp, "--cells", "400", "--format", "text"];
    refused(
      langevin([...grid, "--max-memory", "0.15"]),
      /^.*--cells: this run needs about 1\d\d MiB .*\(--max-memory 0\.15\)$/,
    );
    const ok = langevin([...grid, "--max-memory", "1"]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/stationary density on 400x400 cells .*\n {2}mass 1 {3}residual/);
    refused(langevin([...grid, "--max-memory", "-1"]), /^.*--max-memory: must be > 0, got -1$/);
  });

  it("the histogram of sde --bins, neb --images, and the Hessian of critical/minimize in d = 20,000", () => {
    refused(
      langevin(
        ["sde", "--drift", "-x;-y", "--diffusion", "1", "--x0", "0,0", "--t1", "1", "--dt", "0.1"].concat([
          "--paths",
          "10",
          "--histogram",
          "-1:1,-1:1",
          "--bins",
          "20000x20000",
        ]),
      ),
      /^langevin sde: --bins: this run needs about [\d.]+ GiB \(histogram output [\d.]+ GiB, histogram states/,
    );
    refused(
      langevin(["neb", "--potential", "x^2+y^2", "--from", "-1,0", "--to", "1,0", "--images", "1000000000"]),
      /^langevin neb: --images: this run needs about \d+ GiB \(1000000000 images in 2 dimensions \d+ GiB, output [\d.]+ GiB/,
    );
    // before: V8 ran out of memory building the 2·10⁸-entry symbolic Hessian (an abort, no message)
    for (const [cmd, option] of [
      ["critical", "--near"],
      ["minimize", "--from"],
    ]) {
      refused(
        langevin([cmd, "--potential", "(x1^2-1)^2 + x2^2", `${option}=${coordinates(20_000, 0.5)}`]),
        new RegExp(`^langevin ${cmd}: ${option}: this run needs about \\d+ GiB \\(the 20000 × 20000 Hessian`),
      );
    }
  });

  it("sde in d = 2,000: the d × d covariances and d(d+1)/2 time averages, named by --x0", () => {
    const d = 2000;
    const drift = Array.from({ length: d }, (_, i) => `-x${i + 1}`).join(";");
    refused(
      langevin(
        ["sde", "--drift", drift, "--diffusion", "1", `--x0=${coordinates(d, 0)}`].concat([
          "--t1",
          "0.1",
          "--dt",
          "0.1",
          "--paths",
          "1000",
          "--max-memory",
          "1",
        ]),
      ),
      /^langevin sde: --x0: this run needs about [\d.]+ GiB \(a batch of 256 paths in 2000 dimensions [\d.]+ GiB, covariance output [\d.]+ MiB\).*\(--max-memory 1\)$/,
    );
  });
});

describe("steps and work are estimated and refused beyond the limits", () => {
  it("--t1 1e300 --dt 1e-300: an uncountable number of steps, even with --allow-large (before: looped forever)", () => {
    for (const args of [[...sde, "--paths", "1"], evolve]) {
      refused(
        langevin([...args, "--t1", "1e300", "--dt", "1e-300", "--allow-large"]),
        /--t1\/--dt: Infinity time steps, more than 2\^53 ≈ 9\.0e15: too many to count/,
      );
    }
  });

  it("sde: more than a day's work is refused with the steps, the work and the time; --allow-large lets it through", () => {
    const long = [...sde, "--t1", "1000", "--dt", "1e-6", "--paths", "100000"];
    refused(
      langevin(long),
      /^langevin sde: --paths\/--t1\/--dt: 1\.00e9 time steps, 1\.00e14 path-steps × dimension, about \d+ days at ~2\.00e7 a second: more than a day's work \(--allow-large runs it anyway\)$/,
    );
    // with --allow-large the guard lets it through: it then stops at the next check, an undefined
    // symbol in the drift (nothing else runs for weeks)
    refused(langevin([...long, "--allow-large", "--drift", "-z"]), /--drift: unknown symbol "z"/);
  });

  it("fp evolve: a per-step history of 1e8 steps is refused by its memory", () => {
    refused(
      langevin([...evolve, "--t1", "1e4", "--dt", "1e-4", "--max-memory", "8"]),
      /^langevin fp evolve: --t1\/--dt: this run needs about [\d.]+ GiB \(history of 1\.00e8 steps [\d.]+ GiB/,
    );
  });

  it("t1 and dt must be finite and > 0 (t0 = 0), each error naming its option", () => {
    const bad: [string, string, RegExp][] = [
      ["0", "0.1", /--t1: must be > 0, got 0/],
      ["-1", "0.1", /--t1: must be > 0, got -1/],
      ["1", "0", /--dt: must be > 0, got 0/],
      ["1", "-0.1", /--dt: must be > 0, got -0.1/],
      ["inf", "0.1", /--t1: expected a finite number, got "inf"/],
      ["Infinity", "0.1", /--t1: expected a finite number, got "Infinity"/],
      ["1", "NaN", /--dt: expected a finite number, got "NaN"/],
    ];
    for (const [t1, dt, pattern] of bad) {
      refused(langevin([...sde, "--t1", t1, "--dt", dt, "--paths", "1"]), pattern);
      refused(langevin([...evolve, "--t1", t1, "--dt", dt]), pattern);
    }
  });

  it("--workers beyond 4 per core is refused (before: 10⁶ workers took 9 GB)", () => {
    const max = 4 * availableParallelism();
    refused(
      langevin([...sde, "--t1", "1", "--dt", "0.1", "--paths", "10", "--workers", "1000000"]),
      new RegExp(
        `^langevin sde: --workers: at most ${max} on this machine \\(4 per core, \\d+ cores?\\), got 1000000$`,
      ),
    );
  });
});

describe("large inputs that used to fail now run", () => {
  it("neb in d = 20,000 (before: a V8 out-of-memory from the unused symbolic Hessian)", () => {
    const d = 20_000;
    const r = langevin(
      ["neb", "--potential", "(x1^2-1)^2 + x2^2 + 0.5*x3^2", "--images", "5"].concat([
        `--from=${coordinates(d, -1)}`,
        `--to=${coordinates(d, 1)}`,
        "--format",
        "json",
      ]),
    );
    expect(r.code, r.stderr).toBe(0);
    const j = r.json();
    // the straight path through the saddle at the origin: every image on the x1 axis
    expect(j.saddle.x).toHaveLength(d);
    expect(j.saddle.energy).toBe(1);
    expect(j.barrier.forward).toBe(1);
  });

  it("a potential of 2,000 terms (before: stack overflow, exit 70); an error in it quotes a window", () => {
    const n = 2000;
    // Σ (x − 1)²/k: minimum at x = 1, f'' = 2 Σ 1/k
    const terms = Array.from({ length: n }, (_, k) => `(x-1)^2/${k + 1}`).join(" + ");
    const r = langevin(["critical", "--potential", terms, "--near", "0.5", "--format", "json"]);
    expect(r.code, r.stderr).toBe(0);
    let h = 0;
    for (let k = 1; k <= n; k++) h += 2 / k;
    // Newton on a quadratic: one step to round-off of x ~ 1
    expect(r.json().x[0]).toBeAllclose(1, { rtol: 1e-12 });
    // 2,000 terms summed in another order than here: n·ε relative
    expect(r.json().eigenvalues[0]).toBeAllclose(h, { rtol: n * 2.3e-16 });
    const broken = `${terms} + * x`;
    const line = refused(
      langevin(["critical", "--potential", broken, "--near", "0.5"]),
      new RegExp(
        `--potential: Value expected at column ${broken.length - 2} in "\\.\\.\\..*\\+ \\* x" \\(${broken.length} characters\\)$`,
      ),
    );
    expect(line.length).toBeLessThan(200);
  });
});
