import { createRng } from "@langevin/core";
import type { AutoNebResult } from "@langevin/neb";
import type { ExperimentContext } from "@langevin/report";
import type { NetLoss } from "./net.js";
import {
  type DraxlerSchedule,
  draxlerAutoNeb,
  type PathProfile,
  profilePath,
  straightLine,
} from "./paths.js";
import type { Task } from "./tasks.js";

/** Two minima i and j, the straight line between them and the AutoNEB path. */
export interface Pair {
  i: number;
  j: number;
  straight: PathProfile;
  neb: PathProfile;
  result: AutoNebResult;
}

/**
 * The straight line (40 segments) and the AutoNEB path (4 sub-points per segment) between a and b.
 * @example
 * const pair = connect(ctx, net, a, b, schedule, 0, 1); // pair.straight.barrier, pair.neb.barrier
 */
export function connect(
  ctx: ExperimentContext,
  net: NetLoss,
  a: Float64Array,
  b: Float64Array,
  sch: DraxlerSchedule,
  i: number,
  j: number,
): Pair {
  ctx.throwIfAborted();
  const straight = straightLine(net, a, b, 40);
  const result = draxlerAutoNeb(net, a, b, sch, ctx.signal);
  const neb = profilePath(net, result.path, result.n, 4);
  return { i, j, straight, neb, result };
}

/**
 * Trains `count` minima of one architecture from different seeds (initialisation and SGD batches
 * both derived from `label`).
 * @example
 * const [a, b] = minima(ctx, net, task, "mix 10-32-5", 2);
 */
export function minima(
  ctx: ExperimentContext,
  net: NetLoss,
  task: Task,
  label: string,
  count: number,
): Float64Array[] {
  const out: Float64Array[] = [];
  for (let k = 0; k < count; k++) {
    ctx.throwIfAborted();
    const init = net.init(createRng(ctx.seed(`${label}-init-${k}`)));
    out.push(net.trainFrom(init, createRng(ctx.seed(`${label}-sgd-${k}`)), task.training));
  }
  return out;
}
