import { describe, expect, it } from "vitest";
import { packageVersions, reportPackageVersions } from "./versions.js";

describe("package versions", () => {
  it("reads versions even when a package does not export its package.json", () => {
    // vega and vega-lite are pinned in this package's package.json.
    expect(reportPackageVersions()).toEqual({
      vega: "6.4.0",
      "vega-lite": "6.4.3",
      "cli-progress": "3.12.0",
    });
  });
  it("reports a missing package as unresolved", () => {
    expect(packageVersions(["no-such-package-xyz"], import.meta.url)).toEqual({
      "no-such-package-xyz": "unresolved",
    });
  });
});
