import { lineChart, panels, type VegaLiteSpec } from "@langevin/report";
import type { Pair } from "./minima.js";
import type { PathProfile } from "./paths.js";

/**
 * Two panels against normalised arc length, the straight line beside the AutoNEB path: the training
 * loss, and a test metric (`test.of(profile)`, titled `test.title`).
 * @example
 * ctx.figure("path-loss", "…", pathPanels(pair, { title: "test accuracy", of: (p) => p.accuracy }));
 */
export function pathPanels(
  pair: Pair,
  test: { title: string; of: (p: PathProfile) => number[] },
): VegaLiteSpec {
  const chart = (yTitle: string, of: (p: PathProfile) => number[], title = yTitle) =>
    lineChart(
      [
        { name: "straight line", x: pair.straight.s, y: of(pair.straight) },
        { name: "AutoNEB path", x: pair.neb.s, y: of(pair.neb) },
      ],
      { xTitle: "normalised arc length", yTitle, title },
    );
  return panels([chart("training loss", (p) => p.loss), chart(test.title, test.of)], undefined, 2);
}
