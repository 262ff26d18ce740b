import { ShapeMismatchError } from "@langevin/core";
import { gemmNN, gemmNT, gemmTN, gemmTT } from "../kernels/gemm.js";
import { fmt } from "../shape.js";
import { result, type Tensor } from "../tensor.js";

/**
 * op(A) · op(B) for 2-D tensors, where op transposes when the flag is set (no transpose is formed).
 * Its backward rule is itself in terms of `matmulT`, so second derivatives work.
 * @example
 * matmulT(a, b, true, false); // aᵀ b
 */
export function matmulT(a: Tensor, b: Tensor, transA: boolean, transB: boolean): Tensor {
  if (a.ndim !== 2 || b.ndim !== 2) {
    throw new ShapeMismatchError("a/b", `matmul: needs 2-D tensors, got ${fmt(a.shape)} and ${fmt(b.shape)}`);
  }
  const m = transA ? a.shape[1] : a.shape[0];
  const k = transA ? a.shape[0] : a.shape[1];
  const kb = transB ? b.shape[1] : b.shape[0];
  const n = transB ? b.shape[0] : b.shape[1];
  if (k !== kb) {
    const sa = `${fmt(a.shape)}${transA ? "ᵀ" : ""}`;
    const sb = `${fmt(b.shape)}${transB ? "ᵀ" : ""}`;
    throw new ShapeMismatchError(
      "b",
      `matmul: shapes ${sa} and ${sb} do not chain (inner dimensions ${k} and ${kb})`,
    );
  }
  const out = new Float64Array(m * n);
  if (!transA && !transB) gemmNN(a.data, b.data, out, m, k, n);
  else if (!transA && transB) gemmNT(a.data, b.data, out, m, k, n);
  else if (transA && !transB) gemmTN(a.data, b.data, out, m, k, n);
  else gemmTT(a.data, b.data, out, m, k, n);
  return result(out, [m, n], "matmul", [a, b], (g) => {
    // C = A'B' with A' = op(A): dA' = G B'ᵀ, dB' = A'ᵀ G; transpose back where op transposed.
    const ga = a.requiresGrad ? (transA ? matmulT(b, g, transB, true) : matmulT(g, b, false, !transB)) : null;
    const gb = b.requiresGrad ? (transB ? matmulT(g, a, true, transA) : matmulT(a, g, !transA, false)) : null;
    return [ga, gb];
  });
}

/**
 * Matrix product of 2-D tensors: (m×k)·(k×n) → (m×n).
 * @example
 * matmul(tensor([1, 2, 3, 4], [2, 2]), tensor([1, 0, 0, 1], [2, 2])); // the first matrix
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  return matmulT(a, b, false, false);
}
