import { eulerMaruyama, moments, type Scheme, saveAt, solve, type TimeAverageResult } from "@langevin/sde";
import { describe, expect, it } from "vitest";
import { leimkuhlerMatthews, secondMoment } from "./leimkuhler-matthews.mjs";

// Problems and observers are named by module, so worker threads and shards rebuild them.
const module = new URL("./leimkuhler-matthews.mjs", import.meta.url).href;

describe("Leimkuhler–Matthews, a scheme written outside the package", () => {
  it("runs on 2 worker threads and in 2 shards bit for bit as on the main thread", async () => {
    const observers = { m: moments({ times: [1, 4] }), s: saveAt([4], { paths: [0, 1000, 2299] }) };
    // 2300 paths in blocks of 512: the last block is partial, and shards split at a block boundary
    const options = {
      scheme: leimkuhlerMatthews(),
      dt: 0.05,
      t1: 4,
      paths: 2300,
      seed: 77,
      blockSize: 512,
      observers,
    };
    const problem = { module, export: "quadraticWell", args: { beta: 2 } };
    const main = await solve(problem, options);
    const two = await solve(problem, { ...options, workers: 2 });
    expect(two.observers).toEqual(main.observers);
    const s0 = await solve(problem, { ...options, shard: { index: 0, count: 2 } });
    const s1 = await solve(problem, { ...options, shard: { index: 1, count: 2 } });
    expect(s0.merge(s1).observers).toEqual(main.observers);
    // LM is exact on Gaussian invariant measures: V's variances 1/β and 1/(2β) at t = 4 (e^{−8} of
    // the start left) to 5 standard errors of a variance over 2300 paths, √(2/2300) relative
    const v = main.observers.m.variance[1];
    expect(Math.abs(v[0] - 0.5) / 0.5).toBeLessThan(5 * Math.sqrt(2 / 2300));
    expect(Math.abs(v[1] - 0.25) / 0.25).toBeLessThan(5 * Math.sqrt(2 / 2300));
  });

  it("has invariant-measure bias O(h²) against Euler–Maruyama's O(h), measured on V = x⁴/4", async () => {
    // E[x²] under e^{−x⁴/4} is 2Γ(3/4)/Γ(1/4) (Γ(3/4) = 1.2254167024651776…, Γ(1/4) = 3.6256099082219083…).
    const exact = (2 * 1.2254167024651776) / 3.625609908221908;
    const paths = 16000;
    const burnIn = 5;
    const bias = async (scheme: Scheme, dt: number, t1: number) => {
      const r = await solve(
        { module, export: "quarticWell", args: { paths } },
        { scheme, dt, t1, paths, seed: 2026, workers: 2, observers: { x2: secondMoment({ burnIn }) } },
      );
      const { mean, standardError } = r.observers.x2 as TimeAverageResult;
      return { bias: mean - exact, se: standardError };
    };
    /** Slope of log|bias| between h and 2h, with its standard error from the two runs' errors. */
    const slope = (a: { bias: number; se: number }, b: { bias: number; se: number }) => ({
      value: Math.log2(b.bias / a.bias),
      se: Math.hypot(a.se / a.bias, b.se / b.bias) / Math.LN2,
    });
    const em = [await bias(eulerMaruyama, 0.05, 800), await bias(eulerMaruyama, 0.1, 800)];
    const lm = [await bias(leimkuhlerMatthews(), 0.1, 2000), await bias(leimkuhlerMatthews(), 0.2, 2000)];
    const emSlope = slope(em[0], em[1]);
    const lmSlope = slope(lm[0], lm[1]);
    console.log(
      `E[x²] bias: EM h=0.05 ${fmt(em[0])}, h=0.1 ${fmt(em[1])}, slope ${emSlope.value.toFixed(2)} ± ${emSlope.se.toFixed(2)}; ` +
        `LM h=0.1 ${fmt(lm[0])}, h=0.2 ${fmt(lm[1])}, slope ${lmSlope.value.toFixed(2)} ± ${lmSlope.se.toFixed(2)}`,
    );
    // The runs resolve the slopes: one standard error below 0.25 each, so 4 of them separate 1 from 2.
    expect(emSlope.se).toBeLessThan(0.25);
    expect(lmSlope.se).toBeLessThan(0.25);
    // Order 1 and order 2, each within 4 standard errors plus 0.3 for the pre-asymptotic part (the
    // exact biases of the two chains, computed by quadrature of their kernels, give slopes 1.16 and 2.31: scripts/lm-exact-bias.py)
    expect(Math.abs(emSlope.value - 1)).toBeLessThan(4 * emSlope.se + 0.3);
    expect(Math.abs(lmSlope.value - 2)).toBeLessThan(4 * lmSlope.se + 0.3);
    // the control: Euler–Maruyama fails the order-2 check that LM passes
    expect(Math.abs(emSlope.value - 2)).toBeGreaterThan(4 * emSlope.se + 0.3);
    // and at the same step LM's bias is an order of magnitude below EM's
    expect(Math.abs(lm[0].bias)).toBeLessThan(Math.abs(em[1].bias) / 5);
  });
});

function fmt({ bias, se }: { bias: number; se: number }): string {
  return `${bias.toExponential(2)} ± ${se.toExponential(1)}`;
}
