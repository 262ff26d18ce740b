import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { langevin, stderrLines } from "../test/run.js";

/** Exact mean and variance of Euler–Maruyama for dx = −θx dt + σ dW after n steps of h from x0. */
function emOu(theta: number, sigma: number, h: number, n: number, x0: number) {
  const a = 1 - theta * h;
  return { mean: a ** n * x0, variance: (sigma * sigma * h * (1 - a ** (2 * n))) / (1 - a * a) };
}

describe("langevin sde", () => {
  it("2-D Ornstein–Uhlenbeck: mean and covariance at t1 match the exact Euler–Maruyama law", () => {
    const paths = 20000;
    const r = langevin(
      ["sde", "--drift", "-x; -2*y", "--diffusion", "1; 0.5", "--x0", "1,-1"].concat([
        "--t1",
        "1",
        "--dt",
        "0.01",
        "--paths",
        String(paths),
        "--seed",
        "11",
      ]),
    );
    expect(r.code).toBe(0);
    const j = r.json();
    expect(Object.keys(j)).toEqual(
      expect.arrayContaining(["mean", "cov", "timeAverage", "evaluations", "seconds"]),
    );
    const ex = emOu(1, 1, 0.01, 100, 1);
    const ey = emOu(2, 0.5, 0.01, 100, -1);
    // Means: 4 standard errors sqrt(var/n).
    expect(j.mean[0]).toBeAllclose(ex.mean, { atol: 4 * Math.sqrt(ex.variance / paths) });
    expect(j.mean[1]).toBeAllclose(ey.mean, { atol: 4 * Math.sqrt(ey.variance / paths) });
    // Sample variances of Gaussians: standard error var·sqrt(2/(n−1)); 4 of them.
    expect(j.cov[0][0]).toBeAllclose(ex.variance, { atol: 4 * ex.variance * Math.sqrt(2 / (paths - 1)) });
    expect(j.cov[1][1]).toBeAllclose(ey.variance, { atol: 4 * ey.variance * Math.sqrt(2 / (paths - 1)) });
    // Independent noises: the covariance is 0 with standard error sqrt(vx·vy/n).
    expect(j.cov[0][1]).toBeAllclose(0, { atol: 4 * Math.sqrt((ex.variance * ey.variance) / paths) });
    expect(j.cov[1][0]).toBe(j.cov[0][1]);
    // One drift evaluation per path and step for Euler–Maruyama.
    expect(j.evaluations).toBe(paths * 100);
  });

  it("1-D OU from 0 with --beta: time averages after the burn-in match the stationary law", () => {
    // --beta 2 gives σ = sqrt(2/β) = 1; stationary EM variance σ²/(θ(2 − θh)) with θ = 1, h = 0.01.
    const paths = 5000;
    const r = langevin(
      ["sde", "--potential", "x^2/2", "--beta", "2", "--x0", "0", "--t1", "10", "--dt", "0.01"].concat([
        "--paths",
        String(paths),
        "--burn-in",
        "5",
        "--seed",
        "3",
      ]),
    );
    const j = r.json();
    const v = 1 / (2 - 0.01);
    // The standard error over paths of each path's time average is reported by the tool.
    expect(j.timeAverage.mean[0]).toBeAllclose(0, { atol: 4 * j.timeAverage.meanStandardError[0] });
    // Each path's time average of x² has variance <= var(x²) = 2v² (averaging correlated samples
    // does not increase it), so 4·sqrt(2)·v/sqrt(paths) bounds 4 standard errors.
    expect(j.timeAverage.cov[0][0]).toBeAllclose(v, { atol: (4 * Math.SQRT2 * v) / Math.sqrt(paths) });
    expect(j.timeAverage).toMatchObject({ from: 5, to: 10 });
  });

  it("--scheme baoab: underdamped harmonic oscillator samples ⟨q²⟩ = 1/β and ⟨p²⟩ = m/β", () => {
    // U = q²/2, β = 2, m = 1: Gibbs law q ~ N(0, 1/2), p ~ N(0, 1/2). BAOAB's configurational bias is
    // O(dt²) ≈ 1e-3 here, far below the sampling bound.
    const paths = 2000;
    const r = langevin(
      ["sde", "--potential", "x^2/2", "--beta", "2", "--scheme", "baoab", "--friction", "1"].concat([
        "--x0",
        "0",
        "--t1",
        "40",
        "--dt",
        "0.05",
        "--paths",
        String(paths),
        "--burn-in",
        "10",
        "--seed",
        "4",
      ]),
    );
    expect(r.code).toBe(0);
    const j = r.json();
    expect(j.vars).toEqual(["x", "p_x"]);
    // Per-path time averages of q² (or p²) have variance <= var(q²) = 2v²: 4 standard errors.
    const tol = (4 * Math.SQRT2 * 0.5) / Math.sqrt(paths);
    expect(j.timeAverage.cov[0][0]).toBeAllclose(0.5, { atol: tol });
    expect(j.timeAverage.cov[1][1]).toBeAllclose(0.5, { atol: tol });
  });

  it("--shard 0/2 and 1/2 merged equal the unsharded run (every observer, bit for bit)", () => {
    const dir = mkdtempSync(join(tmpdir(), "langevin-shard-"));
    const args = [
      "sde",
      "--potential",
      "(x^2-1)^2",
      "--beta",
      "2",
      "--x0",
      "0",
      "--t1",
      "2",
      "--dt",
      "0.01",
    ].concat([
      "--paths",
      "2500",
      "--burn-in",
      "1",
      "--histogram",
      "-2:2",
      "--bins",
      "20",
      "--exit",
      "x > 1.5",
      "--seed",
      "5",
    ]);
    const whole = langevin(args);
    expect(whole.code).toBe(0);
    const p0 = join(dir, "p0.json");
    const p1 = join(dir, "p1.json");
    expect(langevin([...args, "--shard", "0/2", "--out", p0]).code).toBe(0);
    expect(langevin([...args, "--shard", "1/2", "--out", p1]).code).toBe(0);
    const merged = langevin(["merge", p1, p0]);
    expect(merged.code).toBe(0);
    const a = whole.json();
    const b = merged.json();
    expect(a.histogram.density).toHaveLength(20);
    expect(a.firstPassage.exited).toBeGreaterThan(0);
    delete a.seconds;
    delete b.seconds;
    expect(b).toEqual(a);
    // Shards of different runs (here another seed) are refused.
    const other = join(dir, "other.json");
    langevin([...args.slice(0, -1), "6", "--shard", "1/2", "--out", other]);
    const mixed = langevin(["merge", p0, other]);
    expect(mixed.code).toBe(2);
    expect(stderrLines(mixed)[0]).toMatch(/different run/);
    // a shard file of another format version is refused with the reason
    const old = join(dir, "old.json");
    writeFileSync(old, JSON.stringify({ ...JSON.parse(readFileSync(p0, "utf8")), version: 1 }));
    const stale = langevin(["merge", old, p1]);
    expect(stale.code).toBe(2);
    expect(stderrLines(stale)[0]).toMatch(
      /version 1 shard file \(without a checksum of its content, and with the old time-average state\); this langevin writes and merges version 4/,
    );
  });

  it("--workers 2 gives the main thread's output bit for bit (evaluations too) and exits by itself", () => {
    const args = ["sde", "--potential", "(x^2-1)^2", "--beta", "2", "--x0", "0", "--t1", "2"].concat([
      "--dt",
      "0.01",
      "--paths",
      "2500",
      "--burn-in",
      "1",
      "--histogram",
      "-2:2",
      "--exit",
      "x > 1.5",
    ]);
    const main = langevin(args);
    expect(main.code).toBe(0);
    // 2500 paths are 3 blocks (3 parts for 2 threads); 300 paths are one part, one thread stays idle
    for (const paths of ["2500", "300"]) {
      const a = langevin(args.map((v, i) => (args[i - 1] === "--paths" ? paths : v)));
      const w = langevin([...args.map((v, i) => (args[i - 1] === "--paths" ? paths : v)), "--workers", "2"]);
      expect(w.code, w.stderr).toBe(0); // spawnSync would time out (code -1) if an idle thread held the process
      const ja = a.json();
      const jw = w.json();
      expect(jw.evaluations).toBeGreaterThan(0);
      delete ja.seconds;
      delete jw.seconds;
      expect(jw).toEqual(ja);
    }
    const bad = langevin([...args, "--workers", "2", "--shard", "0/2"]);
    expect(bad.code).toBe(2);
    expect(stderrLines(bad)[0]).toMatch(/--workers: not with --shard/);
  });

  it("refuses a non-integer number of steps and an sra run with state-dependent noise", () => {
    const steps = langevin([
      "sde",
      "--drift",
      "-x",
      "--diffusion",
      "1",
      "--x0",
      "0",
      "--t1",
      "1",
      "--dt",
      "0.3",
      "--paths",
      "10",
    ]);
    expect(steps.code).toBe(2);
    expect(steps.stderr).toMatch(/whole number of steps/);
    const sra = langevin(
      ["sde", "--drift", "-x", "--diffusion", "x", "--x0", "1", "--t1", "1", "--dt", "0.1"].concat([
        "--paths",
        "10",
        "--scheme",
        "sra",
      ]),
    );
    expect(sra.code).toBe(2);
    expect(sra.stderr).toMatch(/additive noise/);
  });

  it("d = 150: the time averages of the 11,325 products x_i x_j cost O(d²), not O(d⁴)", () => {
    // before: a 11,475² covariance of the time-averaged quantities, 3.2 GB, 72 s, then exit 70
    const d = 150;
    const x0 = Array.from({ length: d }, (_, i) => (i + 1) / d);
    const r = langevin(
      ["sde", "--drift", x0.map((_, i) => `-x${i + 1}`).join(";"), "--diffusion", "1"].concat([
        "--x0",
        x0.join(","),
        "--t1",
        "0.01",
        "--dt",
        "0.01",
        "--paths",
        "10",
      ]),
    );
    expect(r.code).toBe(0);
    const ta = r.json().timeAverage;
    // one step, left-point rule: each path's time average is x0 itself, the same for every path;
    // x0·dt/dt is x0 to one rounding of each operation (rtol 1e-15)
    expect(ta.mean).toBeAllclose(x0, { rtol: 1e-15 });
    expect(ta.meanStandardError).toEqual(new Array(d).fill(0));
    expect(ta.cov).toHaveLength(d);
    // mean(x_i x_j) − mean_i·mean_j of equal numbers: zero up to the rounding of products < 1
    expect(ta.cov.flat()).toBeAllclose(new Array(d * d).fill(0), { atol: 1e-15 });
  });
});
