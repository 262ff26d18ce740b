import type { ExperimentContext } from "./experiment.js";
import { formatNumber } from "./format.js";

/** A check's name, the claim it tests and the measured number. */
interface CheckBase {
  name: string;
  claim: string;
  measured: number;
}

/**
 * Records "|measured − expected| ≤ tol" (an absolute tolerance) with the reason for the tolerance,
 * shown as `± tol: why`. Returns the verdict.
 *
 * @example
 * ```ts
 * checkClose(ctx, { name: "mean", claim: "E[x] = 0", measured: 0.01, expected: 0, tol: 0.04, why: "4σ/√n, n = 10⁴" });
 * ```
 */
export function checkClose(
  ctx: ExperimentContext,
  o: CheckBase & { expected: number; tol: number; why: string },
): boolean {
  return ctx.check({
    name: o.name,
    claim: o.claim,
    measured: o.measured,
    expected: o.expected,
    tolerance: `± ${formatNumber(o.tol)}: ${o.why}`,
    pass: Math.abs(o.measured - o.expected) <= o.tol,
  });
}

/**
 * Records "measured < bound" (strictly) with the reason for the bound. Returns the verdict.
 *
 * @example
 * ```ts
 * checkBelow(ctx, { name: "err", claim: "closed form = quadrature", measured: 3e-14, bound: 1e-10, why: "round-off" });
 * ```
 */
export function checkBelow(ctx: ExperimentContext, o: CheckBase & { bound: number; why: string }): boolean {
  return ctx.check({
    name: o.name,
    claim: o.claim,
    measured: o.measured,
    expected: `< ${formatNumber(o.bound)}`,
    tolerance: o.why,
    pass: o.measured < o.bound,
  });
}

/**
 * Records "measured > bound" (strictly) with the reason for the bound. Returns the verdict.
 *
 * @example
 * ```ts
 * checkAbove(ctx, { name: "ratio", claim: "straight ≫ AutoNEB", measured: 31, bound: 5, why: "many times" });
 * ```
 */
export function checkAbove(ctx: ExperimentContext, o: CheckBase & { bound: number; why: string }): boolean {
  return ctx.check({
    name: o.name,
    claim: o.claim,
    measured: o.measured,
    expected: `> ${formatNumber(o.bound)}`,
    tolerance: o.why,
    pass: o.measured > o.bound,
  });
}
