/**
 * Dense matrix products on row-major Float64Array, writing into `out` (overwritten, returned).
 * Four variants so that backward passes never materialise a transpose. The loops stream along
 * rows (i-k-j order) and fold four terms per load/store of the output.
 */

/**
 * out (m×n) = A (m×k) · B (k×n).
 * @example
 * gemmNN(new Float64Array([1, 2]), new Float64Array([3, 4]), new Float64Array(1), 1, 2, 1); // [11]
 */
export function gemmNN(
  a: Float64Array,
  b: Float64Array,
  out: Float64Array,
  m: number,
  k: number,
  n: number,
): Float64Array {
  const k4 = k - (k % 4);
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    const ai = i * k;
    for (let j = 0; j < n; j++) out[ci + j] = 0;
    let p = 0;
    for (; p < k4; p += 4) {
      const a0 = a[ai + p];
      const a1 = a[ai + p + 1];
      const a2 = a[ai + p + 2];
      const a3 = a[ai + p + 3];
      if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0) continue;
      const b0 = p * n;
      const b1 = b0 + n;
      const b2 = b1 + n;
      const b3 = b2 + n;
      for (let j = 0; j < n; j++) {
        out[ci + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
      }
    }
    for (; p < k; p++) {
      const a0 = a[ai + p];
      if (a0 === 0) continue;
      const b0 = p * n;
      for (let j = 0; j < n; j++) out[ci + j] += a0 * b[b0 + j];
    }
  }
  return out;
}

/**
 * out (m×n) = A (m×k) · Bᵀ with B stored (n×k).
 * @example
 * gemmNT(new Float64Array([1, 2]), new Float64Array([3, 4]), new Float64Array(1), 1, 2, 1); // [11]
 */
export function gemmNT(
  a: Float64Array,
  b: Float64Array,
  out: Float64Array,
  m: number,
  k: number,
  n: number,
): Float64Array {
  const n4 = n - (n % 4);
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    const ci = i * n;
    let j = 0;
    for (; j < n4; j += 4) {
      const b0 = j * k;
      const b1 = b0 + k;
      const b2 = b1 + k;
      const b3 = b2 + k;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let p = 0; p < k; p++) {
        const x = a[ai + p];
        s0 += x * b[b0 + p];
        s1 += x * b[b1 + p];
        s2 += x * b[b2 + p];
        s3 += x * b[b3 + p];
      }
      out[ci + j] = s0;
      out[ci + j + 1] = s1;
      out[ci + j + 2] = s2;
      out[ci + j + 3] = s3;
    }
    for (; j < n; j++) {
      const b0 = j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[ai + p] * b[b0 + p];
      out[ci + j] = s;
    }
  }
  return out;
}

/**
 * out (m×n) = Aᵀ · B with A stored (k×m), B (k×n).
 * @example
 * gemmTN(new Float64Array([1, 2]), new Float64Array([3, 4]), new Float64Array(1), 1, 2, 1); // [11]
 */
export function gemmTN(
  a: Float64Array,
  b: Float64Array,
  out: Float64Array,
  m: number,
  k: number,
  n: number,
): Float64Array {
  out.fill(0, 0, m * n);
  const k4 = k - (k % 4);
  let p = 0;
  for (; p < k4; p += 4) {
    const r0 = p * m;
    const r1 = r0 + m;
    const r2 = r1 + m;
    const r3 = r2 + m;
    const b0 = p * n;
    const b1 = b0 + n;
    const b2 = b1 + n;
    const b3 = b2 + n;
    for (let i = 0; i < m; i++) {
      const a0 = a[r0 + i];
      const a1 = a[r1 + i];
      const a2 = a[r2 + i];
      const a3 = a[r3 + i];
      if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0) continue;
      const ci = i * n;
      for (let j = 0; j < n; j++) {
        out[ci + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
      }
    }
  }
  for (; p < k; p++) {
    const r0 = p * m;
    const b0 = p * n;
    for (let i = 0; i < m; i++) {
      const a0 = a[r0 + i];
      if (a0 === 0) continue;
      const ci = i * n;
      for (let j = 0; j < n; j++) out[ci + j] += a0 * b[b0 + j];
    }
  }
  return out;
}

/**
 * out (m×n) = Aᵀ · Bᵀ with A stored (k×m), B (n×k).
 * @example
 * gemmTT(new Float64Array([1, 2]), new Float64Array([3, 4]), new Float64Array(1), 1, 2, 1); // [11]
 */
export function gemmTT(
  a: Float64Array,
  b: Float64Array,
  out: Float64Array,
  m: number,
  k: number,
  n: number,
): Float64Array {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const bj = j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[p * m + i] * b[bj + p];
      out[i * n + j] = s;
    }
  }
  return out;
}
