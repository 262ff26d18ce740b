#!/usr/bin/env node
// `pnpm reproduce [--app <name>[,<name>]] [--only <id>[,<id>]] [app flags...]`: runs the reproduction
// apps in turn (all of them by default, Chaudhari–Soatto first) and passes the other flags through.
// `--only` goes to the apps that have those experiments (each app's `--list` names its ids). Each app
// writes its report into its own folder: the first into --out (default out/), the others into
// <out>/<app>/.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const apps = ["chaudhari-soatto", "loss-landscape"];
const args = process.argv.slice(2);
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

/** The experiment ids of an app: the first word of each line its `--list` prints. */
function experimentIds(app) {
  const r = spawnSync(process.execPath, [mainOf(app), "--list"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`reproduce: ${app} --list failed: ${r.stderr}`);
  return r.stdout
    .split("\n")
    .map((line) => line.trim().split(/\s+/)[0])
    .filter(Boolean);
}

const onlyFor = new Map();
if (only !== undefined) {
  const known = new Map(selected.map((app) => [app, experimentIds(app)]));
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

let status = 0;
for (const app of selected) {
  const main = mainOf(app);
  const appOut = app === apps[0] ? out : join(out, app);
  const listing = passThrough.includes("--list") || passThrough.includes("--help");
  const selection = onlyFor.has(app) ? ["--only", onlyFor.get(app).join(",")] : [];
  const r = spawnSync(
    process.execPath,
    [main, ...(listing ? [] : ["--out", appOut]), ...selection, ...passThrough],
    {
      stdio: "inherit",
    },
  );
  if (r.signal === "SIGINT") process.exit(130);
  if (r.status !== 0) status = r.status ?? 1;
}
process.exit(status);
