#!/usr/bin/env node
// `pnpm reproduce [--app <name>[,<name>]] [--only <id>[,<id>]] [app flags...]`: runs the reproduction
// apps in turn (all of them by default, Chaudhari–Soatto first) and passes the other flags through.
// With `--shard i/n` (or `--shard auto` in a Slurm array task) each app runs its share of the
// experiments and writes only its part; `pnpm reproduce merge <shard out>... [--out dir]` then asks
// each app to assemble its parts into the report a single run would have written.
// `--only` goes to the apps that have those experiments (each app's `--list` names its ids). Each app
// writes its report into its own folder: the first into --out (default out/), the others into
// <out>/<app>/.
//
// SIGINT, SIGTERM and SIGHUP are passed on to the running app, which finishes its report as partial
// results; the script waits for it and exits with its status (130 after SIGINT, 143 after SIGTERM,
// by the shell's 128 + signal convention), starting no further app. The app runs in a process group
// of its own so that a Ctrl-C typed in the terminal reaches it once, through this script: the first
// Ctrl-C must mean "stop and write", and a second copy straight from the terminal would mean "quit now".
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { constants } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const apps = ["chaudhari-soatto", "loss-landscape"];
const merging = process.argv[2] === "merge";
const args = process.argv.slice(merging ? 3 : 2);
const mergeDirs = [];
let selected = apps;
let out = "out";
let only;
const passThrough = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === "--app" || a.startsWith("--app=")) {
    const value = a.includes("=") ? a.slice(6) : args[++i];
    selected = (value ?? "").split(",").filter(Boolean);
    const unknown = selected.filter((s) => !apps.includes(s));
    if (unknown.length > 0 || selected.length === 0) {
      console.error(`reproduce: --app must be one or more of ${apps.join(", ")}; got "${value ?? ""}"`);
      process.exit(2);
    }
  } else if (a === "--only" || a.startsWith("--only=")) {
    only = (a.includes("=") ? a.slice(7) : (args[++i] ?? "")).split(",").filter(Boolean);
  } else if (a === "--out" || a.startsWith("--out=")) {
    out = a.includes("=") ? a.slice(6) : args[++i];
  } else if (merging && !a.startsWith("-")) {
    mergeDirs.push(a);
  } else {
    passThrough.push(a);
  }
}

const mainOf = (app) => join(root, "apps", app, "dist", "main.js");
for (const app of selected) {
  if (!existsSync(mainOf(app))) {
    console.error(`reproduce: ${mainOf(app)} is missing; run pnpm build first`);
    process.exit(2);
  }
}

/** The shell's status for a process ended by `signal`: 128 + its number. */
const signalStatus = (signal) => 128 + (constants.signals[signal] ?? 0);

let child = null;
let received = null;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    received ??= signal;
    if (child) child.kill(signal);
    else process.exit(signalStatus(signal));
  });
}

/**
 * Runs `node args…` and resolves to `{ code, signal, stdout }` once it has exited; stdout is captured
 * with `capture`, else every stream is the terminal's. Signals this script receives meanwhile are
 * forwarded to it (see the handlers above).
 */
function run(args, capture = false) {
  return new Promise((resolve, reject) => {
    child = spawn(process.execPath, args, {
      stdio: capture ? ["ignore", "pipe", "inherit"] : "inherit",
      detached: true,
    });
    let stdout = "";
    child.stdout?.setEncoding("utf8").on("data", (d) => {
      stdout += d;
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      child = null;
      resolve({ code, signal, stdout });
    });
  });
}

/** The exit status after a signal: the app's own code when it handled the signal, else 128 + signal. */
function interruptedStatus(r) {
  if (r.code !== null && r.code !== 0) return r.code;
  return signalStatus(r.signal ?? received);
}

/** The experiment ids of an app: the first word of each line its `--list` prints. */
async function experimentIds(app) {
  const r = await run([mainOf(app), "--list"], true);
  if (received) process.exit(interruptedStatus(r));
  if (r.code !== 0) throw new Error(`reproduce: ${app} --list failed (exit ${r.code ?? r.signal})`);
  return r.stdout
    .split("\n")
    .map((line) => line.trim().split(/\s+/)[0])
    .filter(Boolean);
}

const onlyFor = new Map();
if (only !== undefined) {
  const known = new Map();
  for (const app of selected) known.set(app, await experimentIds(app));
  const unknown = only.filter((id) => ![...known.values()].some((ids) => ids.includes(id)));
  if (only.length === 0 || unknown.length > 0) {
    const all = [...known].map(([app, ids]) => `${app}: ${ids.join(", ")}`).join("; ");
    console.error(`reproduce: --only names no experiment "${unknown.join(",")}"; known: ${all}`);
    process.exit(2);
  }
  for (const [app, ids] of known) {
    const mine = only.filter((id) => ids.includes(id));
    if (mine.length > 0) onlyFor.set(app, mine);
  }
  selected = selected.filter((app) => onlyFor.has(app));
}

if (merging) {
  // Each app merges the parts found in the shard folders (its own subfolder, as a run writes them).
  const subOf = (app, dir) => (app === apps[0] ? dir : join(dir, app));
  const withParts = selected.filter((app) =>
    mergeDirs.some((d) => existsSync(join(subOf(app, d), "shard.v8"))),
  );
  if (mergeDirs.length === 0 || withParts.length === 0) {
    console.error(
      `reproduce merge: ${mergeDirs.length === 0 ? "give the --out folders of the shards" : `no shard parts in ${mergeDirs.join(", ")}`}`,
    );
    process.exit(2);
  }
  let status = 0;
  for (const app of withParts) {
    const appOut = app === apps[0] ? out : join(out, app);
    const dirs = mergeDirs.map((d) => subOf(app, d));
    const r = await run([mainOf(app), "merge", ...dirs, "--out", appOut, ...passThrough]);
    if (received) process.exit(interruptedStatus(r));
    if (r.signal) status = signalStatus(r.signal);
    else if (r.code !== 0) status = r.code ?? 1;
  }
  process.exit(status);
}

let status = 0;
const reports = [];
for (const app of selected) {
  const main = mainOf(app);
  const appOut = app === apps[0] ? out : join(out, app);
  const listing = passThrough.includes("--list") || passThrough.includes("--help");
  const selection = onlyFor.has(app) ? ["--only", onlyFor.get(app).join(",")] : [];
  const r = await run([main, ...(listing ? [] : ["--out", appOut]), ...selection, ...passThrough]);
  if (received) process.exit(interruptedStatus(r));
  if (r.signal) status = signalStatus(r.signal);
  else if (r.code !== 0) status = r.code ?? 1;
  if (!listing) reports.push(reportLine(app, appOut));
}
// The last line names every report (each app's own summary ends with its paths only).
if (reports.length > 1) console.log(`\nreports: ${reports.join("; ")}`);
process.exit(status);

/** `app: <out>/report.html (passed/checks checks)`, read from the results.json the app just wrote. */
function reportLine(app, appOut) {
  const html = join(appOut, "report.html");
  try {
    const { summary } = JSON.parse(readFileSync(join(appOut, "results.json"), "utf8"));
    return `${app} ${html} (${summary.passed}/${summary.checks} checks passed)`;
  } catch {
    return `${app} ${html} (no results.json)`;
  }
}
