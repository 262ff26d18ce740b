import { describe, expect, it } from "vitest";
import { langevin, stderrLines } from "../test/run.js";

describe("langevin fp stationary", () => {
  it("1-D double well: the density is the normalised Gibbs density e^{−βf}/Z, KL to Gibbs ~ 0", () => {
    const beta = 3;
    const n = 200;
    const r = langevin(
      ["fp", "stationary", "--potential", "(x^2-1)^2", "--beta", String(beta)].concat([
        "--domain",
        "-2:2",
        "--cells",
        String(n),
      ]),
    );
    expect(r.code).toBe(0);
    const j = r.json();
    expect(Object.keys(j)).toEqual(
      expect.arrayContaining([
        "axes",
        "density",
        "mass",
        "residual",
        "klToGibbs",
        "current",
        "potential",
        "mode",
      ]),
    );
    expect(j.axes).toHaveLength(1);
    expect(j.axes[0]).toMatchObject({ min: -2, max: 2, cells: n });
    const h = 4 / n;
    const centers = Array.from({ length: n }, (_, i) => -2 + (i + 0.5) * h);
    expect(j.axes[0].centers).toBeAllclose(centers, { atol: 1e-12 });
    // The Gibbs density computed here, independently of the solver.
    const w = centers.map((x) => Math.exp(-beta * (x * x - 1) ** 2));
    const z = w.reduce((a, b) => a + b, 0) * h;
    const gibbs = w.map((v) => v / z);
    // Exponentially fitted fluxes make e^{−βf} an exact discrete steady state; what is left is the
    // linear solver's relative residual (tol 1e-11) times the density scale (max ≈ 1).
    expect(j.density).toBeAllclose(gibbs, { atol: 1e-9, rtol: 1e-8 });
    expect(j.klToGibbs).toBeLessThan(1e-10);
    expect(j.mass).toBeAllclose(1, { atol: 1e-12 });
    // Detailed balance: the current vanishes up to round-off (fluxes ~ ρ/h·β⁻¹ ~ 10²).
    expect(Math.max(...j.current[0].map(Math.abs))).toBeLessThan(1e-9);
    // Highest density at the minima ±1: the mode is a cell centre within h/2 of one of them.
    expect(Math.abs(Math.abs(j.mode[0]) - 1)).toBeLessThanOrEqual(h / 2 + 1e-12);
    // Φ = f − min f (Φ is shifted to min 0, f's minimum is sampled at the centres). Compared where
    // βf <= 9, i.e. ρ/max ρ >= e^{-9}: there the density's absolute error (~1e-13, solver residual)
    // is a relative error <= 1e-8, so Φ = −β⁻¹ log ρ is good to ~3e-9; deeper tails are round-off.
    const f = centers.map((x) => (x * x - 1) ** 2);
    const fmin = Math.min(...f);
    const kept = f.map((_v, i) => i).filter((i) => f[i] <= 3);
    expect(kept.map((i) => j.potential[i])).toBeAllclose(
      kept.map((i) => f[i] - fmin),
      { atol: 1e-8 },
    );
  });

  it("2-D rotational drift −(I+A)∇U with --potential as reference: Gibbs density, circulating current", () => {
    // b = −(x + g y, y − g x) = −(I + A)∇U with U = (x² + y²)/2 and A = [[0, g], [−g, 0]]: ρ_ss ∝ e^{−βU}
    // and J = −A∇U ρ = g(−y, x) ρ, a counter-clockwise rotation (positive circulation).
    const r = langevin(
      ["fp", "stationary", "--drift", "-x - g*y; -y + g*x", "--param", "g=1"].concat([
        "--potential",
        "(x^2+y^2)/2",
        "--beta",
        "2",
        "--domain",
        "-3:3,-3:3",
        "--cells",
        "40x40",
        "--quiet",
      ]),
    );
    expect(r.code).toBe(0);
    const j = r.json();
    expect(j.axes).toHaveLength(2);
    expect(j.density).toHaveLength(1600);
    expect(j.current).toHaveLength(2);
    expect(j.current[0]).toHaveLength(1600);
    // Non-gradient drift: second-order accurate, h = 0.15, so KL ~ O(h⁴)·C; 1e-3 is a loose bound
    // that still fails for a wrong drift sign or a missing rotation (KL would be O(1)).
    expect(j.klToGibbs).toBeLessThan(1e-3);
    expect(j.circulation).toBeGreaterThan(0);
  });
});

describe("langevin fp stationary at low temperature (issue 15)", () => {
  const args = ["fp", "stationary", "--potential", "(x^2-1)^2+0.01*x", "--beta", "40"].concat([
    "--domain",
    "-2:2",
    "--cells",
    "400",
    "--format",
    "json",
    "--quiet",
  ]);

  it("a 40 kT double well on 400 cells: the discrete Gibbs split 0.689, certified (was 1.0 with exit 0)", () => {
    const r = langevin(args);
    expect(r.code).toBe(0);
    const j = r.json();
    // the discrete Gibbs state at the cell centres, summed here independently of the solver
    const h = 4 / 400;
    const w = Array.from({ length: 400 }, (_, i) => {
      const x = -2 + (i + 0.5) * h;
      return Math.exp(-40 * ((x * x - 1) ** 2 + 0.01 * x + 0.01)); // shifted by f_min ≈ −0.01 (cancels)
    });
    const gibbsLeft = w.slice(0, 200).reduce((a, b) => a + b, 0) / w.reduce((a, b) => a + b, 0);
    expect(gibbsLeft).toBeAllclose(0.689152, { atol: 1e-6 }); // the number in the issue
    const left = j.density.slice(0, 200).reduce((a: number, b: number) => a + b, 0) * h;
    // exact fluxes (Scharfetter–Gummel) and GTH's entrywise relative accuracy: round-off only
    expect(left).toBeAllclose(gibbsLeft, { rtol: 1e-12 });
    expect(j.method).toBe("gth");
    expect(j.diagnostic.certified).toBe(true);
    expect(j.diagnostic.basins).toHaveLength(2);
    const masses = j.diagnostic.basins.map((b: { mass: number }) => b.mass).sort();
    expect(masses).toBeAllclose([1 - gibbsLeft, gibbsLeft], { rtol: 1e-12 });
    expect(j.diagnostic.maxImbalance).toBeLessThan(1e-12); // balanced fluxes of an exact answer
    expect(j.diagnostic.metastability).toBeGreaterThan(39); // the right well's barrier: 0.99 · 40 kT
  });

  it("the old pinned solve (--method multigrid) is refused with what to do, exit 1", () => {
    const r = langevin([...args, "--method", "multigrid"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/split between 2 metastable basins is not certified/);
    expect(r.stderr).toMatch(/--method auto or --method gth/);
    const bad = langevin([...args, "--method", "lu"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--method: must be auto, gth, multigrid or ilu/);
  });

  it("a valid SPD D = [[1e4, 99], [99, 1]] and β = 1e308 are solver failures (exit 1), not bad input", () => {
    const fp = (potential: string, beta: string, ...rest: string[]) =>
      langevin(["fp", "stationary", "--potential", potential, "--beta", beta, ...rest]);
    const wide = fp("(x^2+y^2)/2", "1", "--diffusion", "1e4;99;1", "--domain", "-2:2,-2:2", "--cells", "32");
    expect(wide.code).toBe(1);
    expect(wide.stderr).not.toMatch(/positive-definite/);
    expect(wide.stderr).toMatch(/warning: the monotone stencil jumps 99 cells/);
    expect(wide.stderr).toMatch(/reducible .*--cross-diffusion central/);
    const cold = fp("(x^2-1)^2+0.01*x", "1e308", "--domain", "-2:2", "--cells", "100", "--quiet");
    expect(cold.code).toBe(1);
    expect(cold.stderr).not.toMatch(/positive-definite/);
    expect(cold.stderr).toMatch(/underflow to 0 .* lower β/);
  });
});

describe("langevin fp stationary --cross-diffusion", () => {
  // D = [[1, 0.95], [0.95, 1]]: the cross terms dominate, the central scheme is not an M-matrix
  const args = (mode: string) =>
    ["fp", "stationary", "--potential", "(x^2+y^2)/2", "--beta", "1", "--diffusion", "1;0.95;1"].concat([
      "--domain",
      "-4:4,-4:4",
      "--cells",
      "32x32",
      "--cross-diffusion",
      mode,
      "--quiet",
    ]);
  it("monotone (the 2-D default) leaves no negative cell; central does, warns and skips klToGibbs", () => {
    const central = langevin(args("central").filter((a) => a !== "--quiet"));
    expect(central.code).toBe(0);
    expect(central.stderr).toMatch(/negative somewhere .*--cross-diffusion monotone/);
    const c = central.json();
    expect(c.nonPositiveCells).toBeGreaterThan(0);
    expect(c.klToGibbs).toBeUndefined();
    for (const mode of ["monotone", "auto"]) {
      const mono = langevin(args(mode));
      expect(mono.code).toBe(0);
      const j = mono.json();
      expect(j.nonPositiveCells).toBe(0);
      expect(j.mass).toBeCloseTo(1, 12);
      // D ≠ I with drift −∇f: ρ_ss is not the Gibbs density (KL = O(1), not a discretisation error)
      expect(j.klToGibbs).toBeGreaterThan(0.1);
    }
  });

  it("names the flag for a bad value and for a 3-D grid", () => {
    const bad = langevin(args("upwind"));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--cross-diffusion: must be auto, central or monotone/);
    const three = langevin(
      ["fp", "stationary", "--potential", "(x^2+y^2+z^2)/2", "--beta", "1"].concat([
        "--diffusion",
        "1;0.5;0;1;0;1",
        "--domain",
        "-2:2,-2:2,-2:2",
        "--cells",
        "8",
        "--cross-diffusion",
        "monotone",
        "--quiet",
      ]),
    );
    expect(three.code).toBe(2);
    expect(three.stderr).toMatch(/--cross-diffusion: "monotone" is implemented for 2-D grids/);
  });
});

describe("langevin fp evolve", () => {
  it("KL(ρ_t ‖ ρ_ss) and the free energy never increase; mass stays 1", () => {
    const r = langevin(
      ["fp", "evolve", "--potential", "(x^2-1)^2", "--beta", "2", "--domain", "-2:2"].concat([
        "--cells",
        "80",
        "--initial",
        "gaussian:-1;0.05",
        "--t1",
        "2",
        "--snapshots",
        "0.5,1,2",
        "--dt",
        "0.02",
        "--quiet",
      ]),
    );
    expect(r.code).toBe(0);
    const j = r.json();
    expect(j.times).toEqual([0.5, 1, 2]);
    expect(j.snapshots).toHaveLength(3);
    expect(j.snapshots[0].density).toHaveLength(80);
    const kl: number[] = j.history.klToStationary;
    expect(kl.length).toBe(j.history.t.length);
    // Implicit Euler is monotone for this generator: allow round-off (1e-13) per step.
    for (let i = 1; i < kl.length; i++) expect(kl[i]).toBeLessThanOrEqual(kl[i - 1] + 1e-13);
    for (let i = 1; i < kl.length; i++)
      expect(j.history.freeEnergy[i]).toBeLessThanOrEqual(j.history.freeEnergy[i - 1] + 1e-13);
    // Mass is conserved to round-off with reflecting boundaries.
    expect(j.history.mass).toBeAllclose(Array(kl.length).fill(1), { atol: 1e-12 });
  });
});

describe("langevin fp evolve: the KL diagnostic never fails a valid run (issue 15)", () => {
  // The README example, run with each --method of the usage line.
  const readme = ["fp", "evolve", "--potential", "(x^2-1)^2", "--beta", "3", "--domain", "-2.5:2.5"].concat([
    "--cells",
    "200",
    "--initial",
    "gaussian:-1;0.05",
    "--t1",
    "5",
    "--snapshots",
    "0.5,1,5",
    "--format",
    "json",
  ]);
  const runs = new Map<string, ReturnType<typeof langevin>>();
  const run = (method: string) => {
    if (!runs.has(method)) runs.set(method, langevin([...readme, "--method", method]));
    return runs.get(method) as ReturnType<typeof langevin>;
  };
  for (const method of ["implicit-euler", "crank-nicolson", "bdf2", "explicit"]) {
    it(`the README example with --method ${method} exits 0 with finite KL and free energies`, () => {
      const r = run(method);
      expect(r.code).toBe(0);
      const j = r.json();
      for (const sn of j.snapshots) {
        expect(Number.isFinite(sn.klToStationary) && sn.klToStationary >= 0).toBe(true);
        expect(Number.isFinite(sn.freeEnergy)).toBe(true);
      }
      expect(j.history.negativeMass).toHaveLength(j.history.t.length);
      const warned = stderrLines(r).some((l) => /warning: the density went negative/.test(l));
      if (method === "implicit-euler" || method === "explicit") {
        // positive schemes (explicit sub-steps to dt ≤ 1/maxRate): nothing to clip, no warning
        expect(j.minDensity).toBeGreaterThanOrEqual(0);
        expect(j.maxNegativeMass).toBe(0);
        expect(warned).toBe(false);
      } else {
        // CN and BDF2 undershoot after the sharp start (dt·maxRate ≫ 1): they used to exit 2 here
        expect(j.minDensity).toBeLessThan(0);
        expect(j.maxNegativeMass).toBeGreaterThan(1e-9);
        expect(warned).toBe(true);
      }
    });
  }

  it("the second-order methods agree on KL at t = 5 (the clipped negative mass is gone by then)", () => {
    const kl = (m: string) => run(m).json().snapshots[2].klToStationary as number;
    // CN, BDF2 and sub-stepped explicit Euler all resolve t = 5 far better than 1e-4 (dt² ≈ 6e-4
    // times a decay rate ≲ 0.1); their undershoot has decayed by then (CN: min ρ ≈ −2e-14).
    // Measured differences ~1e-6.
    expect(kl("crank-nicolson")).toBeAllclose(kl("bdf2"), { rtol: 1e-4 });
    expect(kl("crank-nicolson")).toBeAllclose(kl("explicit"), { rtol: 1e-4 });
  });

  it("2-D --cross-diffusion central and 3-D full D (central) exit 0 and report the clipped mass", () => {
    const two = langevin(
      ["fp", "evolve", "--potential", "x^2/2 + y^2", "--beta", "1", "--domain", "-4:4,-4:4"].concat([
        "--cells",
        "32",
        "--initial",
        "exp(-10*((x-1)^2+y^2))",
        "--t1",
        "2",
        "--diffusion",
        "1;0.9;1",
        "--cross-diffusion",
        "central",
      ]),
    );
    expect(two.code).toBe(0);
    expect(two.json().maxNegativeMass).toBeGreaterThan(0);
    expect(stderrLines(two).at(-1)).toMatch(
      /warning: the density went negative .*\(--cross-diffusion monotone keeps a full D positive\)$/,
    );
    const three = langevin(
      ["fp", "evolve", "--potential", "x^2/2 + y^2 + z^2/2", "--beta", "1"].concat([
        "--domain",
        "-4:4,-4:4,-4:4",
        "--cells",
        "12",
        "--initial",
        "exp(-10*((x-1)^2+y^2+z^2))",
        "--t1",
        "1",
        "--diffusion",
        "1;0.3;0.1;1;0.2;1",
      ]),
    );
    expect(three.code).toBe(0);
    expect(Number.isFinite(three.json().snapshots[0].klToStationary)).toBe(true);
  });

  it("a negative --initial density is still bad input (exit 2)", () => {
    const r = langevin(
      ["fp", "evolve", "--potential", "x^2", "--beta", "1", "--domain", "-1:1", "--cells", "8"].concat([
        "--initial",
        "x",
        "--t1",
        "1",
      ]),
    );
    expect(r.code).toBe(2);
    expect(stderrLines(r)).toEqual([
      expect.stringMatching(
        /^langevin fp evolve: --initial: the density must be finite and >= 0, got -0\.875/,
      ),
    ]);
  });
});
