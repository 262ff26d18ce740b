import type { ExperimentResult, RunResult } from "./experiment.js";
import { formatNumber } from "./format.js";
import { mathToHtml, mathToText } from "./math.js";

/** Escapes text for HTML. */
export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}

/** Text with inline `$…$` mathematics as HTML: escaped text and MathML. */
function rich(s: string): string {
  return mathToHtml(s, escapeHtml);
}

// The column is 1180 px at most; figures are scaled to it (never scrolled sideways), and printing
// keeps each figure whole on one page at the page's width.
const CSS = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:1180px;margin:2em auto;padding:0 1em;color:#1d1d1f;line-height:1.45}
h1{font-size:1.7em;margin-bottom:.2em} h2{margin-top:2.2em;border-bottom:2px solid #ddd;padding-bottom:.2em}
h3{font-size:1.05em;margin:1.2em 0 .3em}
.meta{color:#555;font-size:.9em}
table{border-collapse:collapse;margin:.6em 0;font-size:.88em;width:100%}
th,td{border:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f4f4f6}
td.num{font-family:ui-monospace,Menlo,Consolas,monospace;white-space:nowrap}
td.val{font-family:ui-monospace,Menlo,Consolas,monospace;overflow-wrap:anywhere}
td{overflow-wrap:break-word}
.pass{color:#0a7d28;font-weight:600} .fail{color:#c0161d;font-weight:700}
.badge{display:inline-block;padding:.05em .55em;border-radius:.8em;font-size:.8em;font-weight:600;margin-left:.5em;vertical-align:middle}
.badge.passed{background:#d9f2e0;color:#0a7d28} .badge.failed{background:#fbdcdc;color:#c0161d}
.badge.aborted,.badge.skipped{background:#eee;color:#666}
.claim{background:#f7f7fb;border-left:4px solid #6b6bd6;padding:.5em .8em;margin:.6em 0}
figure{margin:1em 0;max-width:100%} figcaption{font-size:.86em;color:#444;margin-top:.3em}
figure svg,figure img{display:block;max-width:100%;height:auto}
math{font-size:1.08em}
details{margin:.5em 0} summary{cursor:pointer;color:#444}
pre{background:#f6f6f6;padding:.6em;overflow-x:auto;font-size:.8em}
.fig-error{color:#c0161d}
@page{size:A4;margin:12mm}
@media print{
body{max-width:none;margin:0;padding:0;font-size:10pt}
figure{break-inside:avoid;page-break-inside:avoid}
figure svg{max-height:240mm;width:auto}
h2,h3{break-after:avoid;page-break-after:avoid}
table,tr{break-inside:avoid}
td.num{white-space:normal;overflow-wrap:anywhere}
td,th{padding:.2em .35em}
details:not([open]){display:none}
a{color:inherit;text-decoration:none}
}
`;

function checksTable(r: ExperimentResult): string {
  if (r.checks.length === 0) return "<p><em>No checks recorded.</em></p>";
  const rows = r.checks
    .map(
      (c) =>
        `<tr><td>${rich(c.claim)}<br><small>${escapeHtml(c.name)}</small></td><td class="num">${escapeHtml(
          formatNumber(c.measured),
        )}</td><td class="num">${
          c.control
            ? `${escapeHtml(formatNumber(c.control.measured))}<br><small>${escapeHtml(c.control.label)}${
                c.control.satisfies ? " (satisfies the claim)" : ""
              }</small>`
            : "—"
        }</td><td class="num">${rich(formatNumber(c.expected))}</td><td>${rich(c.tolerance)}</td><td class="${
          c.pass ? "pass" : "fail"
        }">${c.pass ? "PASS" : "FAIL"}</td></tr>`,
    )
    .join("\n");
  return `<table><thead><tr><th>claim</th><th>measured</th><th>control</th><th>expected</th><th>tolerance (why)</th><th>verdict</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function paramsTable(params: Record<string, unknown>): string {
  const keys = Object.keys(params);
  if (!keys.length) return "";
  const rows = keys
    .map((k) => `<tr><td>${escapeHtml(k)}</td><td class="val">${rich(stringify(params[k]))}</td></tr>`)
    .join("");
  return `<table><thead><tr><th>parameter</th><th>value</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function stringify(v: unknown): string {
  if (typeof v === "number") return formatNumber(v);
  if (typeof v === "string") return v;
  return JSON.stringify(v, (_k, x) => (typeof x === "number" ? Number(formatNumber(x)) || x : x));
}

/**
 * The self-contained report: inline CSS, inline SVG figures (`svgs[experimentId][figureIndex]`), no
 * network access. Every experiment: claim, setup, parameters, figures, verdict table, notes. The run id
 * (`options.runId`) goes into `<meta name="langevin-run">`, matching results.json's `runId`.
 *
 * @example
 * ```ts
 * const html = reportHtml(result, svgs, { title: "Chaudhari & Soatto (2018), reproduced" });
 * ```
 */
export function reportHtml(
  result: RunResult,
  svgs: Record<string, (string | { error: string })[]>,
  options: { title: string; intro?: string; runId?: string } = { title: "Report" },
): string {
  const s = result.summary;
  const overview = result.experiments
    .map(
      (r) =>
        `<tr><td><a href="#${escapeHtml(r.id)}">${escapeHtml(r.id)}</a></td><td>${rich(r.title)}</td><td>${
          r.checks.filter((c) => c.pass).length
        }/${r.checks.length}</td><td><span class="badge ${r.status}">${r.status}</span></td><td class="num">${r.seconds.toFixed(1)} s</td></tr>`,
    )
    .join("\n");
  const sections = result.experiments
    .map((r) => {
      const figs = r.figures
        .map((f, k) => {
          const svg = svgs[r.id]?.[k];
          const body =
            typeof svg === "string"
              ? svg
              : `<p class="fig-error">figure could not be rendered: ${escapeHtml(svg?.error ?? "missing")}</p>`;
          return `<figure id="fig-${escapeHtml(r.id)}-${escapeHtml(f.id)}" data-figure="${escapeHtml(f.id)}"><h3>${rich(
            f.title,
          )}</h3>${body}${f.caption ? `<figcaption>${rich(f.caption)}</figcaption>` : ""}</figure>`;
        })
        .join("\n");
      const notes = r.notes.map((n) => `<p>${rich(n)}</p>`).join("\n");
      const err = r.error
        ? `<details open><summary class="fail">error</summary><pre>${escapeHtml(r.error.stack ?? r.error.message)}</pre></details>`
        : "";
      const numbers = Object.keys(r.numbers).length
        ? `<details><summary>all numbers of this experiment (${Object.keys(r.numbers).length})</summary><pre>${escapeHtml(
            JSON.stringify(r.numbers, null, 1).slice(0, 20000),
          )}</pre></details>`
        : "";
      const seeds = Object.keys(r.seeds).length
        ? `<p class="meta">seeds: ${escapeHtml(
            Object.entries(r.seeds)
              .map(([k, v]) => `${k}=${v}`)
              .join(", "),
          )}; run time ${r.seconds.toFixed(1)} s</p>`
        : `<p class="meta">run time ${r.seconds.toFixed(1)} s</p>`;
      return `<section id="${escapeHtml(r.id)}"><h2>${rich(r.title)} <span class="badge ${r.status}">${r.status}</span></h2>
<p class="meta"><code>--only ${escapeHtml(r.id)}</code></p>
<div class="claim"><strong>Claim.</strong> ${rich(r.claim)}</div>
<p><strong>Setup.</strong> ${rich(r.setup)}</p>
${paramsTable(r.params)}
${notes}
<h3>Verdicts</h3>
${checksTable(r)}
${err}
${figs}
${numbers}
${seeds}
</section>`;
    })
    .join("\n");
  const pkgs = Object.entries(result.packages)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
${options.runId ? `<meta name="langevin-run" content="${escapeHtml(options.runId)}">` : ""}
<title>${escapeHtml(mathToText(options.title))}</title><style>${CSS}</style></head>
<body>
<h1>${rich(options.title)}</h1>
<p class="meta">mode <strong>${result.mode}</strong> · started ${escapeHtml(result.startedAt)} · ${result.seconds.toFixed(
    1,
  )} s · Node ${escapeHtml(result.environment.node)} on ${escapeHtml(result.environment.platform)}/${escapeHtml(
    result.environment.arch,
  )}, ${result.environment.cpus} CPUs · base seed ${result.baseSeed}${result.aborted ? " · <strong>interrupted</strong>" : ""}</p>
${
  result.aborted
    ? `<p class="fail"><strong>Partial results.</strong> This run was interrupted: the experiments marked aborted or skipped did not finish. The last complete run, if any, is in the folder above.</p>`
    : ""
}
${options.intro ? `<p>${rich(options.intro)}</p>` : ""}
<p><strong>${s.passed}/${s.checks}</strong> checks passed${s.failed ? `, <span class="fail">${s.failed} failed</span>` : ""}.</p>
<table><thead><tr><th>id</th><th>experiment</th><th>checks</th><th>status</th><th>time</th></tr></thead><tbody>${overview}</tbody></table>
${sections}
<hr><p class="meta">packages: ${escapeHtml(pkgs)}</p>
</body></html>
`;
}
