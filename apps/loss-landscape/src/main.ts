#!/usr/bin/env node
// The loss-landscape reproduction (issue 8): `node dist/main.js [--only id] [--full|--test] [--out dir] [--list]`.
import { summaryTable } from "@langevin/report";
import { listExperiments, runApp, selectExperiments } from "./app.js";
import { parseCli, USAGE } from "./cli.js";

async function main(): Promise<number> {
  let options: ReturnType<typeof parseCli>;
  try {
    options = parseCli(process.argv.slice(2));
    selectExperiments(options.only);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (options.list) {
    process.stdout.write(listExperiments());
    return 0;
  }
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1) {
      process.stderr.write(
        "\ninterrupted: finishing the report with what is done (Ctrl-C again to quit now)\n",
      );
      controller.abort();
    } else process.exit(130);
  };
  process.on("SIGINT", onSigint);
  const { result, htmlPath, jsonPath, figureErrors } = await runApp(options, { signal: controller.signal });
  process.off("SIGINT", onSigint);
  process.stdout.write(`\n${summaryTable(result, process.stdout.columns || 150)}\n`);
  process.stdout.write(`\nreport:  ${htmlPath}\nresults: ${jsonPath}\n`);
  for (const f of figureErrors) process.stderr.write(`figure error: ${f}\n`);
  if (result.aborted) return 130;
  return result.summary.failed > 0 || figureErrors.length > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
