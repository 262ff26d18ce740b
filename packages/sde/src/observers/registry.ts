import { InvalidArgumentError } from "@langevin/core/base";
import { histogram1d, histogram2d } from "./histogram.js";
import { moments } from "./moments.js";
import { saveAt } from "./save-at.js";
import type { Observer, ObserverSpec } from "./types.js";

/**
 * Rebuilds a built-in observer from its `spec` (worker threads cannot receive functions).
 * @example
 * const o = observerFromSpec(moments().spec!);
 */
export function observerFromSpec(spec: ObserverSpec): Observer {
  const o = spec.options as never;
  switch (spec.kind) {
    case "moments":
      return moments(o);
    case "histogram1d":
      return histogram1d(o);
    case "histogram2d":
      return histogram2d(o);
    case "saveAt": {
      const { times, paths } = spec.options as { times: number[]; paths?: number | number[] };
      return saveAt(times, { paths });
    }
    default:
      throw new InvalidArgumentError("observers", `unknown built-in observer kind "${spec.kind}"`);
  }
}
