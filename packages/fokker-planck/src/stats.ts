// TODO(core): replace with @langevin/core's klDivergence / entropy when they land.

/** Σ p log(p/q) dV with 0·log 0 = 0 and p > 0, q = 0 → Infinity (core's contract). */
export function klDivergenceLocal(p: ArrayLike<number>, q: ArrayLike<number>, cellVolume = 1): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i];
    if (pi <= 0) continue;
    const qi = q[i];
    if (qi <= 0) return Number.POSITIVE_INFINITY;
    s += pi * Math.log(pi / qi);
  }
  return s * cellVolume;
}

/** −Σ p log p dV with 0·log 0 = 0 (core's contract). */
export function entropyLocal(p: ArrayLike<number>, cellVolume = 1): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i];
    if (pi > 0) s -= pi * Math.log(pi);
  }
  return s * cellVolume;
}
