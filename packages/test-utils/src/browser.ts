/** Debian's Chromium (`pnpm setup:browser` installs it), which the browser tests drive through playwright-core. */
export const CHROMIUM = "/usr/bin/chromium";

/**
 * Options of playwright's `chromium.launch` for the browser tests: Debian's Chromium, headless, and
 * quiet — no GPU, sandbox or first-run UI, and no traffic of its own (QUIC, background networking,
 * component updates, sync), so a page's requests are the only ones.
 * @example
 * const browser = await chromium.launch(headlessChromium);
 */
export const headlessChromium = {
  executablePath: CHROMIUM,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};
