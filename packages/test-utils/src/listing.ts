import { expect } from "vitest";

/**
 * Checks an app's `--list` output with titles: one line per experiment in the app's order, its id
 * first (the word scripts/reproduce.mjs reads), padded to the longest id plus two spaces, then its
 * title as plain text (`asText`, e.g. the report's mathToText).
 * @example
 * expectTitleListing(listExperiments(app), app.experiments, mathToText);
 */
export function expectTitleListing(
  listing: string,
  experiments: readonly { id: string; title: string }[],
  asText: (title: string) => string,
): void {
  const lines = listing.trimEnd().split("\n");
  expect(lines.map((l) => l.split(" ")[0])).toEqual(experiments.map((e) => e.id));
  const pad = Math.max(...experiments.map((e) => e.id.length)) + 2;
  experiments.forEach((e, k) => {
    expect(lines[k]).toBe(`${e.id.padEnd(pad)}${asText(e.title)}`);
  });
}
