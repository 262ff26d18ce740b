import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { encodePng } from "./png.js";

describe("encodePng", () => {
  it("writes the signature, an RGBA header and rows that inflate back to the pixels", () => {
    const rgba = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 1, 2, 3, 4, 5, 6]).subarray(
      0,
      16,
    );
    const png = encodePng(2, 2, rgba);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.subarray(12, 16).toString()).toBe("IHDR");
    expect(png.readUInt32BE(16)).toBe(2);
    expect(png.readUInt32BE(20)).toBe(2);
    expect([png[24], png[25]]).toEqual([8, 6]);
    const idatLength = png.readUInt32BE(33);
    expect(png.subarray(37, 41).toString()).toBe("IDAT");
    const raw = inflateSync(png.subarray(41, 41 + idatLength));
    // Each row: filter byte 0, then its 2 pixels.
    expect([...raw]).toEqual([0, ...rgba.subarray(0, 8), 0, ...rgba.subarray(8, 16)]);
  });
  it("names the argument that is wrong", () => {
    expect(() => encodePng(0, 1, new Uint8Array(0))).toThrow(/width and height/);
    expect(() => encodePng(1, 1, new Uint8Array(3))).toThrow(/rgba has 3 bytes/);
  });
});
