import { AbortError, InvalidArgumentError } from "@langevin/core";
import { describe, expect, it } from "vitest";
import { grid2d } from "../../test/grids.js";
import { SolverBreakdownError } from "../errors.js";
import { type Grid, grid } from "../grid.js";
import { type CsrMatrix, CsrRowBuilder } from "./csr.js";
import { gridDissection } from "./dissection.js";
import { gthPlan, gthStationary } from "./gth.js";

/** A seeded uniform generator (mulberry32), so that the random chains are the same on every run. */
function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Neighbours of a cell: ±1 along every axis (wrapping on periodic axes) and, in 2-D, the diagonals. */
function neighbours(g: Grid, c: number): number[] {
  const m = g.unravel(c);
  const out = new Set<number>();
  const steps: number[][] = [];
  for (let k = 0; k < g.dim; k++) {
    for (const s of [-1, 1]) steps.push(Array.from({ length: g.dim }, (_, a) => (a === k ? s : 0)));
  }
  if (g.dim === 2) for (const s of [-1, 1]) for (const t of [-1, 1]) steps.push([s, t]);
  for (const st of steps) {
    const t = m.map((v, a) => v + st[a]);
    let ok = true;
    for (let a = 0; a < g.dim; a++) {
      if (t[a] < 0 || t[a] >= g.cells[a]) {
        if (g.bc[a][0] === "periodic") t[a] = (t[a] + g.cells[a]) % g.cells[a];
        else ok = false;
      }
    }
    if (ok && g.ravel(t) !== c) out.add(g.ravel(t));
  }
  return [...out];
}

/** The generator (column convention, L[i][j] = rate j → i, zero column sums) of rates `rate(j, i)`. */
function generatorOf(g: Grid, rate: (from: number, to: number) => number): CsrMatrix {
  const n = g.size;
  const b = new CsrRowBuilder(n, n, 16 * n);
  const exit = new Float64Array(n);
  for (let j = 0; j < n; j++) for (const i of neighbours(g, j)) exit[j] += rate(j, i);
  for (let i = 0; i < n; i++) {
    b.add(i, -exit[i]);
    for (const j of neighbours(g, i)) b.add(j, rate(j, i));
    b.endRow();
  }
  return b.finish();
}

/** Dense GTH in the natural order (Stewart's textbook form), the reference: log π up to a constant. */
function denseGth(L: CsrMatrix): Float64Array {
  const n = L.rows;
  const R = new Float64Array(n * n); // R[i][j] = rate i → j
  for (let i = 0; i < n; i++)
    for (let p = L.rowPtr[i]; p < L.rowPtr[i + 1]; p++)
      if (L.colIndex[p] !== i) R[L.colIndex[p] * n + i] = L.values[p];
  for (let k = n - 1; k > 0; k--) {
    let s = 0;
    for (let j = 0; j < k; j++) s += R[k * n + j];
    for (let i = 0; i < k; i++) R[i * n + k] /= s;
    for (let i = 0; i < k; i++)
      for (let j = 0; j < k; j++) if (i !== j) R[i * n + j] += R[i * n + k] * R[k * n + j];
  }
  const log = new Float64Array(n);
  for (let j = 1; j < n; j++) {
    let big = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < j; i++) if (R[i * n + j] > 0) big = Math.max(big, log[i]);
    let s = 0;
    for (let i = 0; i < j; i++) if (R[i * n + j] > 0) s += R[i * n + j] * Math.exp(log[i] - big);
    log[j] = big + Math.log(s);
  }
  return log;
}

/** Largest |Δ log π| after removing the free additive constant: the entrywise relative error. */
function logDistance(a: Float64Array, b: Float64Array): number {
  const shift = a[0] - b[0];
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i] - shift));
  return worst;
}

const solve = (g: Grid, L: CsrMatrix) => gthStationary(L, gthPlan(L, gridDissection(g, L)));

describe("gthStationary", () => {
  it("a reversible chain with π spanning 500 decades: log π exact to entrywise relative accuracy", () => {
    for (const g of [
      grid({ bounds: [[0, 1]], cells: [300] }),
      grid({
        bounds: [
          [0, 1],
          [0, 1],
        ],
        cells: [30, 26],
        bc: ["reflecting", "periodic"],
      }),
      grid({
        bounds: [
          [0, 1],
          [0, 1],
          [0, 1],
        ],
        cells: [7, 6, 5],
      }),
    ]) {
      const rand = uniform(7);
      // π = e^{−U} over 500 decades: a rough landscape (wells, walls, noise of 10 nats per cell) whose
      // neighbours differ by at most ~60 nats, so that no rate underflows
      const x = new Float64Array(g.dim);
      const U = Float64Array.from({ length: g.size }, (_, c) => {
        g.center(c, x);
        let s = 0;
        for (let k = 0; k < g.dim; k++) s += Math.sin(7 * x[k] + k) ** 2 + x[k] ** 2;
        return (1140 / (2 * g.dim)) * s + 10 * rand();
      });
      const cond = new Map<string, number>();
      const key = (i: number, j: number) => (i < j ? `${i},${j}` : `${j},${i}`);
      // Metropolis rates c_ij min(1, π_j/π_i) with random conductances over 30 decades: detailed balance
      const L = generatorOf(g, (from, to) => {
        const k = key(from, to);
        if (!cond.has(k)) cond.set(k, 10 ** (-30 * rand()));
        return (cond.get(k) as number) * Math.exp(Math.min(0, U[from] - U[to]));
      });
      const log = solve(g, L);
      // GTH never subtracts: each π_i carries a relative error of a few ε per elimination step that
      // touches it (O'Cinneide's bound depends on n only). Measured ≤ 1.4e-13, which is the spacing of
      // doubles near log π ≈ 1000 itself; 1e-11 leaves margin for other orders of summation.
      expect(
        logDistance(
          log,
          Float64Array.from(U, (u) => -u),
        ),
      ).toBeLessThan(1e-11);
    }
  });

  it("a non-reversible random chain with rates over 60 decades: agrees with the dense textbook GTH", () => {
    const g = grid2d([0, 1], [0, 1], [12, 11]);
    const rand = uniform(11);
    const rates = new Map<string, number>();
    const L = generatorOf(g, (from, to) => {
      const k = `${from},${to}`;
      if (!rates.has(k)) rates.set(k, 10 ** (-60 * rand()));
      return rates.get(k) as number;
    });
    const log = solve(g, L);
    const ref = denseGth(L);
    let span = 0;
    for (const v of ref) span = Math.max(span, Math.abs(v - ref[0]));
    expect(span).toBeGreaterThan(20); // π itself spans more than e^{20}: no accident of scale
    // two GTH eliminations in different orders, each entrywise accurate to a few n ε (n = 132);
    // measured 4e-14
    expect(logDistance(log, ref)).toBeLessThan(1e-11);
  });

  it("nested dissection: every front stays within the separators, fill far below the banded order", () => {
    const n = 128;
    const g = grid2d([0, 1], [0, 1], [n, n]);
    const L = generatorOf(g, () => 1);
    const tree = gridDissection(g, L);
    expect([...tree.perm].sort((a, b) => a - b)).toEqual(Array.from({ length: g.size }, (_, i) => i));
    const plan = gthPlan(L, tree); // throws if a separator failed to separate
    // the natural order has bandwidth n + 1 (with the diagonal couplings): LU stores ~N · 2(n + 1)
    // entries in ~N (n + 1)² multiply–adds; nested dissection ~n² log n and ~n³ (measured 1/9 and 1/8)
    expect(plan.factorEntries).toBeLessThan(0.2 * g.size * 2 * (n + 1));
    expect(plan.flops).toBeLessThan(0.2 * g.size * (n + 1) ** 2);
  });

  it("reports progress to 1, stops on abort, and refuses negative or reducible rates", () => {
    const g = grid2d([0, 1], [0, 1], [24, 24]);
    const L = generatorOf(g, () => 1);
    const plan = gthPlan(L, gridDissection(g, L));
    const seen: number[] = [];
    gthStationary(L, plan, { onProgress: (f) => seen.push(f) });
    expect(seen.at(-1)).toBe(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
    const controller = new AbortController();
    controller.abort();
    expect(() => gthStationary(L, plan, { signal: controller.signal })).toThrow(AbortError);

    const negative = generatorOf(g, (from, to) => (from === 0 && to === 1 ? -1 : 1));
    expect(() => gthStationary(negative, plan)).toThrow(InvalidArgumentError);
    // two halves that never exchange: two closed classes, no unique stationary vector
    const half = (c: number) => g.unravel(c)[0] < 12;
    const split = generatorOf(g, (from, to) => (half(from) === half(to) ? 1 : 0));
    expect(() => gthStationary(split, gthPlan(split, gridDissection(g, split)))).toThrow(
      SolverBreakdownError,
    );
  });
});
