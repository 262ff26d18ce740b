#!/usr/bin/env node
// The reproduction of Chaudhari & Soatto (ICLR 2018): `pnpm reproduce [--only id] [--full|--test] [--out dir]`.
import { runApp } from "@langevin/report";
import { app } from "./app.js";

await runApp(app);
