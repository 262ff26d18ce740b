#!/usr/bin/env node
// The loss-landscape reproduction (issue 8): `node dist/main.js [--only id] [--full|--test] [--out dir] [--list]`.
import { runApp } from "@langevin/report";
import { app } from "./app.js";

await runApp(app);
