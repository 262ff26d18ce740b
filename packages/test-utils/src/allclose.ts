/** Tolerances in the numpy convention: |actual - expected| <= atol + rtol * |expected|. */
export interface Tolerance {
  rtol?: number;
  atol?: number;
}

export interface AllcloseReport {
  pass: boolean;
  /** Index of the worst element (largest excess over its allowance), or -1 when shapes differ. */
  worst: number;
  actual: number;
  expected: number;
  message: string;
}

type Numeric = number | ArrayLike<number>;

function asArray(x: Numeric): ArrayLike<number> {
  return typeof x === "number" ? [x] : x;
}

/**
 * Element-wise comparison with numpy's `allclose` semantics. A scalar `expected` is broadcast.
 * NaN never matches (a NaN in a numeric result is a bug, not a tolerance question).
 */
export function allclose(actual: Numeric, expected: Numeric, tol: Tolerance = {}): AllcloseReport {
  const rtol = tol.rtol ?? 1e-7;
  const atol = tol.atol ?? 0;
  const a = asArray(actual);
  const e = asArray(expected);
  const broadcast = e.length === 1 && a.length !== 1;
  if (!broadcast && a.length !== e.length) {
    return {
      pass: false,
      worst: -1,
      actual: a.length,
      expected: e.length,
      message: `length ${a.length} differs from expected length ${e.length}`,
    };
  }
  let worst = 0;
  let worstExcess = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < a.length; i++) {
    const ei = broadcast ? e[0] : e[i];
    const ai = a[i];
    const excess =
      Number.isNaN(ai) || Number.isNaN(ei) ? Infinity : Math.abs(ai - ei) - (atol + rtol * Math.abs(ei));
    if (excess > worstExcess) {
      worstExcess = excess;
      worst = i;
    }
  }
  const ew = broadcast ? e[0] : e[worst];
  const aw = a[worst];
  return {
    pass: a.length === 0 || worstExcess <= 0,
    worst,
    actual: aw,
    expected: ew,
    message: `worst element [${worst}]: actual ${aw}, expected ${ew}, |diff| ${Math.abs(aw - ew)} vs allowed ${
      atol + rtol * Math.abs(ew)
    } (rtol ${rtol}, atol ${atol})`,
  };
}
