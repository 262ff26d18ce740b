/**
 * Formats a number for tables: 4 significant digits, exponent form for very small or large values.
 *
 * @example
 * ```ts
 * formatNumber(0.000123456); // "1.235e-4"
 * formatNumber(12.3456);     // "12.35"
 * ```
 */
export function formatNumber(v: number | string, digits = 4): string {
  if (typeof v === "string") return v;
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) return Number(v.toPrecision(digits)).toString();
  const [m, e] = v.toExponential(digits - 1).split("e");
  return `${Number(m)}e${Number(e)}`;
}
