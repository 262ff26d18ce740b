import type { Observer, Scheme, SdeProblem, TimeAverageResult } from "@langevin/sde";

export function leimkuhlerMatthews(options?: Record<string, unknown>): Scheme;
export function quadraticWell(options?: { beta?: number }): SdeProblem;
export function quarticWell(options?: { paths?: number }): SdeProblem;
export function secondMoment(options?: { burnIn?: number }): Observer<TimeAverageResult>;
