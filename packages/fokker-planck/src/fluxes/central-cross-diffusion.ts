import type { AssemblyContext, FaceRowWriter, FaceStencil } from "../flux.js";

/**
 * Central cross-diffusion: the off-diagonal A_kl add the averaged transverse differences
 * `−½[∂_l(A_kl ρ)_L + ∂_l(A_kl ρ)_R]` to the face flux (central, one-sided next to walls).
 * Conservative and exact on Gibbs states for isotropic D, but not monotone when |D₁₂| is large (the
 * generator gets negative off-diagonals, counted in `diagnostics.positivityViolations`).
 */
export const centralCrossDiffusion: FaceStencil = {
  kind: "face",
  name: "central",
  addFace(ctx, face, row) {
    const dim = ctx.grid.dim;
    const k = face.axis;
    for (let l = 0; l < dim; l++) {
      if (l === k) continue;
      addTransverse(ctx, row, face.left, k, l, -0.5);
      addTransverse(ctx, row, face.right, k, l, -0.5);
    }
  },
};

/** Adds `scale · ∂_l(A_kl ρ)` at cell c (central difference, one-sided at walls) to the face row. */
function addTransverse(
  ctx: AssemblyContext,
  row: FaceRowWriter,
  c: number,
  k: number,
  l: number,
  scale: number,
) {
  const { cells, spacing, strides, bc } = ctx.grid;
  const A = ctx.diffusion;
  const nl = cells[l];
  const hl = spacing[l];
  const il = Math.floor(c / strides[l]) % nl;
  const per = bc[l][0] === "periodic";
  const plus = il + 1 < nl ? c + strides[l] : per ? c - (nl - 1) * strides[l] : -1;
  const minus = il - 1 >= 0 ? c - strides[l] : per ? c + (nl - 1) * strides[l] : -1;
  if (plus >= 0 && minus >= 0) {
    row.add(plus, (scale * A.entry(plus, k, l)) / (2 * hl));
    row.add(minus, (-scale * A.entry(minus, k, l)) / (2 * hl));
  } else if (plus >= 0) {
    if (bc[l][0] === "absorbing") row.add(plus, (scale * A.entry(plus, k, l)) / (1.5 * hl));
    else {
      row.add(plus, (scale * A.entry(plus, k, l)) / hl);
      row.add(c, (-scale * A.entry(c, k, l)) / hl);
    }
  } else if (minus >= 0) {
    if (bc[l][1] === "absorbing") row.add(minus, (-scale * A.entry(minus, k, l)) / (1.5 * hl));
    else {
      row.add(c, (scale * A.entry(c, k, l)) / hl);
      row.add(minus, (-scale * A.entry(minus, k, l)) / hl);
    }
  }
}
