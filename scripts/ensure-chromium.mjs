#!/usr/bin/env node
// The explorer's end-to-end tests drive Debian's Chromium (never a downloaded browser). This makes
// sure /usr/bin/chromium exists: if it is missing and we are root on a Debian-like system, it
// installs the `chromium` package with apt-get; otherwise it says what to do and fails.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const chromium = "/usr/bin/chromium";
if (existsSync(chromium)) {
  process.exit(0);
}
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const hasApt = existsSync("/usr/bin/apt-get");
if (!(isRoot && hasApt)) {
  console.error(
    `setup:browser: ${chromium} is missing. Install Debian's chromium (as root: apt-get install -y chromium); ` +
      "the explorer's browser tests need it.",
  );
  process.exit(1);
}
console.log("setup:browser: installing Debian's chromium with apt-get ...");
const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
execFileSync("apt-get", ["update", "-q"], { stdio: "inherit", env });
execFileSync("apt-get", ["install", "-y", "-q", "--no-install-recommends", "chromium"], {
  stdio: "inherit",
  env,
});
if (!existsSync(chromium)) {
  console.error(`setup:browser: apt-get finished but ${chromium} is still missing`);
  process.exit(1);
}
