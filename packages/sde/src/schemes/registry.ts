import { InvalidArgumentError } from "@langevin/core/base";
import { baoab } from "./baoab.js";
import { eulerMaruyama } from "./euler-maruyama.js";
import { heun } from "./heun.js";
import { milstein } from "./milstein.js";
import { sgd } from "./sgd.js";
import { sra1 } from "./sra1.js";
import type { Scheme, SchemeSpec } from "./types.js";

/**
 * Rebuilds a built-in scheme from its `spec` (used by worker threads, which cannot receive functions).
 * @example
 * const s = schemeFromSpec({ name: "milstein", options: { derivative: "auto" } });
 */
export function schemeFromSpec(spec: SchemeSpec): Scheme {
  const o = (spec.options ?? {}) as Record<string, unknown>;
  switch (spec.name) {
    case "eulerMaruyama":
      return eulerMaruyama;
    case "heun":
      return heun;
    case "sra1":
      return sra1;
    case "baoab":
      return baoab;
    case "milstein":
      return milstein(o as { derivative?: "auto" });
    case "sgd":
      return sgd(o as { batchSize: number; dataSize?: number });
    default:
      throw new InvalidArgumentError("scheme", `unknown built-in scheme "${spec.name}"`);
  }
}
