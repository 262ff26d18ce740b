import { type ExperimentContext, formatNumber } from "@langevin/report";

/** Records "|measured − expected| ≤ tol" with the reason for the tolerance. Returns the verdict. */
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

/** Records "measured < bound". */
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

/** Records "measured > bound". */
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

/** Picks the value of a per-mode parameter. */
export function byMode<T>(mode: "test" | "fast" | "full", values: { test: T; fast: T; full: T }): T {
  return values[mode];
}
