/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// page.evaluate callbacks run in the browser: their globals are the DOM's.
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseCli, runAndReport, silentProgress } from "@langevin/report";
import { CHROMIUM, headlessChromium } from "@langevin/test-utils/browser";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { app } from "../src/app.js";

// The report as a reader sees it: headless Chromium (Debian's, `pnpm setup:browser`) on a report
// generated here with the smallest runs of the experiments whose figures are the widest (three
// panels to a row, heatmaps with overlays, grouped bars, several panels with legends).
const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, "..", "test-artifacts");
const ONLY = ["gibbs-vs-anisotropic", "linearised", "temperature"];
// The budget for the full report; the few experiments here must stay well inside it.
const MAX_BYTES = 3e6;
// A4 at 96 px per inch less the print stylesheet's 12 mm margins: 186 mm × 273 mm.
const PRINT_WIDTH = Math.floor((186 / 25.4) * 96);
const PRINT_HEIGHT = Math.floor((273 / 25.4) * 96);

let browser: Browser;
let page: Page;
let out: string;
let htmlPath: string;

interface Overflow {
  document: { scrollWidth: number; clientWidth: number };
  figures: { id: string; scrollWidth: number; clientWidth: number; drawn: number; height: number }[];
}

/** Widths that would make a reader scroll sideways: the document's and every figure's (and its drawing's). */
const overflow = () =>
  page.evaluate((): Overflow => {
    const d = document.documentElement;
    return {
      document: { scrollWidth: d.scrollWidth, clientWidth: d.clientWidth },
      figures: [...document.querySelectorAll("figure")].map((f) => {
        const drawing = f.querySelector("svg");
        return {
          id: f.id,
          scrollWidth: f.scrollWidth,
          clientWidth: f.clientWidth,
          drawn: drawing ? drawing.getBoundingClientRect().width : 0,
          height: f.getBoundingClientRect().height,
        };
      }),
    };
  });

describe("the report in headless Chromium", () => {
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error("install Debian's chromium: pnpm setup:browser");
    mkdirSync(artifacts, { recursive: true });
    out = mkdtempSync(join(tmpdir(), "report-e2e-"));
    const run = await runAndReport(
      app,
      { ...parseCli(["--test", "--only", ONLY.join(","), "--quiet"], { out }) },
      { progress: silentProgress() },
    );
    expect(run.figureErrors).toEqual([]);
    htmlPath = run.htmlPath;
    browser = await chromium.launch(headlessChromium);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // No network: a self-contained report makes no request beyond its own file.
    const requests: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) requests.push(r.url());
    });
    await page.goto(`file://${htmlPath}`);
    expect(requests).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it("is small enough to open quickly", () => {
    expect(statSync(htmlPath).size).toBeLessThan(MAX_BYTES);
  });

  it("needs no horizontal scrolling at 1280 px: the document and every figure fit the column", async () => {
    const o = await overflow();
    expect(o.figures.length).toBeGreaterThan(6);
    expect(o.document.scrollWidth).toBeLessThanOrEqual(o.document.clientWidth);
    for (const f of o.figures) {
      expect({ id: f.id, fits: f.scrollWidth <= f.clientWidth }).toEqual({ id: f.id, fits: true });
      // The drawing itself (not only its box) is within the figure: +1 px for sub-pixel rounding.
      expect({ id: f.id, fits: f.drawn <= f.clientWidth + 1 }).toEqual({ id: f.id, fits: true });
    }
    // The first screenful (a full-page capture costs seconds of rasterising on a loaded machine).
    await page.screenshot({ path: join(artifacts, "report-1280.png") });
  });

  it("renders the mathematics as MathML and leaves no raw TeX in the text", async () => {
    const text = await page.evaluate(() => {
      const body = document.body.cloneNode(true) as HTMLElement;
      // The TeX source kept inside MathML (<annotation>), the figures and the raw numbers are not prose.
      for (const e of body.querySelectorAll("annotation, svg, pre")) e.remove();
      return { maths: document.querySelectorAll("math").length, text: body.textContent ?? "" };
    });
    expect(text.maths).toBeGreaterThan(10);
    expect(text.text).not.toMatch(/\^\{|_\{|\\[a-zA-Z]+|\$/);
  });

  it("prints every figure whole: within the page's width and height, never split across pages", async () => {
    await page.emulateMedia({ media: "print" });
    await page.setViewportSize({ width: PRINT_WIDTH, height: PRINT_HEIGHT });
    const o = await overflow();
    expect(o.document.scrollWidth).toBeLessThanOrEqual(o.document.clientWidth);
    for (const f of o.figures) {
      expect({ id: f.id, fits: f.drawn <= f.clientWidth + 1 && f.scrollWidth <= f.clientWidth }).toEqual({
        id: f.id,
        fits: true,
      });
      expect({ id: f.id, fitsPage: f.height <= PRINT_HEIGHT }).toEqual({ id: f.id, fitsPage: true });
    }
    const breaks = await page.evaluate(() =>
      [...document.querySelectorAll("figure")].map((f) => getComputedStyle(f).breakInside),
    );
    expect(new Set(breaks)).toEqual(new Set(["avoid"]));
    const pdf = await page.pdf({ path: join(artifacts, "report.pdf"), format: "A4", printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  });
});
