import { InvalidArgumentError, ShapeMismatchError } from "@langevin/core";
import { describe, expect, it } from "vitest";
import { arcLengths, linearPath, redistribute, reparametrize, waypointPath } from "./path.js";

describe("paths", () => {
  it("linearPath spaces images evenly between the endpoints", () => {
    const p = linearPath([0, 0], [1, 2], 5);
    // Exact up to round-off of t = i/4 (a few ulps).
    expect(p.x).toBeAllclose([0, 0, 0.25, 0.5, 0.5, 1, 0.75, 1.5, 1, 2], { atol: 1e-15 });
  });

  it("waypointPath goes through the waypoint and spaces images by arc length", () => {
    const p = waypointPath(
      [
        [0, 0],
        [1, 0],
        [1, 1],
      ],
      5,
    );
    // Total length 2, spacing 0.5: the middle image is exactly the corner (1, 0).
    expect(p.x).toBeAllclose([0, 0, 0.5, 0, 1, 0, 1, 0.5, 1, 1], { atol: 1e-15 });
    expect(arcLengths(p.x, p.n, p.dim)).toBeAllclose([0, 0.5, 1, 1.5, 2], { atol: 1e-15 });
  });

  it("redistribute restores even spacing along the polyline and keeps the ends", () => {
    const p = linearPath([0, 0], [3, 0], 4);
    p.x[2] = 0.2; // image 1 pushed towards image 0
    p.x[4] = 2.9; // image 2 pushed towards image 3
    redistribute(p.x, 2, 0, 3);
    // Collinear images: redistribution is exact up to round-off.
    expect(p.x).toBeAllclose([0, 0, 1, 0, 2, 0, 3, 0], { atol: 1e-15 });
  });

  it("reparametrize to more images keeps the polyline", () => {
    const q = reparametrize(
      waypointPath(
        [
          [0, 0],
          [1, 0],
          [1, 1],
        ],
        3,
      ),
      9,
    );
    const s = arcLengths(q.x, q.n, q.dim);
    // The three-image polyline has length 2: 8 equal pieces of 0.25 (round-off only).
    expect(s[8]).toBeAllclose(2, { atol: 1e-14 });
    for (let i = 1; i < 9; i++) expect(s[i] - s[i - 1]).toBeAllclose(0.25, { atol: 1e-14 });
  });

  it("rejects endpoints of different length and fewer than 3 images", () => {
    expect(() => linearPath([0, 0], [1, 1, 1], 5)).toThrow(ShapeMismatchError);
    expect(() => linearPath([0, 0], [1, 1], 2)).toThrow(InvalidArgumentError);
    expect(() => linearPath([0, Number.NaN], [1, 1], 5)).toThrow(/a: element 1/);
  });
});
