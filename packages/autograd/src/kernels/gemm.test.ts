import { describe, expect, it } from "vitest";
import { gemmCases } from "../../test/gemm-cases.js";
import * as kernels from "./gemm.js";
import { simdKernel } from "./wasm-simd.js";

describe("gemm kernels (WebAssembly SIMD where available)", () => {
  it("Node 20 has WebAssembly SIMD, so the SIMD kernel is the one tested here", () => {
    expect(simdKernel).not.toBeNull();
  });
  gemmCases(kernels);
});
