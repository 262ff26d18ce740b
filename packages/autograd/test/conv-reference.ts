import type { Tensor } from "../src/index.js";

/** The definition, one output at a time: y[n,o,i,j] = b[o] + Σ w[o,c,p,q] x[n,c,i·sh+p−ph, j·sw+q−pw]. */
export function directConv2d(
  x: Tensor,
  w: Tensor,
  b: Tensor | null,
  stride: [number, number],
  padding: [number, number],
) {
  const [n, c, h, wd] = x.shape;
  const [oc, , kh, kw] = w.shape;
  const oh = Math.floor((h + 2 * padding[0] - kh) / stride[0]) + 1;
  const ow = Math.floor((wd + 2 * padding[1] - kw) / stride[1]) + 1;
  const out = new Float64Array(n * oc * oh * ow);
  let k = 0;
  for (let a = 0; a < n; a++)
    for (let o = 0; o < oc; o++)
      for (let i = 0; i < oh; i++)
        for (let j = 0; j < ow; j++, k++) {
          let s = b ? b.data[o] : 0;
          for (let ci = 0; ci < c; ci++)
            for (let p = 0; p < kh; p++)
              for (let q = 0; q < kw; q++) {
                const y = i * stride[0] + p - padding[0];
                const xx = j * stride[1] + q - padding[1];
                if (y < 0 || y >= h || xx < 0 || xx >= wd) continue;
                s += w.data[((o * c + ci) * kh + p) * kw + q] * x.data[((a * c + ci) * h + y) * wd + xx];
              }
          out[k] = s;
        }
  return { data: out, shape: [n, oc, oh, ow] };
}
