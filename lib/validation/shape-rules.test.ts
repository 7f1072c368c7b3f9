import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { boxProblem, polygonArea, polygonProblem, selfCrossing } from "./shape-rules";

type Point = [number, number];

/**
 * Whether a polygon is simple, the textbook way (Cormen et al., Introduction to Algorithms, 3rd ed., §33.1,
 * SEGMENTS-INTERSECT), written apart from the code under test: every pair of edges, no sweep, no pruning.
 * Exact for the small integer coordinates it is given here.
 */
function simpleByAllPairs(points: Point[]): boolean {
  const corners = points.filter((point, index) => {
    const next = points[(index + 1) % points.length]!;
    return point[0] !== next[0] || point[1] !== next[1];
  });
  const direction = (a: Point, b: Point, c: Point) => (c[0] - a[0]) * (b[1] - a[1]) - (b[0] - a[0]) * (c[1] - a[1]);
  const onSegment = (a: Point, b: Point, c: Point) => Math.min(a[0], b[0]) <= c[0] && c[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= c[1] && c[1] <= Math.max(a[1], b[1]);
  const intersect = (p1: Point, p2: Point, p3: Point, p4: Point) => {
    const [d1, d2, d3, d4] = [direction(p3, p4, p1), direction(p3, p4, p2), direction(p1, p2, p3), direction(p1, p2, p4)];
    if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
    return (d1 === 0 && onSegment(p3, p4, p1)) || (d2 === 0 && onSegment(p3, p4, p2)) || (d3 === 0 && onSegment(p1, p2, p3)) || (d4 === 0 && onSegment(p1, p2, p4));
  };
  const count = corners.length;
  for (let i = 0; i < count; i++) {
    for (let j = i + 1; j < count; j++) {
      const [a, b, c, d] = [corners[i]!, corners[(i + 1) % count]!, corners[j]!, corners[(j + 1) % count]!];
      if (j === i + 1 || (i === 0 && j === count - 1)) {
        // Neighbours share one point; they overlap when the far end of one lies on the other.
        const [shared, one, other] = j === i + 1 ? [b, a, d] : [a, b, c];
        const folds = direction(one, shared, other) === 0 && (onSegment(shared, one, other) || onSegment(shared, other, one));
        if (folds) return false;
      } else if (intersect(a, b, c, d)) return false;
    }
  }
  return true;
}

describe("shape rules", () => {
  it("measure a polygon's area with the shoelace formula, either winding", () => {
    expect(polygonArea([[0, 0], [4, 0], [0, 3]])).toBe(6);
    expect(polygonArea([[0, 0], [0, 3], [4, 0]])).toBe(6);
    // An L: a 4 × 4 square less its 2 × 2 top-right quarter.
    expect(polygonArea([[0, 0], [2, 0], [2, 2], [4, 2], [4, 4], [0, 4]])).toBe(12);
  });

  it("find where a bow-tie, a closing edge and a pinched outline cross or touch, as edges of the points as given", () => {
    expect(selfCrossing([[0, 0], [10, 10], [10, 0], [0, 10]])).toEqual({ edges: [[0, 1], [2, 3]], at: [5, 5] });
    expect(selfCrossing([[0, 0], [10, 0], [0, 10], [10, 10]])).toEqual({ edges: [[1, 2], [3, 0]], at: [5, 5] });
    expect(selfCrossing([[0, 0], [10, 0], [5, 5], [10, 10], [0, 10], [5, 5]])?.at).toEqual([5, 5]);
    // A spike that runs back along its own edge.
    expect(selfCrossing([[0, 0], [10, 0], [5, 0], [5, 5]])).not.toBeNull();
  });

  it("find nothing in a concave but simple outline, or one with a point repeated in place", () => {
    expect(selfCrossing([[0, 0], [2, 0], [2, 2], [4, 2], [4, 4], [0, 4]])).toBeNull();
    expect(selfCrossing([[0, 0], [4, 0], [4, 0], [4, 3], [0, 0]])).toBeNull();
  });

  it("agree with an all-pairs check on random polygons with many shared lines and points", () => {
    const point = fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }));
    fc.assert(
      fc.property(fc.array(point, { minLength: 3, maxLength: 9 }), (points) => {
        fc.pre(new Set(points.map(String)).size >= 3);
        expect(selfCrossing(points) === null).toBe(simpleByAllPairs(points));
      }),
      { numRuns: 3000, seed: 17 },
    );
  });

  it("say what is wrong with a box and a polygon, with the numbers, or nothing when they are fine", () => {
    expect(boxProblem({ width: 1, height: 1 })).toBeNull();
    expect(boxProblem({ width: 0.5, height: 123.456 })).toBe("is 0.5 × 123.46 px; a box must be at least 1 px wide and 1 px high: draw it larger, or delete it");
    expect(polygonProblem([[0, 0], [3, 0], [3, 0]])).toBe("has 2 distinct points; a polygon needs at least 3: add points, or delete it");
    expect(polygonProblem([[0, 0], [10, 0], [20, 1e-12]])).toBe("has all its points on one line, so it encloses no area: move a point off the line, or delete it");
    expect(polygonProblem([[0, 0], [10, 0], [10, 10], [0, 10]])).toBeNull();
  });
});
