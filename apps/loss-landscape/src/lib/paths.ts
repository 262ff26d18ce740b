import { type AutoNebCycle, type AutoNebResult, autoNeb, momentum } from "@langevin/neb";
import type { NetLoss } from "./net.js";

/** Loss and test accuracy sampled along a path, against the normalised arc length in [0, 1]. */
export interface PathProfile {
  s: number[];
  loss: number[];
  accuracy: number[];
  /** max loss − max(endpoint losses). */
  barrier: number;
  /** Highest loss on the path. */
  peak: number;
  /** Lowest test accuracy on the path. */
  minAccuracy: number;
}

/**
 * Samples the piecewise-linear path through `images` (image-major, n × P) with `sub` points per
 * segment: the loss and test accuracy at every point, against normalised arc length.
 * @example
 * const prof = profilePath(net, result.path, result.n, 4); // prof.barrier, prof.minAccuracy
 */
export function profilePath(net: NetLoss, images: Float64Array, n: number, sub: number): PathProfile {
  const p = net.size;
  const x = new Float64Array(p);
  const lens = [0];
  for (let k = 0; k + 1 < n; k++) {
    let l2 = 0;
    for (let i = 0; i < p; i++) l2 += (images[(k + 1) * p + i] - images[k * p + i]) ** 2;
    lens.push(lens[k] + Math.sqrt(l2));
  }
  const total = lens[n - 1] || 1;
  const s: number[] = [];
  const loss: number[] = [];
  const acc: number[] = [];
  for (let k = 0; k + 1 < n; k++) {
    for (let q = 0; q < sub || (k === n - 2 && q === sub); q++) {
      const t = q / sub;
      for (let i = 0; i < p; i++) x[i] = (1 - t) * images[k * p + i] + t * images[(k + 1) * p + i];
      s.push((lens[k] + t * (lens[k + 1] - lens[k])) / total);
      loss.push(net.loss(x));
      acc.push(net.accuracy(x, "test"));
    }
  }
  const ends = Math.max(loss[0], loss[loss.length - 1]);
  const peak = Math.max(...loss);
  return { s, loss, accuracy: acc, barrier: peak - ends, peak, minAccuracy: Math.min(...acc) };
}

/**
 * The straight line from a to b as a two-image path, sampled at `points` + 1 points.
 * @example
 * straightLine(net, a, b, 40).barrier;
 */
export function straightLine(net: NetLoss, a: Float64Array, b: Float64Array, points: number): PathProfile {
  const images = new Float64Array(2 * a.length);
  images.set(a, 0);
  images.set(b, a.length);
  return profilePath(net, images, 2, points);
}

/** Sizes of the AutoNEB schedule in Draxler et al.'s style. */
export interface DraxlerSchedule {
  /** Images at the start (endpoints included). */
  startImages: number;
  /** Images inserted before each later cycle (where the loss rises most above the chord). */
  inserts: number[];
  /** Steps per cycle. */
  steps: number;
  /** Learning rate of the first cycle; each later cycle halves it (decreasing step sizes). */
  lr: number;
}

/**
 * AutoNEB with Draxler et al.'s recipe: the string method (no springs; images redistributed evenly
 * by arc length after every step), cycles that insert images at the sub-point rising most above the
 * chord, heavy-ball momentum with a learning rate that halves from cycle to cycle, no climbing image.
 * @example
 * const r = draxlerAutoNeb(net, a, b, { startImages: 5, inserts: [4, 4, 4], steps: 150, lr: 0.5 });
 */
export function draxlerAutoNeb(
  net: NetLoss,
  a: Float64Array,
  b: Float64Array,
  sch: DraxlerSchedule,
  signal?: AbortSignal,
): AutoNebResult {
  const cycles: AutoNebCycle[] = [];
  const all = [0, ...sch.inserts];
  let lr = sch.lr;
  for (const insert of all) {
    cycles.push({
      insert,
      maxIter: sch.steps,
      fmax: 1e-6,
      optimizer: momentum({ learningRate: lr, momentum: 0.9 }),
    });
    lr /= 2;
  }
  const images = sch.startImages + sch.inserts.reduce((x, y) => x + y, 0);
  return autoNeb(net.energy, a, b, {
    method: "string",
    startImages: sch.startImages,
    maxImages: images,
    insertion: "chord",
    subPoints: 3,
    cycles,
    climb: false,
    optimizer: momentum({ learningRate: lr, momentum: 0.9 }),
    fmax: 1e-6,
    maxIter: sch.steps,
    endpointTolerance: Number.POSITIVE_INFINITY,
    signal,
  });
}

/**
 * Minimum spanning tree (Kruskal) of a complete graph on `n` nodes with edge weights w[i][j].
 * Returns the tree's edges [i, j, weight] in the order Kruskal adds them.
 * @example
 * minimumSpanningTree(3, (i, j) => i + j); // [[0, 1, 1], [0, 2, 2]]
 */
export function minimumSpanningTree(
  n: number,
  w: (i: number, j: number) => number,
): [number, number, number][] {
  const edges: [number, number, number][] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) edges.push([i, j, w(i, j)]);
  edges.sort((p, q) => p[2] - q[2]);
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const tree: [number, number, number][] = [];
  for (const e of edges) {
    const ra = find(e[0]);
    const rb = find(e[1]);
    if (ra !== rb) {
      parent[ra] = rb;
      tree.push(e);
    }
  }
  return tree;
}
