import { describe, expect, it } from "vitest";
import {
  createEvolver,
  evolve,
  fokkerPlanck,
  freeEnergy,
  grid,
  iluPreconditioner,
  klDivergence,
  mass,
  type PreconditionerFactory,
  potentialPhi,
  spmv,
  stationary,
  type TimeStepperFactory,
} from "./index.js";

const g = grid({
  bounds: [
    [-2, 2],
    [-2, 2],
  ],
  cells: [32, 32],
});
const f = (x: Float64Array) => 0.5 * (x[0] * x[0] - 1) ** 2 + 0.5 * x[1] * x[1] + 0.3 * x[0] * x[1];

function gaussian(): Float64Array {
  const rho = new Float64Array(g.size);
  const c = g.centers();
  for (let k = 0; k < g.size; k++)
    rho[k] = Math.exp(-((c[2 * k] + 1.2) ** 2 + (c[2 * k + 1] - 1) ** 2) / 0.1);
  const m = mass(g, rho);
  for (let k = 0; k < g.size; k++) rho[k] /= m;
  return rho;
}

/** A copy floored at 1e-14 of the peak and renormalised: KL and Φ need ρ_ss > 0 in the far tails. */
function floored(rho: Float64Array): Float64Array {
  const peak = Math.max(...rho);
  const out = rho.map((v) => Math.max(v, 1e-14 * peak));
  const m = mass(g, out);
  return out.map((v) => v / m);
}

const sameBits = (a: Float64Array, b: Float64Array) => a.every((v, i) => Object.is(v, b[i]));

describe("createEvolver", () => {
  const op = fokkerPlanck({ beta: 2, potential: f, diffusion: { constantMatrix: [1, 0.3, 0.3, 0.6] } }, g, {
    crossDiffusion: "monotone",
  });
  const ss = floored(stationary(op, { tol: 1e-12 }).density);

  for (const method of ["explicit", "implicit-euler", "crank-nicolson", "bdf2", "krylov-expm"] as const) {
    it(`${method}: advance to each snapshot time gives evolve's densities bit for bit`, () => {
      const snaps = [0.05, 0.13];
      const ref = evolve(op, gaussian(), { t1: 0.3, dt: 0.02, method, snapshots: snaps });
      const ev = createEvolver(op, gaussian(), { dt: 0.02, method });
      for (const [i, t] of snaps.entries()) {
        ev.advance(t);
        expect(sameBits(ev.density, ref.snapshots[i].density)).toBe(true);
      }
      ev.advance(0.3);
      expect(sameBits(ev.density, ref.density)).toBe(true);
      expect([ev.time, ev.steps, ev.iterations, ev.maxMassChange]).toEqual([
        ref.t,
        ref.steps,
        ref.iterations,
        ref.maxMassChange,
      ]);
    });
  }

  it("step(k) takes k steps of exactly dt: evolve over k·dt when (k·dt)/k === dt", () => {
    for (const method of ["explicit", "implicit-euler", "bdf2"] as const) {
      const dt = 0.25;
      const ev = createEvolver(op, gaussian(), { dt, method });
      ev.step(3);
      ev.step(5);
      const ref = evolve(op, gaussian(), { t1: 8 * dt, dt, method });
      expect(sameBits(ev.density, ref.density)).toBe(true);
      expect(ev.steps).toBe(8);
    }
  });

  for (const [label, dt, method] of [
    ["explicit", 0.01, "explicit"],
    ["implicit Euler", 0.5, "implicit-euler"],
  ] as const) {
    it(`${label} frames (the explorer's use): mass kept, KL(ρ_t‖ρ_ss) never increases, reaches ρ_ss`, () => {
      for (const diffusion of [1, { constantMatrix: [1, 0.3, 0.3, 0.6] }]) {
        // Selling's monotone stencil for the full D: an M-matrix either way
        const o = fokkerPlanck({ beta: 2, potential: f, diffusion }, g, { crossDiffusion: "monotone" });
        expect(o.diagnostics.positivityViolations).toBe(0);
        const ref = floored(stationary(o, { tol: 1e-12 }).density);
        const ev = createEvolver(o, gaussian(), {
          dt,
          method,
          preconditioner: "ilu",
          tol: 1e-10,
          massTol: 1e-13,
          reference: ref,
        });
        let kl = ev.kl();
        const kl0 = kl;
        for (let k = 0; k < Math.round(20 / dt); k++) {
          ev.step();
          // Σρ dV: explicit steps conserve it to round-off (~N·ε), implicit solves to massTol 1e-13
          expect(Math.abs(mass(g, ev.density) - 1)).toBeLessThan(1e-11);
          expect(ev.density.every((v) => v >= 0)).toBe(true);
          const next = ev.kl();
          // data processing inequality for a positive stochastic map with ρ_ss as fixed point;
          // 1e-12 relative for round-off
          expect(next).toBeLessThanOrEqual(kl * (1 + 1e-12) + 1e-15);
          kl = next;
        }
        // t = 20: the slowest (inter-well) rate is ~ e^{−βΔf}·O(1) ≈ 0.2–0.4 (βΔf = 1), so KL has
        // fallen by far more than e^{−4}; 0.05 is a loose bound that still fails if stepping stalls
        expect(kl).toBeLessThan(0.05 * kl0);
      }
    });
  }

  it("kl() and freeEnergy() are the package's functions of the current density and the reference", () => {
    const ev = createEvolver(op, gaussian(), { dt: 0.05, reference: ss });
    ev.step(4);
    const { phi } = potentialPhi(g, ss, op.beta);
    expect(ev.kl()).toBe(klDivergence(g, ev.density, ss));
    expect(ev.freeEnergy()).toBe(freeEnergy(g, ev.density, phi, op.beta));
    expect(() => createEvolver(op, gaussian(), { dt: 0.05 }).kl()).toThrow(/^options\.reference: /);
    expect(() => ev.advance(0.1)).toThrow(/^t: /); // behind the current time 0.2
  });

  it("a time stepper written outside the package (Heun) runs through evolve at second order", () => {
    const heun: TimeStepperFactory = (o) => {
      const L = o.generator;
      const k1 = new Float64Array(L.rows);
      const k2 = new Float64Array(L.rows);
      const y = new Float64Array(L.rows);
      return {
        name: "heun",
        step(rho, h) {
          spmv(L, rho, k1);
          for (let i = 0; i < rho.length; i++) y[i] = rho[i] + h * k1[i];
          spmv(L, y, k2);
          for (let i = 0; i < rho.length; i++) rho[i] += 0.5 * h * (k1[i] + k2[i]);
          return 0;
        },
      };
    };
    const exact = evolve(op, gaussian(), { t1: 0.1, dt: 0.01, method: "krylov-expm", tol: 1e-13 }).density;
    const err = (dt: number) => {
      const r = evolve(op, gaussian(), { t1: 0.1, dt, method: heun }).density;
      return Math.max(...r.map((v, i) => Math.abs(v - exact[i])));
    };
    // within Heun's stability limit (dt · maxRate ≤ 1 here): halving dt quarters the error
    const h = 0.5 / op.diagnostics.maxRate;
    const order = Math.log2(err(h) / err(h / 2));
    expect(order).toBeGreaterThan(1.8);
    expect(order).toBeLessThan(2.2);
  });

  it("a preconditioner written outside the package (Jacobi) serves evolve and stationary", () => {
    let built = 0;
    const jacobi: PreconditionerFactory = (A) => {
      built++;
      const d = new Float64Array(A.rows);
      for (let i = 0; i < A.rows; i++)
        for (let p = A.rowPtr[i]; p < A.rowPtr[i + 1]; p++) if (A.colIndex[p] === i) d[i] = A.values[p];
      return (r, z) => {
        for (let i = 0; i < r.length; i++) z[i] = r[i] / d[i];
      };
    };
    const a = evolve(op, gaussian(), { t1: 0.2, dt: 0.05, preconditioner: jacobi }).density;
    const b = evolve(op, gaussian(), { t1: 0.2, dt: 0.05, preconditioner: iluPreconditioner }).density;
    expect(built).toBe(1); // one system (one step length), factored once
    // both solves stop at relative residual 1e-12; the answers agree to that times the conditioning
    expect(Math.max(...a.map((v, i) => Math.abs(v - b[i])))).toBeLessThan(1e-9 * Math.max(...b));
    const s = stationary(op, { method: "ilu", preconditioner: jacobi, tol: 1e-11, maxIterations: 20000 });
    expect(built).toBeGreaterThan(1);
    expect(s.residual).toBeLessThan(1e-9);
  });
});
