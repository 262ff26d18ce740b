import { describe, expect, it } from "vitest";
import { digitBytes, jsonDigit } from "../../test/reference.js";
import { DatasetFormatError } from "../errors.js";
import { MNIST_PIXELS, parseDigitFile } from "./parse-digits.js";

const bytes = (text: string) => new TextEncoder().encode(text);
const image = (values: string) => `{"data":[${Array(MNIST_PIXELS).fill(values).join(",")}]}`;

describe("parseDigitFile", () => {
  it("reads every value of the ten files as JSON.parse does, bit for bit (q/1000 is the same double)", () => {
    for (let d = 0; d < 10; d++) {
      const q = parseDigitFile(digitBytes(d), `${d}.json`);
      const ref = jsonDigit(d);
      expect(q.length).toBe(ref.length);
      let mismatches = 0;
      for (let i = 0; i < q.length; i++) if (!Object.is(q[i] / 1000, ref[i])) mismatches++;
      expect(mismatches, `digit ${d}`).toBe(0);
    }
  });

  it("accepts white space and the integers 0 and 1", () => {
    const q = parseDigitFile(bytes(`{ "data" : [ ${Array(MNIST_PIXELS).fill("1").join(" ,\n")} ] }`), "ws");
    expect(q.length).toBe(MNIST_PIXELS);
    expect(q.every((v) => v === 1000)).toBe(true);
    expect(parseDigitFile(bytes(image("0.5")), "half")[0]).toBe(500);
  });

  it("names the file and the byte of anything that is not a grey level with ≤ 3 decimals", () => {
    const cases: [string, RegExp][] = [
      ['{"other":[0]}', /no "data" array/],
      ['{"data":[0.1234]}', /at most 3 decimals \(at byte 14\)/],
      ['{"data":[-0.5]}', /at most 3 decimals \(at byte 9\)/],
      ['{"data":[1.5]}', /grey level 1.5 above 1/],
      ['{"data":[0,]}', /at most 3 decimals/],
      ['{"data":[1.]}', /at most 3 decimals/],
      ['{"data":[0,1e-3]}', /at most 3 decimals/],
      ['{"data":[0,0', /at most 3 decimals/],
      ['{"data":[0,0.5]}', /2 grey levels are not a whole number of 28×28 images/],
    ];
    for (const [text, message] of cases) {
      let error: unknown;
      try {
        parseDigitFile(bytes(text), "bad.json");
      } catch (e) {
        error = e;
      }
      expect(error, text).toBeInstanceOf(DatasetFormatError);
      expect((error as DatasetFormatError).file).toBe("bad.json");
      expect((error as Error).message, text).toMatch(message);
    }
  });
});
