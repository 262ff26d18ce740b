import type { ExperimentContext } from "./experiment.js";
import { formatNumber } from "./format.js";

/** A check's name, the claim it tests and the measured number. */
export interface CheckBase {
  /** Short identifier, unique within the experiment. */
  name: string;
  /** The claim in words. */
  claim: string;
  /** The measured value. */
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

/**
 * Records a claim "measured > bound" (or "< bound") beside the same statistic on a control that must
 * fail it: the verdict passes only when the claim holds AND the control does not satisfy it, so a
 * statistic that cannot tell the claim from its control never passes. Both numbers are shown.
 *
 * @example
 * ```ts
 * checkWithControl(ctx, {
 *   name: "current", claim: "SGD carries a probability current (|A|/SE)", measured: 13.2, relation: "above",
 *   bound: 4.5, control: { label: "isotropic Langevin", measured: 0.7 }, why: "4.5σ: false alarms < 1e-5",
 * });
 * ```
 */
export function checkWithControl(
  ctx: ExperimentContext,
  o: CheckBase & {
    relation: "above" | "below";
    bound: number;
    control: { label: string; measured: number };
    why: string;
  },
): boolean {
  const holds = (v: number) => (o.relation === "above" ? v > o.bound : v < o.bound);
  const claim = holds(o.measured);
  const control = holds(o.control.measured);
  return ctx.check({
    name: o.name,
    claim: o.claim,
    measured: o.measured,
    expected: `${o.relation === "above" ? ">" : "<"} ${formatNumber(o.bound)}; control must not`,
    tolerance: o.why,
    pass: claim && !control,
    control: { label: o.control.label, measured: o.control.measured, satisfies: control },
  });
}
