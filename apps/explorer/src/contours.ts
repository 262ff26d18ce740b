/**
 * Marching squares on cell-centred values `v[i * ny + j]` (i along x, j along y): returns the contour
 * segments of `level` as a flat list [x0, y0, x1, y1, …] in fractional index coordinates (i, j).
 * Saddle cells are resolved by the cell-average value.
 * @example
 * const seg = contourSegments(values, 128, 128, 0.5); // seg.length % 4 === 0
 */
export function contourSegments(v: ArrayLike<number>, nx: number, ny: number, level: number): number[] {
  const out: number[] = [];
  const lerp = (a: number, b: number) => {
    const d = b - a;
    return d === 0 ? 0.5 : (level - a) / d;
  };
  for (let i = 0; i < nx - 1; i++) {
    for (let j = 0; j < ny - 1; j++) {
      const a = v[i * ny + j]; // (i, j)
      const b = v[(i + 1) * ny + j]; // (i+1, j)
      const c = v[(i + 1) * ny + j + 1]; // (i+1, j+1)
      const d = v[i * ny + j + 1]; // (i, j+1)
      if (!(Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(c) && Number.isFinite(d))) continue;
      const code = (a > level ? 1 : 0) | (b > level ? 2 : 0) | (c > level ? 4 : 0) | (d > level ? 8 : 0);
      if (code === 0 || code === 15) continue;
      // edge points: bottom (a-b), right (b-c), top (d-c), left (a-d)
      const bottom = () => [i + lerp(a, b), j];
      const right = () => [i + 1, j + lerp(b, c)];
      const top = () => [i + lerp(d, c), j + 1];
      const left = () => [i, j + lerp(a, d)];
      const seg = (p: number[], q: number[]) => out.push(p[0], p[1], q[0], q[1]);
      switch (code) {
        case 1:
        case 14:
          seg(left(), bottom());
          break;
        case 2:
        case 13:
          seg(bottom(), right());
          break;
        case 3:
        case 12:
          seg(left(), right());
          break;
        case 4:
        case 11:
          seg(right(), top());
          break;
        case 6:
        case 9:
          seg(bottom(), top());
          break;
        case 7:
        case 8:
          seg(left(), top());
          break;
        case 5:
        case 10: {
          const centre = (a + b + c + d) / 4 > level;
          if ((code === 5) === centre) {
            seg(left(), top());
            seg(bottom(), right());
          } else {
            seg(left(), bottom());
            seg(right(), top());
          }
          break;
        }
      }
    }
  }
  return out;
}

/**
 * `count` contour levels between the minimum and a high quantile of the values (so that a potential
 * that explodes at the border, such as Müller–Brown, still gets its levels where the density lives).
 * @example
 * contourLevels(Float64Array.of(0, 1, 2, 3, 4), 4, 1); // [0.8, 1.6, 2.4, 3.2]
 */
export function contourLevels(v: ArrayLike<number>, count: number, quantile = 0.6): number[] {
  const finite = Array.from(v)
    .filter(Number.isFinite)
    .sort((p, q) => p - q);
  if (finite.length === 0) return [];
  const lo = finite[0];
  const hi = finite[Math.min(finite.length - 1, Math.floor(quantile * (finite.length - 1)))];
  if (!(hi > lo)) return [];
  const levels: number[] = [];
  for (let k = 1; k <= count; k++) levels.push(lo + ((hi - lo) * k) / (count + 1));
  return levels;
}
