import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { shapeAnnotationDistance } from "./distance";
import { corners, gridBox, span } from "./test-shapes";

describe("shapeAnnotationDistance", () => {
  it("is 1 − F1 of the matching", () => {
    // Three reference boxes, two of them drawn by the other labeler: F1 = 2·2 / (3 + 2) = 4/5.
    const reference = [corners(0, 0, 10, 10), corners(20, 0, 30, 10), corners(40, 0, 50, 10)];
    const candidate = [corners(1, 0, 11, 10), corners(20, 0, 30, 10)];
    expect(shapeAnnotationDistance(reference, candidate)).toBeCloseTo(1 / 5, 15);
  });

  it("is 0 between identical annotations, empty ones included, and 1 when one side is empty", () => {
    expect(shapeAnnotationDistance([], [])).toBe(0);
    expect(shapeAnnotationDistance([span(0, 1)], [])).toBe(1);
    expect(shapeAnnotationDistance([], [span(0, 1)])).toBe(1);
  });

  it("passes the matching options on", () => {
    // [0, 2] against [0, 1] has IoU 1/2: a match at the default threshold, none at 0.75.
    expect(shapeAnnotationDistance([span(0, 2)], [span(0, 1)])).toBe(0);
    expect(shapeAnnotationDistance([span(0, 2)], [span(0, 1)], { iouThreshold: 0.75 })).toBe(1);
    expect(shapeAnnotationDistance([span(0, 2, "car")], [span(0, 2, "bus")], { classAware: true })).toBe(1);
  });

  it("is symmetric, in [0, 1], and 0 from an annotation to itself (property)", () => {
    const annotation = fc.array(gridBox, { maxLength: 6 });
    fc.assert(
      fc.property(annotation, annotation, (a, b) => {
        const distance = shapeAnnotationDistance(a, b);
        expect(distance).toBe(shapeAnnotationDistance(b, a));
        expect(distance).toBeGreaterThanOrEqual(0);
        expect(distance).toBeLessThanOrEqual(1);
        expect(shapeAnnotationDistance(a, a)).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});
