import { describe, expect, it } from "vitest";
import { escapeHtml } from "./html.js";
import { hasMath, mathToHtml, mathToText } from "./math.js";

describe("inline mathematics", () => {
  it("renders $…$ to MathML and escapes the text around it", () => {
    const html = mathToHtml("a < b and $e^{-\\beta f}/Z$", escapeHtml);
    expect(html.startsWith("a &lt; b and ")).toBe(true);
    expect(html).toContain("<math");
    expect(html).toContain("<msup><mi>e</mi>");
    expect(html).not.toContain("$");
  });
  it("keeps an escaped or unmatched dollar as text", () => {
    expect(mathToHtml("costs \\$5", escapeHtml)).toBe("costs $5");
    expect(mathToHtml("one $ alone", escapeHtml)).toBe("one $ alone");
    expect(hasMath("one $ alone")).toBe(false);
    expect(hasMath("$x$")).toBe(true);
  });
  it("reads TeX as plain text for consoles and SVG", () => {
    expect(mathToText("$(x_1^2 - 1)^2$")).toBe("(x₁² − 1)²");
    expect(mathToText("the Gibbs density $e^{-\\beta f}/Z$")).toBe("the Gibbs density e^(−βf)/Z");
    expect(mathToText("$\\rho_{ss}$")).toBe("ρₛₛ");
    expect(mathToText("$\\frac{a+b}{2}$")).toBe("(a+b)/2");
    expect(mathToText("$\\sqrt{2\\pi}$")).toBe("√(2π)");
    expect(mathToText("no maths")).toBe("no maths");
  });
});

describe("plain-text operators", () => {
  it("puts one space on each side of a relation or binary operator", () => {
    expect(mathToText("$\\lambda_{\\max} \\cdot d \\cdot \\varepsilon$")).toBe("λₘₐₓ · d · ε");
    expect(mathToText("$\\sigma \\ge \\sigma_c$")).toBe("σ ≥ σ_c");
  });
});
