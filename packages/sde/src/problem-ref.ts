import { InvalidArgumentError } from "@langevin/core/base";
import { importExport } from "./module-ref.js";
import type { Observer } from "./observers/types.js";
import type { SdeProblem } from "./problem.js";
import type { Scheme } from "./schemes/types.js";
import type { ProblemFactoryResult, ProblemRef } from "./solve.js";

/** True for a {@link ProblemRef} (as opposed to an `SdeProblem`). */
export function isRef(p: unknown): p is ProblemRef {
  return !!p && typeof p === "object" && "module" in p && "export" in p;
}

/** Imports a ProblemRef and normalises the factory's result. */
export async function loadProblemRef(
  ref: ProblemRef,
): Promise<{ problem: SdeProblem; observers: Record<string, Observer>; scheme?: Scheme }> {
  const factory = await importExport(ref.module, ref.export);
  if (typeof factory !== "function")
    throw new InvalidArgumentError(
      "problem.export",
      `module ${String(ref.module)} has no exported function "${ref.export}"`,
    );
  const r = (await factory(ref.args)) as ProblemFactoryResult;
  if (r && typeof r === "object" && "problem" in r)
    return { problem: r.problem, observers: r.observers ?? {}, scheme: r.scheme };
  return { problem: r as SdeProblem, observers: {} };
}
