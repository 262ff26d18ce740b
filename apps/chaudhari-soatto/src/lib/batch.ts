/** Least-squares slope and intercept of y on x with the slope's standard error. */
export function linearFit(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
): { slope: number; intercept: number; slopeSe: number } {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - mx) ** 2;
    sxy += (x[i] - mx) * (y[i] - my);
  }
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let rss = 0;
  for (let i = 0; i < n; i++) rss += (y[i] - intercept - slope * x[i]) ** 2;
  const slopeSe = n > 2 ? Math.sqrt(rss / (n - 2) / sxx) : 0;
  return { slope, intercept, slopeSe };
}
