#!/usr/bin/env node
// `pnpm reproduce [--app <name>[,<name>]] [app flags...]`: runs the reproduction apps in turn (all of
// them by default, Chaudhari–Soatto first) and passes the other flags through. Each app writes its
// report into its own folder: the first into --out (default out/), the others into <out>/<app>/.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const apps = ["chaudhari-soatto", "loss-landscape"];
const args = process.argv.slice(2);
let selected = apps;
let out = "out";
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
  } else if (a === "--out" || a.startsWith("--out=")) {
    out = a.includes("=") ? a.slice(6) : args[++i];
  } else {
    passThrough.push(a);
  }
}

let status = 0;
for (const app of selected) {
  const main = join(root, "apps", app, "dist", "main.js");
  if (!existsSync(main)) {
    console.error(`reproduce: ${main} is missing; run pnpm build first`);
    process.exit(2);
  }
  const appOut = app === apps[0] ? out : join(out, app);
  const listing = passThrough.includes("--list") || passThrough.includes("--help");
  const r = spawnSync(process.execPath, [main, ...(listing ? [] : ["--out", appOut]), ...passThrough], {
    stdio: "inherit",
  });
  if (r.signal === "SIGINT") process.exit(130);
  if (r.status !== 0) status = r.status ?? 1;
}
process.exit(status);
