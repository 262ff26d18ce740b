import katex from "katex";

/**
 * Text with inline mathematics: TeX between single dollar signs, `"the Gibbs density $e^{-\\beta f}/Z$"`
 * (a literal dollar is written `\\$`). Reports render the TeX to MathML when they are built
 * ({@link mathToHtml}), so the page needs no fonts, scripts or network; consoles and SVG figures,
 * which cannot show MathML, get a plain-text reading ({@link mathToText}).
 */
export type MathText = string;

interface Piece {
  math: boolean;
  text: string;
}

/** Splits text into plain and `$…$` pieces; an unmatched `$` is kept as text. */
function pieces(text: MathText): Piece[] {
  const out: Piece[] = [];
  let plain = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "\\" && text[i + 1] === "$") {
      plain += "$";
      i += 2;
      continue;
    }
    if (c === "$") {
      let j = i + 1;
      while (j < text.length && !(text[j] === "$" && text[j - 1] !== "\\")) j++;
      if (j < text.length && j > i + 1) {
        if (plain) out.push({ math: false, text: plain });
        plain = "";
        out.push({ math: true, text: text.slice(i + 1, j) });
        i = j + 1;
        continue;
      }
    }
    plain += c;
    i++;
  }
  if (plain) out.push({ math: false, text: plain });
  return out;
}

/** True when `text` holds at least one `$…$` span. */
export function hasMath(text: MathText): boolean {
  return pieces(text).some((p) => p.math);
}

/**
 * HTML of text with inline `$…$` mathematics: the plain parts escaped by `escapeText`, the TeX rendered by
 * KaTeX to MathML (`<math>` elements, which browsers typeset natively: no fonts, CSS or scripts to
 * ship). TeX that KaTeX cannot parse is shown as its source in red rather than breaking the report.
 *
 * @example
 * ```ts
 * mathToHtml("density $e^{-\\beta f}$", escapeHtml); // 'density <span class="katex"><math …>…</math></span>'
 * ```
 */
export function mathToHtml(text: MathText, escapeText: (s: string) => string): string {
  return pieces(text)
    .map((p) =>
      p.math
        ? katex.renderToString(p.text, { output: "mathml", throwOnError: false, strict: "ignore" })
        : escapeText(p.text),
    )
    .join("");
}

const SYMBOLS: Record<string, string> = {
  alpha: "α",
  beta: "β",
  gamma: "γ",
  delta: "δ",
  epsilon: "ε",
  varepsilon: "ε",
  zeta: "ζ",
  eta: "η",
  theta: "θ",
  kappa: "κ",
  lambda: "λ",
  mu: "μ",
  nu: "ν",
  xi: "ξ",
  pi: "π",
  rho: "ρ",
  sigma: "σ",
  tau: "τ",
  phi: "φ",
  varphi: "φ",
  chi: "χ",
  psi: "ψ",
  omega: "ω",
  Gamma: "Γ",
  Delta: "Δ",
  Theta: "Θ",
  Lambda: "Λ",
  Xi: "Ξ",
  Pi: "Π",
  Sigma: "Σ",
  Phi: "Φ",
  Psi: "Ψ",
  Omega: "Ω",
  nabla: "∇",
  partial: "∂",
  infty: "∞",
  sum: "Σ",
  int: "∫",
  oint: "∮",
  cdot: "·",
  times: "×",
  pm: "±",
  le: "≤",
  leq: "≤",
  ge: "≥",
  geq: "≥",
  ne: "≠",
  neq: "≠",
  approx: "≈",
  sim: "~",
  propto: "∝",
  to: "→",
  mapsto: "↦",
  leftarrow: "←",
  gets: "←",
  in: "∈",
  mid: "|",
  notin: "∉",
  langle: "⟨",
  rangle: "⟩",
  lVert: "‖",
  rVert: "‖",
  "|": "‖",
  top: "ᵀ",
  ell: "ℓ",
  dots: "…",
  ldots: "…",
  cdots: "⋯",
  quad: " ",
  qquad: "  ",
  ",": " ",
  ";": " ",
  " ": " ",
  "!": "",
  log: "log",
  exp: "exp",
  det: "det",
  min: "min",
  max: "max",
  tr: "tr",
  "{": "{",
  "}": "}",
  "%": "%",
  left: "",
  right: "",
  big: "",
  Big: "",
};

const SUP: Record<string, string> = {
  "0": "⁰",
  "1": "¹",
  "2": "²",
  "3": "³",
  "4": "⁴",
  "5": "⁵",
  "6": "⁶",
  "7": "⁷",
  "8": "⁸",
  "9": "⁹",
  "+": "⁺",
  "-": "⁻",
  "−": "⁻",
  "=": "⁼",
  "(": "⁽",
  ")": "⁾",
  n: "ⁿ",
  i: "ⁱ",
  T: "ᵀ",
  ᵀ: "ᵀ",
  k: "ᵏ",
  t: "ᵗ",
  "′": "′",
  "″": "″",
};

const SUB: Record<string, string> = {
  "0": "₀",
  "1": "₁",
  "2": "₂",
  "3": "₃",
  "4": "₄",
  "5": "₅",
  "6": "₆",
  "7": "₇",
  "8": "₈",
  "9": "₉",
  "+": "₊",
  "-": "₋",
  "−": "₋",
  "=": "₌",
  "(": "₍",
  ")": "₎",
  a: "ₐ",
  e: "ₑ",
  i: "ᵢ",
  j: "ⱼ",
  k: "ₖ",
  n: "ₙ",
  t: "ₜ",
  x: "ₓ",
  s: "ₛ",
  h: "ₕ",
  l: "ₗ",
  m: "ₘ",
  p: "ₚ",
  o: "ₒ",
  r: "ᵣ",
  u: "ᵤ",
  v: "ᵥ",
  β: "ᵦ",
  ρ: "ᵨ",
};

/** Reads one TeX argument at `i`: a `{…}` group, a `\macro`, or one character. Returns [tex, next]. */
function argument(tex: string, i: number): [string, number] {
  while (tex[i] === " ") i++;
  if (tex[i] === "{") {
    let depth = 1;
    let j = i + 1;
    while (j < tex.length && depth > 0) {
      if (tex[j] === "\\") j++;
      else if (tex[j] === "{") depth++;
      else if (tex[j] === "}") depth--;
      j++;
    }
    return [tex.slice(i + 1, j - 1), j];
  }
  if (tex[i] === "\\") {
    const m = /^\\([A-Za-z]+|.)/.exec(tex.slice(i));
    const name = m ? m[0] : "\\";
    return [name, i + name.length];
  }
  return [tex[i] ?? "", i + 1];
}

/** Sub- or superscript: Unicode when every character has a form, else `^(…)` / `_…`. */
function script(text: string, table: Record<string, string>, mark: "^" | "_"): string {
  const chars = [...text];
  if (chars.length > 0 && chars.every((c) => table[c] !== undefined))
    return chars.map((c) => table[c]).join("");
  if (mark === "_") return `_${text}`;
  return chars.length === 1 ? `^${text}` : `^(${text})`;
}

/** Relations and binary operators: written with a space on each side, as TeX spaces them. */
const BINARY = new Set([
  "cdot",
  "times",
  "pm",
  "le",
  "leq",
  "ge",
  "geq",
  "ne",
  "neq",
  "approx",
  "propto",
  "to",
  "in",
  "mid",
]);

/** A plain-text reading of one TeX formula (runs of spaces collapsed). */
function texToText(tex: string): string {
  return texPieces(tex)
    .replace(/ {2,}/g, " ")
    .replace(/([([]) /g, "$1")
    .replace(/ ([)\]])/g, "$1");
}

function texPieces(tex: string): string {
  let out = "";
  let i = 0;
  while (i < tex.length) {
    const c = tex[i];
    if (c === "\\") {
      const m = /^\\([A-Za-z]+|.)/.exec(tex.slice(i));
      const name = m ? m[1] : "";
      i += m ? m[0].length : 1;
      // As in TeX, the spaces that end a control word are not text.
      if (/^[A-Za-z]/.test(name)) while (tex[i] === " ") i++;
      if (name === "frac" || name === "tfrac" || name === "dfrac") {
        const [a, j] = argument(tex, i);
        const [b, k] = argument(tex, j);
        const ta = texToText(a);
        const tb = texToText(b);
        const wrap = (s: string) => (/^[\w\u0370-\u03ff]+$/.test(s) ? s : `(${s})`);
        out += `${wrap(ta)}/${wrap(tb)}`;
        i = k;
      } else if (name === "sqrt") {
        const [a, j] = argument(tex, i);
        const ta = texToText(a);
        out += ta.length === 1 ? `√${ta}` : `√(${ta})`;
        i = j;
      } else if (["mathrm", "text", "mathit", "mathbf", "operatorname", "textrm", "mathsf"].includes(name)) {
        const [a, j] = argument(tex, i);
        out += name === "text" || name === "textrm" ? a : texToText(a);
        i = j;
      } else if (name === "hat" || name === "tilde" || name === "bar") {
        const [a, j] = argument(tex, i);
        out += texToText(a) + (name === "hat" ? "\u0302" : name === "tilde" ? "\u0303" : "\u0304");
        i = j;
      } else if (BINARY.has(name)) out += ` ${SYMBOLS[name]} `;
      else out += SYMBOLS[name] ?? name;
    } else if (c === "^" || c === "_") {
      const [a, j] = argument(tex, i + 1);
      out += script(texToText(a), c === "^" ? SUP : SUB, c);
      i = j;
    } else if (c === "{" || c === "}") i++;
    else if (c === "-") {
      out += "−";
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/**
 * A plain-text reading of text with inline `$…$` mathematics, for consoles and SVG figures:
 * Greek letters and operators become their Unicode characters, scripts become Unicode sub- and
 * superscripts where every character has one (`x_1^2` → `x₁²`), else `_…` / `^(…)`, and `\frac{a}{b}`
 * becomes `a/b`.
 *
 * @example
 * ```ts
 * mathToText("the Gibbs density $e^{-\\beta f}/Z$"); // "the Gibbs density e^(−βf)/Z"
 * mathToText("$(x_1^2 - 1)^2$");                      // "(x₁² − 1)²"
 * ```
 */
export function mathToText(text: MathText): string {
  return pieces(text)
    .map((p) => (p.math ? texToText(p.text) : p.text))
    .join("");
}
