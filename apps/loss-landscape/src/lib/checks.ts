import { type ExperimentContext, formatNumber } from "@langevin/report";

/**
 * Records "|measured − expected| ≤ tol" with the reason for the tolerance. Returns the verdict.
 * @example
 * checkClose(ctx, { name: "steps", claim: "escape time", measured: 7, expected: 7, tol: 0, why: "exact" });
 */
export function checkClose(
  ctx: ExperimentContext,
  o: { name: string; claim: string; measured: number; expected: number; tol: number; why: string },
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
 * Records "measured < bound".
 * @example
 * checkBelow(ctx, { name: "err", claim: "closed form = quadrature", measured: 3e-14, bound: 1e-10, why: "round-off" });
 */
export function checkBelow(
  ctx: ExperimentContext,
  o: { name: string; claim: string; measured: number; bound: number; why: string },
): boolean {
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
 * Records "measured > bound".
 * @example
 * checkAbove(ctx, { name: "ratio", claim: "straight ≫ AutoNEB", measured: 31, bound: 5, why: "many times" });
 */
export function checkAbove(
  ctx: ExperimentContext,
  o: { name: string; claim: string; measured: number; bound: number; why: string },
): boolean {
  return ctx.check({
    name: o.name,
    claim: o.claim,
    measured: o.measured,
    expected: `> ${formatNumber(o.bound)}`,
    tolerance: o.why,
    pass: o.measured > o.bound,
  });
}

/**
 * Picks the value of a per-mode parameter.
 * @example
 * byMode("fast", { test: 2, fast: 4, full: 6 }); // 4
 */
export function byMode<T>(mode: "test" | "fast" | "full", values: { test: T; fast: T; full: T }): T {
  return values[mode];
}
