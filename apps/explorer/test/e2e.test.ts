import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CHROMIUM, headlessChromium } from "@langevin/test-utils/browser";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExplorerProbe as Probe } from "../src/main.js";
import { serveStatic } from "./static-server.js";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "..", "dist");
const artifacts = join(here, "..", "test-artifacts");

let browser: Browser;
let page: Page;
let server: { url: string; close: () => Promise<void> };
const consoleErrors: string[] = [];

const probe = () => page.evaluate(() => (window as unknown as { __explorer: Probe }).__explorer);

/** Waits until the worker has built a new problem; fails at once with the page's error if it shows one. */
async function waitConfigured(previous: number): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const p = (window as unknown as { __explorer: Probe }).__explorer;
      return (p?.ready && p.configured > n) || Object.keys(p?.errors ?? {}).length > 0;
    },
    previous,
    { timeout: 90_000 },
  );
  expect((await probe()).errors).toEqual({});
}

async function runFrames(count: number): Promise<void> {
  const start = (await probe()).t.length;
  await page.click("#play");
  await page.waitForFunction(
    (n) => (window as unknown as { __explorer: Probe }).__explorer.t.length >= n,
    start + count,
    { timeout: 90_000 },
  );
  await page.click("#play");
}

const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

describe("explorer in headless Chromium", () => {
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error("install Debian's chromium: apt-get install -y chromium");
    if (!existsSync(join(dist, "index.html")))
      throw new Error(
        `${dist}/index.html is missing: run \`pnpm --filter explorer build\` first (turbo's test task does)`,
      );
    mkdirSync(artifacts, { recursive: true });
    server = await serveStatic(dist);
    browser = await chromium.launch(headlessChromium);
    page = await browser.newPage({ viewport: { width: 1600, height: 1150 } });
    page.on("pageerror", (e) => consoleErrors.push(String(e)));
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    await page.goto(server.url);
    await waitConfigured(0);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("runs the double well: the KL curve decreases and a 128² frame takes < 50 ms", async () => {
    expect((await probe()).method).toContain("128×128");
    await runFrames(30);
    const p = await probe();
    // KL(ρ_t‖ρ_ss) is non-increasing for a positive mass-conserving step (data processing inequality);
    // 1e-12 relative slack covers round-off in the sums.
    for (let k = 1; k < p.kl.length; k++) expect(p.kl[k]).toBeLessThanOrEqual(p.kl[k - 1] * (1 + 1e-12));
    expect(p.kl[p.kl.length - 1]).toBeLessThan(0.5 * p.kl[0]);
    const frame = median(p.frameMs);
    const fp = median(p.fpMs);
    const render = median(p.renderMs);
    console.log(
      `128² frame (median of ${p.frameMs.length}): worker ${frame.toFixed(1)} ms ` +
        `(density step ${fp.toFixed(1)} ms, ${p.method.includes("explicit") ? "explicit" : "implicit"}; ` +
        `SDE particles ${median(p.sdeMs).toFixed(1)} ms; NEB ${median(p.nebMs).toFixed(1)} ms), ` +
        `drawing on the page ${render.toFixed(1)} ms`,
    );
    expect(frame).toBeLessThan(50);
    await page.screenshot({ path: join(artifacts, "double-well.png") });
    // the band relaxed from its bowed start onto the saddle (0, 0) of f = (x²−1)² + y²/2, barrier 1:
    // the Hessian there is diag(−4, 1), so |∇f| ≤ fmax < 0.05 puts the climbing image within
    // fmax/min|λ| < 0.05 of it and the energy error is ≤ max|λ|·0.05²/2 = 5e-3 (toBeCloseTo(1, 2))
    expect(p.neb).not.toBeNull();
    if (p.neb && p.neb.fmax < 0.05) {
      expect(p.neb.barrier).toBeCloseTo(1, 2);
      expect(Math.hypot(p.neb.saddle[0], p.neb.saddle[1])).toBeLessThan(0.05);
    } else {
      throw new Error(`NEB did not relax in ${p.neb?.iterations} iterations (fmax ${p.neb?.fmax})`);
    }
    // Step advances one frame, Reset returns to t = 0 without rebuilding the problem
    const n = p.t.length;
    await page.click("#step");
    await page.waitForFunction(
      (k) => (window as unknown as { __explorer: Probe }).__explorer.t.length === k + 1,
      n,
    );
    await page.click("#reset");
    await page.waitForFunction(() => (window as unknown as { __explorer: Probe }).__explorer.t.length === 1);
    expect((await probe()).configured).toBe(p.configured);
  });

  it("switches presets: Müller–Brown, Example 19 (with λ), the rotated quadratic with a full D", async () => {
    for (const [id, shot] of [
      ["muller-brown", "muller-brown.png"],
      ["example-19", "example-19.png"],
      ["rotated-quadratic", "rotated-quadratic.png"],
    ] as const) {
      const before = (await probe()).configured;
      await page.selectOption("#preset", id);
      await waitConfigured(before);
      await runFrames(10);
      const p = await probe();
      expect(p.kl[p.kl.length - 1]).toBeLessThan(p.kl[0]);
      console.log(
        `${id}: worker frame ${median(p.frameMs).toFixed(1)} ms (density step ${median(p.fpMs).toFixed(1)} ms, ` +
          `${p.method.includes("explicit") ? "explicit" : "implicit Euler"}), KL ${p.kl[0].toFixed(3)} → ${p.kl[p.kl.length - 1].toFixed(3)}`,
      );
      expect(await page.evaluate(() => location.hash)).toContain(`preset=${id}`);
      if (id === "example-19") expect(await page.inputValue("#lambda")).toBe("1.5");
      await page.screenshot({ path: join(artifacts, shot) });
    }
  });

  it("shows a malformed expression's error, with its column, next to the field", async () => {
    await page.selectOption("#preset", "double-well");
    await waitConfigured((await probe()).configured);
    await page.fill("#f", "(x^2 - 1)^2 + * y");
    await page.dispatchEvent("#f", "change");
    await page.waitForFunction(
      () => (window as unknown as { __explorer: Probe }).__explorer.errors.f !== undefined,
    );
    const text = await page.textContent("#f-error");
    expect(text).toMatch(/column \d+/);
    expect(await page.getAttribute("#f", "class")).toContain("invalid");
    await page.screenshot({ path: join(artifacts, "expression-error.png") });
    // η and b instead of β: β⁻¹ = η/2b is shown and used
    await page.fill("#f", "(x^2 - 1)^2 + 0.5*y^2");
    await page.check("input[name=temp][value=sgd]");
    await page.fill("#eta", "0.1");
    await page.fill("#batch", "5");
    const before = (await probe()).configured;
    await page.dispatchEvent("#batch", "change");
    await waitConfigured(before);
    expect(await page.textContent("#temp-info")).toContain("β⁻¹ = η/2b = 0.1/(2·5) = 0.01000");
    // a D that is not positive-definite is reported next to D
    await page.selectOption("#dmode", "matrix");
    await page.fill("#da", "1");
    await page.fill("#db", "1");
    await page.fill("#dc", "2");
    await page.dispatchEvent("#dc", "change");
    await page.waitForFunction(
      () => (window as unknown as { __explorer: Probe }).__explorer.errors.D !== undefined,
    );
    expect(await page.textContent("#D-error")).toMatch(/positive-definite/);
    expect(await page.textContent("#f-error")).toBe("");
  });

  it("restores the state from the URL", async () => {
    const hash = "preset=example-19&lambda=0.5&beta=2";
    await page.goto(`${server.url}#${hash}`);
    await waitConfigured(0);
    expect(await page.inputValue("#lambda")).toBe("0.5");
    expect(await page.inputValue("#beta")).toBe("2");
    expect(consoleErrors).toEqual([]);
  });
});
