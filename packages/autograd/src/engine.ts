import { InvalidArgumentError, NonFiniteError, ShapeMismatchError } from "@langevin/core";
import { isGradEnabled, withGradEnabled } from "./mode.js";
import { add } from "./ops/binary.js";
import { fmt, sameShape } from "./shape.js";
import { Tensor } from "./tensor.js";

/**
 * The nodes that lead to `root` through tensors requiring gradients, in topological order (inputs
 * before results). Iterative depth-first search: deep graphs (10⁵ nodes in a chain) do not overflow.
 * @example
 * topologicalOrder(loss).length; // number of nodes that need a gradient
 */
export function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  if (!root.requiresGrad) return order;
  const visited = new Set<Tensor>([root]);
  const stack: Tensor[] = [root];
  const next: number[] = [0];
  while (stack.length > 0) {
    const top = stack.length - 1;
    const node = stack[top];
    const parents = node.parents;
    const i = next[top];
    if (parents !== null && i < parents.length) {
      next[top] = i + 1;
      const p = parents[i];
      if (p.requiresGrad && !visited.has(p)) {
        visited.add(p);
        stack.push(p);
        next.push(0);
      }
    } else {
      order.push(node);
      stack.pop();
      next.pop();
    }
  }
  return order;
}

/** a += b element-wise; returns a. */
function addInto(a: Float64Array, b: Float64Array): Float64Array {
  for (let i = 0; i < a.length; i++) a[i] += b[i];
  return a;
}

/**
 * Propagates `seed` (the gradient at `root`) backwards; returns the gradient of every node reached.
 * With `createGraph`, the backward rules run with graph recording on, so the gradients are
 * themselves differentiable (Hessian-vector products); otherwise they run without a graph.
 * @example
 * const grads = propagate(loss, scalar(1), false); // Map from node to gradient
 */
export function propagate(root: Tensor, seed: Tensor, createGraph: boolean): Map<Tensor, Tensor> {
  const order = topologicalOrder(root);
  const grads = new Map<Tensor, Tensor>();
  grads.set(root, seed);
  // Gradients we allocated ourselves may be summed into in place; others may be shared (add passes
  // its output gradient to both inputs), so the first accumulation copies.
  const owned = new Set<Tensor>();
  withGradEnabled(createGraph, () => {
    for (let k = order.length - 1; k >= 0; k--) {
      const node = order[k];
      const rule = node.backwardRule;
      const parents = node.parents;
      if (rule === null || parents === null) continue;
      const g = grads.get(node);
      if (g === undefined) continue;
      const inputGrads = rule(g);
      for (let j = 0; j < parents.length; j++) {
        const p = parents[j];
        const gp = inputGrads[j];
        if (!p.requiresGrad || gp === null || gp === undefined) continue;
        if (gp.size !== p.size) {
          throw new ShapeMismatchError(
            "gradient",
            `backward rule of ${node.op} returned a gradient of shape ${fmt(gp.shape)} for an input of shape ${fmt(p.shape)}`,
          );
        }
        const prev = grads.get(p);
        if (prev === undefined) {
          grads.set(p, gp);
        } else if (createGraph) {
          grads.set(p, add(prev, sameShape(gp.shape, prev.shape) ? gp : gp.reshape(prev.shape)));
        } else if (owned.has(prev)) {
          addInto(prev.data, gp.data);
        } else {
          const s = new Tensor(addInto(prev.data.slice(), gp.data), p.shape);
          owned.add(s);
          grads.set(p, s);
        }
      }
    }
  });
  return grads;
}

function seedFor(root: Tensor, seed: Tensor | Float64Array | undefined): Tensor {
  if (seed === undefined) {
    if (root.size !== 1) {
      throw new InvalidArgumentError(
        "seed",
        `backward() of a non-scalar output (${root.op}, shape ${fmt(root.shape)}) needs a seed gradient of the same shape; only one-element outputs are seeded with 1`,
      );
    }
    if (!Number.isFinite(root.data[0])) {
      throw new NonFiniteError(
        `backward(): the output of ${root.op} is ${root.data[0]}; a non-finite value was produced in the forward pass (call setDebug(true) to name the operation that produced it)`,
        { op: root.op, value: root.data[0] },
      );
    }
    return new Tensor(new Float64Array([1]), root.shape);
  }
  // A Float64Array is the seed's data in the output's layout; a Tensor must have the output's shape
  // (as torch.autograd: a [3, 1] seed for a [3] output is a mistake, not a reshape).
  if (!(seed instanceof Tensor)) {
    if (seed.length !== root.size)
      throw new ShapeMismatchError(
        "seed",
        `backward(): expected a seed of shape ${fmt(root.shape)} (${root.size} values) for the output of ${root.op}, got a Float64Array of length ${seed.length}`,
      );
    return new Tensor(seed, root.shape);
  }
  if (seed.shape.length !== root.shape.length || seed.shape.some((n, i) => n !== root.shape[i]))
    throw new ShapeMismatchError(
      "seed",
      `backward(): expected a seed of shape ${fmt(root.shape)} for the output of ${root.op}, got shape ${fmt(seed.shape)}`,
    );
  return seed;
}

/**
 * `root.backward(seed)`: fills `grad` of every node in the graph of `root`. Leaves accumulate into
 * their existing `grad` array (so views into a flat gradient vector stay valid); other nodes get a
 * fresh (read-only) gradient.
 * @example
 * backward(loss); // same as loss.backward()
 */
export function backward(root: Tensor, seed?: Tensor | Float64Array): void {
  if (!root.requiresGrad) {
    throw new InvalidArgumentError(
      "tensor",
      `backward(): the output of ${root.op} does not require gradients (no input had requiresGrad, or it was computed inside noGrad)`,
    );
  }
  const grads = propagate(root, seedFor(root, seed), false);
  for (const [node, g] of grads) {
    if (node.parents === null) {
      if (node.grad === null) node.grad = new Float64Array(node.size);
      addInto(node.grad, g.data);
    } else {
      node.grad = g.data;
    }
  }
}

/**
 * Gradients of `output` with respect to `inputs` (like `torch.autograd.grad`), as tensors; an input
 * that `output` does not depend on gets zeros. With `createGraph` the result can be differentiated
 * again. Does not touch any `grad` field.
 * @example
 * const x = tensor([3], [1], { requiresGrad: true });
 * const [g] = gradients(x.pow(3).sum(), [x], { createGraph: true }); // 27
 * const [h] = gradients(g.sum(), [x]); // 18
 */
export function gradients(
  output: Tensor,
  inputs: Tensor[],
  options: { seed?: Tensor | Float64Array; createGraph?: boolean } = {},
): Tensor[] {
  const createGraph = (options.createGraph ?? false) && isGradEnabled();
  if (!output.requiresGrad) return inputs.map((x) => new Tensor(new Float64Array(x.size), x.shape));
  const grads = propagate(output, seedFor(output, options.seed), createGraph);
  return inputs.map((x) => {
    const g = grads.get(x);
    if (g === undefined) return new Tensor(new Float64Array(x.size), x.shape);
    return g.shape === x.shape ? g : g.reshape(x.shape);
  });
}
