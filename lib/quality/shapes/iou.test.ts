import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { boxIoU, boxToPolygon, polygonIoU, shapeIoU } from "./iou";
import { anyBox, corners, polygon } from "./test-shapes";
import type { BoxShape, PolygonShape } from "./types";

const unitSquare = polygon([
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 1],
]);
const twoSquare = polygon([
  [0, 0],
  [2, 0],
  [2, 2],
  [0, 2],
]);

describe("boxIoU", () => {
  // torchvision test/test_ops.py, TestBoxIou: INT_BOXES against INT_BOXES2 (x1, y1, x2, y2) and the
  // expected matrix int_expected, checked there with atol 1e-4. These values are exact in binary.
  it("reproduces torchvision's box_iou test on integer boxes", () => {
    const rows = [corners(0, 0, 100, 100), corners(0, 0, 50, 50), corners(200, 200, 300, 300), corners(0, 0, 25, 25)];
    const columns = [corners(0, 0, 100, 100), corners(0, 0, 50, 50), corners(200, 200, 300, 300)];
    const expected = [
      [1, 0.25, 0],
      [0.25, 1, 0],
      [0, 0, 1],
      [0.0625, 0.25, 0],
    ];
    expect(rows.map((a) => columns.map((b) => boxIoU(a, b)))).toEqual(expected);
  });

  // Same test class, FLOAT_BOXES against themselves; torchvision prints float_expected to 4 decimals.
  it("reproduces torchvision's box_iou test on real-valued boxes to 4 decimals", () => {
    const boxes = [
      corners(285.3538, 185.5758, 1193.511, 851.4551),
      corners(285.1472, 188.7374, 1192.4984, 851.0669),
      corners(279.244, 197.9812, 1189.4746, 849.2019),
    ];
    const expected = [
      [1.0, 0.9933, 0.9673],
      [0.9933, 1.0, 0.9737],
      [0.9673, 0.9737, 1.0],
    ];
    boxes.forEach((a, i) => boxes.forEach((b, j) => expect(boxIoU(a, b)).toBeCloseTo(expected[i]![j]!, 4)));
  });

  it("gives 1/3 for two unit squares offset by half a side", () => {
    // Overlap 0.5 × 1 = 0.5; union 1 + 1 − 0.5 = 1.5.
    expect(boxIoU(corners(0, 0, 1, 1), corners(0.5, 0, 1.5, 1))).toBeCloseTo(1 / 3, 15);
  });

  it("gives 0 for boxes that only share an edge or a corner", () => {
    expect(boxIoU(corners(0, 0, 1, 1), corners(1, 0, 2, 1))).toBe(0);
    expect(boxIoU(corners(0, 0, 1, 1), corners(1, 1, 2, 2))).toBe(0);
  });

  it("gives 0, not NaN, for zero-area boxes, even against themselves", () => {
    const flat = corners(0, 0, 10, 0);
    expect(boxIoU(flat, flat)).toBe(0);
    expect(boxIoU(flat, corners(0, -5, 10, 5))).toBe(0);
    expect(boxIoU(corners(3, 3, 3, 3), corners(3, 3, 3, 3))).toBe(0);
  });

  it("is 1 for a box against itself even when x + width - x is not width in floating point", () => {
    // 0.1 + 0.2 - 0.1 = 0.20000000000000004: areas come from the same corner differences as the overlap.
    expect(boxIoU(corners(0.1, 0.1, 0.3, 0.3), corners(0.1, 0.1, 0.3, 0.3))).toBe(1);
  });

  it("refuses malformed boxes with a one-line message", () => {
    expect(() => boxIoU({ ...corners(0, 0, 1, 1), x: Number.NaN }, corners(0, 0, 1, 1))).toThrow("first box: x is NaN, expected a finite number");
    expect(() => boxIoU(corners(0, 0, 1, 1), { ...corners(0, 0, 1, 1), height: Infinity })).toThrow("second box: height is Infinity, expected a finite number");
    expect(() => boxIoU({ ...corners(0, 0, 1, 1), width: -2 }, corners(0, 0, 1, 1))).toThrow("first box: width and height must not be negative (got -2 × 1)");
    expect(() => boxIoU(unitSquare as unknown as BoxShape, corners(0, 0, 1, 1))).toThrow('first box: type is "polygon", expected "bbox"');
  });

  it("is symmetric, in [0, 1], and 1 for a positive-area box against itself (property)", () => {
    fc.assert(
      fc.property(anyBox, anyBox, (a, b) => {
        const iou = boxIoU(a, b);
        expect(iou).toBe(boxIoU(b, a));
        expect(iou).toBeGreaterThanOrEqual(0);
        expect(iou).toBeLessThanOrEqual(1);
        if (a.width * a.height > 0) expect(boxIoU(a, a)).toBe(1);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("polygonIoU", () => {
  it("gives 1/3 for two unit squares offset by half a side, as the box formula does", () => {
    const shifted = polygon([
      [0.5, 0],
      [1.5, 0],
      [1.5, 1],
      [0.5, 1],
    ]);
    expect(polygonIoU(unitSquare, shifted)).toBeCloseTo(1 / 3, 12);
  });

  it("gives 1/2 for the triangle that is half of a square", () => {
    // Triangle (0,0), (2,0), (0,2) has area 2 and lies inside the 2 × 2 square: IoU = 2 / 4.
    const triangle = polygon([
      [0, 0],
      [2, 0],
      [0, 2],
    ]);
    expect(polygonIoU(triangle, twoSquare)).toBeCloseTo(0.5, 12);
  });

  it("gives 1/4 for a square inside a square of twice the side", () => {
    expect(polygonIoU(unitSquare, twoSquare)).toBeCloseTo(0.25, 12);
  });

  it("does not depend on winding direction or on repeating the first point", () => {
    const clockwiseClosed = polygon([
      [0, 0],
      [0, 1],
      [1, 1],
      [1, 0],
      [0, 0],
    ]);
    expect(polygonIoU(clockwiseClosed, unitSquare)).toBeCloseTo(1, 12);
  });

  it("reads a self-crossing bow-tie as both of its lobes (non-zero rule)", () => {
    // The ring (0,0) → (2,2) → (2,0) → (0,2) crosses itself at (1,1). Its lobes are the triangles
    // (0,0),(1,1),(0,2) and (1,1),(2,0),(2,2), area 1 each, both inside the 2 × 2 square: IoU = 2 / 4.
    // (The shoelace formula on the raw ring gives 0: the lobes wind in opposite directions.)
    const bowTie = polygon([
      [0, 0],
      [2, 2],
      [2, 0],
      [0, 2],
    ]);
    expect(polygonIoU(bowTie, twoSquare)).toBeCloseTo(0.5, 12);
    expect(polygonIoU(bowTie, bowTie)).toBeCloseTo(1, 12);
  });

  it("reads a pentagram drawn in one stroke as the whole star, centre included (non-zero rule)", () => {
    // Outer vertices on the unit circle, visited in the order 0, 2, 4, 1, 3. The filled star is a decagon
    // with outer radius R = 1 and inner radius r = cos 72° / cos 36°; its area is 10 triangles of area
    // R·r·sin 36° / 2, i.e. 5·r·sin 36° ≈ 1.12257. Its centre, a pentagon of circumradius r and area
    // (5/2)·r²·sin 72°, has winding number 2: the even-odd rule would leave it out. The star lies inside
    // the square [-1, 1]², area 4, so IoU = star area / 4.
    const vertex = (k: number): [number, number] => [Math.cos(Math.PI / 2 + (2 * Math.PI * k) / 5), Math.sin(Math.PI / 2 + (2 * Math.PI * k) / 5)];
    const pentagram = polygon([0, 2, 4, 1, 3].map(vertex));
    const square = polygon([
      [-1, -1],
      [1, -1],
      [1, 1],
      [-1, 1],
    ]);
    const r = Math.cos((2 * Math.PI) / 5) / Math.cos(Math.PI / 5);
    const starArea = 5 * r * Math.sin(Math.PI / 5);
    expect(polygonIoU(pentagram, square)).toBeCloseTo(starArea / 4, 12);
  });

  it("gives 0 for polygons that only touch, and for a zero-area (collinear) polygon", () => {
    const rightNeighbour = polygon([
      [1, 0],
      [2, 0],
      [2, 1],
      [1, 1],
    ]);
    const collinear = polygon([
      [0, 0],
      [1, 1],
      [2, 2],
    ]);
    expect(polygonIoU(unitSquare, rightNeighbour)).toBe(0);
    expect(polygonIoU(collinear, collinear)).toBe(0);
    expect(polygonIoU(collinear, twoSquare)).toBe(0);
  });

  it("intersects normalised regions, not raw rings, on which polyclip-ts can fail", () => {
    // Found by the symmetry property below: intersecting these raw rings throws "Unable to complete
    // output ring" in polyclip-ts; their normalised regions intersect fine. By hand: A normalises to the triangle (0,1), (9,10), (0,2), area 9/2
    // (the rest is a spike along x = 0); B to the triangles (1,1), (2,3), (2,4) and (2,0), (4,7), (2,3),
    // areas 1/2 and 3. A ∩ B is the quadrilateral (3/2, 5/2), (2, 3), (2, 34/9), (36/19, 70/19), area
    // 163/684, plus (2, 3), (16/5, 21/5), (162/47, 238/47), (27/10, 22/5), area 621/940 (corners from
    // the lines y = x + 1, y = 8x/9 + 2, y = 2x − 1, y = 3x − 2, y = 7x/2 − 7 and x = 2). So the overlap
    // is 36124/40185 and IoU = overlap / (9/2 + 7/2 − overlap) = 9031/71339.
    const a = polygon([
      [0, 0],
      [0, 2],
      [9, 10],
      [0, 1],
    ]);
    const b = polygon([
      [2, 4],
      [1, 1],
      [4, 7],
      [2, 0],
    ]);
    expect(polygonIoU(a, b)).toBeCloseTo(9031 / 71339, 12);
    expect(polygonIoU(b, a)).toBeCloseTo(9031 / 71339, 12);
  });

  it("retries with a tolerance where polyclip-ts's exact mode fails even on normalised regions", () => {
    // Found by a random search: the exact intersection of these two regions throws. By hand: A is the
    // triangle (0,2), (6,0), (3,6), area 15. B's ring crosses itself at X = (102/19, 66/19), where the
    // edge (6,3)–(2,6) meets (6,6)–(5,2); its lobes are the triangles X, (2,6), (6,6), area 96/19, and
    // X, (5,2), (6,3), area 21/38. A meets the first lobe in the triangle (3,6), (66/25, 138/25),
    // (18/5, 24/5), area 9/25, and touches the second only at (5,2), which lies on A's edge y = 12 − 2x.
    // IoU = (9/25) / (15 + 96/19 + 21/38 − 9/25) = 38/2137.
    const a = polygon([
      [0, 2],
      [6, 0],
      [3, 6],
    ]);
    const b = polygon([
      [6, 3],
      [2, 6],
      [6, 6],
      [5, 2],
    ]);
    expect(polygonIoU(a, b)).toBeCloseTo(38 / 2137, 12);
    expect(polygonIoU(b, a)).toBeCloseTo(38 / 2137, 12);
  });

  it("refuses malformed polygons with a one-line message", () => {
    expect(() =>
      polygonIoU(
        polygon([
          [0, 0],
          [1, 1],
        ]),
        unitSquare,
      ),
    ).toThrow("first polygon: a polygon needs at least 3 points (got 2)");
    expect(() =>
      polygonIoU(
        unitSquare,
        polygon([
          [0, 0],
          [1, Number.NaN],
          [1, 1],
        ]),
      ),
    ).toThrow("second polygon: point 1 is [1, NaN], expected [x, y] with finite numbers");
    expect(() => polygonIoU({ ...unitSquare, type: "circle" } as unknown as PolygonShape, unitSquare)).toThrow('first polygon: type is "circle", expected "polygon"');
  });

  it("agrees with the box formula on rectangles (property)", () => {
    fc.assert(
      fc.property(anyBox, anyBox, (a, b) => {
        expect(polygonIoU(boxToPolygon(a), boxToPolygon(b))).toBeCloseTo(boxIoU(a, b), 12);
      }),
      { numRuns: 200 },
    );
  });

  it("is symmetric and in [0, 1] for arbitrary, possibly self-crossing, quadrilaterals (property)", () => {
    const point = fc.tuple(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10 }));
    const quadrilateral = fc.array(point, { minLength: 4, maxLength: 4 }).map((points) => polygon(points));
    fc.assert(
      fc.property(quadrilateral, quadrilateral, (a, b) => {
        const iou = polygonIoU(a, b);
        expect(iou).toBeCloseTo(polygonIoU(b, a), 12);
        expect(iou).toBeGreaterThanOrEqual(0);
        expect(iou).toBeLessThanOrEqual(1);
      }),
      { numRuns: 100 },
    );
  });
});

describe("shapeIoU and boxToPolygon", () => {
  it("compares a box with a polygon through the box's corners", () => {
    const triangle = polygon([
      [0, 0],
      [2, 0],
      [0, 2],
    ]);
    expect(shapeIoU(corners(0, 0, 2, 2), triangle)).toBeCloseTo(0.5, 12);
    expect(shapeIoU(triangle, corners(0, 0, 2, 2))).toBeCloseTo(0.5, 12);
  });

  it("uses the closed form for two boxes", () => {
    expect(shapeIoU(corners(0, 0, 100, 100), corners(0, 0, 50, 50))).toBe(0.25);
  });

  it("turns a box into its four corners, keeping task, label and uncertainty", () => {
    expect(boxToPolygon({ task: "boxes", type: "bbox", label: "dent", x: 1, y: 2, width: 3, height: 4, uncertain: true })).toEqual({
      task: "boxes",
      type: "polygon",
      label: "dent",
      points: [
        [1, 2],
        [4, 2],
        [4, 6],
        [1, 6],
      ],
      uncertain: true,
    });
  });

  it("gives IoU 1, up to rounding, between a box and its polygon (property)", () => {
    fc.assert(
      fc.property(anyBox, (box) => {
        if (box.width * box.height > 0) expect(shapeIoU(box, boxToPolygon(box))).toBeCloseTo(1, 12);
      }),
      { numRuns: 200 },
    );
  });
});
