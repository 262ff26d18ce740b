import { describe, expect, it } from "vitest";
import { gemmCases } from "../../test/gemm-cases.js";

// vitest evaluates each test file's modules afresh, so this file sees the JavaScript kernel.
process.env.LANGEVIN_NO_WASM = "1";
const kernels = await import("./gemm.js");
const { simdKernel } = await import("./wasm-simd.js");
delete process.env.LANGEVIN_NO_WASM; // read once at module evaluation; do not leak to other files

describe("gemm kernels (JavaScript fallback, LANGEVIN_NO_WASM=1)", () => {
  it("the SIMD kernel is switched off", () => {
    expect(simdKernel).toBeNull();
  });
  gemmCases(kernels);
});
