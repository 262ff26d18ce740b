// An autograd op defined outside @langevin/autograd, through its public exports only: `result`
// makes a graph node from values, inputs and a backward rule. Writing the rule with differentiable
// ops (not with raw loops) is what lets `hvp` differentiate it a second time.
import { exp, mul, reshape, result, sub, type Tensor } from "@langevin/autograd";
import { InvalidArgumentError } from "@langevin/core";

/**
 * log Σⱼ exp(x[i, j]) for each row of a 2-D tensor [n, k] (torch.logsumexp(x, dim=-1)), computed as
 * m + log Σ exp(x − m) with m the row's maximum, so that large entries do not overflow. Its gradient
 * is the row's softmax, exp(x − y), and its Hessian diag(p) − p pᵀ per row.
 * @example
 * logsumexp(tensor([0, Math.log(3)], [1, 2])).item(); // log 4
 */
export function logsumexp(x: Tensor): Tensor {
  if (x.ndim !== 2)
    throw new InvalidArgumentError("x", `logsumexp needs a 2-D tensor [n, k], got ${x.ndim}-D`);
  const [n, k] = x.shape;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let m = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < k; j++) m = Math.max(m, x.data[i * k + j]);
    if (m === Number.NEGATIVE_INFINITY || !Number.isFinite(m)) {
      out[i] = m; // an all −∞ row is −∞; +∞ or NaN propagate
      continue;
    }
    let s = 0;
    for (let j = 0; j < k; j++) s += Math.exp(x.data[i * k + j] - m);
    out[i] = m + Math.log(s);
  }
  const y: Tensor = result(out, [n], "logsumexp", [x], (g) => {
    // ∂y_i/∂x_ij = softmax(x)_ij = exp(x_ij − y_i); the rule uses y itself, so it is differentiable.
    const p = exp(sub(x, reshape(y, [n, 1])));
    return [mul(reshape(g, [n, 1]), p)];
  });
  return y;
}
